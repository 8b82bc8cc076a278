"""The rules' findings cache of `ptref check` (ptref/rules/findings_cache.py) never hides an error.

The cache is filled from the clean minimal data; then each rule fixture's edit (tests/rules/)
is made in a fresh copy and checked with that warm cache: the errors are exactly those of a run
without the cache, and the rules that read nothing edited were reused, not run again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_rules import CASES, _replace

from ptref.rules import findings_cache
from ptref.site import validate


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """A cache folder holding the findings of every rule on the untouched minimal data."""
    cache = tmp_path_factory.mktemp("findings-cache")
    data = tmp_path_factory.mktemp("clean") / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PTREF_CACHE_DIR", str(cache))
        mp.delenv("PTREF_NO_CACHE", raising=False)
        assert validate(data, cache=True)[1] == []
        assert findings_cache.LAST_RUN["ran"] and not findings_cache.LAST_RUN["reused"]
        assert validate(data, cache=True)[1] == []
        assert findings_cache.LAST_RUN["reused"] and not findings_cache.LAST_RUN["ran"], "a clean rerun reuses all"
    return cache


@pytest.mark.parametrize("rule_id,index,case", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_an_edit_is_reported_with_a_warm_cache(tmp_path, monkeypatch, warm, rule_id, index, case):
    cache = tmp_path / "cache"
    shutil.copytree(warm, cache)  # each case starts from the clean data's findings
    monkeypatch.setenv("PTREF_CACHE_DIR", str(cache))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    _replace(data, case["file"], case["replace"], case["with"])
    if "also_replace" in case:
        _replace(data, case.get("also_file", case["file"]), case["also_replace"], case["also_with"])

    with_cache = validate(data, cache=True)[1]
    assert rule_id in findings_cache.LAST_RUN["ran"], "the edited data's rule ran again"
    assert any(f"[{rule_id}]" in e.message for e in with_cache), case["why"]
    assert with_cache == validate(data, cache=False)[1]
    again = validate(data, cache=True)[1]  # the edited data's findings, now from the cache
    assert again == with_cache and not findings_cache.LAST_RUN["ran"]


def test_a_rule_that_read_nothing_edited_is_reused(tmp_path, monkeypatch, warm):
    shutil.copytree(warm, tmp_path / "cache")
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    path = data / "references.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert validate(data, cache=True)[1] == []
    ran, reused = findings_cache.LAST_RUN["ran"], findings_cache.LAST_RUN["reused"]
    assert "reference-cited" in ran  # it reads the references
    assert reused, "rules that never read references.yml kept their findings"


def test_no_cache_runs_every_rule(tmp_path, monkeypatch, warm):
    shutil.copytree(warm, tmp_path / "cache")
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    assert validate(data, cache=True)[1] == []
    assert not findings_cache.LAST_RUN["reused"]
