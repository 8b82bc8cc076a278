"""Conditions: working diagnoses, each linked to its examination, plan and codes."""

from ...render.pages import KindPage, Section
from ...render.text import bullets, esc
from ..codes.page import partner_sentence


def _candidate_codes(page, entry) -> str:
    """A condition's codes: pick those the note supports; a code that never stands alone says so."""
    lines = []
    for edge in page.links(entry, "codes"):
        line = page.link_line(edge.target, edge.item)
        if "needs_partner" in edge.target.data:
            line += f" **Never alone:** {partner_sentence(edge.target)}"
        lines.append(line)
    intro = (
        "Report the code or codes the documentation supports. A code marked *never alone* is "
        "reported with its partner, as listed under *Codes reported together*."
    )
    return intro + "\n\n" + bullets(lines, str)


def _codes_together(page, entry) -> str:
    codes = page.kb.entries["codes"]
    return bullets(
        [
            " + ".join(page.link(codes[c]) for c in group["codes"]) + f": {esc(group['when'])}"
            for group in entry.data["codes_together"]
        ],
        str,
    )


PAGE = KindPage(
    sections=(
        Section("Summary", "summary", "para"),
        Section("Where it is felt", "locations", "choices"),
        Section("Typical presentation", "presentation", "bullets"),
        Section("Red flags to rule out first", "rule_out", "links"),
        Section("Key examination findings", "key_findings", "links"),
        Section("Differential diagnosis", "differentials", "links"),
        Section("Interventions and why", "interventions", "links"),
        Section("Candidate codes", "codes", _candidate_codes),
        Section("Codes reported together", "codes_together", _codes_together),
        Section("What to expect", "prognosis", "sourced"),
    ),
)
