"""The red-flag triage pathway card, drawn from the data: each red flag in the lane of its urgency.

It prints on one page of Letter or A4 with the cards' footer (ptref/render/cards.py). The pathway
is an ordered list laid out as a flow; every data string goes through `h`. No script.
"""

from __future__ import annotations

from ...model.kinds import label_table
from ...render.cards import Card, CardRenderer, Drawn, h, link
from ...render.clinic import contacts_html

VITALS = ' <abbr title="screen with vital signs">(VS)</abbr>'


def _red_flag_pathway(cards: CardRenderer, card: Card) -> Drawn:
    kb, base = cards.kb, cards.base
    flags = kb.all("red_flags")
    assessments = kb.entries["assessments"]
    questions = assessments.get("red-flag-screening-questions")
    vitals = assessments.get("vital-signs")
    screen = " and ".join(link(base, a, a.data["name"]) for a in (questions, vitals) if a is not None)
    lanes = []
    for value in label_table("red_flags", "urgency"):
        group = [f for f in flags if f.data["urgency"] == value]
        if not group:
            continue
        notice = kb.get("notices", f"urgency-{value}").data
        items = "".join(
            f"<li><b>{link(base, f, f.data['name'])}</b>"
            f"{VITALS if 'vital-signs' in f.data.get('screen_with', []) else ''}"
            f": {h(f.data['quick_screen'])} "
            f'<span class="ptref-action">→ {h(f.data["quick_action"])}</span></li>'
            for f in group
        )
        lanes.append(
            f'<section class="ptref-lane ptref-urgency ptref-urgency--{h(value)}">'
            f"<h3>{h(notice['title'])}</h3><p><b>{h(notice['text'])}</b></p>{contacts_html(kb, value)}"
            f'<ul class="ptref-tight">{items}</ul></section>'
        )
    body = (
        '<ol class="ptref-flow">'
        '<li class="ptref-flow__step"><b>Screen.</b> Every new patient with thoracic pain, and again '
        f"whenever the picture changes: {screen}. Flags marked (VS) need vital signs to screen.</li>"
        '<li class="ptref-flow__step"><b>Any cue below present?</b> No: go on with the examination. '
        "Yes: act on the most urgent flag that fits; when two fit, the more urgent one decides.</li>"
        f'<li class="ptref-flow__lanes">{"".join(lanes)}</li>'
        '<li class="ptref-flow__step"><b>Record</b> what you found, what you did, whom you told and when, '
        "(clinical convention; many flags' actions ask for it). Each flag's page gives the full "
        "questions and steps.</li>"
        "</ol>"
    )
    shown = flags + [a for a in (questions, vitals) if a is not None]
    return body, shown, ""


CARDS = [
    Card(
        "red-flag-pathway",
        "Red-flag triage pathway",
        "From the screen to the urgency and the first action, for every red flag.",
        _red_flag_pathway,
        order=40,
    ),
]
