"""Markdown for entity pages and kind index pages. Plain Python: no MkDocs import.

Each kind's page is a list of sections declared in SECTIONS; what points at an entry is
appended from the derived reverse relations, so every link shows on both of its ends.
"""

from __future__ import annotations

from ..model import icd
from ..model.kb import KnowledgeBase, Link
from ..model.kinds import KINDS, LABELS, display_name
from ..model.validate import Entry
from .text import admonition, attr, bullets, esc, numbered, tab, table, url

# How each needs_partner rule reads on a page, before the partner's description.
PARTNER_RULES = {
    "code-first": "Code first:",
    "code-also": "Code also:",
    "use-additional": "Add after it:",
    "sequela-first": "List the late effect first, then this code (guideline I.B.10):",
    "with-site-code": "Report beside the code for the site or condition:",
}

CPT_NOTICE = (
    "CPT® is a registered trademark of the American Medical Association (AMA). "
    "CPT codes and descriptions are copyright the AMA; this site shows code numbers "
    "with its own plain-language summaries only."
)

# (heading, field, style). Styles: para, bullets, steps, links (an outgoing relation),
# sourced (statement + references), measures (measurement_properties).
SECTIONS: dict[str, list[tuple[str, str, str]]] = {
    "conditions": [
        ("Summary", "summary", "para"),
        ("Typical presentation", "presentation", "bullets"),
        ("Red flags to rule out first", "rule_out", "links"),
        ("Key examination findings", "key_findings", "links"),
        ("Differential diagnosis", "differentials", "links"),
        ("Interventions and why", "interventions", "links"),
        ("Candidate codes", "codes", "codes"),
        ("Codes reported together", "codes_together", "together"),
        ("What to expect", "prognosis", "sourced"),
    ],
    "assessments": [
        ("Purpose", "purpose", "para"),
        ("Procedure", "procedure", "steps"),
        ("Interpretation", "interpretation", "para"),
        ("Reliability, validity and change scores", "measurement_properties", "measures"),
    ],
    "red_flags": [
        ("Ask or look for", "ask_or_look_for", "bullets"),
        ("Suspected pathology", "suspected", "para"),
        ("Screen with", "screen_with", "links"),
    ],
    "interventions": [
        ("Purpose", "purpose", "para"),
        ("Indications", "indications", "bullets"),
        ("Dosage and parameters", "dosage", "dosage"),
        ("What makes it skilled care in the note", "skilled_care", "para"),
        ("Strength of evidence", "evidence", "evidence"),
        ("Codes", "codes", "links"),
    ],
    "exercises": [
        ("Why do it", "purpose", "para"),
        ("Starting position", "start_position", "para"),
        ("Steps", "steps", "steps"),
        ("How much", "dosage", "dosage"),
        ("Make it harder", "progression", "para"),
        ("Make it easier", "regression", "para"),
        ("Common mistakes", "common_errors", "bullets"),
        ("Stop and call the clinic if", "stop_if", "para"),
        ("Part of", "interventions", "links"),
        ("Helps with", "conditions", "links"),
    ],
    "contraindications": [
        ("Why it matters", "why", "para"),
        ("What to do", "what_to_do", "para"),
        ("How to screen", "screen_with", "links"),
        ("Related red flags", "related_red_flags", "links"),
    ],
    "codes": [
        ("In plain words", "summary", "para"),
        ("What the documentation must show", "documentation", "para"),
        ("Medicare: report instead", "medicare_use_instead", "links"),
        ("Payer notes", "payer_notes", "sourced_list"),
    ],
    "guides": [
        ("In short", "summary", "para"),
        ("", "sections", "guide_sections"),
        ("Codes it covers", "codes", "links"),
        ("Interventions it covers", "interventions", "links"),
        ("Conditions it covers", "conditions", "links"),
    ],
    "references": [
        ("Citation", "citation", "para"),
        ("How this site uses it", "note", "para"),
    ],
}


def href(entry: Entry, base: str) -> str:
    return f"{base}{KINDS[entry.kind].url_dir}/{entry.id}.md"


def link(entry: Entry, base: str) -> str:
    return link_text(entry, display_name(entry.kind, entry.data), base)


def link_text(entry: Entry, text: str, base: str) -> str:
    return f"[{esc(text)}]({href(entry, base)})"


class PageRenderer:
    """Renders pages for one knowledge base; `base` is the path from the page to the docs root."""

    def __init__(self, kb: KnowledgeBase, base: str = "../"):
        self.kb = kb
        self.base = base

    def entity(self, kind: str, entry_id: str) -> str:
        entry = self.kb.get(kind, entry_id)
        parts = [
            f"# {esc(display_name(kind, entry.data))}",
            self._aka(entry),
            self._badges(entry),
            self._callout(entry),
        ]
        for heading, field, style in SECTIONS[kind]:
            if field in entry.data:
                body = self._section(entry, field, style)
                parts.append(f"## {heading}\n\n{body}" if heading else body)
        parts.append(self._extra(entry))
        parts.append(self._incoming(entry))
        parts.append(self._sources(entry))
        parts.append(f'<p class="ptref-reviewed">Last reviewed: {attr(entry.data["last_reviewed"])}</p>')
        return "\n\n".join(p for p in parts if p) + "\n"

    # --- header -----------------------------------------------------------------------
    def _aka(self, entry: Entry) -> str:
        names = entry.data.get("also_known_as")
        return f"*Also known as:* {'; '.join(esc(n) for n in names)}" if names else ""

    def _badges(self, entry: Entry) -> str:
        """Kind and categories show as Material tags; only billing status needs a line here."""
        if entry.kind == "codes" and "timed" in entry.data:
            status = (
                "Timed: billed in 15-minute units" if entry.data["timed"] else "Untimed: one unit, whatever the minutes"
            )
            state = entry.data.get("medicare_status", "payable")
            medicare = "" if state == "payable" else f" · Medicare: {LABELS['medicare_status'][state]}"
            calculator = f" · [units calculator]({self.base}tools/units-calculator.md)"
            return f"{esc(status + medicare)}{calculator}\n{{: .ptref-badges }}"
        return ""

    def _callout(self, entry: Entry) -> str:
        data = entry.data
        if entry.kind == "red_flags":
            kind = "danger" if data["urgency"] == "emergency" else "warning"
            return admonition(kind, LABELS["urgency"][data["urgency"]], esc(data["action"]))
        if entry.kind == "contraindications":
            kind = "danger" if data["level"] == "absolute" else "warning"
            return admonition(kind, LABELS["level"][data["level"]], esc(data["why"]))
        if entry.kind == "interventions":
            items = [
                f"{'■ Absolute' if edge.target.data['level'] == 'absolute' else '△ Precaution'}: "
                f"{link(edge.target, self.base)}"
                for edge in self._links(entry, "contraindications")
            ]
            return admonition("warning", "Contraindications and precautions", bullets(items, str))
        if entry.kind == "codes" and "needs_partner" in data:
            partner = data["needs_partner"]
            return admonition(
                "warning", "Never reported alone", f"{esc(PARTNER_RULES[partner['rule']])} {esc(partner['partner'])}."
            )
        if entry.kind == "codes" and data["system"] == "cpt":
            return admonition("info", "CPT notice", esc(CPT_NOTICE))
        if entry.kind == "exercises":
            return self._inherited_cautions(entry)
        return ""

    def _inherited_cautions(self, entry: Entry) -> str:
        """An exercise takes the contraindications and precautions of the interventions it belongs to."""
        factors = {
            edge.target.id: edge.target
            for i in self._links(entry, "interventions")
            for edge in self._links(i.target, "contraindications")
        }
        if not factors:
            return ""
        ordered = sorted(factors.values(), key=lambda f: (f.data["level"] != "absolute", f.data["name"].lower()))
        items = [
            f"{'■ Absolute' if f.data['level'] == 'absolute' else '△ Precaution'}: {link(f, self.base)}"
            for f in ordered
        ]
        return admonition(
            "warning", "Check before prescribing (from the interventions it belongs to)", bullets(items, str)
        )

    # --- sections -----------------------------------------------------------------------
    def _section(self, entry: Entry, field: str, style: str) -> str:
        value = entry.data[field]
        if style == "para":
            return esc(value)
        if style == "bullets":
            return bullets(value)
        if style == "steps":
            return numbered(value)
        if style == "links":
            return bullets([self._link_line(edge.target, edge.item) for edge in self._links(entry, field)], str)
        if style == "codes":
            return self._candidate_codes(entry)
        if style == "dosage":
            return self._dosage(entry)
        if style == "together":
            codes = self.kb.entries["codes"]
            return bullets(
                [
                    " + ".join(link(codes[c], self.base) for c in group["codes"]) + f": {esc(group['when'])}"
                    for group in value
                ],
                str,
            )
        if style == "sourced":
            return self._sourced(value)
        if style == "sourced_list":
            return bullets([self._sourced(v) for v in value], str)
        if style == "evidence":
            return f"**{esc(LABELS['strength'][value['strength']])}.** {self._sourced(value)}"
        if style == "guide_sections":
            return "\n\n".join(self._guide_section(s) for s in value)
        if style == "measures":
            return bullets([self._measure(m) for m in value], str)
        raise ValueError(f"unknown section style {style!r}")

    def _candidate_codes(self, entry: Entry) -> str:
        """A condition's codes: pick those the note supports; a code that never stands alone says so."""
        lines = []
        for edge in self._links(entry, "codes"):
            line = self._link_line(edge.target, edge.item)
            partner = edge.target.data.get("needs_partner")
            if partner:
                line += f" **Never alone:** {esc(PARTNER_RULES[partner['rule']])} {esc(partner['partner'])}."
            lines.append(line)
        intro = (
            "Report the code or codes the documentation supports. A code marked *never alone* is "
            "reported with its partner, as listed under *Codes reported together*."
        )
        return intro + "\n\n" + bullets(lines, str)

    def _dosage(self, entry: Entry) -> str:
        """The dosage, and whether a source or only usual practice set its numbers."""
        data = entry.data
        basis = []
        if "dosage_references" in data:
            basis.append(f"Sources for these numbers: {self._cite(data['dosage_references'])}.")
        if data.get("dosage_convention"):
            basis.append(
                "*Clinical convention:* these numbers reflect usual practice; no trial or guideline "
                "set them. Adjust them to the patient's response."
            )
        return esc(data["dosage"]) + ("\n\n" + " ".join(basis) if basis else "")

    def _links(self, entry: Entry, field: str) -> list[Link]:
        """Links stored in one field; sources cited inside that field are shown apart."""
        return [
            edge
            for edge in self.kb.links_from(entry)
            if edge.relation.path[0] == field and (edge.relation.target_kind != "references" or field == "references")
        ]

    def _link_line(self, other: Entry, item: dict | None) -> str:
        """A link to the entry at the other end, with the note its list item carries."""
        note = _note_of(item)
        return link(other, self.base) + (f": {esc(note)}" if note else "")

    def _cite(self, ref_ids) -> str:
        refs = [self.kb.get("references", r) for r in ref_ids]
        return "; ".join(link(r, self.base) for r in refs)

    def _sourced(self, value: dict) -> str:
        return f"{esc(value['statement'])} ({self._cite(value['references'])})"

    def _measure(self, m: dict) -> str:
        sample = "" if m["thoracic_sample"] else " **Not measured in thoracic pain.**"
        return f"{esc(m['statement'])} Population: {esc(m['population'])}.{sample} ({self._cite(m['references'])})"

    # --- kind-specific extras ------------------------------------------------------------
    def _extra(self, entry: Entry) -> str:
        if entry.kind == "codes" and entry.data["system"] == "icd10cm":
            return self._icd_facts(entry)
        if entry.kind == "codes":
            return self._ncci(entry)
        if entry.kind == "references":
            return self._identifiers(entry.data)
        return ""

    def _guide_section(self, section: dict) -> str:
        parts = [f"## {esc(section['heading'])}"] + [esc(p) for p in section["paragraphs"]]
        if "points" in section:
            parts.append(bullets(section["points"]))
        for example in section.get("examples", []):
            parts.append(admonition("example", "Example", esc(example)))
        if "references" in section:
            parts.append(f"Sources: {self._cite(section['references'])}")
        return "\n\n".join(parts)

    def _ncci(self, entry: Entry) -> str:
        """NCCI pairs are stored on one code and shown, in full, on both codes' pages.

        One block per pair rather than a seven-column table, so that it reads on a phone. The
        column order decides which line takes the modifier; where the sources do not confirm it,
        the block says so instead of naming a column.
        """
        pairs = [(entry, edge.target, edge.item) for edge in self._links(entry, "ncci_edits")]
        pairs += [
            (edge.source, entry, edge.item)
            for links in self.kb.links_to(entry).values()
            for edge in links
            if edge.relation.path[0] == "ncci_edits" and edge.source.kind == "codes"
        ]
        if not pairs:
            return ""
        indicator = {0: "0: no modifier can bypass it", 1: "1: a modifier may bypass it", 9: "9: not applicable"}
        blocks = []
        for first, second, item in pairs:
            names = [
                link_text(c, c.data["code"], self.base) if c is not entry else f"**{esc(c.data['code'])}**"
                for c in (first, second)
            ]
            if item["order_known"]:
                order = f"Column 1: {names[0]}; column 2: {names[1]} (the modifier goes on the column 2 line)."
            else:
                order = (
                    "Column order not confirmed by the sources: check the current CMS table before "
                    "choosing the line that takes the modifier."
                )
            facts = bullets(
                [
                    order,
                    f"Modifier indicator {esc(indicator[item['modifier_indicator']])}.",
                    f"When a modifier is allowed: {esc(item['modifier_allowed_when'])}",
                    f"Source ({esc(item['source_date'])}): {self._cite(item['references'])}",
                ],
                str,
            )
            blocks.append(f"### {names[0]} and {names[1]}\n\n{facts}")
        return (
            "## NCCI edit pairs\n\nNCCI edits change every quarter: check the current CMS table before "
            "relying on these.\n\n" + "\n\n".join(blocks)
        )

    def _icd_facts(self, entry: Entry) -> str:
        code = entry.data["code"]
        reportable = icd.is_reportable(code)
        lines = [
            f"**Official title:** {esc(icd.title(code))}",
            f"**Reportable:** {'yes' if reportable else 'no: report a more specific code'}",
            f"**Code set:** {esc(icd.RELEASE)}",
            f"**Currency:** {esc(icd.CURRENCY)}",
        ]
        sevenths = icd.seventh_characters(code)
        if sevenths:
            lines.append("**7th characters:** " + "; ".join(f"{esc(k)} = {esc(v)}" for k, v in sevenths.items()))
        out = "## Official data\n\n" + "\n\n".join(lines)
        titles = {
            "excludes1": "Excludes1 (not together, unless unrelated)",
            "excludes2": "Excludes2 (may be together)",
            "code_first": "Code first",
            "code_also": "Code also",
            "use_additional": "Use additional code",
        }
        tabs = [
            tab(titles[name], bullets([f"{note} (note on {owner})" for owner, note in notes]))
            for name, notes in icd.notes(code).items()
            if notes
        ]
        if tabs:
            out += "\n\n### Instructional notes\n\n" + "\n".join(tabs)
        if not reportable:
            out += "\n\n" + self._reportable_instead(entry)
        return out

    def _reportable_instead(self, entry: Entry) -> str:
        """For a category that cannot be reported: the codes to report instead."""
        code = entry.data["code"]
        ours = [
            c
            for c in self.kb.all("codes")
            if c.data["system"] == "icd10cm"
            and icd.is_reportable(c.data["code"])
            and icd.is_descendant(c.data["code"], code)
        ]
        official = [c for c in icd.reportable_descendants(code) if c not in {o.data["code"] for o in ours}]
        if len(official) > 12:
            official = [c for c in official if "thoracic" in icd.title(c).lower()]
        lines = [link(c, self.base) for c in ours] + [f"{esc(c)} {esc(icd.title(c))}" for c in official]
        return admonition(
            "warning",
            "Not reportable: report one of these instead",
            bullets(lines, str) if lines else "No reportable thoracic code sits under this category.",
        )

    def _identifiers(self, data: dict) -> str:
        items = []
        if "doi" in data:
            items.append(f"DOI: [{esc(data['doi'])}]({url('https://doi.org/' + data['doi'])})")
        if "pmid" in data:
            items.append(
                f"PubMed: [{esc(data['pmid'])}]({url('https://pubmed.ncbi.nlm.nih.gov/' + data['pmid'] + '/')})"
            )
        if "url" in data:
            items.append(f"Web: [{esc(data['url'])}]({url(data['url'])})")
        if "accessed" in data:
            items.append(f"Undated page, read on {esc(data['accessed'])}")
        return "## Find it\n\n" + bullets(items, str)

    # --- both directions and sources -------------------------------------------------------
    def _incoming(self, entry: Entry) -> str:
        blocks = []
        for relation, links in self.kb.links_to(entry).items():
            if relation.target_kind == "references" or relation.path[0] == "ncci_edits":
                continue  # shown as "Cited by" below, and in the NCCI table by _ncci
            lines = sorted({self._link_line(edge.source, edge.item) for edge in links})
            blocks.append(f"## {esc(relation.reverse_label)}\n\n" + bullets(lines, str))
        if entry.kind == "references":
            cited = sorted(
                {link(edge.source, self.base) for links in self.kb.links_to(entry).values() for edge in links}
            )
            blocks.append("## Cited by\n\n" + bullets(cited, str))
        return "\n\n".join(blocks)

    def _sources(self, entry: Entry) -> str:
        if entry.kind == "references":
            return ""
        refs = {
            edge.target.id: edge.target
            for edge in self.kb.links_from(entry)
            if edge.relation.target_kind == "references"
        }
        if not refs:
            return ""
        ordered = sorted(refs.values(), key=lambda r: display_name("references", r.data))
        return "## Sources\n\n" + bullets([f"{link(r, self.base)}: {esc(r.data['citation'])}" for r in ordered], str)

    # --- index pages --------------------------------------------------------------------
    def index(self, kind: str) -> str:
        info = KINDS[kind]
        entries = self.kb.all(kind)
        group_field = {
            "red_flags": "urgency",
            "assessments": "kind",
            "interventions": "category",
            "contraindications": "level",
            "codes": "system",
            "exercises": "set",
        }.get(kind)
        parts = [f"# {info.plural}", esc(info.intro)]
        if group_field is None:
            parts.append(bullets([link(e, "../") for e in entries], str))
        else:
            for value, label in LABELS[group_field].items():
                group = [e for e in entries if e.data[group_field] == value]
                if group:
                    parts.append(f"## {esc(label)}\n\n" + bullets([self._index_line(e) for e in group], str))
        return "\n\n".join(parts) + "\n"

    def code_lookup(self) -> str:
        """Every code in one table, filtered and sorted in the browser by lookup.js."""
        rows = []
        for code in sorted(self.kb.entries["codes"].values(), key=lambda e: (e.data["system"], e.data["code"])):
            data = code.data
            users = {"conditions": set(), "interventions": set()}
            for links in self.kb.links_to(code).values():
                for edge in links:
                    if edge.source.kind in users:
                        users[edge.source.kind].add(link(edge.source, self.base))
            reportable = icd.is_reportable(data["code"]) if data["system"] == "icd10cm" else True
            timed = "" if "timed" not in data else ("timed" if data["timed"] else "untimed")
            rows.append(
                [
                    esc(LABELS["system"][data["system"]]),
                    link_text(code, data["code"], self.base),
                    esc(data["title"]),
                    "yes" if reportable else "**no**",
                    timed,
                    ", ".join(sorted(users["conditions"])),
                    ", ".join(sorted(users["interventions"])),
                ]
            )
        return (
            "# Code lookup\n\nEvery code in this reference in one table. Type in the filter box "
            "(for example `97140`, `M54`, `thoracic` or `untimed`), or select a column heading to sort. "
            f"ICD-10-CM data: {esc(icd.RELEASE)}. {esc(icd.CURRENCY)}\n\n"
            '<div class="ptref-lookup" markdown>\n\n'
            + table(["System", "Code", "Title", "Reportable", "Timed", "Conditions", "Interventions"], rows)
            + "\n\n</div>\n\n"
            + admonition("info", "CPT notice", esc(CPT_NOTICE))
        )

    def _index_line(self, entry: Entry) -> str:
        extra = {"red_flags": "action", "codes": "summary"}.get(entry.kind)
        line = link(entry, "../")
        return f"{line}: {esc(entry.data[extra])}" if extra else line


def _note_of(item: dict | None) -> str:
    """The text that travels with an id in a list item ('why', 'finding', 'when'...)."""
    if not item:
        return ""
    for key in ("finding", "why", "when", "how_to_tell"):
        if key in item:
            return item[key]
    return ""
