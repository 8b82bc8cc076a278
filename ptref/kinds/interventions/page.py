"""Interventions: treatments, their dosage, contraindications, evidence and codes."""

from ...render.text import admonition, bullets, esc
from .. import Kind, Section
from ..contraindications.page import marked_links

STRENGTH = {"moderate": "Moderate", "low": "Low", "very-low": "Very low", "insufficient": "Insufficient"}


def _contraindications(page, entry) -> str:
    factors = [edge.target for edge in page.links(entry, "contraindications")]
    return admonition("warning", "Contraindications and precautions", bullets(marked_links(page, factors), str))


def _evidence(page, entry) -> str:
    value = entry.data["evidence"]
    return f"**{esc(STRENGTH[value['strength']])}.** {page.sourced(value)}"


KIND = Kind(
    key="interventions",
    singular="intervention",
    plural="Interventions",
    url_dir="interventions",
    intro="Treatments: what they are for, how to dose them, when not to use them, how to bill them.",
    order=40,
    sections=(
        Section("Purpose", "purpose", "para"),
        Section("Indications", "indications", "bullets"),
        Section("Dosage and parameters", "dosage", "dosage"),
        Section("What makes it skilled care in the note", "skilled_care", "para"),
        Section("Strength of evidence", "evidence", _evidence),
        Section("Codes", "codes", "links"),
    ),
    labels={
        "category": {
            "manual-therapy": "Manual therapy",
            "exercise": "Exercise",
            "modality": "Modality",
            "education": "Education",
        },
        "strength": STRENGTH,
    },
    tag_fields=("category",),
    group_by="category",
    callout=_contraindications,
)
