"""Contraindication questions: which intervention a finding rules out, and which finding rules an intervention out."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...study.questions import (
    Candidate,
    _clause,
    _first_sentence,
    _lower_first,
    _make,
    _member,
    _pick,
    _sentence,
)
from ...study.writing import content_words

# ---- contraindications --------------------------------------------------------------------------
# A factor whose own text sends the patient on (refer, emergency) is a red flag first: "which
# treatment may I use?" has no right answer there, so it is never a scenario's background.
REFER = re.compile(r"\brefer|emergency|physician the same|same-day", re.I)
# The factors the study review names as red-flag level (a suspected fracture, infection, tumour,
# cord lesion, arterial dissection or aneurysm, an unstable spine or bleeding): refer, do not treat.
RED_FLAG_LEVEL = re.compile(r"fractur|infect|malignan|cancer|myelopath|arterial|aneurysm|unstable|instabil", re.I)
NOT_COVERED = re.compile(r"not covered|separate decision", re.I)
CATEGORY_SYSTEM = {"modality": "non-system", "manual-therapy": "musculoskeletal"}


def _contraindications(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    interventions = kb.all("interventions")
    factors = kb.entries["contraindications"]
    listing: dict[str, list[Entry]] = {}  # factor id -> the interventions that list it
    for i in interventions:
        for factor_id in i.data.get("contraindications", []):
            listing.setdefault(factor_id, []).append(i)
    treats: dict[str, list[Entry]] = {}  # intervention id -> the conditions that offer it
    for c in kb.all("conditions"):
        for item in c.data.get("interventions", []):
            treats.setdefault(item["intervention"], []).append(c)

    def related(a: Entry, b: Entry) -> bool:
        return bool(content_words(a.data["name"]) & content_words(b.data["name"])) or bool(
            set(a.data.get("related_red_flags", [])) & set(b.data.get("related_red_flags", []))
        )

    for factor in kb.all("contraindications"):
        d = factor.data
        if d["level"] != "absolute":
            continue
        ruled = listing.get(factor.id, [])
        ruled_ids = {i.id for i in ruled}
        # A distractor must be safe with this factor by the data: it lists neither the factor nor
        # a related one, the factor's own advice does not name it, and it is not an exercise or
        # education when the factor leaves exercise to another decision.
        said = d.get("what_to_do", "").lower()

        def safe(i: Entry, d=d, said=said, factor=factor, ruled_ids=ruled_ids) -> bool:
            if i.id in ruled_ids or i.data["name"].lower() in said:
                return False
            if NOT_COVERED.search(said) and i.data["category"] in ("exercise", "education"):
                return False
            return not any(f in factors and related(factors[f], factor) for f in i.data.get("contraindications", []))

        names = {i.data["name"] for i in ruled}
        if not REFER.search(said) and not RED_FLAG_LEVEL.search(factor.id):
            for intervention in ruled:
                category = intervention.data["category"]
                same = [i for i in interventions if i.data["category"] == category and safe(i)]
                near = [
                    i
                    for i in interventions
                    if i.data["category"] not in ("exercise", "education", category) and safe(i)
                ]
                wrong = _pick(f"{factor.id}:{intervention.id}", same, 3)
                wrong += [i for i in _pick(f"{factor.id}:{intervention.id}:more", near, 3) if i not in wrong]
                hosts = [
                    h
                    for h in treats.get(intervention.id, [])
                    if not content_words(h.data["name"]) & content_words(intervention.data["name"])
                ]
                host = hosts[random.Random(f"{factor.id}:{intervention.id}").randrange(len(hosts))] if hosts else None
                who = f"with {_lower_first(host.data['name'])}" if host else "with thoracic pain"
                reasons = {intervention.data["name"]: f"Right, contraindicated: {_first_sentence(d['why'])}"}
                for i in wrong[:3]:
                    reasons[i.data["name"]] = (
                        f"{i.data['name']} does not list {_lower_first(d['name'])} among its contraindications"
                    )
                yield _make(
                    f"ci-rules-out:{factor.id}:{intervention.id}",
                    "contraindications",
                    f"A patient {who} is to be treated over the affected region. The intake shows: "
                    f"{_lower_first(_clause(d['name']))}. Which intervention is contraindicated there?",
                    intervention.data["name"],
                    [i.data["name"] for i in wrong[:3]],
                    f"{d['name']}: {_sentence(d['why'])} {_sentence(d.get('what_to_do', ''))}".strip(),
                    factor,
                    reasons,
                    "application",
                    CATEGORY_SYSTEM.get(category, "musculoskeletal"),
                    "safety-professional",
                    is_right=_member(names),
                )
    # The other way round: the plan is fixed, which finding on the intake rules it out?
    for intervention in interventions:
        own = [factors[f] for f in intervention.data.get("contraindications", []) if f in factors]
        absolute = [f for f in own if f.data["level"] == "absolute"]
        if not absolute:
            continue
        for factor in absolute:
            hosts = [
                h
                for h in treats.get(intervention.id, [])
                if not content_words(h.data["name"]) & content_words(factor.data["name"])
            ]
            pool = [
                f
                for f in factors.values()
                if f not in own and not any(related(f, o) for o in own) and f.data["level"] == "absolute"
            ]
            wrong = _pick(f"{intervention.id}:{factor.id}:finding", pool, 3)
            host = hosts[random.Random(f"{intervention.id}:{factor.id}").randrange(len(hosts))] if hosts else None
            who = f"with {_lower_first(host.data['name'])}" if host else "with thoracic pain"
            reasons = {factor.data["name"]: f"Right: {_first_sentence(factor.data['why'])}"}
            for f in wrong:
                reasons[f.data["name"]] = (
                    f"{intervention.data['name']} does not list it; it matters for other treatments"
                )
            ruled_by = {f.data["name"] for f in absolute}
            yield _make(
                f"ci-finding:{factor.id}:{intervention.id}",
                "contraindications",
                f"{intervention.data['name']} is planned for a patient {who}. Which finding on the intake form is an "
                f"absolute contraindication to it?",
                factor.data["name"],
                [f.data["name"] for f in wrong],
                f"{factor.data['name']}: {_sentence(factor.data['why'])} {factor.data.get('what_to_do', '')}".strip(),
                factor,
                reasons,
                "application",
                CATEGORY_SYSTEM.get(intervention.data["category"], "musculoskeletal"),
                "safety-professional",
                is_right=_member(ruled_by),
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 30
QUESTIONS = [_contraindications]
TOPICS = {"contraindications": "Contraindications: what a finding rules out"}
