"""Time in the data: which edition is in force on a date, and what has expired.

An edition (data/editions.yml) applies from `effective` to `valid_until` (when known). The
newest edition of a system whose window holds a date is the one in force on it. The date used
is today, or the day SOURCE_DATE_EPOCH names (reproducible builds), or the one given to
`ptref check --as-of`.

Renewal pending: when a fact (an edition, or a dated statement with `valid_until`) has ended and
its successor cannot be read yet, the data says so in `renewal_pending` (since when, why, the
warning shown meanwhile). The ended fact is then accepted for BOUND (90 days) after its end, with
a warning on `ptref check` and on every page and card that carries it; past the bound, or without
that state, an ended fact is an error.
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
BOUND = timedelta(days=90)  # how long after its end a fact whose renewal is pending is accepted
PENDING = "Renewal pending"  # the first words of every pending-renewal warning


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


def pending_bound(data: dict) -> date | None:
    """The last day an ended fact with a pending renewal is accepted (BOUND after valid_until)."""
    end = day(data.get("valid_until"))
    return end + BOUND if end is not None and "renewal_pending" in data else None


def is_pending(data: dict, on: date) -> bool:
    """True when the fact has ended by `on`, its renewal was declared pending on or before `on`,
    and `on` is no more than BOUND after its end: it is still shown, with the warning."""
    bound, end = pending_bound(data), day(data.get("valid_until"))
    if bound is None or end is None:
        return False
    since = day(data["renewal_pending"]["since"])
    return since is not None and since <= on and end < on <= bound


def pending_words(data: dict) -> str:
    """'Renewal pending since 2026-12-04: 2027 figure not yet confirmed; the 2026 figure is shown
    (the CY2027 final rule could not be read here).'"""
    pending = data["renewal_pending"]
    return f"{PENDING} since {pending['since']}: {pending['shown']} ({pending['why']})."


def last_ended(editions, system: str, on: date):
    """The newest edition of `system` that ended before `on`, or None."""
    ended = [
        e
        for e in editions
        if e.data["system"] == system and (end := day(e.data.get("valid_until"))) is not None and end < on
    ]
    return max(ended, key=lambda e: e.data["effective"], default=None)


def pending_edition(editions, system: str, on: date):
    """The ended edition still shown on `on` because its renewal is pending, or None (an edition
    in force on `on` always wins)."""
    if in_force(editions, system, on) is not None:
        return None
    last = last_ended(editions, system, on)
    return last if last is not None and is_pending(last.data, on) else None


def _ended_past_bound(data: dict, on: date) -> str:
    """Why an ended fact fails on `on`: no pending renewal, or one pending for longer than BOUND."""
    end = data.get("valid_until", "?")
    bound = pending_bound(data)
    if bound is not None and on > bound:
        return (
            f"ended {end}; its renewal has been pending since {data['renewal_pending']['since']}, "
            f"longer than the {BOUND.days} days allowed after the end (to {bound}): add the next edition or remove the fact"
        )
    if "renewal_pending" in data:
        return f"ended {end}; its renewal_pending starts {data['renewal_pending']['since']}, after {on}"
    return f"ended {end} and no renewal is pending: add its successor, or renewal_pending while that cannot be read"


def not_in_force(data: dict, on: date) -> str:
    """Why an edition (its data) does not apply on a day: it has not started, or it has ended."""
    start = day(data["effective"])
    if start is not None and on < start:
        return f"{data['name']} applies only from {data['effective']}"
    return f"{data['name']} stopped applying on {data.get('valid_until', '?')}"


def _no_edition(editions, system: str, on: date) -> tuple[Entry, str, str]:
    """(the entry to blame, its field, the message) when no edition of `system` is in force on `on`."""
    ended = last_ended(editions, system, on)
    if ended is None:  # every edition starts after `on`: earlier ones are not kept in the data
        first = min((e for e in editions if e.data["system"] == system), key=lambda e: e.data["effective"])
        return (
            first,
            "effective",
            f"no edition recorded for {on}: {not_in_force(first.data, on)} (this site keeps no earlier edition)",
        )
    field = "renewal_pending" if "renewal_pending" in ended.data else "valid_until"
    return ended, field, f"no edition in force on {on}: {ended.data['name']} {_ended_past_bound(ended.data, on)}"


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
            pending = pending_edition(editions, system, on)
            if pending is not None:
                warnings.append(
                    Finding(
                        pending,
                        "renewal_pending",
                        f"ended {pending.data['valid_until']}, accepted until {pending_bound(pending.data)}: "
                        + pending_words(pending.data),
                    )
                )
            else:
                blamed, field, message = _no_edition(editions, system, on)
                errors.append(Finding(blamed, field, message))
        elif day(current.data.get("valid_until")) is not None:
            end = day(current.data["valid_until"])
            assert end is not None
            if end - on <= SOON:
                declared = f"; {pending_words(current.data)}" if "renewal_pending" in current.data else ""
                warnings.append(
                    Finding(
                        current,
                        "valid_until",
                        f"ends {end} ({(end - on).days} days after {on}): add the next edition{declared}",
                    )
                )
    for bucket in entries.values():
        for entry in bucket.values():
            for path, item in _dated_items(entry.data):
                end = day(item.get("valid_until"))
                if end is not None:
                    if end < on and is_pending(item, on):
                        warnings.append(
                            Finding(
                                entry,
                                path,
                                f"ended {end}, accepted until {pending_bound(item)}: {pending_words(item)}",
                            )
                        )
                    elif end < on:
                        errors.append(Finding(entry, path, _ended_past_bound(item, on)))
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
