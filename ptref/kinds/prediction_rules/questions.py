"""Prediction-rule questions: a rule's validation status, and the rule applied to a patient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...model.kinds import KINDS, display_name
from ...study.questions import (
    PROPER_NAME,
    Candidate,
    _clause,
    _lower_first,
    _make,
    _sentence,
    condition_system,
    frame,
    frame_first,
    short_label,
)


def status(data: dict) -> str:
    return KINDS["prediction_rules"].value("status", data)


# ---- prediction rules ----------------------------------------------------------------------------
# The options: how far the rule's result may be relied on for the patient in the stem, from most to
# least, in a fixed order so that the scale reads as one (item review round 5, ORDER). None of them
# names the rule's stage, which the candidate works out from the studies the stem describes (item
# review round 20, 2042 class 1). Each carries its own idea (item review round 22, 2261 #39 and 2262
# #56: "let the score decide" and "rely on its estimate" said one thing, the key was the only
# hedged option, and "Leave it out" did not say what to leave out): "decide" lets a score make the
# decision; "estimate" uses the figures, hedged, because the patient resembles those studied, which
# is right only for a rule that held up in new patients; "prompt" keeps the items as prompts because
# the figures are untested; "setaside" disregards the rule's result because it failed (frames
# option-<stance>, and why-<stance>-<status> for the reason a stance is wrong for a status). For a
# rule that failed in new patients the wrong options are misreadings of the trial (its main effect
# taken as support for the rule, the first study's success rate carried over, the rule's failure
# taken as the treatment's), since "let the score decide" was a straw man and "its figures are
# untested" was contradicted by the stem (item review round 25, 2591 #7: option-<stance>-<status>).
# Each option is now a plain action and its justification lives in its reason: an action joined to
# a "because" clause let the key be found by spotting the false clause (item review round 43,
# 4302 #16).
STANCES = ("decide", "estimate", "prompt", "setaside")
# The stance each status makes right. An impact-tested rule is relied on like a validated one in
# patients like those studied. The data cannot tell a narrow validation from a broad one.
KEY_STANCE = {
    "derived-only": "prompt",
    "failed-validation": "setaside",
    "validated": "estimate",
    "impact-tested": "estimate",
}
PRONOUNS = {"woman": ("she", "her"), "man": ("he", "his")}


def _met(met: int, count: int) -> str:
    """How many of a rule's items the patient meets, as the stem and the options both say it ("all
    4", "5 of the 6"): option A said "most of its items" where the stem said "all 4" (item review
    round 21, 2152 #33)."""
    return f"all {count}" if met == count else f"{met} of the {count}"


def _option(stance: str, patient: str, met: str, value: str) -> str:
    """A stance as an option, in the wording its status gives it where it has one
    (option-<stance>-<status>): for a rule with only its derivation study, whose stem must say so,
    "as its figures are untested" reworded that sentence as the key and "as it failed when tested"
    was ruled out by it (item review round 24, 2482 #13 and #47), so there the key gives the reason
    a first study is not enough and the last option is a live misconception, that such a rule is of
    no use at all."""
    she, her = PRONOUNS[patient.rsplit(" ", 1)[1]]
    names = (f"option-{stance}-{value}", f"option-{stance}")
    return frame_first("prediction_rules", names, she=she, her=her, met=met)


def _why(stance: str, value: str, region: str | None, patient: str, design: str) -> str:
    """Why a stance is wrong for a status (why-<stance>-<status>), in the wording the rule's region
    gives it where it has one (why-<stance>-<status>-<region>): "as she is like the patients it was
    studied in" was answered with a generic point when the stem gave the decisive one, a low back
    pain rule and a patient with thoracic pain (item review round 25, 2592 #18)."""
    she, her = PRONOUNS[patient.rsplit(" ", 1)[1]]
    names = (f"why-{stance}-{value}-{region}", f"why-{stance}-{value}")
    return frame_first("prediction_rules", names, design=design, she=she, her=her, She=she.capitalize())


# Why the right status is right, from what the status means.
RIGHT = {
    "derived-only": "It has been studied only in the patients it was built from",
    "validated": "It held up when tested in patients other than those it was built from",
    "failed-validation": "It was tested in new patients and did not hold up",
    "impact-tested": "It held up in new patients, and a study has tested whether using it changes care",
}


# "Multicentre randomised trial by the same group, 140 patients with neck pain": the size after a
# comma read as a garbled apposition inside a sentence (item review round 22, 2262 #56), so it goes
# in brackets.
SIZE = re.compile(r",\s+(?=(?:over |about )?\d)")


def _study_phrase(step: dict) -> str:
    """A study's design from its finding's first clause, with its article and its size in brackets:
    "a prospective cohort (82 patients with neck pain, all treated with ...)"."""
    text = _lower_first(re.split(r"[;:]", re.split(r"(?<=\.)\s+", step["finding"])[0])[0].rstrip("."))
    head, *size = SIZE.split(text, maxsplit=1)
    if not size:
        phrase = head
    elif head.endswith(")"):  # "a ... study (STARD 2015), 85 patients": one pair of brackets
        phrase = f"{head[:-1]}; {size[0]})"
    else:
        phrase = f"{head} ({size[0]})"
    return f"{'an' if phrase[:1] in 'aeiou' else 'a'} {phrase}"


def _right(data: dict, value: str) -> str:
    """Why the rule's status is right, as RIGHT says, except for a rule that held up in one test in
    new patients and failed in another: "It was tested in new patients and did not hold up" would be
    false of the test it passed (item review round 15, R15a #4: the lumbar manipulation rule held up
    in its developers' trial and failed in an independent one), so both tests are named."""
    held = [s for s in data["evidence"] if s["step"] == "validation"]
    failed = [s for s in data["evidence"] if s["step"] == "failed-validation"]
    if value != "failed-validation" or not held or not failed:
        return RIGHT[value]

    return frame("prediction_rules", "status-mixed", held=_study_phrase(held[-1]), failed=_study_phrase(failed[-1]))


def _named(name: str) -> str:
    """A rule's name inside a sentence ("the thoracic manipulation rule for neck pain (Cleland 2007)")."""
    return _lower_first(name)


def _bare(name: str) -> str:
    """A rule's name without its "(Author year)", for a sentence whose evidence comes from another
    study: "the cervical radiculopathy test-item cluster (Wainner 2003) was tested in new patients"
    presented the derivation as its own validation (item review round 21, 2151 class 6)."""
    return _lower_first(re.sub(r"\s*\([^()]*\)\s*$", "", name))


# "Puentedura 2012 (cervical manipulation rule, derivation)": the gloss is the site's, not the source's.
TRAILING_GLOSS = re.compile(r"\s*\([^()]*\)\s*$")


def _cited(kb: KnowledgeBase, data: dict, value: str) -> str:
    """ " (source)" for the study that gives a rule its status, or "" when the data names none."""
    steps = [s for s in data["evidence"] if s["step"] in STUDY_STEP[value]]
    if not steps or steps[-1]["reference"] not in kb.entries["references"]:
        return ""
    shown = display_name("references", kb.get("references", steps[-1]["reference"]).data)
    return f" ({TRAILING_GLOSS.sub('', shown)})"


def _in_list(item: str) -> str:
    text = _clause(item)
    return text if PROPER_NAME.match(text) else _lower_first(text)


def _listed(items: list[str]) -> str:
    """ "a; b; and c" (items may contain commas)."""
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + "; and " + items[-1]


def _teaching(use: str) -> str:
    """A rule's advice for an explanation, without the bracketed note that a step is clinical
    convention (a note for the site's reader; item review round 7, D7)."""
    return _sentence(re.sub(r"\s*\(clinical convention\)", "", use))


# A validation whose figures the entry says were not seen ("figures not in the abstract"): the
# status "held up" would claim more than the entry read (item review round 8, #19).
UNSEEN = re.compile(r"figures not (in|seen)|not in the abstract|(were|was) not seen", re.I)
STUDY_STEP = {
    "derived-only": ("derivation",),
    "failed-validation": ("failed-validation",),
    "validated": ("validation",),
    "impact-tested": ("impact",),
}


def _deciding_study(data: dict, value: str) -> str | None:
    """The study that gives a rule its status, as a sentence a reason can end on ("A multicentre
    randomised trial by the same group, 140 patients with neck pain found that rule status did not
    change ..."), so that each reason gives the evidence instead of restating its option (item
    review round 8, R). None when the status rests on one study in new patients whose figures were
    not seen."""
    steps = [s for s in data["evidence"] if s["step"] in STUDY_STEP[value]]
    if not steps:
        return None
    step = steps[-1]
    if value in ("validated", "impact-tested") and len(steps) == 1 and UNSEEN.search(step["finding"]):
        return None
    sentences = re.split(r"(?<=\.)\s+", step["finding"])
    design = _study_phrase(step)
    if value == "derived-only":
        return f"Its only study is the one that built it, {design}."
    result = sentences[1] if len(sentences) > 1 else sentences[0]
    return f"{design[:1].upper()}{design[1:]} found that {_lower_first(result.rstrip('.'))}."


def _searched(data: dict) -> str:
    """The plain statement, dated once, that a rule has had no study in new patients: none was
    found by the search of its last review, which is not to say none exists (item review round 9,
    D6). Said once in the explanation, not in every reason (item review round 11, H: "as far as was
    found when the evidence was last reviewed" in all four reasons described the site's review)."""
    when = data.get("last_reviewed")
    try:
        until = f" to {date.fromisoformat(str(when)):%B %Y}"
    except ValueError:
        until = ""
    return f"No study has tested it in a new group of patients (none found in a search{until})."


def _design(data: dict, value: str) -> str:
    """The design of the study that gives a rule its status, with its article, as a plain noun
    phrase ("a multicentre randomised trial by the same group (140 patients with neck pain)")."""
    steps = [s for s in data["evidence"] if s["step"] in STUDY_STEP[value]]
    if not steps:
        return "a study in new patients"
    return _study_phrase(steps[-1])


def _facts(data: dict, value: str) -> str:
    """What the study that gives a rule its status did and saw, without its conclusion (the step's
    `facts`; item review round 19, #1: a stem that said "rule status did not change the effect" was
    answered by reading). Without `facts`, the study's design only."""
    steps = [s for s in data["evidence"] if s["step"] in STUDY_STEP[value]]
    if steps and steps[-1].get("facts"):
        return _lower_first(steps[-1]["facts"].rstrip("."))
    return _design(data, value)


def _asked(data: dict, value: str) -> str:
    """The stem: a patient who meets the rule's items, what the rule is for, what its studies did and
    saw, and a decision the rule would drive, so that the candidate works out the stage from the
    studies and applies it to the patient, rather than recalling an author and a year (item review
    round 18, #7), reading the stage off the stem (round 19, #1) or off a sentence that no other
    study was found (round 20, 2042 class 1)."""
    purpose = re.split(r";", data["purpose"])[0].rstrip(".")
    purpose = f"is {_lower_first(purpose)}" if purpose.startswith("Meant") else _lower_first(purpose)
    if value == "derived-only":
        studies = frame("prediction_rules", "studies-derived-only", facts=_facts(data, value))
    else:
        studies = frame(
            "prediction_rules", "studies-tested", built=_facts(data, "derived-only"), facts=_facts(data, value)
        )
    patient = data["status_patient"]
    she = PRONOUNS[patient["patient"].rsplit(" ", 1)[1]][0]
    return frame(
        "prediction_rules",
        "which-status",
        patient=patient["patient"],
        story=patient["story"].strip(),
        She=she.capitalize(),
        met=_met(patient["met"], len(data["items"])),
        rule=_lower_first(short_label(data)),
        purpose=_sentence(purpose),
        studies=studies,
        act=patient["act"].rstrip(".?"),
    )


def _prediction_rules(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    rules = kb.all("prediction_rules")
    for rule in rules:
        value = status(rule.data)
        steps = {s["step"] for s in rule.data["evidence"]}
        study = _deciding_study(rule.data, value)
        # None: the status rests on one study in new patients whose figures were not seen, and a
        # yes/no status would say more than that; the rule's item questions are still asked. A rule
        # that held up in one test and failed in another (the lumbar manipulation rule) has no one
        # stance that is right, and a rule without a status_patient has no patient to ask about.
        mixed = {"validation", "failed-validation"} <= steps
        if study is not None and not mixed and "status_patient" in rule.data:
            patient = rule.data["status_patient"]["patient"]
            met = _met(rule.data["status_patient"]["met"], len(rule.data["items"]))
            options = {stance: _option(stance, patient, met, value) for stance in STANCES}
            key = KEY_STANCE[value]
            # The study that decides the status is given once, in the key's reason; each wrong
            # option's reason argues that option (item review round 11, H: one sentence repeated in
            # all four reasons).
            right = study if value == "derived-only" else f"{_right(rule.data, value)}. {study}"
            right = f"{right} {frame('prediction_rules', f'right-{value}')}"
            reasons = {options[key]: f"Right: {right}"}
            design = _design(rule.data, value)
            for stance in STANCES:
                if stance == key:
                    continue
                reasons[options[stance]] = _sentence(_why(stance, value, rule.data.get("region"), patient, design))
            searched = f" {_searched(rule.data)}" if value == "derived-only" else ""
            yield _make(
                f"cpr-status:{rule.id}",
                "tests",
                _asked(rule.data, value),
                options[key],
                [options[s] for s in STANCES if s != key],
                f"The {_bare(rule.data['name'])} {_right(rule.data, value).removeprefix('It ')}"
                f"{_cited(kb, rule.data, value)}.{searched} " + _teaching(rule.data["use"]),
                rule,
                reasons,
                "application",  # the stage worked out from the studies and applied to a patient (round 20)
                "non-system",  # research and evidence-based practice (item review round 19, #2; round 20)
                "research-ebp",
                order=[options[s] for s in STANCES],
            )
        for n, case in enumerate(rule.data.get("study_vignettes", []), start=1):
            yield _applied(kb, rule, case, n, value)


def _status_said(kb: KnowledgeBase, data: dict, value: str) -> str:
    """How far the rule's studies have taken it, said plainly and never more strongly than they
    do: a validation whose figures the entry did not see is told in the study's own words
    (item review round 14, class 5: the items must state each rule's validation status)."""
    rule = _bare(data["name"])
    cited = _cited(kb, data, value)
    steps = [s for s in data["evidence"] if s["step"] in STUDY_STEP[value]]
    if value == "validated" and len(steps) == 1 and UNSEEN.search(steps[0]["finding"]):
        sentences = re.split(r"(?<=\.)\s+", steps[0]["finding"])
        seen = _clause(
            re.sub(r"\s*\([^()]*\)", lambda m: "" if UNSEEN.search(m.group(0)) else m.group(0), sentences[1])
        )
        return frame(
            "prediction_rules",
            "explain-status",
            rule=rule,
            meaning=f"was tested in new patients{cited}: {_lower_first(seen)}",
        )
    meaning = _lower_first(_right(data, value).removeprefix("It "))
    return frame("prediction_rules", "explain-status", rule=rule, meaning=f"{meaning}{cited}")


def _applied(kb: KnowledgeBase, rule: Entry, case: dict, n: int, value: str) -> Candidate | None:
    """A patient to whom the rule applies, and a question a clinician would face with that
    patient (which further finding raises suspicion, which plan the rule's studies support),
    never which author's rule an item belongs to (item review round 14, class 5). Options and
    their reasons come from the vignette in data/prediction_rules.yml; the explanation adds the
    rule's items, its validation status and, for a neck or low back rule, its region."""
    data = rule.data
    key = _clause(case["key"]["finding"])
    wrong = [_clause(w["finding"]) for w in case["wrong"]]
    reasons = {key: f"Right: {_sentence(case['key']['why'])}"}
    reasons.update({_clause(w["finding"]): _sentence(w["why"]) for w in case["wrong"]})
    region = data.get("region")
    explanation = " ".join(
        part
        for part in (
            _sentence(case["key"]["why"]),
            f"The {_named(data['name'])} has {len(data['items'])} items: "
            + _listed([_in_list(i) for i in data["items"]])
            + ".",
            _status_said(kb, data, value),
            frame("prediction_rules", f"region-{region}") if region else "",
            # The region sentence above already says it is not a thoracic rule; the use's own
            # "Not a thoracic rule." would say it twice (item review round 15, R15a #4).
            _teaching(re.sub(r"^Not a thoracic rule\.\s*", "", data["use"]) if region else data["use"]),
        )
        if part
    )
    # What a rule's studies support for a patient is research and evidence-based practice, the
    # non-system area of the NPTE outline, whatever the rule predicts (item review round 20, 2041
    # class 4: lr, lr-best and cpr items; round 16 had filed them by what the rule decides). A
    # vignette that keys one of the rule's items for a condition the rule screens for, without
    # naming the rule, asks which history finding points to that condition: evaluation, in the
    # condition's system (item review round 25, 2592 #36 and class C). One that keys one of the
    # rule's tests for a condition outside the entries (which test to do for cervical
    # radiculopathy) is a musculoskeletal examination item (item review round 28, 2821 #32). One
    # that asks what a diagnostic rule's results mean for this patient (all four tests of the
    # cervical radiculopathy cluster positive: which source do they support) is interpretation of
    # an examination, evaluation and diagnosis in the condition's system, musculoskeletal where
    # the rule names no condition of the entries (item review round 35, 3592 #39). What a rule of
    # who improves with a treatment supports stays research and evidence-based practice.
    conditions = [c for c in data.get("conditions", []) if c in kb.entries["conditions"]]
    system = condition_system(kb.get("conditions", conditions[0]).data) if conditions else "musculoskeletal"
    if "item" in case["key"] and conditions:
        domain = "evaluation-diagnosis"
    elif "item" in case["key"]:
        domain = "examination"
    elif data.get("predicts", "diagnosis") == "diagnosis":
        domain = "evaluation-diagnosis"
    else:
        system, domain = "non-system", "research-ebp"
    return _make(
        f"cpr-apply:{rule.id}:{n}",
        "tests",
        f"A {case['patient']} {case['story'].strip()} {case['ask'].strip()}",
        key,
        wrong,
        explanation,
        rule,
        reasons,
        "application",
        system,
        domain,
    )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 50
QUESTIONS = [_prediction_rules]
TOPICS = {"tests": "Tests and prediction rules: what a result means"}
