"""Contraindication questions: which intervention a finding rules out, and which finding rules an intervention out."""

from __future__ import annotations

import random
import re
from collections import Counter
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
    frame,
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
# A host condition that does not sit with an unrelated intake finding (pregnancy beside recent
# spinal surgery; review: incongruous slot fill).
INCONGRUOUS = re.compile(r"pregnan|post-|after", re.I)


def _bare(name: str) -> str:
    """A factor's name without a bracket naming a treatment or a gloss."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name)


def bare_counts(factors: dict[str, Entry]) -> Counter[str]:
    """How many factors read the same without their bracket."""
    return Counter(_bare(f.data["name"]) for f in factors.values())


def _option(factor: Entry, counts: Counter[str]) -> str:
    """A factor as an option: without its bracket, unless another factor then reads the same
    ("Malignancy ... (manual therapy)" beside "Malignancy ... (modalities)")."""
    bare = _bare(factor.data["name"])
    return bare if counts[bare] == 1 else factor.data["name"]


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

    # Two factors are related when their names share a content word or they share a red flag.
    # Indexed once, so that a factor's unsafe interventions are a union of look-ups rather than a
    # scan of every intervention's factors (the scan was quadratic: minutes at 100x the data).
    by_word: dict[str, set[str]] = {}
    by_flag: dict[str, set[str]] = {}
    for f in factors.values():
        for word in content_words(f.data["name"]):
            by_word.setdefault(word, set()).add(f.id)
        for flag in f.data.get("related_red_flags", []):
            by_flag.setdefault(flag, set()).add(f.id)

    def related_ids(factor: Entry) -> set[str]:
        """The ids of the factors related to this one."""
        near: set[str] = set()
        for word in content_words(factor.data["name"]):
            near |= by_word.get(word, set())
        for flag in factor.data.get("related_red_flags", []):
            near |= by_flag.get(flag, set())
        return near

    def unsafe_with(factor: Entry) -> set[str]:
        """The ids of interventions that list this factor or one related to it."""
        return {i.id for f in related_ids(factor) for i in listing.get(f, [])}

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

        unsafe = unsafe_with(factor)
        leaves_exercise = bool(NOT_COVERED.search(said))
        safe_ids = {
            i.id
            for i in interventions
            if i.id not in ruled_ids
            and i.id not in unsafe
            and i.data["name"].lower() not in said
            and not (leaves_exercise and i.data["category"] in ("exercise", "education"))
        }

        def safe(i: Entry, safe_ids=safe_ids) -> bool:
            return i.id in safe_ids

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
                if host is None or INCONGRUOUS.search(host.data["name"]):
                    continue  # a host condition that does not sit with any factor (review: incongruous slot fill)
                reasons = {intervention.data["name"]: f"Right, contraindicated: {_first_sentence(d['why'])}"}
                for i in wrong[:3]:
                    reasons[i.data["name"]] = frame(
                        "contraindications", "not-listed", intervention=i.data["name"], factor=_lower_first(d["name"])
                    )
                yield _make(
                    f"ci-rules-out:{factor.id}:{intervention.id}",
                    "contraindications",
                    frame(
                        "contraindications",
                        "rules-out",
                        condition=_lower_first(host.data["name"]),
                        factor=_lower_first(_clause(d["name"])),
                    ),
                    intervention.data["name"],
                    [i.data["name"] for i in wrong[:3]],
                    f"{d['name']}: {_sentence(d['why'])} {_sentence(d.get('what_to_do', ''))}".strip(),
                    factor,
                    reasons,
                    "recall",  # a listed contraindication recalled (item review: level label inflated)
                    CATEGORY_SYSTEM.get(category, "musculoskeletal"),
                    "safety-professional",
                    is_right=_member(names),
                )
    # The other way round: the plan is fixed, which finding on the intake rules it out?
    counts = bare_counts(factors)
    for intervention in interventions:
        own = [factors[f] for f in intervention.data.get("contraindications", []) if f in factors]
        absolute = [f for f in own if f.data["level"] == "absolute"]
        if not absolute:
            continue
        near_own = set().union(*(related_ids(o) for o in own))
        pool = [f for f in factors.values() if f not in own and f.id not in near_own and f.data["level"] == "absolute"]
        for factor in absolute:
            hosts = [
                h
                for h in treats.get(intervention.id, [])
                if not content_words(h.data["name"]) & content_words(factor.data["name"])
            ]
            wrong = _pick(f"{intervention.id}:{factor.id}:finding", pool, 3)
            host = hosts[random.Random(f"{intervention.id}:{factor.id}").randrange(len(hosts))] if hosts else None
            who = _lower_first(host.data["name"]) if host and not INCONGRUOUS.search(host.data["name"]) else None
            # Options without the treatment named in brackets ("Breast implants (ultrasound)"): the
            # bracket told which distractor belonged to another treatment (review: cue inside distractor).
            reasons = {_option(factor, counts): f"Right: {_first_sentence(factor.data['why'])}"}
            for f in wrong:
                others = sorted(i.data["name"] for i in listing.get(f.id, []))
                reasons[_option(f, counts)] = (
                    frame("contraindications", "rules-out-others", treatments=", ".join(others[:3]))
                    if others
                    else frame("contraindications", "not-listed", intervention=intervention.data["name"], factor="it")
                )
            ruled_by = {_option(f, counts) for f in absolute}
            yield _make(
                f"ci-finding:{factor.id}:{intervention.id}",
                "contraindications",
                frame(
                    "contraindications",
                    "which-finding" if who else "which-finding-no-condition",
                    intervention=intervention.data["name"],
                    condition=who,
                ),
                _option(factor, counts),
                [_option(f, counts) for f in wrong],
                f"{factor.data['name']}: {_sentence(factor.data['why'])} {factor.data.get('what_to_do', '')}".strip(),
                factor,
                reasons,
                "recall",  # a listed contraindication recalled (item review: level label inflated)
                CATEGORY_SYSTEM.get(intervention.data["category"], "musculoskeletal"),
                "safety-professional",
                is_right=_member(ruled_by),
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 30
QUESTIONS = [_contraindications]
TOPICS = {"contraindications": "Contraindications: what a finding rules out"}
