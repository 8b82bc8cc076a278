"""Strict, line-aware YAML loading.

PyYAML's safe loader keeps the last of two equal keys without a word and forgets where each
value came from. Data errors must name a file and a line, so this loader records the line of
every mapping key and list item, refuses duplicate keys, and refuses aliases: data files have
no need for them, and refusing them removes the "billion laughs" expansion attack.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, SequenceNode
from yaml.resolver import Resolver

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

    class _Parser(Reader, Scanner, Parser):
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
            raise yaml.MarkedYAMLError(
                problem=f"YAML aliases (*{event.anchor}) are not allowed in data files",
                problem_mark=event.start_mark,
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
_LineConstructor.add_constructor("tag:yaml.org,2002:map", _LineConstructor.construct_mapping)
_LineConstructor.add_constructor("tag:yaml.org,2002:seq", _LineConstructor.construct_sequence)


def load_yaml(path: Path, shown_as: str) -> tuple[object, LoadError | None]:
    """Parse one file. Return (data, None) or (None, error); never raise for bad content."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, LoadError(shown_as, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, LoadError(shown_as, line, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
    try:
        try:
            return yaml.load(text, Loader=_LOADERS[0]), None
        except _AliasFound:
            return yaml.load(text, Loader=_LOADERS[1]), None  # raises, with the alias's line
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        context = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context = f" ({exc.context} started at line {exc.context_mark.line + 1})"
        return None, LoadError(shown_as, line, f"YAML: {exc.problem or exc.context}{context}")
    except yaml.YAMLError as exc:
        return None, LoadError(shown_as, 1, f"YAML: {exc}")
