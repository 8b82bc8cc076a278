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
    "cpt": "CPT code set",
    "ncci": "NCCI edit tables",
    "fee-schedule": "Medicare physician fee schedule",
    "kx-threshold": "Medicare KX threshold",
    "review-threshold": "Medicare targeted medical review threshold",
}
CHANGE = {"added": "Added", "deleted": "No longer reportable", "revised": "Title revised"}


def window(data: dict) -> str:
    """'valid 2026-10-01 to 2027-09-30' (or 'from 2026-10-01' when the end is not known)."""
    if "valid_until" in data:
        return f"valid {data['effective']} to {data['valid_until']}"
    return f"from {data['effective']}"


def in_words(data: dict) -> str:
    """'CPT 2026, valid 2026-01-01 to 2026-12-31; content checked 2026-12-02' (or 'not yet checked')."""
    checked = (
        f"content checked {data['checked']}" if "checked" in data else "this site's content not yet checked against it"
    )
    return f"{data['name']}, {window(data)}; {checked}"


def in_force_words(kb, system: str, short: bool = False) -> tuple[str, str]:
    """(the edition of `system` in force today in words, a warning once none is) from the data;
    ('', '') when the data holds no edition of that system."""
    from ..model import dates

    editions = kb.entries.get("editions", {}).values()
    current = dates.in_force(editions, system, dates.today())
    if current is not None:
        data = current.data
        if short:
            end = f" (to {data['valid_until']})" if "valid_until" in data else ""
            return f"{data['name']}{end}" + ("" if "checked" in data else ", not checked"), ""
        return in_words(data), ""
    last = dates.newest(editions, system)
    if last is None:
        return "", ""
    warning = (
        f"{dates.not_in_force(last, dates.today())}, and this site has no edition for today: "
        f"check the current {SYSTEM[system]} before relying on what this page says."
    )
    return last.data["name"], warning


def _dates(page, entry) -> str:
    data = entry.data
    checked = f"content checked {data['checked']}" if "checked" in data else "content not yet checked against it"
    return f"{esc(window(data).capitalize())} · {esc(checked)}\n{{: .ptref-badges }}"


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
