"""Study questions: every generated question has exactly one right answer."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.kb import KnowledgeBase
from ..study.questions import ambiguous, candidates
from .registry import Entries, Finding, rule


@rule(
    "question-single-answer",
    "a generated study question would have no right answer, or more than one",
    "Questions are made from the data by templates (ptref/study/questions.py); two entries that "
    "read the same (two red flags with one name, one cue list for two flags) would give a question "
    "with two right answers, which a student would meet before a reviewer did.",
)
def _single_answer(entries: Entries) -> Iterator[Finding]:
    try:
        found = candidates(KnowledgeBase(entries, with_links=False))
    except KeyError:
        return  # a notice or entry a template names is missing: the required-ids and link checks report it
    for candidate in found:
        reason = ambiguous(candidate)
        if reason:
            yield candidate.entry, "id", f"question {candidate.question.id}: {reason}"
