"""Clinical prediction rules: items, scoring, and every study that built or tested the rule.

A rule's validation status is worked out from its studies (`status`), never typed: one failed
validation outweighs any number of successes, so that a reader sees at once a rule that did not
hold up in new patients.
"""

from ...model.kinds import KINDS, label_table
from ...render.pages import KindPage, Section
from ...render.text import admonition, bullets, esc

# Strongest first; the index groups rules in this order.
STATUS = label_table("prediction_rules", "status")  # words from schema.json
STEP = label_table("prediction_rules", "evidence.step")  # words from schema.json
# How sure a reader may be of a rule at each status: the words are the status's description in
# schema.json; the box's colour is this page's.
_STYLE = {"impact-tested": "success", "validated": "info", "derived-only": "warning", "failed-validation": "danger"}
_MEANING = {b["const"]: b["description"] for b in KINDS["prediction_rules"].derived["status"]["oneOf"]}


def status(data: dict) -> str:
    """The strongest step the studies reached; a failed validation wins over every other step."""
    steps = {study["step"] for study in data["evidence"]}
    if "failed-validation" in steps:
        return "failed-validation"
    if "impact" in steps:
        return "impact-tested"
    if "validation" in steps:
        return "validated"
    return "derived-only"


def _status_box(page, entry) -> str:
    value = status(entry.data)
    return admonition(_STYLE[value], f"Status: {STATUS[value]}", _MEANING[value])


def _studies(page, entry) -> str:
    sources = page.kb.entries["references"]
    return bullets(
        [
            f"**{STEP[s['step']]}** ({page.link(sources[s['reference']])}): {esc(s['finding'])}"
            for s in entry.data["evidence"]
            if s["reference"] in sources
        ],
        str,
    )


PAGE = KindPage(
    sections=(
        Section("What it predicts", "purpose", "para"),
        Section("Built in", "population", "para"),
        Section("Items", "items", "bullets"),
        Section("Scoring", "scoring", "para"),
        Section("How it was tested", "evidence", _studies),
        Section("Using it today", "use", "para"),
        Section("Assessments in the rule", "related_assessments", "links"),
        Section("Interventions it is about", "related_interventions", "links"),
        Section("Conditions", "conditions", "links"),
    ),
    callout=_status_box,
)
# Fields worked out from the data (x-kind "derived" in schema.json); ptref/site.py registers them.
DERIVED = {"status": status}
