"""Billing units for a session: the Medicare 8-minute rule and the per-code midpoint rule.

Which codes exist, which are timed, and the warnings (NCCI pairs, Medicare status, GP) come
from the knowledge base, never from lists in this file. docs/javascripts/units.js implements
the same rules for the site; tests/units_vectors.json holds the cases both must agree on.
"""
from __future__ import annotations

from dataclasses import dataclass

METHODS = ("medicare", "per-code")
MINUTES_IN_A_DAY = 24 * 60


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
    medicare_status: str = "payable"       # "payable", "bundled" or "not-recognised"
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
    """Build the calculator's rules from validated entries (macros.model.validate)."""
    codes_by_id = entries["codes"]
    rules, pairs = {}, []
    for entry in codes_by_id.values():
        data = entry.data
        if data["system"] not in ("cpt", "hcpcs"):
            continue
        instead = data.get("medicare_use_instead")
        rules[data["code"]] = CodeRules(data["code"], data["timed"], data.get("medicare_status", "payable"),
                                        codes_by_id[instead].data["code"] if instead in codes_by_id else None)
        for edit in data.get("ncci_edits", []):
            other = codes_by_id.get(edit["column_2"])
            if other is not None:
                pairs.append(PairRule(data["code"], other.data["code"], edit["modifier_allowed_when"]))
    gp = [e.data["code"] for e in codes_by_id.values() if e.data["system"] == "modifier" and e.data["code"] == "GP"]
    return Rules(rules, tuple(pairs), gp[0] if gp else None)


def parse_pairs(args: list[str]) -> list[tuple[str, int]]:
    """'97110=33' -> ('97110', 33); one-line UnitsError on anything else."""
    parsed = []
    for arg in args:
        code, sep, minutes = arg.partition("=")
        code = code.strip().upper()
        if not sep or not code:
            raise UnitsError(f"expected CODE=MINUTES, got {arg!r}")
        try:
            value = int(minutes.strip())
        except ValueError:
            raise UnitsError(f"minutes for {code} must be a whole number, got {minutes.strip()!r}") from None
        parsed.append((code, value))
    return parsed


def calculate(rules: Rules, entries: list[tuple[str, int]], method: str = "medicare") -> dict:
    """Units per code for one session, with the reasoning and the warnings."""
    _check(rules, entries, method)
    timed = [(c, m) for c, m in entries if rules.codes[c].timed]
    untimed = [(c, m) for c, m in entries if not rules.codes[c].timed]
    total = sum(m for _, m in timed)
    units: dict[str, int] = {c: 0 for c, _ in entries}
    explanation: list[str] = []
    if method == "medicare":
        _medicare(timed, total, units, explanation)
    else:
        _per_code(timed, units, explanation)
    for code, _ in untimed:
        units[code] = 1
        explanation.append(f"{code} is untimed: 1 unit, and its minutes do not count towards timed minutes.")
    return {"method": method, "total_timed_minutes": total, "total_units": sum(units.values()),
            "units": units, "explanation": explanation, "warnings": _warnings(rules, entries, method)}


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
            raise UnitsError(f"{code} is given twice; add its minutes together")
        if minutes < 0:
            raise UnitsError(f"minutes for {code} cannot be negative")
        seen.add(code)
    if sum(m for _, m in entries) > MINUTES_IN_A_DAY:
        raise UnitsError(f"more than {MINUTES_IN_A_DAY} minutes in one day")


def _medicare(timed, total, units, explanation):
    total_units = medicare_units(total)
    explanation.append(f"Total timed minutes: {total}, which gives {total_units} unit(s) under the 8-minute rule.")
    remaining = {}
    for code, minutes in timed:
        units[code] = minutes // 15
        remaining[code] = minutes % 15
        if units[code]:
            explanation.append(f"{code}: {minutes} min contains {units[code]} whole 15-minute unit(s), "
                               f"{remaining[code]} min left over.")
    left = total_units - sum(units[c] for c, _ in timed)
    # Python's sort is stable: on equal remaining minutes the code listed first wins.
    for code, _ in sorted(timed, key=lambda cm: -remaining[cm[0]])[:left]:
        units[code] += 1
        explanation.append(f"{code}: 1 more unit for its {remaining[code]} remaining min "
                           "(the most remaining minutes still unassigned).")


def _per_code(timed, units, explanation):
    for code, minutes in timed:
        units[code] = medicare_units(minutes)
        explanation.append(f"{code}: {minutes} min on its own gives {units[code]} unit(s) "
                           "(a unit needs at least 8 minutes: the midpoint of 15).")


def _warnings(rules: Rules, entries, method) -> list[str]:
    given = [c for c, _ in entries]
    warnings = [f"NCCI edit: {p.first} with {p.second}. {p.when}" for p in rules.pairs
                if p.first in given and p.second in given]
    if method == "medicare":
        for code in given:
            rule = rules.codes[code]
            if rule.medicare_status == "bundled":
                warnings.append(f"Medicare: {code} is bundled (status B) and never paid separately.")
            elif rule.medicare_status == "not-recognised":
                instead = f"; report {rule.medicare_use_instead} instead" if rule.medicare_use_instead else ""
                warnings.append(f"Medicare: {code} is not recognised{instead}.")
        if rules.line_modifier:
            warnings.append(f"Medicare: add modifier {rules.line_modifier} to every line of physical therapy.")
    return warnings


def rules_json(rules: Rules) -> dict:
    """The rules as plain JSON, for the calculator page's JavaScript."""
    return {"codes": {c: {"timed": r.timed, "medicare_status": r.medicare_status,
                          "medicare_use_instead": r.medicare_use_instead} for c, r in sorted(rules.codes.items())},
            "pairs": [{"first": p.first, "second": p.second, "when": p.when} for p in rules.pairs],
            "line_modifier": rules.line_modifier}
