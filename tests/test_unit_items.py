"""Where the key of a billing-units item falls among its four ascending counts (item review round
33, 3372, bank-level note): 41 of 53 unit items keyed the 2nd or 3rd count, because the named
counting errors mostly fall on both sides of the right one, so "drop the two extremes" scored."""

from __future__ import annotations

import re
from collections import Counter

import pytest

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


def test_about_half_the_unit_keys_are_the_lowest_or_the_highest_count(unit_items):
    assert len(unit_items) >= 50
    ends = sum(_place(q) in (0, 3) for q in unit_items)
    assert 0.35 <= ends / len(unit_items) <= 0.65, (ends, len(unit_items))


def test_no_unit_template_keys_one_end_in_most_of_its_items(unit_items):
    """Never "always the lowest" in one template: neither end holds more than 75% of its keys, and
    each generated template keys both an end and a middle count."""
    by_template: dict[str, Counter[int]] = {}
    for q in unit_items:
        by_template.setdefault(_template(q.id), Counter())[_place(q)] += 1
    assert {"units-medicare", "units-per-code"} <= set(by_template)
    for template, places in by_template.items():
        n = sum(places.values())
        assert places[0] <= 0.75 * n and places[3] <= 0.75 * n, (template, places)
    for template in ("units-medicare", "units-per-code"):
        places = by_template[template]
        assert places[0] + places[3] and places[1] + places[2], (template, places)


def test_every_wrong_count_is_a_named_error_whatever_the_place(kb, unit_items):
    """A wrong count chosen to move the key is still a named counting error, never a filler."""
    for q in unit_items:
        if q.id.startswith("units-"):
            for n, reason in enumerate(q.reasons):
                assert n == q.answer or "would need" not in reason, q.id


def test_a_place_is_given_only_by_named_errors_on_each_side(kb):
    """units_answer with a place: the key lands there when the named errors allow it, and the
    choice is the one without a place otherwise; a 38 + 23 + 23 minute Medicare day (84 pooled,
    6 units) can key the highest count (whole units of each code 4, of the pool 5, only the
    longest code 3) but not the lowest."""
    rules = rules_from(kb.entries)
    day = [("97116", 38), ("97140", 23), ("97112", 23)]
    right, wrong, _, reasons = units_answer(rules, day, "medicare", place=3)
    assert right == "6 units" and wrong == ["3 units", "4 units", "5 units"]
    assert "bills only 97116, the code with the most minutes (38 minutes earn 3)" in reasons["3 units"]
    assert units_answer(rules, day, "medicare", place=0)[1] == units_answer(rules, day, "medicare")[1]
    assert 0 not in units_places(rules, day, "medicare") and 3 in units_places(rules, day, "medicare")
