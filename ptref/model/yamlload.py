"""Strict YAML loading, with the line of every value when an error needs it.

PyYAML's safe loader keeps the last of two equal keys without a word and forgets where each
value came from. This module refuses duplicate keys, and refuses aliases: data files have no
need for them, and refusing them removes the "billion laughs" expansion attack. Data errors
must name a file and a line, so `parse(..., lines=True)` records the line of every mapping key
and list item (LineDict, LineList).

Two ways to the same values: `parse(text)` builds plain dicts and lists straight from libyaml's
nodes, the fast path for the common case of a valid file; anything unusual there (a duplicate
key, an alias, an explicit tag) sends the file through the careful line-aware loader, which
gives the error and its line. Both use the same resolver, so a value never reads differently
on the two paths; validate.Source asks for the lines only when an error has to be located.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from . import cache

MAX_FILE_BYTES = 2_000_000  # a data file ten times the largest we expect; larger is a mistake


class LineDict(dict):
    """A dict that remembers the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A list that remembers the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list


@dataclass(frozen=True)
class LoadError:
    file: str
    line: int
    message: str


try:  # libyaml: C scanner and parser, and a C composer for the fast path
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True

    def _init_parser(loader, stream):
        _Parser.__init__(loader, stream)
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    HAVE_LIBYAML = False
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]  # the pure-Python stand-in
        pass

    def _init_parser(loader, stream):
        Reader.__init__(loader, stream)
        Scanner.__init__(loader)
        Parser.__init__(loader)


class _AliasFound(Exception):
    """Raised by the fast loader; the careful loader then says where the alias stands."""


class _LineConstructor(SafeConstructor):
    """Builds LineDict / LineList and refuses duplicate keys."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                raise yaml.MarkedYAMLError(
                    problem="a mapping key must be plain text, not a list or mapping", problem_mark=key_node.start_mark
                ) from None
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r} (first at line {result.key_lines[key]})",
                    problem_mark=key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


class _StrictLoader(Composer, _Parser, _LineConstructor, Resolver):
    """Events from the parser, composition in Python: slower, but says where an alias stands."""

    def __init__(self, stream):
        _init_parser(self, stream)
        Composer.__init__(self)
        _LineConstructor.__init__(self)
        Resolver.__init__(self)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            assert isinstance(event, yaml.AliasEvent)
            raise yaml.MarkedYAMLError(
                problem=f"YAML aliases (*{event.anchor}) are not allowed in data files",
                problem_mark=event.start_mark,  # type: ignore[arg-type]  # libyaml's Mark reads the same
            )
        return super().compose_node(parent, index)


class _FastLoader(_Parser, _LineConstructor, Resolver):
    """All of scanning, parsing and composing in C; an alias shows as a node built twice."""

    def __init__(self, stream):
        _init_parser(self, stream)
        _LineConstructor.__init__(self)
        Resolver.__init__(self)

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasFound()
        return super().construct_object(node, deep)


# Dates stay strings: a "last_reviewed: 2026-11-27" is shown and exported as written.
_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_LOADERS = (_FastLoader, _StrictLoader) if HAVE_LIBYAML else (_StrictLoader, _StrictLoader)
for _loader in _LOADERS:
    _loader.yaml_implicit_resolvers = _RESOLVERS
# (PyYAML's stubs type add_constructor for their own loader classes only.)
_LineConstructor.add_constructor("tag:yaml.org,2002:map", _LineConstructor.construct_mapping)  # type: ignore[type-var]
_LineConstructor.add_constructor("tag:yaml.org,2002:seq", _LineConstructor.construct_sequence)  # type: ignore[type-var]


class _NeedsCarefulLoader(Exception):
    """The fast path met something only the careful loader judges (and locates)."""


_STR, _MAP, _SEQ = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _NodeLoader(_Parser, SafeConstructor, Resolver):
    """libyaml scans, parses and composes; plain values are built from its nodes below."""

    def __init__(self, stream):
        _init_parser(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


_NodeLoader.yaml_implicit_resolvers = _RESOLVERS


def _plain(text: str):
    """Plain dicts, lists and scalars; raises _NeedsCarefulLoader for anything unusual."""
    loader = _NodeLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is None:
        return None
    seen = set()  # libyaml hands an alias over as the same node object a second time
    make_scalar = loader.yaml_constructors

    def build(node):
        if id(node) in seen:
            raise _NeedsCarefulLoader
        seen.add(id(node))
        kind, tag = node.__class__, node.tag
        if kind is ScalarNode:
            if tag == _STR:
                return node.value
            if tag not in make_scalar:
                raise _NeedsCarefulLoader
            return make_scalar[tag](loader, node)
        if kind is MappingNode and tag == _MAP:
            try:
                result = {build(key): build(value) for key, value in node.value}
            except TypeError:  # an unhashable key
                raise _NeedsCarefulLoader from None
            if len(result) != len(node.value):  # a duplicate key
                raise _NeedsCarefulLoader
            return result
        if kind is SequenceNode and tag == _SEQ:
            return [build(child) for child in node.value]
        raise _NeedsCarefulLoader

    return build(root)


# Parsed files, kept by the hash of their text: an unchanged file is read back with marshal
# (C, several times faster than building it from libyaml's nodes) instead of parsed again. Only
# what _plain returned is kept, so a file that needs the careful loader is never cached; the
# key names the Python version (marshal's format) and PARSED_FORMAT (this module's output).
PARSED_FORMAT = 1
KEEP_DAYS = 30  # parsed files not written for this long are removed when another is written


_last_digest: tuple[str, bytes] = ("", b"")


def text_digest(text: str) -> bytes:
    """sha256 of a file's text, the key of its cache entries; the last one is kept, as the
    parse cache and then the schema cache (schema_cache.py) ask for the same file's in turn
    (hashing the 100x data twice took 0.2 s)."""
    global _last_digest
    if _last_digest[0] is not text:
        _last_digest = (text, hashlib.sha256(text.encode()).digest())
    return _last_digest[1]


def _remember_digest(text: str, raw: bytes) -> None:
    """text_digest(text) from the bytes it was decoded from (UTF-8 decodes and encodes back exactly)."""
    global _last_digest
    _last_digest = (text, hashlib.sha256(raw).digest())


def _plain_cached(text: str):
    if not cache.enabled():
        return _plain(text)
    key = hashlib.sha256(f"{PARSED_FORMAT}\0{sys.version}\0".encode() + text_digest(text)).hexdigest()
    folder = cache.cache_dir() / "parsed-yaml"
    path = folder / key
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = _plain(text)
    try:
        packed = marshal.dumps(value)
    except ValueError:  # a value marshal cannot hold (an explicit !!timestamp): not cached
        return value
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}"
        partial.write_bytes(packed)
        partial.replace(path)  # atomic: a reader sees the whole file or none
        _prune(folder)
    except OSError:
        pass  # a read-only home: parse every time, as without a cache
    return value


def _with_lines(text: str):
    try:
        return yaml.load(text, Loader=_LOADERS[0])  # type: ignore[arg-type]  # our own loader classes
    except _AliasFound:
        return yaml.load(text, Loader=_LOADERS[1])  # type: ignore[arg-type]  # raises, with the alias's line


def _with_lines_cached(text: str):
    """The line-aware parse (what an error or a warning needs to name its line), kept like the
    plain one, as nested tuples that marshal holds: ("d", line, [(key, key line, value)...]) for
    a LineDict, ("l", line, [(item line, item)...]) for a LineList. A file whose values are
    anything else (an explicit tag) is parsed every time; a file with an error raises before
    anything is kept."""
    if not cache.enabled():
        return _with_lines(text)
    key = hashlib.sha256(f"{PARSED_FORMAT}\0lines\0{sys.version}\0".encode() + text_digest(text)).hexdigest()
    folder = cache.cache_dir() / "parsed-yaml"
    path = folder / key
    try:
        return _unpack(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError):
        pass
    value = _with_lines(text)
    try:
        packed = marshal.dumps(_pack(value))
    except (ValueError, TypeError):  # a value marshal or _pack cannot hold: not cached
        return value
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}"
        partial.write_bytes(packed)
        partial.replace(path)
    except OSError:
        pass
    return value


_SCALARS = (str, int, float, bool, type(None))


def _pack(node):
    if type(node) is LineDict:
        return ("d", node.line, [(k, node.key_lines[k], _pack(v)) for k, v in node.items()])
    if type(node) is LineList:
        return ("l", node.line, [(line, _pack(v)) for line, v in zip(node.item_lines, node, strict=True)])
    if type(node) in _SCALARS:
        return node
    raise TypeError(f"not kept in the cache: {type(node).__name__}")


def _unpack(packed):
    if type(packed) is not tuple:
        return packed
    tag, line, children = packed
    if tag == "d":
        mapping = LineDict()
        mapping.line, mapping.key_lines = line, {}
        for k, key_line, v in children:
            mapping[k] = _unpack(v)
            mapping.key_lines[k] = key_line
        return mapping
    if tag == "l":
        items = LineList(_unpack(v) for _, v in children)
        items.line, items.item_lines = line, [item_line for item_line, _ in children]
        return items
    raise ValueError(tag)


def _prune(folder: Path) -> None:
    old = time.time() - KEEP_DAYS * 86400
    for entry in os.scandir(folder):
        try:
            if entry.stat().st_mtime < old:
                os.unlink(entry.path)
        except OSError:
            pass


def read_text(path: Path, shown_as: str) -> tuple[str | None, LoadError | None]:
    """A data file's text, refusing files too large to be data or not in UTF-8."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, LoadError(shown_as, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, LoadError(shown_as, line, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
    if cache.enabled():  # the caches will ask for its hash: hashing the bytes read saves encoding the text again
        _remember_digest(text, raw)
    return text, None


def parse(text: str, shown_as: str, lines: bool = False) -> tuple[object, LoadError | None]:
    """Parse a document. Return (data, None) or (None, error); never raise for bad content.

    lines=True gives LineDict/LineList (slower); otherwise plain dicts and lists, unless the
    file needed the careful loader, whose line-aware values are dicts and lists too.
    """
    try:
        if not lines and HAVE_LIBYAML:
            try:
                return _plain_cached(text), None
            except _NeedsCarefulLoader:
                pass
        return (_with_lines_cached(text) if lines else _with_lines(text)), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        context = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context = f" ({exc.context} started at line {exc.context_mark.line + 1})"
        problem = exc.problem or exc.context or ""
        plain = _in_plain_words(problem)
        message = f"{plain} (YAML: {problem}{context})" if plain else f"YAML: {problem}{context}"
        return None, LoadError(shown_as, line, message)
    except yaml.YAMLError as exc:
        return None, LoadError(shown_as, 1, f"YAML: {exc}")


# What a YAML parser's message usually means in a data file, for someone who is not a programmer.
_PLAIN_WORDS = {
    "mapping values are not allowed": "text containing ': ' must be in double quotes",
    "found character '\\t'": "indent with spaces, not tabs",
    "could not find expected ':'": "a line is missing its 'field:' name, or a quoted text is not closed",
    "found unexpected end of stream": "a quoted text is not closed",
    "did not find expected key": "the indentation is off, or a list item ('- ') is not lined up",
}


def _in_plain_words(problem: str) -> str:
    return next((words for start, words in _PLAIN_WORDS.items() if problem.startswith(start)), "")


def load_yaml(path: Path, shown_as: str, lines: bool = True) -> tuple[object, LoadError | None]:
    """Read and parse one file (see read_text and parse)."""
    text, problem = read_text(path, shown_as)
    if text is None:
        return None, problem
    return parse(text, shown_as, lines=lines)
