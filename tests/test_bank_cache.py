"""The question bank stored between builds (ptref/study/bank.py stored_groups, named by
ptref/site.py bank_store) is read back only for the same data and code: an edit with a warm
store gives what a build without any cache gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptref import site
from ptref.study import bank


def _study(data: Path) -> dict[str, str | bytes]:
    kb = site.load(data, cache=True)
    return {path: content for path, content in site.generated_files(kb) if path.startswith(("study/", "data/q"))}


def _not_worked_out(kb):
    raise AssertionError("the bank was worked out again instead of read from the store")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    return tmp_path / "cache" / site.BANK_FOLDER


def test_a_stored_bank_gives_the_same_pages(minimal_copy, store, monkeypatch):
    first = _study(minimal_copy)
    assert len(list(store.iterdir())) == 1
    assert any(p.endswith("questions.json") for p in first)
    monkeypatch.setattr(bank, "questions", _not_worked_out)  # the second build must read the store
    monkeypatch.setattr(bank, "case_questions", _not_worked_out)
    assert _study(minimal_copy) == first


@pytest.mark.parametrize(
    "file,old,new",
    [
        ("cases.yml", "title: Sore upper back after lifting", "title: Sore upper back after gardening"),
        ("prediction_rules.yml", "name: Mobilisation rule", "name: Manipulation rule"),
    ],
)
def test_an_edit_with_a_warm_store_shows(minimal_copy, store, monkeypatch, file, old, new):
    before = _study(minimal_copy)
    path = minimal_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    warm = _study(minimal_copy)
    assert len(list(store.iterdir())) == 2, "the edited data's bank is stored under another name"
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    assert site.bank_store(site.load(minimal_copy)) is None
    cold = _study(minimal_copy)
    assert warm == cold
    assert warm != before
    assert any(new.split(": ", 1)[1] in str(content) for content in warm.values())


def test_a_damaged_store_is_worked_out_again(minimal_copy, store):
    first = _study(minimal_copy)
    (stored,) = store.iterdir()
    stored.write_text('[{"id": "x"', encoding="utf-8")
    assert _study(minimal_copy) == first


def test_only_the_latest_banks_are_kept(minimal_copy, store):
    path = minimal_copy / "prediction_rules.yml"
    text = path.read_text(encoding="utf-8")
    for n in range(bank.KEEP + 2):
        path.write_text(text.replace("name: Mobilisation rule", f"name: Mobilisation rule {n}"), encoding="utf-8")
        _study(minimal_copy)
    assert len(list(store.iterdir())) == bank.KEEP
    assert site.bank_store(site.load(minimal_copy, cache=True)) in set(store.iterdir()), "the latest is kept"
