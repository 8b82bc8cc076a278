"""The home-exercise cards: one patient handout per exercise set, with space for the dosage."""

from __future__ import annotations

import re

from ...model.kinds import label_table
from ...render import figure as fig
from ...render.cards import Card, CardRenderer, Drawn, h
from .figure import figure_svg


def _small(svg: str) -> str:
    """An exercise drawing kept low on a card, whatever its shape, so the sheet stays one page.
    At that size the panels' "Start"/"End" labels would print about 1 mm high: they are left
    out (the arrow and the left-to-right order show the movement; the SVG's title and
    description still name it)."""
    svg = re.sub(r"<text [^>]*>[^<]*</text>", "", svg)
    return svg.replace(f'style="{fig.SVG_STYLE}"', 'style="display:block;width:100%;height:auto;max-height:17mm"', 1)


def _home_exercises(cards: CardRenderer, card: Card) -> Drawn:
    key = card.slug.removeprefix("home-exercises-")
    exercises = [e for e in cards.kb.all("exercises") if e.data["set"] == key]
    blocks = []
    for e in exercises:
        steps = "".join(f"<li>{h(s)}</li>" for s in e.data["steps"])
        stop = f'<p class="ptref-stop">Stop if: {h(e.data["stop_if"])}</p>' if "stop_if" in e.data else ""
        blocks.append(
            f'<section class="ptref-exercise"><h3>☐ {h(e.data["name"])}</h3>'
            f'<div class="ptref-exercise__figure" style="float:right;width:34%;margin:0 0 1mm 2mm">'
            f"{_small(figure_svg(e.data))}</div>"
            f"<p><i>Why:</i> {h(e.data['purpose'])}</p><p><i>Start:</i> {h(e.data['start_position'])}</p>"
            f"<ol>{steps}</ol>"
            '<p class="ptref-blank">Sets ____ Reps ____ Hold ____ s · Times a day ____</p>'
            f"{stop}</section>"
        )
    safety = cards.kb.get("notices", "home-exercise-safety").data["text"]
    # The patient safety net (when to call 911, the doctor, the clinic) goes on every
    # patient-facing card, with its source in the card's footer.
    net = cards.kb.get("notices", "patient-safety-net")
    intro = (
        f'<p class="ptref-patient">{h(safety)}</p>'
        f'<p class="ptref-patient ptref-safety-net"><b>{h(net.data["title"])}.</b> {h(net.data["text"])} '
        f"{' '.join(h(point) for point in net.data.get('points', []))}</p>"
        '<p class="ptref-blank">Name ________________________ Date ____________ Therapist '
        "________________________</p>"
    )
    return f'{intro}<div class="ptref-card__cols">{"".join(blocks)}</div>', exercises + [net], ""


CARDS = [
    Card(
        f"home-exercises-{key}",
        f"Home exercises: {label.lower()}",
        f"A patient handout of the {label.lower()} exercises, with space for the dosage.",
        _home_exercises,
        order=90 + n,
    )
    for n, (key, label) in enumerate(label_table("exercises", "set").items())
]
