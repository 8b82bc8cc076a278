"""The contributor documentation generated from the schemas: fields and relations per kind."""

from __future__ import annotations

from pathlib import Path

from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS
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
            esc(r.reverse_label),
        ]
        for r in schema.relations()
    ]
    parts.append(
        "### Relations\n\nEach relation is stored on one side only. The other side's list "
        "is derived when the site is built, so the two can never disagree.\n\n"
        + table(["Stored on", "Field", "Points at", "Shown there as", "Shown on the target as"], rel_rows)
    )
    return "\n\n".join(parts)


def content_rules_doc() -> str:
    """The named content rules `ptref check` runs, from the rules themselves."""
    from ..model.rules import RULES

    return table(["Rule", "What it reports", "Why"], [[f"`{r.id}`", esc(r.message), esc(r.rationale)] for r in RULES])


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
