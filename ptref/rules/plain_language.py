"""Plain language: text written for patients reads at grade 6 or below and uses plain words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import translations
from ..model.kinds import KINDS
from .registry import Entries, Finding, rule

GRADE = 6.0
# Flesch-Kincaid is a formula for running text: on a name or a short phrase ("Cat-cow" scores
# 8.4) it measures nothing. Shorter texts are checked for clinical words only.
MIN_WORDS = 12
WORDS_FILE = Path(__file__).with_name("plain_words.yml")


@lru_cache(maxsize=1)
def jargon() -> list[tuple[re.Pattern[str], str, str]]:
    """The clinical words with a plain alternative: (pattern, word, plain words)."""
    found = []
    for item in yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")):
        word = item["word"]
        stem = re.escape(word.rstrip("*"))
        pattern = re.compile(rf"\b{stem}{'[a-z]*' if word.endswith('*') else ''}\b", re.IGNORECASE)
        found.append((pattern, word.rstrip("*"), item["plain"]))
    return found


def patient_fields(kind: str) -> tuple[str, ...]:
    """The fields a kind's schema marks as written for patients ("x-patient": true, or the name
    of the field that makes an entry patient-facing, as notices' "patient_facing")."""
    return tuple(name for name, _ in translations.patient_fields(kind))


def grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of running text, or None for text too short to measure."""
    if len(text.split()) < MIN_WORDS:
        return None
    import textstat  # type: ignore[import-untyped]  # here, not at the top: its import is 0.35 s of a warm check

    return float(textstat.flesch_kincaid_grade(text))


def problems(text: str) -> list[str]:
    """What makes a patient text hard to read: its grade, and any clinical word in it."""
    found = []
    measured = grade(text)
    if measured is not None and measured > GRADE:
        found.append(
            f"reads at grade {measured:.1f} (Flesch-Kincaid), above {GRADE:g}: shorter sentences, shorter words"
        )
    for pattern, word, plain in jargon():
        match = pattern.search(text)
        if match:
            found.append(f"says {match.group(0)!r}: say {plain!r} ({word} is a clinical word)")
    return found


@rule(
    "patient-plain-language",
    "text written for patients reads at grade 6 or below and has no clinical word that has a plain one",
    "Handouts are read at home without the therapist; text above grade 6 or with words such as 'thoracic' "
    "or 'prone' loses many readers (US health-literacy guidance aims at grade 6 to 8 or lower).",
)
def _plain(entries: Entries) -> Iterator[Finding]:
    for kind, by_id in entries.items():
        if kind not in KINDS:
            continue
        if not patient_fields(kind):
            continue
        for entry in by_id.values():
            for name, value in translations.patient_text(kind, entry.data).items():
                texts = value if isinstance(value, list) else [value]
                # A list (steps, mistakes) is read as one text: each item is a short sentence.
                for problem in problems(" ".join(str(t) for t in texts)):
                    yield entry, name, problem
