"""Time in the data: which edition is in force on a date, and what has expired.

An edition (data/editions.yml) applies from `effective` to `valid_until` (when known). The
newest edition of a system whose window holds a date is the one in force on it. The date used
is today, or the day SOURCE_DATE_EPOCH names (reproducible builds), or the one given to
`ptref check --as-of`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entry import Entry

SOON = timedelta(days=60)  # an edition ending within this is announced
STALE = timedelta(days=2 * 365)  # an entry not reviewed for this long is announced


def today() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch else date.today()


def day(text: object) -> date | None:
    """The date a YYYY-MM-DD text names, or None (2026-02-30: the rule real-dates reports it)."""
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def _holds(data: dict, on: date) -> bool:
    start, end = day(data["effective"]), day(data.get("valid_until", "9999-12-31"))
    return start is not None and end is not None and start <= on <= end


def in_force(editions, system: str, on: date):
    """The newest edition (an Entry) of `system` whose window holds `on`, or None."""
    current = [e for e in editions if e.data["system"] == system and _holds(e.data, on)]
    return max(current, key=lambda e: e.data["effective"], default=None)


def window(data: dict) -> str:
    """'valid 2026-10-01 to 2027-09-30' (or 'valid from 2026-10-01' when the end is not known)."""
    if "valid_until" in data:
        return f"valid {data['effective']} to {data['valid_until']}"
    return f"valid from {data['effective']}"


def in_words(data: dict) -> str:
    """'CPT 2026, valid 2026-01-01 to 2026-12-31; content checked 2026-12-02' (or 'not yet checked')."""
    checked = (
        f"content checked {data['checked']}" if "checked" in data else "this site's content not yet checked against it"
    )
    return f"{data['name']}, {window(data)}; {checked}"


def short_words(data: dict) -> str:
    """'CPT 2026 (to 2026-12-31), not checked', for a card's footer."""
    end = f" (to {data['valid_until']})" if "valid_until" in data else ""
    return f"{data['name']}{end}" + (f", checked {data['checked']}" if "checked" in data else ", not checked")


def out_of_date(data: dict, on: date, what: str) -> str:
    """The banner's sentence for an edition that does not apply on `on` (what: 'CPT code set')."""
    return (
        f"{not_in_force(data, on)}, and this site has no edition for {on}: "
        f"check the current {what} before relying on what this page says."
    )


def applies(data: dict, on: date) -> bool:
    return _holds(data, on)


def not_in_force(data: dict, on: date) -> str:
    """Why an edition (its data) does not apply on a day: it has not started, or it has ended."""
    start = day(data["effective"])
    if start is not None and on < start:
        return f"{data['name']} applies only from {data['effective']}"
    return f"{data['name']} stopped applying on {data.get('valid_until', '?')}"


def newest(editions, system: str):
    return max((e for e in editions if e.data["system"] == system), key=lambda e: e.data["effective"], default=None)


def _dated_items(data: dict):
    """(path, item) of every dated statement: a list item with a `checked` date (payer notes)."""
    for field, value in data.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict) and "checked" in item:
                    yield f"{field}[{i}].valid_until" if "valid_until" in item else f"{field}[{i}]", item


@dataclass(frozen=True)
class Finding:
    entry: Entry
    field: str
    message: str


def check(entries: dict, on: date) -> tuple[list[Finding], list[Finding]]:
    """(errors, warnings) on a date: no edition of a system in force is an error; an edition
    ending within SOON, and an entry whose last review is older than STALE, are warnings."""
    editions = list(entries.get("editions", {}).values())
    errors, warnings = [], []
    for system in sorted({e.data["system"] for e in editions}):
        current = in_force(editions, system, on)
        if current is None:
            last = newest(editions, system)
            errors.append(Finding(last, "valid_until", f"no edition in force on {on}: {not_in_force(last.data, on)}"))
        elif day(current.data.get("valid_until")) is not None:
            end = day(current.data["valid_until"])
            assert end is not None
            if end - on <= SOON:
                warnings.append(
                    Finding(
                        current, "valid_until", f"ends {end} ({(end - on).days} days after {on}): add the next edition"
                    )
                )
    for bucket in entries.values():
        for entry in bucket.values():
            for path, item in _dated_items(entry.data):
                end = day(item.get("valid_until"))
                if end is not None:
                    if end < on:
                        errors.append(Finding(entry, path, f"ended {end}: update or remove this statement"))
                    elif end - on <= SOON:
                        warnings.append(Finding(entry, path, f"ends {end} ({(end - on).days} days after {on})"))
                checked = day(item["checked"])
                if checked is not None and on - checked > STALE:
                    warnings.append(Finding(entry, path, f"last checked {checked}, more than 24 months before {on}"))
            reviewed = day(entry.data["last_reviewed"])
            if reviewed is not None and on - reviewed > STALE:
                warnings.append(
                    Finding(entry, "last_reviewed", f"last reviewed {reviewed}, more than 24 months before {on}")
                )
    return errors, warnings
