"""Contraindications and precautions: patient factors that rule out or modify an intervention."""

from ...model.kinds import label_table
from ...render.pages import KindPage, Section
from ...render.text import admonition, esc

LEVEL = label_table("contraindications", "level")  # words from schema.json


def _level(page, entry) -> str:
    level = entry.data["level"]
    return admonition("danger" if level == "absolute" else "warning", LEVEL[level], esc(entry.data["why"]))


PAGE = KindPage(
    sections=(
        Section("Why it matters", "why", "para"),
        Section("What to do", "what_to_do", "para"),
        Section("How to screen", "screen_with", "links"),
        Section("Related red flags", "related_red_flags", "links"),
    ),
    callout=_level,
)
