"""Red-flag next-step explanations teach the nearest wrong step too (item review round 9, §5.4:
rf-next explanations copied the key's reason and said nothing about the distractors)."""

from __future__ import annotations

import re

import pytest

from ptref.kinds.red_flags.questions import (
    HOLDING,
    ORDER,
    XRAY_REGION,
    actions,
    asks_which_flag,
    evidence,
    nearest_step,
)
from ptref.study.questions import questions
from ptref.study.writing import stacked_colons


def test_the_nearest_wrong_step_is_the_adjacent_rung_and_of_two_the_slower():
    assert nearest_step("ems", ["routine", "ed", "same-day"]) == "ed"
    assert nearest_step("continue", ["ed", "routine", "same-day"]) == "routine"
    # same-day sits between ed and next-day: both one rung away, so the slower one
    assert nearest_step("same-day", ["ed", "next-day", "continue"]) == "next-day"


def test_beside_a_key_below_the_emergency_tier_the_nearest_alternative_is_the_nearest_slower_step():
    """Item review round 42, 4202 note on "nearest alternative" (#8, #23, #44, #50): beside a
    same-day key the explanation named the ambulance, where the routine visit or radiographs are
    the more tempting wrong answer."""
    assert nearest_step("same-day", ["ems", "ed", "routine"]) == "routine"
    assert nearest_step("same-day", ["ems", "xray", "routine"]) == "xray"
    assert nearest_step("next-day", ["ed", "same-day", "routine"]) == "routine"
    assert nearest_step("routine", ["same-day", "next-day", "continue"]) == "continue"
    # no slower step offered: the nearest faster
    assert nearest_step("continue", ["ed", "routine", "same-day"]) == "routine"
    assert nearest_step("routine", ["ems", "same-day", "next-day"]) == "next-day"
    # an emergency key keeps the nearest rung either way
    assert nearest_step("ems", ["ed", "same-day", "routine"]) == "ed"
    assert nearest_step("ed", ["same-day", "recheck", "next-day"]) == "same-day"


def test_no_next_step_explanation_below_the_emergency_tier_answers_a_faster_step_before_a_slower(kb, next_steps):
    """The bank itself (4202 note): wherever a key below the emergency tier is offered beside a
    slower step, the explanation answers a slower step ("is not enough"), never the ambulance."""
    for flag in kb.all("red_flags"):
        for n, v in enumerate(flag.data.get("study_vignettes", [])):
            key = v["step"]
            if key in ("ems", "ed") or not any(ORDER.index(k) > ORDER.index(key) for k in v["not"]):
                continue
            q = next_steps[f"rf-next:{flag.id}:{n + 1}"]
            assert ", is not enough: " in q.explanation, q.id


def test_a_reason_is_spliced_without_its_own_verdict():
    # item review round 22, class 3: "is more than these findings call for: a request for the
    # physician's review is not the best step: movement ..."
    reason = "A request for the physician's review is not the best step: movement reproduces the ache."
    assert evidence(reason) == "movement reproduces the ache."
    assert evidence("Radiographs (plain films) answer no question: the skin is normal.") == "the skin is normal."
    assert (
        evidence("Her legs are normal, so nothing needs an ambulance.")
        == "Her legs are normal, so nothing needs an ambulance."
    )
    assert stacked_colons(f"The nearest alternative, to write, is more than these findings call for: {reason}")
    assert not stacked_colons("Therapeutic ultrasound: Avoid it over growth plates: the energy may damage them.")


def test_no_red_flag_explanation_stacks_two_colons_in_one_sentence(kb):
    stacked = [q.id for q in questions(kb) if q.id.startswith("rf-") and stacked_colons(q.explanation)]
    assert not stacked


@pytest.fixture(scope="module")
def next_steps(kb):
    return {q.id: q for q in questions(kb) if q.id.startswith("rf-next:")}


def test_every_next_step_explanation_gives_the_nearest_wrong_steps_own_reason(kb, next_steps):
    checked = 0
    for flag in kb.all("red_flags"):
        for n, v in enumerate(flag.data.get("study_vignettes", [])):
            choices = actions(kb, v.get("xray_region", XRAY_REGION))
            q = next_steps[f"rf-next:{flag.id}:{n + 1}"]
            near = nearest_step(v["step"], list(v["not"]))
            assert near in v["not"] and near != v["step"]
            text = q.explanation
            assert "The nearest alternative, to " + choices[near][:1].lower() + choices[near][1:] in text, q.id
            # its own reason, without its lead-in up to a colon, first letter lowered
            assert evidence(v["not"][near]).rstrip(".")[1:] in text, q.id
            slower = ORDER.index(near) > ORDER.index(v["step"])
            assert ("is not enough" in text) == slower, q.id
            checked += 1
    assert checked == len(next_steps) > 100


# A rung whose wording is the key in more than this share of the items that show it is a cue a
# regular user learns (item review round 10, §5.3: 'the same or next day' keyed in 18 of its 28).
KEY_SHARE_AT_MOST = 0.55


def key_shares(items) -> dict[str, tuple[int, int]]:
    """Each option's (items keyed to it, items showing it)."""
    shown: dict[str, list[int]] = {}
    for q in items:
        for n, choice in enumerate(q.choices):
            shown.setdefault(choice, [0, 0])
            shown[choice][1] += 1
            shown[choice][0] += n == q.answer
    return {choice: (keyed, total) for choice, (keyed, total) in shown.items()}


def test_no_next_step_rung_is_the_key_in_much_more_than_half_the_items_that_show_it(kb, next_steps):
    shares = key_shares(next_steps.values())
    # the radiograph step in the wording of each region a vignette names (xray_region)
    regions = {v.get("xray_region", XRAY_REGION) for f in kb.all("red_flags") for v in f.data["study_vignettes"]}
    assert set(shares) == set(actions(kb).values()) | {actions(kb, r)["xray"] for r in regions}
    over = {c: s for c, s in shares.items() if s[0] > KEY_SHARE_AT_MOST * s[1]}
    assert not over, over


def test_key_shares_counts_keys_and_showings():
    class Q:
        def __init__(self, choices, answer):
            self.choices, self.answer = choices, answer

    shares = key_shares([Q(["a", "b"], 0), Q(["a", "c"], 0), Q(["a", "b"], 1)])
    assert shares == {"a": (2, 3), "b": (1, 2), "c": (0, 1)}
    assert shares["a"][0] > KEY_SHARE_AT_MOST * shares["a"][1]  # the bank test would fail on 'a'


def test_next_step_explanations_argue_from_the_findings_before_naming_the_flag(kb, next_steps):
    # the rf-cues twin shows the same vignette: an explanation that opens with the flag's name
    # answers it (item review round 10, class 6)
    for flag in kb.all("red_flags"):
        names = {flag.data["name"].lower(), (flag.data.get("study_label") or "").lower()} - {""}
        for n in range(len(flag.data.get("study_vignettes", []))):
            text = next_steps[f"rf-next:{flag.id}:{n + 1}"].explanation
            assert not text.startswith("Red flag"), text
            assert not any(text.lower().startswith(name) for name in names), text


def test_every_red_flag_vignette_is_asked_in_both_templates_it_belongs_to(kb):
    # a generated item that breaks an item-writing check (a word only the key shares with the
    # stem, say) is dropped without a word; a hand-written vignette must never be
    asked = {q.id for q in questions(kb)}
    missing = []
    for flag in kb.all("red_flags"):
        for n, v in enumerate(flag.data.get("study_vignettes", []), start=1):
            wanted = [f"rf-next:{flag.id}:{n}"]
            if asks_which_flag(v):
                wanted.append(f"rf-cues:{flag.id}:{n}")
            missing += [qid for qid in wanted if qid not in asked]
    assert not missing, missing


# Item review round 12, class 2: each item shows four steps of the ladder, and which four predicted
# the key (the four {ambulance, same day, routine letter, treat} keyed 'same day' in 21 of 23; the
# commonest key of each set scored 109 of 142). A set of steps offered in two or more items may have
# one step as the key of at most half of them.
WINDOW_KEY_SHARE_AT_MOST = 0.5
# Guessing the commonest key of each set, knowing the whole bank: an ambulance item always offers
# the ambulance and a treat item never does (rule red-flag-far-distractor), so about half is the
# floor; 0.77 in round 12.
WINDOW_GUESS_AT_MOST = 0.55


def window_keys(items) -> dict[frozenset, dict[str, int]]:
    """For each set of choices shown together, how often each choice is the key."""
    found: dict[frozenset, dict[str, int]] = {}
    for q in items:
        keys = found.setdefault(frozenset(q.choices), {})
        keys[q.choices[q.answer]] = keys.get(q.choices[q.answer], 0) + 1
    return found


# Item review round 16 made the wrong steps depend on the scenario (a recheck only beside an
# ambulance or emergency-department key, radiographs only for bony or spinal flags and mimics, no
# ambulance beside a contestable emergency-department key). With rules red-flag-far-distractor,
# red-flag-phone-emergency-only and red-flag-vignette-nested-steps, most sets of four steps can now
# be keyed one way only: a randomised search over rule-respecting choices of wrong steps, throwaway
# options left out, found none within these two limits (its best: about 94 of 142 by the commonest key).
# Kept as strict expected failures so the conflict stays visible until the two aims are reconciled.
ROUND_16_CONFLICT = pytest.mark.xfail(
    strict=True, reason="round 16 scenario-fitted distractors conflict with the round 12 set limits"
)


@ROUND_16_CONFLICT
def test_no_set_of_next_steps_offered_in_several_items_predicts_its_key(next_steps):
    over = {
        tuple(sorted(window)): keys
        for window, keys in window_keys(next_steps.values()).items()
        if sum(keys.values()) >= 2 and max(keys.values()) > WINDOW_KEY_SHARE_AT_MOST * sum(keys.values())
    }
    assert not over, over


@ROUND_16_CONFLICT
def test_guessing_the_commonest_key_of_each_set_of_next_steps_scores_about_half_at_most(next_steps):
    windows = window_keys(next_steps.values())
    right = sum(max(keys.values()) for keys in windows.values())
    assert right <= WINDOW_GUESS_AT_MOST * len(next_steps), (right, len(next_steps))


# Until the two aims are reconciled, the bank may not drift further: measured after round 16,
# guessing the commonest key of each set scored 124 of 142 (it was 77 before). Open in the review log.
WINDOW_GUESS_ROUND_16 = 124


def test_guessing_the_commonest_key_scores_no_more_than_after_round_16(next_steps):
    windows = window_keys(next_steps.values())
    right = sum(max(keys.values()) for keys in windows.values())
    assert right <= WINDOW_GUESS_ROUND_16, (right, len(next_steps))


def test_window_keys_groups_items_by_the_set_of_choices_they_show():
    class Q:
        def __init__(self, choices, answer):
            self.choices, self.answer = choices, answer

    # the same four steps in two items keyed alike: the set predicts its key
    found = window_keys([Q(["a", "b", "c", "d"], 0), Q(["d", "c", "b", "a"], 3), Q(["a", "b", "c", "e"], 1)])
    assert found == {frozenset("abcd"): {"a": 2}, frozenset("abce"): {"b": 1}}


def test_holding_steps_are_offered_but_never_the_key(kb, next_steps):
    # resting and rechecking, phoning for advice, asking for radiographs: the mistakes an
    # under-prepared clinician makes at the decision point (item review round 14, class 2)
    choices = actions(kb)
    holding = {choices[k] for k in HOLDING}
    assert not holding & {q.choices[q.answer] for q in next_steps.values()}
    assert holding <= {c for q in next_steps.values() for c in q.choices}
    # each sits after the steps that get the patient assessed and before the routine letter
    assert all(ORDER.index("cancer") < ORDER.index(k) < ORDER.index("routine") for k in HOLDING)


def test_no_holding_step_is_the_longest_of_the_next_steps(kb):
    # item review round 16: 'Stop treatment, let the patient rest and recheck in 15 minutes before
    # deciding' was the longest option wherever it was offered, and it is never the key
    choices = actions(kb)
    longest = max(len(text) for text in choices.values())
    assert all(len(choices[k]) < longest for k in HOLDING), {k: len(choices[k]) for k in HOLDING}
    assert len(choices["recheck"]) <= min(len(text) for k, text in choices.items() if k not in HOLDING)


# Item review round 34, 3482 #48: the radiograph step read "Ask the physician to order radiographs",
# broader than its reason, which rebutted thoracic films only (pelvic films are a usual first step
# in suspected spondyloarthritis). The step names the films its vignette's `xray_region` gives,
# thoracic spine where it gives none, and the reason never argues against other films.
FILMS = re.compile(r"^(thoracic spine|cervical spine|spine|thoracic|rib|chest) (radiographs|films?)\b", re.IGNORECASE)


def test_the_radiograph_step_names_the_films_its_vignette_asks_for(kb, next_steps):
    checked = 0
    for flag in kb.all("red_flags"):
        for n, v in enumerate(flag.data.get("study_vignettes", []), start=1):
            if "xray" not in v["not"]:
                assert "xray_region" not in v, (flag.id, n)
                continue
            region = v.get("xray_region", XRAY_REGION)
            shown = [c for c in next_steps[f"rf-next:{flag.id}:{n}"].choices if "radiographs" in c]
            assert shown == [f"Ask the physician to order {region} radiographs"], (flag.id, n, shown)
            named = FILMS.match(v["not"]["xray"])
            assert not named or named.group(1).lower() == region, (flag.id, n, named and named.group(0))
            checked += 1
    assert checked >= 40
    spondyloarthritis = next_steps["rf-next:inflammatory-spondyloarthritis:4"].choices
    assert "Ask the physician to order thoracic spine radiographs" in spondyloarthritis
    assert "Ask the physician to order rib radiographs" in next_steps["rf-next:rib-fracture:6"].choices


def test_a_region_changes_only_the_radiograph_step(kb):
    plain, rib = actions(kb), actions(kb, "rib")
    assert plain["xray"] == "Ask the physician to order thoracic spine radiographs"
    assert rib["xray"] == "Ask the physician to order rib radiographs"
    assert {k: t for k, t in plain.items() if k != "xray"} == {k: t for k, t in rib.items() if k != "xray"}


# Item review round 43 (4301 #44; 4302 #3, #10, #13, #22): red-flag items whose stem did not
# carry what the key's reasons relied on.


@pytest.fixture(scope="module")
def round43_bank(generated):
    return {q.id: q for q in generated}


def _all_text(q) -> str:
    return " ".join((q.stem, q.explanation, *q.reasons))


def test_the_gallbladder_drive_key_has_an_unmistakably_stable_patient(round43_bank):
    """4301 #44: with a pulse of 104/min the drive-versus-ambulance key was two-defensible."""
    q = round43_bank["rf-next:gallbladder-disease:4"]
    assert q.choices[q.answer] == "Have someone drive the patient to the emergency department"
    pulse = int(re.search(r"pulse (\d+)/min", q.stem).group(1))
    assert pulse < 90
    assert "walked into the clinic unaided" in q.stem
    assert "104" not in _all_text(q)


def test_the_aneurysm_item_does_not_count_non_mechanical_pain_against_a_tumour(round43_bank):
    """4302 #3: pain that movement does not change is typical of malignancy."""
    q = round43_bank["rf-cues:abdominal-aortic-aneurysm:1"]
    reason = q.reasons[q.choices.index("Spinal malignancy")]
    assert "movement does not change" not in reason
    assert "pulsatile mass" in reason and "two days ago" in reason


def test_no_cardiac_reason_says_same_day_suits_an_episode_days_ago(round43_bank):
    """4302 #10: same-day assessment does not suit any episode that ended days ago."""
    for qid in ("rf-next:cardiac-ischaemia:6", "rf-next:pericarditis:1"):
        for reason in round43_bank[qid].reasons:
            assert "ended days ago" not in reason
            assert "fits chest pain that has already settled" not in reason


def test_the_embolism_stem_states_the_sudden_onset_its_key_relies_on(round43_bank):
    """4302 #13: the key said "sudden" but the stem said only "since last night"."""
    q = round43_bank["rf-next:pulmonary-embolism:3"]
    assert "sudden" in q.reasons[q.answer].lower()
    assert "came on suddenly" in q.stem


def test_the_pancoast_same_day_key_is_justified_from_the_stem(round43_bank):
    """4302 #22: "her physician should assess her today" with no grounds given."""
    q = round43_bank["rf-next:pancoast-tumour:3"]
    assert q.choices[q.answer] == "Arrange a medical assessment for the same day"
    assert "grown steadily weaker" in q.stem
    assert all("should assess her today" not in r for r in q.reasons)
    assert "weakened steadily" in q.reasons[q.answer]
