"""Guides: how to document care and choose codes, step by step, each section with its sources."""

from ...render.pages import KindPage, Section
from ...render.text import admonition, bullets, esc


def _sections(page, entry) -> str:
    return "\n\n".join(_section(page, s) for s in entry.data["sections"])


def _section(page, section: dict) -> str:
    parts = [f"## {esc(section['heading'])}"] + [esc(p) for p in section["paragraphs"]]
    if "points" in section:
        parts.append(bullets(section["points"]))
    for example in section.get("examples", []):
        parts.append(admonition("example", "Example", esc(example)))
    if "references" in section:
        parts.append(f"Sources: {page.cite(section['references'])}")
    return "\n\n".join(parts)


PAGE = KindPage(
    sections=(
        Section("In short", "summary", "para"),
        Section("", "sections", _sections),
        Section("Codes it covers", "codes", "links"),
        Section("Interventions it covers", "interventions", "links"),
        Section("Conditions it covers", "conditions", "links"),
    ),
)
