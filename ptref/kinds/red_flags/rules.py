"""Content rules about red flags: urgency, action and quick action agree, and the flags that need
vital signs screen with them (registered with ptref.rules when ptref/site.py imports this file)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...rules.registry import Entries, Finding, rule

_TIME_CRITICAL = re.compile(
    r"\btime[- ](sensitive|critical)|\bwithin (a few |\d+ ?)(hours?|h)\b|"
    r"\bas soon as possible\b|\bimmediately\b",
    re.IGNORECASE,
)
_EMERGENCY_STEP = re.compile(r"emergency|ambulance|\b911\b|\b999\b|\b112\b", re.IGNORECASE)


# The urgency windows a red-flag text can name (clinical review 4 Dec 2026, C-1).
_TIERS = {
    "emergency": re.compile(
        r"emergency services|call emergency|emergency (department|referral|care)|\bambulance\b|"
        r"\b911\b|\b999\b|\b112\b",
        re.IGNORECASE,
    ),
    "same-day": re.compile(r"\bsame[- ]day\b|\bthe same day\b|\bsame or (the )?next\b|\bthe same or\b", re.IGNORECASE),
    "next-day": re.compile(r"\bnext[- ]day\b|\b(or|the) next\b|\btomorrow\b|\bwithin 24 ?h", re.IGNORECASE),
}


def _tiers(text: str) -> set[str]:
    return {tier for tier, pattern in _TIERS.items() if pattern.search(text)}


@rule(
    "urgency-matches-action",
    "a red flag's urgency, action and quick action disagree",
    "The printed card shows the urgency grade and the quick action; the page shows the action. "
    "A 'routine' flag whose action is time-critical invites delay; an emergency flag must send "
    "the patient to emergency services in both fields and never offer next-day care; an urgent "
    "flag names its same-day or next-day window; and the quick action and the action name the "
    "same windows (the review found an emergency cardiac flag whose action allowed 'same-day or "
    "next-day' review while its quick action said 'same-day').",
)
def _urgency(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        data = entry.data
        if data["urgency"] == "routine":
            for field in ("action", "quick_action"):
                match = _TIME_CRITICAL.search(data[field])
                if match:
                    yield entry, "urgency", f"routine, yet {field} says {match.group(0)!r}"
        if data["urgency"] == "emergency" and not _EMERGENCY_STEP.search(data["quick_action"]):
            yield entry, "quick_action", "emergency, yet the quick action does not send the patient to emergency care"
        named = {field: _tiers(data[field]) for field in ("quick_action", "action")}
        if named["quick_action"] != named["action"]:
            only_short = sorted(named["quick_action"] - named["action"])
            only_long = sorted(named["action"] - named["quick_action"])
            yield (
                entry,
                "quick_action",
                f"quick action names {only_short or 'nothing more'}, action names {only_long or 'nothing more'}",
            )
        for field, tiers in named.items():
            if data["urgency"] == "emergency" and "next-day" in tiers:
                yield entry, field, "emergency, yet it offers next-day care"
            if data["urgency"] == "emergency" and field == "action" and "emergency" not in tiers:
                yield entry, field, "emergency, yet the action does not name emergency services"
            if data["urgency"] == "urgent" and not tiers & {"same-day", "next-day"}:
                yield entry, field, "urgent, yet it names no same-day or next-day window"


_VITAL_CATEGORIES = {"infection", "cardiopulmonary", "vascular", "visceral"}


@rule(
    "vital-signs-screen",
    "an infective, cardiopulmonary, vascular or visceral red flag must screen with vital signs",
    "Fever, heart rate, SpO2, respiratory rate and blood pressure in both arms are how these "
    "flags are found; a screen without them misses what it looks for.",
)
def _vitals(entries: Entries) -> Iterator[Finding]:
    assessments = entries["assessments"]
    for entry in entries["red_flags"].values():
        if entry.data["category"] not in _VITAL_CATEGORIES:
            continue
        kinds = {assessments[a].data["kind"] for a in entry.data.get("screen_with", []) if a in assessments}
        if "vital-signs" not in kinds:
            yield entry, "screen_with", f"category {entry.data['category']!r} lists no vital-signs assessment"
