"""Editors check data files as they are typed: each data file names a self-contained schema on
its first line (`# yaml-language-server: $schema=...`), and those schemas stay in step with the
ones `ptref check` uses."""

from __future__ import annotations

import json

from conftest import DATA, ROOT
from jsonschema import Draft7Validator

from ptref.model.kinds import KINDS
from ptref.model.schema import EDITOR_DIR, editor_schema_text
from ptref.model.validate import data_files
from ptref.model.yamlload import load_yaml


def test_editor_schemas_are_current():
    stale = [
        kind
        for kind in KINDS
        if (EDITOR_DIR / f"{kind}.data.json").read_text(encoding="utf-8") != editor_schema_text(kind)
    ]
    assert not stale, f"run .venv/bin/ptref editor-schemas (stale: {stale})"


def test_each_data_file_names_its_editor_schema_and_passes_it():
    for kind in KINDS:
        for path in data_files(DATA, kind):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../ptref/kinds/editor/{kind}.data.json", path
            schema_path = (path.parent / first.split("$schema=", 1)[1]).resolve()
            assert schema_path == (ROOT / "ptref/kinds/editor" / f"{kind}.data.json").resolve()
            entries, problem = load_yaml(path, path.name, lines=False)
            assert problem is None, problem
            errors = list(Draft7Validator(json.loads(schema_path.read_text(encoding="utf-8"))).iter_errors(entries))
            assert not errors, f"{path.name}: {errors[0].message}"
