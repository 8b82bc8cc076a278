"""Clinical prediction rules: items, scoring, and every study that built or tested the rule.

A rule's validation status is worked out from its studies (`status`), never typed: one failed
validation outweighs any number of successes, so that a reader sees at once a rule that did not
hold up in new patients.
"""

from ...render.text import admonition, bullets, esc
from .. import Kind, Section

# Strongest first; the index groups rules in this order.
STATUS = {
    "impact-tested": "Impact tested",
    "validated": "Validated in new patients",
    "derived-only": "Derived only, not yet validated",
    "failed-validation": "Failed validation",
}
STEP = {
    "derivation": "Derivation",
    "validation": "Validation",
    "failed-validation": "Failed validation",
    "impact": "Impact study",
}
_MEANING = {
    "impact-tested": (
        "success",
        "A study has checked whether using this rule changes care or outcomes. It still applies only "
        "to patients like those studied.",
    ),
    "validated": (
        "info",
        "A study in new patients confirmed the rule. It applies to patients like those studied; no "
        "study has yet checked whether using it changes outcomes.",
    ),
    "derived-only": (
        "warning",
        "Only the study that built this rule has tested it. How well it works in new patients is not known.",
    ),
    "failed-validation": (
        "danger",
        "A study in new patients did not confirm this rule. Read the studies below before letting it "
        "decide who receives a treatment.",
    ),
}


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
    style, meaning = _MEANING[value]
    return admonition(style, f"Status: {STATUS[value]}", meaning)


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


KIND = Kind(
    key="prediction_rules",
    singular="prediction rule",
    plural="Prediction rules",
    url_dir="prediction-rules",
    intro=(
        "Published clinical prediction rules, each with the study that built it and every study "
        "that tested it since. The status comes from those studies: a rule that failed in new "
        "patients says so at the top of its page."
    ),
    order=25,
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
    labels={"status": STATUS},
    derived={"status": status},
    tag_fields=("status",),
    group_by="status",
    index_note="purpose",
    callout=_status_box,
    export_fields=lambda data: {"status": status(data)},
    export_schema={
        "status": {
            "description": "Derived from the studies: the strongest step reached; a failed validation wins.",
            "enum": list(STATUS),
        }
    },
)
