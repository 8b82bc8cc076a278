"""Each content rule of `ptref check` fails on its fixture and on nothing else.

A fixture (tests/rules/<rule id>.yml) is a list of cases; each edits a copy of the minimal data
set and names the entry and field the rule must report. The untouched minimal set passes every
rule, so each case proves its rule can fail and says what made it fail.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from ptref.rules import RULES
from ptref.site import validate

RULE_DIR = Path(__file__).parent / "rules"
CASES = [
    (path.stem, i, case)
    for path in sorted(RULE_DIR.glob("*.yml"))
    for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")))
]


def _replace(data_dir: Path, file: str, old: str, new: str) -> None:
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} of the minimal fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_rule_has_a_fixture_and_every_fixture_a_rule():
    assert {r.id for r in RULES} == {name for name, _, _ in CASES}


def test_rule_ids_are_unique_and_explained():
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.message and r.rationale, r.id


@pytest.mark.parametrize("rule_id,index,case", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_rule_fails_on_its_fixture(tmp_path, rule_id, index, case):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    _replace(data, case["file"], case["replace"], case["with"])
    if "also_replace" in case:
        _replace(data, case.get("also_file", case["file"]), case["also_replace"], case["also_with"])
    _, errors = validate(data)
    assert errors, f"{case['why']}: nothing reported"
    assert all(f"[{rule_id}]" in e.message for e in errors), "\n".join(map(str, errors))
    assert any(e.entry_id == case["entry"] and e.field == case["field"] for e in errors), "\n".join(map(str, errors))


def test_check_lists_the_rules():
    out = subprocess.run(
        [sys.executable, "-m", "ptref.cli", "check", "--list"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for r in RULES:
        assert r.id in out and r.rationale in out
