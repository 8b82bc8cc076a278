"""The units calculator: one file of vectors, run against the Python API, the CLI and the page."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser import browser, serve
from conftest import DATA, ROOT

from macros.model.units import UnitsError, calculate, parse_pairs, rules_from
from macros.model.validate import validate

VECTORS = json.loads((Path(__file__).parent / "units_vectors.json").read_text(encoding="utf-8"))
CASES = [(case, method) for case in VECTORS["cases"] for method in ("medicare", "per-code")]
IDS = [f"{case['name']} [{method}]" for case, method in CASES]
PTREF = Path(sys.executable).parent / "ptref"


@pytest.fixture(scope="module")
def rules():
    entries, errors = validate(DATA, official_codes=False)
    assert not errors
    return rules_from(entries)


def check_result(result: dict, case: dict, method: str):
    expected = case[method]
    assert result["method"] == method
    assert result["units"] == expected["units"]
    assert list(result["units"]) == [p.split("=")[0] for p in case["input"]], "units keep the input order"
    assert result["total_units"] == expected["total_units"]
    if "total_timed_minutes" in expected:
        assert result["total_timed_minutes"] == expected["total_timed_minutes"]
    for part in expected.get("warnings_include", []):
        assert any(part in w for w in result["warnings"]), f"no warning with {part!r}: {result['warnings']}"
    for part in expected.get("warnings_exclude", []):
        assert not any(part in w for w in result["warnings"]), f"unexpected warning {part!r}"
    assert result["explanation"], "the result must show its work"


@pytest.mark.parametrize("case, method", CASES, ids=IDS)
def test_python_api(rules, case, method):
    check_result(calculate(rules, parse_pairs(case["input"]), method), case, method)


@pytest.mark.parametrize("case, method", CASES, ids=IDS)
def test_cli(case, method):
    result = subprocess.run([str(PTREF), "units", "--method", method, "--data", str(DATA), *case["input"]],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    check_result(json.loads(result.stdout), case, method)


@pytest.mark.parametrize("error", VECTORS["errors"], ids=[" ".join(e["input"]) for e in VECTORS["errors"]])
def test_cli_rejects_bad_input_with_one_line_and_status_2(error):
    result = subprocess.run([str(PTREF), "units", "--data", str(DATA), *error["input"]],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and error["error"] in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_cli_rejects_an_unknown_method_in_one_line():
    result = subprocess.run([str(PTREF), "units", "--method", "fastest", "97110=10"], capture_output=True, text=True)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_the_page_gives_the_same_answers_as_python(site, rules):
    """units.js in Chromium, fed the rules the build wrote into the page, with the network blocked."""
    with serve(site) as base, browser() as b:
        context = b.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page = context.new_page()
        page.goto(base + "tools/units-calculator.html", wait_until="load")
        for case, method in CASES:
            js = page.evaluate("""([pairs, method]) => {
                const rules = JSON.parse(document.getElementById('ptref-units-rules').textContent);
                const entries = pairs.map(p => { const [c, m] = p.split('='); return [c, parseInt(m, 10)]; });
                return window.ptrefUnits.calculate(rules, entries, method);
            }""", [case["input"], method])
            assert js == calculate(rules, parse_pairs(case["input"]), method), case["name"]
        for error in VECTORS["errors"]:
            if any(not p.partition("=")[2].lstrip("-").isdigit() for p in error["input"]):
                continue  # parsing is the form's job, tested below
            message = page.evaluate("""(pairs) => {
                const rules = JSON.parse(document.getElementById('ptref-units-rules').textContent);
                try { window.ptrefUnits.calculate(rules, pairs.map(p => { const [c, m] = p.split('=');
                      return [c, parseInt(m, 10)]; }), 'medicare'); return null; }
                catch (e) { return e.message; }
            }""", error["input"])
            assert message and error["error"] in message, (error, message)
        context.close()


def test_the_form_works_by_keyboard_alone(site, rules):
    case = VECTORS["cases"][3]  # four codes, including a code under 8 minutes that still gets a unit
    with serve(site) as base, browser() as b:
        context = b.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page = context.new_page()
        page.goto(base + "tools/units-calculator.html", wait_until="load")
        page.focus("#ptref-code-1")
        for n, pair in enumerate(case["input"], 1):
            code, minutes = pair.split("=")
            if n > 1:
                page.focus("[data-units-add]")
                page.keyboard.press("Enter")  # adds a row and moves focus to its code field
            page.keyboard.type(code)  # typing in a focused <select> picks the matching option
            assert page.input_value(f"#ptref-code-{n}") == code
            page.keyboard.press("Tab")
            page.keyboard.type(minutes)
        page.keyboard.press("Enter")  # submits the form from the minutes field
        page.wait_for_selector("#ptref-units-output[data-result]")
        result = json.loads(page.get_attribute("#ptref-units-output", "data-result"))
        assert result == calculate(rules, parse_pairs(case["input"]), "medicare")
        assert "Result: 3 unit(s)" in page.inner_text("#ptref-units-output")
        page.fill("#ptref-minutes-1", "7.5")  # a number field takes no letters, but it takes decimals
        page.focus("#ptref-minutes-1")
        page.keyboard.press("Enter")
        assert "must be a whole number" in page.inner_text("#ptref-units-output")
        context.close()


# --- properties -------------------------------------------------------------------------------
TIMED_CODES = ["97110", "97112", "97140", "97530", "97035", "97032"]
sessions = st.lists(st.tuples(st.sampled_from(TIMED_CODES), st.integers(0, 120)),
                    min_size=1, max_size=6, unique_by=lambda cm: cm[0])


@settings(max_examples=300, deadline=None)
@given(sessions)
def test_medicare_units_add_up_and_no_code_gets_more_than_one_extra(rules, session):
    result = calculate(rules, session, "medicare")
    total = sum(m for _, m in session)
    assert sum(result["units"].values()) == result["total_units"] == (0 if total < 8 else (total + 7) // 15)
    for code, minutes in session:
        assert minutes // 15 <= result["units"][code] <= minutes // 15 + 1


@settings(max_examples=300, deadline=None)
@given(sessions)
def test_per_code_never_pools_minutes(rules, session):
    result = calculate(rules, session, "per-code")
    for code, minutes in session:
        alone = calculate(rules, [(code, minutes)], "per-code")["units"][code]
        assert result["units"][code] == alone == (0 if minutes < 8 else (minutes + 7) // 15)


def test_unknown_code_raises(rules):
    with pytest.raises(UnitsError, match="unknown code"):
        calculate(rules, [("99999", 10)])
