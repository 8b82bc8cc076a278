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
    choices = "".join(f"<li>{escape(c)}</li>" for c in question.choices)
    answer = f"{chr(65 + question.answer)}. {escape(question.choices[question.answer])}"
    source = f"{escape(site_name)}: {escape(question.link_text)} ({escape(question.link)})"
    return genanki.Note(
        model=MODEL,
        fields=[escape(question.id), escape(question.stem), choices, answer, escape(question.explanation), source],
        guid=genanki.guid_for(question.id),
        tags=[question.topic.replace(":", "-")],
    )


def deck_bytes(groups: Sequence[tuple[str, Sequence[Question]]], timestamp: float, site_name: str) -> bytes:
    """The .apkg file: one sub-deck per (title, questions) group."""
    decks = []
    for title, questions in groups:
        name = f"{DECK_NAME}::{title}"
        deck = genanki.Deck(_deck_id(name), name)
        for question in questions:
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
