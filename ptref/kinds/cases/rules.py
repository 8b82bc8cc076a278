"""Case questions: one answer each, wrong choices of the same kind, units the calculator accepts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.entry import Entry
from ...model.units import UnitsError, calculate, rules_from
from ...rules.registry import Entries, Finding, rule
from ...study.cases import ALSO, ANSWERS, SECTION_LABELS, answer_field, units_day


@rule(
    "case-question-answer",
    "a case question must name exactly one answer, with wrong choices of the same kind and not the answer itself",
    "The study page and the Anki deck take a case question's answer from its one answer field; a "
    "second answer field, a wrong choice of another kind or the answer listed among the wrong "
    "choices would give a question with no single right answer. The one exception: a red-flag "
    "question may also offer conditions (`condition_choices`), as the which-flag items do, when "
    "the story makes a condition plausible and no other red flag is (item review round 22, 2261 "
    "#55). A working-diagnosis question may offer one competitor outside the reference by its "
    "label (`outside`), never the name of a condition (item review round 40, 4001 #21).",
)
def _case_questions(entries: Entries) -> Iterator[Finding]:
    rules = None
    for case in entries.get("cases", {}).values():
        for n, item in enumerate(case.data["questions"]):
            where = f"questions[{n}]"
            set_fields = [f for f in (*ANSWERS, "units") if f in item]
            if answer_field(item) is None:
                yield (
                    case,
                    where,
                    f"{len(set_fields)} answer fields ({', '.join(set_fields) or 'none'}); give exactly one",
                )
                continue
            field = set_fields[0]
            for other, (choices, _) in ANSWERS.items():
                allowed = other == field or ALSO.get(field, ("",))[0] == choices
                if choices in item and not allowed:
                    yield case, f"{where}.{choices}", f"wrong choices of another kind than the answer ({field})"
            if field == "units":
                rules = rules or rules_from(entries)
                try:
                    calculate(rules, units_day(item), item["units"]["method"])
                except UnitsError as error:
                    yield case, f"{where}.units", str(error)
                continue
            choices = ANSWERS[field][0]
            # A red-flag question may offer conditions alone (ALSO) where no other red flag is
            # plausible: two fracture flags side by side let the more specific one stand out
            # (sweep round 39, part 3, case:stiff-back-and-a-bus-ride:3).
            if choices not in item and ALSO.get(field, ("",))[0] not in item:
                yield case, where, f"no {choices}: a question needs wrong choices to pick from"
            elif item[field] in item.get(choices, []):
                yield case, f"{where}.{choices}", f"the answer {item[field]!r} is listed among the wrong choices"
            offered = [*item.get(choices, []), *item.get(ALSO.get(field, ("",))[0], [])]
            # A competitor outside the reference (round 40, 4001 #21) is for a working diagnosis only,
            # and never the name of a condition, which is chosen by its id.
            if "outside" in item:
                names = {
                    str(n).lower(): cid
                    for cid, c in entries.get("conditions", {}).items()
                    for n in (c.data["name"], *c.data.get("also_known_as", []))
                }
                if field != "condition":
                    yield case, f"{where}.outside", f"a choice outside the reference in a {field} question"
                elif item["outside"].lower() in names:
                    yield case, f"{where}.outside", f"names the condition {names[item['outside'].lower()]!r}"
            for chosen in item.get("choice_labels", {}):
                if chosen not in offered:
                    yield case, f"{where}.choice_labels", f"{chosen!r} is not one of the wrong choices ({choices})"


# Who pays and how that payer counts timed minutes, as a case or a stem states it.
PAYER = re.compile(r"\bMedicare\b|each code on its own|\bper code\b|8-minute|\binsurer\b|health plan", re.I)
METHOD_SAID = {"medicare": re.compile(r"\bMedicare\b"), "per-code": re.compile(r"each code on its own minutes", re.I)}
STORY = ("presentation", "history", "findings")


def _story(d: dict) -> Iterator[tuple[str, str]]:
    """The clinical story of a case, part by part: (field, text)."""
    yield "presentation", d["presentation"]
    for part in STORY[1:]:
        for n, text in enumerate(d[part]):
            yield f"{part}[{n}]", text


@rule(
    "case-payer-in-stem",
    "a case's payer belongs in the stem of the billing question that needs it, not in the clinical story",
    "An insurer or the 8-minute rule in every case presentation is irrelevant to the clinical "
    "questions and unlike a board-exam vignette (item review round 20, 2042 class 4). The story "
    "says who the patient is and what was found; a units question states in its own stem who pays "
    "and how that payer counts timed minutes, so the page and the study bank show the fact with "
    "the one question that uses it.",
)
def _payer_in_stem(entries: Entries) -> Iterator[Finding]:
    for case in entries.get("cases", {}).values():
        d = case.data
        for where, text in _story(d):
            said = PAYER.search(text)
            if said:
                yield case, where, f"the case story names the payer ({said.group(0)!r}): move it to the billing stem"
        for n, item in enumerate(d["questions"]):
            method = item.get("units", {}).get("method")
            if method in METHOD_SAID and not METHOD_SAID[method].search(item["ask"]):
                yield (
                    case,
                    f"questions[{n}].units.method",
                    f"the stem does not say that the payer counts by {method}",
                )


# A patient on Medicare: Original Medicare, a Medicare Advantage plan or plain "has Medicare";
# a plan that only "follows the Medicare 8-minute rule" is a commercial plan and does not count.
ON_MEDICARE = re.compile(r"\b(Original Medicare|Medicare Advantage|(has|with|on) Medicare)\b", re.I)
AGE = re.compile(r"\b(\d{1,3})-year-old\b")
# What makes a person under 65 eligible for Medicare, as a case would say it.
UNDER_65_ELIGIBLE = re.compile(r"disabilit|end-stage (renal|kidney)|dialysis|\bALS\b|amyotrophic", re.I)


@rule(
    "case-medicare-age",
    "a case patient under 65 on Medicare must have a stated reason to be on it",
    "Medicare covers people 65 or over, and younger people only with a long-term disability, "
    "end-stage renal disease or ALS. 'A 44-year-old professional mover ... has Original Medicare' "
    "(item review round 15, R15b #16) is a payer placed only for a later units question, and a "
    "candidate reads it as a mistake in the case. Give a working-age patient a commercial plan "
    "that says how it counts timed minutes, or state why he has Medicare.",
)
def _medicare_age(entries: Entries) -> Iterator[Finding]:
    for case in entries.get("cases", {}).values():
        d = case.data
        story = " ".join([d["presentation"], *d["history"], *(q["ask"] for q in d["questions"])])
        age = AGE.search(d["presentation"])
        if age and int(age.group(1)) < 65 and ON_MEDICARE.search(story) and not UNDER_65_ELIGIBLE.search(story):
            yield (
                case,
                "presentation",
                f"a {age.group(1)}-year-old on Medicare with no stated disability, end-stage renal disease or ALS",
            )


# A label that opens an item of the history or the findings ("At the evaluation:"), up to five words.
LEAD = re.compile(r"^((?:[\w'-]+ ){0,4}[\w'-]+):")
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.I)
WORD = re.compile(r"[\w'-]+")
SAME_RUN = 5  # words in a row that the assembled case text may not carry twice


@rule(
    "case-text-repeats",
    "a case's assembled text repeats a section label, a lead-in or a run of words",
    "The study bank shows a case as one text: the presentation, then 'History:' and "
    "'Examination:' before their items. An item that opens with its own label or with the lead-in of "
    "another item reads as a template artefact ('Examination: At the evaluation: ... At the "
    "evaluation: ...', item review round 21, 2152 #58, class C8), and so does a doubled word or "
    "a run of words that the text carries twice. Say the shared context once, in one item.",
)
def _case_text_repeats(entries: Entries) -> Iterator[Finding]:
    labels = {label.rstrip(":").lower() for label in SECTION_LABELS.values()}
    for case in entries.get("cases", {}).values():
        d = case.data
        leads: dict[str, str] = {}
        for part in SECTION_LABELS:
            for n, text in enumerate(d[part]):
                where = f"{part}[{n}]"
                lead = LEAD.match(text)
                if lead is None:
                    continue
                said = lead.group(1).lower()
                if said in labels:
                    yield (
                        case,
                        where,
                        f"the item opens with the section label {lead.group(0)!r}, which the case text already adds",
                    )
                elif said in leads:
                    yield case, where, f"the item repeats the lead-in {lead.group(0)!r} of {leads[said]}"
                else:
                    leads[said] = where
        for where, text in _story(d):
            doubled = DOUBLED.search(text)
            if doubled:
                yield case, where, f"a doubled word: {doubled.group(0)!r}"
        words = WORD.findall(" ".join(text for _, text in _story(d)).lower())
        seen: set[tuple[str, ...]] = set()
        for i in range(len(words) - SAME_RUN + 1):
            run = tuple(words[i : i + SAME_RUN])
            if run in seen:
                yield case, "presentation", f"the case text carries {' '.join(run)!r} twice"
                break
            seen.add(run)


# A result a reason or explanation states for a named test: "reproduced by the ulnar-biased
# tension test", "the slump test found ...", "the tension test reproduced ...".
RESULT = re.compile(
    r"\b(?:reproduced by|positive on) the ((?:[\w-]+ ){0,2}[\w-]+) (?:test|sign)\b"
    r"|\bthe ((?:[\w-]+ ){0,2}[\w-]+) (?:test|sign) (?:found|reproduced|showed|was positive)\b",
    re.I,
)


def _stated(name: str, seen: str) -> bool:
    """Whether every word of a test's name (of four letters or more) appears in the text."""
    return all(w in seen for w in WORD.findall(name.lower()) if len(w) >= 4)


@rule(
    "case-reason-finding-stated",
    "a case question's reason or explanation cites a test result that neither the case nor the stem states",
    "A case item is met on its own in the study bank, so every finding its reasons argue from must "
    "be in the case or in its own stem. 'His tingling is reproduced by the ulnar-biased tension "
    "test' as the key's reason, when no part of the case or the stem reports that test, left a "
    "candidate unable to check the premise (item review round 21, 2152 #17, class C1). State the "
    "result in the stem, or argue from what the case says.",
)
def _reason_finding_stated(entries: Entries) -> Iterator[Finding]:
    for case in entries.get("cases", {}).values():
        d = case.data
        story = " ".join(text for _, text in _story(d))
        for n, item in enumerate(d["questions"]):
            seen = f"{story} {item['ask']}".lower()
            for field, text in [
                ("why", item["why"]),
                *((f"reasons[{i}]", r) for i, r in enumerate(item.get("reasons", []))),
            ]:
                for found in RESULT.finditer(text):
                    name = found.group(1) or found.group(2)
                    if not _stated(name, seen):
                        yield (
                            case,
                            f"questions[{n}].{field}",
                            f"cites a result of the {name} test, which neither the case nor the stem reports",
                        )


# The words a case question's stem may use after "Which" to name what its answer is, by answer
# field. A red-flag question's options read as conditions (the flags' study labels), so its stem
# asks for a condition or a diagnosis, never for "a red flag".
ASKS_FOR = {
    "red_flag": re.compile(r"\b(condition|diagnosis)\b", re.I),
    "condition": re.compile(r"\b(condition|diagnosis)\b", re.I),
    "assessment": re.compile(r"\b(tests?|measures?|measurement|findings?|examination|assessment|sign)\b", re.I),
    "intervention": re.compile(r"\b(interventions?|treatments?|techniques?)\b", re.I),
    "code": re.compile(r"\bcodes?\b", re.I),
}
NAMED = {
    "red_flag": "a condition",
    "condition": "a condition or diagnosis",
    "assessment": "a test, measure or finding",
    "intervention": "an intervention, treatment or technique",
    "code": "a code",
}
WHICH = re.compile(r"\bWhich\b((?:\s+[\w-]+){1,5})", re.I)


@rule(
    "case-stem-asks-kind",
    "a case question's stem asks for another kind of thing than its options are",
    "'Which red flag MOST needs action ...?' answered by four diagnoses (cardiac ischaemia, "
    "pericarditis, pulmonary embolism, shingles) asks for one kind of thing and offers another "
    "(item review round 22, 2261 #20 and #55, class 2). The question after the last 'Which' names "
    "what the options are: a condition or diagnosis for a red-flag or diagnosis question (a red "
    "flag's option reads as the condition it suspects), a test, measure or finding for an "
    "assessment, an intervention, treatment or technique for an intervention, a code for a code.",
)
def _stem_asks_kind(entries: Entries) -> Iterator[Finding]:
    for case in entries.get("cases", {}).values():
        for n, item in enumerate(case.data["questions"]):
            field = answer_field(item)
            asked = list(WHICH.finditer(item["ask"]))
            if field not in ASKS_FOR or not asked:
                continue
            words = asked[-1].group(1)
            if not ASKS_FOR[field].search(words) or re.search(r"\bred[ -]flags?\b", words, re.I):
                yield (
                    case,
                    f"questions[{n}].ask",
                    f"the stem asks 'Which{words} ...', but each option is {NAMED[field]}: ask for that",
                )


_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|\d+)"
# A present-tense verb (not 'has had' or 'has been') with 'for' and a duration after it in the same
# clause: 'has aching and stiffness every morning for a month', 'reports a new headache for ten days'.
PRESENT_FOR_DURATION = re.compile(
    r"\b(?:has|have|reports|notices|complains of)\b(?! had\b| been\b)"
    r"(?:(?!\bha(?:s|ve) (?:had|been)\b)[^.;:]){0,100}?"
    rf"\bfor (?:about |nearly |over |more than )?{_COUNT} (?:days?|weeks?|months?|years?)\b",
    re.I,
)
# An adverb joined to an adjective after a verb of movement: 'walks slowly and guarded'.
ADVERB_AND_ADJECTIVE = re.compile(
    r"\b(?:walks|moves|stands|sits|turns|bends|breathes|gets up)\b(?: \w+)? \w+ly,? and \w+(?:ed|ful|ous|ive)\b", re.I
)


def _stories(entries: Entries) -> Iterator[tuple[Entry, str, str]]:
    """Every patient story a study item shows: each case's presentation, history and findings,
    and each diagnosis vignette's story."""
    for case in entries.get("cases", {}).values():
        for where, text in _story(case.data):
            yield case, where, text
    for condition in entries.get("conditions", {}).values():
        for n, v in enumerate(condition.data.get("vignettes", [])):
            yield condition, f"vignettes[{n}].story", v["story"]


@rule(
    "story-tense-duration",
    "a case story or diagnosis vignette joins the present tense to a duration, or an adverb to an adjective",
    "'Has aching and stiffness every morning for a month' and 'reports a new headache at her "
    "temples for ten days' put a duration on a present-tense verb, and 'walks slowly and guarded' "
    "joins an adverb to an adjective (item review round 22, 2261 #13, #16, #44, class 4): slips a "
    "candidate notices in a licensing-exam vignette. Use the present perfect for a duration ('has "
    "had aching ... for a month', 'has had three weeks of pain') and a matching pair after a verb "
    "('walks slowly, with a guarded gait').",
)
def _story_tense(entries: Entries) -> Iterator[Finding]:
    for entry, where, text in _stories(entries):
        for pattern in (PRESENT_FOR_DURATION, ADVERB_AND_ADJECTIVE):
            found = pattern.search(text)
            if found:
                yield entry, where, f"{found.group(0)!r}"
