"""A study question, as the study page, the worksheet and the Anki deck use it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

NUMBER = re.compile(r"^(\d+(?:\.\d+)?)(?:\s|$)")  # a choice that is a number, perhaps with its unit
LEVELS = ("recall", "application", "analysis")
# The NPTE content outline's body systems and domains (FSBPT): each question is tagged with one of each.
SYSTEMS = (
    "musculoskeletal",
    "neuromuscular",
    "cardiovascular-pulmonary",
    "integumentary",
    "other-systems",
    "non-system",
)
# research-ebp: research and evidence-based practice, the NPTE outline's own non-system area beside
# safety and professional responsibilities (item review round 20, 2041 class 4: an LR item labelled
# safety-professional).
DOMAINS = ("examination", "evaluation-diagnosis", "intervention", "safety-professional", "research-ebp")


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
    reasons: tuple[str, ...] = ()  # one sentence per choice, in the choices' order: why it is right or wrong
    level: str = "recall"  # a LEVELS value
    system: str = "musculoskeletal"  # a SYSTEMS value
    domain: str = "evaluation-diagnosis"  # a DOMAINS value
    case: str | None = None  # the vignette of a case question (presentation, history, findings)
    # The patient story it shares with another question ("acute-spinal-cord-compression:2" for a
    # red-flag vignette's which-condition and next-step items), or None: pages never ask both at once,
    # even where one stem carries a sentence the other does not (a vignette's `setting`).
    story: str | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["choices"] = list(self.choices)
        data["reasons"] = list(self.reasons)
        return data


def arrange(question_id: str, right: str, wrong: list[str]) -> tuple[tuple[str, ...], int]:
    """The choices in an order fixed by the question's id (the same in every build), so that the
    right answer is not always first; returns (choices, index of the right one). Numbers ("3 units",
    "0.5") go in ascending order, as item-writing guides ask."""
    numbers = [NUMBER.match(c) for c in [right, *wrong]]
    if all(numbers):
        choices = sorted([right, *wrong], key=lambda c: float(NUMBER.match(c).group(1)))  # type: ignore[union-attr]
        return tuple(choices), choices.index(right)
    choices = sorted([right, *wrong], key=lambda c: hashlib.sha256(f"{question_id}\n{c}".encode()).hexdigest())
    return tuple(choices), choices.index(right)
