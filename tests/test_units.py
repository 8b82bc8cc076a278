"""The units calculator: one file of vectors, run against the Python API, the CLI and the page."""

from __future__ import annotations

import dataclasses
import itertools
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import browser, serve
from conftest import DATA, ptref_cli, validated
from hypothesis import given, settings
from hypothesis import strategies as st

import ptref.site
from ptref.model import validate as load_and_check
from ptref.model.units import Rules, UnitsError, calculate, parse_pairs, rules_from

VECTORS = json.loads((Path(__file__).parent / "units_vectors.json").read_text(encoding="utf-8"))
CASES = [(case, method) for case in VECTORS["cases"] for method in ("medicare", "per-code")]
IDS = [f"{case['name']} [{method}]" for case, method in CASES]
PTREF = Path(sys.executable).parent / "ptref"

# Entries as the page's JavaScript gets them: [code, minutes], minutes null for a code given alone.
JS_ENTRIES = (
    "pairs => pairs.map(p => { const [c, m] = p.split('='); return [c, m === undefined ? null : parseInt(m, 10)]; })"
)
JS_PATCH = "(rules, patch) => { for (const c in patch) Object.assign(rules.codes[c], patch[c]); return rules; }"


@pytest.fixture(scope="module")
def rules():
    entries, errors = validated(DATA, official_codes=False)
    assert not errors
    return rules_from(entries)


def patched(rules: Rules, case: dict) -> Rules:
    """The rules with the case's synthetic code data (rules_patch) applied."""
    patch = case.get("rules_patch", {})
    if not patch:
        return rules
    codes = dict(rules.codes)
    for code, fields in patch.items():
        codes[code] = dataclasses.replace(codes[code], **fields)
    return dataclasses.replace(rules, codes=codes)


def needs_patch(rules: Rules, case: dict) -> bool:
    """True while the real data does not yet say what the case's rules_patch says."""
    return any(
        getattr(rules.codes[code], field) != value
        for code, fields in case.get("rules_patch", {}).items()
        for field, value in fields.items()
    )


def check_result(result: dict, case: dict, method: str, ordered_units: bool = True):
    """ordered_units=False for JavaScript, whose objects list keys like "97110" in numeric order."""
    expected = case[method]
    pairs = parse_pairs(case["input"])
    assert result["method"] == method
    assert result["units"] == expected["units"]
    if ordered_units:
        assert list(result["units"]) == [c for c, _ in pairs], "units keep the input order"
    assert result["total_units"] == expected["total_units"] == sum(result["units"].values())
    if "total_timed_minutes" in expected:
        assert result["total_timed_minutes"] == expected["total_timed_minutes"]
    # One line per input line, in order, with the minutes as given (None for a code given alone).
    lines = result["lines"]
    assert [(line["code"], line["minutes"]) for line in lines] == pairs
    assert all(line["units"] == result["units"][line["code"]] for line in lines)
    assert result["billable_units"] == sum(line["units"] for line in lines if line["billable"])
    assert result["billable_units"] == expected.get("billable_units", result["total_units"])
    for line in lines:
        assert (line["reason"] is None) == line["billable"], line
        if method == "per-code":
            assert line["billable"], "the per-code method has no Medicare exclusions"
    for code, billable in expected.get("billable", {}).items():
        assert result["lines"][[c for c, _ in pairs].index(code)]["billable"] is billable, code
    for code, part in expected.get("reasons_include", {}).items():
        assert part in result["lines"][[c for c, _ in pairs].index(code)]["reason"], code
    for part in expected.get("warnings_include", []):
        assert any(part in w for w in result["warnings"]), f"no warning with {part!r}: {result['warnings']}"
    for part in expected.get("warnings_exclude", []):
        assert not any(part in w for w in result["warnings"]), f"unexpected warning {part!r}"
    for part in expected.get("explanation_include", []):
        assert any(part in line for line in result["explanation"]), f"no step with {part!r}: {result['explanation']}"
    assert result["explanation"], "the result must show its work"
    # The calculator's own words (NCCI warnings quote the code data, which is not the calculator's).
    texts = (
        result["explanation"]
        + [w for w in result["warnings"] if not w.startswith("NCCI edit:")]
        + [line["reason"] or "" for line in lines]
    )
    assert not any(word in t.lower() for t in texts for word in ("session", "visit")), (
        "minutes are pooled over the day, not a session or a visit"
    )


@pytest.mark.parametrize("case, method", CASES, ids=IDS)
def test_python_api(rules, case, method):
    check_result(calculate(patched(rules, case), parse_pairs(case["input"]), method), case, method)


def _cli_cases():
    """The CLI reads data/ as it is, so it runs the cases whose code data (rules_patch, if any)
    the real data already says; the others test made-up code data through the API and the page.
    Worked out while the tests are collected, in every pytest worker: the data's entries are
    read and checked against their schemas, without the content rules (they change no entry;
    the `rules` fixture and the CLI run them)."""
    real = rules_from(load_and_check.validate(DATA, official_codes=False)[0])
    return [(case, method) for case, method in CASES if not needs_patch(real, case)]


CLI_CASES = _cli_cases()


def ptref_units(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """`ptref units ARGS` in this process (conftest.ptref_cli): status, stdout, stderr. The data
    folder is still read and validated by the command, once per folder for the test process
    (conftest.validated; validate is pure: the same folder gives the same entries).
    test_cli_rejects_an_unknown_method_in_one_line runs the script itself."""
    monkeypatch.setattr(ptref.site, "validate", validated)
    return ptref_cli(capsys, "units", *args)


@pytest.mark.parametrize("case, method", CLI_CASES, ids=[f"{c['name']} [{m}]" for c, m in CLI_CASES])
def test_cli(case, method, monkeypatch, capsys):
    status, out, err = ptref_units(monkeypatch, capsys, "--method", method, "--data", str(DATA), *case["input"])
    assert status == 0, err
    check_result(json.loads(out), case, method)


@pytest.mark.parametrize("error", VECTORS["errors"], ids=[" ".join(e["input"]) for e in VECTORS["errors"]])
def test_cli_rejects_bad_input_with_one_line_and_status_2(error, monkeypatch, capsys):
    status, out, err = ptref_units(monkeypatch, capsys, "--data", str(DATA), *error["input"])
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and error["error"] in lines[0], err
    assert "Traceback" not in err


def test_cli_rejects_an_unknown_method_in_one_line():
    result = subprocess.run([str(PTREF), "units", "--method", "fastest", "97110=10"], capture_output=True, text=True)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


@contextmanager
def calculator_page(site):
    """The calculator page of the built site in Chromium, with every request outside the site blocked."""
    with serve(site) as base, browser() as b:
        context = b.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page = context.new_page()
        page.goto(base + "tools/units-calculator.html", wait_until="load")
        yield page
        context.close()


def test_the_page_gives_the_same_answers_as_python(site, rules):
    """units.js in Chromium, fed the rules the build wrote into the page, with the network blocked."""
    with calculator_page(site) as page:
        for case, method in CASES:
            js = page.evaluate(
                f"""([pairs, method, patch]) => {{
                const entries = ({JS_ENTRIES})(pairs);
                const rules = ({JS_PATCH})(JSON.parse(document.getElementById('ptref-units-rules').textContent), patch);
                return window.ptrefUnits.calculate(rules, entries, method);
            }}""",
                [case["input"], method, case.get("rules_patch", {})],
            )
            assert js == calculate(patched(rules, case), parse_pairs(case["input"]), method), case["name"]
            check_result(js, case, method, ordered_units=False)
        for error in VECTORS["errors"]:
            if any(
                not p.partition("=")[0] or (p.partition("=")[1] and not p.partition("=")[2].lstrip("-").isdigit())
                for p in error["input"]
            ):
                continue  # parsing is the form's job, tested below
            message = page.evaluate(
                f"""(pairs) => {{
                const rules = JSON.parse(document.getElementById('ptref-units-rules').textContent);
                try {{ window.ptrefUnits.calculate(rules, ({JS_ENTRIES})(pairs), 'medicare'); return null; }}
                catch (e) {{ return e.message; }}
            }}""",
                error["input"],
            )
            assert message and error["error"] in message, (error, message)


def test_the_form_works_by_keyboard_alone(site, rules):
    case = VECTORS["cases"][3]  # four codes, including a code under 8 minutes that still gets a unit
    with calculator_page(site) as page:
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


def test_the_form_takes_untimed_codes_without_minutes(site, rules):
    with calculator_page(site) as page:
        page.select_option("#ptref-code-1", "97010")  # untimed, minutes left empty
        page.click("[data-units-add]")
        page.select_option("#ptref-code-2", "97110")
        page.fill("#ptref-minutes-2", "33")
        page.click("button[type=submit]")
        page.wait_for_selector("#ptref-units-output[data-result]")
        result = json.loads(page.get_attribute("#ptref-units-output", "data-result"))
        assert result == calculate(rules, [("97010", None), ("97110", 33)], "medicare")
        text = page.inner_text("#ptref-units-output")
        assert "Result: 2 unit(s) Medicare may pay (3 counted, 1 never paid by Medicare)" in text
        assert "bundles it (status B)" in text
        page.fill("#ptref-minutes-2", "")  # a timed code needs its minutes
        page.click("button[type=submit]")
        assert "enter the minutes for 97110: it is a timed code" in page.inner_text("#ptref-units-output")


def test_the_page_states_the_rules(site, rules):
    """Day pooling, untimed codes, the lines Medicare never pays, the tie-break, per-code, GP and CQ."""
    html = " ".join((site / "tools" / "units-calculator.html").read_text(encoding="utf-8").split())
    for part in (
        "same date of service",
        "Untimed codes have no minutes",
        "Lines Medicare never pays",
        "more minutes in all",
        "listed first",
        "Per-code midpoint rule",
        "CQ",
        "85%",
        "as read 2026-12",
    ):
        assert part in html, part
    for code, rule in rules.codes.items():
        if rule.medicare_status in ("bundled", "not-recognised", "not-covered"):
            assert f"<li><b>{code}</b>: Medicare" in html, code
    assert "session" not in html.split('id="ptref-units-rules"')[0].split("Units calculator for timed codes", 1)[1]


# --- properties -------------------------------------------------------------------------------
TIMED_CODES = ["97110", "97112", "97140", "97530", "97035", "97032"]
UNTIMED_CODES = ["97161", "97164", "97010", "97014", "G0283", "20560"]
days = st.lists(
    st.tuples(st.sampled_from(TIMED_CODES), st.integers(0, 120)), min_size=1, max_size=6, unique_by=lambda cm: cm[0]
)


@settings(max_examples=300, deadline=None)
@given(days)
def test_medicare_units_add_up_and_no_code_gets_more_than_one_extra(rules, day):
    result = calculate(rules, day, "medicare")
    total = sum(m for _, m in day)
    assert sum(result["units"].values()) == result["total_units"] == (0 if total < 8 else (total + 7) // 15)
    for code, minutes in day:
        assert minutes // 15 <= result["units"][code] <= minutes // 15 + 1


@settings(max_examples=300, deadline=None)
@given(days)
def test_per_code_never_pools_minutes(rules, day):
    result = calculate(rules, day, "per-code")
    for code, minutes in day:
        alone = calculate(rules, [(code, minutes)], "per-code")["units"][code]
        assert result["units"][code] == alone == (0 if minutes < 8 else (minutes + 7) // 15)


@settings(max_examples=200, deadline=None)
@given(days.filter(lambda d: len(d) <= 4))
def test_the_order_of_the_lines_changes_nothing_but_ties_of_equal_minutes(rules, day):
    """Only codes with the same minutes may swap their units when the lines are put in another order."""
    first = calculate(rules, day, "medicare")["units"]
    for order in itertools.permutations(day):
        units = calculate(rules, list(order), "medicare")["units"]
        for minutes in {m for _, m in day}:
            same = [c for c, m in day if m == minutes]
            assert sorted(units[c] for c in same) == sorted(first[c] for c in same)
            if len(same) == 1:
                assert units[same[0]] == first[same[0]]


@settings(max_examples=200, deadline=None)
@given(
    days,
    st.lists(
        st.tuples(st.sampled_from(UNTIMED_CODES), st.none() | st.integers(0, 60)),
        max_size=3,
        unique_by=lambda cm: cm[0],
    ),
)
def test_untimed_lines_never_depend_on_minutes(rules, day, untimed):
    for method in ("medicare", "per-code"):
        alone = calculate(rules, day, method)
        result = calculate(rules, day + untimed, method)
        without_minutes = calculate(rules, day + [(c, None) for c, _ in untimed], method)
        assert result["total_timed_minutes"] == alone["total_timed_minutes"]
        assert result["units"] == without_minutes["units"]
        for code, _ in day:
            assert result["units"][code] == alone["units"][code]
        for code, _ in untimed:
            assert result["units"][code] == 1


@settings(max_examples=200, deadline=None)
@given(days, st.sets(st.sampled_from(["97010", "97014", "20560", "20561", "97161", "G0283"]), max_size=4))
def test_medicare_never_counts_lines_it_never_pays(rules, day, untimed):
    rules = dataclasses.replace(
        rules,
        codes={
            **rules.codes,
            **{c: dataclasses.replace(rules.codes[c], medicare_status="not-covered") for c in ("20560", "20561")},
        },
    )
    entries = day + [(c, None) for c in sorted(untimed)]
    medicare = calculate(rules, entries, "medicare")
    per_code = calculate(rules, entries, "per-code")
    never = {c for c in untimed if c in ("97010", "97014", "20560", "20561")}
    assert medicare["billable_units"] == medicare["total_units"] - len(never)
    assert {line["code"] for line in medicare["lines"] if not line["billable"]} == never
    assert per_code["billable_units"] == per_code["total_units"]


def test_unknown_code_raises(rules):
    with pytest.raises(UnitsError, match="unknown code"):
        calculate(rules, [("99999", 10)])


def test_a_timed_code_needs_minutes(rules):
    with pytest.raises(UnitsError, match="97110 is timed"):
        calculate(rules, [("97110", None)])
