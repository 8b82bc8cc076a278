"""Prediction rules: the status comes from the studies, and the page says it first."""

import copy

import pytest
from conftest import FIXTURES

from ptref.kinds.prediction_rules.page import status  # registered by ptref.site
from ptref.site import load, page_renderer, tags


def _rule(*steps):
    return {"evidence": [{"step": s, "reference": "x", "finding": "x"} for s in steps]}


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (("derivation",), "derived-only"),
        (("derivation", "validation"), "validated"),
        (("derivation", "validation", "impact"), "impact-tested"),
        # One failed validation outweighs any success, before or after it.
        (("derivation", "validation", "failed-validation"), "failed-validation"),
        (("derivation", "failed-validation", "validation", "impact"), "failed-validation"),
    ],
)
def test_the_status_is_the_strongest_step_and_a_failure_wins(steps, expected):
    assert status(_rule(*steps)) == expected


@pytest.fixture
def minimal_kb():
    return load(FIXTURES / "minimal")


def test_the_page_opens_with_the_status_and_tells_each_study(minimal_kb):
    page = page_renderer(minimal_kb).entity("prediction_rules", "mobilisation-rule")
    assert page.index("Status: Derived only") < page.index("## What it predicts")
    assert "**Derivation** ([Finucane 2020]" in page


def test_a_failed_validation_turns_the_box_red_and_the_tag(minimal_kb):
    rule = minimal_kb.get("prediction_rules", "mobilisation-rule")
    failed = copy.deepcopy(rule.data)
    failed["evidence"].append({"step": "failed-validation", "reference": "finucane-2020", "finding": "x"})
    assert tags("prediction_rules", failed) == ["Prediction rules", "Failed validation"]
    rule.data["evidence"] = failed["evidence"]
    page = page_renderer(minimal_kb).entity("prediction_rules", "mobilisation-rule")
    assert '!!! danger "Status: Failed validation"' in page


def test_the_index_groups_rules_by_status(minimal_kb):
    index = page_renderer(minimal_kb).index("prediction_rules")
    assert "## Derived only, not yet validated" in index
    assert "Predicts who improves quickly" in index
