"""The coding cards: ICD-10-CM codes by condition, the procedure codes and modifiers, and
evaluation complexity with timed units. Drawn in the card frame (ptref/render/cards.py)."""

from __future__ import annotations

from ...model import icd
from ...model.entry import Entry
from ...model.kinds import label_table
from ...model.units import calculate, rules_from, unit_ranges
from ...render.across_kinds import in_force_words, is_pending_warning
from ...render.cards import Card, CardRenderer, Drawn, h
from .page import NCCI_INDICATOR


def _coding_cheat_sheet(cards: CardRenderer, card: Card) -> Drawn:
    codes = cards.kb.entries["codes"]
    conditions = cards.kb.all("conditions")
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
    marks = cards.kb.get("notices", "code-marks").data
    icd_table = f"<h3>{h(marks['title'])}</h3><p>{cards.notice_text('code-marks')}</p>" + "".join(blocks)
    not_reportable = [
        e for e in cards.kb.all("codes") if e.data["system"] == "icd10cm" and not icd.is_reportable(e.data["code"])
    ]
    seventh = cards.notice(
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


def _procedure_coding_sheet(cards: CardRenderer, card: Card) -> Drawn:
    codes = cards.kb.entries["codes"]
    procedure = [e for e in cards.kb.all("codes") if e.data["system"] in ("cpt", "hcpcs")]
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
    modifiers = [e for e in cards.kb.all("codes") if e.data["system"] == "modifier"]
    modifiers.sort(key=lambda e: e.data["code"])
    mods = (
        '<h3>Modifiers</h3><ul class="ptref-tight">'
        + "".join(f"<li><b>{h(e.data['code'])}</b> {h(e.data['title'])}</li>" for e in modifiers)
        + "</ul>"
    )
    ncci, paired = _ncci_pairs(cards)
    body = _cpt_banner(cards) + f'<div class="ptref-card__cols">{cpt}{mods}{ncci}{_units_table(cards)}</div>'
    return body, procedure + modifiers + paired, _cpt_edition(cards)


def _ncci_pairs(cards: CardRenderer) -> tuple[str, list[Entry]]:
    """The NCCI pairs in the data, one row each: the pair, the code that takes the modifier
    where the sources confirm the column order, the modifier indicator and the date of the
    source; the heading names the quarter of the tables and whether it was checked. The codes'
    pages give when a modifier is allowed."""
    rows = []
    paired = []
    for code in sorted(cards.kb.all("codes"), key=lambda e: e.data["code"]):
        for edge in cards.kb.links_from(code):
            if edge.relation.path[0] != "ncci_edits" or edge.relation.target_kind != "codes":
                continue
            item, second = edge.item, edge.target
            assert item is not None  # an NCCI pair is a list item
            on = h(second.data["code"]) if item["order_known"] else "Not confirmed"
            rows.append(
                f"<tr><td>{h(code.data['code'])} + {h(second.data['code'])}</td><td>{on}</td>"
                f"<td>{h(NCCI_INDICATOR[item['modifier_indicator']])}</td><td>{h(item['source_date'])}</td></tr>"
            )
            paired.append(code)
    if not rows:
        return "", []
    words, warning = in_force_words(cards.kb, "ncci", short=True)
    quarter = f"OUT OF DATE: {warning}" if warning and not is_pending_warning(warning) else (warning or words)
    return (
        f"<h3>NCCI pairs</h3><p>{h(quarter)}. {h(cards.kb.get('notices', 'ncci-currency').data['text'])}</p>"
        '<table class="ptref-compact ptref-ncci-card"><thead><tr><th>Pair</th><th>Modifier on</th>'
        f"<th>Indicator</th><th>Source dated</th></tr></thead><tbody>{''.join(rows)}</tbody></table>",
        paired,
    )


def _cpt_banner(cards: CardRenderer) -> str:
    """A line at the top of a procedure-code card once the CPT edition or the fee-schedule year
    has ended: its pending-renewal warning, or 'Out of date'. Empty while both are in force."""
    lines = []
    for system in ("cpt", "fee-schedule"):
        _, warning = in_force_words(cards.kb, system, short=True)
        if warning and is_pending_warning(warning):  # the sentence starts 'Renewal pending since'
            lines.append(f'<p class="ptref-expired"><strong>{h(warning)}</strong></p>')
        elif warning:
            lines.append(f'<p class="ptref-expired"><strong>Out of date:</strong> {h(warning)}</p>')
    return "".join(lines)


def _cpt_edition(cards: CardRenderer) -> str:
    """'CPT 2026 (to 2026-12-31), not checked' for a card's footer, or a warning once it has ended."""
    found = [in_force_words(cards.kb, system, short=True) for system in ("cpt", "fee-schedule")]
    # An ended edition whose renewal is pending: its own sentence ('Renewal pending since ...: the
    # 2026 figure is shown'); an edition out of date with nothing pending: OUT OF DATE.
    warnings = [w if is_pending_warning(w) else f"OUT OF DATE: {w}" for _, w in found if w]
    return "; ".join(warnings or [words for words, _ in found if words])


def _units_table(cards: CardRenderer) -> str:
    ranges = unit_ranges(8)
    minutes = "".join(f"<td>{a}-{b}</td>" for _, a, b in ranges)
    units = "".join(f"<td>{u}</td>" for u, _, _ in ranges)
    return (
        cards.notice("medicare-timed-units")
        + f'<table class="ptref-compact ptref-units-table"><tbody><tr><th scope="row">Minutes</th>{minutes}</tr>'
        f'<tr><th scope="row">Units</th>{units}</tr></tbody></table>'
    )


def _evaluation_and_units(cards: CardRenderer, card: Card) -> Drawn:
    evaluations = [e for e in cards.kb.all("codes") if "complexity" in e.data]
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
        rule = cards.kb.get("notices", "evaluation-complexity").data
        parts.append(
            f"<h3>{h(rule['title'])}: {cards.notice_text('evaluation-complexity')}</h3>"
            f'<table class="ptref-compact"><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>'
        )
    timed = sorted((e for e in cards.kb.all("codes") if e.data.get("timed") is True), key=lambda e: e.data["code"])
    untimed = sorted((e for e in cards.kb.all("codes") if e.data.get("timed") is False), key=lambda e: e.data["code"])

    def listing(group):
        return ", ".join(f"{h(e.data['code'])} {h(e.data['title'])}" for e in group)

    parts.append(
        f'<div class="ptref-card__cols">{_units_table(cards)}'
        f"<h3>Timed codes (15-minute units)</h3><p>{listing(timed)}</p>"
        f"<h3>Untimed codes (one unit each, whatever the minutes)</h3><p>{listing(untimed)}</p>"
        f"{_units_example(cards)}</div>"
    )
    return _cpt_banner(cards) + "".join(parts), evaluations + timed + untimed, _cpt_edition(cards)


def _units_example(cards: CardRenderer) -> str:
    """The CMS example (notice units-example), worked by the calculator itself so the card
    cannot disagree with it."""
    rules = rules_from(cards.kb.entries)
    example = cards.kb.get("notices", "units-example").data
    session = [(item["code"], item["minutes"]) for item in example["session"]]
    if any(code not in rules.codes for code, _ in session):
        return ""
    result = calculate(rules, session, "medicare")
    steps = " ".join(h(line) for line in result["explanation"])
    billed = " and ".join(f"{h(code)} ×{n}" for code, n in result["units"].items())
    return f"<h3>{h(example['title'])}</h3><p>{cards.notice_text('units-example')} {steps} Bill {billed}.</p>"


def _medicare(code: Entry, instead: Entry | None) -> str:
    """A procedure code's Medicare status in a few words; its page has the rule and the source."""
    status = code.data.get("medicare_status", "payable")
    if status == "not-recognised" and instead is not None:
        return f"Not recognised: use {instead.data['code']}"
    return label_table("codes", "medicare_status")[status].split(" (")[0].capitalize()


CARDS = [
    Card(
        "coding-cheat-sheet",
        "Thoracic diagnosis coding cheat sheet",
        "ICD-10-CM codes by condition, the codes reported together and the 7th character.",
        _coding_cheat_sheet,
        order=10,
    ),
    Card(
        "procedure-coding-sheet",
        "Procedure codes, modifiers and units",
        "CPT and HCPCS codes timed or untimed, Medicare notes, modifiers and the timed-units table.",
        _procedure_coding_sheet,
        order=20,
        units_tool=True,
    ),
    Card(
        "evaluation-and-units",
        "Evaluation complexity and timed units",
        "Choosing 97161, 97162 or 97163, and counting units for timed codes.",
        _evaluation_and_units,
        order=80,
        units_tool=True,
    ),
]
