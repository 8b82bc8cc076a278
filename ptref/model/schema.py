"""JSON Schemas per kind, and the relations they declare.

A relation is a string field marked `"x-ref": "<kind>"` in a schema. It is stored on one side
only; `Relation.reverse_label` names the list that the other side shows, derived at load time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from .kinds import KINDS, KINDS_DIR, PREFIX, kind_schemas, shared_schemas


@dataclass(frozen=True)
class Relation:
    source_kind: str
    path: tuple[str, ...]  # field names; "[]" steps into list items
    target_kind: str
    label: str
    reverse_label: str
    # False for links that only study items use (a vignette's wrong choices, a mimic): checked like
    # any other link, but no page lists them on either end (schema `"x-shown": false`).
    shown: bool = True

    @property
    def field(self) -> str:
        return ".".join(p for p in self.path if p != "[]")

    def targets(self, entry: dict) -> list[tuple[str, str]]:
        """(field path as shown in errors, target id) for each id this entry stores, in order."""
        # One level of the path at a time, not a generator per value: the 100x check walks
        # every relation of 30,000 entries.
        found: list[tuple[object, str]] = [(entry, "")]
        for step in self.path:
            if step == "[]":
                found = [
                    (item, f"{shown}[{i}]")
                    for value, shown in found
                    if isinstance(value, list)
                    for i, item in enumerate(value)
                ]
            else:
                found = [
                    (value[step], f"{shown}.{step}" if shown else step)
                    for value, shown in found
                    if isinstance(value, dict) and step in value
                ]
            if not found:
                return []
        return [(shown, value) for value, shown in found if isinstance(value, str)]

    def ids(self, entry: dict) -> list[str]:
        """The target ids of `targets`, in the same order, without their paths (no text is built:
        the check of every link and the knowledge base walk every relation of every entry)."""
        found: list = [entry]
        for step in self.path:
            if step == "[]":
                found = [item for value in found if isinstance(value, list) for item in value]
            else:
                found = [value[step] for value in found if isinstance(value, dict) and step in value]
            if not found:
                return found
        return [value for value in found if isinstance(value, str)]

    def links(self, entry: dict) -> list[tuple[str, dict | None]]:
        """(target id, the mapping holding the id's field when it is not the entry itself, e.g.
        the item of `key_findings[2].assessment`) for each id `targets` gives, in the same order."""
        found: list[tuple[object, dict | None]] = [(entry, None)]
        for step in self.path:
            if step == "[]":
                found = [(item, holder) for value, holder in found if isinstance(value, list) for item in value]
            else:
                found = [
                    (value[step], None if value is entry else value)
                    for value, _ in found
                    if isinstance(value, dict) and step in value
                ]
            if not found:
                return []
        return [(value, holder) for value, holder in found if isinstance(value, str)]


@cache
def raw_schemas() -> dict[str, dict]:
    """Every schema file, keyed by kind (ptref/kinds/<kind>/schema.json) or by the name of a shared
    schema without `.schema.json` (ptref/kinds/common.schema.json)."""
    return dict(sorted({**shared_schemas(), **kind_schemas()}.items()))


@cache
def registry():
    from referencing import Registry, Resource  # with jsonschema: imported only when needed

    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in raw_schemas().values()
    )


@cache
def validator(kind: str):
    """The reference validator (jsonschema) for the draft the schema declares: slower, and
    reports every error with its path."""
    from jsonschema.validators import validator_for

    schema = raw_schemas()[kind]
    return validator_for(schema)(schema, registry=registry())


@cache
def fast_check(kind: str):
    """A compiled validator (fastjsonschema) for the common case of a valid entry.

    It answers only valid or not; entries it rejects go to `validator` for the full list of
    errors. The schema is given with every $ref inlined, and keeps the draft it declares
    (draft-07, the newest fastjsonschema compiles), so both validators read it alike.
    """
    import fastjsonschema

    return fastjsonschema.compile(inline_refs(raw_schemas()[kind], PREFIX + kind))


EDITOR_DIR = KINDS_DIR / "editor"


def editor_schema(kind: str) -> dict:
    """A self-contained schema for a whole data file (a list of entries), for editors: every
    $ref inlined, so an editor that knows nothing of urn:ptref: ids can still check and explain
    each field. Written to EDITOR_DIR by `ptref editor-schemas`; a test keeps them current."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"data/{kind}.yml: a list of {KINDS[kind].plural.lower()}",
        "type": "array",
        "items": inline_refs(raw_schemas()[kind], PREFIX + kind),
    }


def editor_schema_text(kind: str) -> str:
    return json.dumps(editor_schema(kind), indent=2, ensure_ascii=False) + "\n"


def inline_refs(node, base: str):
    """A copy of a schema with every $ref replaced by its target (the schemas are not recursive)."""
    if isinstance(node, list):
        return [inline_refs(item, base) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target, target_base = _resolve(node, base)
        return inline_refs(target, target_base)
    return {key: inline_refs(value, base) for key, value in node.items() if key not in ("$defs", "$id", "x-kind")}


def _resolve(node: dict, base: str) -> tuple[dict, str]:
    ref = node.get("$ref")
    if not ref:
        return node, base
    uri, _, pointer = ref.partition("#")
    uri = uri or base
    target = raw_schemas()[uri.removeprefix(PREFIX)]
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return _resolve({**target, **{k: v for k, v in node.items() if k != "$ref"}}, uri)


def _find_refs(node: dict, base: str, path: tuple[str, ...], labels: dict):
    node, base = _resolve(node, base)
    labels = {
        "label": node.get("x-label", labels.get("label")),
        "reverse": node.get("x-reverse", labels.get("reverse")),
        "shown": node.get("x-shown", labels.get("shown", True)),
    }
    if "x-ref" in node:
        yield path, node["x-ref"], labels
    for name, sub in node.get("properties", {}).items():
        # A list of mappings carries the labels for the id field inside each mapping.
        yield from _find_refs(sub, base, path + (name,), labels)
    if isinstance(node.get("items"), dict):
        yield from _find_refs(node["items"], base, path + ("[]",), labels)


@cache
def relations() -> tuple[Relation, ...]:
    """All relations declared by the kind schemas, in schema order."""
    found = []
    for kind in KINDS:
        for path, target, labels in _find_refs(raw_schemas()[kind], PREFIX + kind, (), {}):
            if target not in KINDS:
                raise ValueError(f"schema {kind}: x-ref to unknown kind {target!r}")
            label = labels["label"] or path[-1].replace("_", " ").capitalize()
            reverse = labels["reverse"] or KINDS[kind].plural
            found.append(Relation(kind, path, target, label, reverse, labels["shown"]))
    return tuple(found)


def field_docs(kind: str) -> list[dict]:
    """Top-level fields of a kind, for the contributor docs: name, required, type, description."""
    schema = raw_schemas()[kind]
    required = set(schema.get("required", []))
    rows = []
    for name, sub in schema["properties"].items():
        resolved, base = _resolve(sub, PREFIX + kind)
        rows.append(
            {
                "name": name,
                "required": name in required,
                "type": _type_words(resolved, base),
                "description": resolved.get("description", ""),
            }
        )
    return rows


def _type_words(node: dict, base: str) -> str:
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "oneOf" in node and all("const" in branch for branch in node["oneOf"]):
        return "one of " + ", ".join(f"`{branch['const']}`" for branch in node["oneOf"])
    if "x-ref" in node:
        return f"id of a {KINDS[node['x-ref']].singular}"
    kind = node.get("type", "object")
    if kind == "array":
        items, base = _resolve(node.get("items", {}), base)
        return "list of " + _type_words(items, base)
    if kind == "object":
        names = ", ".join(f"`{n}`" for n in node.get("properties", {}))
        return f"mapping ({names})" if names else "mapping"
    return {"string": "text", "integer": "whole number", "boolean": "true or false"}.get(kind, kind)
