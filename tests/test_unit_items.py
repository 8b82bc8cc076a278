"""Where the key of a billing-units item falls among its four ascending counts (item review round
33, 3372, bank-level note): 41 of 53 unit items keyed the 2nd or 3rd count, because the named
counting errors mostly fall on both sides of the right one, so "drop the two extremes" scored.
Round 34 (3481 #16 and #26) removed the one error that let a Medicare key be the highest ("bills only
the code with the most minutes", which no clinician does): 24 of 53 keys were at an end after round
33, 17 of 53 now (all per code; 12 of 53 before round 33)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from ptref.kinds.codes.questions import AS_UNTIMED
from ptref.model.units import rules_from
from ptref.study.bank import groups
from ptref.study.model import NUMBER
from ptref.study.questions import units_answer, units_places

UNITS = re.compile(r"^(units-medicare|units-per-code):|^case:")


@pytest.fixture(scope="module")
def unit_items(kb):
    """Every item of the bank, topic or case, whose four options are unit counts."""
    return [
        q
        for g in groups(kb)
        for q in g.questions
        if UNITS.match(q.id) and all(NUMBER.match(c) and " unit" in c for c in q.choices)
    ]


def _template(qid: str) -> str:
    return qid.split(":", 1)[0]


def _place(q) -> int:
    values = [float(NUMBER.match(c).group(1)) for c in q.choices]
    assert values == sorted(values), q.id  # the options stay in ascending order
    return sorted(values).index(values[q.answer])


def test_a_third_of_the_unit_keys_are_the_lowest_or_the_highest_count(unit_items):
    """17 of 53 (0.32) with real counting errors only; at least 0.28 (15 of 53), so a bank with
    the key in the middle in all but 12 of 53 items, as before round 33, fails."""
    assert len(unit_items) >= 50
    ends = sum(_place(q) in (0, 3) for q in unit_items)
    assert 0.28 <= ends / len(unit_items) <= 0.65, (ends, len(unit_items))


def test_per_code_keys_are_at_an_end_in_over_half_their_items(unit_items):
    """Per code, real errors can put the key at either end (17 of 27 items); under Medicare they
    cannot for the bank's days, so per-code items carry the ends."""
    per_code = [q for q in unit_items if q.id.startswith("units-per-code:")]
    ends = sum(_place(q) in (0, 3) for q in per_code)
    assert ends >= 0.55 * len(per_code), (ends, len(per_code))


def test_no_unit_template_keys_one_end_in_most_of_its_items(unit_items):
    """Never "always the lowest" in one template: neither end holds more than 75% of its keys, and
    the per-code template keys both an end and a middle count."""
    by_template: dict[str, Counter[int]] = {}
    for q in unit_items:
        by_template.setdefault(_template(q.id), Counter())[_place(q)] += 1
    assert {"units-medicare", "units-per-code"} <= set(by_template)
    for template, places in by_template.items():
        n = sum(places.values())
        assert places[0] <= 0.75 * n and places[3] <= 0.75 * n, (template, places)
    places = by_template["units-per-code"]
    assert places[0] and places[3] and places[1] + places[2], places


def test_every_wrong_count_is_a_named_error_whatever_the_place(kb, unit_items):
    """A wrong count chosen to move the key is still a named counting error, never a filler, and
    never round 33's "bills only the code with the most minutes" (round 34, 3481 #16 and #26)."""
    for q in unit_items:
        for n, reason in enumerate(q.reasons):
            assert n == q.answer or "as if a visit allowed one timed code" not in reason, q.id
            assert n == q.answer or "bills only" not in reason, q.id
            if q.id.startswith("units-"):
                assert n == q.answer or "would need" not in reason, q.id


def test_a_place_is_given_only_by_named_errors_on_each_side(kb):
    """units_answer with a place: the key lands there when the named errors allow it, and the
    choice is the one without a place otherwise. A 38 + 23 + 23 minute day (84 minutes) counted
    per code (7 units) can key the highest count (whole units of each code 4, of the pool 5,
    Medicare's pooling 6) but not the lowest; under Medicare (6 units) only "one unit per code, as
    if untimed" lies below the whole units of each code, so the highest place is not offered."""
    rules = rules_from(kb.entries)
    day = [("97116", 38), ("97140", 23), ("97112", 23)]
    right, wrong, _, reasons = units_answer(rules, day, "per-code", place=3)
    assert right == "7 units" and wrong == ["4 units", "5 units", "6 units"]
    assert "pools the day's 84 timed minutes and counts only the whole 15-minute units (5)" in reasons["5 units"]
    assert units_answer(rules, day, "per-code", place=0)[1] == units_answer(rules, day, "per-code")[1]
    assert 0 not in units_places(rules, day, "per-code") and 3 in units_places(rules, day, "per-code")
    medicare = units_places(rules, day, "medicare", [AS_UNTIMED])
    assert units_answer(rules, day, "medicare")[0] == "6 units" and not {0, 3} & set(medicare)


CODE = re.compile(r"\b(?:9\d{4}|G\d{4})\b")


def test_no_unit_item_bills_a_recorded_ncci_pair_without_separate_blocks(kb, unit_items):
    """Item review round 41 (4102 #49): 'units-medicare:97140=12+97530=23+97110=54' asked for
    billable units of 97140 with 97530, an NCCI pair in data/codes.yml, without saying the two were
    given in separate, documented time blocks or naming the modifier (59 or XU). No unit item may
    combine a recorded pair unless its stem says the blocks were separate and its explanation
    names the modifier."""
    pairs = {frozenset((p.first, p.second)) for p in rules_from(kb.entries).pairs}
    assert frozenset(("97140", "97530")) in pairs  # the pair the finding names is in the data
    bad = []
    for q in unit_items:
        codes = set(CODE.findall(q.stem))
        combined = [sorted(p) for p in pairs if p <= codes]
        stated = "separate" in q.stem and re.search(r"\b(59|XU)\b", q.explanation)
        if combined and not stated:
            bad.append((q.id, combined))
    assert not bad, bad
