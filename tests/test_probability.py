"""Post-test probability in Python (ptref/model/probability.py and `ptref probability`).

tests/probability_vectors.json holds the cases that the tool page's JavaScript must agree on
too (tests/test_probability_page.py)."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from ptref.model.probability import (
    FORMATS,
    HEADLINE,
    PLACEHOLDER,
    WORDING,
    ProbabilityError,
    likelihood_ratio,
    number,
    post_test,
    rules_json,
    say,
)

VECTORS = json.loads((Path(__file__).parent / "probability_vectors.json").read_text(encoding="utf-8"))


def _run(case: dict):
    if "lr" in case and "sensitivity" not in case:
        return post_test(case["pretest"], case["lr"])
    lr = likelihood_ratio(case["sensitivity"], case["specificity"], case["result"])
    return post_test(case["pretest"], lr)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: json.dumps(c)[:60])
def test_each_vector(case):
    result = _run(case)
    assert round(result.post_test_probability, 2) == case["post_test_probability"]
    if "sensitivity" in case:
        assert round(result.lr, 4) == case["lr"]


@pytest.mark.parametrize("case", VECTORS["errors"], ids=lambda c: json.dumps(c)[:60])
def test_each_refusal(case):
    with pytest.raises(ProbabilityError):
        _run(case)


def test_the_worked_example_by_hand():
    """20% and LR 10: odds 0.25, x 10 = 2.5, 2.5 / 3.5 = 71.43%."""
    assert round(post_test(20, 10).post_test_probability, 2) == 71.43
    assert post_test(20, 10).as_json()["working"][1] == "Post-test odds = 0.250 x LR 10.00 = 2.500"


@given(st.floats(0.1, 99.9), st.floats(0.001, 1000))
def test_an_lr_above_1_raises_the_probability_and_below_1_lowers_it(pretest, lr):
    post = post_test(pretest, lr).post_test_probability
    if lr > 1:
        assert post >= pretest - 1e-9
    elif lr < 1:
        assert post <= pretest + 1e-9
    assert 0 <= post <= 100


@given(st.floats(0.1, 99.9), st.floats(0.01, 100))
def test_an_lr_and_its_inverse_undo_each_other(pretest, lr):
    there = post_test(pretest, lr).post_test_probability
    if 0.01 < there < 99.99:
        back = post_test(there, 1 / lr).post_test_probability
        assert math.isclose(back, pretest, rel_tol=1e-6, abs_tol=1e-6)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--pretest", "20", "--lr", "10"], 71.43),
        (["--pretest", "30", "--sensitivity", "87.5", "--specificity", "90", "--result", "negative"], 5.62),
    ],
)
def test_the_cli_prints_json_with_the_post_test_probability_in_percent(args, expected):
    run = subprocess.run(
        [sys.executable, "-m", "ptref.cli", "probability", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(run.stdout)["post_test_probability"] == expected


def test_the_cli_refuses_bad_input_in_one_line_with_status_2():
    run = subprocess.run(
        [sys.executable, "-m", "ptref.cli", "probability", "--pretest", "100", "--lr", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "pre-test probability" in run.stderr


def test_a_test_page_shows_its_accuracy_and_the_ratios_worked_out_from_it(kb):
    from ptref.site import page_renderer

    page = page_renderer(kb).entity("assessments", "wall-distance-tests").replace("\\", "")
    assert "## Diagnostic accuracy" in page
    assert "Sensitivity 70% (95% CI 50 to 90); specificity 67% (95% CI 57 to 76)" in page
    assert "LR+ 2.12, LR- 0.45 (worked out here from sensitivity and specificity)" in page
    assert "(../tools/post-test-probability.md)" in page
    study = kb.get("assessments", "wall-distance-tests").data["accuracy"][0]
    assert round(likelihood_ratio(study["sensitivity"], study["specificity"], "positive"), 2) == 2.12


# ---- one wording: probability.py writes it, probability.js only fills it in ---------------

PROBABILITY_JS = ROOT / "docs" / "javascripts" / "probability.js"


def _js_code() -> str:
    """probability.js without its comments (they may name the wording they do not hold)."""
    text = PROBABILITY_JS.read_text(encoding="utf-8")
    return "\n".join(re.sub(r"(^|\s)//.*$", "", line) for line in text.splitlines())


def _literal_parts(template: str) -> list[str]:
    """A template's own words between its placeholders, those long enough to be wording."""
    parts = (part.strip(" .,;:()%=") for part in PLACEHOLDER.split(template)[::3])
    return [part for part in parts if " " in part and len(part) >= 12]


def test_every_template_uses_a_format_the_page_knows_and_say_fills_it():
    for key, template in WORDING.items():
        specs = [spec for _, spec in PLACEHOLDER.findall(template) if spec]
        assert set(specs) <= set(FORMATS), key
    assert say("error_pretest", pretest=100) == "pre-test probability must be above 0 and below 100 percent, got 100"
    assert say("error_lr", lr=float("nan")) == "a likelihood ratio is a number of 0 or more, got NaN"
    assert rules_json()["wording"] == WORDING and rules_json()["headline"] == HEADLINE


def test_probability_js_holds_no_wording_of_its_own():
    js = _js_code()
    assert _literal_parts(WORDING["prompt_snsp"]), "the check below would see nothing"
    for key, template in WORDING.items():
        for part in _literal_parts(template):
            assert part not in js, f"probability.js writes {part!r} itself: take WORDING[{key!r}] from the page"
    assert not re.search(r"(?<![\w.])99(?![\w.])", js), "take the headline's decimals from rules.headline"


def test_the_page_carries_the_wording_in_a_json_block():
    from ptref.render.probability_form import probability_calculator

    markup = probability_calculator()
    block = re.search(r'<script type="application/json" id="ptref-probability-rules">(.*?)</script>', markup, re.S)
    assert block and json.loads(block.group(1)) == rules_json()


@pytest.mark.parametrize(
    ("x", "spec", "expected"),
    [
        (0.125, ".2f", "0.13"),  # an exact tie goes away from zero (format() would give "0.12")
        (2.5, ".0f", "3"),
        (-2.5, ".0f", "-3"),
        (1.005, ".2f", "1.00"),  # 1.005 is 1.00499... in binary
        (-0.0, ".2f", "0.00"),
        (-0.001, ".2f", "-0.00"),
        (1e21, ".2f", "1e+21"),
        (70, "", "70"),
        (87.5, "", "87.5"),
        (1 / 3, "", "0.3333333333333333"),
        (0.000001, "", "0.000001"),
        (1e-7, "", "1e-7"),
        (1.5e22, "", "1.5e+22"),
        (123456789012345680000, "", "123456789012345680000"),
        (2.121212, ".4g", "2.121"),
        (10.03125, ".6g", "10.0313"),
        (1234567, ".4g", "1235000"),
        (float("nan"), ".2f", "NaN"),
        (float("-inf"), "", "-Infinity"),
    ],
)
def test_numbers_are_written_as_the_browser_writes_them(x, spec, expected):
    """number() follows ECMAScript's String(x), toFixed and toPrecision (the page's script uses
    those directly; tests/test_probability_page.py compares both in Chromium)."""
    assert number(x, spec) == expected


def test_a_test_page_writes_its_lr_with_the_tool_s_decimals(kb):
    from ptref.kinds.assessments.page import LR_SPEC

    assert "{lr:" + LR_SPEC + "}" in WORDING["lr_positive"]
