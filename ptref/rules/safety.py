"""Safety: contraindications, red-flag urgency and the vital-signs screen."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .registry import Entries, Entry, Finding, _sentences, rule

_PERMITS = re.compile(
    r"\b(only if|if (clearly |really )?needed|if necessary|with (great )?(care|caution)|"
    r"may be (used|considered|applied)|can be (used|considered|applied)|"
    r"low-grade|choose gentle|gentle techniques)\b",
    re.IGNORECASE,
)
_GENERIC = {
    "thoracic",
    "spine",
    "spinal",
    "joint",
    "grades",
    "with",
    "and",
    "the",
    "therapy",
    "technique",
    "techniques",
    "costovertebral",
    "costotransverse",
    "upper",
    "lower",
}


_CATEGORY_TERMS = {
    "manual-therapy": {"technique", "manual"},
    "modality": {"modalit", "setting"},
    "exercise": {"exercise"},
    "education": set(),
}


def _terms(intervention: Entry) -> set[str]:
    """Words that name an intervention in a sentence: its names, and what its category is called."""
    names = [intervention.data["name"]] + intervention.data.get("also_known_as", [])
    words = {w for n in names for w in re.findall(r"[a-z]{4,}", n.lower())} - _GENERIC
    return {w[:-1] if w.endswith("s") else w for w in words} | _CATEGORY_TERMS[intervention.data["category"]]


@rule(
    "absolute-permits-intervention",
    "an absolute contraindication's text allows an intervention it rules out",
    "Absolute means do not use; a text that adapts the intervention belongs in a precaution "
    "entry (the review found 'severe osteoporosis' absolute yet allowing gentle mobilisation).",
)
def _absolute(entries: Entries) -> Iterator[Finding]:
    restricted: dict[str, list[Entry]] = {}
    for intervention in entries["interventions"].values():
        for cid in intervention.data["contraindications"]:
            restricted.setdefault(cid, []).append(intervention)
    for entry in entries["contraindications"].values():
        if entry.data["level"] != "absolute":
            continue
        for field in ("why", "what_to_do"):
            for sentence in _sentences(entry.data.get(field, "")):
                if not _PERMITS.search(sentence):
                    continue
                lowered = sentence.lower()
                for intervention in restricted.get(entry.id, []):
                    if any(term in lowered for term in _terms(intervention)):
                        yield entry, field, f"{intervention.id}: {sentence!r}"
                        break


_TIME_CRITICAL = re.compile(
    r"\btime[- ](sensitive|critical)|\bwithin (a few |\d+ ?)(hours?|h)\b|"
    r"\bas soon as possible\b|\bimmediately\b",
    re.IGNORECASE,
)
_EMERGENCY_STEP = re.compile(r"emergency|ambulance|\b911\b|\b999\b|\b112\b", re.IGNORECASE)


@rule(
    "urgency-matches-action",
    "a red flag's urgency contradicts its own action",
    "The printed card shows the urgency grade first: a 'routine' flag whose action is "
    "time-critical invites delay, and an emergency flag must say to call emergency services.",
)
def _urgency(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        data = entry.data
        if data["urgency"] == "routine":
            for field in ("action", "quick_action"):
                match = _TIME_CRITICAL.search(data[field])
                if match:
                    yield entry, "urgency", f"routine, yet {field} says {match.group(0)!r}"
        if data["urgency"] == "emergency" and not _EMERGENCY_STEP.search(data["quick_action"]):
            yield entry, "quick_action", "emergency, yet the quick action does not send the patient to emergency care"


_VITAL_CATEGORIES = {"infection", "cardiopulmonary", "vascular", "visceral"}


@rule(
    "vital-signs-screen",
    "an infective, cardiopulmonary, vascular or visceral red flag must screen with vital signs",
    "Fever, heart rate, SpO2, respiratory rate and blood pressure in both arms are how these "
    "flags are found; a screen without them misses what it looks for.",
)
def _vitals(entries: Entries) -> Iterator[Finding]:
    assessments = entries["assessments"]
    for entry in entries["red_flags"].values():
        if entry.data["category"] not in _VITAL_CATEGORIES:
            continue
        kinds = {assessments[a].data["kind"] for a in entry.data.get("screen_with", []) if a in assessments}
        if "vital-signs" not in kinds:
            yield entry, "screen_with", f"category {entry.data['category']!r} lists no vital-signs assessment"
