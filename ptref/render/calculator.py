"""The units calculator form. Its rules travel as JSON inside the page; units.js does the rest."""

from __future__ import annotations

from html import escape

from ..model.kb import KnowledgeBase
from ..model.units import never_paid_reason, rules_from, rules_json, say
from .text import json_for_script


def units_calculator(kb: KnowledgeBase, base: str) -> str:
    # The method the form opens on: Medicare's, unless a clinic's edition chose per-code.
    per_code_first = kb.clinic is not None and kb.clinic.units_method == "per-code"
    medicare, per_code = ("", " checked") if per_code_first else (" checked", "")
    rules = rules_from(kb.entries)
    names = {e.data["code"]: e for e in kb.entries["codes"].values()}
    options = "".join(
        f'<option value="{escape(code)}">{escape(code)} {escape(names[code].data["title"])}'
        f" ({'timed' if rule.timed else 'untimed'})</option>"
        for code, rule in sorted(rules.codes.items())
    )
    row = (
        '<div class="ptref-units-row" data-units-row>'
        '<label for="ptref-code-1">Code</label>'
        f'<select id="ptref-code-1" name="code"><option value="">Choose a code</option>{options}</select>'
        '<label for="ptref-minutes-1">Minutes (leave empty for an untimed code)</label>'
        '<input id="ptref-minutes-1" name="minutes" type="number" min="0" max="1440" step="1" inputmode="numeric">'
        "</div>"
    )
    never_paid = [
        (code, reason) for code, rule in sorted(rules.codes.items()) if (reason := never_paid_reason(rule)) is not None
    ]
    never_paid_html = (
        (
            "<p>Lines Medicare never pays, from this reference's code data:</p>"
            '<ul class="ptref-units-never">'
            + "".join(f"<li><b>{escape(code)}</b>: {escape(reason)}.</li>" for code, reason in never_paid)
            + "</ul>\n"
        )
        if never_paid
        else ""
    )
    # The form comes first (a front desk uses it many times a day); the never-paid list after it.
    return (
        f'<script type="application/json" id="ptref-units-rules">{json_for_script(rules_json(rules))}</script>\n'
        '<form id="ptref-units-form" class="ptref-units" novalidate>\n'
        "<fieldset><legend>Counting method</legend>"
        f'<label><input type="radio" name="method" value="medicare"{medicare}> {escape(say("method_medicare"))} '
        "(total timed minutes)</label> "
        f'<label><input type="radio" name="method" value="per-code"{per_code}> {escape(say("method_per_code"))} '
        "(many commercial payers)</label></fieldset>\n"
        "<fieldset><legend>Codes and minutes for one day (all visits on the same date of service)</legend>"
        f"<div data-units-rows>{row}</div>"
        '<button type="button" class="md-button" data-units-add>Add another code</button></fieldset>\n'
        '<button type="submit" class="md-button md-button--primary">Calculate units</button>\n'
        "</form>\n"
        '<div id="ptref-units-output" class="ptref-units-output" role="status" aria-live="polite"></div>\n'
        + never_paid_html
    )
