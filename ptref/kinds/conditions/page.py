"""Conditions: working diagnoses, each linked to its examination, plan and codes."""

from html import escape as h

from ...model.kinds import KINDS, display_name
from ...render.across_kinds import URGENCY, partner_sentence, urgency_badge, who_to_call
from ...render.pages import KindPage, PageRenderer, Section
from ...render.text import bullets, esc

CUES_SHOWN = 2  # presentation lines in the glance; the full list follows on the page
FINDINGS_SHOWN = 4


def _glance(page: PageRenderer, entry) -> str:
    """At a glance, at body size: the red flags to rule out first (with their urgency), what the
    condition looks like, what to examine, and whom to call if a flag fits. All from the entry's
    own fields and links; the sections below give each in full."""
    rows = []
    flags = [edge.target for edge in page.links(entry, "rule_out")]
    url = KINDS["red_flags"].url_dir
    if flags:
        order = list(URGENCY)
        flags.sort(key=lambda f: (order.index(f.data["urgency"]), display_name("red_flags", f.data).lower()))
        items = "".join(
            f'<li><a href="{page.base}{url}/{h(f.id)}.html">{h(display_name("red_flags", f.data))}</a> '
            f"{urgency_badge(f.data['urgency'])}</li>"
            for f in flags
        )
        rows.append(f"<dt>Rule out first</dt><dd><ul>{items}</ul></dd>")
    cues = entry.data.get("presentation", [])[:CUES_SHOWN]
    if cues:
        rows.append("<dt>Looks like</dt><dd>" + " ".join(h(c) for c in cues) + "</dd>")
    findings = [edge.target for edge in page.links(entry, "key_findings")][:FINDINGS_SHOWN]
    if findings:
        names = "; ".join(h(display_name(f.kind, f.data)) for f in findings)
        rows.append(f"<dt>Examine</dt><dd>{names} (see Key examination findings)</dd>")
    if flags:
        worst = flags[0].data["urgency"]
        rows.append(f"<dt>Call</dt><dd>If a red flag fits: {who_to_call(page, worst)}</dd>")
    if not rows:
        return ""
    return (
        '<section class="ptref-glance" aria-label="At a glance"><p class="ptref-glance__title">At a glance</p>'
        f"<dl>{''.join(rows)}</dl></section>"
    )


def _typical_patient(page: PageRenderer, entry) -> str:
    """Who the condition is usually seen in (the patient the study vignettes use), with what the
    range rests on: its sources, or plainly clinical convention. A guide, not a cut-off."""
    who = entry.data["typical_patient"]
    line = f"**Age:** {who['age_from']} to {who['age_to']} years."
    if "sex" in who:
        line += f" **Sex:** {esc(who['sex'])}."
    if "references" in who:
        basis = f"Sources: {page.cite(who['references'])}."
    else:
        basis = page.notice_text("typical-patient-convention")
    return f"{line} {basis} {page.notice_text('typical-patient-guide')}"


def _candidate_codes(page, entry) -> str:
    """A condition's codes: pick those the note supports; a code that never stands alone says so."""
    lines = []
    for edge in page.links(entry, "codes"):
        line = page.link_line(edge.target, edge.item)
        if "needs_partner" in edge.target.data:
            line += f" **Never alone:** {partner_sentence(edge.target)}"
        lines.append(line)
    return page.notice_text("code-choice") + "\n\n" + bullets(lines, str)


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
        Section("Typical patient", "typical_patient", _typical_patient),
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
    callout=_glance,
    # a code's page lists its pairings grouped by condition (codes/page.py _together)
    reverse_shown_by_extra=("codes_together",),
)
