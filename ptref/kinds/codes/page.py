"""Codes: ICD-10-CM diagnosis codes, CPT and HCPCS procedure codes, and billing modifiers.

A diagnosis code's page adds the official facts (title, reportable or not, 7th characters,
instructional notes) from the ICD-10-CM data; a procedure code's page, its NCCI pairs, which
are stored on one code and shown in full on both. The code lookup page lists every code.
"""

from ...model import icd
from ...model.kinds import display_name, label_table
from ...render.across_kinds import in_force_words, is_pending_warning, partner_sentence
from ...render.pages import KindPage, Section
from ...render.text import admonition, bullets, esc, tab, table

SYSTEM = label_table("codes", "system")  # words from schema.json
MEDICARE_STATUS = label_table("codes", "medicare_status")  # words from schema.json
# The four components of a PT evaluation's complexity (97161-97163), as the cards name them.
COMPLEXITY = label_table("codes", "complexity")  # words from schema.json
NCCI_INDICATOR = label_table("codes", "ncci_edits.modifier_indicator")  # words from schema.json
NOTE_TITLES = {
    "excludes1": "Excludes1 (not together, unless unrelated)",
    "excludes2": "Excludes2 (may be together)",
    "code_first": "Code first",
    "code_also": "Code also",
    "use_additional": "Use additional code",
}


def reportable(data: dict) -> bool:
    """Can be reported as is: for ICD-10-CM, a leaf of the official tabular list."""
    return icd.is_reportable(data["code"]) if data["system"] == "icd10cm" else True


def _badges(page, entry) -> str:
    """Timed or untimed, and the Medicare status when it is not 'paid'."""
    data = entry.data
    if "timed" not in data:
        return ""
    status = "Timed: billed in 15-minute units" if data["timed"] else "Untimed: one unit, whatever the minutes"
    state = data.get("medicare_status", "payable")
    medicare = "" if state == "payable" else f" · Medicare: {MEDICARE_STATUS[state]}"
    calculator = f" · [units calculator]({page.base}tools/units-calculator.md)"
    return f"{esc(status + medicare)}{calculator}\n{{: .ptref-badges }}"


def _expired_banner() -> str:
    """A loud box on every page showing diagnosis codes once the edition in force has ended."""
    warning = icd.expired()
    return admonition("danger", "Code set out of date", esc(warning)) if warning else ""


def _callout(page, entry) -> str:
    boxes = []
    if entry.data["system"] == "icd10cm" and icd.expired():
        boxes.append(_expired_banner())
    if "needs_partner" in entry.data:
        boxes.append(admonition("warning", "Never reported alone", partner_sentence(entry)))
    if entry.data["system"] == "cpt":
        boxes.append(page.notice("cpt-notice"))
    return "\n\n".join(boxes)


def _extra(page, entry) -> str:
    if entry.data["system"] == "icd10cm":
        return "\n\n".join(p for p in (_icd_facts(page, entry), _together(page, entry)) if p)
    edition = _cpt_edition(page) if entry.data["system"] == "cpt" else ""
    return "\n\n".join(p for p in (edition, _ncci(page, entry), _together(page, entry)) if p)


def _together(page, entry) -> str:
    """The conditions that report this code with others (their codes_together): each condition
    once, then each of its pairings, as its 'when' words it: the circumstance that decides,
    then the order of the codes."""
    by_condition: dict[str, tuple] = {}
    for links in page.kb.links_to(entry).values():
        for edge in links:
            if edge.relation.source_kind == "conditions" and edge.relation.path[0] == "codes_together":
                whens = by_condition.setdefault(edge.source.id, (edge.source, []))[1]
                if edge.item["when"] not in whens:
                    whens.append(edge.item["when"])
    if not by_condition:
        return ""
    lines = []
    for condition, whens in sorted(by_condition.values(), key=lambda v: display_name("conditions", v[0].data).lower()):
        lines.append(f"- {page.link(condition)}\n" + "\n".join(f"    - {esc(w)}" for w in whens))
    return "## Reported together with other codes in\n\n" + "\n".join(lines)


def _cpt_edition(page) -> str:
    """The CPT edition and the Medicare fee-schedule year in force, or a banner once one has ended."""
    lines, boxes = [], []
    for system, title in (("cpt", "Code set out of date"), ("fee-schedule", "Fee schedule out of date")):
        words, warning = in_force_words(page.kb, system)
        if words:
            lines.append(esc(words))
        if warning and is_pending_warning(warning):
            boxes.append(admonition("warning", "Renewal pending", esc(warning)))
        elif warning:
            boxes.append(admonition("danger", title, esc(warning)))
    if not lines:
        return ""
    return "## Code set and fee schedule\n\n" + bullets(lines, str) + "".join("\n\n" + b for b in boxes)


def _icd_facts(page, entry) -> str:
    code = entry.data["code"]
    leaf = icd.is_reportable(code)
    lines = [
        f"**Official title:** {esc(icd.title(code))}",
        f"**Reportable:** {'yes' if leaf else 'no: report a more specific code'}",
        f"**Code set:** {esc(icd.edition_line())}",
    ]
    sevenths = icd.seventh_characters(code)
    if sevenths:
        lines.append("**7th characters:** " + "; ".join(f"{esc(k)} = {esc(v)}" for k, v in sevenths.items()))
    out = "## Official data\n\n" + "\n\n".join(lines)
    tabs = [
        tab(NOTE_TITLES[name], bullets([f"{note} (note on {owner})" for owner, note in notes]))
        for name, notes in icd.notes(code).items()
        if notes
    ]
    if tabs:
        out += "\n\n### Instructional notes\n\n" + "\n".join(tabs)
    if not leaf:
        out += "\n\n" + _reportable_instead(page, entry)
    return out


def _reportable_instead(page, entry) -> str:
    """For a category that cannot be reported: the codes to report instead."""
    code = entry.data["code"]
    ours = [
        c
        for c in page.kb.all("codes")
        if c.data["system"] == "icd10cm"
        and icd.is_reportable(c.data["code"])
        and icd.is_descendant(c.data["code"], code)
    ]
    official = [c for c in icd.reportable_descendants(code) if c not in {o.data["code"] for o in ours}]
    if len(official) > 12:
        official = [c for c in official if "thoracic" in icd.title(c).lower()]
    lines = [page.link(c) for c in ours] + [f"{esc(c)} {esc(icd.title(c))}" for c in official]
    return admonition(
        "warning",
        "Not reportable: report one of these instead",
        bullets(lines, str) if lines else "No reportable thoracic code sits under this category.",
    )


def _ncci(page, entry) -> str:
    """NCCI pairs are stored on one code and shown, in full, on both codes' pages: one table,
    a row per pair (stacked into blocks on a phone, docs/stylesheets/ptref.css). The column
    order decides which line takes the modifier; where the sources do not confirm it, the row
    says so instead of naming a line."""
    pairs = [(entry, edge.target, edge.item) for edge in page.links(entry, "ncci_edits")]
    pairs += [
        (edge.source, entry, edge.item)
        for links in page.kb.links_to(entry).values()
        for edge in links
        if edge.relation.source_kind == "codes" and edge.relation.path[0] == "ncci_edits"
    ]
    if not pairs:
        return ""
    rows = []
    for first, second, item in pairs:
        names = [
            page.link_text(c, c.data["code"]) if c is not entry else f"**{esc(c.data['code'])}**"
            for c in (first, second)
        ]
        if item["order_known"]:
            line = f"{names[1]} (column 2; column 1 is {names[0]})"
        else:
            line = page.notice_text("ncci-order-unknown")
        rows.append(
            [
                f"{names[0]} + {names[1]}",
                line,
                esc(NCCI_INDICATOR[item["modifier_indicator"]]),
                esc(item["modifier_allowed_when"]),
                f"{esc(item['source_date'])} ({page.cite(item['references'])})",
            ]
        )
    words, warning = in_force_words(page.kb, "ncci")
    edition = f"Tables in force: {esc(words)}.\n\n" if words and not warning else ""
    if warning and is_pending_warning(warning):
        edition = admonition("warning", "Renewal pending", esc(warning)) + f"\n\nTables shown: {esc(words)}.\n\n"
    elif warning:
        edition = admonition("danger", "NCCI tables out of date", esc(warning)) + "\n\n"
    grid = table(
        ["Pair", "Modifier goes on", "Modifier indicator", "When a modifier is allowed", "Checked (source)"], rows
    )
    return (
        "## NCCI edit pairs\n\n"
        + edition
        + page.notice("ncci-currency")
        + '\n\n<div class="ptref-stack ptref-ncci" markdown>\n\n'
        + grid
        + "\n\n</div>"
    )


LOOKUP_NAMES = 20  # names per cell of the lookup table; a code's own page lists every one


def _some(links: set[str]) -> str:
    shown = sorted(links)
    more = len(shown) - LOOKUP_NAMES
    return ", ".join(shown[:LOOKUP_NAMES]) + (f" and {more} more (see the code's page)" if more > 0 else "")


def _code_lookup(page):
    """Every code in one table, filtered and sorted in the browser by lookup.js."""
    rows = []
    for code in sorted(page.kb.entries["codes"].values(), key=lambda e: (e.data["system"], e.data["code"])):
        data = code.data
        users: dict[str, set[str]] = {"conditions": set(), "interventions": set()}
        for links in page.kb.links_to(code).values():
            for edge in links:
                if edge.source.kind in users:
                    users[edge.source.kind].add(page.link(edge.source))
        timed = "" if "timed" not in data else ("timed" if data["timed"] else "untimed")
        rows.append(
            [
                esc(SYSTEM[data["system"]]),
                page.link_text(code, data["code"]),
                esc(data["title"]),
                "yes" if reportable(data) else "**no**",
                timed,
                _some(users["conditions"]),
                _some(users["interventions"]),
            ]
        )
    yield (
        "codes/lookup.md",
        "# Code lookup\n\nEvery code in this reference in one table. Type in the filter box "
        "(for example `97140`, `M54`, `thoracic` or `untimed`), or select a column heading to sort. "
        f"{esc(icd.edition_line())}.\n\n" + _expired_banner() + "\n\n"
        '<div class="ptref-lookup" markdown>\n\n'
        + table(["System", "Code", "Title", "Reportable", "Timed", "Conditions", "Interventions"], rows)
        + "\n\n</div>\n\n"
        + page.notice("cpt-notice"),
    )


PAGE = KindPage(
    sections=(
        Section("In plain words", "summary", "para"),
        Section("What the documentation must show", "documentation", "para"),
        Section("Medicare: report instead", "medicare_use_instead", "links"),
        Section("Payer notes", "payer_notes", "dated_list"),
    ),
    badges=_badges,
    callout=_callout,
    extra=_extra,
    reverse_shown_by_extra=("ncci_edits",),
    extra_pages=_code_lookup,
)
# Fields worked out from the data (x-kind "derived" in schema.json); ptref/site.py registers them.
DERIVED = {"reportable": reportable}
