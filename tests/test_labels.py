"""The words of a choice live once, beside its value in the kind's schema (`oneOf` const/title).

A value added to a choice list without its words passes the schema but could not be shown: the
check reports each entry that uses it, once, with file, line, entry and field, and nothing is
generated; the build never meets a KeyError.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import DATA, ROOT

from ptref.model.kinds import KINDS, label_table
from ptref.model.schema import EDITOR_DIR


def _copy(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "ptref", project / "ptref", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA, project / "data")
    return project


def _ptref(project, *args):
    env = {**os.environ, "PYTHONPATH": str(project), "PTREF_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ptref.cli", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow  # two runs of a copy's ptref
def test_a_choice_value_without_words_fails_the_check_once_with_file_entry_and_field(tmp_path):
    project = _copy(tmp_path)
    schema_path = project / "ptref/kinds/exercises/schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["set"]["oneOf"].append({"const": "balance"})  # a value, no title
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    data = project / "data/exercises.yml"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    first_set = next(i for i, line in enumerate(lines) if line.startswith("  set: "))
    entry_id = next(line for line in reversed(lines[:first_set]) if line.startswith("- id: ")).split()[-1]
    lines[first_set] = "  set: balance\n"
    data.write_text("".join(lines), encoding="utf-8")

    checked = _ptref(project, "check")
    assert checked.returncode == 1
    errors = [line for line in checked.stderr.splitlines() if line.startswith("data/")]
    assert errors == [
        f"data/exercises.yml:{first_set + 1}: [{entry_id}] set: 'balance' has no words to show: give it a "
        '"title" beside its "const" in ptref/kinds/exercises/schema.json'
    ], checked.stderr

    generated = _ptref(project, "generate", str(tmp_path / "out"))
    assert generated.returncode != 0 and "KeyError" not in generated.stderr, generated.stderr


def test_every_choice_a_page_shows_has_words_for_every_value():
    for kind in KINDS.values():
        for field in (*kind.tag_fields, *([kind.group_by] if kind.group_by else [])):
            assert set(label_table(kind.key, field)) == set(kind.choices[field]), (kind.key, field)


def test_the_editor_schemas_show_the_words_of_each_choice():
    editor = json.loads((EDITOR_DIR / "red_flags.data.json").read_text(encoding="utf-8"))
    urgency = editor["items"]["properties"]["urgency"]["oneOf"]
    assert {"const": "emergency", "title": "Emergency"} in urgency
    assert "x-kind" not in editor["items"]
