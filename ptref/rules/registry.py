"""The rule registry: `@rule` registers a content rule, `run` runs them all and locates what
they find. Rule modules (here, and in a kind's folder: ptref/kinds/<kind>/rules.py) import from
this module; importing `ptref.rules` imports every rule module here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..model.entry import DataError, Entry
from ..model.schema import relations
from . import findings_cache

Entries = dict[str, dict[str, Entry]]
Finding = tuple[Entry, str, str]


@dataclass(frozen=True)
class Rule:
    id: str
    message: str
    rationale: str
    check: Callable[[Entries], Iterable[Finding]]
    needs_icd: bool = False  # reads the official ICD-10-CM data


RULES: list[Rule] = []


def rule(rule_id: str, message: str, rationale: str, needs_icd: bool = False):
    def register(check):
        RULES.append(Rule(rule_id, message, rationale, check, needs_icd))
        return check

    return register


# What several rules work out from the same entries, kept for one run of run() (see shared()),
# with the kinds each read (findings_cache.py: they count for every rule that uses the value).
_shared: dict[str, object] = {}
_shared_reads: dict[str, set[str]] = {}


def shared(name: str, compute: Callable[[], object]) -> object:
    """A value several rules need, worked out once per run (the 100x check reads 30,000 entries)."""
    if name not in _shared:
        with findings_cache.recording() as kinds:
            _shared[name] = compute()
        _shared_reads[name] = kinds
    findings_cache.note(_shared_reads[name])
    return _shared[name]


def may_mention(entry: Entry, words: tuple[str, ...]) -> bool:
    """False when the file the entry comes from holds none of `words` (lower case, single
    spaces): a quick first look, once per file, for the rules that search for words, before
    they walk an entry's fields to find which one holds them. The file's text is lower-cased
    and its whitespace runs made single spaces, as YAML folds long lines."""
    if entry.source is None:  # an entry made in a test, not read from a file
        return True
    answers = shared("may_mention", dict)
    assert isinstance(answers, dict)
    key = (entry.file, words)
    if key not in answers:
        texts = shared("lower_file_text", dict)
        assert isinstance(texts, dict)
        if entry.file not in texts:
            texts[entry.file] = entry.source.text.lower()
        text = texts[entry.file]
        if "\\" in text:  # a YAML escape could hide a space or a letter: look at every entry
            answers[key] = True
            return True
        # Each word of a phrase as a substring first (fast), then the phrase across line breaks
        # (one pattern per phrase: a pattern that starts with a literal is searched quickly).
        answers[key] = any(
            all(token in text for token in phrase.split()) and _phrase_pattern(phrase).search(text) is not None
            for phrase in words
        )
    return answers[key]


@lru_cache(maxsize=64)
def _phrase_pattern(phrase: str) -> re.Pattern:
    """The phrase, each space matching any run of whitespace (a folded YAML line)."""
    return re.compile(r"\s+".join(map(re.escape, phrase.split())))


def run(entries: Entries, official_codes: bool = True, cache: bool = False) -> list[DataError]:
    """Every rule's findings as located errors. cache: reuse a rule's findings from an earlier run
    while every kind of data it read is unchanged (findings_cache.py; `ptref check` only)."""
    errors = []
    _shared.clear()
    _shared_reads.clear()
    store = findings_cache.Store(entries, official_codes) if cache else None
    findings_cache.LAST_RUN.update(reused=[], ran=[])
    try:
        for r in RULES:
            if r.needs_icd and not official_codes:
                continue
            found = store.load(r.id) if store else None
            if found is None:
                with findings_cache.recording() as kinds:
                    found = list(r.check(findings_cache.Reads(entries) if store else entries))  # type: ignore[arg-type]
                if store:
                    store.save(r.id, kinds, found)
                findings_cache.LAST_RUN["ran"].append(r.id)
            else:
                findings_cache.LAST_RUN["reused"].append(r.id)
            for entry, field, detail in found:
                errors.append(
                    DataError(entry.file, entry.line_of(field), entry.id, field, f"[{r.id}] {r.message}: {detail}")
                )
    finally:
        _shared.clear()
        _shared_reads.clear()
    return errors


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:!?])\s+", text) if s]


def link_targets(entry: Entry, field: str) -> list[str]:
    """The ids one field of an entry links to."""
    return [
        t for r in relations() if r.source_kind == entry.kind and r.path[0] == field for _, t in r.targets(entry.data)
    ]
