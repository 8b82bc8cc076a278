"""Exercises, written so that a patient can follow them, each drawn from its `figure` data."""

from ...model.translations import HANDOUT_WORDS
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
    """The patient safety net (when to call 911, the doctor, the clinic) on every exercise page,
    then the state of the exercise's translations."""
    return page.notice("patient-safety-net", "danger") + _translations(page, entry)


def _translations(page, entry) -> str:
    """Which languages the programme builder can print this exercise in, and whether a fluent
    clinician has reviewed that text (issue 27): a reader must not take it as checked."""
    lines = []
    for t in page.kb.translations.values():
        have = t.entries.get(("exercises", entry.id), {})
        if not have:
            lines.append(f"{t.name}: not translated yet (printed in English)")
            continue
        reviewed = all(f.reviewed for f in have.values()) and not any(
            m[:2] == ("exercises", entry.id) for m in t.missing
        )
        state = "reviewed" if reviewed else HANDOUT_WORDS["unreviewed"]
        lines.append(f"{t.name}: {have['name'].text if 'name' in have else entry.data['name']}. {state}")
    if not lines:
        return ""
    return "\n\n" + admonition("info", "Other languages (programme builder)", bullets(lines))


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
