"""The question bank: every generated question by topic and every case's questions, as the
study pages, `data/questions.json` (with its schema) and the Anki deck present them."""

from __future__ import annotations

import json
import os
import tempfile
import weakref
from dataclasses import dataclass, replace
from pathlib import Path

from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from .anki import deck_bytes, timestamp_of
from .cases import case_questions
from .model import DOMAINS, LEVELS, SYSTEMS, Question
from .questions import TOPICS, questions
from .spelling import kept_names, us_english, us_question

FORMAT_VERSION = 2


@dataclass(frozen=True)
class Group:
    id: str  # a topic key, or "case-<case id>"
    title: str
    questions: tuple[Question, ...]
    case: Entry | None = None


# Per knowledge base (by id, dropped with it): the study pages, questions.json and the Anki deck
# each ask for the groups; worked out once.
_GROUPS: dict[int, list[Group]] = {}


def groups(kb: KnowledgeBase) -> list[Group]:
    """Every topic and case with questions; in a clinic's edition, none it hides."""
    found = _GROUPS.get(id(kb))
    if found is None:
        found = _remember(kb, _groups(kb))
    return found


def _remember(kb: KnowledgeBase, found: list[Group]) -> list[Group]:
    _GROUPS[id(kb)] = found
    weakref.finalize(kb, _GROUPS.pop, id(kb), None)
    return found


def stored_groups(kb: KnowledgeBase, path: Path | None) -> list[Group]:
    """groups(kb), read from `path` when an earlier build stored them there, else worked out and
    stored there (path None: no store). The caller names the path after everything the bank
    depends on (ptref/site.py: the text of every data file, ptref's own files, the versions, the
    day, the ICD-10-CM edition), so a stored bank is never read for other data or code. A file
    that cannot be read back is worked out again."""
    if path is None or id(kb) in _GROUPS:
        return groups(kb)
    try:
        found = _from_json(kb, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        found = None
    if found is not None:
        return _remember(kb, found)
    found = groups(kb)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as f:
            json.dump(_to_json(found), f)
        os.replace(f.name, path)  # whole or not at all: a build stopped halfway leaves no half file
        _prune(path)
    except OSError:
        pass  # a read-only cache folder: the next build works the bank out again
    return found


KEEP = 3  # stored banks kept: every saved edit under `mkdocs serve` stores another (1 MB at 1x)


def _prune(newest: Path) -> None:
    """Delete all but the KEEP most recently written banks beside `newest`."""
    others = sorted(
        (p for p in newest.parent.glob("*.json") if p != newest), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    for old in others[KEEP - 1 :]:
        old.unlink(missing_ok=True)


def _to_json(found: list[Group]) -> list[dict]:
    return [
        {
            "id": g.id,
            "title": g.title,
            "case": None if g.case is None else g.case.id,
            "questions": [q.as_json() for q in g.questions],
        }
        for g in found
    ]


def _from_json(kb: KnowledgeBase, stored: list[dict]) -> list[Group]:
    return [
        Group(
            g["id"],
            g["title"],
            tuple(
                Question(**{**q, "choices": tuple(q["choices"]), "reasons": tuple(q["reasons"])})
                for q in g["questions"]
            ),
            None if g["case"] is None else shown_case(kb.get("cases", g["case"]), _kept(kb)),
        )
        for g in stored
    ]


def _groups(kb: KnowledgeBase) -> list[Group]:
    """Every group as the candidate reads it: each topic's and each case's questions, titles and
    case text pass through the US-English pass here (ptref/study/spelling.py), the one place all
    of them meet on their way to questions.json, the study pages and the Anki deck."""
    keep = _kept(kb)
    generated = questions(kb)
    found = [
        Group(key, us_english(title, keep), tuple(us_question(q, keep) for q in generated if q.topic == key))
        for key, title in TOPICS.items()
        if any(q.topic == key for q in generated) and not kb.hides(f"study/{key}")
    ]
    if kb.hides("study/"):
        return found
    for case in kb.all("cases"):
        shown = shown_case(case, keep)
        asked = tuple(us_question(q, keep) for q in case_questions(kb, case))
        found.append(Group(f"case-{case.id}", shown.data["title"], asked, shown))
    return found


def _kept(kb: KnowledgeBase) -> frozenset[str]:
    """Names the US-English pass leaves alone beyond its own list: the references' titles."""
    return kept_names(e.data for e in kb.entries.get("references", {}).values())


CASE_TEXT = ("title", "presentation", "history", "findings")


def shown_case(case: Entry, keep: frozenset[str] = frozenset()) -> Entry:
    """A case as the study pages show it: its story in US English (the case's own page keeps the
    data's wording)."""
    data = dict(case.data)
    for field in CASE_TEXT:
        value = data.get(field)
        if isinstance(value, str):
            data[field] = us_english(value, keep)
        elif isinstance(value, list):
            data[field] = [us_english(v, keep) for v in value]
    return replace(case, data=data)


def deck(kb: KnowledgeBase, site_name: str) -> bytes:
    """The Anki deck of every group, timed at the data's newest review date (the same bytes for
    the same data): what the Study page offers and `ptref anki` writes."""

    reviewed = max(
        (e.data["last_reviewed"] for kind in kb.entries.values() for e in kind.values()), default="2026-01-01"
    )
    return deck_bytes([(g.title, g.questions) for g in groups(kb)], timestamp_of(str(reviewed)), site_name)


def bank_json(kb: KnowledgeBase) -> dict:
    every = groups(kb)
    return {
        "format_version": FORMAT_VERSION,
        "topics": [{"id": g.id, "title": g.title, "count": len(g.questions)} for g in every if g.case is None],
        "cases": [
            {
                "id": g.case.id,
                "title": g.title,
                "presentation": g.case.data["presentation"],
                "history": g.case.data["history"],
                "findings": g.case.data["findings"],
                "link": f"cases/{g.case.id}.html",
            }
            for g in every
            if g.case is not None
        ],
        "questions": [q.as_json() for g in every for q in g.questions],
    }


_TEXT = {"type": "string", "minLength": 1}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "questions.schema.json",
    "title": "Study questions generated from the thoracic spine PT reference",
    "description": (
        "Every question has four choices and one best answer (`answer`, an index into `choices`), "
        "a one-sentence reason per choice (`reasons`, aligned with `choices`), an explanation "
        "written from the data and the page that teaches it (`link`, relative to the site root), a "
        "cognitive level, and an NPTE content area (`system`, `domain`). A case question carries its "
        "vignette (`case`). Ids are stable across builds: the same id is the same question."
    ),
    "type": "object",
    "additionalProperties": False,
    "required": ["format_version", "topics", "cases", "questions"],
    "properties": {
        "format_version": {"const": FORMAT_VERSION},
        "topics": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "count"],
                "properties": {"id": _TEXT, "title": _TEXT, "count": {"type": "integer", "minimum": 1}},
            },
        },
        "cases": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "presentation", "history", "findings", "link"],
                "properties": {
                    "id": _TEXT,
                    "title": _TEXT,
                    "presentation": _TEXT,
                    "history": {"type": "array", "items": _TEXT},
                    "findings": {"type": "array", "items": _TEXT},
                    "link": _TEXT,
                },
            },
        },
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "id",
                    "topic",
                    "stem",
                    "choices",
                    "answer",
                    "explanation",
                    "link",
                    "link_text",
                    "reasons",
                    "level",
                    "system",
                    "domain",
                    "case",
                ],
                "properties": {
                    "id": _TEXT,
                    "topic": {"description": "A topic id, or case:<case id>.", **_TEXT},
                    "stem": _TEXT,
                    "choices": {"type": "array", "minItems": 4, "maxItems": 4, "uniqueItems": True, "items": _TEXT},
                    "answer": {"type": "integer", "minimum": 0, "maximum": 3},
                    "reasons": {
                        "description": "One sentence per choice, in the order of `choices`: why it is right or wrong.",
                        "type": "array",
                        "minItems": 4,
                        "maxItems": 4,
                        "items": _TEXT,
                    },
                    "level": {"enum": list(LEVELS)},
                    "system": {"description": "NPTE body system.", "enum": list(SYSTEMS)},
                    "domain": {"description": "NPTE content domain.", "enum": list(DOMAINS)},
                    "case": {
                        "description": "The vignette of a case question (presentation, history, examination); null otherwise.",
                        "type": ["string", "null"],
                    },
                    "story": {
                        "description": "The patient story this question shares with another (one red-flag vignette asked as which-condition and as next step): a study page never asks both in a row or in one timed block. Optional; null or absent when the story is the question's own.",
                        "type": ["string", "null"],
                    },
                    "explanation": _TEXT,
                    "link": _TEXT,
                    "link_text": _TEXT,
                },
            },
        },
    },
}
