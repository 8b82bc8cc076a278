"""Editions: dated code sets and yearly payment rules, with the window in which each applies.

Pages and cards that show codes name the edition in force and its window; `ptref check
--as-of DATE` fails when no edition of a system is in force on that date (ptref/model/dates.py).
An ICD-10-CM edition may list its changes from the data package's edition: the code check
applies them on top of the package (ptref/model/icd.py).
"""

from ...model import dates
from ...render.text import bullets, esc
from .. import Kind, Section

SYSTEM = {
    "icd10cm": "ICD-10-CM code set",
    "cpt": "CPT code set",
    "ncci": "NCCI edit tables",
    "fee-schedule": "Medicare physician fee schedule",
    "kx-threshold": "Medicare KX threshold",
    "review-threshold": "Medicare targeted medical review threshold",
}
CHANGE = {"added": "Added", "deleted": "No longer reportable", "revised": "Title revised"}


def in_force_words(kb, system: str, short: bool = False) -> tuple[str, str]:
    """(the edition of `system` in force today in words, a warning once none is) from the data;
    ('', '') when the data holds no edition of that system."""
    editions = kb.entries.get("editions", {}).values()
    today = dates.today()
    current = dates.in_force(editions, system, today)
    if current is not None:
        return (dates.short_words if short else dates.in_words)(current.data), ""
    last = dates.newest(editions, system)
    if last is None:
        return "", ""
    return last.data["name"], dates.out_of_date(last.data, today, SYSTEM[system])


def _dates(page, entry) -> str:
    data = entry.data
    checked = f"content checked {data['checked']}" if "checked" in data else "content not yet checked against it"
    return f"{esc(dates.window(data).capitalize())} · {esc(checked)}\n{{: .ptref-badges }}"


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
    sections=(
        Section("What it holds", "summary", "para"),
        Section("Changes applied to the code check", "changes", _changes),
    ),
    labels={"system": SYSTEM},
    group_by="system",
    badges=_dates,
)
