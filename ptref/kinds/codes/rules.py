"""Content rules about codes alone: each code's id and, for ICD-10-CM, its agreement with the
official code set in force (registered with ptref.rules when ptref/site.py imports this file)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import icd
from ...rules.registry import Entries, Finding, rule
from .choices import code_choice_items


def code_id(code: str) -> str:
    """The id a code must have: 'M54.6' -> 'm54-6', 'S23.3XXD' -> 's23-3xxd'."""
    return code.lower().replace(".", "-")


@rule(
    "code-id-matches-code",
    "a code's id is not its code in lower case with '.' written as '-'",
    "A code's page lives at codes/<id>.html and other entries name it by id: an id that drifts from "
    "the code (m54-6 for M54.9) sends readers and links to the wrong code.",
)
def _id_matches_code(entries: Entries) -> Iterator[Finding]:
    for entry in entries["codes"].values():
        code = entry.data["code"]
        if code != code.upper() or code_id(code) != entry.id:
            yield entry, "id", f"id must be {code_id(code)!r} for code {code!r}"


@rule(
    "icd-code-official",
    "an ICD-10-CM code is not in the official code set, or its title is not the official title",
    "A code that does not exist in the edition in force is rejected on a claim, and a title in our own "
    "words could be mistaken for the official one: both are checked against the official data.",
    needs_icd=True,
)
def _official(entries: Entries) -> Iterator[Finding]:
    for entry in entries["codes"].values():
        data = entry.data
        if data["system"] != "icd10cm":
            continue
        if not icd.exists(data["code"]):
            yield entry, "code", f"{data['code']!r} is not in the official ICD-10-CM data ({icd.edition_line()})"
        elif data["title"] != icd.title(data["code"]):
            yield entry, "title", f"must be the official title {icd.title(data['code'])!r}"


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


def _features(code: str) -> dict[str, str]:
    """What a code shares with its neighbours in a list of options: its category (3 characters),
    its code family (the code without dots, placeholder Xs or 7th character) and, for a 7-character
    code, its 7th character."""
    bare = code.replace(".", "").rstrip("-")
    found = {"category": bare[:3], "family": bare[:6].rstrip("X") if len(bare) == 7 else bare}
    if len(bare) == 7:
        found["seventh"] = bare[6]
    return found


def convergence(codes: list[str]) -> list[int]:
    """For each option, how many features (category, family, 7th character) it shares with the other
    options, counted once per other option."""
    features = [_features(c) for c in codes]
    return [
        sum(1 for j, other in enumerate(features) if j != i for k, v in mine.items() if other.get(k) == v)
        for i, mine in enumerate(features)
    ]


def convergent_key(key: str, wrong: list[str]) -> bool:
    """Whether the key alone shares the most features with the other options, so that a candidate who
    knows no coding can pick it as the option where the commonest family meets the commonest 7th
    character (item review round 35, 3591 class A)."""
    scores = convergence([key, *wrong])
    return scores[0] > max(scores[1:])


@rule(
    "code-choice-convergent-key",
    "the keyed code of a code-choice item alone shares the most category, family and 7th-character features with the other options",
    "Item review round 35 (3591 #1, class A): M80.0AXD was offered with M80.0AXA, S22.31XD and M84.38XD, "
    "so the key was the only option in both the commonest family and the commonest 7th character, and a "
    "candidate who knew no coding could pick it by convergence. Each wrong code should balance the "
    "dimensions (the other family with both 7th characters), and still be a real coding error.",
)
def _choices_not_convergent(entries: Entries) -> Iterator[Finding]:
    for entry, i, _, key_entry, wrong_entries in code_choice_items(entries["conditions"].values(), entries["codes"]):
        key = key_entry.data["code"]
        wrong = [c.data["code"] for c in wrong_entries]
        if convergent_key(key, wrong):
            yield entry, f"codes[{i}].study_choices", f"{key} is keyed beside {', '.join(wrong)}"
