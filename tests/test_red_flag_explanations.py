"""Red-flag next-step explanations teach the nearest wrong step too (item review round 9, §5.4:
rf-next explanations copied the key's reason and said nothing about the distractors)."""

from __future__ import annotations

import pytest

from ptref.kinds.red_flags.questions import ORDER, actions, nearest_step
from ptref.study.questions import questions


def test_the_nearest_wrong_step_is_the_adjacent_rung_and_of_two_the_slower():
    assert nearest_step("ems", ["routine", "ed", "same-day"]) == "ed"
    assert nearest_step("continue", ["ed", "routine", "same-day"]) == "routine"
    # same-day sits between ed and next-day: both one rung away, so the slower one
    assert nearest_step("same-day", ["ed", "next-day", "continue"]) == "next-day"
    assert nearest_step("same-day", ["ems", "ed", "routine"]) == "ed"


@pytest.fixture(scope="module")
def next_steps(kb):
    return {q.id: q for q in questions(kb) if q.id.startswith("rf-next:")}


def test_every_next_step_explanation_gives_the_nearest_wrong_steps_own_reason(kb, next_steps):
    choices = actions(kb)
    checked = 0
    for flag in kb.all("red_flags"):
        for n, v in enumerate(flag.data.get("study_vignettes", [])):
            q = next_steps[f"rf-next:{flag.id}:{n + 1}"]
            near = nearest_step(v["step"], list(v["not"]))
            assert near in v["not"] and near != v["step"]
            text = q.explanation
            assert "The nearest alternative, to " + choices[near][:1].lower() + choices[near][1:] in text, q.id
            assert v["not"][near].rstrip(".")[1:] in text, q.id  # its own reason, first letter lowered
            slower = ORDER.index(near) > ORDER.index(v["step"])
            assert ("is not enough" in text) == slower, q.id
            checked += 1
    assert checked == len(next_steps) > 100
