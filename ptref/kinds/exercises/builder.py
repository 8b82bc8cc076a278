"""The home-programme builder (docs/tools/home-programme.md): every exercise, its drawing and the
starter programmes travel inside the page as JSON; home-programme.js builds and prints the sheet.
Nothing is fetched: the page works from file:// and sends nothing anywhere."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from ...model.clinic import contact_line
from ...model.kb import KnowledgeBase
from ...model.kinds import label_table
from ...model.translations import HANDOUT_WORDS, Translation
from ...render.text import json_for_script
from .figure import BASE_WORDS, PROP_WORDS, drawing


def _exercise(kb: KnowledgeBase, data: dict, sets: Mapping[str, str]) -> dict:
    spec = data["figure"]
    equipment = sorted({p["prop"] for p in spec.get("props", []) if p["prop"] != "floor"})
    return {
        "id": data["id"],
        "name": data["name"],
        "set": data["set"],
        "set_label": sets.get(data["set"], data["set"]),
        "position": spec["base"],
        "equipment": equipment,
        "conditions": list(data["conditions"]),
        "purpose": data["purpose"],
        "start": data["start_position"],
        "steps": list(data["steps"]),
        "stop_if": data.get("stop_if", ""),
        "dosage": data["dosage"],
        "svg": drawing(kb, data),
    }


# The exercise fields the sheet prints, by the name the script reads.
SHEET_FIELDS = {
    "name": "name",
    "purpose": "purpose",
    "start": "start_position",
    "steps": "steps",
    "stop_if": "stop_if",
    "dosage": "dosage",
}
NOTICE_FIELDS = ("title", "text", "points")


def _language(t: Translation, kb: KnowledgeBase) -> dict:
    """One language's text for the sheet. Each exercise (and the handout's words, and each
    notice) has `review: true` while any of its fields is unreviewed or missing (the sheet then
    falls back to English for that field and prints the review line)."""

    def part(kind: str, entry_id: str, fields) -> dict:
        have = t.entries.get((kind, entry_id), {})
        data = kb.get(kind, entry_id).data
        out: dict = {"review": False}
        for key, name in fields:
            if name not in data:
                continue
            f = have.get(name)
            if f is None or not f.reviewed:
                out["review"] = True
            if f is not None:
                out[key] = list(f.text) if isinstance(f.text, tuple) else f.text
        return out

    words = {k: t.handout[k].text for k in HANDOUT_WORDS if k in t.handout}
    return {
        "name": t.name,
        "words": words,
        "words_review": any(k not in t.handout or not t.handout[k].reviewed for k in HANDOUT_WORDS),
        "safety": part("notices", "home-exercise-safety", [(k, k) for k in NOTICE_FIELDS]),
        "net": part("notices", "patient-safety-net", [(k, k) for k in NOTICE_FIELDS]),
        "exercises": {e.id: part("exercises", e.id, SHEET_FIELDS.items()) for e in kb.all("exercises")},
    }


def programme_data(kb: KnowledgeBase) -> dict:
    """What the builder needs, as plain JSON: exercises, filters, starters, the safety net."""
    sets = label_table("exercises", "set")
    exercises = list(kb.all("exercises"))
    conditions = kb.entries["conditions"]
    used = sorted({c for e in exercises for c in e.data["conditions"] if c in conditions})
    starters: dict[str, list[str]] = {}
    for e in exercises:
        for c in e.data.get("starter_for", []):
            starters.setdefault(c, []).append(e.data["id"])
    net = kb.get("notices", "patient-safety-net").data
    safety = kb.get("notices", "home-exercise-safety").data
    clinic = None
    if kb.clinic is not None:
        clinic = {
            "name": kb.clinic.name,
            "contacts": [contact_line(c) for cs in kb.clinic.contacts.values() for c in cs],
        }
    return {
        "exercises": [_exercise(kb, e.data, sets) for e in exercises],
        "conditions": {c: conditions[c].data["name"] for c in used},
        "starters": {c: starters[c] for c in sorted(starters, key=lambda c: conditions[c].data["name"])},
        "sets": sets,
        "positions": {b: BASE_WORDS[b] for b in sorted({e.data["figure"]["base"] for e in exercises})},
        "equipment": {
            p: PROP_WORDS[p]
            for p in sorted({p["prop"] for e in exercises for p in e.data["figure"].get("props", [])} - {"floor"})
        },
        "safety": {"title": safety["title"], "text": safety["text"]},
        "net": {"title": net["title"], "text": net["text"], "points": list(net.get("points", []))},
        "clinic": clinic,
        "words": dict(HANDOUT_WORDS),
        "languages": {"en": "English", **{code: t.name for code, t in sorted(kb.translations.items())}},
        "lang": {code: _language(t, kb) for code, t in sorted(kb.translations.items())},
    }


def _select(name: str, label: str, first: str, options: dict) -> str:
    opts = "".join(f'<option value="{escape(k)}">{escape(v)}</option>' for k, v in options.items())
    return (
        f'<label for="ptref-hp-{name}">{escape(label)}</label>'
        f'<select id="ptref-hp-{name}" data-hp-filter="{name}"><option value="">{escape(first)}</option>{opts}</select>'
    )


def home_programme(kb: KnowledgeBase, base: str) -> str:
    """The builder's form and the sheet it prints (filled in by home-programme.js)."""
    d = programme_data(kb)
    logo = ""
    if kb.clinic is not None:
        logo = f'<img src="{base}{kb.clinic.logo_path}" alt="" class="ptref-hp-logo">'
    starter_options = {c: d["conditions"][c] for c in d["starters"]}
    return (
        '<div class="ptref-hp" id="ptref-hp">'
        f'<script type="application/json" id="ptref-hp-data">{json_for_script(d)}</script>'
        '<div class="ptref-hp-screen">'
        '<fieldset class="ptref-hp-names"><legend>Names (printed only, never saved)</legend>'
        + '<label for="ptref-hp-patient">Patient</label>'
        '<input id="ptref-hp-patient" type="text" autocomplete="off">'
        '<label for="ptref-hp-therapist">Therapist</label>'
        '<input id="ptref-hp-therapist" type="text" autocomplete="off"></fieldset>'
        "<fieldset><legend>Language</legend>"
        + _select(
            "lang", "Language of the printed sheet", "English", {k: v for k, v in d["languages"].items() if k != "en"}
        )
        + _translation_status(kb)
        + "</fieldset>"
        "<fieldset><legend>Start from a starter programme</legend>"
        + _select("starter", "Condition", "Choose a condition", starter_options)
        + '<button type="button" class="md-button" data-hp-starter>Use this starter</button>'
        + _starter_links(d)
        + "</fieldset>"
        '<fieldset><legend>Find exercises</legend><div class="ptref-hp-filters">'
        + _select("condition", "Condition", "Any condition", d["conditions"])
        + _select("set", "Goal", "Any goal", d["sets"])
        + _select("position", "Position", "Any position", d["positions"])
        + _select("equipment", "Equipment", "Any equipment", d["equipment"])
        + '</div><p role="status" aria-live="polite" id="ptref-hp-count"></p>'
        '<ul class="ptref-hp-choices" id="ptref-hp-choices"></ul></fieldset>'
        '<h2 id="ptref-hp-chosen-title">The programme</h2>' + '<p id="ptref-hp-empty">No exercises chosen yet.</p>'
        '<ol class="ptref-hp-chosen" id="ptref-hp-chosen" aria-labelledby="ptref-hp-chosen-title"></ol>'
        '<div class="ptref-hp-actions">'
        + '<button type="button" class="md-button md-button--primary" data-hp-print>Print</button>'
        + '<button type="button" class="md-button" data-hp-save>Keep in this browser</button>'
        + '<button type="button" class="md-button" data-hp-open>Open the kept programme</button>'
        '<button type="button" class="md-button" data-hp-clear>Clear</button>'
        '<label for="ptref-hp-link">Link to this programme (no names in it)</label>'
        '<input id="ptref-hp-link" type="text" readonly></div>'
        '<p role="status" aria-live="polite" id="ptref-hp-said"></p>'
        "<h2>Preview of the printed sheet</h2></div>"
        '<article class="ptref-hp-sheet" id="ptref-hp-sheet" aria-label="Printed sheet">'
        f'<header class="ptref-hp-head">{logo}<p class="ptref-hp-clinic" id="ptref-hp-clinic"></p>'
        '<h1 class="ptref-hp-title">Your home exercises</h1>'
        '<p class="ptref-hp-who" id="ptref-hp-who"></p>'
        '<p class="ptref-hp-review" id="ptref-hp-review" hidden></p></header>'
        '<section class="ptref-hp-net" id="ptref-hp-net"></section>'
        '<div id="ptref-hp-items"></div></article>'
        "</div>"
    )


def _translation_status(kb: KnowledgeBase) -> str:
    """How much of each translation there is, and that it is not yet reviewed (issue 27)."""
    lines = []
    for t in kb.translations.values():
        fields = t.fields()
        lines.append(
            f"<li>{escape(t.name)}: {len(fields)} of {len(fields) + len(t.missing)} texts translated; "
            f"{t.unreviewed()} not yet reviewed. {escape(HANDOUT_WORDS['unreviewed'])}</li>"
        )
    return f'<ul class="ptref-hp-status">{"".join(lines)}</ul>' if lines else ""


def _starter_links(d: dict) -> str:
    """Each starter programme as a link that opens this page with it loaded (the card index and
    other pages can link to the same addresses)."""
    links = " · ".join(f'<a href="#starter={escape(c)}">{escape(d["conditions"][c])}</a>' for c in d["starters"])
    return f'<p class="ptref-hp-starters">Or open one: {links}</p>'
