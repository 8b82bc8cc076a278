"""The post-test probability page: probability.js gives the answers of ptref/model/probability.py
(tests/probability_vectors.json and more), and the form and the Fagan nomogram work by keyboard."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import browser, serve
from conftest import ROOT

from ptref.model.probability import (
    HEADLINE,
    WORDING,
    ProbabilityError,
    fill,
    likelihood_ratio,
    number,
    percent,
    post_test,
    rules_json,
    working,
)
from ptref.render.probability_form import probability_calculator

VECTORS = json.loads((Path(__file__).parent / "probability_vectors.json").read_text(encoding="utf-8"))
PAGE_SOURCE = ROOT / "docs" / "tools" / "post-test-probability.md"
PAGE = "tools/post-test-probability.html"

# (pretest, lr) beyond the vectors: odd decimals, the ends of the scales, exact ties in the
# working's rounding (0.125 is "0.13" on both sides: toFixed's ties go away from zero), and a huge LR.
EXTRA_LR = [
    (0.1, 1000),
    (99.9, 0.001),
    (12.5, 0.125),
    (37.3, 3.7),
    (62.5, 0.375),
    (1.234375, 2.5),
    (0.001, 7),
    (73.19, 0.0),
    (45, 1e30),
    (8.8, 1.6),
]
# (pretest, sensitivity, specificity, result)
EXTRA_SNSP = [
    (20, 87.5, 100, "negative"),
    (15, 94, 36, "positive"),
    (15, 94, 36, "negative"),
    (60, 0, 50, "positive"),
    (60, 100, 0, "positive"),
    (3.5, 55.5, 99.9, "positive"),
    (50, 50, 50, "negative"),
]


def python_case(case: dict) -> dict:
    """What probability.py gives for a vector: the LR, the result's numbers and its working."""
    if "sensitivity" in case:
        lr = likelihood_ratio(case["sensitivity"], case["specificity"], case["result"])
        result = post_test(case["pretest"], lr, f"{case['result']} result")
    else:
        lr = case["lr"]
        result = post_test(case["pretest"], lr)
    return {
        "lr": result.lr,
        "post_test_probability": result.post_test_probability,
        "pretest_odds": result.pretest_odds,
        "post_test_odds": result.post_test_odds,
        "lr_from": result.lr_from,
        "working": working(result),
    }


# One case through window.ptrefProbability, as python_case gives it; errors as {"error": message}.
JS_CASE = """c => {
    const p = window.ptrefProbability;
    try {
        let lr = c.lr, from = "given";
        if ("sensitivity" in c) {
            lr = p.likelihoodRatio(c.sensitivity, c.specificity, c.result);
            from = c.result + " result";
        }
        const r = p.postTest(c.pretest, lr, from);
        return {lr: r.lr, post_test_probability: r.post_test_probability, pretest_odds: r.pretest_odds,
                post_test_odds: r.post_test_odds, lr_from: r.lr_from, working: p.working(r)};
    } catch (e) {
        return {error: e.message};
    }
}"""


def python_error(case: dict) -> str:
    with pytest.raises(ProbabilityError) as info:
        python_case(case)
    return str(info.value)


@contextmanager
def probability_page(site, **context_options):
    """The tool page of the built site in Chromium, with every request outside the site blocked."""
    with serve(site) as base, browser() as b:
        context = b.new_context(**context_options)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + PAGE, wait_until="load")
        yield page
        assert not errors, errors
        context.close()


def output_text(page) -> str:
    return page.inner_text("#ptref-probability-output")


def line_end(page) -> tuple[float, float]:
    line = page.locator("#ptref-nomogram-line")
    return float(line.get_attribute("x2")), float(line.get_attribute("y2"))


# ---- fast: the page source ---------------------------------------------------------------


def test_the_page_exists_and_names_the_three_quantities():
    text = PAGE_SOURCE.read_text(encoding="utf-8")
    assert text.startswith("---\nrender_macros: true\n---\n\n# Post-test probability\n")
    for words in ("Pre-test probability", "Likelihood ratio", "Post-test probability"):
        assert f"**{words}**" in text, words
    assert "prevalence in a similar population" in text
    assert "nothing is sent anywhere" in text
    assert "## Where the numbers come from" in text
    assert "{{ probability_calculator() }}" in text
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "javascripts/probability.js" in mkdocs and "tools/post-test-probability.md" in mkdocs


@pytest.mark.parametrize("figures", [(), (87.5, 90)])
def test_the_calculator_labels_every_field_and_scales(figures):
    markup = probability_calculator(*figures)
    assert 'id="ptref-probability-form"' in markup
    assert 'role="status" aria-live="polite"' in markup
    for input_id in re.findall(r'<input id="([^"]+)"', markup):
        assert f'<label for="{input_id}">' in markup, input_id
    assert re.search(r'<svg id="ptref-nomogram"[^>]* viewBox="0 0 \d+ \d+" width="100%"', markup)
    assert "<title" in markup


def test_a_study_s_figures_open_the_calculator_on_sensitivity_and_specificity():
    markup = probability_calculator(87.5, 90)
    assert 'value="snsp" checked' in markup and 'value="lr" checked' not in markup
    assert 'id="ptref-probability-lr-group" hidden' in markup
    assert 'id="ptref-probability-snsp-group">' in markup
    assert 'name="sensitivity" type="number" min="0" max="100" step="any" inputmode="decimal" value="87.5"' in markup
    assert 'value="90"' in markup
    assert 'id="ptref-probability-pretest" name="pretest" type="number"' in markup  # left for the reader


def test_python_gives_the_vectors():
    """The vectors themselves, through probability.py (the reference the page is held to)."""
    for case in VECTORS["cases"]:
        got = python_case(case)
        assert round(got["post_test_probability"], 2) == case["post_test_probability"], case
        if "sensitivity" in case:
            assert round(got["lr"], 4) == case["lr"], case
    for case in VECTORS["errors"]:
        python_error(case)


# ---- slow: the page in Chromium ----------------------------------------------------------


def test_the_script_gives_every_vector_and_refuses_every_error(site):
    with probability_page(site) as page:
        for case in VECTORS["cases"]:
            got = page.evaluate(JS_CASE, case)
            assert "error" not in got, (case, got)
            assert round(got["post_test_probability"], 2) == case["post_test_probability"], case
            if "sensitivity" in case:
                assert round(got["lr"], 4) == case["lr"], case
            assert got == python_case(case), case
        for case in VECTORS["errors"]:
            got = page.evaluate(JS_CASE, case)
            assert got == {"error": python_error(case)}, case


@pytest.mark.parametrize("case", [{"pretest": p, "lr": lr} for p, lr in EXTRA_LR], ids=str)
def test_the_script_agrees_with_python_on_more_inputs(site, case):
    with probability_page(site) as page:
        assert page.evaluate(JS_CASE, case) == python_case(case)


def test_the_script_agrees_with_python_on_sensitivity_and_specificity(site):
    with probability_page(site) as page:
        for pretest, sn, sp, result in EXTRA_SNSP:
            case = {"pretest": pretest, "sensitivity": sn, "specificity": sp, "result": result}
            got = page.evaluate(JS_CASE, case)
            try:
                expected = python_case(case)
            except ProbabilityError as exc:
                expected = {"error": str(exc)}
            assert got == expected, case
        # Refusals beyond the vectors, word for word.
        for case in (
            {"pretest": 20, "sensitivity": 80, "specificity": 0, "result": "negative"},
            {"pretest": 20, "sensitivity": -1, "specificity": 50, "result": "positive"},
            {"pretest": 20, "sensitivity": 80, "specificity": 50, "result": "unclear"},
            {"pretest": -5, "lr": 2},
            {"pretest": 20, "lr": 1e400},
        ):
            assert page.evaluate(JS_CASE, case) == {"error": python_error(case)}, case


def test_the_form_works_by_keyboard_alone(site):
    with probability_page(site) as page:
        page.focus("#ptref-probability-pretest")
        page.keyboard.type("20")
        page.keyboard.press("Tab")  # the checked radio of "What do you know about the test?"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "ptref-probability-lr"
        page.keyboard.type("10")
        assert "Post-test probability: 71.4%" in output_text(page)
        page.keyboard.press("Enter")  # Calculate, from the field
        assert "Post-test probability: 71.4%" in output_text(page)
        result = json.loads(page.get_attribute("#ptref-probability-output", "data-result"))
        assert round(result["post_test_probability"], 2) == 71.43
        for line in working(post_test(20, 10)):
            assert line in output_text(page)

        # Sensitivity and specificity, by keyboard: back to the mode radios, arrow to the other one.
        case = next(c for c in VECTORS["cases"] if c.get("sensitivity") == 87.5 and c["result"] == "negative")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.value") == "lr"
        page.keyboard.press("ArrowDown")
        assert page.is_checked("input[name=ptref-probability-mode][value=snsp]")
        assert page.is_hidden("#ptref-probability-lr") and page.is_visible("#ptref-probability-sn")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.id") == "ptref-probability-pretest"
        page.keyboard.press("Control+A")
        page.keyboard.type(str(case["pretest"]))
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "ptref-probability-sn"
        page.keyboard.type(str(case["sensitivity"]))
        page.keyboard.press("Tab")
        page.keyboard.type(str(case["specificity"]))
        page.keyboard.press("Tab")  # the checked "Positive"
        assert page.evaluate("document.activeElement.value") == "positive"
        page.keyboard.press("ArrowDown")
        assert page.is_checked("input[name=ptref-probability-result][value=negative]")
        text = output_text(page)
        assert "Post-test probability: 5.6%" in text
        assert "LR- = (100% - sensitivity) / specificity = (100% - 87.5%) / 90% = 0.14" in text
        result = json.loads(page.get_attribute("#ptref-probability-output", "data-result"))
        assert round(result["post_test_probability"], 2) == case["post_test_probability"]
        assert round(result["lr"], 4) == case["lr"]
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Calculate"


def test_the_form_explains_what_it_cannot_calculate(site):
    with probability_page(site) as page:
        assert "Enter a pre-test probability" in output_text(page)
        page.fill("#ptref-probability-pretest", "100")
        page.fill("#ptref-probability-lr", "2")
        assert "Cannot calculate: pre-test probability must be above 0 and below 100 percent, got 100" in (
            output_text(page)
        )
        assert page.get_attribute("#ptref-nomogram-reading", "display") == "none"
        page.check("input[name=ptref-probability-mode][value=snsp]")
        page.fill("#ptref-probability-pretest", "20")
        page.fill("#ptref-probability-sn", "80")
        page.fill("#ptref-probability-sp", "100")
        assert "infinite LR+" in output_text(page)


def test_the_nomogram_line_follows_the_numbers(site):
    with probability_page(site) as page:
        svg = page.locator("#ptref-nomogram")
        assert page.get_attribute("#ptref-nomogram-reading", "display") == "none"  # no line before any numbers
        page.fill("#ptref-probability-pretest", "20")
        page.fill("#ptref-probability-lr", "10")
        first = line_end(page)
        assert "post-test probability 71.4%" in svg.get_attribute("aria-label")
        assert svg.locator("title").text_content() == svg.get_attribute("aria-label")
        page.fill("#ptref-probability-lr", "0.1")
        second = line_end(page)
        assert second[0] == first[0] and second[1] > first[1]  # same axis, lower down: a smaller probability
        assert "post-test probability 2.4%" in svg.get_attribute("aria-label")
        page.fill("#ptref-probability-pretest", "60")
        assert line_end(page)[1] < second[1]
        assert "post-test probability 13.0%" in svg.get_attribute("aria-label")

        # The line is where the nomogram's geometry says: the right axis at the post-test log odds.
        geometry = {k: float(svg.get_attribute(f"data-{k}")) for k in ("k", "yc", "x-post")}
        page.fill("#ptref-probability-pretest", "20")
        page.fill("#ptref-probability-lr", "10")
        x2, y2 = line_end(page)
        assert x2 == geometry["x-post"]
        assert y2 == pytest.approx(geometry["yc"] - geometry["k"] * 0.39794, abs=0.1)  # log10 of odds 2.5

        # Beyond the scales (LR 0 gives 0%), the line stays inside the drawing and says so.
        page.fill("#ptref-probability-lr", "0")
        box = [float(v) for v in svg.get_attribute("viewBox").split()]
        x2, y2 = line_end(page)
        assert 0 <= y2 <= box[3]
        assert "beyond the printed scales" in svg.get_attribute("aria-label")


def test_the_nomogram_shows_its_scales_without_javascript(site):
    with probability_page(site, java_script_enabled=False) as page:
        svg = page.locator("#ptref-nomogram")
        assert svg.is_visible()
        labels = svg.locator(".ptref-nomogram__labels text").all_text_contents()
        for value in ("0.1", "50", "99.9", "0.001", "1", "1000"):
            assert value in labels
        assert "Pre-test" in svg.text_content() and "Post-test" in svg.text_content()
        assert "Fagan nomogram" in svg.get_attribute("aria-label")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_the_screen(site, width):
    with probability_page(site, viewport={"width": width, "height": 900}) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        box = page.locator("#ptref-nomogram").bounding_box()
        assert box["width"] <= width and box["width"] > 250


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_accessibility_violations(site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    with probability_page(site, color_scheme=scheme) as page:
        page.add_style_tag(
            content="*, *::before, *::after { transition: none !important; animation: none !important; }"
        )
        problems = []
        for step in ("empty", "lr", "snsp"):
            if step == "lr":
                page.fill("#ptref-probability-pretest", "20")
                page.fill("#ptref-probability-lr", "10")
            elif step == "snsp":
                page.check("input[name=ptref-probability-mode][value=snsp]")
                page.fill("#ptref-probability-sn", "101")
                page.fill("#ptref-probability-sp", "90")  # an error message on show, too
            results = Axe().run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    problems.append(f"{step} [{scheme}] {violation['id']}: {violation['help']} {targets}")
        assert not problems, "\n".join(problems)


def test_a_test_page_opens_the_tool_with_its_figures(site):
    """The accuracy section of a test page links to the tool with ?sn=..&sp=..; the tool fills them in."""
    html = (site / "assessments/wall-distance-tests.html").read_text(encoding="utf-8")
    assert 'href="../tools/post-test-probability.html?sn=70&amp;sp=67"' in html
    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "tools/post-test-probability.html?sn=70&sp=67&pretest=20", wait_until="load")
        assert page.locator("#ptref-probability-sn").input_value() == "70"
        assert page.locator("#ptref-probability-sp").input_value() == "67"
        assert page.locator('input[name="ptref-probability-mode"][value="snsp"]').is_checked()
        page.goto(base + "tools/post-test-probability.html?lr=<script>&pretest=20", wait_until="load")
        assert page.locator("#ptref-probability-lr").input_value() == ""


def test_a_test_page_carries_the_calculator_open_on_its_study(site):
    """On a test page with accuracy data the calculator holds the study's figures: the reader adds a
    pre-test estimate; a study's link fills the calculator on the page instead of leaving it."""
    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "assessments/closed-fist-percussion-sign.html", wait_until="load")
        assert page.locator("#ptref-probability-sn").input_value() == "87.5"
        assert page.locator("#ptref-probability-sp").input_value() == "90"
        page.fill("#ptref-probability-pretest", "30")
        result = json.loads(page.get_attribute("#ptref-probability-output", "data-result"))
        assert round(result["post_test_probability"], 3) == round(post_test(30, 8.75).post_test_probability, 3)
        page.fill("#ptref-probability-sn", "50")
        page.click("a.ptref-probability-use")
        assert page.url.endswith("closed-fist-percussion-sign.html")  # stayed on the test page
        assert page.locator("#ptref-probability-sn").input_value() == "87.5"
        assert page.evaluate("document.activeElement.id") == "ptref-probability-pretest"
        assert "Post-test probability: 78.9%" in output_text(page)


# ---- one rounding: what Python writes is what the browser writes -------------------------
# No built site needed: the tool's markup (with its rules block) and probability.js, in one page.

# Exact ties (0.125, 2.5, 10.03125, 1.5), values just off a tie (1.005 is 1.00499...), the ends
# where String() turns to exponents (1e-7, 1e21), negative zero, NaN, Infinity, and figures
# from the data (87.5, 2.1212...).
NUMBERS = [
    0,
    -0.0,
    0.125,
    2.5,
    1.5,
    10.03125,
    1.005,
    0.045,
    99.995,
    87.5,
    70,
    67,
    2.121212121212121,
    1 / 3,
    0.0001234,
    1e-7,
    1.5e-7,
    0.000001,
    123456789.125,
    1e21,
    1.5e22,
    1e30,
    -2.675,
    -0.001,
    1000,
    8.75,
    float("nan"),
    float("inf"),
    float("-inf"),
]
SPECS = ["", ".0f", ".1f", ".2f", ".3f", ".4g", ".6g"]


def _tool_page(b, rules: dict | None = None):
    """A blank page holding the calculator's markup, with `rules` in its rules block if given."""
    markup = probability_calculator()
    if rules is not None:
        block = '<script type="application/json" id="ptref-probability-rules">'
        start = markup.index(block) + len(block)
        markup = markup[:start] + json.dumps(rules) + markup[markup.index("</script>", start) :]
    script = (ROOT / "docs" / "javascripts" / "probability.js").read_text(encoding="utf-8")
    page = b.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content(f"<!doctype html><html><body>{markup}<script>{script}</script></body></html>")
    return page, errors


def _js_number(x: float) -> object:
    """A float as page.evaluate can carry it (JSON has no NaN, Infinity or -0)."""
    if x != x or x in (float("inf"), float("-inf")) or (x == 0 and str(x).startswith("-")):
        return {"special": repr(x)}
    return x


JS_NUMBERS = """([values, specs]) => values.map(v => {
    const x = typeof v === "number" ? v : {nan: NaN, inf: Infinity, "-inf": -Infinity, "-0.0": -0}[v.special];
    return specs.map(spec => window.ptrefProbability.format.number(x, spec));
})"""


@pytest.mark.slow
def test_the_page_writes_every_number_as_python_does():
    """number() in probability.py and the page's script, on a table of values and formats."""
    from browser import require_chromium

    require_chromium()
    with browser() as b:
        page, errors = _tool_page(b)
        got = page.evaluate(JS_NUMBERS, [[_js_number(x) for x in NUMBERS], SPECS])
        expected = [[number(x, spec) for spec in SPECS] for x in NUMBERS]
        for x, row, want in zip(NUMBERS, got, expected, strict=True):
            assert row == want, x
        for value in (0.5, 0.999, 1, 50, 99, 99.5, 99.999, 71.428571):
            assert page.evaluate("v => window.ptrefProbability.format.percent(v)", value) == percent(value), value
        page.close()
        assert not errors, errors


@pytest.mark.slow
def test_the_page_takes_its_wording_and_decimals_from_the_rules_block():
    """Other wording and other decimals in the rules block: the script writes what the block
    says, the same as fill() in Python. A script with its own decimals or sentences fails here."""
    from browser import require_chromium

    require_chromium()
    rules = rules_json()
    rules["wording"] = {
        key: template.replace(":.3f}", ":.5f}").replace(":.2f}", ":.0f}").replace(":.1f}", ":.4f}")
        for key, template in WORDING.items()
    }
    rules["wording"]["headline"] = "Chance after the test: {percent}"
    rules["headline"] = {**HEADLINE, "decimals": 3}
    with browser() as b:
        page, errors = _tool_page(b, rules)
        page.fill("#ptref-probability-pretest", "12.5")
        page.fill("#ptref-probability-lr", "2.5")
        text = output_text(page)
        result = post_test(12.5, 2.5)
        assert "Chance after the test: 26.316%" in text
        for key in ("working_pretest_odds", "working_post_test_odds", "working_post_test_probability"):
            line = fill(rules["wording"][key], vars(result))
            assert line in text and line not in working(result), key
        page.close()
        assert not errors, errors


def test_probability_js_keeps_no_rounding_of_its_own():
    """Decimals come from the rules block: no literal count of digits in a format call, and none
    of the hand-made rounding the script once carried (a copy of Python's format())."""
    js = (ROOT / "docs" / "javascripts" / "probability.js").read_text(encoding="utf-8")
    code = "\n".join(re.sub(r"(^|\s)//.*$", "", line) for line in js.splitlines())
    assert "toFixed(" in code, "the check below would see nothing"
    assert not re.search(r"to(Fixed|Precision|Exponential)\([^)]*\d", code), "a count of digits typed in the script"
    for helper in ("exactDigits", "roundDigits", "BigInt", "toPrecision(4"):
        assert helper not in code, helper
