"""Diagnosis questions: the MOST likely diagnosis from a patient's history and examination, distractors from the condition's differential list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.kb import KnowledgeBase
from ...model.kinds import display_name
from ...study.questions import (
    Candidate,
    _clause,
    _first_sentence,
    _lower_first,
    _make,
    _pick,
    _sentence,
    _variants,
)
from ...study.writing import content_words

# ---- diagnosis ----------------------------------------------------------------------------------
# A key finding written as advice to the clinician, not as what the examination shows.
INSTRUCTION = re.compile(
    r"\bmust\b|\bshould\b|\brefer|\brecord\b|\bnote\b|\bcheck\b|as an alternative|\bbaseline\b", re.I
)
NEURO = re.compile(r"radicul|myelopath|neuralgia|nerve|outlet|stenosis|notalgia", re.I)


def _diagnosis(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    conditions = kb.entries["conditions"]
    every = kb.all("conditions")
    for condition in every:
        d = condition.data
        told = {x["condition"]: x["how_to_tell"] for x in d.get("differentials", []) if x["condition"] in conditions}
        system = "neuromuscular" if NEURO.search(d["name"]) else "musculoskeletal"
        presentation = [_clause(x) for x in d.get("presentation", [])]
        findings = [
            _clause(x["finding"])
            for x in d.get("key_findings", [])
            if len(x["finding"].split()) >= 5 and not INSTRUCTION.search(x["finding"])
        ]
        if not presentation or not findings:
            continue
        stories, exams = _variants(presentation, 4), _variants(findings, 8)
        for n in range(10):
            story, exam = stories[n % len(stories)], exams[(n + n // len(exams)) % len(exams)]
            stem = (
                f"A patient reports: {'; '.join(_lower_first(x) for x in dict.fromkeys(story))}. "
                f"On examination: {'; '.join(_lower_first(x) for x in dict.fromkeys(exam))}. "
                "What is the MOST likely diagnosis?"
            )
            words = content_words(stem)
            pool = [conditions[c] for c in told] + [
                c for c in every if c.id not in told and set(c.data["locations"]) & set(d["locations"])
            ]
            wrong = [
                c
                for c in pool
                if c.id != condition.id and not (content_words(display_name("conditions", c.data)) & words)
            ]
            wrong = [c for c in wrong if c.id in told][:3] + _pick(
                f"{condition.id}:{n}", [c for c in wrong if c.id not in told], 3
            )
            reasons = {d["name"]: f"Right: {_lower_first(exam[0])}"}
            for c in wrong[:3]:
                reasons[c.data["name"]] = (
                    told[c.id]
                    if c.id in told
                    else f"It would show {_lower_first(_clause(c.data['key_findings'][0]['finding']))}"
                    if c.data.get("key_findings")
                    else f"It is {_lower_first(_clause(_first_sentence(c.data['summary'])))}"
                )
            yield _make(
                f"dx:{condition.id}:{n + 1}",
                "diagnosis",
                stem,
                d["name"],
                [c.data["name"] for c in wrong[:3]],
                f"{d['name']}: {_sentence(_first_sentence(d['summary']))}",
                condition,
                reasons,
                "analysis",
                system,
                "evaluation-diagnosis",
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 20
QUESTIONS = [_diagnosis]
TOPICS = {"diagnosis": "Diagnosis from the history and examination"}
