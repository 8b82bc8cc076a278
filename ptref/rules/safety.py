"""Safety across kinds: contraindications, and text that would loosen them (the red-flag rules
are in ptref/kinds/red_flags/rules.py)."""

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


# --- Text elsewhere that loosens an absolute contraindication (clinical review 4 Dec 2026, M-1)
_FACTOR_GENERIC = {
    "known",
    "suspected",
    "recent",
    "recently",
    "active",
    "acute",
    "severe",
    "other",
    "treatment",
    "area",
    "tissue",
    "unhealed",
    "unstable",
    "spinal",
    "thoracic",
}
# A site or condition that limits where or when the intervention is kept away: harmless for a
# contraindication of one site, a loosening for one that holds anywhere on the body.
_SITE_LIMIT = re.compile(
    r"\b(not|never) (across|over|near|on|around|at)\b|\baway from\b|\bexcept\b|\bunless\b|"
    r"\bprovided\b|\bas long as\b|\bonly (over|on|at|away|if|when)\b",
    re.IGNORECASE,
)


def _factor_terms(factor: Entry) -> set[str]:
    """Words that name what a contraindication is about (its name before any bracket)."""
    name = factor.data["name"].split("(")[0].lower()
    return {w for w in re.findall(r"[a-z]{5,}", name)} - _FACTOR_GENERIC


def _texts_about(entries: Entries) -> Iterator[tuple[Entry, str, str, str]]:
    """(entry, field, intervention id, text): what conditions and interventions say about an
    intervention, in the fields a reader takes as advice on when to use it."""
    for condition in entries["conditions"].values():
        for item in condition.data.get("interventions", []):
            if "why" in item:
                yield condition, "interventions", item["intervention"], item["why"]
    for intervention in entries["interventions"].values():
        for field in ("purpose", "dosage", "skilled_care"):
            if field in intervention.data:
                yield intervention, field, intervention.id, intervention.data[field]
        for text in intervention.data.get("indications", []):
            yield intervention, "indications", intervention.id, text


@rule(
    "text-loosens-absolute",
    "a condition or intervention text allows what a linked absolute contraindication rules out",
    "An absolute contraindication means do not use, whatever another page says: a condition's "
    "'why' or an intervention's dosage that allows the intervention 'with care', or limits an "
    "everywhere-contraindication to a site ('not across the chest' with a pacemaker, when the "
    "device rules out electrical stimulation anywhere on the body), invites the harm the entry "
    "forbids (the review found TENS allowed with a pacemaker on the post-thoracotomy page).",
)
def _loosens(entries: Entries) -> Iterator[Finding]:
    factors = entries["contraindications"]
    interventions = entries["interventions"]
    for entry, field, intervention_id, text in _texts_about(entries):
        intervention = interventions.get(intervention_id)
        if intervention is None:
            continue
        absolute = [
            factors[c]
            for c in intervention.data["contraindications"]
            if c in factors and factors[c].data["level"] == "absolute"
        ]
        for sentence in _sentences(text):
            lowered = sentence.lower()
            for factor in absolute:
                if not any(term in lowered for term in _factor_terms(factor)):
                    continue
                everywhere = "anywhere" in factor.data.get("what_to_do", "").lower()
                if _PERMITS.search(sentence) or (everywhere and _SITE_LIMIT.search(sentence)):
                    yield entry, field, f"{intervention_id} with {factor.id} (absolute): {sentence!r}"
                    break


# --- Patient-facing text carries a safety net (clinical review 4 Dec 2026, M-3)
_ALARM = re.compile(
    r"chest pain|chest tightness|tight chest|short of breath|trouble breathing|"
    r"breathless|hard to breathe|weak(ness)? (in|of) (your|both) legs|leg weakness|"
    r"bladder|bowel|urine|stool",
    re.IGNORECASE,
)
_PATIENT_EMERGENCY = re.compile(r"\b911\b|emergency", re.IGNORECASE)
_EXERCISE_TEXT = ("purpose", "start_position", "steps", "progression", "regression", "common_errors", "stop_if")


def _strings(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


@rule(
    "patient-safety-net",
    "patient-facing text names a warning symptom without sending it to emergency services, or lacks the safety net",
    "A patient reads one card at home, alone: chest pain, sudden breathlessness, new leg "
    "weakness or bladder or bowel change must go to emergency services, never to 'call the "
    "clinic' (the review found the home-exercise card routing trouble breathing to the clinic). "
    "Every patient-facing notice carries the emergency line, and so does any exercise text that "
    "names one of these symptoms.",
)
def _safety_net(entries: Entries) -> Iterator[Finding]:
    for notice in entries["notices"].values():
        if not notice.data.get("patient_facing"):
            continue
        for field in ("text", "points"):
            text = _strings(notice.data.get(field, ""))
            alarm = _ALARM.search(text)
            if alarm and not _PATIENT_EMERGENCY.search(text):
                yield notice, field, f"names {alarm.group(0)!r} but not emergency services"
        whole = notice.data["text"] + " " + _strings(notice.data.get("points", []))
        if not _PATIENT_EMERGENCY.search(whole):
            yield notice, "text", "patient-facing, yet it has no line sending emergencies to emergency services (911)"
    for exercise in entries["exercises"].values():
        for field in _EXERCISE_TEXT:
            text = _strings(exercise.data.get(field, ""))
            match = _ALARM.search(text)
            if match and not _PATIENT_EMERGENCY.search(text):
                yield exercise, field, f"names {match.group(0)!r} but does not say to call 911"
