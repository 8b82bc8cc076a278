"""The official ICD-10-CM code set, through simple-icd-10-cm (CDC tabular data).

simple-icd-10-cm parses the whole tabular list when imported (about 1.5 s), while the site
asks about some 230 codes (its own, their ancestors, and codes their notes name). The facts
it needs per code are kept in a small cache file, one per package version (see
icd_cache.py): a run whose codes are all cached never imports the package. The cache holds
nothing but answers the package gave, and is rebuilt when the package version changes;
`PTREF_NO_CACHE=1` bypasses it.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from functools import lru_cache

from . import dates, icd_cache

PACKAGE_DATA = "CDC tabular data of the FY2026 April 1 2026 update, via simple-icd-10-cm 1.5.0"
NOTE_KINDS = ("excludes1", "excludes2", "code_first", "code_also", "use_additional")


@lru_cache(maxsize=1)
def _cm():
    with warnings.catch_warnings():  # 1.5.0 loads its data through a deprecated importlib API
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm
    return cm


def facts_from_package(code: str) -> dict:
    """Everything this module answers about one code, read from simple-icd-10-cm."""
    cm = _cm()
    if not cm.is_valid_item(code):
        return {"valid": False}
    getters = {
        "excludes1": cm.get_excludes1,
        "excludes2": cm.get_excludes2,
        "code_first": cm.get_code_first,
        "code_also": cm.get_code_also,
        "use_additional": cm.get_use_additional_code,
    }
    return {
        "valid": True,
        "title": cm.get_description(code),
        "leaf": cm.is_leaf(code),
        "chapter": cm.is_chapter(code),
        "ancestors": list(cm.get_ancestors(code)),
        "seventh": dict(cm.get_seven_chr_def(code) or {}),
        **{name: _note_list(get(code)) for name, get in getters.items()},
    }


def _note_list(value) -> list[str]:
    """simple-icd-10-cm gives exclusion notes as lists but code-first, code-also and
    use-additional notes as one string ('' when there is none); both become a list of notes."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    return [note.strip() for note in value if note.strip()]


def leaves_from_package(code: str) -> list[str]:
    cm = _cm()
    return [c for c in cm.get_descendants(code) if cm.is_leaf(c)]


_CACHE = icd_cache.FactCache(facts_from_package, leaves_from_package)
flush_cache = _CACHE.flush


# The edition in force (data/editions.yml) and its reviewed changes from the package's edition,
# set by validate() before any code is checked: code -> {"change": ..., "title": ...}.
_edition: dict = {}
_changes: dict[str, dict] = {}
_on = date.min
_editions: list = []  # every ICD-10-CM edition of the data (Entries), for reportable(code, on)


def use_edition(entry, on, editions=None) -> None:
    """Check codes against this edition (an Entry of data/editions.yml, or None: the package alone).
    `editions`, when given, are all the data's editions: reportable(code, on) picks among them."""
    global _edition, _changes, _on, _editions
    _edition = dict(entry.data) if entry is not None else {}
    _changes = _changes_of(_edition)
    _on = on
    if editions is not None:
        _editions = [e for e in editions if e.data["system"] == "icd10cm"]


def setting() -> list:
    """What every cached answer about codes depends on besides the data: the day the check is
    for and the ICD-10-CM edition in use (ptref/rules/findings_cache.py, the bank store in
    ptref/site.py)."""
    return [str(dates.today()), str(_on), _edition, sorted(e.id for e in _editions)]


def _changes_of(edition: dict) -> dict[str, dict]:
    return {c["code"]: c for c in edition.get("changes", [])}


def edition_line() -> str:
    """The edition codes are checked against, in words, with the data used (dates.in_words)."""
    if not _edition:
        return f"ICD-10-CM: {PACKAGE_DATA}"
    changes = f", plus the {len(_changes)} changes to it reviewed here" if _changes else ""
    return f"{dates.in_words(_edition)} (data: {PACKAGE_DATA}{changes})"


def edition_name() -> str:
    """The edition codes are checked against, by name ('ICD-10-CM FY2027')."""
    return _edition.get("name", f"ICD-10-CM ({PACKAGE_DATA})")


def edition_short() -> str:
    """The same for a card's footer (dates.short_words)."""
    return dates.short_words(_edition) if _edition else f"ICD-10-CM: {PACKAGE_DATA}"


def expired() -> str:
    """Empty while the edition applies; otherwise the banner's sentence (dates.out_of_date)."""
    if not _edition or dates.applies(_edition, _on):
        return ""
    return dates.out_of_date(_edition, _on, "ICD-10-CM code set")


def _facts(code: str) -> dict:
    return _facts_with(code, _changes)


def _facts_with(code: str, changes: dict[str, dict]) -> dict:
    """The package's facts about a code with an edition's reviewed changes applied."""
    change = changes.get(code)
    if change is None:
        return _CACHE.facts(code)
    if change["change"] == "added":
        parent = _CACHE.facts(code[:-1].rstrip("."))
        ancestors = [code[:-1].rstrip(".")] + parent.get("ancestors", []) if parent["valid"] else []
        empty: dict = {name: [] for name in NOTE_KINDS}
        return {
            "valid": True,
            "title": change["title"],
            "leaf": True,
            "chapter": False,
            "ancestors": ancestors,
            "seventh": {},
            **empty,
        }
    facts = dict(_CACHE.facts(code))
    if change["change"] == "revised":
        facts["title"] = change["title"]
    elif facts["valid"]:  # deleted: no longer reportable (some became categories of new codes)
        facts["leaf"] = False
    return facts


def exists(code: str) -> bool:
    return _facts(code)["valid"]


def title(code: str) -> str:
    return _facts(code)["title"]


def is_reportable(code: str) -> bool:
    """A code can be reported when it is a leaf (any required 7th character included), in the
    edition the data is being checked against (use_edition)."""
    facts = _facts(code)
    return facts["valid"] and facts["leaf"]


def reportable(code: str, on: date) -> bool:
    """Whether a code may go on a claim for a date of service `on`: it exists, is a leaf (7th
    character included) and was not deleted, in the ICD-10-CM edition in force that day (or, when
    the data holds none for that day, its newest edition; with no editions known, the package's
    own edition). For the question generator and the `offered-code-reportable` rule: S23.420A
    is reportable on 2026-09-30 (FY2026) and not on 2026-12-04 (deleted in FY2027)."""
    edition = dates.in_force(_editions, "icd10cm", on) or dates.newest(_editions, "icd10cm")
    facts = _facts_with(code, _changes_of(edition.data) if edition is not None else {})
    return facts["valid"] and facts["leaf"]


def is_descendant(code: str, ancestor: str) -> bool:
    return ancestor in _facts(code)["ancestors"]


def reportable_descendants(code: str) -> list[str]:
    """Leaf codes under a category, 7th characters included, in tabular order (with the edition's changes)."""
    added = [c for c, change in _changes.items() if change["change"] == "added" and c.startswith(code)]
    return [c for c in _CACHE.leaves(code) if _changes.get(c, {}).get("change") != "deleted"] + added


def notes(code: str) -> dict[str, list[tuple[str, str]]]:
    """Instructional notes that apply to the code, its own and those inherited from ancestors."""
    chain = [code] + [a for a in _facts(code)["ancestors"] if not _facts(a)["chapter"]]
    return {name: [(owner, note) for owner in chain for note in _facts(owner)[name]] for name in NOTE_KINDS}


def seventh_characters(code: str) -> dict[str, str]:
    """The 7th-character values that apply to a code's category, or {} when none do."""
    for owner in [code] + _facts(code)["ancestors"]:
        values = _facts(owner)["seventh"]
        if values:
            return dict(values)
    return {}


_NOTE_CODE = re.compile(r"\b([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)")


def codes_in_note(note: str) -> list[str]:
    """Codes a note names in parentheses: '... (M51.1-)' -> ['M51.1'], '(S12.-, S22.-)' -> ['S12', 'S22']."""
    found = []
    for group in re.findall(r"\(([^)]*)\)", note):
        found += [code.rstrip(".") for code in _NOTE_CODE.findall(group)]
    return found


def covers(named: str, code: str) -> bool:
    """True when a note naming `named` applies to `code` (the same code or one of its ancestors)."""
    return named == code or (exists(named) and is_descendant(code, named))


def _names_current_injury(note: str, code: str) -> bool:
    # Notes such as "current injury - see injury of spine by body region" name no code; they
    # point at the injury chapter (S00-T88), which starts with S or T.
    return "current injury" in note.lower() and code[0] in "ST"


def excludes1_conflict(first: str, second: str) -> tuple[str, str] | None:
    """The Excludes1 note (owner, text) that forbids reporting the two codes together, if any."""
    for a, b in ((first, second), (second, first)):
        for owner, note in notes(a)["excludes1"]:
            if _names_current_injury(note, b) or any(covers(named, b) for named in codes_in_note(note)):
                return owner, note
    return None
