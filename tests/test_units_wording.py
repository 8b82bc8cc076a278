"""The calculator's wording has one source, ptref/model/units.py: units.js fills the same templates,
which reach it as JSON (rules_json), and holds no billing sentence or constant of its own."""

from __future__ import annotations

import ast
import json
import re

import pytest
from browser import browser
from conftest import DATA, ROOT, validated
from test_units import CASES, VECTORS, patched

from ptref.model import units
from ptref.model.units import (
    CONSTANTS,
    METHODS,
    NEVER_PAID,
    PLACEHOLDER,
    WORDING,
    UnitsError,
    calculate,
    parse_pairs,
    rules_json,
    say,
)

UNITS_JS = ROOT / "docs" / "javascripts" / "units.js"
PYTHON_USERS = [ROOT / "ptref" / "model" / "units.py", ROOT / "ptref" / "render" / "calculator.py"]
# Templates named only outside calculate(): the form's labels, written by ptref/render/calculator.py.
LABELS = {"method_medicare", "method_per_code"}


@pytest.fixture(scope="module")
def rules():
    entries, errors = validated(DATA, official_codes=False)
    assert not errors
    return units.rules_from(entries)


def js_code() -> str:
    """units.js without its comments (they may name the rules they do not hold)."""
    return "\n".join(re.sub(r"(^|\s)//.*$", "", line) for line in UNITS_JS.read_text(encoding="utf-8").splitlines())


def literal_parts(template: str) -> list[str]:
    """The template's own words between its placeholders, those long enough to be wording."""
    parts = (part.strip(" .,;:()") for part in PLACEHOLDER.split(template)[::2])
    return [part for part in parts if " " in part and len(part) >= 12]


def test_templates_name_their_values_in_one_simple_syntax():
    for key, template in WORDING.items():
        assert template and isinstance(template, str), key
        assert "{" not in PLACEHOLDER.sub("", template) and "}" not in PLACEHOLDER.sub("", template), key
    for keys in NEVER_PAID.values():
        assert set(keys) == {"reason", "warning"} and all(k in WORDING for k in keys.values())
    assert set(NEVER_PAID) == {"bundled", "not-recognised", "not-covered"}


def test_say_fills_values_then_constants_and_nothing_else():
    assert say("error_too_long") == f"more than {CONSTANTS['minutes_in_a_day']} minutes in one day"
    assert (
        say("ncci", first="A", second="B", when="{code} stays as it is") == "NCCI edit: A with B. {code} stays as it is"
    )
    with pytest.raises(KeyError):
        say("untimed")  # {code} is given neither as a value nor as a constant


def test_units_js_holds_no_wording_of_its_own():
    js = js_code()
    for key, template in WORDING.items():
        for part in literal_parts(template):
            assert part not in js, f"units.js writes {part!r} itself: take WORDING[{key!r}] from rules.wording"
    for token in ('"CQ"', '"GP"', "85%", "status B", "NCCI", "8-minute", "15-minute", "whole number", "bundle"):
        assert token not in js, token
    numbers = re.findall(r"(?<![\w.$-])(7|8|15|60|1440)(?![\w.])", js)
    assert not numbers, f"units.js has constants of its own: {numbers}; take them from rules.constants"
    assert '"medicare", "per-code"' not in js and "'medicare', 'per-code'" not in js, (
        "take the methods from rules.methods"
    )


def test_the_wording_test_would_catch_a_copied_sentence():
    assert literal_parts(WORDING["untimed"]) == [
        "is untimed: 1 unit whatever its length; it adds nothing to the timed minutes"
    ]
    assert all(literal_parts(WORDING[k]) for k in ("reason_bundled", "warning_not_covered", "assistant", "tie"))


def python_strings(path) -> set[str]:
    """Every string literal in a Python file, leaving out the WORDING dict itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wording = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "WORDING" for t in node.targets)
    ]
    inside = {id(n) for w in wording for n in ast.walk(w)}
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside
    }


def test_every_template_is_named_by_the_python():
    named = set().union(*(python_strings(path) for path in PYTHON_USERS))
    unused = sorted(set(WORDING) - named)
    assert not unused, f"templates no Python code names (dead wording): {unused}"


def test_every_template_of_the_results_is_said_by_the_python(rules, monkeypatch):
    """Run the shared vectors and the errors with say() recorded: every template but the form's labels is used."""
    said = set()
    real = units.say

    def recording(key, **values):
        said.add(key)
        return real(key, **values)

    monkeypatch.setattr(units, "say", recording)
    for case, method in CASES:
        calculate(patched(rules, case), parse_pairs(case["input"]), method)
    for error in VECTORS["errors"]:
        with pytest.raises(UnitsError, match=re.escape(error["error"])):
            calculate(rules, parse_pairs(error["input"]), "medicare")
    for entries, method in (([], "medicare"), ([("97110", 10)], "fastest")):
        with pytest.raises(UnitsError):
            calculate(rules, entries, method)
    assert said <= set(WORDING)
    assert sorted(set(WORDING) - LABELS - said) == []


def test_rules_json_carries_the_calculator_itself(rules):
    data = json.loads(json.dumps(rules_json(rules)))
    assert data["wording"] == WORDING
    assert data["constants"] == CONSTANTS
    assert data["never_paid"] == NEVER_PAID
    assert data["methods"] == list(METHODS)
    assert {"codes", "pairs", "line_modifier"} <= set(data)


@pytest.fixture(scope="module")
def bare_page():
    """units.js alone in Chromium (no site build, no network), to be fed rules_json() from here."""
    with browser() as b:
        context = b.new_context()
        context.route("**/*", lambda route: route.abort())
        page = context.new_page()
        page.set_content("<!doctype html><title>units.js</title>")
        page.add_script_tag(content=UNITS_JS.read_text(encoding="utf-8"))
        yield page
        context.close()


def js_calculate(page, rules_data, pairs, method):
    return page.evaluate(
        """([rules, pairs, method]) => {
            const entries = pairs.map(p => { const [c, m] = p.split('='); return [c, m === undefined ? null : parseInt(m, 10)]; });
            try { return window.ptrefUnits.calculate(rules, entries, method); }
            catch (e) { if (e instanceof window.ptrefUnits.UnitsError) return {error: e.message}; throw e; }
        }""",
        [rules_data, pairs, method],
    )


def py_calculate(rules, pairs, method):
    try:
        return calculate(rules, parse_pairs(pairs), method)
    except UnitsError as exc:
        return {"error": str(exc)}


@pytest.mark.slow  # drives a browser
def test_units_js_writes_whatever_the_json_says(bare_page, rules, monkeypatch):
    """Change every template in units.py: the JavaScript, given the new JSON, says the new words.
    (error_syntax and error_not_whole are the parsers' own: the CLI's, and the form's in the page tests.)"""
    for key, template in WORDING.items():
        monkeypatch.setitem(WORDING, key, f"<{key}> {template}")
    seen = set()
    inputs = [*CASES, ({"input": []}, "medicare"), ({"input": ["97110=10"]}, "fastest")] + [
        ({"input": error["input"]}, "medicare")
        for error in VECTORS["errors"]
        if all(
            p.partition("=")[0] and (not p.partition("=")[1] or p.partition("=")[2].lstrip("-").isdigit())
            for p in error["input"]
        )
    ]
    for case, method in inputs:
        case_rules = patched(rules, case)
        js = js_calculate(bare_page, rules_json(case_rules), case["input"], method)
        assert js == py_calculate(case_rules, case["input"], method), case["input"]
        texts = (
            [js["error"]]
            if "error" in js
            else js["explanation"] + js["warnings"] + [line["reason"] or "" for line in js["lines"]]
        )
        seen |= {m for t in texts for m in re.findall(r"<([a-z_]+)>", t)}
    assert sorted(set(WORDING) - LABELS - {"error_syntax", "error_not_whole"} - seen) == []
    monkeypatch.undo()
    for case, method in CASES:  # and, unchanged, the shared vectors
        js = js_calculate(bare_page, rules_json(patched(rules, case)), case["input"], method)
        assert js == py_calculate(patched(rules, case), case["input"], method), case["name"]
