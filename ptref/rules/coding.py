"""Coding rules that read every kind: no AMA wording, Excludes1 written as absolute. (The rules
about one kind of entry live in its folder: partner codes in ptref/kinds/codes/ and
ptref/kinds/conditions/.)"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .registry import Entries, Finding, _sentences, may_mention, rule

AMA_PHRASES = (
    "changing characteristics",
    "unpredictable characteristics",
    "standardized patient assessment instrument",
    "standardised patient assessment instrument",
    "personal factors and/or comorbidities",
    "measurable assessment of functional outcome",
)


def _strings(value, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}".lstrip("."))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


@rule(
    "no-ama-descriptor",
    "text repeats AMA CPT descriptor wording",
    "CPT descriptors are the AMA's copyright; the site explains codes in its own words.",
)
def _ama(entries: Entries) -> Iterator[Finding]:
    for bucket in entries.values():
        for entry in bucket.values():
            if not may_mention(entry, AMA_PHRASES):
                continue  # the common case, decided once per file
            for path, text in _strings(entry.data):
                lowered = text.lower()
                for phrase in AMA_PHRASES:
                    if phrase in lowered:
                        yield entry, path, repr(phrase)


@rule(
    "excludes1-exception",
    "an Excludes1 statement is written as absolute without its exception",
    "Excludes1 has one exception (guideline I.A.12.a): the two conditions are unrelated to each other.",
)
def _excludes1(entries: Entries) -> Iterator[Finding]:
    absolute = re.compile(r"\b(cannot|never|not to be|may not)\b", re.IGNORECASE)
    for bucket in entries.values():
        for entry in bucket.values():
            # One word, never split by an escape: the entry's repr is as good a first look as its text.
            if not may_mention(entry, ("excludes1",)) or "excludes1" not in repr(entry.data).lower():
                continue
            for path, text in _strings(entry.data):
                if "excludes1" not in text.lower():
                    continue
                for sentence in _sentences(text):
                    if (
                        "excludes1" in sentence.lower()
                        and absolute.search(sentence)
                        and "unrelated" not in text.lower()
                    ):
                        yield entry, path, repr(sentence[:120])
