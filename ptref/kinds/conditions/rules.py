"""Content rules about conditions alone (registered with ptref.rules when ptref/site.py imports
this file)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import icd
from ...rules.registry import Entries, Finding, link_targets, rule
from ...study.questions import condition_option


@rule(
    "codes-together-excludes1",
    "codes a condition lists as reported together exclude each other (Excludes1)",
    "An Excludes1 note means the two codes are never reported together for one condition; listing "
    "them as a pair would teach a claim that is denied.",
    needs_icd=True,
)
def _together_not_excluded(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for condition in entries["conditions"].values():
        for g, group in enumerate(condition.data.get("codes_together", [])):
            icd_codes = [
                codes[i].data["code"] for i in group["codes"] if i in codes and codes[i].data["system"] == "icd10cm"
            ]
            for i, first in enumerate(icd_codes):
                for second in icd_codes[i + 1 :]:
                    conflict = icd.excludes1_conflict(first, second)
                    if conflict:
                        yield (
                            condition,
                            f"codes_together[{g}].codes",
                            f"{first} and {second} cannot be reported together: Excludes1 note on "
                            f"{conflict[0]}: {conflict[1]!r}",
                        )


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


# A finding a chart note denies ("in a man with no history of osteoporosis", "without fever"):
# up to three words after the negation.
NEGATED = re.compile(r"\b(?:no (?:history|sign|evidence) of|without|no)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)", re.I)


@rule(
    "code-choice-denied-by-note",
    "a wrong code offered for a chart note names a condition the note itself denies",
    "Item review round 12 (class 5, item 12): M80.0AXD, age-related osteoporosis with a fracture, was "
    "offered for a note that said 'no history of osteoporosis', so the note struck it out before any "
    "coding rule was applied. A wrong code should fail on a coding rule (7th character, side, number, "
    "type), not on a word the note denies. A denial the key's own definition needs ('without "
    "radiculopathy' in the `when` of M51.24) is the coding rule under test and is allowed.",
)
def _choice_not_denied(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["conditions"].values():
        for i, item in enumerate(entry.data["codes"]):
            note = item.get("documented_as", "")

            def negated(text: str) -> set[str]:
                return {w.lower() for m in NEGATED.finditer(text) for w in m.group(1).split() if len(w) >= 5}

            # what the key itself is defined without is the distinction the item tests
            denied = negated(note) - negated(item.get("when", ""))
            for n, choice in enumerate(item.get("study_choices", [])):
                code = codes.get(choice["code"])
                if code is None:
                    continue  # the link check reports it
                named = denied & {w.lower() for w in re.findall(r"[A-Za-z-]+", code.data["title"])}
                if named:
                    yield (
                        entry,
                        f"codes[{i}].study_choices[{n}].code",
                        f"{code.data['code']} names {', '.join(sorted(named))}, which the note denies",
                    )


@rule(
    "condition-complete",
    "a condition lacks a part every working diagnosis needs",
    "A condition page is where a clinician goes from findings to plan and codes: it needs an "
    "ICD-10-CM code, two examination findings, two interventions and the red flags to rule out.",
)
def _condition_complete(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for entry in entries["conditions"].values():
        if not any(codes[c].data["system"] == "icd10cm" for c in link_targets(entry, "codes") if c in codes):
            yield entry, "codes", "no ICD-10-CM code"
        if len(set(link_targets(entry, "key_findings"))) < 2:
            yield entry, "key_findings", "fewer than 2 assessments"
        if len(set(link_targets(entry, "interventions"))) < 2:
            yield entry, "interventions", "fewer than 2 interventions"
        if not link_targets(entry, "rule_out"):
            yield entry, "rule_out", "no red flags to rule out"


# Words of the data's hedged lists that a patient's story never needs (item review: FEATURE-LIST-STEM).
HEDGE = re.compile(r"\bif present\b|\bmay\b|\bmight\b|\be\.g\.|\betc\b|\band/or\b|\bsuch as\b", re.I)


def _against_itself(cid: str, d: dict, v: dict) -> bool:
    """Whether a vignette may offer its own entry as a wrong choice: only an entry that joins two
    conditions ("Costochondritis and Tietze syndrome"), offered under the other one's name, the
    natural competitor the story rules out (item review round 15, R15a #54)."""
    own = next((r["reason"] for r in v.get("reasons", []) if r["condition"] == cid), None)
    if " and " not in d["name"] or own is None:
        return False
    return condition_option(d, own) != (v.get("answer_as") or condition_option(d, v["why"]))


@rule(
    "vignette-patient-story",
    "a diagnosis vignette is not one patient's story with three reasoned wrong choices",
    "Item review 2026-12-04 (FEATURE-LIST-STEM, MISSING-DEFINING-CONTEXT, IMPLAUSIBLE-DISTRACTOR): a "
    "stem pasted from the data's hedged lists ('or', 'if present', 'may'), a patient outside the "
    "condition's typical age or sex, a story that names its own diagnosis, or a wrong choice with no "
    "reason why it does not fit this patient does not meet item-writing standards. Each vignette "
    "is a patient's story: age and sex within typical_patient, three other conditions as wrong "
    "choices, each with its own reason naming the finding in this story that rules it out (item "
    "review round 5, REASON-GENERIC: the condition's differential text, shared by every vignette, "
    "never mentions the patient).",
)
def _vignette_story(entries: Entries) -> Iterator[Finding]:
    conditions = entries["conditions"]
    for condition in conditions.values():
        d = condition.data
        typical = d.get("typical_patient") or {}
        core = re.sub(r"\s*\([^()]*\)", "", d["name"]).lower()
        for n, v in enumerate(d.get("vignettes", [])):
            field = f"vignettes[{n}]"
            if typical and not typical["age_from"] <= v["age"] <= typical["age_to"]:
                yield (
                    condition,
                    f"{field}.age",
                    f"age {v['age']} is outside typical_patient ({typical['age_from']} to {typical['age_to']})",
                )
            if typical.get("sex") and v["sex"] != typical["sex"]:
                yield condition, f"{field}.sex", f"{v['sex']}, but typical_patient is {typical['sex']}"
            hedge = HEDGE.search(v["story"])
            if hedge:
                yield (
                    condition,
                    f"{field}.story",
                    f"hedged wording {hedge.group(0)!r}: tell what this patient reports and shows",
                )
            if core in v["story"].lower():
                yield condition, f"{field}.story", f"the story names the diagnosis ({core!r})"
            choices = list(dict.fromkeys(v["choices"]))
            outside = v.get("outside")
            if outside and any(outside["label"].lower() == e.data["name"].lower() for e in conditions.values()):
                yield condition, f"{field}.outside.label", "an outside choice names an entry: offer the entry itself"
            if len(choices) + (1 if outside else 0) != 3 or (
                condition.id in choices and not _against_itself(condition.id, d, v)
            ):
                yield condition, f"{field}.choices", "three other conditions are needed as wrong choices"
            for c in choices:
                if c not in {r["condition"] for r in v.get("reasons", [])}:
                    yield condition, f"{field}.reasons", f"no reason why {c!r} does not fit this patient"
