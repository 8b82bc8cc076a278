"""Questions generated from the data, one template per kind of fact.

Each template takes its answer from the data and its wrong choices from other entries (of the
same kind, except where that would let a gap in the data make a second right answer: see
`_contraindications`), and says how to tell whether a choice is right (`is_right`, kept per
choice in `Candidate.right_flags`). `ambiguous` reads those flags: a question with no right
choice or with two is an error of the template or of the data, reported by `ptref check` (rule
question-single-answer) and the tests, never shown to a reader.
Questions are stable: the same data gives the same ids, wording and choice order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, display_name, label_table
from ..model.units import calculate, never_paid_reason, rules_from
from .model import Question, arrange

STATUS = label_table("prediction_rules", "status")


def status(data: dict) -> str:
    return KINDS["prediction_rules"].value("status", data)


TOPICS = {
    "red-flags": "Red flags: urgency and cues",
    "contraindications": "Contraindications and precautions",
    "diagnosis-codes": "Diagnosis codes and the 7th character",
    "procedure-codes": "Procedure codes and billable units",
    "tests": "Tests and their accuracy",
    "prediction-rules": "Prediction rules",
}


@dataclass(frozen=True)
class Candidate:
    """A question and, for each of its choices, whether the data makes it right."""

    question: Question
    right_flags: tuple[bool, ...]  # one per choice, in the question's order
    entry: Entry  # the entry the question is about (where an error about it points)


def page(entry: Entry) -> str:
    return f"{KINDS[entry.kind].url_dir}/{entry.id}.html"


def _pick(key: str, pool: list, n: int, keep: Callable[[object], bool] = lambda item: True) -> list:
    """Up to n distinct items of pool that `keep` accepts, drawn at random with `key` as the seed:
    the same wrong choices in every build. It looks at a sample first, so that a pool of
    thousands (the benchmark's 100x data) costs no more than today's."""
    rng = random.Random(key)
    sample = rng.sample(pool, min(len(pool), 4 * n + 20))
    if sum(1 for item in sample if keep(item)) < n and len(sample) < len(pool):
        sample = rng.sample(pool, len(pool))
    found: list = []
    for item in sample:
        if len(found) == n:
            break
        if keep(item) and item not in found:
            found.append(item)
    return found


def _member(values) -> Callable[[object], bool]:
    return lambda choice: choice in values


def _not_member(values) -> Callable[[object], bool]:
    return lambda choice: choice not in values


def _make(
    qid: str,
    topic: str,
    stem: str,
    right: str,
    wrong: list[str],
    explanation: str,
    entry: Entry,
    is_right: Callable[[str], bool] | None = None,
    min_wrong: int = 2,
) -> Candidate | None:
    """The question, or None when the data offers too few wrong choices to make it worth asking."""
    if len(wrong) < min_wrong:
        return None
    choices, answer = arrange(qid, right, wrong)
    test = is_right or (lambda choice: choice == right)
    question = Question(
        qid, topic, stem, choices, answer, explanation, page(entry), display_name(entry.kind, entry.data)
    )
    return Candidate(question, tuple(test(c) for c in choices), entry)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


# ---- red flags ----------------------------------------------------------------------------------
def _red_flags(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    urgency = label_table("red_flags", "urgency")
    flags = kb.all("red_flags")
    by_cues: dict[str, set[str]] = {}
    for f in flags:
        by_cues.setdefault(f.data["quick_screen"], set()).add(f.data["name"])
    for flag in flags:
        d = flag.data
        notice = kb.get("notices", f"urgency-{d['urgency']}").data["text"]
        yield _make(
            f"rf-urgency:{flag.id}",
            "red-flags",
            # The name only: a flag's cues include the features that raise it to an emergency
            # (a cold white hand, bladder change), which would make the grade arguable.
            f"How urgently does this reference act on the red flag \u201c{d['name']}\u201d, before any escalating "
            "feature appears?",
            urgency[d["urgency"]],
            [label for value, label in urgency.items() if value != d["urgency"]],
            f"{d['name']} is graded {urgency[d['urgency']].lower()}: {_sentence(notice)} "
            f"First step: {_sentence(d['quick_action'])}",
            flag,
        )

        def nearby(f, d=d) -> bool:  # the real differential: same kind of cause or same region, other cues
            related = f.data["category"] == d["category"] or bool(
                set(f.data.get("locations", [])) & set(d.get("locations", []))
            )
            return related and f.data["quick_screen"] != d["quick_screen"]

        # Two flags with one name would show the right answer twice: the check reports that
        # (question-single-answer) rather than the template hiding it.
        def other(f, d=d) -> bool:
            return f.data["quick_screen"] != d["quick_screen"]

        wrong = [f.data["name"] for f in _pick(flag.id, flags, 3, nearby)]
        wrong += [f.data["name"] for f in _pick(flag.id + ":more", flags, 3, other) if f.data["name"] not in wrong]
        yield _make(
            f"rf-cues:{flag.id}",
            "red-flags",
            f"Which red flag do these cues point to? {_sentence(d['quick_screen'])}",
            d["name"],
            wrong[:3],
            f"These are the cues of {d['name']}, graded {urgency[d['urgency']].lower()}. "
            f"First step: {_sentence(d['quick_action'])}",
            flag,
            # Right is any flag with exactly these cues: two flags sharing their cues would make two right answers.
            is_right=_member(by_cues[d["quick_screen"]]),
        )


# ---- contraindications --------------------------------------------------------------------------
SAFE_CATEGORIES = ("exercise", "education")


def _contraindications(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    level = label_table("contraindications", "level")
    interventions = kb.all("interventions")
    # Wrong choices are exercise and education only: a hands-on or energy-based intervention that
    # does not list a factor may still be unsafe with it (massage over a clot), a gap in the data
    # that would make a second right answer; active care and advice are safe with nearly all.
    names = [i.data["name"] for i in interventions if i.data["category"] in SAFE_CATEGORIES]
    ruling: dict[str, list[Entry]] = {}  # factor id -> the interventions that list it
    for i in interventions:
        for factor_id in i.data.get("contraindications", []):
            ruling.setdefault(factor_id, []).append(i)
    for factor in kb.all("contraindications"):
        d = factor.data
        yield _make(
            f"ci-level:{factor.id}",
            "contraindications",
            f"How does this reference grade \u201c{d['name']}\u201d: an absolute contraindication or a precaution?",
            level[d["level"]],
            [label for value, label in level.items() if value != d["level"]],
            f"{d['name']}: {level[d['level']].lower()}. {_sentence(d['why'])}",
            factor,
            min_wrong=1,
        )
        if d["level"] != "absolute":
            continue
        ruled_out = ruling.get(factor.id, [])
        ruled_names = {i.data["name"] for i in ruled_out}
        for intervention in ruled_out:
            yield _make(
                f"ci-rules-out:{factor.id}:{intervention.id}",
                "contraindications",
                f"A patient has this absolute contraindication: {d['name']}. Which of these interventions does it rule out?",
                intervention.data["name"],
                _pick(f"{factor.id}:{intervention.id}", names, 3, _not_member(ruled_names)),
                f"{d['name']} rules out {intervention.data['name'].lower()}. {_sentence(d['why'])}",
                factor,
                is_right=_member(ruled_names),
            )


# ---- diagnosis codes ----------------------------------------------------------------------------
def _names_a_choice(text: str, choices: list[str]) -> bool:
    """Whether text names the code of any choice, or a category or subcategory that holds it
    ('M80.0AXD', 'M80', 'the M48.5 category', 'S22.0-')."""
    mentioned = re.findall(r"\b[A-Z]\d{2}(?:\.[0-9A-Z]+)?", text)
    codes = [choice.split(" ", 1)[0] for choice in choices]
    return any(code.startswith(token) for token in mentioned for code in codes)


def _diagnosis_codes(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    codes = kb.entries["codes"]
    icd = [c for c in codes.values() if c.data["system"] == "icd10cm"]
    # Wrong choices come from codes some condition offers: reportable codes, not category headers.
    offered = {i["code"] for c in kb.all("conditions") for i in c.data["codes"]}
    labels = [display_name("codes", c.data) for c in icd if c.id in offered]
    seventh = {
        p[0]: p[3].upper() + p[4:] for p in kb.get("notices", "seventh-character").data["points"] if p[1:3] == ": "
    }
    for condition in kb.all("conditions"):
        items = [i for i in condition.data["codes"] if i["code"] in codes]
        own = [codes[i["code"]] for i in items]
        for item in items:
            code = codes[item["code"]]
            if "needs_partner" in code.data:
                continue  # never reported alone: the question "which code?" would have no single answer
            siblings = [display_name("codes", c.data) for c in own if c.id != code.id]
            own_labels = {display_name("codes", c.data) for c in own}
            others = _pick(f"{condition.id}:{code.id}", labels, 3, _not_member(own_labels))
            wrong = (siblings + others)[:3]
            if _names_a_choice(item["when"], [display_name("codes", code.data), *wrong]):
                continue  # the 'when' names a code among the choices: it would give the answer away
            yield _make(
                f"icd-pick:{condition.id}:{code.id}",
                "diagnosis-codes",
                f"{condition.data['name']}. {_sentence(item['when'])} Which code fits?",
                display_name("codes", code.data),
                wrong,
                f"{code.data['code']} ({code.data['title']}): {_sentence(item['when'])}",
                condition,
            )
    for code in icd:
        letter = code.data["code"][-1]
        # The notice words the three characters for injuries (guideline I.C.19.a): ask about S codes only.
        if (
            not code.data["code"].startswith("S")
            or len(code.data["code"].replace(".", "")) != 7
            or letter not in seventh
        ):
            continue
        yield _make(
            f"icd-7th:{code.id}",
            "diagnosis-codes",
            f"What does the 7th character of {code.data['code']} say about the phase of care?",
            seventh[letter],
            [text for key, text in seventh.items() if key != letter],
            f"{code.data['code']} is \u201c{code.data['title']}\u201d. {letter}: {_sentence(seventh[letter])}",
            code,
        )


# ---- procedure codes and units ------------------------------------------------------------------
TIMED = ("Timed: billed in 15-minute units", "Untimed: one unit per day whatever the time")
# Minutes for one day's timed codes; combined with the paid timed codes below.
MINUTE_SETS = [
    (8,),
    (7,),
    (22,),
    (23,),
    (38,),
    (52,),
    (53,),
    (33, 7),
    (20, 20),
    (7, 7),
    (38, 15),
    (10, 10, 10),
    (12, 5, 24),
    (23, 23),
    (30, 8),
    (45, 5),
    (16, 16),
    (25, 10),
    (37, 9, 8),
    (60, 7),
]


def _procedure_codes(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    codes = {c.data["code"]: c for c in kb.all("codes") if c.data["system"] in ("cpt", "hcpcs")}
    for code in codes.values():
        if "timed" not in code.data:
            continue
        right, wrong = (TIMED[0], TIMED[1]) if code.data["timed"] else (TIMED[1], TIMED[0])
        yield _make(
            f"cpt-timed:{code.id}",
            "procedure-codes",
            f"{code.data['code']} ({code.data['title']}): how is it counted?",
            right,
            [wrong],
            f"{code.data['code']} is {'timed' if code.data['timed'] else 'untimed'}. {_sentence(code.data['summary'])}",
            code,
            min_wrong=1,
        )
    rules = rules_from(kb.entries)
    paid = sorted(c for c, r in rules.codes.items() if r.timed and never_paid_reason(r) is None and c in codes)
    for n, minutes in enumerate(MINUTE_SETS):
        chosen = _pick(f"units:{n}", paid, len(minutes))
        if len(chosen) < len(minutes):
            continue  # fewer paid timed codes than this day needs
        day = list(zip(chosen, minutes, strict=True))
        listing = ", ".join(f"{c} for {m} min" for c, m in day)
        for method, words in (
            ("medicare", "under the Medicare 8-minute rule (total timed minutes)"),
            ("per-code", "counting each code on its own minutes (the midpoint rule some payers use)"),
        ):
            if method == "per-code" and len(day) == 1:
                continue  # one code: both methods ask the same question
            units, other_units, working = units_answer(rules, day, method)
            yield _make(
                f"units:{method}:{'+'.join(f'{c}={m}' for c, m in day)}",
                "procedure-codes",
                f"One day's timed treatment: {listing}. How many units are billable {words}?",
                units,
                other_units,
                working,
                codes[chosen[0]],
            )


def units_answer(rules, day: Sequence[tuple[str, int | None]], method: str) -> tuple[str, list[str], str]:
    """(right choice, wrong choices, working) for the billable units of one day under a method:
    the wrong choices are the other method's answer and its neighbours, never below zero."""
    result = calculate(rules, day, method)
    right = result["billable_units"]
    other = calculate(rules, day, "per-code" if method == "medicare" else "medicare")["billable_units"]
    wrong: list[int] = []
    for x in (other, right + 1, right - 1, right + 2):
        if x >= 0 and x != right and x not in wrong:
            wrong.append(x)
    return _units(right), [_units(x) for x in wrong[:3]], " ".join(result["explanation"])


def _units(n: int) -> str:
    return f"{n} unit{'s' if n != 1 else ''}"


# ---- tests ---------------------------------------------------------------------------------------
def _decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def _tests(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    studies = [(a, i, s) for a in kb.all("assessments") for i, s in enumerate(a.data.get("accuracy", []))]
    for field in ("sensitivity", "specificity"):
        values = sorted({s[field] for _, _, s in studies})
        for assessment, i, study in studies:
            value = study[field]
            far = [v for v in values if abs(v - value) >= 10]
            wrong: list[float] = []
            for v in random.Random(f"{assessment.id}:{i}:{field}").sample(far, len(far)):
                if all(abs(v - w) >= 5 for w in wrong):
                    wrong.append(v)
            if len(wrong) < 2:
                continue
            source = ", ".join(display_name("references", kb.get("references", r).data) for r in study["references"])
            shown = [value, *wrong[:3]]
            places = max(_decimals(v) for v in shown)  # all choices alike: no answer stands out by its decimals
            yield _make(
                f"acc-{field[:4]}:{assessment.id}:{i}",
                "tests",
                f"{assessment.data['name']}, positive if {study['positive_if']}, for {study['target'].lower()} "
                f"({source}, n = {study['sample_size']}): what {field} did the study report?",
                f"{value:.{places}f}%",
                [f"{v:.{places}f}%" for v in wrong[:3]],
                f"Sensitivity {study['sensitivity']:g}% and specificity {study['specificity']:g}% against "
                f"{study['reference_standard']}, in {study['population']} ({source}).",
                assessment,
            )


# ---- prediction rules ----------------------------------------------------------------------------
REACHED = {"validation": "validated", "impact": "impact-tested"}  # a study's step -> the status it shows


def _prediction_rules(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    rules = kb.all("prediction_rules")
    every_item = list(dict.fromkeys(item for r in rules for item in r.data["items"]))
    for rule in rules:
        value = status(rule.data)
        reached = {REACHED[s["step"]] for s in rule.data["evidence"] if s["step"] in REACHED}
        yield _make(
            f"cpr-status:{rule.id}",
            "prediction-rules",
            f"What is the validation status of the {rule.data['name']}?",
            STATUS[value],
            # A status one of its studies reached (validated, then failed) is not a wrong choice.
            [label for key, label in STATUS.items() if key != value and key not in reached],
            f"{rule.data['name']}: {STATUS[value].lower()}. {_sentence(rule.data['use'])}",
            rule,
        )
        own = set(rule.data["items"])
        for n, item in enumerate(rule.data["items"]):
            yield _make(
                f"cpr-item:{rule.id}:{n + 1}",
                "prediction-rules",
                f"Which of these is an item of the {rule.data['name']}?",
                item,
                _pick(f"{rule.id}:{n}", every_item, 3, _not_member(own)),
                f"The items of the {rule.data['name']}: " + " ".join(_sentence(i) for i in rule.data["items"]),
                rule,
                is_right=_member(tuple(rule.data["items"])),
            )


TEMPLATES: list[Callable[[KnowledgeBase], Iterator[Candidate | None]]] = [
    _red_flags,
    _contraindications,
    _diagnosis_codes,
    _procedure_codes,
    _tests,
    _prediction_rules,
]


def register(
    templates: Sequence[Callable[[KnowledgeBase], Iterator[Candidate | None]]], topics: dict[str, str]
) -> None:
    """Templates and topics from a kind's folder (`QUESTIONS` and `TOPICS` in
    ptref/kinds/<kind>/questions.py), handed over by ptref/site.py in the kinds' order; a topic
    already listed keeps its place."""
    TEMPLATES.extend(t for t in templates if t not in TEMPLATES)
    for key, title in topics.items():
        TOPICS.setdefault(key, title)


def candidates(kb: KnowledgeBase) -> list[Candidate]:
    return [c for template in TEMPLATES for c in template(kb) if c is not None]


def ambiguous(candidate: Candidate) -> str | None:
    """Why a question cannot be asked (no right choice, two right choices, a repeated choice), or None."""
    q = candidate.question
    right = sum(candidate.right_flags)
    if len(set(q.choices)) != len(q.choices):
        return "two choices read the same"
    if len(q.choices) < 2:
        return "fewer than two choices"
    if right != 1:
        return f"{right} right choices"
    if not candidate.right_flags[q.answer]:
        return "the marked answer is not the right choice"
    return None


def questions(kb: KnowledgeBase) -> list[Question]:
    """Every generated question that has exactly one right answer, in template order."""
    return [c.question for c in candidates(kb) if ambiguous(c) is None]


def problems(kb: KnowledgeBase) -> list[str]:
    """One line per question a template could not ask, and per id used twice."""
    found = []
    seen: set[str] = set()
    for c in candidates(kb):
        reason = ambiguous(c)
        if reason:
            found.append(f"{c.question.id}: {reason}")
        if c.question.id in seen:
            found.append(f"{c.question.id}: id used twice")
        seen.add(c.question.id)
    return found
