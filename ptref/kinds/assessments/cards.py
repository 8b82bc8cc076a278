"""The examination checklist card: every assessment by kind, with a box to tick."""

from __future__ import annotations

from ...model.kinds import label_table
from ...render.cards import Card, CardRenderer, Drawn, h


def _exam_checklist(cards: CardRenderer, card: Card) -> Drawn:
    assessments = cards.kb.all("assessments")
    parts = []
    for value, label in label_table("assessments", "kind").items():
        group = [a for a in assessments if a.data["kind"] == value]
        if group:
            items = "".join(
                f'<li><span class="ptref-box" aria-hidden="true">☐</span> {h(a.data["name"])}</li>' for a in group
            )
            parts.append(f'<h3>{h(label)}</h3><ul class="ptref-checklist">{items}</ul>')
    notes = '<p class="ptref-blank">Notes: ____________________________________________</p>'
    return f'<div class="ptref-card__cols">{"".join(parts)}</div>{notes}', assessments, ""


CARDS = [
    Card(
        "exam-checklist",
        "Thoracic examination checklist",
        "History to outcome measures, with a box to tick for each part of the examination.",
        _exam_checklist,
        order=60,
    ),
]
