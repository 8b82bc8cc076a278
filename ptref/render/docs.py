"""The contributor documentation generated from the schemas: fields and relations per kind."""

from __future__ import annotations

from pathlib import Path

from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS
from ..model.schema import PREFIX, inline_refs, raw_schemas
from .text import esc, table


def data_model_doc(kb: KnowledgeBase, schema) -> str:
    parts = []
    for kind, info in KINDS.items():
        rows = [
            [f"`{f['name']}`", "yes" if f["required"] else "", f["type"], esc(f["description"])]
            for f in schema.field_docs(kind)
        ]
        parts.append(
            f"### {info.plural}\n\n"
            f"File: `data/{kind}.yml` (or one file per entry in `data/{kind}/`). "
            f"Pages: `{info.url_dir}/<id>.html`. Entries now: {len(kb.entries[kind])}.\n\n"
            + table(["Field", "Required", "Type", "Meaning"], rows)
        )
    rel_rows = [
        [
            KINDS[r.source_kind].singular,
            f"`{r.field}`",
            KINDS[r.target_kind].singular,
            esc(r.label),
            esc(r.reverse_label) if r.shown else "not shown (study items only)",
        ]
        for r in schema.relations()
    ]
    parts.append(
        "### Relations\n\nEach relation is stored on one side only. The other side's list "
        "is derived when the site is built, so the two can never disagree.\n\n"
        + table(["Stored on", "Field", "Points at", "Shown there as", "Shown on the target as"], rel_rows)
    )
    return "\n\n".join(parts)


def content_rules_doc(rules) -> str:
    """The named content rules `ptref check` runs (ptref.rules.RULES), from the rules themselves."""
    return table(["Rule", "What it reports", "Why"], [[f"`{r.id}`", esc(r.message), esc(r.rationale)] for r in rules])


def read_abbreviations(path: Path) -> dict[str, str]:
    """`*[ABBR]: Expansion` lines, the format of docs/includes/abbreviations.md."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("*[") and "]: " in line:
            term, meaning = line[2:].split("]: ", 1)
            found[term] = meaning.strip()
    return found


def glossary_doc(abbreviations: dict[str, str]) -> str:
    """A definition list of the abbreviations, sorted for reading."""
    return "\n".join(
        f"{esc(term)}\n:   {esc(meaning)}\n"
        for term, meaning in sorted(abbreviations.items(), key=lambda kv: kv[0].lower())
    )


def entry_templates_doc() -> str:
    """A copy-paste starting point per kind, made from its schema: required fields filled with
    placeholders, optional ones commented out, each with what it means."""
    parts = []
    for kind, info in KINDS.items():
        schema = inline_refs(raw_schemas()[kind], PREFIX + kind)
        lines = _template_lines(schema, indent="  ", first="- ")
        parts.append(
            f"### {info.plural}\n\nAdd to `data/{kind}.yml`. Fields starting with `#` are optional: remove "
            f"the `#` to use one.\n\n```text\n" + "\n".join(lines) + "\n```"
        )
    return "\n\n".join(parts)


def _template_lines(schema: dict, indent: str, first: str) -> list[str]:
    required = set(schema.get("required", []))
    lines = []
    for n, (name, field) in enumerate(schema.get("properties", {}).items()):
        lead = first if n == 0 else indent
        hash_ = "" if name in required else "# "
        lines += [
            f"{lead}{hash_}{line}" if i == 0 else f"{indent}{hash_}{line}"
            for i, line in enumerate(_field_lines(name, field))
        ]
    return lines


def _field_lines(name: str, field: dict) -> list[str]:
    """`name: placeholder` (plus nested lines for lists of mappings and mappings)."""
    values = field.get("enum") or [b["const"] for b in field.get("oneOf", []) if "const" in b]
    if values:
        return [f"{name}: {values[0]}    # one of: {', '.join(map(str, values))}"]
    if "const" in field:
        return [f"{name}: {str(field['const']).lower()}"]
    kind = field.get("type")
    if kind == "array":
        items = field.get("items", {})
        if items.get("type") == "object":
            return [f"{name}:"] + _template_lines(items, indent="    ", first="  - ")
        example = _id_placeholder(items["x-ref"]) if "x-ref" in items else "..."
        return [
            f"{name}: [{example}]" if "x-ref" in items else f"{name}:",
            *([] if "x-ref" in items else ['  - "..."']),
        ]
    if kind == "object":
        return [f"{name}:"] + _template_lines(field, indent="  ", first="  ")
    if kind == "integer":
        return [f"{name}: 2026"]
    if kind == "boolean":
        return [f"{name}: true"]
    if "pattern" in field and "x-hint" in field and "YYYY" in field["x-hint"]:
        return [f"{name}: 2026-12-02"]
    if name == "id":
        return ['id: "lower-case-words-joined-by-hyphens"']
    if "x-ref" in field:
        return [f"{name}: {_id_placeholder(field['x-ref'])}"]
    return [f'{name}: "..."']


def _id_placeholder(kind: str) -> str:
    """'red_flags' -> 'red-flag-id'."""
    return KINDS[kind].singular.replace(" ", "-") + "-id"
