"""Content checks that need more than the data: text copied from the seed article.

The rules that read only the data (complete conditions and interventions, an absolute
contraindication for hands-on care, every reference cited, no orphans, and the rules found by
the December 2026 reviews) are named rules of `ptref check` (ptref/rules/), so that
"ptref check passes" means the data tests pass; tests/test_rules.py proves each can fail."""

from __future__ import annotations

import os
import re

import pytest
from conftest import ROOT

SEED = ROOT.parent / "shared/seed/upper-back-pain-article.txt"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _ngrams(words: list[str], n: int) -> set[str]:
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_text_repeats_nine_words_of_the_seed_article(kb):
    if not SEED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed article missing at {SEED}")
        pytest.skip("seed article not beside the repository")
    seed = _ngrams(_words(SEED.read_text(encoding="utf-8", errors="ignore")), 9)
    # Official ICD-10-CM titles are quoted verbatim on purpose, wherever the seed quotes them too.
    from ptref.model import icd

    for code in kb.entries["codes"].values():
        if code.data["system"] == "icd10cm":
            seed -= _ngrams(_words(icd.title(code.data["code"])), 9)
    hits = {}
    for folder in ("data", "docs", "macros", "ptref"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".yml", ".md", ".py", ".json", ".html"} and path.is_file():
                found = _ngrams(_words(path.read_text(encoding="utf-8", errors="ignore")), 9) & seed
                if found:
                    hits[str(path.relative_to(ROOT))] = sorted(found)[:3]
    assert not hits, f"text copied from the seed article (rewrite in your own words): {hits}"
