"""Coding questions: the ICD-10-CM code for a documented visit, and billable units for a day's timed minutes."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ...model import icd
from ...model.kb import KnowledgeBase
from ...model.kinds import display_name
from ...model.units import never_paid_reason, rules_from
from ...study.questions import (
    Candidate,
    _clause,
    _lower_first,
    _make,
    _pick,
    _sentence,
    frame,
    units_answer,
)
from ...study.writing import RESEARCH_NOTE

# ---- diagnosis codes ----------------------------------------------------------------------------
# A 'when' text that leans on another (written to be read in sequence on the condition's page).
# A 'when' that leans on another code: "as above", or a site code "reported with the G89 code"
# (a partner pair is never a choose-one item, DOMAIN.md).
DEPENDENT = re.compile(
    r"^\s*(as above|as for|the same|same as)|see (the )?\w+ below|the same rule|reported with the [A-Z]\d", re.I
)
CODE_TOKEN = re.compile(r"\b[A-Z]\d{2}(?:\.[0-9A-Z]+)?-?")


def _stem_code(code: str) -> str:
    """A code without dots, 7th character or placeholder Xs: what a sibling shares."""
    bare = code.replace(".", "").rstrip("-")
    return bare[:6].rstrip("X") if len(bare) == 7 else bare


def names_a_choice(text: str, choices: Sequence[str]) -> bool:
    """Whether text names a code in the category of any choice: the code itself, a sibling that
    differs only in the 7th character ('As for M80.0AXD' names M80.0AXA), or the category."""
    mentioned = {_stem_code(t)[:3] for t in CODE_TOKEN.findall(text)}
    return any(_stem_code(choice.split(" ", 1)[0])[:3] in mentioned for choice in choices)


def _reportable(code: str) -> bool:
    """Whether the code may go on a claim in the ICD-10-CM edition the data is checked against;
    True when the official data cannot be read here (the offered-code-reportable rule then
    reports what it can)."""
    try:
        return not icd.exists(code) or icd.is_reportable(code)
    except (OSError, KeyError, ValueError):
        return True


def _diagnosis_codes(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    codes = kb.entries["codes"]
    icd_codes = [c for c in codes.values() if c.data["system"] == "icd10cm"]
    offered = {i["code"] for c in kb.all("conditions") for i in c.data["codes"]}
    pool = [c for c in icd_codes if c.id in offered and _reportable(c.data["code"])]
    for condition in kb.all("conditions"):
        items = [i for i in condition.data["codes"] if i["code"] in codes]
        own = {i["code"]: i for i in items}
        for item in items:
            code = codes[item["code"]]
            if "needs_partner" in code.data or DEPENDENT.search(item["when"]) or not _reportable(code.data["code"]):
                continue  # never reported alone, or a 'when' that leans on another, or not reportable
            if code.data["code"].startswith("M99") or "documented_as" not in item:
                continue  # a more specific code always fits (coding review M3); or no chart note to ask from
            key = display_name("codes", code.data)
            siblings = [codes[c] for c in own if c != code.id and not codes[c].data["code"].startswith("M99")]
            siblings = [c for c in siblings if "needs_partner" not in c.data and _reportable(c.data["code"])]
            # Other codes from the same chapter first (a rib sprain against rib fractures, not scoliosis).
            chapter = [c for c in pool if c.data["code"][0] == code.data["code"][0] and c.id not in own]
            others = _pick(f"{condition.id}:{code.id}", chapter, 3)
            others += [c for c in _pick(f"{condition.id}:{code.id}:more", pool, 3 + len(own)) if c.id not in own]
            wrong = list({c.id: c for c in siblings + others}.values())[:3]
            labels = [display_name("codes", c.data) for c in wrong]
            note = _clause(item["documented_as"])
            if names_a_choice(note, [key, *labels]) or RESEARCH_NOTE.search(note):
                continue  # the note names a code among the choices, or carries a note on the sources
            reasons = {key: f"Right: {_clause(item['when'])}"}
            for c, label in zip(wrong, labels, strict=True):
                reasons[label] = (
                    f"{c.data['code']} fits another chart: {_lower_first(_clause(own[c.id]['when'])).replace(': ', '; ')}"
                    if c.id in own
                    else frame("codes", "not-recorded", code=c.data["code"], title=_lower_first(c.data["title"]))
                )
            yield _make(
                f"icd-pick:{condition.id}:{code.id}",
                "diagnosis-codes",
                frame("codes", "diagnosis-code", note=f"{note[:1].upper()}{note[1:]}"),
                key,
                labels,
                f"{code.data['code']} ({code.data['title']}): {_sentence(_clause(item['when']))}",
                condition,
                reasons,
                "application",
                "non-system",
                "safety-professional",
            )


# ---- procedure codes and units ------------------------------------------------------------------
# Minutes for one day's timed codes; combined with the paid timed codes below.
MINUTE_SETS = [
    (8,),
    (7,),
    (22,),
    (23,),
    (38,),
    (52,),
    (53,),
    (33, 7),
    (20, 20),
    (7, 7),
    (38, 15),
    (10, 10, 10),
    (12, 5, 24),
    (23, 23),
    (30, 8),
    (45, 5),
    (16, 16),
    (25, 10),
    (37, 9, 8),
    (60, 7),
    # Days whose counting errors give three distinct wrong counts (round 3: no filler counts).
    (40, 12),
    (45, 20),
    (28, 12, 9),
    (35, 20),
    (18, 14),
    (44, 11),
    (27, 27),
    (50, 10, 6),
    (19, 19, 19),
    (31, 9),
    (25, 13, 11),
    (42, 21),
]


MODALITY = re.compile(r"^970[123]")
# The reason units_answer gives a neighbouring count that no named counting error produces.
FILLER = re.compile(r"would need (more|fewer) minutes")


def _procedure_codes(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    codes = {c.data["code"]: c for c in kb.all("codes") if c.data["system"] in ("cpt", "hcpcs")}
    rules = rules_from(kb.entries)
    paid = sorted(c for c, r in rules.codes.items() if r.timed and never_paid_reason(r) is None and c in codes)
    for n, minutes in enumerate(MINUTE_SETS):
        day: list[tuple[str, int | None]] = []
        for m, minutes_of in enumerate(minutes):
            # A supervised or attended modality (9701x-9703x) runs for minutes, not half an hour.
            fits = [c for c in paid if minutes_of <= 15 or not MODALITY.match(c)]
            used = {x for x, _ in day}
            found = _pick(f"units:{n}:{m}", [c for c in fits if c not in used], 1)
            if found:
                day.append((found[0], minutes_of))
        if len(day) < len(minutes):
            continue  # fewer paid timed codes than this day needs
        listing = ", ".join(f"{c} for {m} min" for c, m in day)
        for method in ("medicare", "per-code"):
            if method == "per-code" and len(day) == 1:
                continue  # one code: both methods ask the same question
            units, other_units, working, reasons = units_answer(rules, day, method)
            if any(FILLER.search(r) for r in reasons.values()):
                continue  # a wrong count that no counting error gives is a dead option (item review round 3)
            yield _make(
                f"units-{method}:{'+'.join(f'{c}={m}' for c, m in day)}",
                "procedure-codes",
                frame("codes", "units", day=listing, method=frame("codes", f"method-{method}")),
                units,
                other_units,
                working,
                codes[day[0][0]],
                reasons,
                "application",
                "non-system",
                "safety-professional",
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 60
QUESTIONS = [_diagnosis_codes, _procedure_codes]
TOPICS = {"diagnosis-codes": "Diagnosis codes for a documented visit", "procedure-codes": "Billable units"}
