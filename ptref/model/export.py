"""The open-data export: the whole knowledge base as one JSON document, with its schema.

Clinics import this into their own templates, so its shape is a promise: top-level keys per
kind, objects with their data fields, relations as ids, plus two derived fields:
`reportable` on codes and `referenced_by` (the reverse relations) on every object.
"""

from __future__ import annotations

import copy
import json

from . import icd
from .kb import KnowledgeBase
from .kinds import KINDS
from .schema import raw_schemas

FORMAT_VERSION = 2  # 2 (2026-12-02): references may give "accessed" instead of "year"; see CHANGELOG.md


def export(kb: KnowledgeBase) -> dict:
    doc = {"format_version": FORMAT_VERSION, "icd10cm_release": icd.RELEASE}
    for kind in KINDS:
        doc[kind] = [_entry_json(kb, entry) for entry in sorted(kb.entries[kind].values(), key=lambda e: e.id)]
    return doc


def _entry_json(kb: KnowledgeBase, entry) -> dict:
    obj = json.loads(json.dumps(entry.data))  # plain dicts and lists, no line bookkeeping
    if entry.kind == "codes":
        obj["reportable"] = icd.is_reportable(obj["code"]) if obj["system"] == "icd10cm" else True
    referenced_by: dict[str, list[str]] = {}
    for links in kb.links_to(entry).values():
        for link in links:
            ids = referenced_by.setdefault(link.source.kind, [])
            if link.source.id not in ids:
                ids.append(link.source.id)
    obj["referenced_by"] = {k: sorted(v) for k, v in sorted(referenced_by.items())}
    return obj


def export_schema() -> dict:
    """One self-contained JSON Schema (2020-12) for the export, built from the kind schemas."""
    defs = {}
    for name, schema in raw_schemas().items():
        schema = copy.deepcopy(schema)
        if name in KINDS:
            schema["properties"]["referenced_by"] = {
                "description": "Derived: ids of the entries that point at this one, by kind.",
                "type": "object",
                "additionalProperties": False,
                "properties": {k: {"type": "array", "items": {"type": "string"}} for k in KINDS},
            }
            schema["required"].append("referenced_by")
        if name == "codes":
            schema["properties"]["reportable"] = {
                "description": "Derived: can be reported as is (ICD-10-CM: a leaf of the official tabular list).",
                "type": "boolean",
            }
            schema["required"].append("reportable")
        defs[name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:ptref:knowledge-base",
        "title": "Thoracic PT reference: knowledge base export",
        "type": "object",
        "additionalProperties": False,
        "required": ["format_version", "icd10cm_release", *KINDS],
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "icd10cm_release": {"type": "string"},
            **{kind: {"type": "array", "items": {"$ref": f"urn:ptref:{kind}"}} for kind in KINDS},
        },
        "$defs": defs,
    }


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"
