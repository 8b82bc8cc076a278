"""Content checks that need more than the data: text copied from the seed article.

The rules that read only the data (complete conditions and interventions, an absolute
contraindication for hands-on care, every reference cited, no orphans, and the rules found by
the December 2026 reviews) are named rules of `ptref check` (ptref/rules/), so that
"ptref check passes" means the data tests pass; tests/test_rules.py proves each can fail."""

from __future__ import annotations

import hashlib
import re

from conftest import ROOT

from ptref.model import icd

SEED = ROOT.parent / "shared/seed/upper-back-pain-article.txt"
# The seed article's 9-word runs as short hashes, so that the check runs in any checkout (a
# fork's CI, a clinic's mirror) without the article beside the repository, and without keeping
# its text here. Rewritten by `python tests/test_content_rules.py` when the article changes.
FINGERPRINT = ROOT / "tests/fixtures/seed-9-word-hashes.txt"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _ngrams(words: list[str], n: int) -> set[str]:
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _hash(run: str) -> str:
    return hashlib.blake2b(run.encode(), digest_size=8).hexdigest()


def _seed_hashes(text: str) -> list[str]:
    return sorted({_hash(run) for run in _ngrams(_words(text), 9)})


def copied(text: str, hashes: set[str]) -> list[str]:
    """The 9-word runs of `text` whose hashes are in `hashes`."""
    return sorted(run for run in _ngrams(_words(text), 9) if _hash(run) in hashes)


def _fingerprint() -> set[str]:
    lines = FINGERPRINT.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_the_fingerprint_matches_the_seed_article_where_it_is_beside_the_repository():
    assert len(_fingerprint()) > 1000, "the seed fingerprint is missing or truncated"
    if SEED.exists():
        assert _fingerprint() == set(_seed_hashes(SEED.read_text(encoding="utf-8", errors="ignore"))), (
            "the seed article changed: run `python tests/test_content_rules.py`"
        )


def test_no_text_repeats_nine_words_of_the_seed_article(kb):
    seed = _fingerprint()
    # Official ICD-10-CM titles are quoted verbatim on purpose, wherever the seed quotes them too.
    for code in kb.entries["codes"].values():
        if code.data["system"] == "icd10cm":
            seed -= {_hash(run) for run in _ngrams(_words(icd.title(code.data["code"])), 9)}
    hits = {}
    for folder in ("data", "docs", "macros", "ptref"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".yml", ".md", ".py", ".json", ".html"} and path.is_file():
                found = copied(path.read_text(encoding="utf-8", errors="ignore"), seed)
                if found:
                    hits[str(path.relative_to(ROOT))] = found[:3]
    assert not hits, f"text copied from the seed article (rewrite in your own words): {hits}"


def test_the_check_finds_a_copied_run():
    """The check can fail: a run whose hash is listed is found inside other text, whatever its
    case and punctuation; and, where the article is beside the repository, a sentence taken
    from it is found through the stored fingerprint."""
    run = "one two three four five six seven eight nine"
    assert copied("Some text: One, two three four five six seven eight NINE and more.", {_hash(run)}) == [run]
    assert copied("one two three four five six seven eight", {_hash(run)}) == []
    if SEED.exists():
        words = _words(SEED.read_text(encoding="utf-8", errors="ignore"))
        assert copied(" ".join(words[100:112]), _fingerprint())


if __name__ == "__main__":
    hashes = _seed_hashes(SEED.read_text(encoding="utf-8", errors="ignore"))
    FINGERPRINT.write_text(
        "# blake2b-64 of every 9-word run of the seed article (lower case, words [a-z0-9']+); see\n"
        "# tests/test_content_rules.py. No text of the article is kept here.\n" + "\n".join(hashes) + "\n",
        encoding="utf-8",
    )
    print(f"{len(hashes)} hashes -> {FINGERPRINT}")
