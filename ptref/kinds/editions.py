"""Editions: dated code sets and yearly payment rules, with the window in which each applies.

Pages and cards that show codes name the edition in force and its window; `ptref check
--as-of DATE` fails when no edition of a system is in force on that date (ptref/model/dates.py).
An ICD-10-CM edition may list its changes from the data package's edition: the code check
applies them on top of the package (ptref/model/icd.py).
"""

from ..render.text import bullets, esc
from . import Kind, Section

SYSTEM = {
    "icd10cm": "ICD-10-CM code set",
    "kx-threshold": "Medicare KX threshold",
    "review-threshold": "Medicare targeted medical review threshold",
}
CHANGE = {"added": "Added", "deleted": "No longer reportable", "revised": "Title revised"}


def window(data: dict) -> str:
    """'valid 2026-10-01 to 2027-09-30' (or 'from 2026-10-01' when the end is not known)."""
    if "valid_until" in data:
        return f"valid {data['effective']} to {data['valid_until']}"
    return f"from {data['effective']}"


def _dates(page, entry) -> str:
    data = entry.data
    return f"{esc(window(data).capitalize())} · content checked {esc(data['checked'])}\n{{: .ptref-badges }}"


def _changes(page, entry) -> str:
    return bullets(
        [
            f"**{esc(c['code'])}**: {esc(CHANGE[c['change']])}" + (f": {esc(c['title'])}" if "title" in c else "")
            for c in entry.data["changes"]
        ],
        str,
    )


KIND = Kind(
    key="editions",
    singular="edition",
    plural="Editions and dates",
    url_dir="editions",
    intro="Which edition of each code set and yearly rule this site follows, when each applies, and when the site was last checked against it.",
    order=75,
    name_of=lambda data: data["name"],
    sections=(
        Section("What it holds", "summary", "para"),
        Section("Changes applied to the code check", "changes", _changes),
    ),
    labels={"system": SYSTEM},
    group_by="system",
    badges=_dates,
)
