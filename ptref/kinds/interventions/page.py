"""Interventions: treatments, their dosage, contraindications, evidence and codes."""

from ...model.kinds import label_table
from ...render.across_kinds import marked_links
from ...render.pages import KindPage, Section
from ...render.text import admonition, bullets, esc

STRENGTH = label_table("interventions", "evidence.strength")  # words from schema.json


def _contraindications(page, entry) -> str:
    factors = [edge.target for edge in page.links(entry, "contraindications")]
    return admonition("warning", "Contraindications and precautions", bullets(marked_links(page, factors), str))


def _evidence(page, entry) -> str:
    value = entry.data["evidence"]
    return f"**{esc(STRENGTH[value['strength']])}.** {page.sourced(value)}"


PAGE = KindPage(
    sections=(
        Section("Purpose", "purpose", "para"),
        Section("Indications", "indications", "bullets"),
        Section("Dosage and parameters", "dosage", "dosage"),
        Section("What makes it skilled care in the note", "skilled_care", "para"),
        Section("Strength of evidence", "evidence", _evidence),
        Section("Codes", "codes", "links"),
    ),
    callout=_contraindications,
)
