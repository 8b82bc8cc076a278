"""Explanations and reasons of the diagnosis, intervention, outcome, coding and likelihood-ratio
items (item review round 11): the nearest alternative an explanation names is argued with that
option's own reason, shown numbers agree with each other, ties are not broken arbitrarily, and
every key reason has one style after its label."""

from __future__ import annotations

import re

import pytest

from ptref.kinds.assessments.questions import _shown
from ptref.study.questions import labelled, questions

NEAREST = re.compile(
    r"The nearest alternative, (?:the )?(?P<name>.+?), (?:is less likely|is a weaker place|is not ruled out|fits less well)"
)


@pytest.fixture(scope="module")
def generated(kb):
    return questions(kb)


def test_a_reason_label_is_followed_by_a_capital_in_every_template():
    assert labelled("Right: it fits.") == "Right: It fits."
    assert (
        labelled("Right, contraindicated: actively inflamed joints.")
        == "Right, contraindicated: Actively inflamed joints."
    )
    assert labelled("Right: 3 units.") == "Right: 3 units."
    assert labelled("It fits.") == "It fits."


def test_no_key_reason_starts_lower_case_after_its_label(generated):
    for q in generated:
        for reason in q.reasons:
            assert not re.match(r"^(?:Right|Wrong)(?:, [a-z ]+)?: [a-z]", reason), (q.id, reason)


def test_the_nearest_alternative_is_argued_with_its_own_reason(generated):
    """An explanation that names option X as the nearest alternative goes on with X's reason, not
    another option's (the intervention vignettes keep reasons in a list parallel to the choices)."""
    checked = 0
    for q in generated:
        if not q.id.startswith(("dx:", "iv-", "outcome:")):
            continue
        found = NEAREST.search(q.explanation)
        if not found:
            continue
        named = found.group("name").lower()
        options = [
            n
            for n, c in enumerate(q.choices)
            if n != q.answer and named in (c.lower(), re.sub(r"\s*\([^()]*\)", "", c).lower())
        ]
        assert len(options) == 1, (q.id, named, q.choices)
        reason = q.reasons[options[0]].rstrip(".")
        assert reason[1:] in q.explanation, (q.id, reason)
        checked += 1
    assert checked >= 50


def test_a_printed_lr_minus_gives_the_factor_printed_beside_it():
    for lr in (0.125 / 0.9, 0.15 / 0.97, 0.12 / 0.88, 0.0938 / 0.7976, 0.17 / 0.92, 0.5):
        shown = float(_shown(lr))
        assert f"{1 / shown:.2f}" == f"{1 / lr:.2f}", (lr, shown)
    assert _shown(0.125 / 0.9) == "0.1389"  # not 0.14, which gives 7.14 beside 7.20
    assert _shown(4.48) == "4.48"


def test_every_lr_and_odds_factor_shown_together_agree(generated):
    pair = re.compile(r"LR\u2212 = (?P<lr>0\.\d+)(?:\)|,)? ?(?:, )?which divides the odds by (?P<factor>\d+\.\d\d)")
    checked = 0
    for q in generated:
        if not q.id.startswith(("lr:", "lr-best:")):
            continue
        for text in [q.explanation, *q.reasons]:
            for m in pair.finditer(text):
                assert f"{1 / float(m.group('lr')):.2f}" == m.group("factor"), (q.id, m.group(0))
                checked += 1
    assert checked >= 10


def test_tied_results_are_never_one_arbitrary_nearest_alternative(generated):
    """PHQ-9 at 88% and 88%: LR+ 7.33 and LR- 1/7.33 tie, so both are named together."""
    items = [q for q in generated if q.id.startswith("lr-best:phq-2-and-phq-9:0:")]
    assert items
    for q in items:
        assert "The nearest alternative" not in q.explanation, q.id
        assert "which tie" in q.explanation, q.id


def test_a_study_caveat_reaches_its_lr_explanation(generated):
    q = next(q for q in generated if q.id == "lr:abdominal-reflexes:0:positive")
    assert "school-screening study" in q.explanation
    assert "in scoliosis presumed to be idiopathic" not in q.stem.split("?")[0].rsplit("probability of", 1)[1]
