"""Translations of the text written for patients: data/translations/<language>.yml.

A translation file holds, per entry id and field, the translated text and its review status;
only fields a kind's schema marks "x-patient" may be translated, plus the fixed words of the
printed home-programme sheet (HANDOUT_WORDS). Each field is stored once, as

    name: {text: "Gato y vaca", reviewed: false}
    name: {text: "Gato y vaca", reviewed: {by: "A. Name, PT", date: 2027-01-15, english: 9f2c01ab7e}}

`english` is a digest of the English the reviewer checked (`ptref check` prints it): when the
English changes, the review no longer holds and the check says so.

Unknown languages, entries, fields and handout words are errors, as are a list of a different
length from the English one and a term its glossary (<language>-glossary.yml) says to avoid or
requires. What has no translation yet is not an error: `Translation.missing` lists it, and the
programme builder falls back to English there and says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from .entry import DataError, Entry
from .kinds import KINDS
from .yamlload import LineDict, LineList, load_yaml

FOLDER = "translations"
# Languages a translation file may be written in: code -> the language's own name.
LANGUAGES = {"es": "Español"}

# The fixed words of the printed home-programme sheet, in English (the source of each
# translation's `handout:` section). Keys are what the builder's script reads.
HANDOUT_WORDS = {
    "title": "Your home exercises",
    "name": "Name",
    "therapist": "Therapist",
    "date": "Date",
    "why": "Why",
    "start": "Start",
    "stop_if": "Stop if",
    "note": "Note",
    "sets": "Sets",
    "set_one": "set",
    "set_many": "sets",
    "reps": "Repetitions",
    "rep_one": "time each set",
    "rep_many": "times each set",
    "hold": "hold {n} seconds",
    "times": "Times a day",
    "time_one": "time a day",
    "time_many": "times a day",
    "fig_start": "Start",  # the drawings' frame labels (ptref/kinds/exercises/figure.py LABELS)
    "fig_end": "End",
    "unreviewed": "This translation has not yet been reviewed by a fluent clinician.",
}

# Spanish readability. textstat 0.7.3 offers Fernández Huerta's Spanish reading ease (syllables
# from pyphen's bundled dictionary: no download). On its published scale 70-80 reads "fairly
# easy", the sixth-grade band; the rule holds Spanish patient text at 70 or above. Like
# Flesch-Kincaid, it measures nothing on a name or a short phrase.
SPANISH_EASE = 70.0
MIN_WORDS = 12


@dataclass(frozen=True)
class Field:
    text: str | tuple[str, ...]
    reviewed: bool


@dataclass
class Translation:
    language: str
    name: str
    handout: dict[str, Field] = field(default_factory=dict)
    entries: dict[tuple[str, str], dict[str, Field]] = field(default_factory=dict)
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, field)

    def fields(self) -> list[Field]:
        return list(self.handout.values()) + [f for by in self.entries.values() for f in by.values()]

    def unreviewed(self) -> int:
        return sum(not f.reviewed for f in self.fields())


@cache
def patient_fields(kind: str) -> tuple[tuple[str, str | None], ...]:
    """(field, flag) for each field a kind's schema marks as written for patients: "x-patient":
    true (flag None), or the name of a field that makes the entry patient-facing (notices:
    "patient_facing"), so that only those entries' text counts."""
    schema = json.loads(KINDS[kind].schema_path.read_text(encoding="utf-8"))
    found = []
    for name, spec in schema.get("properties", {}).items():
        mark = spec.get("x-patient")
        if mark:
            found.append((name, mark if isinstance(mark, str) else None))
    return tuple(found)


def patient_text(kind: str, data: dict) -> dict[str, object]:
    """The patient fields an entry has: field -> value (a text or a list of texts)."""
    return {
        name: data[name] for name, flag in patient_fields(kind) if name in data and (flag is None or data.get(flag))
    }


def _is_date(value: object) -> bool:
    if isinstance(value, date):
        return True
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def english_digest(value: object) -> str:
    """A short fingerprint of English text (a list joined), stored with a review so that a
    change to the English shows that the review no longer holds."""
    return hashlib.sha256(_words(value).encode("utf-8")).hexdigest()[:10]


def _words(value: object) -> str:
    return " ".join(str(t) for t in value) if isinstance(value, list | tuple) else str(value)


@cache  # the same terms are looked for in every translated text
def _phrase(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, text.split())) + r"(?!\w)", re.IGNORECASE)


@cache
def _spanish():
    """A textstat of its own in Spanish: set_lang on the shared one would make English Spanish."""
    from textstat.textstat import textstatistics  # type: ignore[import-untyped]  # here: 0.35 s of every warm check

    es = textstatistics()
    es.set_lang("es")
    return es


def spanish_ease(text: str) -> float | None:
    """Fernández Huerta reading ease of Spanish running text, or None when too short to measure."""
    if len(text.split()) < MIN_WORDS:
        return None
    return float(_spanish().fernandez_huerta(text))


class _Reader:
    def __init__(self, shown: str):
        self.shown = shown
        self.errors: list[DataError] = []

    def error(self, node, key, entry_id: str, field_name: str, message: str) -> None:
        line = getattr(node, "key_lines", {}).get(key, getattr(node, "line", 1)) if key is not None else node.line
        self.errors.append(DataError(self.shown, line or 1, entry_id, field_name, message))

    def field(self, node: LineDict, key: str, entry_id: str, english: object | None) -> Field | None:
        value = node[key]
        if not isinstance(value, dict) or set(value) != {"text", "reviewed"}:
            self.error(
                node,
                key,
                entry_id,
                key,
                "write {text: ..., reviewed: false} (or reviewed: {by: ..., date: ..., english: ...})",
            )
            return None
        text, reviewed = value["text"], value["reviewed"]
        ok = True
        if isinstance(english, list):
            if not (isinstance(text, list) and all(isinstance(t, str) and t.strip() for t in text)):
                self.error(node, key, entry_id, key, "the English is a list: give a list of texts")
                ok = False
            elif len(text) != len(english):
                self.error(
                    node, key, entry_id, key, f"{len(text)} items; the English has {len(english)}: translate each one"
                )
                ok = False
        elif not (isinstance(text, str) and text.strip()):
            self.error(node, key, entry_id, key, "give the translated text")
            ok = False
        if reviewed is not False and not (
            isinstance(reviewed, dict)
            and set(reviewed) == {"by", "date", "english"}
            and isinstance(reviewed["by"], str)
            and reviewed["by"].strip()
            and _is_date(reviewed["date"])
        ):
            self.error(
                node,
                key,
                entry_id,
                key,
                f"reviewed: false, or {{by: the reviewer, date: YYYY-MM-DD, english: {english_digest(english)}}} "
                "(english: the reviewed English's digest)",
            )
            ok = False
        elif isinstance(reviewed, dict) and reviewed["english"] != english_digest(english):
            # A review holds for the English it was checked against: once that changes, the
            # translation may say something else, and counts as unreviewed until checked again.
            self.error(
                node,
                key,
                entry_id,
                key,
                f"the English changed since {reviewed['by']} reviewed this on {reviewed['date']}: check the "
                f"translation again, then write english: {english_digest(english)}; or write reviewed: false",
            )
            ok = False
        if not ok:
            return None
        return Field(tuple(text) if isinstance(text, list) else text, reviewed is not False)


def _files(data_dir: Path) -> tuple[list[Path], list[DataError]]:
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return [], []
    found, errors = [], []
    for path in sorted(folder.iterdir()):
        stem = path.name.removesuffix(".yml").removesuffix("-glossary")
        if path.suffix != ".yml" or stem not in LANGUAGES:
            if not path.name.startswith("."):
                errors.append(
                    DataError(
                        f"{data_dir.name}/{FOLDER}/{path.name}",
                        1,
                        "",
                        "",
                        f"unknown translation file; expected <language>.yml or <language>-glossary.yml "
                        f"for a language of {', '.join(LANGUAGES)}",
                    )
                )
            continue
        found.append(path)
    return found, errors


# The last load's (data folder and its files' sizes and times, entries, result): the check
# (validate) and the knowledge base (kb.load) both ask for the translations of the same entries,
# one right after the other.
_last: tuple[tuple, dict, tuple[dict[str, Translation], list[DataError]]] | None = None


def _stamp(data_dir: Path) -> tuple:
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return (str(data_dir),)
    found = []
    for path in sorted(folder.iterdir()):
        stat = path.stat()
        found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return (str(data_dir), *found)


def load(data_dir: Path, entries: dict[str, dict[str, Entry]]) -> tuple[dict[str, Translation], list[DataError]]:
    """Every translation in data/translations/, and every error in it (none when it is absent).
    Read once for the same entries object (the same load of the data)."""
    global _last
    stamp = _stamp(data_dir)
    if _last is not None and _last[0] == stamp and _last[1] is entries:
        return dict(_last[2][0]), list(_last[2][1])
    found, errors = _load(data_dir, entries)
    _last = (stamp, entries, (found, errors))
    return dict(found), list(errors)


def _load(data_dir: Path, entries: dict[str, dict[str, Entry]]) -> tuple[dict[str, Translation], list[DataError]]:
    paths, errors = _files(data_dir)
    found: dict[str, Translation] = {}
    for path in paths:
        if path.name.endswith("-glossary.yml"):
            continue
        language = path.stem
        shown = f"{data_dir.name}/{FOLDER}/{path.name}"
        doc, problem = load_yaml(path, shown)
        if problem:
            errors.append(DataError(problem.file, problem.line, "", "", problem.message))
            continue
        reader = _Reader(shown)
        found[language] = _read(reader, doc, language, entries)
        glossary = path.with_name(f"{language}-glossary.yml")
        if glossary.exists():
            _check_glossary(reader, glossary, f"{data_dir.name}/{FOLDER}/{glossary.name}", doc, entries)
        _check_ease(reader, doc, language)
        errors += reader.errors
    return found, errors


def _read(reader: _Reader, doc, language: str, entries: dict[str, dict[str, Entry]]) -> Translation:
    t = Translation(language, LANGUAGES[language])
    if not isinstance(doc, LineDict):
        reader.errors.append(DataError(reader.shown, 1, "", "", "expected a mapping: language, handout, then kinds"))
        return t
    kinds = sorted(k for k in KINDS if patient_fields(k))
    for key in doc:
        if key not in {"language", "handout", *kinds}:
            reader.error(doc, key, "", key, f"unknown section; expected language, handout or one of {', '.join(kinds)}")
    if doc.get("language") != language:
        reader.error(doc, "language" if "language" in doc else None, "", "language", f"write language: {language}")
    handout = doc.get("handout") or {}
    if isinstance(handout, LineDict):
        for key in handout:
            if key not in HANDOUT_WORDS:
                reader.error(handout, key, "handout", key, f"unknown handout word; expected {', '.join(HANDOUT_WORDS)}")
            elif (f := reader.field(handout, key, "handout", HANDOUT_WORDS[key])) is not None:
                t.handout[key] = f
    t.missing += [("handout", "handout", k) for k in HANDOUT_WORDS if k not in t.handout]
    for kind in kinds:
        section = doc.get(kind) or {}
        if not isinstance(section, LineDict):
            reader.error(doc, kind, "", kind, "expected entry ids, each with its fields")
            continue
        for entry_id, fields in section.items():
            entry = entries.get(kind, {}).get(entry_id)
            if entry is None:
                reader.error(section, entry_id, entry_id, "", f"no {KINDS[kind].singular} with id {entry_id!r}")
                continue
            english = patient_text(kind, entry.data)
            if not english:
                reader.error(section, entry_id, entry_id, "", f"this {KINDS[kind].singular} has no text for patients")
                continue
            if not isinstance(fields, LineDict):
                reader.error(section, entry_id, entry_id, "", "expected its fields, each {text: ..., reviewed: ...}")
                continue
            done: dict[str, Field] = {}
            for name in fields:
                if name not in english:
                    allowed = ", ".join(english)
                    reader.error(fields, name, entry_id, name, f"not a patient field of this entry; allowed: {allowed}")
                elif (f := reader.field(fields, name, entry_id, english[name])) is not None:
                    done[name] = f
            t.entries[(kind, entry_id)] = done
    for kind in kinds:
        for entry_id, entry in entries.get(kind, {}).items():
            have = t.entries.get((kind, entry_id), {})
            t.missing += [(kind, entry_id, name) for name in patient_text(kind, entry.data) if name not in have]
    return t


def _texts(doc) -> list[tuple[LineDict, str, str, str]]:
    """(node, key, entry id, text) of every translated text in a parsed translation file."""
    out: list[tuple[LineDict, str, str, str]] = []
    if not isinstance(doc, LineDict):
        return out
    for section_name, section in doc.items():
        if not isinstance(section, LineDict):
            continue
        groups = [("handout", section)] if section_name == "handout" else list(section.items())
        for entry_id, fields in groups:
            if not isinstance(fields, LineDict):
                continue
            for name, value in fields.items():
                if isinstance(value, dict) and isinstance(value.get("text"), str | list):
                    out.append((fields, name, entry_id, _words(value["text"])))
    return out


def _check_glossary(reader: _Reader, path: Path, shown: str, doc, entries: dict[str, dict[str, Entry]]) -> None:
    """Each glossary term reads the same on every sheet: a translated text says none of the
    term's `avoid` words, and says the term wherever its English says the English words."""
    terms, problem = load_yaml(path, shown)
    if problem:
        reader.errors.append(DataError(problem.file, problem.line, "", "", problem.message))
        return
    glossary = _Reader(shown)
    usable = []
    listed = terms if isinstance(terms, LineList) else LineList()
    for i, term in enumerate(listed):
        if not isinstance(term, LineDict) or set(term) - {"en", "es", "avoid", "why"} or not term.get("es"):
            glossary.errors.append(
                DataError(
                    shown, listed.item_lines[i], "", "", "a term is {en: [...], es: [...], avoid: [...], why: ...}"
                )
            )
            continue
        usable.append(term)
    if not isinstance(terms, LineList):
        glossary.errors.append(DataError(shown, 1, "", "", "expected a list of terms"))
    reader.errors += glossary.errors
    english_of = _english_lookup(doc, entries)
    for node, key, entry_id, text in _texts(doc):
        english = english_of.get((entry_id, key), "")
        for term in usable:
            wanted = list(term["es"])
            for bad in term.get("avoid", []):
                if _phrase(bad).search(text):
                    reader.error(node, key, entry_id, key, f"says {bad!r}: the glossary's term is {wanted[0]!r}")
            said = [e for e in term.get("en", []) if _phrase(e).search(english)]
            if said and not any(_phrase(w).search(text) for w in wanted):
                reader.error(
                    node, key, entry_id, key, f"the English says {said[0]!r}: use the glossary's {wanted[0]!r}"
                )


def _english_lookup(doc, entries: dict[str, dict[str, Entry]]) -> dict[tuple[str, str], str]:
    out = {("handout", k): v for k, v in HANDOUT_WORDS.items()}
    if isinstance(doc, dict):
        for kind in KINDS:
            for entry_id in doc.get(kind) or {}:
                entry = entries.get(kind, {}).get(entry_id)
                if entry is not None:
                    for name, value in patient_text(kind, entry.data).items():
                        out[(entry_id, name)] = _words(value)
    return out


def _check_ease(reader: _Reader, doc, language: str) -> None:
    if language != "es":
        return
    for node, key, entry_id, text in _texts(doc):
        ease = spanish_ease(text)
        if ease is not None and ease < SPANISH_EASE:
            reader.error(
                node,
                key,
                entry_id,
                key,
                f"reads at {ease:.1f} (Fernández Huerta), below {SPANISH_EASE:g}: shorter sentences, shorter words",
            )
