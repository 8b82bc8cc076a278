"""Content rules about interventions alone (registered with ptref.rules when ptref/site.py imports
this file)."""

from __future__ import annotations

from collections.abc import Iterator

from ...rules.registry import Entries, Finding, link_targets, rule


@rule(
    "intervention-complete",
    "an intervention lacks contraindications or a procedure code",
    "Every treatment needs its safety screen and the code it is billed with.",
)
def _intervention_complete(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["interventions"].values():
        if not link_targets(entry, "contraindications"):
            yield entry, "contraindications", "none listed"
        systems = {codes[c].data["system"] for c in link_targets(entry, "codes") if c in codes}
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
