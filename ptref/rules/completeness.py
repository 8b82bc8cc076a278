"""Completeness and links: what every condition and intervention needs, and nothing left unreached."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.kinds import PAGED, SOURCES
from ..model.schema import relations
from .registry import Entries, Entry, Finding, rule, shared


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
    """(kind, id) pairs that link out, and those linked to (once per run: two rules ask)."""
    found = shared("linked", lambda: _find_links(entries))
    assert isinstance(found, tuple)
    return found


def _find_links(entries: Entries) -> tuple[set, set]:
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
    browsable = [kind for kind in PAGED if kind != SOURCES]  # reference-cited says it better
    for kind in browsable:
        for entry in entries[kind].values():
            if (kind, entry.id) not in out and (kind, entry.id) not in into:
                yield entry, "id", "link it from or to a related entry"
