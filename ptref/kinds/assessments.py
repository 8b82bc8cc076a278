"""Assessments: history items, examination components, special tests and outcome measures."""

from . import Kind, Section

KIND = Kind(
    key="assessments",
    singular="assessment",
    plural="Assessments",
    url_dir="assessments",
    intro="History items, examination components, special tests and outcome measures.",
    order=20,
    sections=(
        Section("Purpose", "purpose", "para"),
        Section("Procedure", "procedure", "steps"),
        Section("Interpretation", "interpretation", "para"),
        Section("Reliability, validity and change scores", "measurement_properties", "measures"),
    ),
    labels={
        "kind": {
            "vital-signs": "Vital signs",
            "history": "History",
            "observation": "Observation",
            "palpation": "Palpation",
            "range-of-motion": "Range of motion",
            "neuro-screen": "Neuro screen",
            "special-test": "Special test",
            "strength": "Strength",
            "joint-mobility": "Joint mobility",
            "outcome-measure": "Outcome measure",
        },
    },
    tag_fields=("kind",),
    field_words={"kind": "type"},
    group_by="kind",
)
