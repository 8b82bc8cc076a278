"""Content rules: checks that a schema cannot express, each named, explained and run by `ptref check`.

Every rule has an id (shown in its errors), a one-line message and a rationale that says which
kind of mistake it catches (most were found by the December 2026 clinical and coding reviews).
A rule reads the schema-valid entries (a link may still point at an entry that does not
exist: rules skip such targets, whose error the link check gives) and yields
(entry, field, detail); `run` turns those into located DataErrors. Each rule has a failing fixture in tests/rules/<id>.yml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..kinds import PAGED
from . import icd
from .schema import relations
from .validate import DataError, Entry

Entries = dict[str, dict[str, Entry]]
Finding = tuple[Entry, str, str]


@dataclass(frozen=True)
class Rule:
    id: str
    message: str
    rationale: str
    check: Callable[[Entries], Iterable[Finding]]
    needs_icd: bool = False  # reads the official ICD-10-CM data


RULES: list[Rule] = []


def rule(rule_id: str, message: str, rationale: str, needs_icd: bool = False):
    def register(check):
        RULES.append(Rule(rule_id, message, rationale, check, needs_icd))
        return check

    return register


def run(entries: Entries, official_codes: bool = True) -> list[DataError]:
    errors = []
    for r in RULES:
        if r.needs_icd and not official_codes:
            continue
        for entry, field, detail in r.check(entries):
            errors.append(
                DataError(entry.file, entry.line_of(field), entry.id, field, f"[{r.id}] {r.message}: {detail}")
            )
    return errors


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:!?])\s+", text) if s]


# ---------------------------------------------------------------- dosage
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|sixty|once|twice|half)\b",
    re.IGNORECASE,
)


@rule(
    "dosage-needs-source",
    "a dosage with numbers needs dosage_references or dosage_convention: true",
    "Readers take dosage numbers as evidence; the page must show whether a source or only usual practice set them.",
)
def _dosage(entries: Entries) -> Iterator[Finding]:
    for kind in ("interventions", "exercises"):
        for entry in entries[kind].values():
            data = entry.data
            match = _NUMBER.search(data.get("dosage", ""))
            if match and "dosage_references" not in data and not data.get("dosage_convention"):
                yield entry, "dosage", f"it says {match.group(0)!r}"


# ---------------------------------------------------------------- contraindications
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


# ---------------------------------------------------------------- red flags
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


# ---------------------------------------------------------------- codes
AMA_PHRASES = (
    "changing characteristics",
    "unpredictable characteristics",
    "standardized patient assessment instrument",
    "standardised patient assessment instrument",
    "personal factors and/or comorbidities",
    "measurable assessment of functional outcome",
)


def _strings(value, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}".lstrip("."))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


@rule(
    "no-ama-descriptor",
    "text repeats AMA CPT descriptor wording",
    "CPT descriptors are the AMA's copyright; the site explains codes in its own words.",
)
def _ama(entries: Entries) -> Iterator[Finding]:
    for bucket in entries.values():
        for entry in bucket.values():
            for path, text in _strings(entry.data):
                lowered = text.lower()
                for phrase in AMA_PHRASES:
                    if phrase in lowered:
                        yield entry, path, repr(phrase)


@rule(
    "excludes1-exception",
    "an Excludes1 statement is written as absolute without its exception",
    "Excludes1 has one exception (guideline I.A.12.a): the two conditions are unrelated to each other.",
)
def _excludes1(entries: Entries) -> Iterator[Finding]:
    absolute = re.compile(r"\b(cannot|never|not to be|may not)\b", re.IGNORECASE)
    for bucket in entries.values():
        for entry in bucket.values():
            for path, text in _strings(entry.data):
                for sentence in _sentences(text):
                    if (
                        "excludes1" in sentence.lower()
                        and absolute.search(sentence)
                        and "unrelated" not in text.lower()
                    ):
                        yield entry, path, repr(sentence[:120])


def _is_sequela(code: str) -> bool:
    bare = code.replace(".", "")
    return code[0] in "ST" and len(bare) == 7 and bare[6] == "S"


def partner_needed(code: str) -> str | None:
    """Why the official data says this ICD-10-CM code never stands alone, or None."""
    if _is_sequela(code):
        return "7th character S: the late effect is coded first (guideline I.B.10)"
    # A note on a whole category or block (M40 'code first underlying disease') applies only
    # when such a disease exists (postural kyphosis has none); a note on a subcategory such as
    # M41.5 (secondary scoliosis) always does. Notes saying "if applicable" are conditional too.
    notes = icd.notes(code)
    for kind in ("code_first", "code_also"):
        for owner, note in notes[kind]:
            if "." in owner and "if applicable" not in note.lower() and "associated" not in note.lower():
                return f"'{kind.replace('_', ' ')} {note}' (note on {owner})"
    return None


@rule(
    "partner-declared",
    "a code whose official notes require a partner code must declare needs_partner",
    "Codes with 'code first' or 'code also' notes, and sequela codes, are never reported alone; "
    "declaring it lets pages and the cheat sheet show the partner.",
    needs_icd=True,
)
def _partner_declared(entries: Entries) -> Iterator[Finding]:
    for entry in entries["codes"].values():
        data = entry.data
        if (
            data["system"] != "icd10cm"
            or "needs_partner" in data
            or not icd.exists(data["code"])
            or not icd.is_reportable(data["code"])
        ):
            continue
        why = partner_needed(data["code"])
        if why:
            yield entry, "code", why


@rule(
    "partner-shown",
    "a code that needs a partner is listed on a condition without it",
    "A front desk working from a 'choose one' list drops required second codes; such a code "
    "must appear in one of the condition's codes_together groups.",
)
def _partner_shown(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["conditions"].values():
        grouped = {
            c for group in entry.data.get("codes_together", []) if len(group["codes"]) > 1 for c in group["codes"]
        }
        for i, item in enumerate(entry.data["codes"]):
            code = codes.get(item["code"])
            if code is not None and "needs_partner" in code.data and item["code"] not in grouped:
                yield entry, f"codes[{i}].code", (f"{code.data['code']} needs {code.data['needs_partner']['partner']}")


# ---------------------------------------------------------------- completeness and links
def _targets(entry: Entry, field: str) -> list[str]:
    """The ids one field of an entry links to."""
    return [
        t for r in relations() if r.source_kind == entry.kind and r.path[0] == field for _, t in r.targets(entry.data)
    ]


@rule(
    "condition-complete",
    "a condition lacks a part every working diagnosis needs",
    "A condition page is where a clinician goes from findings to plan and codes: it needs an "
    "ICD-10-CM code, two examination findings, two interventions and the red flags to rule out.",
)
def _condition_complete(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["conditions"].values():
        if not any(codes[c].data["system"] == "icd10cm" for c in _targets(entry, "codes") if c in codes):
            yield entry, "codes", "no ICD-10-CM code"
        if len(set(_targets(entry, "key_findings"))) < 2:
            yield entry, "key_findings", "fewer than 2 assessments"
        if len(set(_targets(entry, "interventions"))) < 2:
            yield entry, "interventions", "fewer than 2 interventions"
        if not _targets(entry, "rule_out"):
            yield entry, "rule_out", "no red flags to rule out"


@rule(
    "intervention-complete",
    "an intervention lacks contraindications or a procedure code",
    "Every treatment needs its safety screen and the code it is billed with.",
)
def _intervention_complete(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["interventions"].values():
        if not _targets(entry, "contraindications"):
            yield entry, "contraindications", "none listed"
        systems = {codes[c].data["system"] for c in _targets(entry, "codes") if c in codes}
        if not systems & {"cpt", "hcpcs"}:
            yield entry, "codes", "no CPT or HCPCS code"


@rule(
    "hands-on-needs-absolute",
    "a manual therapy or modality has no absolute contraindication",
    "Every hands-on technique and electrophysical agent has situations where it must not be used; "
    "a list with precautions only means the safety screen is incomplete.",
)
def _hands_on(entries: Entries) -> Iterator[Finding]:
    factors = entries["contraindications"]
    for entry in entries["interventions"].values():
        if entry.data["category"] in ("manual-therapy", "modality") and not any(
            factors[c].data["level"] == "absolute" for c in entry.data["contraindications"] if c in factors
        ):
            yield entry, "contraindications", "precautions only"


def _linked(entries: Entries) -> tuple[set, set]:
    """(kind, id) pairs that link out, and those linked to."""
    out, into = set(), set()
    for r in relations():
        for entry in entries[r.source_kind].values():
            for _, target in r.targets(entry.data):
                out.add((r.source_kind, entry.id))
                into.add((r.target_kind, target))
    return out, into


@rule(
    "reference-cited",
    "a reference is cited nowhere",
    "A source that supports nothing on the site is either a forgotten citation or clutter.",
)
def _reference_cited(entries: Entries) -> Iterator[Finding]:
    _, into = _linked(entries)
    for entry in entries["references"].values():
        if ("references", entry.id) not in into:
            yield entry, "id", "cite it where it supports a statement, or remove it"


@rule(
    "no-orphans",
    "an entry links to nothing and nothing links to it",
    "An entry no page reaches cannot be found by browsing; it is usually a missing link.",
)
def _no_orphans(entries: Entries) -> Iterator[Finding]:
    out, into = _linked(entries)
    browsable = [kind for kind in PAGED if kind != "references"]  # reference-cited says it better
    for kind in browsable:
        for entry in entries[kind].values():
            if (kind, entry.id) not in out and (kind, entry.id) not in into:
                yield entry, "id", "link it from or to a related entry"
