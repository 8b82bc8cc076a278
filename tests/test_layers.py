"""Imports in ptref/ run one way: model <- {render, study, rules} <- kinds <- site <- {mkdocs_glue, cli}.

tests/layers.py reads the imports with ast; these tests fail on any import that runs uphill
(TYPE_CHECKING imports included), any circle of modules or packages, and any import of a ptref
module inside a function outside cli.py. The tests after those prove the check fails when one is added,
on a copy of ptref/.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from layers import imports, package_graph, problems

PTREF = ROOT / "ptref"


def test_imports_never_run_uphill_or_in_a_circle_and_none_is_hidden_in_a_function():
    assert problems(PTREF) == []


def test_the_engines_and_the_model_import_no_kind():
    graph = package_graph(PTREF)
    for low in ("ptref.model", "ptref.render", "ptref.study", "ptref.rules"):
        assert "ptref.kinds" not in graph.get(low, set()), low


def test_the_graph_sees_the_imports_it_judges():
    found = {(i.importer, i.imported) for i in imports(PTREF)}
    assert ("ptref.render.pages", "ptref.model.kinds") in found
    assert ("ptref.kinds.red_flags.page", "ptref.render.pages") in found
    assert ("ptref.rules.safety", "ptref.rules.registry") in found


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "ptref"
    shutil.copytree(PTREF, root, ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.html"))
    assert problems(root) == []
    return root


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_an_uphill_import_is_found(copy):
    _append(copy / "model/units.py", "\nfrom ..kinds.red_flags import page as _page  # noqa\n")
    assert any("ptref.model.units:" in p and "uphill" in p for p in problems(copy))


def test_an_uphill_import_for_type_checking_only_is_found(copy):
    _append(
        copy / "render/text.py",
        "\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from ..site import PAGES\n",
    )
    assert any("ptref.render.text:" in p and "ptref.site" in p and "uphill" in p for p in problems(copy))


def test_a_kind_importing_another_kind_is_found(copy):
    _append(copy / "kinds/conditions/page.py", "\nfrom ..codes import page as _codes  # noqa\n")
    _append(copy / "kinds/conditions/rules.py", "\nfrom ..conditions import page as _own  # noqa\n")
    found = [p for p in problems(copy) if "another kind's folder" in p]
    assert len(found) == 1 and found[0].startswith("ptref.kinds.conditions.page:"), found
    assert "ptref.kinds.codes.page" in found[0]


def test_a_circle_is_found(copy):
    _append(copy / "model/entry.py", "\nfrom . import kb as _kb  # noqa\n")
    assert any(p.startswith("circle of modules:") and "ptref.model.entry" in p for p in problems(copy))


def test_an_import_inside_a_function_is_found_outside_cli_only(copy):
    _append(copy / "render/text.py", "\n\ndef _late():\n    from ..model import units\n\n    return units\n")
    _append(copy / "cli.py", "\n\ndef _late():\n    from .model import units\n\n    return units\n")
    found = [p for p in problems(copy) if "inside a function" in p]
    assert len(found) == 1 and found[0].startswith("ptref.render.text:")


def test_a_library_imported_inside_a_function_needs_a_reason(copy):
    _append(copy / "render/text.py", "\n\ndef _late():\n    import yaml\n\n    return yaml\n")
    assert any(p.startswith("ptref.render.text:") and "imports yaml inside a function" in p for p in problems(copy))
