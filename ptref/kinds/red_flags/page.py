"""Red flags: signs of possible serious pathology, how urgent they are and what to do."""

from ...render.text import admonition, esc
from .. import Kind, Section
from .._locations import where_felt

URGENCY = {"emergency": "Emergency", "urgent": "Urgent referral", "routine": "Routine referral"}


def _action(page, entry) -> str:
    """What to do, first, in a box as loud as the urgency."""
    from ...render.clinic import contacts_markdown  # a clinic's edition adds who to call

    urgency = entry.data["urgency"]
    body = esc(entry.data["action"])
    contacts = contacts_markdown(page.kb, urgency)
    if contacts:
        body += "\n\n" + contacts
    return admonition("danger" if urgency == "emergency" else "warning", URGENCY[urgency], body)


KIND = Kind(
    key="red_flags",
    singular="red flag",
    plural="Red flags",
    url_dir="red-flags",
    intro="Signs of possible serious pathology, with what to ask and what to do.",
    order=30,
    sections=(
        Section("Ask or look for", "ask_or_look_for", "bullets"),
        Section("Suspected pathology", "suspected", "para"),
        Section("Where it is felt", "locations", where_felt),
        Section("Screen with", "screen_with", "links"),
    ),
    labels={
        "urgency": URGENCY,  # in order of urgency
        "category": {
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
    },
    tag_fields=("urgency", "category"),
    field_words={"category": "cause"},
    group_by="urgency",
    index_note="action",
    callout=_action,
)
