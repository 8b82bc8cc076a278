"""The open-data export: the whole knowledge base as one JSON document, with its schema.

Clinics import this into their own templates, so its shape is a promise: top-level keys per
kind, objects with their data fields, relations as ids, plus derived fields: `referenced_by`
(the reverse relations) on every object, and those a kind declares (`reportable` on codes).
"""

from __future__ import annotations

import copy
import json

from . import icd
from .kb import KnowledgeBase
from .kinds import KINDS, derive
from .schema import raw_schemas

# 2 (2026-12-02): references may give "accessed" instead of "year".
# 3 (2026-12-02): new top-level key "notices" (fixed legal, coding and safety text). See CHANGELOG.md.
# 4 (2026-12-05): prediction rules lose "study_near_misses" and gain "region" and "study_vignettes".
# 5 (2026-12-05): an assessment's accuracy study may leave out "sample_size" (a subgroup of unstated size).
FORMAT_VERSION = 5


def export(kb: KnowledgeBase) -> dict:
    doc = {"format_version": FORMAT_VERSION, "icd10cm_release": icd.edition_line()}
    for kind in KINDS:
        doc[kind] = [_entry_json(kb, entry) for entry in sorted(kb.entries[kind].values(), key=lambda e: e.id)]
    return doc


def _entry_json(kb: KnowledgeBase, entry) -> dict:
    obj = json.loads(json.dumps(entry.data))  # plain dicts and lists, no line bookkeeping
    for name in KINDS[entry.kind].derived:
        obj[name] = derive(entry.kind, name, entry.data)
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
        schema.pop("x-kind", None)
        if name in KINDS:
            schema["properties"]["referenced_by"] = {
                "description": "Derived: ids of the entries that point at this one, by kind.",
                "type": "object",
                "additionalProperties": False,
                "properties": {k: {"type": "array", "items": {"type": "string"}} for k in KINDS},
            }
            schema["required"].append("referenced_by")
            derived = KINDS[name].derived
            schema["properties"].update(copy.deepcopy(dict(derived)))
            schema["required"].extend(derived)
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
