"""A study question, as the study page, the worksheet and the Anki deck use it."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Question:
    id: str  # stable across builds: the template and the entries it asks about
    topic: str  # a TOPICS key, or "case:<case id>"
    stem: str
    choices: tuple[str, ...]
    answer: int  # index into choices
    explanation: str
    link: str  # the page that teaches it, relative to the site root ("red-flags/x.html")
    link_text: str

    def as_json(self) -> dict:
        data = asdict(self)
        data["choices"] = list(self.choices)
        return data


def arrange(question_id: str, right: str, wrong: list[str]) -> tuple[tuple[str, ...], int]:
    """The choices in an order fixed by the question's id (the same in every build), so that the
    right answer is not always first; returns (choices, index of the right one)."""
    choices = sorted([right, *wrong], key=lambda c: hashlib.sha256(f"{question_id}\n{c}".encode()).hexdigest())
    return tuple(choices), choices.index(right)
