"""Prediction-rule questions: a rule's validation status and its items."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from ...model.kb import KnowledgeBase
from ...model.kinds import KINDS, label_table
from ...study.questions import (
    PROPER_NAME,
    Candidate,
    _clause,
    _lower_first,
    _make,
    _member,
    _not_in,
    _pick,
    _sentence,
    frame,
)

STATUS = label_table("prediction_rules", "status")


def status(data: dict) -> str:
    return KINDS["prediction_rules"].value("status", data)


# ---- prediction rules ----------------------------------------------------------------------------
REACHED = {"validation": "validated", "impact": "impact-tested"}  # a study's step -> the status it shows
# Why a status is wrong for a rule whose studies show another: (wrong status, true status) -> reason.
# The reasons follow from what each status means (the status is derived from the studies).
NOT_THIS = {
    "validated": {
        "derived-only": "Its only figures come from the patients it was built from, where a rule tends to look "
        "better than it is; holding up needs a test in new patients, and it has not had one",
        "failed-validation": "In its test in new patients, its result did not separate the patients it was meant "
        "to pick out from the others",
        "impact-tested": "It has gone further: a study tested whether using it changes care",
    },
    "impact-tested": {
        "derived-only": "A study of whether using a rule changes care comes after the rule has held up in new "
        "patients, and this rule has not yet been tried in new patients",
        "validated": "It held up in new patients, but no study of whether using it changes care has been reported",
        "failed-validation": "An impact study comes only after a rule holds up in new patients, and this one did not",
    },
    "failed-validation": {
        "derived-only": "It has not failed: it has not been tried outside the patients it was built from, "
        "so there is no result in new patients, good or bad",
        "validated": "The study in new patients supported it rather than failing it",
        "impact-tested": "The studies in new patients supported it, and an impact study followed",
    },
    "derived-only": {
        "validated": "A study in new patients has already been done, and it supported the rule",
        "failed-validation": "It has been tried beyond the patients it was built from, in {design}",
        "impact-tested": "Studies in new patients have already been done, up to an impact study",
    },
}
# The statuses in the order the evidence moves through them: derivation, then a test in new
# patients (failed, or held up), then impact. Options keep this order rather than a shuffle, so that
# an ordinal scale reads as one (item review round 5, ORDER), and "failed" sits where a test in new
# patients ends badly, before "held up", not between two stages (item review round 6, HETERO).
LADDER = ("derived-only", "failed-validation", "validated", "impact-tested")
# The statuses as options: the stage of development each status stands for, then what the studies
# show, in statements of one form and similar length (frames option-<status> of the schema), so that
# the key does not stand out as the longest, the only hedged or the only full statement ("Built in
# one group; no test in new patients found", item review round 12, class 13; round 4: "Derived
# only, not yet validated"). The data cannot tell a narrow validation (one new group like the
# first) from a broad one, so one option covers both.
OPTION = {key: frame("prediction_rules", f"option-{key}") for key in LADDER}
# Why the right status is right, from what the status means.
RIGHT = {
    "derived-only": "It has been studied only in the patients it was built from",
    "validated": "It held up when tested in patients other than those it was built from",
    "failed-validation": "It was tested in new patients and did not hold up",
    "impact-tested": "It held up in new patients, and a study has tested whether using it changes care",
}
# Rules of one body region or question share their items' kind: distractors come from them first.
KIN = (("neck", "cervical"), ("vertebral", "fracture"), ("lumbar",))
# Rules built for the same decision (who responds to manipulation) come next: their items are of
# the same kind, though of another region.
PURPOSE = (("manipulation",),)
# The kind of an item: an examination test that is positive or painful (a provocation test), a
# range or posture measure, or else history (a questionnaire score, age, duration). Distractors are
# of the key's kind, so that a cluster of examination tests is not asked beside "No symptoms below
# the shoulder" (options homogeneous), and a provocation test is not the only test among range and
# posture measures (item review round 10, D1: "Upper limb tension test A ... is positive" against
# three range measures).
TEST = re.compile(r"\b(test|testing|sign)\b.*\b(positive|painful)\b", re.I)
MEASURE = re.compile(r"\b(range|rotation|hypomobile|curve|flatter)\b", re.I)


# Body parts that tie an item to one region: a neck rule's distractor never names the knee (a
# candidate strikes it out on the region alone).
LOWER = re.compile(r"\b(knee|leg|hip|lumbar)\b", re.I)
UPPER = re.compile(r"\b(neck|shoulder|arm|cervical)\b", re.I)


def _same_region(item: str, rule: dict) -> bool:
    name = rule["name"].lower()
    if "neck" in name or "cervical" in name:
        return not LOWER.search(item)
    if "lumbar" in name:
        return not UPPER.search(item)
    return True


def _kind(item: str) -> str:
    """ "test", "measure" or "history": what sort of finding a rule item is."""
    return "test" if TEST.search(item) else "measure" if MEASURE.search(item) else "history"


def _named(name: str) -> str:
    """A rule's name inside a sentence ("the thoracic manipulation rule for neck pain (Cleland 2007)")."""
    return _lower_first(name)


def _kin(a: dict, b: dict, groups: tuple[tuple[str, ...], ...] = KIN) -> bool:
    """Whether two rules concern the same region or question (their names share a word of a group)."""
    words_a, words_b = set(a["name"].lower().split()), set(b["name"].lower().split())
    return any(words_a & set(group) and words_b & set(group) for group in groups)


def _finding(item: str) -> str:
    """A rule item as the subject of a sentence, quoted: "Age over 70 years"."""
    return f'"{_clause(item)}"'


def _aim(data: dict) -> str:
    """What a rule was built to do, as a verb phrase ("estimates the chance ..."), from its purpose."""
    text = _clause(data["purpose"].split(";")[0])
    if text.startswith("Meant "):
        return "was " + _lower_first(text)
    return _lower_first(text)


def _in_list(item: str) -> str:
    text = _clause(item)
    return text if PROPER_NAME.match(text) else _lower_first(text)


def _listed(items: list[str]) -> str:
    """ "a; b; and c" (items may contain commas)."""
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + "; and " + items[-1]


# Content words of an item, for spotting two items that measure the same thing with another cut-off
# ("age over 70 years" against "age over 52 years").
STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "of",
        "or",
        "by",
        "on",
        "to",
        "than",
        "less",
        "more",
        "below",
        "above",
        "over",
        "at",
        "least",
        "one",
        "degrees",
    ]
)


def _words(item: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]+", item.lower()) if w not in STOP}


def _counterpart(item: str, own: list[str]) -> str | None:
    """This rule's own item of the same kind as another rule's item, when both set a number
    (a different cut-off for the same finding)."""
    if not re.search(r"\d", item):
        return None
    best = max(own, key=lambda o: len(_words(o) & _words(item)))
    return best if re.search(r"\d", best) and len(_words(best) & _words(item)) >= 2 else None


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _number_apart(a: str, b: str) -> bool:
    """Whether two findings differ only in a number ("less than 30 days ago" and "less than 38 days
    ago"): offered together they test recall of a cut-off, a near-miss that borders on a trick
    (item review round 12, class 13, item 49)."""
    a, b = _clause(a).lower(), _clause(b).lower()
    return a != b and bool(NUMBER.search(a)) and NUMBER.sub("#", a) == NUMBER.sub("#", b)


def _not_item(item: str, owner: dict, rule: dict, again: bool = False) -> str:
    """Why a finding is not an item of this rule: which rule it belongs to and what that rule was
    built to do, and, where this rule asks about the same finding with another cut-off, that
    cut-off (item review round 7, D3: three distractor reasons that read alike). `again`: the
    owner gives another option of the same question too, so its aim is left out rather than
    repeated word for word in each reason (item review round 11, H: repeated boilerplate)."""
    if again:
        text = frame("prediction_rules", "item-wrong-again", finding=_finding(item), owner=_named(owner["name"]))
    else:
        text = frame(
            "prediction_rules", "item-wrong", finding=_finding(item), owner=_named(owner["name"]), aim=_aim(owner)
        )
    twin = _counterpart(item, rule["items"])
    if twin:
        return f"{text} {frame('prediction_rules', 'item-twin', rule=_named(rule['name']), twin=_finding(twin))}"
    return f"{text} {frame('prediction_rules', 'item-not', rule=_named(rule['name']), count=len(rule['items']))}"


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
    design = _lower_first(re.split(r"[;:]", sentences[0])[0].rstrip("."))
    article = "an" if design[:1] in "aeiou" else "a"
    if value == "derived-only":
        return f"Its only study is the one that built it ({article} {design})."
    result = sentences[1] if len(sentences) > 1 else sentences[0]
    return f"{article.capitalize()} {design}, found that {_lower_first(result.rstrip('.'))}."


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
    """The design of the study that gives a rule its status, with its article ("a multicentre
    randomised trial by the same group, 140 patients with neck pain")."""
    steps = [s for s in data["evidence"] if s["step"] in STUDY_STEP[value]]
    if not steps:
        return "a study in new patients"
    design = _lower_first(re.split(r"[;:]", re.split(r"(?<=\.)\s+", steps[-1]["finding"])[0])[0].rstrip("."))
    return f"{'an' if design[:1] in 'aeiou' else 'a'} {design}"


def _near(item: str, why: str, rule: dict) -> str:
    """Why a near miss of this rule (a finding of the same kind that is not one of its items,
    study_near_misses) is wrong, from the rule's own note on it."""
    return frame(
        "prediction_rules",
        "item-near",
        finding=_finding(item),
        count=len(rule["items"]),
        rule=_named(rule["name"]),
        why=_sentence(why),
    )


def _prediction_rules(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    rules = kb.all("prediction_rules")
    every_item = list(dict.fromkeys(item for r in rules for item in r.data["items"]))
    owner = {item: r for r in rules for item in r.data["items"]}
    for rule in rules:
        value = status(rule.data)
        reached = {REACHED[s["step"]] for s in rule.data["evidence"] if s["step"] in REACHED}
        wrong = [OPTION[key] for key in STATUS if key != value and key not in reached]
        study = _deciding_study(rule.data, value)
        # None: the status rests on one study in new patients whose figures were not seen, and a
        # yes/no status would say more than that; the rule's item questions are still asked.
        if study is not None:
            # The study that decides the status is given once, in the key's reason; each wrong
            # option's reason argues that option (item review round 11, H: one sentence repeated in
            # all four reasons).
            right = study if value == "derived-only" else f"{RIGHT[value]}. {study}"
            reasons = {OPTION[value]: f"Right: {right}"}
            for key in STATUS:
                if OPTION[key] in wrong:
                    base = NOT_THIS[key].get(value) or frame(
                        "prediction_rules", "status-wrong", status=STATUS[value].lower()
                    )
                    reasons[OPTION[key]] = _sentence(base.format(design=_design(rule.data, value)))
            searched = f" {_searched(rule.data)}" if value == "derived-only" else ""
            yield _make(
                f"cpr-status:{rule.id}",
                "tests",
                frame("prediction_rules", "which-status", rule=_named(rule.data["name"])),
                OPTION[value],
                wrong,
                f"The {_named(rule.data['name'])} {RIGHT[value].removeprefix('It ')}.{searched} "
                + _teaching(rule.data["use"]),
                rule,
                reasons,
                "recall",
                "musculoskeletal",
                "evaluation-diagnosis",
                order=[OPTION[key] for key in LADDER],
            )
        own = set(rule.data["items"])
        near = [i for r in rules if r is not rule and _kin(r.data, rule.data) for i in r.data["items"]]
        akin = [i for r in rules if r is not rule and _kin(r.data, rule.data, PURPOSE) for i in r.data["items"]]
        misses = {m["finding"]: m["why"] for m in rule.data.get("study_near_misses", [])}
        for n, item in enumerate(rule.data["items"]):
            kind = _kind(item)

            def alike(w: str, kind: str = kind, own: set[str] = own, data: dict = rule.data) -> bool:
                return w not in own and _kind(w) == kind and _same_region(w, data)

            # The rule's own near misses of the key's kind first, then other rules' items; never a
            # finding that differs from the key, or from another option, only in a number.
            wrong_items: list[str] = []

            def add(found: list[str], wrong_items: list[str] = wrong_items, item: str = item) -> None:
                for w in found:
                    if w not in wrong_items and not any(_number_apart(w, o) for o in [item, *wrong_items]):
                        wrong_items.append(w)

            def fresh(w: str, item: str = item) -> bool:
                return not _number_apart(w, item)

            add([m for m in misses if _kind(m) == kind and fresh(m)][:3])
            add(_pick(f"{rule.id}:{n}", near, 3, lambda w: alike(w) and fresh(w)))
            fallbacks: list[tuple[list[str], Callable[[str], bool]]] = [
                (akin, alike),
                (every_item, alike),
                (near, _not_in(own)),
                (every_item, _not_in(own)),
            ]
            for pool, keep in fallbacks:
                if len(wrong_items) < 3:

                    def usable(w: str, keep: Callable[[str], bool] = keep) -> bool:
                        return keep(w) and fresh(w)

                    add(_pick(f"{rule.id}:{n}:more", pool, 6, usable))
            del wrong_items[3:]
            option = {i: _clause(i) for i in [item, *wrong_items]}  # options carry no closing stop
            reasons = {
                option[item]: frame(
                    "prediction_rules",
                    "item-right",
                    finding=_finding(item),
                    count=len(rule.data["items"]),
                    rule=_named(rule.data["name"]),
                    aim=_aim(rule.data),
                )
            }
            owners = [owner[w].id for w in wrong_items if w not in misses]
            for w in wrong_items:
                reasons[option[w]] = (
                    _near(w, misses[w], rule.data)
                    if w in misses
                    else _not_item(w, owner[w].data, rule.data, again=owners.count(owner[w].id) > 1)
                )
            yield _make(
                f"cpr-item:{rule.id}:{n + 1}",
                "tests",
                frame("prediction_rules", "which-item", rule=_named(rule.data["name"])),
                option[item],
                [option[w] for w in wrong_items],
                f"The {_named(rule.data['name'])} has {len(rule.data['items'])} items: "
                + _listed([_in_list(i) for i in rule.data["items"]])
                + f". {_teaching(rule.data['use'])}",
                rule,
                reasons,
                "recall",
                "musculoskeletal",
                "evaluation-diagnosis",
                is_right=_member(tuple(_clause(i) for i in rule.data["items"])),
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 50
QUESTIONS = [_prediction_rules]
TOPICS = {"tests": "Tests and prediction rules: what a result means"}
