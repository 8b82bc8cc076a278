"""The kinds of entry as the model knows them: read from each kind's schema, never from its code.

A kind is a folder, `ptref/kinds/<key>/`; its `schema.json` says what an entry holds and, in an
`x-kind` block, how the kind is named and shown:

    "x-kind": {"singular": "red flag", "plural": "Red flags", "url_dir": "red-flags",
               "intro": "...", "order": 30, "name": ["{name}"], "tag_fields": ["urgency"],
               "field_words": {"category": "cause"}, "group_by": "urgency", "index_note": "action",
               "has_pages": true, "required_ids": [...], "derived": {"status": {JSON Schema}}}

The words of a choice are written once, beside the value, where the schema allows it:
`"oneOf": [{"const": "emergency", "title": "Emergency"}, ...]`, in display order (for urgency
also the order of urgency). The editor schemas show them as a contributor types. A value written
without a title is allowed by the schema but cannot be shown; `unlabelled` finds entries that use
one, and the check reports them (ptref/model/validate.py).

This module reads files only: it imports no kind and no engine. A derived field (a prediction
rule's status) is worked out by its kind's code, which the assembly (ptref/site.py) registers
here with `register_derived`.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ptref/kinds/: one folder per kind, plus the schemas the kinds share (common.schema.json).
KINDS_DIR = Path(__file__).resolve().parent.parent / "kinds"
PREFIX = "urn:ptref:"
# The kind every other kind cites. Pages list links into it apart, as their sources.
SOURCES = "references"

_derivers: dict[tuple[str, str], Callable[[dict], object]] = {}


@dataclass(frozen=True)
class Kind:
    key: str  # the data file (data/<key>.yml), the folder (ptref/kinds/<key>/), the export key
    singular: str  # "red flag"
    plural: str  # "Red flags": the index page's title and the kind's tag
    url_dir: str  # pages live at <url_dir>/<id>.html
    intro: str  # one line under the index page's title
    order: int  # position in menus, counts and the export
    # The name a reader sees: the first template whose fields the entry has ("{code} {title}").
    name: tuple[str, ...] = ("{name}",)
    # Choice fields shown as words: field path (list steps left out: "evidence.step") ->
    # value -> words, in display order. Only values with a title.
    labels: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)
    # Every value each choice field allows, titled or not.
    choices: Mapping[str, tuple[object, ...]] = field(default_factory=dict)
    tag_fields: tuple[str, ...] = ()  # choice fields (or lists of choices) that become page tags
    field_words: Mapping[str, str] = field(default_factory=dict)  # a field as the tags pages name it
    group_by: str | None = None  # choice field that groups the index page
    index_note: str | None = None  # text field shown after each link on the index page
    has_pages: bool = True  # False: data used by other pages (notices), no page of its own
    required_ids: tuple[str, ...] = ()  # entries the renderers name by id: the check fails without them
    # Fields worked out from an entry's data, not stored: field -> its JSON Schema (in the export).
    derived: Mapping[str, dict] = field(default_factory=dict)

    @property
    def schema_path(self) -> Path:
        return KINDS_DIR / self.key / "schema.json"

    def label(self, field: str, value) -> str:
        return self.labels[field][value]

    def value(self, field: str, data: dict):
        """A choice field's value, stored or derived; None when the entry has neither."""
        if field in self.derived:
            return derive(self.key, field, data)
        return data.get(field)

    def display_name(self, data: dict) -> str:
        for template in self.name:
            names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
            if all(data.get(f) for f in names):
                return template.format(**{f: data[f] for f in names})
        return self.name[-1].format(**data)  # the last template's field is required by the schema


def register_derived(kind: str, field: str, compute: Callable[[dict], object]) -> None:
    _derivers[(kind, field)] = compute


def derive(kind: str, field: str, data: dict):
    try:
        compute = _derivers[(kind, field)]
    except KeyError:
        raise LookupError(
            f"{kind}.{field} is derived by ptref/kinds/{kind}/ and registered by ptref.site: import ptref.site first"
        ) from None
    return compute(data)


def shared_schemas() -> dict[str, dict]:
    """The schemas the kinds share (ptref/kinds/<name>.schema.json), by name."""
    return {
        p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(KINDS_DIR.glob("*.schema.json"))
    }


def kind_schemas() -> dict[str, dict]:
    """Each kind's schema (ptref/kinds/<key>/schema.json), by key."""
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(KINDS_DIR.glob("*/schema.json"))}


def _choices(
    node: dict, shared: Mapping[str, dict], path: str = "", root: dict | None = None
) -> Iterator[tuple[str, dict]]:
    """(field path, schema node) of every choice field: a `oneOf` of consts, or a mapping whose
    fields all carry a title (a code's evaluation components). The keys of a mapping whose
    `propertyNames` is a `oneOf` of consts are a choice too, at the path `<mapping>.*`."""
    root = node if root is None else root
    node = _resolved(node, shared, root)
    if "oneOf" in node and all("const" in branch for branch in node["oneOf"]):
        yield path, node
        return
    properties = node.get("properties", {})
    if path and properties and all("title" in sub for sub in properties.values()):
        yield path, node
        return
    keys = _resolved(node.get("propertyNames", {}), shared, root)
    if "oneOf" in keys and all("const" in branch for branch in keys["oneOf"]):
        yield f"{path}.*", keys
    for name, sub in properties.items():
        yield from _choices(sub, shared, f"{path}.{name}" if path else name, root)
    if isinstance(node.get("items"), dict):
        yield from _choices(node["items"], shared, path, root)


def _resolved(node: dict, shared: Mapping[str, dict], root: dict | None = None) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/") and root is not None:  # a definition in the kind's own schema
        local: dict = root
        for part in filter(None, ref[2:].split("/")):
            local = local.get(part, {})
        if local:  # a shared schema's own definitions are not followed
            return _resolved({**local, **{k: v for k, v in node.items() if k != "$ref"}}, shared, root)
        return node
    if not ref.startswith(PREFIX):
        return node
    uri, _, pointer = ref.partition("#")
    target = shared.get(uri.removeprefix(PREFIX))
    if target is None:  # a reference to another kind's schema: not a choice
        return node
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return _resolved({**target, **{k: v for k, v in node.items() if k != "$ref"}}, shared, root)


def _words(node: dict) -> tuple[dict, tuple]:
    if "oneOf" in node:
        branches = node["oneOf"]
        return {b["const"]: b["title"] for b in branches if "title" in b}, tuple(b["const"] for b in branches)
    properties = node["properties"]
    return {name: sub["title"] for name, sub in properties.items()}, tuple(properties)


def _kind(key: str, schema: dict, shared: Mapping[str, dict]) -> Kind:
    declared = schema.get("x-kind")
    if declared is None:
        raise ValueError(f"ptref/kinds/{key}/schema.json has no x-kind block (singular, plural, url_dir, intro, order)")
    labels: dict[str, Mapping[Any, str]] = {}
    choices: dict[str, tuple] = {}
    for path, node in _choices(schema, shared):
        labels[path], choices[path] = _words(node)
    for name, sub in declared.get("derived", {}).items():
        if "oneOf" in sub:
            labels[name], choices[name] = _words(sub)
    kind = Kind(
        key=key,
        singular=declared["singular"],
        plural=declared["plural"],
        url_dir=declared["url_dir"],
        intro=declared["intro"],
        order=declared["order"],
        name=tuple(declared.get("name", ["{name}"])),
        labels=labels,
        choices=choices,
        tag_fields=tuple(declared.get("tag_fields", ())),
        field_words=declared.get("field_words", {}),
        group_by=declared.get("group_by"),
        index_note=declared.get("index_note"),
        has_pages=declared.get("has_pages", True),
        required_ids=tuple(declared.get("required_ids", ())),
        derived=declared.get("derived", {}),
    )
    unlabelled = [f for f in (*kind.tag_fields, kind.group_by) if f is not None and f not in kind.choices]
    if unlabelled:
        raise ValueError(
            f"ptref/kinds/{key}/schema.json: {', '.join(unlabelled)} (tag_fields, group_by) must be a choice "
            'with words: "oneOf": [{"const": ..., "title": ...}]'
        )
    return kind


def discover() -> dict[str, Kind]:
    """Every kind folder with a schema.json, in each kind's `order`."""
    shared = shared_schemas()
    found = [_kind(key, schema, shared) for key, schema in kind_schemas().items()]
    return {k.key: k for k in sorted(found, key=lambda k: (k.order, k.key))}


KINDS: dict[str, Kind] = discover()
PAGED: dict[str, Kind] = {k: v for k, v in KINDS.items() if v.has_pages}


def label_table(kind: str, field: str) -> Mapping[Any, str]:
    """The words for a choice field of a kind, in display order."""
    return KINDS[kind].labels[field]


def display_name(kind: str, data: dict) -> str:
    """The name a reader sees for an entry, in lists and page titles."""
    return KINDS[kind].display_name(data)


def unlabelled(kind: str, data: dict) -> Iterator[tuple[str, object]]:
    """(field path as errors show it, value) for each choice value this entry uses that has no
    words: the schema allows it, but no page could show it."""
    info = KINDS[kind]
    for path, allowed in info.choices.items():
        words = info.labels[path]
        if len(words) == len(allowed) or path in info.derived:
            continue
        for shown, value in _values(data, path.split("."), ""):
            if value not in words and value in allowed:
                yield shown, value


def _values(node, steps: list[str], shown: str) -> Iterator[tuple[str, object]]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _values(item, steps, f"{shown}[{i}]")
        return
    if not steps:
        yield shown, node
        return
    if steps == ["*"] and isinstance(node, dict):  # the keys of a mapping
        for key in node:
            yield f"{shown}.{key}", key
        return
    if isinstance(node, dict) and steps[0] in node:
        yield from _values(node[steps[0]], steps[1:], f"{shown}.{steps[0]}" if shown else steps[0])
