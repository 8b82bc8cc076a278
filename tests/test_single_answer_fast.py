"""The question-single-answer rule skips the slow item-writing checks for questions that are not
ambiguous (ptref/rules/study.py, _ambiguous_candidates); it must find exactly what the plain
route finds: ambiguous() over candidates(). Shown on the real data and on the rule's fixture,
whose first case makes one question ambiguous."""

from __future__ import annotations

import shutil

import yaml
from conftest import DATA, FIXTURES, ROOT

from ptref.model.kb import KnowledgeBase
from ptref.rules.study import _ambiguous_candidates
from ptref.site import validate
from ptref.study.questions import ambiguous, candidates


def _both(data_dir):
    entries, _ = validate(data_dir, official_codes=False)
    kb = KnowledgeBase(entries, with_links=False)
    plain = [(c.entry.id, f"question {c.question.id}: {r}") for c in candidates(kb) if (r := ambiguous(c))]
    fast = [(e.id, detail) for e, _, detail in _ambiguous_candidates(KnowledgeBase(entries, with_links=False))]
    return plain, fast


def test_the_fast_route_finds_what_the_plain_route_finds(tmp_path):
    plain, fast = _both(DATA)
    assert fast == plain
    case = yaml.safe_load((ROOT / "tests/rules/question-single-answer.yml").read_text(encoding="utf-8"))[0]
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    path = data / case["file"]
    text = path.read_text(encoding="utf-8")
    assert case["replace"] in text
    path.write_text(text.replace(case["replace"], case["with"], 1), encoding="utf-8")
    plain, fast = _both(data)
    assert plain and fast == plain
