"""Dates: a date is a real day, and a window does not end before it starts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .registry import Entries, Finding, rule

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _dates(value, path: str = "") -> Iterator[tuple[str, str, dict | None]]:
    """(path, text, the mapping holding it) of every YYYY-MM-DD string in an entry."""
    # Only mappings and lists are stepped into (a date is a mapping's value): the 100x check
    # walks a million values.
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                if _ISO.match(item):
                    yield f"{path}.{key}".lstrip("."), item, value
            elif isinstance(item, dict | list):
                yield from _dates(item, f"{path}.{key}".lstrip("."))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict | list):
                yield from _dates(item, f"{path}[{i}]")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@rule(
    "real-dates",
    "a date is not a day of the calendar, or a window ends before it starts",
    "The schema checks a date's form only (2026-02-30 has it); expiry checks need real days.",
)
def _real_dates(entries: Entries) -> Iterator[Finding]:
    for bucket in entries.values():
        for entry in bucket.values():
            for path, text, holder in _dates(entry.data):
                if _day(text) is None:
                    yield entry, path, f"{text} is not a real date"
                elif path.endswith("valid_until") and holder is not None:
                    start = _day(str(holder.get("effective", "")))
                    if start is not None and _day(text) < start:  # type: ignore[operator]
                        yield entry, path, f"{text} is before effective {holder['effective']}"
