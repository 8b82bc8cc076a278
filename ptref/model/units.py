"""Billing units for one day: the Medicare 8-minute rule and the per-code midpoint rule.

The input is one day's lines for one patient: every timed code with its minutes, pooled over all
visits on the same date of service, and every untimed code, which needs no minutes.

Which codes exist, which are timed, their Medicare status and the NCCI pairs come from the
knowledge base, never from lists in this file. The Medicare rules themselves (the units table,
the allocation, the lines Medicare never pays, GP and CQ) are written here, as read in CMS
Pub 100-04 ch. 5 §20.1-20.2 in 2026-12. docs/javascripts/units.js implements the same algorithm
for the site; its methods, constants, never-paid statuses and every sentence it writes (WORDING)
reach it from this file through rules_json(), so the two cannot word anything differently.
tests/units_vectors.json holds the cases both must agree on.

Decisions (stated on the calculator page too):
- An untimed code counts 1 unit whatever its length. It may be given without minutes ("97161");
  minutes given for it are accepted, never used, and bring a warning. "97010=0" is 1 unit like
  "97010": an untimed line does not depend on minutes.
- Under Medicare, a line whose code Medicare never pays (status bundled, not-recognised or
  not-covered) is shown with its units, marked billable: false with the reason, and left out of
  billable_units. A timed line of that kind is also kept out of the pooled minutes, so it cannot
  earn units for the other codes; on its own it counts as the units table says.
- Tie-break for a left-over unit: most remaining minutes; among equal remainders, the code with
  more minutes in all; if still equal, the code listed first. CMS allows either code on a tie
  (§20.2 example 2) and gives more units to the service that took more time (example 1).
- The per-code (commercial) method has no Medicare exclusions: every line is billable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

METHODS = ("medicare", "per-code")
UNIT_MINUTES = 15  # one timed unit
THRESHOLD_MINUTES = 8  # the midpoint of a unit: fewer minutes earn no unit
MINUTES_IN_A_DAY = 24 * 60
ASSISTANT_MODIFIER = "CQ"  # SSA §1834(v): lines furnished in whole or in part by a PTA, paid at 85% since 2022
# The constants a template may name, as {unit_minutes} and so on (the values given to say() come first).
CONSTANTS = {
    "unit_minutes": UNIT_MINUTES,
    "threshold_minutes": THRESHOLD_MINUTES,
    "minutes_in_a_day": MINUTES_IN_A_DAY,
    "assistant_modifier": ASSISTANT_MODIFIER,
}

# Every sentence the calculator writes (steps, reasons, warnings, errors), here and in units.js:
# rules_json() carries this dict to the page, whose JavaScript fills the same templates the same
# way. A template names its values as {name} (lower-case letters and "_"); there are no other braces.
WORDING = {
    # The methods, by name (the form's choices, and the result's "Method:" line).
    "method_medicare": "Medicare {threshold_minutes}-minute rule",
    "method_per_code": "Per-code midpoint rule",
    # Steps of the working ("explanation"), in the order they come.
    "day_minutes": "Timed minutes for the day: {total}",  # also the page's summary of a result
    "pooled": "{day_minutes}{aside}, which gives {units} unit(s) under the {threshold_minutes}-minute rule.",
    "pooled_aside": " (leaving out {minutes} min of codes Medicare never pays)",
    "whole_units": "{code}: {minutes} min contains {units} whole {unit_minutes}-minute unit(s), {remaining} min left over.",
    "extra_unit": "{code}: 1 more unit for its {remaining} remaining min (the most remaining minutes still unassigned).",
    "tie": (
        "Tie on {remaining} remaining min between {codes}: the unit goes to the code with more minutes in all, "
        "then to the code listed first."
    ),
    "per_code": (
        "{code}: {minutes} min on its own gives {units} unit(s) "
        "(a unit needs at least {threshold_minutes} minutes: the midpoint of {unit_minutes})."
    ),
    "untimed": "{code} is untimed: 1 unit whatever its length; it adds nothing to the timed minutes.",
    "left_out": "{code}: {units} unit(s) left out of the Medicare total. {reason}.",
    "medicare_total": "Units Medicare may pay: {billable} of {total}.",
    # Why Medicare never pays a line (NEVER_PAID says which status takes which), and its warning.
    "reason_bundled": "Medicare bundles it (status B) and never pays it separately",
    "reason_not_recognised": "Medicare does not recognise it{instead}",
    "reason_not_covered": "Medicare does not cover it and never pays it",
    "use_instead": "; report {code} instead",
    "warning_bundled": (
        "Medicare: {code} is bundled (status B) and never paid separately; it is left out of the units Medicare may pay."
    ),
    "warning_not_recognised": "Medicare: {code} is not recognised{instead}. It is left out of the units Medicare may pay.",
    "warning_not_covered": (
        "Medicare: {code} is not covered, so Medicare never pays it; it is left out of the units Medicare may pay."
    ),
    # Other warnings.
    "ncci": "NCCI edit: {first} with {second}. {when}",
    "untimed_minutes": "{code} is untimed: the {minutes} min given are not counted (1 unit whatever its length).",
    "line_modifier": "Medicare: add modifier {modifier} to every line of physical therapy.",
    "assistant": (
        "Medicare: a line furnished in whole or in part by a physical therapist assistant (more than 10% of it) "
        "carries modifier {assistant_modifier}{also}, and is paid at 85% (since 2022)."
    ),
    "assistant_also": " as well as {modifier}",
    # Errors: one line each, fit to show the user as they are.
    "error_syntax": "expected CODE=MINUTES (or CODE alone for an untimed code), got {given}",
    "error_not_whole": "minutes for {code} must be a whole number, got {given}",
    "error_method": "unknown method {given}; use one of: {choices}",
    "error_empty": "give at least one CODE=MINUTES",
    "error_unknown_code": "unknown code {code}; known: {known}",
    "error_twice": "{code} is given twice; add its minutes for the day together",
    "error_needs_minutes": "{code} is timed: give its minutes for the day as {code}=MINUTES",
    "error_negative": "minutes for {code} cannot be negative",
    "error_too_long": "more than {minutes_in_a_day} minutes in one day",
}

# The Medicare statuses that are never paid, with the templates of their reason and their warning.
NEVER_PAID = {
    "bundled": {"reason": "reason_bundled", "warning": "warning_bundled"},
    "not-recognised": {"reason": "reason_not_recognised", "warning": "warning_not_recognised"},
    "not-covered": {"reason": "reason_not_covered", "warning": "warning_not_covered"},
}

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # units.js uses the same pattern


def say(key: str, **values: str | int) -> str:
    """WORDING[key] with each {name} replaced by values[name], else CONSTANTS[name] (a KeyError if neither)."""
    known = {**CONSTANTS, **values}
    return PLACEHOLDER.sub(lambda m: str(known[m.group(1)]), WORDING[key])


class UnitsError(ValueError):
    """Bad input: the message is one line, fit to show the user as it is."""


def medicare_units(total_minutes: int) -> int:
    """Units for a total of timed minutes under CMS Pub 100-04 ch. 5 §20.2: 8-22 = 1, 23-37 = 2, ..."""
    return (
        0 if total_minutes < THRESHOLD_MINUTES else (total_minutes + UNIT_MINUTES - THRESHOLD_MINUTES) // UNIT_MINUTES
    )


def unit_ranges(max_units: int = 8) -> list[tuple[int, int, int]]:
    """(units, first minute, last minute) rows of the units-for-minutes table."""
    return [
        (u, UNIT_MINUTES * u - UNIT_MINUTES + THRESHOLD_MINUTES, UNIT_MINUTES * u + UNIT_MINUTES - THRESHOLD_MINUTES)
        for u in range(1, max_units + 1)
    ]


@dataclass(frozen=True)
class CodeRules:
    """What the calculator needs to know about one CPT/HCPCS code."""

    code: str
    timed: bool
    medicare_status: str = "payable"  # "payable" or a status of NEVER_PAID
    medicare_use_instead: str | None = None


@dataclass(frozen=True)
class PairRule:
    first: str
    second: str
    when: str


@dataclass(frozen=True)
class Rules:
    codes: dict[str, CodeRules]
    pairs: tuple[PairRule, ...]
    line_modifier: str | None  # "GP": added to every PT line under Medicare


def rules_from(entries: dict) -> Rules:
    """Build the calculator's rules from validated entries (ptref.model.validate)."""
    codes_by_id = entries["codes"]
    rules, pairs = {}, []
    for entry in codes_by_id.values():
        data = entry.data
        if data["system"] not in ("cpt", "hcpcs"):
            continue
        instead = data.get("medicare_use_instead")
        rules[data["code"]] = CodeRules(
            data["code"],
            data["timed"],
            data.get("medicare_status", "payable"),
            codes_by_id[instead].data["code"] if instead in codes_by_id else None,
        )
        for edit in data.get("ncci_edits", []):
            other = codes_by_id.get(edit["column_2"])
            if other is not None:
                pairs.append(PairRule(data["code"], other.data["code"], edit["modifier_allowed_when"]))
    gp = [e.data["code"] for e in codes_by_id.values() if e.data["system"] == "modifier" and e.data["code"] == "GP"]
    return Rules(rules, tuple(pairs), gp[0] if gp else None)


def parse_pairs(args: list[str]) -> list[tuple[str, int | None]]:
    """'97110=33' -> ('97110', 33); '97161' -> ('97161', None); one-line UnitsError on anything else.

    Whether a code may go without minutes (only untimed codes may) is checked by calculate().
    """
    parsed: list[tuple[str, int | None]] = []
    for arg in args:
        code, sep, minutes = arg.partition("=")
        code = code.strip().upper()
        if not code:
            raise UnitsError(say("error_syntax", given=repr(arg)))
        if not sep:
            parsed.append((code, None))
            continue
        try:
            value = int(minutes.strip())
        except ValueError:
            raise UnitsError(say("error_not_whole", code=code, given=repr(minutes.strip()))) from None
        parsed.append((code, value))
    return parsed


def never_paid_reason(rule: CodeRules) -> str | None:
    """Why Medicare never pays this code, or None when it may."""
    keys = NEVER_PAID.get(rule.medicare_status)
    return say(keys["reason"], instead=_instead(rule)) if keys else None


def _instead(rule: CodeRules) -> str:
    return say("use_instead", code=rule.medicare_use_instead) if rule.medicare_use_instead else ""


def calculate(rules: Rules, entries: Sequence[tuple[str, int | None]], method: str = "medicare") -> dict:
    """Units per code for one day (all visits on the same date of service), with the working and warnings."""
    _check(rules, entries, method)
    medicare = method == "medicare"
    reasons = {c: (never_paid_reason(rules.codes[c]) if medicare else None) for c, _ in entries}
    timed = [(c, m) for c, m in entries if rules.codes[c].timed]
    units: dict[str, int] = {c: 0 for c, _ in entries}
    explanation: list[str] = []
    if medicare:
        pooled = [(c, m) for c, m in timed if reasons[c] is None]
        kept_out = [(c, m) for c, m in timed if reasons[c] is not None]
        _medicare(pooled, kept_out, units, explanation)
    else:
        _per_code(timed, units, explanation)
    for code, _ in entries:
        if not rules.codes[code].timed:
            units[code] = 1
            explanation.append(say("untimed", code=code))
    lines = [
        {
            "code": c,
            "minutes": m,
            "timed": rules.codes[c].timed,
            "units": units[c],
            "billable": reasons[c] is None,
            "reason": reasons[c],
        }
        for c, m in entries
    ]
    total_units = sum(units.values())
    billable_units = sum(units[c] for c, _ in entries if reasons[c] is None)
    if medicare:
        for code, _ in entries:
            reason = reasons[code]
            if reason is not None:
                explanation.append(say("left_out", code=code, units=units[code], reason=reason))
        explanation.append(say("medicare_total", billable=billable_units, total=total_units))
    return {
        "method": method,
        "total_timed_minutes": sum(m for _, m in timed),
        "total_units": total_units,
        "billable_units": billable_units,
        "units": units,
        "lines": lines,
        "explanation": explanation,
        "warnings": _warnings(rules, entries, method),
    }


def _check(rules: Rules, entries, method):
    if method not in METHODS:
        raise UnitsError(say("error_method", given=repr(method), choices=", ".join(METHODS)))
    if not entries:
        raise UnitsError(say("error_empty"))
    seen = set()
    for code, minutes in entries:
        if code not in rules.codes:
            raise UnitsError(say("error_unknown_code", code=code, known=", ".join(sorted(rules.codes))))
        if code in seen:
            raise UnitsError(say("error_twice", code=code))
        if minutes is None and rules.codes[code].timed:
            raise UnitsError(say("error_needs_minutes", code=code))
        if minutes is not None and minutes < 0:
            raise UnitsError(say("error_negative", code=code))
        seen.add(code)
    if sum(m for _, m in entries if m is not None) > MINUTES_IN_A_DAY:
        raise UnitsError(say("error_too_long"))


def _medicare(pooled, kept_out, units, explanation):
    total = sum(m for _, m in pooled)
    total_units = medicare_units(total)
    left_out = sum(m for _, m in kept_out)
    aside = say("pooled_aside", minutes=left_out) if kept_out else ""
    explanation.append(say("pooled", day_minutes=say("day_minutes", total=total), aside=aside, units=total_units))
    remaining = {}
    for code, minutes in pooled:
        units[code], remaining[code] = divmod(minutes, UNIT_MINUTES)
        if units[code]:
            explanation.append(
                say("whole_units", code=code, minutes=minutes, units=units[code], remaining=remaining[code])
            )
    left = total_units - sum(units[c] for c, _ in pooled)
    # Most remaining minutes first; on equal remainders more minutes in all; then the code listed first.
    order = sorted(range(len(pooled)), key=lambda i: (-remaining[pooled[i][0]], -pooled[i][1], i))
    chosen = {pooled[i][0] for i in order[:left]}
    for i in order[:left]:
        code = pooled[i][0]
        units[code] += 1
        explanation.append(say("extra_unit", code=code, remaining=remaining[code]))
    for r in sorted({remaining[c] for c in chosen}, reverse=True):
        tied = [pooled[i][0] for i in order if remaining[pooled[i][0]] == r]
        if any(c not in chosen for c in tied):
            explanation.append(say("tie", remaining=r, codes=", ".join(tied)))
    for code, minutes in kept_out:
        units[code] = medicare_units(minutes)


def _per_code(timed, units, explanation):
    for code, minutes in timed:
        units[code] = medicare_units(minutes)
        explanation.append(say("per_code", code=code, minutes=minutes, units=units[code]))


def _warnings(rules: Rules, entries, method) -> list[str]:
    given = [c for c, _ in entries]
    warnings = [
        say("ncci", first=p.first, second=p.second, when=p.when)
        for p in rules.pairs
        if p.first in given and p.second in given
    ]
    for code, minutes in entries:
        if minutes is not None and not rules.codes[code].timed:
            warnings.append(say("untimed_minutes", code=code, minutes=minutes))
    if method == "medicare":
        for code in given:
            keys = NEVER_PAID.get(rules.codes[code].medicare_status)
            if keys:
                warnings.append(say(keys["warning"], code=code, instead=_instead(rules.codes[code])))
        if rules.line_modifier:
            warnings.append(say("line_modifier", modifier=rules.line_modifier))
        also = say("assistant_also", modifier=rules.line_modifier) if rules.line_modifier else ""
        warnings.append(say("assistant", also=also))
    return warnings


def rules_json(rules: Rules) -> dict:
    """The rules as plain JSON, for the calculator page's JavaScript: the code data, and the
    calculator's methods, constants, never-paid statuses and wording (all from this file)."""
    return {
        "codes": {
            c: {"timed": r.timed, "medicare_status": r.medicare_status, "medicare_use_instead": r.medicare_use_instead}
            for c, r in sorted(rules.codes.items())
        },
        "pairs": [{"first": p.first, "second": p.second, "when": p.when} for p in rules.pairs],
        "line_modifier": rules.line_modifier,
        # The calculator itself, so that units.js holds no rule or sentence of its own.
        "methods": list(METHODS),
        "constants": dict(CONSTANTS),
        "never_paid": {status: dict(keys) for status, keys in NEVER_PAID.items()},
        "wording": dict(WORDING),
    }
