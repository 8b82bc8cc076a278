"""Red flags: signs of possible serious pathology, how urgent they are and what to do."""

from ...model.kinds import label_table
from ...render.clinic import contacts_markdown  # a clinic's edition adds who to call
from ...render.pages import KindPage, Section
from ...render.text import admonition, esc

URGENCY = label_table("red_flags", "urgency")  # words from schema.json


def _action(page, entry) -> str:
    """What to do, first, in a box as loud as the urgency."""
    urgency = entry.data["urgency"]
    body = esc(entry.data["action"])
    contacts = contacts_markdown(page.kb, urgency)
    if contacts:
        body += "\n\n" + contacts
    return admonition("danger" if urgency == "emergency" else "warning", URGENCY[urgency], body)


PAGE = KindPage(
    sections=(
        Section("Ask or look for", "ask_or_look_for", "bullets"),
        Section("Suspected pathology", "suspected", "para"),
        Section("Where it is felt", "locations", "choices"),
        Section("Screen with", "screen_with", "links"),
    ),
    callout=_action,
)
