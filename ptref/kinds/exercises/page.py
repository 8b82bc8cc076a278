"""Exercises, written so that a patient can follow them, each drawn from its `figure` data."""

from ...render.across_kinds import marked_links
from ...render.pages import KindPage, Section
from ...render.text import admonition, bullets
from .figure import figure_block


def _inherited_cautions(page, entry) -> str:
    """An exercise takes the contraindications and precautions of the interventions it belongs to."""
    factors = {
        edge.target.id: edge.target
        for part_of in page.links(entry, "interventions")
        for edge in page.links(part_of.target, "contraindications")
    }
    if not factors:
        return ""
    return admonition(
        "warning",
        "Check before prescribing (from the interventions it belongs to)",
        bullets(marked_links(page, factors.values(), order_by_level=True), str),
    )


def _safety_net(page, entry) -> str:
    """The patient safety net (when to call 911, the doctor, the clinic) on every exercise page."""
    return page.notice("patient-safety-net", "danger")


PAGE = KindPage(
    sections=(
        Section("Why do it", "purpose", "para"),
        Section("Starting position", "start_position", "para"),
        Section("Steps", "steps", "steps"),
        Section("How much", "dosage", "dosage"),
        Section("Make it harder", "progression", "para"),
        Section("Make it easier", "regression", "para"),
        Section("Common mistakes", "common_errors", "bullets"),
        Section("Stop if", "stop_if", "para"),
        Section("Part of", "interventions", "links"),
        Section("Helps with", "conditions", "links"),
    ),
    badges=figure_block,
    callout=_inherited_cautions,
    extra=_safety_net,
)
