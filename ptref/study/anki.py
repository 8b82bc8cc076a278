"""The Anki deck: one deck with a sub-deck per topic and one for the cases.

Each note's GUID is derived from its question's id (genanki.guid_for), so importing a newer deck
updates the cards a student already has instead of adding copies. The file is the same, byte for
byte, for the same questions: the notes carry a fixed timestamp (the data's newest review date)
and the zip entries a fixed date, so two builds give the same digest.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

import genanki

from .model import Question

DECK_NAME = "Thoracic spine PT reference"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# A fixed model id: Anki matches note types by id, so it must never change.
MODEL = genanki.Model(
    1607392319,
    "Thoracic PT reference question",
    fields=[
        {"name": "QuestionId"},
        {"name": "Question"},
        {"name": "Choices"},
        {"name": "Answer"},
        {"name": "Explanation"},
        {"name": "Source"},
    ],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '{{Question}}<ol type="A">{{Choices}}</ol>',
            "afmt": '{{FrontSide}}<hr id="answer"><p><b>{{Answer}}</b></p><p>{{Explanation}}</p>'
            "<p><small>{{Source}}</small></p>",
        }
    ],
    sort_field_index=1,
)


def _deck_id(name: str) -> int:
    """A stable deck id from its name (Anki needs an integer; this keeps it the same every build)."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:12], 16)


def _note(question: Question, site_name: str) -> genanki.Note:
    """One note; the field layout (and so the note type) is unchanged since the first deck, so an
    import updates cards in place: a case's vignette leads the Question field, and the reason for
    every option follows the explanation."""
    choices = "".join(f"<li>{escape(c)}</li>" for c in question.choices)
    answer = f"{chr(65 + question.answer)}. {escape(question.choices[question.answer])}"
    stem = escape(question.stem)
    if question.case:
        stem = f'<p class="case"><i>{escape(question.case)}</i></p><p>{stem}</p>'
    reasons = "".join(
        f"<li>{escape(choice)}: {escape(reason)}</li>"
        for choice, reason in zip(question.choices, question.reasons, strict=True)
    )
    explanation = escape(question.explanation) + (f'<ol type="A">{reasons}</ol>' if reasons else "")
    section = question.link.split("/", 1)[0].replace("-", " ").capitalize()
    source = (
        f"Source: {escape(site_name)}, page \u201c{escape(question.link_text)}\u201d "
        f"({escape(section)} section, {escape(question.link)})"
    )
    return genanki.Note(
        model=MODEL,
        fields=[escape(question.id), stem, choices, answer, explanation, source],
        guid=genanki.guid_for(question.id),
        tags=[question.topic.replace(":", "-")],
    )


def study_order(questions: Sequence[Question]) -> list[Question]:
    """The order new cards come in: a case's questions in the story's order (a later one may tell
    an earlier answer); a topic's questions taken in turn from each entry asked about, so two
    cards on the same entry (whose feedback would answer the next) never follow each other when
    another order avoids it."""
    if any(q.case for q in questions):
        return list(questions)
    by_entry: dict[str, list[Question]] = {}
    for q in questions:
        by_entry.setdefault(q.id.split(":")[1] if ":" in q.id else q.id, []).append(q)
    queues = list(by_entry.items())
    out: list[Question] = []
    last = None
    while len(out) < len(questions):
        # The entry with most cards left that is not the last one's (any, when none other is left).
        ready = [(key, q) for key, q in queues if q and key != last] or [(key, q) for key, q in queues if q]
        key, queue = max(ready, key=lambda item: len(item[1]))
        out.append(queue.pop(0))
        last = key
    return out


def deck_bytes(groups: Sequence[tuple[str, Sequence[Question]]], timestamp: float, site_name: str) -> bytes:
    """The .apkg file: one sub-deck per (title, questions) group."""
    decks = []
    for title, questions in groups:
        name = f"{DECK_NAME}::{title}"
        deck = genanki.Deck(_deck_id(name), name)
        for question in study_order(questions):
            deck.add_note(_note(question, site_name))
        decks.append(deck)
    package = genanki.Package(decks)
    handle, path = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        connection = sqlite3.connect(path)
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        connection.close()
        with open(path, "rb") as db:
            collection = db.read()
    finally:
        os.unlink(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as apkg:
        for name, content in (("collection.anki2", collection), ("media", json.dumps({}).encode())):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            apkg.writestr(info, content)
    return out.getvalue()


def timestamp_of(day: str) -> float:
    """Seconds since the epoch at midnight UTC of a YYYY-MM-DD day."""
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()
