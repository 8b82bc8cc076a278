"""Diagnosis questions: the MOST likely diagnosis from a patient's history and examination, distractors from the condition's differential list."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator

from ...model.entry import Entry
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
    frame,
)
from ...study.writing import GUIDANCE, content_words

# ---- diagnosis ----------------------------------------------------------------------------------
# A key finding written as advice to the clinician, not as what the examination shows.
INSTRUCTION = re.compile(
    r"\bmust\b|\bshould\b|\brefer|\brecord\b|\bnote\b|\bcheck\b|as an alternative|\bbaseline\b|\bneeds?\b|"
    r"\bgoals?\b|\bany new\b|\breason for\b",
    re.I,
)
NEURO = re.compile(r"radicul|myelopath|neuralgia|nerve|outlet|stenosis|notalgia", re.I)
# How many history-and-findings combinations a condition is asked with at most (each one distinct).
VARIANTS = 16
# A presentation line about who gets it, not what this patient reports ("More common in young women").
EPIDEMIOLOGY = re.compile(
    "|".join(
        (
            r"\bmore common\b",
            r"\bcommon in\b",
            r"\bmore often\b",
            r"\bmany are\b",
            r"\bor an adult who\b",
            "not this condition",
        )
    ),
    re.I,
)
# What only an examiner finds, which a patient does not report ("no neurological signs").
SIGN = re.compile(r"\bsigns?\b|reflex|clonus|plantar|on palpation", re.I)
# A finding that names the diagnosis or leans on text the question does not show.
GIVEAWAY = re.compile(
    r"diagnos|\bfused\b|\binjured\b|\bthe same band\b|\bthe band pain\b|\bits (own )?\w+ below\b", re.I
)
# A differential the data calls a companion or a cause, not an alternative: both may be right.
COMPANION = re.compile(
    "|".join(
        ("coexist", "overlap", "occur together", "often together", "can be part of", "can cause", "coded together")
    ),
    re.I,
)


def _core(name: str) -> str:
    """A condition's name without its gloss in brackets, lower-case."""
    return re.sub(r"\s*\([^()]*\)", "", name).lower()


def _companions(every: list[Entry]) -> Callable[[Entry, Entry], bool]:
    """Whether the data makes two conditions companions (both may be right for one patient):
    either's differential text says they coexist or one is part of the other, or either's summary
    names the other as a cause. What each condition says is read once, not for every pair."""
    said_with: dict[str, set[str]] = {}
    for c in every:
        theirs = {x["condition"]: x["how_to_tell"] for x in c.data.get("differentials", [])}
        said_with[c.id] = {k for k, v in theirs.items() if COMPANION.search(v)}
    core = {c.id: _core(c.data["name"]) for c in every}
    summary = {c.id: c.data["summary"].lower() for c in every}

    def companions(a: Entry, b: Entry) -> bool:
        return (
            b.id in said_with[a.id]
            or a.id in said_with[b.id]
            or core[b.id] in summary[a.id]
            or core[a.id] in summary[b.id]
        )

    return companions


# Text that fits only a woman, whatever the condition's typical patient says.
FEMALE_ONLY = re.compile(r"pregnan|breastfeed|\bbirth\b|menopaus|\bweeks'? gestation", re.I)


def patient(condition_id: str, typical: dict | None, n: int, text: str) -> str:
    """ "A 68-year-old woman", the age chosen within the condition's typical range and the sex its
    typical patient gives (or, where it gives none, chosen, and female where the text needs it),
    fixed by the condition and the variant; "A patient" when the data gives no typical patient."""
    if not typical:
        return "A patient"
    seed = int(hashlib.sha256(f"{condition_id}:{n}".encode()).hexdigest(), 16)
    age = typical["age_from"] + seed % (typical["age_to"] - typical["age_from"] + 1)
    sex = typical.get("sex") or ("female" if FEMALE_ONLY.search(text) or (seed >> 8) % 2 else "male")
    word = {("female", True): "girl", ("male", True): "boy", ("female", False): "woman", ("male", False): "man"}
    article = "An" if str(age).startswith("8") or age in (11, 18) else "A"
    return f"{article} {age}-year-old {word[sex, age < 18]}"


def _diagnosis(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    conditions = kb.entries["conditions"]
    every = kb.all("conditions")
    # Worked out once, not per question: a name's content words, and the conditions felt in the
    # same places (one list per set of places), from which wrong choices are sampled. Scanning
    # every condition for every question grew with the square of the data (minutes at 100x).
    name_words = {c.id: content_words(display_name("conditions", c.data)) for c in every}
    felt_in: dict[frozenset, list[Entry]] = {}
    companions = _companions(every)
    for condition in every:
        d = condition.data
        told = {x["condition"]: x["how_to_tell"] for x in d.get("differentials", []) if x["condition"] in conditions}
        places = frozenset(d["locations"])
        if places not in felt_in:
            felt_in[places] = [c for c in every if places & set(c.data["locations"])]

        def overlaps(c: Entry, me=condition) -> bool:
            return companions(me, c)

        system = "neuromuscular" if NEURO.search(d["name"]) else "musculoskeletal"
        presentation = [
            _clause(x)
            for x in d.get("presentation", [])
            if not (EPIDEMIOLOGY.search(x) or SIGN.search(x) or GUIDANCE.search(x) or GIVEAWAY.search(x))
        ]
        findings = [
            _clause(x["finding"])
            for x in d.get("key_findings", [])
            if len(x["finding"].split()) >= 5
            and not (INSTRUCTION.search(x["finding"]) or GUIDANCE.search(x["finding"]) or GIVEAWAY.search(x["finding"]))
        ]
        if not presentation or not findings:
            continue
        stories, exams = _variants(presentation, 4), _variants(findings, 8)
        asked: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        for n in range(VARIANTS):
            story, exam = stories[n % len(stories)], exams[(n + n // len(exams)) % len(exams)]
            if (tuple(story), tuple(exam)) in asked:
                continue  # the same history and findings with another age is not another question
            asked.add((tuple(story), tuple(exam)))
            told_story = "; ".join(_lower_first(x) for x in dict.fromkeys(story))
            found = "; ".join(_lower_first(x) for x in dict.fromkeys(exam))
            who = patient(condition.id, d.get("typical_patient"), n, f"{told_story} {found}")
            stem = frame("conditions", "diagnosis", patient=who, history=told_story, findings=found)
            words = content_words(stem)

            def fits(c: Entry, words=words, me=condition.id, overlaps=overlaps) -> bool:
                return c.id != me and not (name_words[c.id] & words) and not overlaps(c)

            def other(c: Entry, fits=fits, told=told) -> bool:
                return c.id not in told and fits(c)

            wrong = [conditions[c] for c in told if fits(conditions[c])][:3]
            wrong += _pick(f"{condition.id}:{n}", felt_in[places], 3, other)
            reasons = {d["name"]: f"Right: {_lower_first(_first_sentence(d['summary']))}"}
            for c in wrong[:3]:
                usual = [x for x in c.data.get("presentation", []) if not SIGN.search(x)]
                reasons[c.data["name"]] = (
                    told[c.id]
                    if c.id in told
                    else frame("conditions", "not-this-picture", picture=_lower_first(_clause(usual[0])))
                    if usual
                    else f"{c.data['name']}: {_lower_first(_clause(_first_sentence(c.data['summary'])))}"
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
