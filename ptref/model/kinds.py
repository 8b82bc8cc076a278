"""The entity kinds: where their data lives, how they are named and where their pages go."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str  # key in the export and the schema file name: "red_flags"
    singular: str  # "red flag"
    plural: str  # "Red flags"
    url_dir: str  # "red-flags": pages live at red-flags/<id>.html
    intro: str  # one line for the kind's index page


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "conditions",
            "condition",
            "Conditions",
            "conditions",
            "Working diagnoses for thoracic pain, each linked to its examination, plan and codes.",
        ),
        Kind(
            "assessments",
            "assessment",
            "Assessments",
            "assessments",
            "History items, examination components, special tests and outcome measures.",
        ),
        Kind(
            "red_flags",
            "red flag",
            "Red flags",
            "red-flags",
            "Signs of possible serious pathology, with what to ask and what to do.",
        ),
        Kind(
            "interventions",
            "intervention",
            "Interventions",
            "interventions",
            "Treatments: what they are for, how to dose them, when not to use them, how to bill them.",
        ),
        Kind("exercises", "exercise", "Exercises", "exercises", "Exercises written so a patient can follow them."),
        Kind(
            "contraindications",
            "contraindication",
            "Contraindications and precautions",
            "contraindications",
            "Patient factors that rule out (absolute) or modify (precaution) an intervention.",
        ),
        Kind(
            "codes",
            "code",
            "Codes",
            "codes",
            "ICD-10-CM diagnosis codes, CPT and HCPCS procedure codes, and billing modifiers.",
        ),
        Kind("guides", "guide", "Guides", "guides", "How to document care and choose codes, step by step."),
        Kind("references", "reference", "References", "references", "Published sources cited on this site."),
    )
}

# Choice lists shown as words, in display order (also the order of urgency for red flags).
LABELS: dict[str, dict[str, str]] = {
    "urgency": {"emergency": "Emergency", "urgent": "Urgent referral", "routine": "Routine referral"},
    "level": {"absolute": "Absolute contraindication", "precaution": "Precaution"},
    "category": {
        "manual-therapy": "Manual therapy",
        "exercise": "Exercise",
        "modality": "Modality",
        "education": "Education",
    },
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
    "system": {"icd10cm": "ICD-10-CM", "cpt": "CPT", "hcpcs": "HCPCS Level II", "modifier": "Modifier"},
    "set": {"mobility": "Mobility", "postural-strength": "Postural strength", "breathing": "Breathing"},
    "red_flags.category": {
        "malignancy": "Tumour",
        "fracture": "Fracture and trauma",
        "neurological": "Spinal cord and nerve roots",
        "infection": "Infection",
        "cardiopulmonary": "Heart and lungs",
        "vascular": "Blood vessels",
        "visceral": "Abdominal organs",
        "inflammatory": "Inflammatory disease",
        "other": "Other causes",
    },
    "medicare_status": {
        "payable": "paid",
        "bundled": "bundled, never paid separately (status B)",
        "not-recognised": "not recognised",
        "not-covered": "not covered (see the ABN and modifiers GA, GX, GY, GZ)",
    },
    "strength": {"moderate": "Moderate", "low": "Low", "very-low": "Very low", "insufficient": "Insufficient"},
}


def label_table(kind: str, field: str) -> dict[str, str]:
    """The words for a choice field; a kind may name its own table ("red_flags.category")."""
    return LABELS.get(f"{kind}.{field}") or LABELS[field]


def display_name(kind: str, data: dict) -> str:
    """The name a reader sees for an entry, in lists and page titles."""
    if kind == "codes":
        return f"{data['code']} {data['title']}"
    if kind == "references":
        return data.get("short") or data["citation"]
    if kind == "guides":
        return data["title"]
    return data["name"]
