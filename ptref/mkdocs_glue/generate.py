"""Which pages and files the site gets from data: (path, content) pairs, no MkDocs import.

Entity, index, card and lookup pages hold a single macro call; the macros render the body at
page time, and their output is not rendered again, so `{{ }}` typed in YAML stays text. Front
matter carries only tags from fixed label tables and, on entity pages, the entity's kind and
id (schema-checked kebab-case): no title, because mkdocs-macros renders titles as Jinja (the
page's H1 gives the title instead). All entity pages share one body, `ENTITY_BODY`, so
mkdocs-macros compiles it once (macro_defs.on_pre_page_macros), not once per page.
"""

from __future__ import annotations

import json

from ..model.export import dumps, export, export_schema
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, label_table
from ..render.cards import CARDS

EXPORT_PATH = "data/knowledge-base.json"
EXPORT_SCHEMA_PATH = "data/knowledge-base.schema.json"
ENTITY_BODY = "{{ entity_page(entity_kind, entity_id) }}\n"


def generated_files(kb: KnowledgeBase):
    for kind, info in KINDS.items():
        yield f"{info.url_dir}/index.md", f'{{{{ kind_index("{kind}") }}}}\n'
        for entry in kb.entries[kind].values():
            yield (
                f"{info.url_dir}/{entry.id}.md",
                _front_matter(tags(kind, entry.data), entity_kind=kind, entity_id=entry.id) + ENTITY_BODY,
            )

    yield "codes/lookup.md", "{{ code_lookup() }}\n"
    yield "cards/index.md", "{{ cards_index() }}\n"
    for card in CARDS:
        yield f"cards/{card.slug}.md", f'---\nhide:\n  - navigation\n  - toc\n---\n\n{{{{ card("{card.slug}") }}}}\n'

    yield EXPORT_PATH, dumps(export(kb))
    yield EXPORT_SCHEMA_PATH, dumps(export_schema())


def tags(kind: str, data: dict) -> list[str]:
    """Material tags: the kind and its fixed choice fields, never free text from data."""
    found = [KINDS[kind].plural]
    for field in ("urgency", "level", "category", "kind", "system", "set"):
        if field in data:
            found.append(label_table(kind, field)[data[field]])
    return found


def _front_matter(tags: list[str], **fields: str) -> str:
    # JSON strings are YAML strings; tags come from fixed label tables, not from data text.
    lines = [
        "---",
        "tags:",
        *(f"  - {json.dumps(t)}" for t in tags),
        *(f"{name}: {json.dumps(value)}" for name, value in fields.items()),
        "---",
        "",
        "",
    ]
    return "\n".join(lines)
