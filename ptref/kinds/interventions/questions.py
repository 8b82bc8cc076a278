"""Intervention questions: the MOST appropriate intervention for a patient, or the one that must
NOT be used, from hand-written vignettes (data/interventions.yml `vignettes`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...study.questions import Candidate, _clause, _lower_first, _make, _sentence, frame, short_label

CATEGORY_SYSTEM = {"modality": "non-system", "manual-therapy": "musculoskeletal"}
WORD = {("female", True): "girl", ("male", True): "boy", ("female", False): "woman", ("male", False): "man"}


def patient(age: int, sex: str) -> str:
    """ "A 34-year-old man", "An 18-year-old woman"."""
    article = "An" if str(age).startswith("8") or age in (11, 18) else "A"
    return f"{article} {age}-year-old {WORD[sex, age < 18]}"


def option(intervention: Entry) -> str:
    """An intervention as an option: its name without glosses in brackets ("Thoracic joint
    mobilisation", not "... (grades I-IV)"), or its acronym where the name alone is long ("TENS")."""
    return short_label(intervention.data, acronym_over=35)


def _offered(c: Entry, v: dict) -> str:
    """A wrong choice as an option: the vignette's wording for it where it gives one (`labels`)."""
    return v.get("labels", {}).get(c.id) or option(c)


def _explained(name: str, v: dict, wrong: list[Entry]) -> str:
    """The explanation teaches the decision: why the key fits this patient, then why the nearest
    alternative (the vignette's first choice) does not, in the vignette's words about this patient
    (item review round 9, observation 4)."""
    if not wrong or not v.get("reasons"):
        return f"{name}: {_sentence(v['why'])}"
    return frame(
        "interventions",
        f"{v['ask']}-explained",
        key=name,
        why=_sentence(v["why"]),
        other=_lower_first(_offered(wrong[0], v)),
        reason=_sentence(v["reasons"][0]),
    )


def _interventions(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    """Each intervention's first vignette, then each one's second, and so on: two items on one
    intervention never follow each other in the bank's order."""
    interventions = kb.entries["interventions"]
    rounds = max((len(i.data.get("vignettes", [])) for i in kb.all("interventions")), default=0)
    for n in range(rounds):
        for intervention in kb.all("interventions"):
            d = intervention.data
            if n >= len(d.get("vignettes", [])):
                continue
            v = d["vignettes"][n]
            who = patient(v["age"], v["sex"])
            if re.match(r"(a|an|who)\b", v["story"]):
                who += ","  # "A 29-year-old woman, a hairdresser, has ..."
            wrong = [interventions[c] for c in v["choices"] if c in interventions]
            # the key worded by what the contraindication covers, where it bars only a grade or a
            # technique ("Grade III-IV rib joint mobilisation", not all of it: round 13 #2)
            key = v.get("option") or option(intervention)
            reasons = {key: f"Right: {v['why']}"}
            for c, reason in zip(wrong, v["reasons"], strict=False):
                reasons[_offered(c, v)] = reason
            yield _make(
                f"iv-{v['ask']}:{intervention.id}:{n + 1}",
                "interventions",
                frame("interventions", v["ask"], patient=who, story=_clause(v["story"])),
                key,
                [_offered(c, v) for c in wrong],
                _explained(v.get("option") or d["name"], v, wrong),
                intervention,
                reasons,
                "application",
                CATEGORY_SYSTEM.get(d["category"], "musculoskeletal"),
                "intervention",
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 35
QUESTIONS = [_interventions]
TOPICS = {"interventions": "Interventions: best choice, ruled out"}
