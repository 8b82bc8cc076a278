"""Contraindications and precautions: patient factors that rule out or modify an intervention."""

from ...model.kinds import label_table
from ...render.pages import KindPage, Section
from ...render.text import admonition, esc

LEVEL = label_table("contraindications", "level")  # words from schema.json
MARK = {"absolute": "■ Absolute", "precaution": "△ Precaution"}  # as the cards' matrix marks them


def _level(page, entry) -> str:
    level = entry.data["level"]
    return admonition("danger" if level == "absolute" else "warning", LEVEL[level], esc(entry.data["why"]))


def marked_links(page, factors, order_by_level: bool = False) -> list[str]:
    """Lines 'mark: link' for contraindications (interventions and exercises show them). An
    intervention keeps the order its data gives; order_by_level puts absolutes first, by name."""
    if order_by_level:
        factors = sorted(factors, key=lambda f: (f.data["level"] != "absolute", f.data["name"].lower()))
    return [f"{MARK[f.data['level']]}: {page.link(f)}" for f in factors]


PAGE = KindPage(
    sections=(
        Section("Why it matters", "why", "para"),
        Section("What to do", "what_to_do", "para"),
        Section("How to screen", "screen_with", "links"),
        Section("Related red flags", "related_red_flags", "links"),
    ),
    callout=_level,
)
