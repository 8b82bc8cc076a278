"""Item review round 43 (4301 #44; 4302 #3, #10, #13, #22): red-flag items whose stem did not
carry what the key's reasons relied on."""

from __future__ import annotations

import re

import pytest

from ptref.study.questions import questions


@pytest.fixture(scope="module")
def bank(kb):
    return {q.id: q for q in questions(kb)}


def _text(q) -> str:
    return " ".join((q.stem, q.explanation, *q.reasons))


def test_the_gallbladder_drive_key_has_an_unmistakably_stable_patient(bank):
    """4301 #44: with a pulse of 104/min the drive-versus-ambulance key was two-defensible."""
    q = bank["rf-next:gallbladder-disease:4"]
    assert q.choices[q.answer] == "Have someone drive the patient to the emergency department"
    pulse = int(re.search(r"pulse (\d+)/min", q.stem).group(1))
    assert pulse < 90
    assert "walked into the clinic unaided" in q.stem
    assert "104" not in _text(q)


def test_the_aneurysm_item_does_not_count_non_mechanical_pain_against_a_tumour(bank):
    """4302 #3: pain that movement does not change is typical of malignancy."""
    q = bank["rf-cues:abdominal-aortic-aneurysm:1"]
    reason = q.reasons[q.choices.index("Spinal malignancy")]
    assert "movement does not change" not in reason
    assert "pulsatile mass" in reason and "two days ago" in reason


def test_no_cardiac_reason_says_same_day_suits_an_episode_days_ago(bank):
    """4302 #10: same-day assessment does not suit any episode that ended days ago."""
    for qid in ("rf-next:cardiac-ischaemia:6", "rf-next:pericarditis:1"):
        for reason in bank[qid].reasons:
            assert "ended days ago" not in reason
            assert "fits chest pain that has already settled" not in reason


def test_the_embolism_stem_states_the_sudden_onset_its_key_relies_on(bank):
    """4302 #13: the key said "sudden" but the stem said only "since last night"."""
    q = bank["rf-next:pulmonary-embolism:3"]
    assert "sudden" in q.reasons[q.answer].lower()
    assert "came on suddenly" in q.stem


def test_the_pancoast_same_day_key_is_justified_from_the_stem(bank):
    """4302 #22: "her physician should assess her today" with no grounds given."""
    q = bank["rf-next:pancoast-tumour:3"]
    assert q.choices[q.answer] == "Arrange a medical assessment for the same day"
    assert "grown steadily weaker" in q.stem
    assert all("should assess her today" not in r for r in q.reasons)
    assert "weakened steadily" in q.reasons[q.answer]
