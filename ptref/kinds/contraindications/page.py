"""Contraindications and precautions: patient factors that rule out or modify an intervention."""

from ...render.text import admonition, esc
from .. import Kind, Section

LEVEL = {"absolute": "Absolute contraindication", "precaution": "Precaution"}
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


KIND = Kind(
    key="contraindications",
    singular="contraindication",
    plural="Contraindications and precautions",
    url_dir="contraindications",
    intro="Patient factors that rule out (absolute) or modify (precaution) an intervention.",
    order=60,
    sections=(
        Section("Why it matters", "why", "para"),
        Section("What to do", "what_to_do", "para"),
        Section("How to screen", "screen_with", "links"),
        Section("Related red flags", "related_red_flags", "links"),
    ),
    labels={"level": LEVEL},
    tag_fields=("level",),
    group_by="level",
    callout=_level,
)
