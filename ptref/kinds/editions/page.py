"""Editions: dated code sets and yearly payment rules, with the window in which each applies.

Pages and cards that show codes name the edition in force and its window; `ptref check
--as-of DATE` fails when no edition of a system is in force on that date (ptref/model/dates.py).
An ICD-10-CM edition may list its changes from the data package's edition: the code check
applies them on top of the package (ptref/model/icd.py).
"""

from ...model import dates
from ...model.kinds import label_table
from ...render.pages import KindPage, Section
from ...render.text import admonition, bullets, esc

SYSTEM = label_table("editions", "system")  # words from schema.json
CHANGE = label_table("editions", "changes.change")  # words from schema.json


def _dates(page, entry) -> str:
    data = entry.data
    checked = f"content checked {data['checked']}" if "checked" in data else "content not yet checked against it"
    badges = f"{esc(dates.window(data).capitalize())} · {esc(checked)}\n{{: .ptref-badges }}"
    if "renewal_pending" not in data:
        return badges
    return badges + "\n\n" + admonition("warning", "Renewal pending", esc(dates.pending_words(data)))


def _changes(page, entry) -> str:
    return bullets(
        [
            f"**{esc(c['code'])}**: {esc(CHANGE[c['change']])}" + (f": {esc(c['title'])}" if "title" in c else "")
            for c in entry.data["changes"]
        ],
        str,
    )


PAGE = KindPage(
    sections=(
        Section("What it holds", "summary", "para"),
        Section("Changes applied to the code check", "changes", _changes),
    ),
    badges=_dates,
)
