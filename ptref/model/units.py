"""Billing units for one day: the Medicare 8-minute rule and the per-code midpoint rule.

The input is one day's lines for one patient: every timed code with its minutes, pooled over all
visits on the same date of service, and every untimed code, which needs no minutes.

Which codes exist, which are timed, their Medicare status and the NCCI pairs come from the
knowledge base, never from lists in this file. The Medicare rules themselves (the units table,
the allocation, the lines Medicare never pays, GP and CQ) are written here, as read in CMS
Pub 100-04 ch. 5 §20.1-20.2 in 2026-12. docs/javascripts/units.js implements the same rules for
the site; tests/units_vectors.json holds the cases both must agree on.

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

from dataclasses import dataclass

METHODS = ("medicare", "per-code")
MINUTES_IN_A_DAY = 24 * 60
NEVER_PAID = ("bundled", "not-recognised", "not-covered")  # Medicare statuses that are never paid
ASSISTANT_MODIFIER = "CQ"  # SSA §1834(v): lines furnished in whole or in part by a PTA, paid at 85% since 2022


class UnitsError(ValueError):
    """Bad input: the message is one line, fit to show the user as it is."""


def medicare_units(total_minutes: int) -> int:
    """Units for a total of timed minutes under CMS Pub 100-04 ch. 5 §20.2: 8-22 = 1, 23-37 = 2, ..."""
    return 0 if total_minutes < 8 else (total_minutes + 7) // 15


def unit_ranges(max_units: int = 8) -> list[tuple[int, int, int]]:
    """(units, first minute, last minute) rows of the units-for-minutes table."""
    return [(u, 15 * u - 7, 15 * u + 7) for u in range(1, max_units + 1)]


@dataclass(frozen=True)
class CodeRules:
    """What the calculator needs to know about one CPT/HCPCS code."""

    code: str
    timed: bool
    medicare_status: str = "payable"  # "payable", "bundled", "not-recognised" or "not-covered"
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
    parsed = []
    for arg in args:
        code, sep, minutes = arg.partition("=")
        code = code.strip().upper()
        if not code:
            raise UnitsError(f"expected CODE=MINUTES (or CODE alone for an untimed code), got {arg!r}")
        if not sep:
            parsed.append((code, None))
            continue
        try:
            value = int(minutes.strip())
        except ValueError:
            raise UnitsError(f"minutes for {code} must be a whole number, got {minutes.strip()!r}") from None
        parsed.append((code, value))
    return parsed


def never_paid_reason(rule: CodeRules) -> str | None:
    """Why Medicare never pays this code, or None when it may."""
    if rule.medicare_status == "bundled":
        return "Medicare bundles it (status B) and never pays it separately"
    if rule.medicare_status == "not-recognised":
        instead = f"; report {rule.medicare_use_instead} instead" if rule.medicare_use_instead else ""
        return f"Medicare does not recognise it{instead}"
    if rule.medicare_status == "not-covered":
        return "Medicare does not cover it and never pays it"
    return None


def calculate(rules: Rules, entries: list[tuple[str, int | None]], method: str = "medicare") -> dict:
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
            explanation.append(f"{code} is untimed: 1 unit whatever its length; it adds nothing to the timed minutes.")
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
    billable_units = sum(line["units"] for line in lines if line["billable"])
    if medicare:
        for line in lines:
            if not line["billable"]:
                explanation.append(
                    f"{line['code']}: {line['units']} unit(s) left out of the Medicare total. {line['reason']}."
                )
        explanation.append(f"Units Medicare may pay: {billable_units} of {total_units}.")
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
        raise UnitsError(f"unknown method {method!r}; use one of: {', '.join(METHODS)}")
    if not entries:
        raise UnitsError("give at least one CODE=MINUTES")
    seen = set()
    for code, minutes in entries:
        if code not in rules.codes:
            raise UnitsError(f"unknown code {code}; known: {', '.join(sorted(rules.codes))}")
        if code in seen:
            raise UnitsError(f"{code} is given twice; add its minutes for the day together")
        if minutes is None and rules.codes[code].timed:
            raise UnitsError(f"{code} is timed: give its minutes for the day as {code}=MINUTES")
        if minutes is not None and minutes < 0:
            raise UnitsError(f"minutes for {code} cannot be negative")
        seen.add(code)
    if sum(m for _, m in entries if m is not None) > MINUTES_IN_A_DAY:
        raise UnitsError(f"more than {MINUTES_IN_A_DAY} minutes in one day")


def _medicare(pooled, kept_out, units, explanation):
    total = sum(m for _, m in pooled)
    total_units = medicare_units(total)
    left_out = sum(m for _, m in kept_out)
    aside = f" (leaving out {left_out} min of codes Medicare never pays)" if kept_out else ""
    explanation.append(
        f"Timed minutes for the day: {total}{aside}, which gives {total_units} unit(s) under the 8-minute rule."
    )
    remaining = {}
    for code, minutes in pooled:
        units[code] = minutes // 15
        remaining[code] = minutes % 15
        if units[code]:
            explanation.append(
                f"{code}: {minutes} min contains {units[code]} whole 15-minute unit(s), "
                f"{remaining[code]} min left over."
            )
    left = total_units - sum(units[c] for c, _ in pooled)
    # Most remaining minutes first; on equal remainders more minutes in all; then the code listed first.
    order = sorted(range(len(pooled)), key=lambda i: (-remaining[pooled[i][0]], -pooled[i][1], i))
    chosen = {pooled[i][0] for i in order[:left]}
    for i in order[:left]:
        code = pooled[i][0]
        units[code] += 1
        explanation.append(
            f"{code}: 1 more unit for its {remaining[code]} remaining min "
            "(the most remaining minutes still unassigned)."
        )
    for r in sorted({remaining[c] for c in chosen}, reverse=True):
        tied = [pooled[i][0] for i in order if remaining[pooled[i][0]] == r]
        if any(c not in chosen for c in tied):
            explanation.append(
                f"Tie on {r} remaining min between {', '.join(tied)}: the unit goes to the code "
                "with more minutes in all, then to the code listed first."
            )
    for code, minutes in kept_out:
        units[code] = medicare_units(minutes)


def _per_code(timed, units, explanation):
    for code, minutes in timed:
        units[code] = medicare_units(minutes)
        explanation.append(
            f"{code}: {minutes} min on its own gives {units[code]} unit(s) "
            "(a unit needs at least 8 minutes: the midpoint of 15)."
        )


def _warnings(rules: Rules, entries, method) -> list[str]:
    given = [c for c, _ in entries]
    warnings = [
        f"NCCI edit: {p.first} with {p.second}. {p.when}" for p in rules.pairs if p.first in given and p.second in given
    ]
    for code, minutes in entries:
        if minutes is not None and not rules.codes[code].timed:
            warnings.append(f"{code} is untimed: the {minutes} min given are not counted (1 unit whatever its length).")
    if method == "medicare":
        for code in given:
            rule = rules.codes[code]
            if rule.medicare_status == "bundled":
                warnings.append(
                    f"Medicare: {code} is bundled (status B) and never paid separately; "
                    "it is left out of the units Medicare may pay."
                )
            elif rule.medicare_status == "not-recognised":
                instead = f"; report {rule.medicare_use_instead} instead" if rule.medicare_use_instead else ""
                warnings.append(
                    f"Medicare: {code} is not recognised{instead}. It is left out of the units Medicare may pay."
                )
            elif rule.medicare_status == "not-covered":
                warnings.append(
                    f"Medicare: {code} is not covered, so Medicare never pays it; "
                    "it is left out of the units Medicare may pay."
                )
        if rules.line_modifier:
            warnings.append(f"Medicare: add modifier {rules.line_modifier} to every line of physical therapy.")
        also = f" as well as {rules.line_modifier}" if rules.line_modifier else ""
        warnings.append(
            f"Medicare: a line furnished in whole or in part by a physical therapist assistant "
            f"(more than 10% of it) carries modifier {ASSISTANT_MODIFIER}{also}, "
            "and is paid at 85% (since 2022)."
        )
    return warnings


def rules_json(rules: Rules) -> dict:
    """The rules as plain JSON, for the calculator page's JavaScript."""
    return {
        "codes": {
            c: {"timed": r.timed, "medicare_status": r.medicare_status, "medicare_use_instead": r.medicare_use_instead}
            for c, r in sorted(rules.codes.items())
        },
        "pairs": [{"first": p.first, "second": p.second, "when": p.when} for p in rules.pairs],
        "line_modifier": rules.line_modifier,
    }
