"""Content rules about red flags: urgency, action and quick action agree, and the flags that need
vital signs screen with them (registered with ptref.rules when ptref/site.py imports this file)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.entry import Entry
from ...rules.registry import Entries, Finding, rule
from ...rules.study import _candidates  # the bank of this run, worked out once
from ...study.writing import content_words

# PATIENT: the same 'N-year-old man' pattern the questions read
from .questions import FAR_STEPS, HOLDING, ORDER, PATIENT, asks_which_flag, option


def _vignettes(entries: Entries) -> Iterator[tuple[Entry, int, dict]]:
    """Every red flag's study vignettes, as (flag, index, vignette): the loop most rules here run."""
    for entry in entries["red_flags"].values():
        for n, v in enumerate(entry.data.get("study_vignettes", [])):
            yield entry, n, v


_TIME_CRITICAL = re.compile(
    r"\btime[- ](sensitive|critical)|\bwithin (a few |\d+ ?)(hours?|h)\b|"
    r"\bas soon as possible\b|\bimmediately\b",
    re.IGNORECASE,
)
_EMERGENCY_STEP = re.compile(r"emergency|ambulance|\b911\b|\b999\b|\b112\b", re.IGNORECASE)


# The urgency windows a red-flag text can name (clinical review 4 Dec 2026, C-1).
_TIERS = {
    "emergency": re.compile(
        r"emergency services|call emergency|emergency (department|referral|care)|\bambulance\b|"
        r"\b911\b|\b999\b|\b112\b",
        re.IGNORECASE,
    ),
    "same-day": re.compile(r"\bsame[- ]day\b|\bthe same day\b|\bsame or (the )?next\b|\bthe same or\b", re.IGNORECASE),
    "next-day": re.compile(r"\bnext[- ]day\b|\b(or|the) next\b|\btomorrow\b|\bwithin 24 ?h", re.IGNORECASE),
}


def _tiers(text: str) -> set[str]:
    return {tier for tier, pattern in _TIERS.items() if pattern.search(text)}


@rule(
    "urgency-matches-action",
    "a red flag's urgency, action and quick action disagree",
    "The printed card shows the urgency grade and the quick action; the page shows the action. "
    "A 'routine' flag whose action is time-critical invites delay; an emergency flag must send "
    "the patient to emergency services in both fields and never offer next-day care; an urgent "
    "flag names its same-day or next-day window; and the quick action and the action name the "
    "same windows (the review found an emergency cardiac flag whose action allowed 'same-day or "
    "next-day' review while its quick action said 'same-day').",
)
def _urgency(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        data = entry.data
        if data["urgency"] == "routine":
            for field in ("action", "quick_action"):
                match = _TIME_CRITICAL.search(data[field])
                if match:
                    yield entry, "urgency", f"routine, yet {field} says {match.group(0)!r}"
        if data["urgency"] == "emergency" and not _EMERGENCY_STEP.search(data["quick_action"]):
            yield entry, "quick_action", "emergency, yet the quick action does not send the patient to emergency care"
        named = {field: _tiers(data[field]) for field in ("quick_action", "action")}
        if named["quick_action"] != named["action"]:
            only_short = sorted(named["quick_action"] - named["action"])
            only_long = sorted(named["action"] - named["quick_action"])
            yield (
                entry,
                "quick_action",
                f"quick action names {only_short or 'nothing more'}, action names {only_long or 'nothing more'}",
            )
        for field, tiers in named.items():
            if data["urgency"] == "emergency" and "next-day" in tiers:
                yield entry, field, "emergency, yet it offers next-day care"
            if data["urgency"] == "emergency" and field == "action" and "emergency" not in tiers:
                yield entry, field, "emergency, yet the action does not name emergency services"
            if data["urgency"] == "urgent" and not tiers & {"same-day", "next-day"}:
                yield entry, field, "urgent, yet it names no same-day or next-day window"


_VITAL_CATEGORIES = {"infection", "cardiopulmonary", "vascular", "visceral"}


@rule(
    "vital-signs-screen",
    "an infective, cardiopulmonary, vascular or visceral red flag must screen with vital signs",
    "Fever, heart rate, SpO2, respiratory rate and blood pressure in both arms are how these "
    "flags are found; a screen without them misses what it looks for.",
)
def _vitals(entries: Entries) -> Iterator[Finding]:
    assessments = entries["assessments"]
    for entry in entries["red_flags"].values():
        if entry.data["category"] not in _VITAL_CATEGORIES:
            continue
        kinds = {assessments[a].data["kind"] for a in entry.data.get("screen_with", []) if a in assessments}
        if "vital-signs" not in kinds:
            yield entry, "screen_with", f"category {entry.data['category']!r} lists no vital-signs assessment"


# Where a vignette's keyed step must be found in its flag's action (or quick action).
_STEP_IN_ACTION = {
    "ems": re.compile(r"call(s|ing)? emergency services|\bambulance\b", re.IGNORECASE),
    "ed": re.compile(r"emergency department", re.IGNORECASE),
    "same-day": re.compile(r"\bsame[- ]day\b|\bthe same day\b", re.IGNORECASE),
    "next-day": re.compile(r"\bsame or (the )?next day\b|\bsame day or next day\b", re.IGNORECASE),
    "cancer": re.compile(r"suspected[- ]cancer", re.IGNORECASE),
    "routine": re.compile(r"\broutine\b|\bletter\b|\bwrite to\b", re.IGNORECASE),
}
_FEMALE = {"woman", "girl"}


def _fits(typical: dict, age: int, sex: str) -> tuple[bool, bool]:
    """Whether a patient's age and sex fit a typical patient (`study_patient` or a condition's
    `typical_patient`): one test for a vignette's own patient and for the flags it offers."""
    age_fits = typical["age_from"] <= age <= typical["age_to"]
    sex_fits = not typical.get("sex") or (sex in _FEMALE) == (typical["sex"] == "female")
    return age_fits, sex_fits


@rule(
    "red-flag-vignette-step",
    "a red-flag study vignette keys a step its flag's action does not give, or shows a patient outside the typical range",
    "A vignette's keyed step is the answer of its study question: an ambulance, the emergency "
    "department, a same-day or a same-or-next-day assessment, a suspected-cancer referral or a "
    "routine letter must each be a step the flag's own action names, and continuing treatment is "
    "right only for a benign mimic (item review 2026-12-04: 'send the patient' keyed where the "
    "flag says call emergency services; 'same day' keyed where a suspected-cancer referral was "
    "the pathway). The patient's age (and sex, where the flag is defined by it) stays within the "
    "flag's typical patient, or the mimicked condition's, so the vignette does not teach a wrong "
    "base rate.",
)
def _vignette_step(entries: Entries) -> Iterator[Finding]:
    conditions = entries.get("conditions", {})
    for entry in entries["red_flags"].values():
        data = entry.data
        text = f"{data['action']} {data['quick_action']}"
        for n, v in enumerate(data.get("study_vignettes", [])):
            where = f"study_vignettes[{n}]"
            step, mimic = v["step"], v.get("mimic")
            if mimic:
                if step not in ("continue", "routine"):
                    yield entry, f"{where}.step", f"a benign mimic keyed {step!r}; a mimic is keyed continue or routine"
            elif step == "continue":
                yield entry, f"{where}.step", "keyed 'continue' without a mimic: the flag's own picture needs action"
            elif step == "routine" and data["urgency"] == "routine":
                pass
            elif not _STEP_IN_ACTION[step].search(text):
                yield entry, f"{where}.step", f"keyed {step!r}, which the flag's action and quick action do not name"
            if step in v["not"]:
                yield entry, f"{where}.not", f"the keyed step {step!r} is also listed as wrong"
            match = PATIENT.match(v["patient"])
            if not match:
                continue  # the schema reports it
            age, sex = int(match.group(1)), match.group(2)
            typical = data.get("study_patient")
            if mimic and mimic in conditions:
                typical = conditions[mimic].data.get("typical_patient")
            if not typical:
                continue
            age_fits, sex_fits = _fits(typical, age, sex)
            if not age_fits:
                yield (
                    entry,
                    f"{where}.patient",
                    f"age {age} outside the typical {typical['age_from']}-{typical['age_to']}",
                )
            if not sex_fits:
                yield entry, f"{where}.patient", f"a {sex}, where the typical patient is {typical['sex']}"


# Pairs of steps a vignette never offers together: one contains the other (never together), or one
# names no pace, so the other's pace could be its own (never where either is the key): item review
# round 3, class B; round 17, #1; round 21, class C6.
_NESTED_PAIRS = ((("same-day", "next-day"), False), (("same-day", "cancer"), True), (("next-day", "cancer"), True))


@rule(
    "red-flag-vignette-nested-steps",
    "a red-flag study vignette offers both 'the same day' and 'the same or next day', or keys one of them or the urgent referral and offers the other",
    "One of 'the same day' and 'the same or next day' contains the other (item review round 3, "
    "class B): when the key is faster both are wrong together and a candidate drops them as a "
    "pair, and if 'the same day' were ever the key the wider step would be partly right too. The "
    "urgent referral (the suspected-cancer step, worded since round 21, class C6, without the "
    "disease) names no pace, so beside a same-day or same-or-next-day key it is wrong only if the "
    "candidate assumes a pathway of weeks that the option does not state (item review round 17, "
    "#1: a suspected metastasis and an apical lung tumour keyed same day, whose reasons called the "
    "work-up one 'over the coming weeks' or one that 'waits for a clinic slot'), and as the key it "
    "leaves either of them partly right. A vignette offers one of 'the same day' and 'the same or "
    "next day', never both; and one keyed to either of them or to the urgent referral never offers "
    "the other.",
)
def _nested_steps(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        steps = {v["step"], *v["not"]}
        for (one, other), keyed_only in _NESTED_PAIRS:
            if {one, other} <= steps and (not keyed_only or v["step"] in (one, other)):
                yield entry, f"study_vignettes[{n}].not", f"offers both {one!r} and {other!r}; keep one"


# Cord signs a stem can report that make a car journey unsafe (notice study-next-steps: a
# condition that can worsen on the way rules out travel by car).
_CORD_SIGNS = re.compile(
    r"\b(give|gave|giving) way\b|\bretention\b|"
    r"\b(not|cannot|could not|unable to) pass(ed)? urine\b|\bdifficulty (starting to )?pass(ing)? urine\b|"
    r"\b(not|cannot|could not|unable to) urinated?\b|\bdifficulty (starting to )?urinat(e|ing)\b|"
    r"\bsensory level\b|\b(sensation|light touch|pinprick)\b[^.]*\breduced (below|from)\b|"
    r"\b(hip|knee|leg|legs|ankle)[^.]*\b[0-4]/5\b",
    re.IGNORECASE,
)


@rule(
    "red-flag-cord-signs-ambulance",
    "a red-flag study vignette reports leg weakness, legs giving way, urinary retention or a sensory level, and is not keyed to an ambulance",
    "New leg weakness, legs that give way, retention of urine or a sensory level mean a cord that "
    "is being compressed and can worsen on the way; such a patient cannot walk safely to a car "
    "and travels lying down (item review round 7, #38: 'her legs still move against resistance at "
    "4/5, so someone else can drive her', keyed for a woman whose legs gave way, with retention "
    "and a sensory level). A vignette whose stem reports any of these is keyed to the ambulance.",
)
def _cord_signs(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if v.get("mimic") or v["step"] == "ems":
            continue
        match = _CORD_SIGNS.search(f"{v['story']} {v['exam']}")
        if match:
            yield (
                entry,
                f"study_vignettes[{n}].step",
                f"keyed {v['step']!r}, yet the stem reports {match.group(0)!r}; cord signs travel by ambulance",
            )


@rule(
    "red-flag-far-distractor",
    "a red-flag study vignette offers a step at the far end of the scale from its key: an ambulance or the emergency department for a routine or treat key, or a routine letter or treating the problem as musculoskeletal for an emergency key",
    "A wrong step must be one a real but under-prepared clinician might take at the decision "
    "point. When the findings call for a routine letter or for treating the problem as "
    "musculoskeletal, 'Call an ambulance' or 'Have someone drive the patient to the emergency "
    "department' is a choice no candidate weighs (item review round 7, #4 and #24: an ambulance "
    "offered for a two-day-old ache with SpO2 99%; round 14, #6: the emergency department for a "
    "3/10 strain that eases as he moves); and when they call for an "
    "ambulance or the emergency department, 'Write to the physician asking for a routine review' "
    "or 'Treat the problem as musculoskeletal' is as dead (item review round 14, #5, #36, #39, "
    "#41, #52 and #56: a routine letter for a woman with fever, a pulse of 104 and vomiting; slurred "
    "speech and nystagmus happening now). Either way the item has one option fewer than it shows. "
    "Offer nearer steps: for an emergency, resting and rechecking, phoning for advice, the other "
    "emergency step or a same-day assessment; for a routine or treat key, a same-day or next-day "
    "assessment, radiographs, or a suspected-cancer work-up where the stem raises a tumour question.",
)
def _far_distractor(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        for step in sorted(set(FAR_STEPS.get(v["step"], ())) & set(v["not"])):
            yield (
                entry,
                f"study_vignettes[{n}].not.{step}",
                f"keyed {v['step']!r}, yet it offers {step!r}; offer a nearer step",
            )


# A reason that concedes the severity the action escalates on, and a stem that reports it.
_CONCEDES_SEVERE = re.compile(r"\b(although|though|even if|despite|while)\b[^.;]*\bsevere\b", re.IGNORECASE)
_SEVERE_STEM = re.compile(r"(?<!no )(?<!not )\bsevere\b|\bcannot keep still\b", re.IGNORECASE)
_ESCALATES = re.compile(r"emergency department|emergency services|call emergency|\bambulance\b", re.IGNORECASE)


@rule(
    "red-flag-severe-below-action",
    "a red-flag study vignette keyed below the emergency department reports or concedes severe pain that its flag's action sends to emergency care",
    "Where a flag's action sends severe pain to the emergency department or to emergency "
    "services, a vignette keyed to a slower step must not describe severe pain, and no reason may "
    "argue for the slower step 'although the pain is severe' (item review round 7, #14: a kidney "
    "stone whose patient 'cannot keep still', keyed same day, while the action sends severe pain "
    "to the emergency department). Make the pain moderate and settling, or key the faster step.",
)
def _severe_below_action(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        data = entry.data
        sentences = re.split(r"(?<=[.;])\s+", data["action"])
        if not any("severe" in s.lower() and _ESCALATES.search(s) for s in sentences):
            continue
        for n, v in enumerate(data.get("study_vignettes", [])):
            if v["step"] in ("ems", "ed"):
                continue
            match = _SEVERE_STEM.search(f"{v['story']} {v['exam']}")
            if match:
                yield (
                    entry,
                    f"study_vignettes[{n}].step",
                    f"keyed {v['step']!r}, yet the stem reports {match.group(0)!r}",
                )
            for field, text in [("why", v["why"]), *((f"not.{k}", w) for k, w in v["not"].items())]:
                if _CONCEDES_SEVERE.search(text):
                    yield entry, f"study_vignettes[{n}].{field}", "a reason for a slower step concedes severe pain"


# The templates these two bank rules hold to; another template joins by adding its id prefix.
STRICT_TEMPLATES = ("rf-next", "rf-cues")
DEAD_AT_LEAST = 3  # an option offered this often and never keyed is a dead distractor
NEAR_SHARE = 0.6  # content words two stems share, of all they use, for them to be near-duplicates


def _strict_candidates(entries: Entries) -> dict[str, list]:
    found: dict[str, list] = {}
    for c in _candidates(entries):
        template = c.question.id.split(":", 1)[0]
        if template in STRICT_TEMPLATES:
            found.setdefault(template, []).append(c)
    return found


@rule(
    "question-dead-option",
    "an option a question template offers again and again is never its answer",
    "A distractor that is never the key (item review 2026-12-04: 'Continue the plan' offered in "
    "all 146 red-flag next-step items and keyed in none) is eliminated by a test-wise candidate "
    "without any knowledge, so each item is a choice among fewer options than it shows. Each "
    "option a template offers at least 3 times must be the answer of at least one of its items "
    "(benign mimics keyed to continuing treatment, routine letters where the data supports them). "
    "The one exception is the red-flag holding steps (notice study-next-steps: resting and "
    "rechecking, phoning the physician's office to ask what to do, asking for radiographs), which are "
    "never right where a red flag or its mimic is in question and are offered as the mistakes an "
    "under-prepared clinician makes.",
)
def _dead_option(entries: Entries) -> Iterator[Finding]:
    notice = entries.get("notices", {}).get("study-next-steps")
    points = notice.data.get("points", []) if notice else []
    # the radiograph step names the films a vignette asks for ({region}: xray_region), so it is
    # matched whatever the region
    holding = [
        re.compile(re.escape(text).replace(re.escape("{region}"), ".+"))
        for kind, text in zip(ORDER, points, strict=False)
        if kind in HOLDING
    ]
    for template, found in _strict_candidates(entries).items():
        offered: dict[str, list] = {}
        keyed: set[str] = set()
        for c in found:
            q = c.question
            keyed.add(q.choices[q.answer])
            for choice in q.choices:
                offered.setdefault(choice, []).append(c)
        for choice, having in offered.items():
            if template == "rf-next" and any(h.fullmatch(choice) for h in holding):
                continue
            if choice not in keyed and len(having) >= DEAD_AT_LEAST:
                yield (
                    having[0].entry,
                    "id",
                    f"template {template}: {choice!r} is offered in {len(having)} items and the answer of none",
                )


@rule(
    "question-near-duplicate",
    "two items of a template about one entry share most of their stem and their answer",
    "Enemy items (item review 2026-12-04: two pneumothorax items whose stems differed by one "
    "finding, same key) test the same thing twice and cue each other in a deck; a template must "
    "write fewer, distinct items instead. Two items count when they are about the same entry, "
    "have the same answer, and their stems share 60% or more of the content words they use.",
)
def _near_duplicate(entries: Entries) -> Iterator[Finding]:
    for template, found in _strict_candidates(entries).items():
        groups: dict[tuple[str, str], list] = {}
        for c in found:
            q = c.question
            groups.setdefault((c.entry.id, q.choices[q.answer]), []).append(c)
        for group in groups.values():
            words = [content_words(c.question.stem) for c in group]
            for i in range(len(group)):
                for j in range(i + 1, len(group)):
                    union = words[i] | words[j]
                    if union and len(words[i] & words[j]) / len(union) >= NEAR_SHARE:
                        yield (
                            group[j].entry,
                            "id",
                            f"template {template}: {group[j].question.id} repeats most of "
                            f"{group[i].question.id} with the same answer",
                        )


# Words about this site's data rather than the patient (item review round 4, class 4: "the flag's
# emergency department branch", "which is when the flag sends him"), or a blanket "no red-flag feature"
# in place of the findings that are absent (item review round 11, #33: "none of the malignancy
# features" for a patient whose age is one).
_PROJECT_WORDS = re.compile(
    r"\bthe flag\b|\bflag's\b|\bbranch\b|\bthe data\b|\blisted\b|\bthis (site|reference|website)\b|"
    r"\bred[- ]flag (feature|sign)s?\b",
    re.IGNORECASE,
)
# A confusion's text that speaks about one patient, although it is shown with every vignette of the
# flag (item review round 4, class 3: "here the pain is spinal and tender to percussion" under a
# stem with no percussion finding).
_ABOUT_A_PATIENT = re.compile(
    r"\bhere\b|\bthis (patient|pain|picture|case)\b|\bnone of (which|these|this)\b|"
    r"\b(is|are) (not )?(reported|described|present|absent)\b|\bthe key finding\b",
    re.IGNORECASE,
)


@rule(
    "red-flag-study-wording",
    "a red-flag study reason argues from this site's data, or a confusion speaks about one patient",
    "Candidates read these reasons as the feedback of an exam item, so each argues clinically from "
    "the findings (item review round 4: 'the flag's emergency department branch', 'which is when "
    "the flag sends him'), and names the findings that are absent rather than 'no red-flag feature', "
    "a claim the candidate cannot check against the stem (item review round 11: 'none of the "
    "malignancy features' for a 52-year-old, whose age is one). A confusion (`study_confusions.how_to_tell`) describes the other flag "
    "for all the flag's patients, so it says only what that flag would show, never what one "
    "patient has (item review round 4: reasons citing percussion tenderness and night pain that "
    "the stem did not have); a vignette's own `cues_not` reasons say that.",
)
def _study_wording(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        data = entry.data
        for n, v in enumerate(data.get("study_vignettes", [])):
            texts = {"why": v["why"], "clue": v.get("clue", "")}
            texts.update({f"not.{k}": t for k, t in v["not"].items()})
            texts.update({f"cues_not[{i}].why": c["why"] for i, c in enumerate(v.get("cues_not", []))})
            for field, text in texts.items():
                match = _PROJECT_WORDS.search(text)
                if match:
                    yield entry, f"study_vignettes[{n}].{field}", f"speaks of the site's data ({match.group(0)!r})"
        for n, c in enumerate(data.get("study_confusions", [])):
            for pattern, what in ((_PROJECT_WORDS, "the site's data"), (_ABOUT_A_PATIENT, "one patient")):
                match = pattern.search(c["how_to_tell"])
                if match:
                    yield entry, f"study_confusions[{n}].how_to_tell", f"speaks of {what} ({match.group(0)!r})"


# UK guideline cut-offs and UK service words, which a US candidate is not taught (item review
# round 20: NICE CG95's "12 to 72 hours" and NG12's "weight loss at 55 ... urgent endoscopy").
# The flag's `action` may cite its UK source; a vignette teaches the tier without the band.
_UK_BANDS = re.compile(
    r"\bNICE\b|\b\d+ to \d+ hours\b|\bwithin (the last |the past )?12 hours\b|\b(at|aged) \d+ or over\b|"
    r"\b\d+ or over\b|\bunder 55\b|\bat 55\b|\burgent endoscopy\b|\bA&E\b|\btwo-week wait\b|\b2WW\b|"
    r"\bsuspected[- ]cancer pathway|\bGP\b",
)


@rule(
    "red-flag-uk-threshold",
    "a red-flag study vignette teaches a UK guideline cut-off or service",
    "The study bank is for the US NPTE. A vignette reason that states NICE's time or age bands "
    "as the rule ('an episode 12 to 72 hours ago calls for a same-day assessment', 'weight loss "
    "at 55 with reflux calls for an urgent endoscopy') teaches a cut-off US guidance does not "
    "use (item review round 20, 2042 #18 and #57). Say what the findings call for (evaluation "
    "today, including an ECG and troponin; weight loss is an alarm feature at any age), keeping "
    "the tier the flag's action gives.",
)
def _uk_threshold(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        texts = {k: v.get(k, "") for k in ("story", "exam", "setting", "why", "clue")}
        texts.update({f"not.{k}": t for k, t in v["not"].items()})
        texts.update({f"cues_not[{i}].why": c["why"] for i, c in enumerate(v.get("cues_not", []))})
        for field, text in texts.items():
            match = _UK_BANDS.search(text)
            if match:
                yield entry, f"study_vignettes[{n}].{field}", f"teaches a UK cut-off or service ({match.group(0)!r})"


_VITALS = re.compile(r"\bpulse\b|\bblood pressure\b|\bheart rate\b|\bsaturation\b|\bSpO2\b", re.IGNORECASE)


@rule(
    "red-flag-vignette-vitals",
    "a red-flag study vignette offers an ambulance or the emergency department without a pulse or blood pressure",
    "Whether a patient goes by ambulance, is driven to the emergency department or is seen later "
    "rests on whether they are stable; a stem that offers those steps must show it (item review "
    "round 4: 'Send to the emergency department' against 'Call emergency services' with no vital "
    "signs to choose by, and a 64-year-old's exertional band pain keyed musculoskeletal without "
    "vital signs).",
)
def _vignette_vitals(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if {"ems", "ed"} & {v["step"], *v["not"]} and not _VITALS.search(v["exam"]):
            yield (
                entry,
                f"study_vignettes[{n}].exam",
                "offers an ambulance or the emergency department, but gives no pulse or blood pressure",
            )


@rule(
    "red-flag-cues-distractor",
    "a which-flag vignette offers a wrong flag that this patient's age or sex rules out, that is not another flag, or that is a general warning fitting most flags",
    "A distractor is plausible only if a minimally competent candidate would weigh it for THIS "
    "patient (item review round 5: 'Inflammatory spondyloarthritis' offered for a 79-year-old, "
    "whose own reason said it starts before 45; giant cell arteritis for a 42-year-old; an "
    "abdominal aortic aneurysm for young women). Each wrong flag a vignette chooses for its "
    "which-flag question (`cues_not`) must have a typical "
    "patient (`study_patient`: age range, and sex where the flag has one) that includes the "
    "vignette's patient; choose another flag rather than explain the mismatch. A wrong flag is "
    "also never the flag itself, nor offered twice, nor a general warning that fits most flags' "
    "pictures (`study_umbrella`; item review round 8: 'Non-mechanical or unresolving pain' offered "
    "against spondyloarthritis, which that presentation also meets, its reason conceding only that "
    "it was 'the weaker answer'). A wrong choice may also be a musculoskeletal condition "
    "(`condition`), whose `typical_patient` must include the patient in the same way.",
)
def _cues_distractor(entries: Entries) -> Iterator[Finding]:
    flags = entries["red_flags"]
    for entry in flags.values():
        data = entry.data
        for n, v in enumerate(data.get("study_vignettes", [])):
            if not asks_which_flag(v):
                if v.get("cues_not"):
                    yield (
                        entry,
                        f"study_vignettes[{n}].cues_not",
                        "a mimic or which_flag: false vignette has no which-flag item",
                    )
                continue
            wrong = [
                (
                    c.get("flag") or c.get("condition"),
                    f"study_vignettes[{n}].cues_not[{i}].{'flag' if 'flag' in c else 'condition'}",
                )
                for i, c in enumerate(v.get("cues_not", []))
                if "flag" in c
                or "condition" in c  # a condition outside the reference: rule red-flag-cues-outside-label
            ]
            match = PATIENT.match(v["patient"])
            seen: set[str] = set()
            for other, field in wrong:
                if other == entry.id or other in seen:
                    yield entry, field, f"{other!r} is the key or offered twice"
                seen.add(other)
                if other in flags and flags[other].data.get("study_umbrella"):
                    yield entry, field, f"{other!r} is a general warning that also fits this picture"
                if field.endswith(".condition"):  # a condition's typical patient (data/conditions.yml)
                    condition = entries.get("conditions", {}).get(other)
                    typical = condition.data.get("typical_patient") if condition else None
                else:
                    typical = flags[other].data.get("study_patient") if other in flags else None
                if not match or not typical:
                    continue
                age, sex = int(match.group(1)), match.group(2)
                age_fits, sex_fits = _fits(typical, age, sex)
                if not age_fits:
                    yield (
                        entry,
                        field,
                        f"{other!r}: a {age}-year-old is outside its typical {typical['age_from']}-{typical['age_to']}",
                    )
                if not sex_fits:
                    yield entry, field, f"{other!r}: a {sex}, where its typical patient is {typical['sex']}"


_ED_ALTERNATIVE = re.compile(r"same day by [^.]*\bor the emergency department", re.IGNORECASE)


@rule(
    "red-flag-ed-alternative",
    "a same-day vignette offers the emergency department as a wrong step where its flag's action allows it or US practice would send the patient there",
    "Where a flag's action lets the same-day assessment happen at the emergency department ('the "
    "same day by the patient's physician or the emergency department'), driving the patient there "
    "now is also right, so a same-day item that offers it as a wrong step has two defensible "
    "answers (item review round 8 #20, vascular thoracic outlet syndrome). The same holds where "
    "the same-day assessment needs tests that a US patient usually gets that day only in the "
    "emergency department (`study_same_day_at_ed`): an ECG and troponin two days after exertional "
    "angina, artery imaging four days after a transient ischaemic attack, spinal MRI for a "
    "possible spinal infection (item review round 18, A: keys decided by UK timing rules a US "
    "candidate does not share). Such a vignette offers another wrong step instead.",
)
def _ed_alternative(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        allows = _ED_ALTERNATIVE.search(entry.data["action"])
        if not allows and not entry.data.get("study_same_day_at_ed"):
            continue
        why = "the action also allows" if allows else "US practice usually means"
        for n, v in enumerate(entry.data.get("study_vignettes", [])):
            if v["step"] == "same-day" and "ed" in v["not"]:
                yield entry, f"study_vignettes[{n}].not.ed", f"{why} the emergency department today"


# A reason against the car that grants the patient is stable (item review round 12, class 10: "His
# pulse and blood pressure are normal, but ..." beside an ambulance key).
_CONCEDES_STABLE = re.compile(
    r"\b(vital signs|pulse|blood pressure)\b[^.;]*\b(is|are) (normal|steady|stable)\b", re.IGNORECASE
)


@rule(
    "red-flag-ambulance-stable",
    "a red-flag study vignette keyed to an ambulance offers driving to the emergency department while its reason grants normal vital signs",
    "Calling an ambulance rather than having someone drive the patient to the emergency department "
    "is the one best answer only when the stem shows why a car is unsafe: unstable vital signs, "
    "breathing difficulty or an active neurological emergency. Where the reason against the car "
    "concedes that the pulse, blood pressure or vital signs are normal, both steps are defensible "
    "(item review round 12, #24 and #40: a stable postpartum woman and a stable woman with cord "
    "compression, whose own flag allows either route). Offer another wrong step instead.",
)
def _ambulance_stable(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if v["step"] == "ems" and "ed" in v["not"]:
            match = _CONCEDES_STABLE.search(v["not"]["ed"])
            if match:
                yield entry, f"study_vignettes[{n}].not.ed", f"grants {match.group(0)!r}; offer another step"


# A flag's action that treats a suspected fracture as unstable until imaging has excluded one.
_UNSTABLE = re.compile(r"\bunstable fracture\b", re.IGNORECASE)


@rule(
    "red-flag-spinal-transport",
    "a possible spinal fracture's study vignette offers both an ambulance and the emergency department, or keys a car journey for a fracture its flag treats as unstable",
    "For a possible spinal fracture the choice between an ambulance and someone driving the "
    "patient to the emergency department rests on soft cues (the day after, walked in, pain 5/10 "
    "rather than 7/10), and spinal motion restriction after high-energy trauma with midline "
    "tenderness makes the ambulance at least as defensible (item review round 22, class 1: a fall "
    "from a horse with midline tenderness keyed to the car beside the ambulance; a fracture of a "
    "fused spine, which is presumed unstable, keyed to the car). One rule holds for every vignette "
    "of a spinal fracture flag (category fracture, a midline location): the key is the ambulance "
    "where the flag's action calls emergency services (neurological signs, severe pain, breathing "
    "difficulty, a sense of movement, a head that cannot be held up), otherwise the emergency "
    "department; the item offers one of the two, never both, so it tests the tier rather than the "
    "means of transport (and beside a slower key the two are not dropped as a pair); and a flag "
    "whose action treats the fracture as unstable is never keyed to the car.",
)
def _spinal_transport(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        data = entry.data
        if data["category"] != "fracture" or "midline" not in data.get("locations", []):
            continue
        unstable = _UNSTABLE.search(data["action"])
        for n, v in enumerate(data.get("study_vignettes", [])):
            step = v["step"]
            if {"ems", "ed"} <= {step, *v["not"]}:
                wrong = "ed" if step == "ems" else "ems"
                yield entry, f"study_vignettes[{n}].not.{wrong}", f"keyed {step!r}, yet it offers both emergency steps"
            if unstable and step == "ed":
                yield entry, f"study_vignettes[{n}].step", "keyed to a car journey for a fracture treated as unstable"


# The stem's vital signs that settle how a patient keyed to the emergency department travels (item
# review round 15, R15b #23: a man with fever, rigors and a pulse of 96 keyed to a car with no
# respiratory rate or saturation given, so calling emergency services was as defensible).
_RESP_RATE = re.compile(
    r"\brespiratory rate\b|\bbreath(e|es|ing)? \d+ times\b|\bbreaths? (a|per) minute\b", re.IGNORECASE
)
_SATURATION = re.compile(r"\bsaturation\b|\bSpO2\b", re.IGNORECASE)
_PULSE = re.compile(r"\bpulse\b|\bheart rate\b", re.IGNORECASE)
_PRESSURE = re.compile(r"\bblood pressure\b", re.IGNORECASE)


@rule(
    "red-flag-ed-complete-vitals",
    "a red-flag study vignette keyed to the emergency department does not give pulse, blood pressure, respiratory rate and oxygen saturation",
    "Having someone drive the patient to the emergency department rather than calling an ambulance "
    "is the one best answer only when the stem shows the patient is stable enough to travel by car "
    "(item review round 15, R15b #23: fever with rigors and a pulse of 96/min, no respiratory rate "
    "or oxygen saturation, so early sepsis could not be screened and calling emergency services was "
    "defensible). A vignette keyed to the emergency department gives all four: pulse, blood "
    "pressure, respiratory rate and oxygen saturation.",
)
def _ed_complete_vitals(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if v["step"] != "ed":
            continue
        stem = f"{v['story']} {v['exam']}"
        missing = [
            name
            for name, pattern in (
                ("pulse", _PULSE),
                ("blood pressure", _PRESSURE),
                ("respiratory rate", _RESP_RATE),
                ("oxygen saturation", _SATURATION),
            )
            if not pattern.search(stem)
        ]
        if missing:
            yield entry, f"study_vignettes[{n}].exam", f"keyed 'ed' without {', '.join(missing)} in the stem"


@rule(
    "red-flag-phone-emergency-only",
    "a red-flag study vignette offers phoning the physician's office for advice when its key is not an ambulance or the emergency department",
    "Phoning the physician's office today is how a US physical therapist arranges a same-day, "
    "same-or-next-day or urgent suspected-cancer assessment, and going on with a safe session is "
    "not unsafe, so beside such a key phoning the physician's office for advice and going on with "
    "the session is half right (item review round 15, R15a #39, #42, #47 and R15b #9); beside a benign "
    "mimic or a routine letter it is no clearer. It is clearly wrong only where the findings call "
    "for an ambulance or the emergency department, where advice by phone delays emergency care. "
    "Offer it only there; elsewhere offer a step that is clearly deficient for this patient (the "
    "routine letter or treating the problem as musculoskeletal where the delay matters, or another "
    "rung).",
)
def _phone_emergency_only(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if "phone" in v["not"] and v["step"] not in ("ems", "ed"):
            yield (
                entry,
                f"study_vignettes[{n}].not.phone",
                f"keyed {v['step']!r}, yet it offers 'phone'; phoning the office is how that step is arranged",
            )


@rule(
    "red-flag-recheck-emergency-only",
    "a red-flag study vignette offers resting and rechecking in 15 minutes when its key is not an ambulance or the emergency department",
    "Resting the patient and rechecking in 15 minutes tempts a clinician only where the symptoms "
    "began within the session or the last few hours and might pass, as in an ambulance item for a "
    "pneumothorax, stroke signs, pneumonia with a low saturation or cardiac ischaemia. After days "
    "or months of symptoms nobody waits 15 minutes to see, so the step is a throwaway and the item "
    "has one option fewer than it shows (item review round 16: a recheck offered for an "
    "eight-month myelopathy, a four-day rib fracture, two weeks of painful swallowing, a shingles "
    "rash and a temporal headache). The sound proxy for an acute onset is the key: the recheck is "
    "offered only beside an ambulance or emergency-department key, as phoning for advice is. "
    "Elsewhere offer the rung next to the key that the findings make tempting. The one exception "
    "is a same-day key for symptoms that began within the session or the last few hours "
    "(`onset_hours`: colic that woke the patient this morning, an attack that began after lunch), "
    "where waiting to see whether they pass is the temptation; there a recheck may be offered, so "
    "that a holding step does not always sit beside the most urgent option shown (item review "
    "round 18, H: where a recheck or a phone call appeared, the key was the most urgent option).",
)
def _recheck_emergency_only(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        acute_same_day = v["step"] == "same-day" and v.get("onset_hours")
        if "recheck" in v["not"] and v["step"] not in ("ems", "ed") and not acute_same_day:
            yield (
                entry,
                f"study_vignettes[{n}].not.recheck",
                f"keyed {v['step']!r}, yet it offers 'recheck'; waiting 15 minutes tempts only in an acute emergency",
            )


# The flags whose picture is vital signs and symptoms that can change within minutes (a pulse,
# a pressure, breathlessness, pain that comes in waves), where resting and rechecking is the
# temptation; and the vital signs that might settle with rest in any other flag's stem (a fast
# pulse or breathing, a low saturation after a blow to the chest).
RECHECK_CATEGORIES = frozenset({"cardiopulmonary", "vascular", "visceral", "infection"})
_UNSETTLED_VITALS = re.compile(
    r"\bsaturation (?:is )?(?:[0-8]\d|9[0-4])%|\brespiratory rate (?:is )?(?:2[1-9]|[3-9]\d)/min|"
    r"\bpulse (?:is )?1\d\d/min",
    re.IGNORECASE,
)


@rule(
    "red-flag-recheck-settles",
    "a red-flag study vignette offers resting and rechecking in 15 minutes where no vital sign or symptom could settle with rest",
    "Resting the patient and rechecking in 15 minutes tempts a clinician only where something the "
    "recheck measures could settle with rest: a pulse, a blood pressure, breathlessness or a low "
    "saturation, pain that comes and goes. Beside a suspected fracture, high-energy spinal trauma "
    "or a compressed cord with normal vital signs, nothing a recheck measures would change, so no "
    "under-prepared clinician weighs it and the item has one option fewer than it shows (item "
    "review round 38, 3801 #2 and #16: a recheck beside an osteoporotic fracture and after a "
    "3-metre fall). It is offered only for a flag whose category is cardiopulmonary, vascular, "
    "visceral or infection, or where the stem reports a vital sign that might settle (a pulse of "
    "100/min or more, a respiratory rate over 20/min, a saturation of 94% or less). Elsewhere "
    "offer a near-miss from the action ladder that this picture invites.",
)
def _recheck_settles(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if "recheck" not in v["not"] or entry.data["category"] in RECHECK_CATEGORIES:
            continue
        if not _UNSETTLED_VITALS.search(f"{v['story']} {v['exam']}"):
            yield (
                entry,
                f"study_vignettes[{n}].not.recheck",
                f"category {entry.data['category']!r} with no vital sign that rest could settle; offer a near-miss instead",
            )


# The flags for which asking for radiographs is a step a clinician might take: bony or
# spinal problems (a fracture, a tumour, cord or inflammatory disease, unresolving spinal pain), and
# any other flag that is a spinal cause able to compress the cord (`study_produces`: an infection of
# the spine), so the rule reads the data rather than a list of ids.
XRAY_CATEGORIES = frozenset({"fracture", "malignancy", "neurological", "inflammatory", "other"})


@rule(
    "red-flag-xray-bony-only",
    "a red-flag study vignette offers radiographs for a flag that is not a bony or spinal problem",
    "Asking the physician to order radiographs tempts a clinician only where imaging the "
    "spine or ribs is a reasonable next step: a fracture, a tumour, an infection of the spine, cord "
    "or inflammatory spinal disease, unresolving spinal pain. For a blistering rash, a temporal "
    "headache, a chest, abdominal or vascular cause no one would order them, so the step is a "
    "throwaway (item review round 16: radiographs for shingles, and for giant cell arteritis, where "
    "with a recheck beside it the key was the only option that reached a physician). Radiographs "
    "are offered only for flags whose category is fracture, malignancy, neurological, inflammatory "
    "or other, and for a flag that is a spinal cause of cord compression (`study_produces`, as "
    "for suspected spinal infection); and for a benign mimic of any flag, whose picture "
    "is a strain or joint problem of the thoracic spine or ribs, where radiographs are the "
    "over-investigation a clinician might reach for. The step names the films (`xray_region`: "
    "thoracic spine unless the vignette names rib, chest or other films), and its reason rebuts "
    "those films (item review round 34, 3482 #48).",
)
def _xray_bony_only(entries: Entries) -> Iterator[Finding]:
    for entry in entries["red_flags"].values():
        if entry.data["category"] in XRAY_CATEGORIES or entry.data.get("study_produces"):
            continue
        for n, v in enumerate(entry.data.get("study_vignettes", [])):
            if "xray" in v["not"] and not v.get("mimic"):
                yield (
                    entry,
                    f"study_vignettes[{n}].not.xray",
                    f"category {entry.data['category']!r}: radiographs are no step anyone takes for this flag",
                )


# A stem that reports a negative screen (item review round 12, #51: "A full repeat red-flag screen is
# negative", then "Which red flag ...?", each wrong flag struck out by a stated negative).
_NEGATIVE_SCREEN = re.compile(r"\bscreen(ing)?\b[^.]*\b(is|was|are|were) (negative|normal)\b", re.IGNORECASE)


@rule(
    "red-flag-cues-negative-screen",
    "a which-flag vignette reports a negative red-flag screen",
    "A which-flag item asks which red flag a picture most suggests; after a stem that says the "
    "repeat screen is negative, every wrong flag is struck out by a stated negative and the key is "
    "found by elimination (item review round 12, #51, unresolving pain). Such a vignette is asked "
    "only as a next-step item (`which_flag: false`).",
)
def _cues_negative_screen(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if not asks_which_flag(v):
            continue
        match = _NEGATIVE_SCREEN.search(f"{v['story']} {v['exam']}")
        if match:
            yield entry, f"study_vignettes[{n}].which_flag", f"the stem reports {match.group(0)!r}"


@rule(
    "red-flag-cues-required",
    "a which-flag vignette does not choose its own wrong flags (cues_not)",
    "A which-flag item's wrong choices must be plausible for THIS patient and each reason must say "
    "which finding of THIS stem argues against that flag (item review round 5: the same three "
    "confusions, with one generic sketch each, offered for every vignette of a flag whatever the "
    "patient's age, and reasons that said why the key fits rather than why the distractor fails). "
    "So every vignette that is neither a benign mimic nor marked `which_flag: false` lists its "
    "three wrong flags in `cues_not`, each with its own reason.",
)
def _cues_required(entries: Entries) -> Iterator[Finding]:
    for entry, n, v in _vignettes(entries):
        if asks_which_flag(v) and not v.get("cues_not"):
            yield entry, f"study_vignettes[{n}].cues_not", "a which-flag vignette without its three wrong flags"


def _produces(flags: dict, cause: str) -> set[str]:
    """The syndromes (other red flags) a flag's condition can produce, as its `study_produces` names them."""
    return set(flags[cause].data.get("study_produces", [])) if cause in flags else set()


def _cause_beside_syndrome(flags: dict, key: str, other: str) -> str | None:
    """Why offering `other` beside the keyed `key` mixes a cause with the syndrome it produces, or None."""
    if key in _produces(flags, other):
        return f"{other!r} can produce the keyed {key!r}; offer another syndrome or condition, not one of its causes"
    if other in _produces(flags, key):
        return f"the keyed {key!r} can produce {other!r}; offer another condition, not a syndrome it produces"
    return None


@rule(
    "red-flag-cues-cause-beside-syndrome",
    "a which-flag question offers a syndrome beside a cause that can produce it",
    "The options of a which-condition question must exclude each other. A spinal metastasis, "
    "abscess or fracture is one of the causes of cord compression or myelopathy, so 'Spinal "
    "malignancy' offered beside the keyed 'Acute spinal cord compression' may be just as true for "
    "the same patient, and a reason such as 'she has never had cancer' cannot rule it out, since "
    "compression is often the first sign of a cancer (item review round 14, class 3, #13, #17, #46, "
    "#55). Which causes produce which syndromes is stored once, on the cause (`study_produces`); a "
    "question keyed to a syndrome offers other syndromes or conditions, never one of its causes, "
    "and a question keyed to a cause never offers a syndrome it produces. This holds for the "
    "vignettes' `cues_not` and for the red-flag questions of cases (`red_flag_choices`).",
)
def _cues_cause_beside_syndrome(entries: Entries) -> Iterator[Finding]:
    flags = entries["red_flags"]
    for entry in flags.values():
        for n, v in enumerate(entry.data.get("study_vignettes", [])):
            for i, c in enumerate(v.get("cues_not", [])):
                if "flag" not in c:
                    continue  # a musculoskeletal condition is no cause of a flag's syndrome here
                why = _cause_beside_syndrome(flags, entry.id, c["flag"])
                if why:
                    yield entry, f"study_vignettes[{n}].cues_not[{i}].flag", why
    for case in entries.get("cases", {}).values():
        for n, q in enumerate(case.data.get("questions", [])):
            if "red_flag" not in q:
                continue
            for i, other in enumerate(q.get("red_flag_choices", [])):
                why = _cause_beside_syndrome(flags, q["red_flag"], other)
                if why:
                    yield case, f"questions[{n}].red_flag_choices[{i}]", why


# An option that joins two conditions ("Kidney infection or stone", "Pneumonia or pleurisy") or
# names a mechanism rather than a condition ("Major spinal or thoracic trauma", which the stem's
# crash restates): item review round 15, R15b #1 and #8.
_TWO_CONDITIONS = re.compile(r"\b(or|and)\b|\btrauma\b", re.IGNORECASE)


@rule(
    "red-flag-cues-one-condition",
    "a which-flag question's choice joins two conditions, or names a mechanism rather than a condition",
    "A which-condition question asks for a diagnosis, so every choice names one condition. "
    "'Kidney infection or stone' put two conditions in one choice, one of which did not fit an "
    "afebrile man with colic, and 'Major spinal or thoracic trauma' restated the crash the stem "
    "had just described, so the bilateral hand signs never needed interpreting (item review round "
    "15, R15b #1 and #8). Each flag offered in a which-flag question has a `study_label` naming one "
    "condition; where a vignette's picture is narrower, it names the key with `cues_label` and a "
    "wrong choice with `label`; where no honest condition name exists, the vignette is asked only "
    "as a next-step item (`which_flag: false`).",
)
def _cues_one_condition(entries: Entries) -> Iterator[Finding]:
    flags = entries["red_flags"]
    for entry in flags.values():
        for n, v in enumerate(entry.data.get("study_vignettes", [])):
            if not asks_which_flag(v):
                continue
            key = v.get("cues_label") or option(entry.data)
            where = f"study_vignettes[{n}].cues_label" if v.get("cues_label") else "study_label"
            if _TWO_CONDITIONS.search(key):
                yield entry, where, f"the key {key!r} is not one condition"
            for i, c in enumerate(v.get("cues_not", [])):
                if c.get("label"):
                    label, field = c["label"], f"study_vignettes[{n}].cues_not[{i}].label"
                elif c.get("flag") in flags:
                    label, field = option(flags[c["flag"]].data), f"study_vignettes[{n}].cues_not[{i}].flag"
                else:
                    continue
                if _TWO_CONDITIONS.search(label):
                    yield entry, field, f"{label!r} is not one condition"


def _entry_labels(entries: Entries) -> dict[str, str]:
    """Every name a flag or condition entry goes by in a which-flag question, lower-cased, with the
    entry it names: its name, its study label and its option wording."""
    names: dict[str, str] = {}
    for entry in entries["red_flags"].values():
        for label in (entry.data["name"], option(entry.data)):
            names[label.lower()] = entry.id
    for entry in entries.get("conditions", {}).values():
        for label in (entry.data["name"], entry.data.get("study_label") or ""):
            if label:
                names[label.lower()] = entry.id
    return names


# At most one which-flag vignette in this many may offer a condition outside the reference.
OUTSIDE_SHARE = 6


@rule(
    "red-flag-cues-outside-label",
    "a which-flag choice outside the reference names a flag or condition entry, or such choices are not used sparingly",
    "Where the true differential of a picture is a condition the reference has no entry for, a "
    "vignette may offer it as a wrong choice by its `label` alone (item review round 16: a slowly "
    "progressive thoracic myelopathy offered beside shingles and cervical arterial dysfunction, "
    "when cervical myelopathy, vitamin B12 deficiency and polyneuropathy are what a clinician "
    "weighs). Such a label never names a flag or a condition of the reference, which are chosen "
    "by `flag` or `condition` so that their rules (typical patient, cause beside syndrome) apply, "
    "and it is used sparingly: at most one which-flag vignette in six offers one (one in eight until "
    "round 24, when reviewers kept asking for true differentials the reference has no entry for: "
    "polymyalgia rheumatica beside giant cell arteritis, cervical radiculopathy or a brachial plexus "
    "traction injury beside a cord injury).",
)
def _cues_outside_label(entries: Entries) -> Iterator[Finding]:
    names = _entry_labels(entries)
    asked = using = 0
    last = None
    for entry, n, v in _vignettes(entries):
        if not asks_which_flag(v):
            continue
        asked += 1
        outside = [(i, c) for i, c in enumerate(v.get("cues_not", [])) if "flag" not in c and "condition" not in c]
        if outside:
            using += 1
            last = (entry, f"study_vignettes[{n}].cues_not[{outside[0][0]}].label")
        for i, c in outside:
            named = names.get(c.get("label", "").lower())
            if named:
                yield (
                    entry,
                    f"study_vignettes[{n}].cues_not[{i}].label",
                    f"{c['label']!r} names the entry {named!r}; choose it by `flag` or `condition`",
                )
    if last and using * OUTSIDE_SHARE > asked:
        yield (
            *last,
            f"{using} of {asked} which-flag vignettes offer a condition outside the reference; at most one in {OUTSIDE_SHARE}",
        )


@rule(
    "red-flag-vignette-dropped",
    "a red-flag study vignette's question is kept out of the bank by an item-writing check",
    "The templates leave out any question that breaks an item-writing standard (a stem that names "
    "the page, a key that shares a word only with the stem). For the generated templates that is a "
    "filter; a red-flag vignette is written by hand, and its question vanished without a word "
    "(item review round 17: 'Bile duct infection (cholangitis)' was the only option with a gloss "
    "in brackets, and the item was gone). The check and its detail name what to change.",
)
def _vignette_dropped(entries: Entries) -> Iterator[Finding]:
    flags = entries.get("red_flags", {})
    for candidate, found in getattr(_candidates(entries), "dropped", ()):
        template, _, rest = candidate.question.id.partition(":")
        flag_id, _, n = rest.rpartition(":")
        if template in ("rf-next", "rf-cues") and flag_id in flags and n.isdigit():
            detail = "; ".join(f"{check}: {why}" for check, why in found)
            yield flags[flag_id], f"study_vignettes[{int(n) - 1}]", f"{candidate.question.id} is left out: {detail}"
