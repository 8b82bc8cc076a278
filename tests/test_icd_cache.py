"""The ICD-10-CM fact cache gives the package's own answers, and never stands in its way."""

from __future__ import annotations

import json

import pytest

from ptref.model import icd, icd_cache


def _refuse(code):
    raise AssertionError(f"the package was asked about {code} although the cache holds it")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    return tmp_path


def _codes_and_their_relatives(kb) -> set[str]:
    codes = {e.data["code"] for e in kb.entries["codes"].values() if e.data["system"] == "icd10cm"}
    related = set()
    for code in codes:
        facts = icd.facts_from_package(code)
        related |= set(facts["ancestors"])
        for kind in icd.NOTE_KINDS:
            for note in facts[kind]:
                related |= set(icd.codes_in_note(note))
    return codes | related


def test_a_cache_file_answers_exactly_what_the_package_answers(kb, cache_dir):
    codes = sorted(_codes_and_their_relatives(kb))
    writer = icd_cache.FactCache(icd.facts_from_package, icd.leaves_from_package)
    for code in codes:
        writer.facts(code)
    writer.leaves("M40")
    writer.flush()
    assert writer.path().parent == cache_dir and writer.path().exists()

    reader = icd_cache.FactCache(_refuse, _refuse)  # fails if anything is recomputed
    for code in codes:
        assert reader.facts(code) == icd.facts_from_package(code), code
    assert reader.leaves("M40") == icd.leaves_from_package("M40")
    assert "M40.04" in reader.leaves("M40")


def test_a_broken_or_foreign_cache_file_is_ignored_and_replaced(cache_dir):
    cache = icd_cache.FactCache(icd.facts_from_package, icd.leaves_from_package)
    path = cache.path()
    for content in (
        "{not json",
        json.dumps(
            {"format": icd_cache.FORMAT, "package": "0.0.1", "facts": {"M54.6": {"valid": False}}, "leaves": {}}
        ),
        json.dumps([1, 2, 3]),
    ):
        path.write_text(content, encoding="utf-8")
        fresh = icd_cache.FactCache(icd.facts_from_package, icd.leaves_from_package)
        assert fresh.facts("M54.6")["valid"] is True
        assert fresh.facts("M54.6")["title"] == "Pain in thoracic spine"
        fresh.flush()
        assert json.loads(path.read_text(encoding="utf-8"))["facts"]["M54.6"]["valid"] is True


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("PTREF_CACHE_DIR", str(blocker / "ptref"))
    cache = icd_cache.FactCache(icd.facts_from_package, icd.leaves_from_package)
    assert cache.facts("M54.6")["leaf"] is True
    cache.flush()  # cannot create the folder: no error, no stray temporary file
    assert list(tmp_path.iterdir()) == [blocker]


def test_no_cache_means_no_file(cache_dir, monkeypatch):
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    cache = icd_cache.FactCache(icd.facts_from_package, icd.leaves_from_package)
    assert cache.facts("M54.6")["valid"] is True
    cache.flush()
    assert list(cache_dir.iterdir()) == []
