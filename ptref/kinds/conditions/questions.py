"""Diagnosis questions: the MOST likely diagnosis from a patient's history and examination, distractors from the condition's differential list."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...study.questions import (
    PROPER_NAME,
    Candidate,
    _clause,
    _lower_first,
    _make,
    _sentence,
    condition_option,
    condition_system,
    for_candidate,
    frame,
)

# ---- diagnosis ----------------------------------------------------------------------------------
# A key finding written as advice to the clinician, not as what the examination shows.
INSTRUCTION = re.compile(
    r"\bmust\b|\bshould\b|\brefer|\brecord\b|\bnote\b|\bcheck\b|as an alternative|\bbaseline\b|\bneeds?\b|"
    r"\bgoals?\b|\bany new\b|\breason for\b",
    re.I,
)
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


def option_name(name: str) -> str:
    """A condition's name as an option: without glosses in brackets, so that no option is marked
    out by length or by a qualifier ("Rib fracture", not "Rib fracture (traumatic, cough, ...)")."""
    return re.sub(r"\s*\([^()]*\)", "", name).strip()


def option(condition: Entry, why: str = "") -> str:
    """The condition as an option (see condition_option in the study engine)."""
    return condition_option(condition.data, why)


def explained(
    key: str, why: str, wrong: list[Entry], given: dict[str, str], named: dict[str, str] | None = None
) -> str:
    """The explanation teaches the decision: why the key fits this patient, then why the nearest
    alternative (the vignette's first choice, the differential that shares most of this story)
    does not, in the vignette's own words about this patient (item review round 9, observation 4:
    the explanation copied the key's reason and said nothing about the distractors)."""
    nearest = next((c for c in wrong if given.get(c.id)), None)
    if nearest is None:
        return f"{key}: {_sentence(why)}"
    return frame(
        "conditions",
        "diagnosis-explained",
        key=key,
        why=_sentence(why),
        other=_lower_name((named or {}).get(nearest.id) or option(nearest, given[nearest.id])),
        reason=_sentence(for_candidate(given[nearest.id])),
    )


# A key this much longer than the longest wrong choice marks itself out (item review round 11, B:
# "Osteoporotic vertebral compression fracture" among names of 12 to 33 letters).
LONGEST_RATIO = 1.28


def _not_longest(key: str, data: dict, others: list[str]) -> str:
    """The key's name, or the other name of the condition nearest in length to the longest wrong
    choice when the name alone would stand out by its length ("Fragility fracture of the spine")."""
    longest = max((len(o) for o in others), default=0)
    if not longest or len(key) <= LONGEST_RATIO * longest:
        return key
    fits = [a for a in data.get("also_known_as", []) if 0.7 * longest <= len(a) <= longest + 4]
    return min(fits, key=lambda a: abs(len(a) - longest)) if fits else key


def _lower_name(name: str) -> str:
    """A condition's name inside a sentence: lower-case first letter, unless it starts with an
    acronym or a proper name ("T4 syndrome", "Scheuermann disease")."""
    return name if PROPER_NAME.match(name) else _lower_first(name)


def _diagnosis(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    """One item per hand-written vignette (the condition's `vignettes`): a patient's story, three
    wrong choices the vignette names, each with the reason the vignette gives, which names the
    finding in this story that rules the choice out (item review round 5, REASON-GENERIC: the
    condition's differential text, shared by every vignette, never mentioned the patient). The
    explanation is the vignette's own reasoning, without the condition's one-line definition (a
    verbless fragment about the condition in general: EXPL-FRAGMENT). Level application: the
    findings are matched to a diagnosis (item review: not analysis)."""
    conditions = kb.entries["conditions"]
    for condition in kb.all("conditions"):
        d = condition.data
        system = condition_system(d)
        for n, v in enumerate(d.get("vignettes", [])):
            who = f"{'An' if str(v['age']).startswith('8') or v['age'] in (11, 18) else 'A'} {v['age']}-year-old "
            who += {
                ("female", True): "girl",
                ("male", True): "boy",
                ("female", False): "woman",
                ("male", False): "man",
            }[v["sex"], v["age"] < 18]
            if re.match(r"(a|an|who)\b", v["story"]):
                who += ","  # "A 29-year-old woman, a hairdresser, has ..."
            stem = frame("conditions", "diagnosis", patient=who, story=_clause(v["story"]))
            wrong = [conditions[c] for c in v["choices"] if c in conditions]
            given = {r["condition"]: r["reason"] for r in v.get("reasons", [])}
            # a wrong choice is named as its reason names it: an entry that joins two conditions may
            # be offered against itself, as the one the story rules out ("Costochondritis" against
            # Tietze syndrome, its natural competitor: item review round 15, R15a #54)
            # or as the vignette's own label says ("T1 radiculopathy" for a T1 root lesion: round 20)
            named = {r["condition"]: r["label"] for r in v.get("reasons", []) if r.get("label")}
            labels = [named.get(c.id) or option(c, given.get(c.id, "")) for c in wrong]
            key = v.get("answer_as") or _not_longest(option(condition, v["why"]), d, labels)
            reasons = {key: f"Right: {v['why']}"}
            for c, label in zip(wrong, labels, strict=True):
                reasons[label] = for_candidate(given.get(c.id, ""))
            # a competitor outside the reference, by its label, where no entry is plausible for this
            # patient (a leg length difference for a painless adolescent's curve: round 17)
            outside = [v["outside"]] if v.get("outside") else []
            for o in outside:
                reasons[o["label"]] = for_candidate(o["reason"])
            yield _make(
                f"dx:{condition.id}:{n + 1}",
                "diagnosis",
                stem,
                key,
                labels + [o["label"] for o in outside],
                explained(key, v["why"], wrong, given, named),
                condition,
                reasons,
                "application",
                system,
                "evaluation-diagnosis",
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 20
QUESTIONS = [_diagnosis]
TOPICS = {"diagnosis": "Diagnosis from the history and examination"}
