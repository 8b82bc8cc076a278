"""Billing units for timed codes (15-minute units)."""
from __future__ import annotations


def medicare_units(total_minutes: int) -> int:
    """Units for a total of timed minutes under CMS Pub 100-04 ch. 5 §20.2: 8-22 = 1, 23-37 = 2, ..."""
    return 0 if total_minutes < 8 else (total_minutes + 7) // 15


def unit_ranges(max_units: int = 8) -> list[tuple[int, int, int]]:
    """(units, first minute, last minute) rows of the units-for-minutes table."""
    return [(u, 15 * u - 7, 15 * u + 7) for u in range(1, max_units + 1)]
