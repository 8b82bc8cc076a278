"""Adding a kind is one data file plus one folder (its schema and page, and here a card and a
question template too), as CONTRIBUTING.md shows.

The test copies the engine and the data into a temporary folder, writes the files of the
walkthrough exactly as CONTRIBUTING.md gives them, and runs the copy's own `ptref`: the new
kind is checked, gets its pages and index, shows on the pages it links to, gets its card and its
study questions, and is exported, and no file of the copy outside the kind's data file and
folder changed on the way.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
from conftest import DATA, ROOT

FILE_BLOCK = re.compile(r"^File `([^`]+)`:\n\n```[a-z]*\n(.*?)^```", re.M | re.S)


def walkthrough_files() -> dict[str, str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return {path: body for path, body in FILE_BLOCK.findall(text)}


def test_the_walkthrough_names_one_data_file_and_one_folder_with_a_schema_a_page_a_card_and_questions():
    assert sorted(walkthrough_files()) == [
        "data/pearls.yml",
        "ptref/kinds/pearls/cards.py",
        "ptref/kinds/pearls/page.py",
        "ptref/kinds/pearls/questions.py",
        "ptref/kinds/pearls/schema.json",
    ]


def _tree(folder) -> dict[str, str]:
    """Every file of the engine and the data, by path, with a hash of its content."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for top in ("ptref", "data")
        for path in sorted((folder / top).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _project_with_the_walkthrough(tmp_path):
    """A copy of the engine and the data, plus the walkthrough's three files, and nothing else."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "ptref", project / "ptref", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA, project / "data")
    for path, body in walkthrough_files().items():
        (project / path).parent.mkdir(exist_ok=True)
        (project / path).write_text(body, encoding="utf-8")
    return project


def _ptref(project, *args):
    env = {**os.environ, "PYTHONPATH": str(project)}  # the copy's engine, not the installed one
    return subprocess.run(
        [sys.executable, "-m", "ptref.cli", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow  # three runs of the copy's ptref, one of which writes every page
def test_a_new_kind_gets_pages_reverse_links_and_export(tmp_path):
    project = _project_with_the_walkthrough(tmp_path)

    shown = _ptref(project, "editor-schemas")
    assert shown.returncode == 0, shown.stderr
    assert (project / "ptref/kinds/editor/pearls.data.json").is_file()

    checked = _ptref(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 clinical pearls" in checked.stdout

    out = tmp_path / "out"
    generated = _ptref(project, "generate", str(out))
    assert generated.returncode == 0, generated.stderr

    page = (out / "pearls/red-flags-first.md").read_text(encoding="utf-8")
    assert page.splitlines()[:4] == ["---", "tags:", '  - "Clinical pearls"', "---"]
    assert "# Red flags come first" in page
    assert "## The tip" in page and "[Thoracic muscle strain](../conditions/thoracic-muscle-strain.md)" in page
    assert "## Sources" in page and "(../references/finucane-2020.md)" in page
    assert "[Red flags come first](../pearls/red-flags-first.md)" in (out / "pearls/index.md").read_text()

    condition = (out / "conditions/thoracic-muscle-strain.md").read_text(encoding="utf-8")
    reverse = condition.split("## Clinical pearls", 1)
    assert len(reverse) == 2, "the condition page does not list the pearl that links to it"
    assert "[Red flags come first](../pearls/red-flags-first.md)" in reverse[1].split("\n## ", 1)[0]
    cited_by = (out / "references/finucane-2020.md").read_text(encoding="utf-8").split("## Cited by", 1)[1]
    assert "(../pearls/red-flags-first.md)" in cited_by

    card = (out / "cards/clinical-pearls.md").read_text(encoding="utf-8")
    assert "<li><b>Red flags come first</b> Screen for the signs of serious pathology" in card
    assert "Sources: Finucane 2020" in card  # the footer cites the pearl's source
    assert "(clinical-pearls.md)" in (out / "cards/index.md").read_text(encoding="utf-8")

    bank = json.loads((out / "data/questions.json").read_text(encoding="utf-8"))
    bank_text = json.dumps(bank, ensure_ascii=False)
    assert "pearl:red-flags-first" in bank_text and "Which condition does the tip apply to?" in bank_text
    assert "Clinical pearls: which condition a tip is for" in bank_text

    # Nothing outside the kind's data file and folder changed: the engine and the other data are
    # byte for byte what they were, and the one generated file is the kind's editor schema.
    before, after = _tree(ROOT), _tree(project)
    changed = sorted(path for path in after.keys() | before.keys() if after.get(path) != before.get(path))
    assert changed == [
        "data/pearls.yml",
        "ptref/kinds/editor/pearls.data.json",
        "ptref/kinds/pearls/cards.py",
        "ptref/kinds/pearls/page.py",
        "ptref/kinds/pearls/questions.py",
        "ptref/kinds/pearls/schema.json",
    ]

    export = json.loads((out / "data/knowledge-base.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "data/knowledge-base.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(export)
    assert [p["id"] for p in export["pearls"]] == ["red-flags-first"]
    strain = next(c for c in export["conditions"] if c["id"] == "thoracic-muscle-strain")
    assert strain["referenced_by"]["pearls"] == ["red-flags-first"]


def test_a_broken_entry_of_the_new_kind_is_reported_with_file_line_and_field(tmp_path):
    project = _project_with_the_walkthrough(tmp_path)
    data = project / "data/pearls.yml"
    data.write_text(data.read_text().replace("[thoracic-muscle-strain]", "[no-such-condition]"), encoding="utf-8")

    checked = _ptref(project, "check")
    assert checked.returncode != 0
    assert "data/pearls.yml:7: [red-flags-first] conditions[0]: no condition with id 'no-such-condition'" in (
        checked.stdout + checked.stderr
    )
