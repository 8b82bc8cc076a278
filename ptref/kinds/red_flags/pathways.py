"""The red-flag triage pathway, drawn from the data: each red flag in the lane of its urgency.

Two renderings of the same steps: the print card (one page of Letter or A4 with the cards'
footer, ptref/render/cards.py) and the screen page `pathways/triage.md` in body type, for a phone
between patients. The steps' sentences are the notice `triage-pathway` (data/notices.yml); every
data string goes through `h`. No script.
"""

from __future__ import annotations

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...model.kinds import label_table
from ...render.cards import Card, CardRenderer, Drawn, h, link
from ...render.clinic import contacts_html
from ...render.pages import PageRenderer
from ...render.screens import Screen, front_matter
from .page import urgency_badge, who_to_call

VITALS = ' <abbr title="screen with vital signs">(VS)</abbr>'
VITALS_SCREEN = ' <span class="ptref-triage__vs">screen with vital signs</span>'
SCREEN_PATH = "pathways/triage.md"
# The step headings (interface words); their sentences come from the notice.
STEPS = ("Screen", "Any cue present?", "Act on the most urgent flag", "Record")


def _screen_entries(kb: KnowledgeBase) -> list[Entry]:
    assessments = kb.entries["assessments"]
    return [a for a in (assessments.get("red-flag-screening-questions"), assessments.get("vital-signs")) if a]


def _lanes(kb: KnowledgeBase) -> list[tuple[str, list[Entry]]]:
    """(urgency, its flags) in the order of urgency, empty urgencies left out."""
    flags = kb.all("red_flags")
    found = [(u, [f for f in flags if f.data["urgency"] == u]) for u in label_table("red_flags", "urgency")]
    return [(u, group) for u, group in found if group]


def _red_flag_pathway(cards: CardRenderer, card: Card) -> Drawn:
    kb, base = cards.kb, cards.base
    steps = kb.get("notices", "triage-pathway").data
    decide, record = steps["points"]
    screens = _screen_entries(kb)
    screen = " and ".join(link(base, a, a.data["name"]) for a in screens)
    lanes = []
    for value, group in _lanes(kb):
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
        f'<li class="ptref-flow__step"><b>{STEPS[0]}.</b> {h(steps["text"])}: {screen}. '
        "(VS): screen with vital signs.</li>"
        f'<li class="ptref-flow__step"><b>{STEPS[1]}</b> {h(decide)}</li>'
        f'<li class="ptref-flow__lanes">{"".join(lanes)}</li>'
        f'<li class="ptref-flow__step"><b>{STEPS[3]}</b> {h(record)}</li>'
        "</ol>"
    )
    shown = kb.all("red_flags") + screens
    return body, shown, ""


def triage_screen(kb: KnowledgeBase, base: str) -> str:
    """The pathway as a page: ordered steps at body size, each urgency a lane with its word and
    colour, each flag with what to look for and what to do."""
    steps = kb.get("notices", "triage-pathway").data
    decide, record = steps["points"]
    screens = ", ".join(link(base, a, a.data["name"]) for a in _screen_entries(kb))
    lanes = []
    for value, group in _lanes(kb):
        notice = kb.get("notices", f"urgency-{value}").data
        items = "".join(
            f'<li class="ptref-triage__flag"><p class="ptref-triage__name">{link(base, f, f.data["name"])} '
            f"{urgency_badge(value)}"
            f"{VITALS_SCREEN if 'vital-signs' in f.data.get('screen_with', []) else ''}"
            f"</p><p><b>Look for:</b> {h(f.data['quick_screen'])}</p>"
            f"<p><b>Do:</b> {h(f.data['quick_action'])}</p></li>"
            for f in group
        )
        lanes.append(
            f'<section class="ptref-triage__lane ptref-triage__lane--{h(value)}" aria-labelledby="lane-{h(value)}">'
            f'<h3 id="lane-{h(value)}">{urgency_badge(value)}</h3>'
            f"<p>{h(notice['text'])}</p><p><b>Call:</b> {who_to_call(PageRenderer(kb, {}, base), value)}</p>"
            f'<ul class="ptref-triage__flags">{items}</ul></section>'
        )
    return (
        front_matter(("toc",))
        + "# Red-flag triage pathway\n\n"
        + f'<p class="ptref-screen-links"><a href="{base}pathways/body-map.html">Body map: where it hurts</a> · '
        f'<a href="{base}cards/red-flag-pathway.html">Print card</a></p>\n\n' + '<ol class="ptref-triage">'
        f'<li class="ptref-triage__step"><h2>{STEPS[0]}</h2><p>{h(steps["text"])}: {screens}.</p></li>'
        f'<li class="ptref-triage__step"><h2>{STEPS[1]}</h2><p>{h(decide)}</p></li>'
        f'<li class="ptref-triage__step"><h2>{STEPS[2]}</h2>{"".join(lanes)}</li>'
        f'<li class="ptref-triage__step"><h2>{STEPS[3]}</h2><p>{h(record[:1].upper() + record[1:])}</p></li>'
        "</ol>\n"
    )


CARDS = [
    Card(
        "red-flag-pathway",
        "Red-flag triage pathway",
        "From the screen to the urgency and the first action, for every red flag.",
        _red_flag_pathway,
        order=40,
    ),
]
SCREENS = [Screen(SCREEN_PATH, triage_screen)]
