"""Printable one-page quick-reference cards, built from the same data as the site.

Each card is HTML (every data string escaped with `h`), wrapped in <article class="ptref-card">;
the print stylesheet fits it on one portrait page of US Letter or A4, and the card tests print
each one in Chromium to prove it. No MkDocs import.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..model import icd
from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import SOURCES, display_name, label_table
from ..model.units import calculate, rules_from, unit_ranges
from . import SITE_NAME
from .clinic import card_brand, contacts_html, hidden, paper_style
from .pathways import pain_location_map, red_flag_pathway


def h(text: object) -> str:
    return escape(" ".join(str(text).split()), quote=True)


@dataclass(frozen=True)
class Card:
    slug: str
    title: str
    purpose: str


CARDS: list[Card] = [
    Card(
        "coding-cheat-sheet",
        "Thoracic diagnosis coding cheat sheet",
        "ICD-10-CM codes by condition, the codes reported together and the 7th character.",
    ),
    Card(
        "procedure-coding-sheet",
        "Procedure codes, modifiers and units",
        "CPT and HCPCS codes timed or untimed, Medicare notes, modifiers and the timed-units table.",
    ),
    Card(
        "red-flag-screen", "Red-flag screen", "Signs of serious pathology grouped by urgency, with what to do for each."
    ),
    Card(
        "red-flag-pathway",
        "Red-flag triage pathway",
        "From the screen to the urgency and the first action, for every red flag.",
    ),
    Card(
        "pain-location-map",
        "Pain-location map",
        "Where the patient feels it, and the conditions and serious causes to think of there.",
    ),
    Card(
        "exam-checklist",
        "Thoracic examination checklist",
        "History to outcome measures, with a box to tick for each part of the examination.",
    ),
    Card(
        "contraindication-matrix",
        "Interventions and contraindications",
        "Which patient factors rule out or limit which interventions.",
    ),
    Card(
        "evaluation-and-units",
        "Evaluation complexity and timed units",
        "Choosing 97161, 97162 or 97163, and counting units for timed codes.",
    ),
] + [
    Card(
        f"home-exercises-{key}",
        f"Home exercises: {label.lower()}",
        f"A patient handout of the {label.lower()} exercises, with space for the dosage.",
    )
    for key, label in label_table("exercises", "set").items()
]


MATRIX_COLUMNS = 60  # interventions one printed matrix can hold (today's data: 22)


class CardRenderer:
    def __init__(self, kb: KnowledgeBase, base: str = "../"):
        self.kb = kb
        self.base = base

    def render(self, slug: str) -> str:
        card = next(c for c in CARDS if c.slug == slug)
        method = "_home_exercises" if slug.startswith("home-exercises-") else "_" + slug.replace("-", "_")
        body, entries, stamp = getattr(self, method)(slug)
        # Raw HTML links are not rewritten by MkDocs: they name the built .html page.
        calculator = (
            f' <a href="{self.base}tools/units-calculator.html">Open the units calculator</a>'
            if slug in ("procedure-coding-sheet", "evaluation-and-units")
            else ""
        )
        return (
            paper_style(self.kb) + f"# {h(card.title)}\n\n"
            '<p class="ptref-print-bar"><button type="button" class="md-button md-button--primary" '
            f"data-ptref-print>Print this card</button> One page, US Letter or A4.{calculator}</p>\n\n"
            f'<article class="ptref-card ptref-card--{h(slug)}">\n'
            f'<header class="ptref-card__head">{card_brand(self.kb, self.base)}<h2 class="ptref-card__title">{h(card.title)}</h2></header>\n'
            f"{body}\n{self._footer(card, entries, stamp)}\n</article>\n"
        )

    def cards(self) -> list[Card]:
        """The cards of this edition: a clinic that hides a section has none of its cards."""
        return [c for c in CARDS if not hidden(self.kb, f"cards/{c.slug}")]

    def index(self) -> str:
        items = "\n".join(f"- [{h(c.title)}]({c.slug}.md): {h(c.purpose)}" for c in self.cards())
        return (
            "# Printable cards\n\nOne-page quick references made from the same data as the site, so the "
            "two never disagree. Open a card and use its Print button (or your browser's print command): "
            "each fits one portrait page of US Letter or A4 and reads well in black and white.\n\n" + items + "\n"
        )

    def _notice(self, notice_id: str, extra_items: str = "") -> str:
        """A notice from data/notices.yml as a card block: heading, text, points as a tight list."""
        data = self.kb.get("notices", notice_id).data
        points = "".join(f"<li>{h(p)}</li>" for p in data.get("points", [])) + extra_items
        listing = f'<ul class="ptref-tight">{points}</ul>' if points else ""
        return f"<h3>{h(data['title'])}</h3><p>{h(data['text'])}</p>{listing}"

    # --- footer ---------------------------------------------------------------------------
    def _footer(self, card: Card, entries: list[Entry], stamp: str) -> str:
        # The card's rules of thumb (7th character, units) come from the guides on its codes:
        # their sources are the card's sources too.
        shown = {(e.kind, e.id) for e in entries}
        entries = entries + [
            g
            for g in self.kb.all("guides")
            if any((edge.target.kind, edge.target.id) in shown for edge in self.kb.links_from(g))
        ]
        refs: dict[str, Entry] = {}
        for entry in entries:
            for link in self.kb.links_from(entry):
                if link.relation.target_kind == SOURCES:
                    refs[link.target.id] = link.target
        reviewed = max((e.data["last_reviewed"] for e in entries), default="")
        sources = "; ".join(
            h(display_name(SOURCES, r.data))
            for r in sorted(refs.values(), key=lambda r: display_name(SOURCES, r.data).lower())
        )
        # On paper the card names where its sources are listed; the full list (a red-flag card
        # cites dozens) would not fit on the page, so it shows on screen only.
        return (
            '<footer class="ptref-card__foot">'
            f"<p><strong>{h(card.title)}</strong> · Data reviewed {h(reviewed)}"
            f"{' · ' + h(stamp) if stamp else ''} · {h(SITE_NAME)}. "
            f"{h(self.kb.get('notices', 'not-advice').data['text'])}</p>"
            f'<p class="ptref-print-only">Sources: {len(refs)} references, listed under this card at '
            f"cards/{h(card.slug)}.html and on the page of each entry it shows.</p>"
            f'<p class="ptref-screen-only">Sources: {sources or "see each entry on the site"}.</p></footer>'
        )

    # --- the cards ---------------------------------------------------------------------------
    def _coding_cheat_sheet(self, slug):
        codes = self.kb.entries["codes"]
        conditions = self.kb.all("conditions")
        blocks = []
        for c in conditions:
            picks = "".join(
                f"<li><b>{h(codes[item['code']].data['code'])}</b>"
                f"{' ⚭' if 'needs_partner' in codes[item['code']].data else ''} {h(item['hint'])}</li>"
                for item in c.data["codes"]
            )
            together = "".join(
                f"<li>+ {h(' + '.join(codes[i].data['code'] for i in group['codes']))}</li>"
                for group in c.data.get("codes_together", [])
            )
            blocks.append(
                f'<div class="ptref-keep"><p class="ptref-cond">{h(c.data["name"])}</p>'
                f'<ul class="ptref-codes">{picks}{together}</ul></div>'
            )
        icd_table = (
            "<h3>ICD-10-CM by condition</h3><p>Report what the note supports. <b>⚭</b> never alone: "
            "report it with its partner. <b>+</b> codes reported together, in the order shown.</p>" + "".join(blocks)
        )
        not_reportable = [
            e for e in self.kb.all("codes") if e.data["system"] == "icd10cm" and not icd.is_reportable(e.data["code"])
        ]
        seventh = self._notice(
            "seventh-character",
            f"<li>Not reportable as written: {', '.join(h(e.data['code']) for e in not_reportable)} "
            "(report a full code).</li>"
            if not_reportable
            else "",
        )
        body = f'<div class="ptref-card__cols">{icd_table}{seventh}</div>'
        shown = conditions + not_reportable
        expired = icd.expired()
        if expired:
            body = f'<p class="ptref-expired"><strong>Out of date:</strong> {h(expired)}</p>' + body
        return body, shown, icd.edition_short()

    def _procedure_coding_sheet(self, slug):
        codes = self.kb.entries["codes"]
        procedure = [e for e in self.kb.all("codes") if e.data["system"] in ("cpt", "hcpcs")]
        procedure.sort(key=lambda e: e.data["code"])
        cpt_rows = "".join(
            f"<tr><td>{h(e.data['code'])}</td><td>{h(e.data['title'])}</td>"
            f"<td>{'Timed' if e.data['timed'] else 'Untimed'}</td><td>{h(_medicare(e, codes.get(e.data.get('medicare_use_instead', ''))))}</td></tr>"
            for e in procedure
        )
        cpt = (
            '<h3>Procedure codes</h3><table class="ptref-compact"><thead><tr><th>Code</th><th>Name</th>'
            f"<th>Units</th><th>Medicare</th></tr></thead><tbody>{cpt_rows}</tbody></table>"
        )
        modifiers = [e for e in self.kb.all("codes") if e.data["system"] == "modifier"]
        modifiers.sort(key=lambda e: e.data["code"])
        mods = (
            '<h3>Modifiers</h3><ul class="ptref-tight">'
            + "".join(f"<li><b>{h(e.data['code'])}</b> {h(e.data['title'])}</li>" for e in modifiers)
            + "</ul>"
        )
        body = self._cpt_banner() + f'<div class="ptref-card__cols">{cpt}{mods}{self._units_table()}</div>'
        return body, procedure + modifiers, self._cpt_edition()

    def _cpt_banner(self) -> str:
        """A line at the top of a procedure-code card once the CPT edition or the fee-schedule year
        has ended: its pending-renewal warning, or 'Out of date'. Empty while both are in force."""
        from ..kinds.editions.page import in_force_words, is_pending_warning

        lines = []
        for system in ("cpt", "fee-schedule"):
            _, warning = in_force_words(self.kb, system, short=True)
            if warning:
                label = "Renewal pending:" if is_pending_warning(warning) else "Out of date:"
                lines.append(f'<p class="ptref-expired"><strong>{label}</strong> {h(warning)}</p>')
        return "".join(lines)

    def _cpt_edition(self) -> str:
        """'CPT 2026 (to 2026-12-31), not checked' for a card's footer, or a warning once it has ended."""
        from ..kinds.editions.page import in_force_words, is_pending_warning

        found = [in_force_words(self.kb, system, short=True) for system in ("cpt", "fee-schedule")]
        # An ended edition whose renewal is pending: its own sentence ('Renewal pending since ...: the
        # 2026 figure is shown'); an edition out of date with nothing pending: OUT OF DATE.
        warnings = [w if is_pending_warning(w) else f"OUT OF DATE: {w}" for _, w in found if w]
        return "; ".join(warnings or [words for words, _ in found if words])

    def _units_table(self) -> str:
        ranges = unit_ranges(8)
        minutes = "".join(f"<td>{a}-{b}</td>" for _, a, b in ranges)
        units = "".join(f"<td>{u}</td>" for u, _, _ in ranges)
        return (
            self._notice("medicare-timed-units")
            + f'<table class="ptref-compact ptref-units-table"><tbody><tr><th scope="row">Minutes</th>{minutes}</tr>'
            f'<tr><th scope="row">Units</th>{units}</tr></tbody></table>'
        )

    def _red_flag_screen(self, slug):
        flags = self.kb.all("red_flags")
        parts = []
        for value, label in label_table("red_flags", "urgency").items():
            group = [f for f in flags if f.data["urgency"] == value]
            if not group:
                continue
            items = "".join(
                f"<li><b>{h(f.data['name'])}</b>: {h(f.data['quick_screen'])} "
                f'<span class="ptref-action">→ {h(f.data["quick_action"])}</span></li>'
                for f in group
            )
            parts.append(
                f'<section class="ptref-urgency ptref-urgency--{h(value)}"><h3>{h(label)}</h3>'
                f'{contacts_html(self.kb, value)}<ul class="ptref-tight">{items}</ul></section>'
            )
        intro = (
            "<p>Ask and look for these in every new patient with thoracic pain, and again when the "
            "picture changes. The full questions and actions are on each red flag's page.</p>"
        )
        return f'{intro}<div class="ptref-card__cols">{"".join(parts)}</div>', flags, ""

    def _red_flag_pathway(self, slug):
        body, entries = red_flag_pathway(self.kb, self.base, h)
        return body, entries, ""

    def _pain_location_map(self, slug):
        body, entries = pain_location_map(self.kb, self.base, h)
        return body, entries, ""

    def _exam_checklist(self, slug):
        assessments = self.kb.all("assessments")
        parts = []
        for value, label in label_table("assessments", "kind").items():
            group = [a for a in assessments if a.data["kind"] == value]
            if group:
                items = "".join(
                    f'<li><span class="ptref-box" aria-hidden="true">☐</span> {h(a.data["name"])}</li>' for a in group
                )
                parts.append(f'<h3>{h(label)}</h3><ul class="ptref-checklist">{items}</ul>')
        notes = '<p class="ptref-blank">Notes: ____________________________________________</p>'
        return f'<div class="ptref-card__cols">{"".join(parts)}</div>{notes}', assessments, ""

    def _contraindication_matrix(self, slug):
        interventions = self.kb.all("interventions")
        factors = sorted(
            self.kb.all("contraindications"), key=lambda e: (e.data["level"] != "absolute", e.data["name"].lower())
        )
        marks = {
            (edge.source.id, edge.target.id)
            for i in interventions
            for edge in self.kb.links_from(i)
            if edge.relation.path == ("contraindications", "[]")
        }
        # One table per group of interventions and factors linked to each other: the real data is
        # one group, while a table of every factor by every intervention would grow with the
        # square of the content (a region added later forms a group of its own).
        tables, legend, number, left_out = [], [], 0, 0
        shown: list[Entry] = []
        for group_interventions, group_factors in _linked_groups(interventions, factors, marks):
            if number + len(group_interventions) > MATRIX_COLUMNS and number:
                left_out += len(group_interventions)  # a printed page holds no more; their pages list them
                continue
            shown += group_interventions + group_factors
            first = number + 1
            number += len(group_interventions)
            head = "".join(f'<th scope="col"><span>{n}</span></th>' for n in range(first, number + 1))
            rows = []
            for f in group_factors:
                symbol = "■" if f.data["level"] == "absolute" else "△"
                cells = "".join(f"<td>{symbol if (i.id, f.id) in marks else ''}</td>" for i in group_interventions)
                rows.append(f'<tr><th scope="row">{h(f.data["name"])}</th>{cells}</tr>')
            tables.append(
                f'<table class="ptref-matrix"><thead><tr><th scope="col">Patient factor</th>{head}</tr>'
                f"</thead><tbody>{''.join(rows)}</tbody></table>"
            )
            legend += [f"<li><b>{n}</b> {h(i.data['name'])}</li>" for n, i in enumerate(group_interventions, first)]
        linked_interventions, linked_factors = {i for i, _ in marks}, {f for _, f in marks}
        unlinked = [i for i in interventions if i.id not in linked_interventions] + [
            f for f in factors if f.id not in linked_factors
        ]
        body = (
            '<p class="ptref-legend"><b>■</b> absolute contraindication: do not use. '
            "<b>△</b> precaution: use with care and adapt. Blank: not listed for that intervention.</p>"
            + "".join(tables)
            + f'<ol class="ptref-matrix-legend">{"".join(legend)}</ol>'
        )
        if left_out:
            body += (
                f"<p>{left_out} more interventions, in groups of their own, do not fit on this page: "
                "each intervention's page lists its contraindications.</p>"
            )
        if unlinked:
            names = [h(e.data["name"]) for e in unlinked]
            more = f" and {len(names) - MATRIX_COLUMNS} more" if len(names) > MATRIX_COLUMNS else ""
            body += (
                "<p>Not linked to any intervention or contraindication here: "
                + ", ".join(names[:MATRIX_COLUMNS])
                + more
                + ".</p>"
            )
        return body, shown if left_out else interventions + factors, ""

    def _evaluation_and_units(self, slug):
        evaluations = [e for e in self.kb.all("codes") if "complexity" in e.data]
        evaluations.sort(key=lambda e: e.data["code"])
        parts = []
        if evaluations:
            head = "".join(
                f"<th>{h(e.data['code'])} {h(e.data['title'])}"
                f"{' (typically ' + str(e.data['typical_minutes']) + ' min)' if 'typical_minutes' in e.data else ''}</th>"
                for e in evaluations
            )
            labels = label_table("codes", "complexity")
            rows = "".join(
                f'<tr><th scope="row">{h(label)}</th>'
                + "".join(f"<td>{h(e.data['complexity'][key])}</td>" for e in evaluations)
                + "</tr>"
                for key, label in labels.items()
            )
            parts.append(
                "<h3>Evaluation complexity: every component must reach the level billed</h3>"
                f'<table class="ptref-compact"><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>'
            )
        timed = sorted((e for e in self.kb.all("codes") if e.data.get("timed") is True), key=lambda e: e.data["code"])
        untimed = sorted(
            (e for e in self.kb.all("codes") if e.data.get("timed") is False), key=lambda e: e.data["code"]
        )

        def listing(group):
            return ", ".join(f"{h(e.data['code'])} {h(e.data['title'])}" for e in group)

        parts.append(
            f'<div class="ptref-card__cols">{self._units_table()}'
            f"<h3>Timed codes (15-minute units)</h3><p>{listing(timed)}</p>"
            f"<h3>Untimed codes (one unit each, whatever the minutes)</h3><p>{listing(untimed)}</p>"
            f"{self._units_example()}</div>"
        )
        return self._cpt_banner() + "".join(parts), evaluations + timed + untimed, self._cpt_edition()

    def _units_example(self) -> str:
        """The CMS example, worked by the calculator itself so the card cannot disagree with it."""
        rules = rules_from(self.kb.entries)
        session = [("97110", 33), ("97140", 7)]
        if any(code not in rules.codes for code, _ in session):
            return ""
        result = calculate(rules, session, "medicare")
        steps = " ".join(h(line) for line in result["explanation"])
        billed = " and ".join(f"{h(code)} ×{n}" for code, n in result["units"].items())
        return f"<h3>Example (CMS)</h3><p>97110 for 33 min and 97140 for 7 min. {steps} Bill {billed}.</p>"

    def _home_exercises(self, slug):
        key = slug.removeprefix("home-exercises-")
        exercises = [e for e in self.kb.all("exercises") if e.data["set"] == key]
        blocks = []
        for e in exercises:
            steps = "".join(f"<li>{h(s)}</li>" for s in e.data["steps"])
            stop = f'<p class="ptref-stop">Stop if: {h(e.data["stop_if"])}</p>' if "stop_if" in e.data else ""
            blocks.append(
                f'<section class="ptref-exercise"><h3>☐ {h(e.data["name"])}</h3>'
                f"<p><i>Why:</i> {h(e.data['purpose'])}</p><p><i>Start:</i> {h(e.data['start_position'])}</p>"
                f"<ol>{steps}</ol>"
                '<p class="ptref-blank">Sets ____ Reps ____ Hold ____ s · Times a day ____</p>'
                f"{stop}</section>"
            )
        safety = self.kb.get("notices", "home-exercise-safety").data["text"]
        # The patient safety net (when to call 911, the doctor, the clinic) goes on every
        # patient-facing card, with its source in the card's footer.
        net = self.kb.get("notices", "patient-safety-net")
        intro = (
            f'<p class="ptref-patient">{h(safety)}</p>'
            f'<p class="ptref-patient ptref-safety-net"><b>{h(net.data["title"])}.</b> {h(net.data["text"])} '
            f"{' '.join(h(point) for point in net.data.get('points', []))}</p>"
            '<p class="ptref-blank">Name ________________________ Date ____________ Therapist '
            "________________________</p>"
        )
        return f'{intro}<div class="ptref-card__cols">{"".join(blocks)}</div>', exercises + [net], ""


def _medicare(code: Entry, instead: Entry | None) -> str:
    """A procedure code's Medicare status in a few words; its page has the rule and the source."""
    status = code.data.get("medicare_status", "payable")
    if status == "not-recognised" and instead is not None:
        return f"Not recognised: use {instead.data['code']}"
    return label_table("codes", "medicare_status")[status].split(" (")[0].capitalize()


def _linked_groups(interventions: list, factors: list, marks: set) -> list[tuple[list, list]]:
    """Interventions and factors split into groups connected through marks, each keeping the
    given order; groups ordered by their first intervention. Unlinked entries are left out."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for intervention_id, factor_id in marks:
        parent[root(("i", intervention_id))] = root(("f", factor_id))
    groups: dict = {}
    for i in interventions:
        if ("i", i.id) in parent:
            groups.setdefault(root(("i", i.id)), ([], []))[0].append(i)
    for f in factors:
        if ("f", f.id) in parent:
            groups.setdefault(root(("f", f.id)), ([], []))[1].append(f)
    return [g for g in groups.values() if g[0]]
