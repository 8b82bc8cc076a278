"""Coding: no AMA wording, Excludes1 pairs, and codes that never stand alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import icd
from .registry import Entries, Finding, _sentences, may_mention, rule

AMA_PHRASES = (
    "changing characteristics",
    "unpredictable characteristics",
    "standardized patient assessment instrument",
    "standardised patient assessment instrument",
    "personal factors and/or comorbidities",
    "measurable assessment of functional outcome",
)


def _strings(value, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}".lstrip("."))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


@rule(
    "no-ama-descriptor",
    "text repeats AMA CPT descriptor wording",
    "CPT descriptors are the AMA's copyright; the site explains codes in its own words.",
)
def _ama(entries: Entries) -> Iterator[Finding]:
    for bucket in entries.values():
        for entry in bucket.values():
            if not may_mention(entry, AMA_PHRASES):
                continue  # the common case, decided once per file
            for path, text in _strings(entry.data):
                lowered = text.lower()
                for phrase in AMA_PHRASES:
                    if phrase in lowered:
                        yield entry, path, repr(phrase)


@rule(
    "excludes1-exception",
    "an Excludes1 statement is written as absolute without its exception",
    "Excludes1 has one exception (guideline I.A.12.a): the two conditions are unrelated to each other.",
)
def _excludes1(entries: Entries) -> Iterator[Finding]:
    absolute = re.compile(r"\b(cannot|never|not to be|may not)\b", re.IGNORECASE)
    for bucket in entries.values():
        for entry in bucket.values():
            # One word, never split by an escape: the entry's repr is as good a first look as its text.
            if not may_mention(entry, ("excludes1",)) or "excludes1" not in repr(entry.data).lower():
                continue
            for path, text in _strings(entry.data):
                if "excludes1" not in text.lower():
                    continue
                for sentence in _sentences(text):
                    if (
                        "excludes1" in sentence.lower()
                        and absolute.search(sentence)
                        and "unrelated" not in text.lower()
                    ):
                        yield entry, path, repr(sentence[:120])


def _is_sequela(code: str) -> bool:
    bare = code.replace(".", "")
    return code[0] in "ST" and len(bare) == 7 and bare[6] == "S"


def partner_needed(code: str) -> str | None:
    """Why the official data says this ICD-10-CM code never stands alone, or None."""
    if _is_sequela(code):
        return "7th character S: the late effect is coded first (guideline I.B.10)"
    # A note on a whole category or block (M40 'code first underlying disease') applies only
    # when such a disease exists (postural kyphosis has none); a note on a subcategory such as
    # M41.5 (secondary scoliosis) always does. Notes saying "if applicable" are conditional too.
    notes = icd.notes(code)
    for kind in ("code_first", "code_also"):
        for owner, note in notes[kind]:
            if "." in owner and "if applicable" not in note.lower() and "associated" not in note.lower():
                return f"'{kind.replace('_', ' ')} {note}' (note on {owner})"
    return None


@rule(
    "partner-declared",
    "a code whose official notes require a partner code must declare needs_partner",
    "Codes with 'code first' or 'code also' notes, and sequela codes, are never reported alone; "
    "declaring it lets pages and the cheat sheet show the partner.",
    needs_icd=True,
)
def _partner_declared(entries: Entries) -> Iterator[Finding]:
    for entry in entries["codes"].values():
        data = entry.data
        if (
            data["system"] != "icd10cm"
            or "needs_partner" in data
            or not icd.exists(data["code"])
            or not icd.is_reportable(data["code"])
        ):
            continue
        why = partner_needed(data["code"])
        if why:
            yield entry, "code", why


@rule(
    "partner-shown",
    "a code that needs a partner is listed on a condition without it",
    "A front desk working from a 'choose one' list drops required second codes; such a code "
    "must appear in one of the condition's codes_together groups.",
)
def _partner_shown(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["conditions"].values():
        grouped = {
            c for group in entry.data.get("codes_together", []) if len(group["codes"]) > 1 for c in group["codes"]
        }
        for i, item in enumerate(entry.data["codes"]):
            code = codes.get(item["code"])
            if code is not None and "needs_partner" in code.data and item["code"] not in grouped:
                yield entry, f"codes[{i}].code", (f"{code.data['code']} needs {code.data['needs_partner']['partner']}")


def _offered(entry) -> Iterator[tuple[str, str]]:
    """(field, code id) of every code a condition offers: its candidates and its combinations."""
    for i, item in enumerate(entry.data["codes"]):
        yield f"codes[{i}].code", item["code"]
    for g, group in enumerate(entry.data.get("codes_together", [])):
        for code_id in group["codes"]:
            yield f"codes_together[{g}].codes", code_id


@rule(
    "offered-code-reportable",
    "a condition or a case question offers an ICD-10-CM code that cannot be reported in the edition in force on the check date",
    "A category heading, a code missing its 7th character or a code deleted in the edition in force "
    "(S23.420A in FY2027) is rejected on a claim; offered as a candidate or in a combination, it "
    "reaches the cheat sheet and becomes a keyed study answer. `ptref check --as-of D` judges it in "
    "the ICD-10-CM edition in force on D.",
    needs_icd=True,
)
def _offered_reportable(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["conditions"].values():
        for field, code_id in _offered(entry):
            code = codes.get(code_id)
            if code is None or code.data["system"] != "icd10cm" or not icd.exists(code.data["code"]):
                continue  # a broken link or a code missing from the data: other checks report it
            if not icd.is_reportable(code.data["code"]):
                yield entry, field, f"{code.data['code']} is not reportable in {icd.edition_name()}"
    for case in entries.get("cases", {}).values():  # a case question's keyed code is an offer too
        for n, item in enumerate(case.data["questions"]):
            code = codes.get(item.get("code", ""))
            if code is None or code.data["system"] != "icd10cm" or not icd.exists(code.data["code"]):
                continue
            if not icd.is_reportable(code.data["code"]):
                yield case, f"questions[{n}].code", f"{code.data['code']} is not reportable in {icd.edition_name()}"
