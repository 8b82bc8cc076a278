"""The official ICD-10-CM code set, through simple-icd-10-cm (CDC tabular data).

Imported lazily: the package parses the whole tabular list (about 1.5 s), which a run that
has no ICD-10-CM code to check should not pay for.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache

RELEASE = "ICD-10-CM FY2026, April 1 2026 update (CDC tabular data via simple-icd-10-cm 1.5.0)"


@lru_cache(maxsize=1)
def _cm():
    with warnings.catch_warnings():  # 1.5.0 loads its data through a deprecated importlib API
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm
    return cm


def exists(code: str) -> bool:
    return _cm().is_valid_item(code)


def title(code: str) -> str:
    return _cm().get_description(code)


def is_reportable(code: str) -> bool:
    """A code can be reported when it is a leaf (any required 7th character included)."""
    return _cm().is_leaf(code)


def is_descendant(code: str, ancestor: str) -> bool:
    return _cm().is_descendant(code, ancestor)


def reportable_descendants(code: str) -> list[str]:
    """Leaf codes under a category, 7th characters included, in tabular order."""
    cm = _cm()
    return [c for c in cm.get_descendants(code) if cm.is_leaf(c)]


def notes(code: str) -> dict[str, list[str]]:
    """Instructional notes that apply to the code, its own and those inherited from ancestors."""
    cm = _cm()
    getters = {"excludes1": cm.get_excludes1, "excludes2": cm.get_excludes2,
               "code_first": cm.get_code_first, "use_additional": cm.get_use_additional_code}
    result = {}
    for name, get in getters.items():
        chain = [code] + [a for a in cm.get_ancestors(code) if not cm.is_chapter(a)]
        result[name] = [(owner, note) for owner in chain for note in get(owner)]
    return result


def seventh_characters(code: str) -> dict[str, str]:
    """The 7th-character values that apply to a code's category, or {} when none do."""
    cm = _cm()
    for owner in [code] + cm.get_ancestors(code):
        values = cm.get_seven_chr_def(owner)
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
    cm = _cm()
    return named == code or (cm.is_valid_item(named) and cm.is_ancestor(named, code))


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
