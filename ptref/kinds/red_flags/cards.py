"""The red-flag screen card: every red flag grouped by urgency, with what to do for each."""

from __future__ import annotations

from ...model.kinds import label_table
from ...render.cards import Card, CardRenderer, Drawn, h
from ...render.clinic import contacts_html


def _red_flag_screen(cards: CardRenderer, card: Card) -> Drawn:
    flags = cards.kb.all("red_flags")
    parts = []
    for value, label in label_table("red_flags", "urgency").items():
        group = [f for f in flags if f.data["urgency"] == value]
        if not group:
            continue
        items = "".join(
            f"<li><b>{h(f.data['name'])}</b>: {h(f.data['quick_screen'])} "
            f'<span class="ptref-action">→ {h(f.data["quick_action"])}</span></li>'
            for f in group
        )
        parts.append(
            f'<section class="ptref-urgency ptref-urgency--{h(value)}"><h3>{h(label)}</h3>'
            f'{contacts_html(cards.kb, value)}<ul class="ptref-tight">{items}</ul></section>'
        )
    intro = f"<p>{cards.notice_text('red-flag-screen')}</p>"
    return f'{intro}<div class="ptref-card__cols">{"".join(parts)}</div>', flags, ""


CARDS = [
    Card(
        "red-flag-screen",
        "Red-flag screen",
        "Signs of serious pathology grouped by urgency, with what to do for each.",
        _red_flag_screen,
        order=30,
    ),
]
