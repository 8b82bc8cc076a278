"""Which pages and files the site gets from data: (path, content) pairs, no MkDocs import.

Entity and index pages hold a single macro call; the macros render the body at page time.
The data never passes through Jinja, so `{{ }}` typed in YAML stays text.
"""
from __future__ import annotations

import json

from ..model.export import dumps, export, export_schema
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, display_name

EXPORT_PATH = "data/knowledge-base.json"
EXPORT_SCHEMA_PATH = "data/knowledge-base.schema.json"


def generated_files(kb: KnowledgeBase):
    for kind, info in KINDS.items():
        yield f"{info.url_dir}/index.md", _page(info.plural, f'{{{{ kind_index("{kind}") }}}}')
        for entry in kb.entries[kind].values():
            title = display_name(kind, entry.data)
            yield (f"{info.url_dir}/{entry.id}.md",
                   _page(title, f'{{{{ entity_page("{kind}", "{entry.id}") }}}}'))
    yield EXPORT_PATH, dumps(export(kb))
    yield EXPORT_SCHEMA_PATH, dumps(export_schema())


def _page(title: str, body: str) -> str:
    # JSON strings are valid YAML scalars, so any title is safe in front matter.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}\n"
