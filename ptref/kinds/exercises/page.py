"""Exercises, written so that a patient can follow them, each drawn from its `figure` data."""

from ...render.text import admonition, bullets
from .. import Kind, Section
from ..contraindications.page import marked_links
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


KIND = Kind(
    key="exercises",
    singular="exercise",
    plural="Exercises",
    url_dir="exercises",
    intro="Exercises written so a patient can follow them.",
    order=50,
    sections=(
        Section("Why do it", "purpose", "para"),
        Section("Starting position", "start_position", "para"),
        Section("Steps", "steps", "steps"),
        Section("How much", "dosage", "dosage"),
        Section("Make it harder", "progression", "para"),
        Section("Make it easier", "regression", "para"),
        Section("Common mistakes", "common_errors", "bullets"),
        Section("Stop and call the clinic if", "stop_if", "para"),
        Section("Part of", "interventions", "links"),
        Section("Helps with", "conditions", "links"),
    ),
    labels={
        "set": {
            "mobility": "Mobility",
            "postural-strength": "Postural strength",
            "shoulder-blades": "Shoulder blades and upper back strength",
            "breathing": "Breathing",
            "activity": "Walking and activity",
            "pregnancy": "In pregnancy (sitting, standing or on your side)",
        }
    },
    tag_fields=("set",),
    group_by="set",
    badges=figure_block,
    callout=_inherited_cautions,
)
