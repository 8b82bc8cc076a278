"""Questions generated from the data, one template per kind of decision.

Every question has four choices and one best answer, a one-sentence reason per choice taken from
the data (the distractor's own cues, its distinguishing finding, the contraindication that rules
it out), a cognitive level, and an NPTE content area (body system and domain). Most are patient
scenarios composed from an entry's own fields: the MOST likely diagnosis (distractors from the
condition's differential list), the BEST next step for a red flag, the intervention a finding
rules out, what a test result means (likelihood ratios), the code for a documented visit.

Each template says how to tell whether a choice is right (`is_right`, kept per choice in
`Candidate.right_flags`). `ambiguous` reads those flags: a question with no right choice or with
two is an error of the template or of the data, reported by `ptref check` (rule
question-single-answer) and the tests, never shown to a reader. The item-writing checks
(ptref/study/writing.py) run on every question; a generated question that fails one is not
asked, and a case question that fails one is an error of data/cases.yml.
Questions are stable: the same data gives the same ids, wording and choice order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import icd
from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, display_name, label_table
from ..model.units import calculate, never_paid_reason, rules_from
from .model import Question, arrange
from .writing import RESEARCH_NOTE, content_words, defects

STATUS = label_table("prediction_rules", "status")


def status(data: dict) -> str:
    return KINDS["prediction_rules"].value("status", data)


TOPICS = {
    "red-flags": "Red flags: what they point to and what to do",
    "diagnosis": "Diagnosis from the history and examination",
    "contraindications": "Contraindications: what a finding rules out",
    "tests": "Tests and prediction rules: what a result means",
    "diagnosis-codes": "Diagnosis codes for a documented visit",
    "procedure-codes": "Billable units",
}
CODING_TOPICS = ("diagnosis-codes", "procedure-codes")


@dataclass(frozen=True)
class Candidate:
    """A question and, for each of its choices, whether the data makes it right."""

    question: Question
    right_flags: tuple[bool, ...]  # one per choice, in the question's order
    entry: Entry  # the entry the question is about (where an error about it points)


def page(entry: Entry) -> str:
    return f"{KINDS[entry.kind].url_dir}/{entry.id}.html"


def _pick(key: str, pool: Sequence[Any], n: int, keep: Callable[[Any], bool] = lambda item: True) -> list[Any]:
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


def _not_in(values: set[str]) -> Callable[[Any], bool]:
    return lambda choice: choice not in values


def _make(
    qid: str,
    topic: str,
    stem: str,
    right: str,
    wrong: Sequence[str],
    explanation: str,
    entry: Entry,
    reasons: dict[str, str],
    level: str,
    system: str,
    domain: str,
    is_right: Callable[[str], bool] | None = None,
) -> Candidate | None:
    """The question, or None when the data offers fewer than three wrong choices."""
    if len(wrong) < 3:
        return None
    choices, answer = arrange(qid, right, list(wrong[:3]))
    test = is_right or (lambda choice: choice == right)
    question = Question(
        qid,
        topic,
        stem,
        choices,
        answer,
        explanation,
        page(entry),
        display_name(entry.kind, entry.data),
        tuple(_sentence(reasons[c]) for c in choices),
        level,
        system,
        domain,
    )
    return Candidate(question, tuple(test(c) for c in choices), entry)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _clause(text: str) -> str:
    """A data sentence to run on inside a stem: no final stop, no research note in brackets."""
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if RESEARCH_NOTE.search(m.group(0)) else m.group(0), text)
    return text.strip().rstrip(".")


def _lower_first(text: str) -> str:
    """The text with a lower-case first letter, unless it starts an acronym ("DISH", "NSAID")."""
    return text if text[:2].isalpha() and text[:2].isupper() else text[:1].lower() + text[1:]


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]


# ---- red flags ----------------------------------------------------------------------------------
FLAG_SYSTEM = {
    "vascular": "cardiovascular-pulmonary",
    "cardiopulmonary": "cardiovascular-pulmonary",
    "neurological": "neuromuscular",
    "fracture": "musculoskeletal",
    "inflammatory": "musculoskeletal",
}
# The four actions a clinician weighs, slowest last; a flag's urgency picks the right one.
ACTIONS = {
    "emergency": "Stop and send the patient for emergency care now",
    "urgent": "Stop treatment and arrange a medical assessment the same day",
    "routine": "Finish the session and write to the physician asking for a routine review",
    "none": "Continue the plan and reassess at the next visit",
}
ORDER = ("emergency", "urgent", "routine", "none")
# A cue that would raise an urgent flag to an emergency (the flags' own quick actions name these).
ESCALATING = re.compile(
    r"breathless|coughing blood|vomiting blood|black stool|faint|collapse|confus|seizure|visual|vision|"
    r"bladder|bowel|incontinen|severe|sudden|rupture|perforat|unwell|rigor|fever|jaundice|yellowing|weakness",
    re.I,
)


def _branches(quick_action: str) -> tuple[set[str], bool]:
    """The words that send a patient to emergency care in a flag's quick action ("cold white hand
    or breathless: emergency services" gives cold, white, hand, breathless), and whether it also
    has a slower branch (same day, routine)."""
    words: set[str] = set()
    slower = False
    for part in quick_action.split(";"):
        when, _, what = part.rpartition(":")
        if re.search(r"emergency", what, re.I):
            words |= content_words(when)
        elif re.search(r"same.day|next day|letter", what, re.I):
            slower = True
    return words, slower


def _cue_lines(d: dict, calm: bool) -> list[str]:
    """A flag's cues that read as findings (not the vital-signs instruction); with `calm`, none
    that would escalate an urgent flag to an emergency (by the flag's own quick action too)."""
    lines = [_clause(x) for x in d["ask_or_look_for"] if not x.startswith("Vital signs")]
    escalating, _ = _branches(d["quick_action"])
    return [x for x in lines if not (calm and (ESCALATING.search(x) or content_words(x) & escalating))]


def _overlap(shown: str, other: dict) -> int:
    """How many content words the shown cues share with another flag's own cues."""
    theirs = content_words(" ".join([other["quick_screen"], *other["ask_or_look_for"]]))
    return len(content_words(shown) & theirs)


def _red_flags(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    urgency = label_table("red_flags", "urgency")
    flags = kb.all("red_flags")
    by_cues: dict[str, set[str]] = {}
    for f in flags:
        by_cues.setdefault(f.data["quick_screen"], set()).add(f.data["name"])
    for flag in flags:
        d = flag.data
        system = FLAG_SYSTEM.get(d["category"], "other-systems")
        grade = d["urgency"]
        lines = _cue_lines(d, calm=grade != "emergency")
        escalating, slower = _branches(d["quick_action"])
        for n, pair in enumerate(_variants(lines, 5)):
            now = " The symptoms are present now." if grade == "emergency" else ""
            if grade == "emergency" and slower and escalating and not content_words(" ".join(pair) + now) & escalating:
                continue  # an emergency flag with a slower branch: the cues must show the emergency one
            stem = (
                f"During a physical therapy visit for thoracic pain, the patient describes: "
                f"{'; '.join(_lower_first(x) for x in pair)}.{now} Which action is BEST?"
            )
            reasons = {}
            for key in ORDER:
                if key == grade:
                    reasons[ACTIONS[key]] = (
                        f"Right: the first step for {_lower_first(d['name'])} is: {d['quick_action']}"
                    )
                elif ORDER.index(key) < ORDER.index(grade):
                    reasons[ACTIONS[key]] = (
                        f"More than these findings need: this flag is graded {urgency[grade].lower()}"
                    )
                else:
                    reasons[ACTIONS[key]] = f"Too slow: this flag is graded {urgency[grade].lower()}"
            yield _make(
                f"rf-next:{flag.id}:{n + 1}",
                "red-flags",
                stem,
                ACTIONS[grade],
                [ACTIONS[k] for k in ORDER if k != grade],
                f"These findings raise the red flag {d['name']}, graded {urgency[grade].lower()}. "
                f"First step: {_sentence(d['quick_action'])}",
                flag,
                reasons,
                "application",
                system,
                "safety-professional",
            )
        every = _cue_lines(d, calm=False)
        for n, pair in enumerate(_variants(every[1:] + every[:1], 5)):
            shown = " ".join(pair)
            stem_words = content_words(shown)

            def unlike(f: Entry, d=d, shown=shown, stem_words=stem_words) -> bool:
                """Another flag whose cues are not these and whose name no shown cue echoes."""
                return (
                    f.data["quick_screen"] != d["quick_screen"]
                    and _overlap(shown, f.data) < 2
                    and not (content_words(f.data["name"]) & stem_words)
                    and f.data["name"].lower() not in d["action"].lower()
                )

            nearby = [
                f
                for f in flags
                if f.data["category"] == d["category"] or set(f.data.get("locations", [])) & set(d.get("locations", []))
            ]
            wrong = _pick(f"{flag.id}:{n}", nearby, 3, unlike)
            wrong += [f for f in _pick(f"{flag.id}:{n}:more", flags, 3, unlike) if f not in wrong]
            reasons = {d["name"]: f"Right: its cues are {_lower_first(_clause(d['quick_screen']))}"}
            for f in wrong[:3]:
                reasons[f.data["name"]] = f"Its cues are {_lower_first(_clause(f.data['quick_screen']))}, not these"
            yield _make(
                f"rf-cues:{flag.id}:{n + 1}",
                "red-flags",
                f"A patient with thoracic pain presents with: {'; '.join(_lower_first(x) for x in pair)}. "
                "Which red flag do these findings MOST suggest?",
                d["name"],
                [f.data["name"] for f in wrong[:3]],
                f"{d['name']}: {_sentence(_first_sentence(d['suspected']))} First step: {_sentence(d['quick_action'])}",
                flag,
                reasons,
                "application",
                system,
                "evaluation-diagnosis",
                # Right is any flag with exactly these cues: two flags sharing their cues would make two right answers.
                is_right=_member(by_cues[d["quick_screen"]]),
            )


PAIRS = ((0, 1), (1, 2), (0, 2), (2, 3), (1, 3), (0, 3), (3, 4), (2, 4))


def _variants(lines: list[str], most: int = 3) -> list[list[str]]:
    """Up to `most` different pairs of cue lines (one line when that is all there is)."""
    if len(lines) < 3:
        return [lines[:2]] if lines else []
    return [[lines[a], lines[b]] for a, b in PAIRS if b < len(lines)][:most]


# ---- diagnosis ----------------------------------------------------------------------------------
# A key finding written as advice to the clinician, not as what the examination shows.
INSTRUCTION = re.compile(
    r"\bmust\b|\bshould\b|\brefer|\brecord\b|\bnote\b|\bcheck\b|as an alternative|\bbaseline\b", re.I
)
NEURO = re.compile(r"radicul|myelopath|neuralgia|nerve|outlet|stenosis|notalgia", re.I)


def _diagnosis(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    conditions = kb.entries["conditions"]
    every = kb.all("conditions")
    for condition in every:
        d = condition.data
        told = {x["condition"]: x["how_to_tell"] for x in d.get("differentials", []) if x["condition"] in conditions}
        system = "neuromuscular" if NEURO.search(d["name"]) else "musculoskeletal"
        presentation = [_clause(x) for x in d.get("presentation", [])]
        findings = [
            _clause(x["finding"])
            for x in d.get("key_findings", [])
            if len(x["finding"].split()) >= 5 and not INSTRUCTION.search(x["finding"])
        ]
        if not presentation or not findings:
            continue
        stories, exams = _variants(presentation, 4), _variants(findings, 8)
        for n in range(10):
            story, exam = stories[n % len(stories)], exams[(n + n // len(exams)) % len(exams)]
            stem = (
                f"A patient reports: {'; '.join(_lower_first(x) for x in dict.fromkeys(story))}. "
                f"On examination: {'; '.join(_lower_first(x) for x in dict.fromkeys(exam))}. "
                "What is the MOST likely diagnosis?"
            )
            words = content_words(stem)
            pool = [conditions[c] for c in told] + [
                c for c in every if c.id not in told and set(c.data["locations"]) & set(d["locations"])
            ]
            wrong = [
                c
                for c in pool
                if c.id != condition.id and not (content_words(display_name("conditions", c.data)) & words)
            ]
            wrong = [c for c in wrong if c.id in told][:3] + _pick(
                f"{condition.id}:{n}", [c for c in wrong if c.id not in told], 3
            )
            reasons = {d["name"]: f"Right: {_lower_first(exam[0])}"}
            for c in wrong[:3]:
                reasons[c.data["name"]] = (
                    told[c.id]
                    if c.id in told
                    else f"It would show {_lower_first(_clause(c.data['key_findings'][0]['finding']))}"
                    if c.data.get("key_findings")
                    else f"It is {_lower_first(_clause(_first_sentence(c.data['summary'])))}"
                )
            yield _make(
                f"dx:{condition.id}:{n + 1}",
                "diagnosis",
                stem,
                d["name"],
                [c.data["name"] for c in wrong[:3]],
                f"{d['name']}: {_sentence(_first_sentence(d['summary']))}",
                condition,
                reasons,
                "analysis",
                system,
                "evaluation-diagnosis",
            )


# ---- contraindications --------------------------------------------------------------------------
# A factor whose own text sends the patient on (refer, emergency) is a red flag first: "which
# treatment may I use?" has no right answer there, so it is never a scenario's background.
REFER = re.compile(r"\brefer|emergency|physician the same|same-day", re.I)
# The factors the study review names as red-flag level (a suspected fracture, infection, tumour,
# cord lesion, arterial dissection or aneurysm, an unstable spine or bleeding): refer, do not treat.
RED_FLAG_LEVEL = re.compile(r"fractur|infect|malignan|cancer|myelopath|arterial|aneurysm|unstable|instabil", re.I)
NOT_COVERED = re.compile(r"not covered|separate decision", re.I)
CATEGORY_SYSTEM = {"modality": "non-system", "manual-therapy": "musculoskeletal"}


def _contraindications(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    interventions = kb.all("interventions")
    factors = kb.entries["contraindications"]
    listing: dict[str, list[Entry]] = {}  # factor id -> the interventions that list it
    for i in interventions:
        for factor_id in i.data.get("contraindications", []):
            listing.setdefault(factor_id, []).append(i)
    treats: dict[str, list[Entry]] = {}  # intervention id -> the conditions that offer it
    for c in kb.all("conditions"):
        for item in c.data.get("interventions", []):
            treats.setdefault(item["intervention"], []).append(c)

    def related(a: Entry, b: Entry) -> bool:
        return bool(content_words(a.data["name"]) & content_words(b.data["name"])) or bool(
            set(a.data.get("related_red_flags", [])) & set(b.data.get("related_red_flags", []))
        )

    for factor in kb.all("contraindications"):
        d = factor.data
        if d["level"] != "absolute":
            continue
        ruled = listing.get(factor.id, [])
        ruled_ids = {i.id for i in ruled}
        # A distractor must be safe with this factor by the data: it lists neither the factor nor
        # a related one, the factor's own advice does not name it, and it is not an exercise or
        # education when the factor leaves exercise to another decision.
        said = d.get("what_to_do", "").lower()

        def safe(i: Entry, d=d, said=said, factor=factor, ruled_ids=ruled_ids) -> bool:
            if i.id in ruled_ids or i.data["name"].lower() in said:
                return False
            if NOT_COVERED.search(said) and i.data["category"] in ("exercise", "education"):
                return False
            return not any(f in factors and related(factors[f], factor) for f in i.data.get("contraindications", []))

        names = {i.data["name"] for i in ruled}
        if not REFER.search(said) and not RED_FLAG_LEVEL.search(factor.id):
            for intervention in ruled:
                category = intervention.data["category"]
                same = [i for i in interventions if i.data["category"] == category and safe(i)]
                near = [
                    i
                    for i in interventions
                    if i.data["category"] not in ("exercise", "education", category) and safe(i)
                ]
                wrong = _pick(f"{factor.id}:{intervention.id}", same, 3)
                wrong += [i for i in _pick(f"{factor.id}:{intervention.id}:more", near, 3) if i not in wrong]
                hosts = [
                    h
                    for h in treats.get(intervention.id, [])
                    if not content_words(h.data["name"]) & content_words(intervention.data["name"])
                ]
                host = hosts[random.Random(f"{factor.id}:{intervention.id}").randrange(len(hosts))] if hosts else None
                who = f"with {_lower_first(host.data['name'])}" if host else "with thoracic pain"
                reasons = {intervention.data["name"]: f"Right, contraindicated: {_first_sentence(d['why'])}"}
                for i in wrong[:3]:
                    reasons[i.data["name"]] = (
                        f"{i.data['name']} does not list {_lower_first(d['name'])} among its contraindications"
                    )
                yield _make(
                    f"ci-rules-out:{factor.id}:{intervention.id}",
                    "contraindications",
                    f"A patient {who} is to be treated over the affected region. The intake shows: "
                    f"{_lower_first(_clause(d['name']))}. Which intervention is contraindicated there?",
                    intervention.data["name"],
                    [i.data["name"] for i in wrong[:3]],
                    f"{d['name']}: {_sentence(d['why'])} {_sentence(d.get('what_to_do', ''))}".strip(),
                    factor,
                    reasons,
                    "application",
                    CATEGORY_SYSTEM.get(category, "musculoskeletal"),
                    "safety-professional",
                    is_right=_member(names),
                )
    # The other way round: the plan is fixed, which finding on the intake rules it out?
    for intervention in interventions:
        own = [factors[f] for f in intervention.data.get("contraindications", []) if f in factors]
        absolute = [f for f in own if f.data["level"] == "absolute"]
        if not absolute:
            continue
        for factor in absolute:
            hosts = [
                h
                for h in treats.get(intervention.id, [])
                if not content_words(h.data["name"]) & content_words(factor.data["name"])
            ]
            pool = [
                f
                for f in factors.values()
                if f not in own and not any(related(f, o) for o in own) and f.data["level"] == "absolute"
            ]
            wrong = _pick(f"{intervention.id}:{factor.id}:finding", pool, 3)
            host = hosts[random.Random(f"{intervention.id}:{factor.id}").randrange(len(hosts))] if hosts else None
            who = f"with {_lower_first(host.data['name'])}" if host else "with thoracic pain"
            reasons = {factor.data["name"]: f"Right: {_first_sentence(factor.data['why'])}"}
            for f in wrong:
                reasons[f.data["name"]] = (
                    f"{intervention.data['name']} does not list it; it matters for other treatments"
                )
            ruled_by = {f.data["name"] for f in absolute}
            yield _make(
                f"ci-finding:{factor.id}:{intervention.id}",
                "contraindications",
                f"{intervention.data['name']} is planned for a patient {who}. Which finding on the intake form is an "
                f"absolute contraindication to it?",
                factor.data["name"],
                [f.data["name"] for f in wrong],
                f"{factor.data['name']}: {_sentence(factor.data['why'])} {factor.data.get('what_to_do', '')}".strip(),
                factor,
                reasons,
                "application",
                CATEGORY_SYSTEM.get(intervention.data["category"], "musculoskeletal"),
                "safety-professional",
                is_right=_member(ruled_by),
            )


# ---- tests ---------------------------------------------------------------------------------------
# Likelihood-ratio bands as textbooks of evidence-based practice teach them (a convention, not a
# finding of these studies): (upper bound, words) for LR-, (lower bound, words) for LR+.
SHIFTS = (
    "It shifts the probability a large, often conclusive amount",
    "It shifts the probability a moderate amount",
    "It shifts the probability a small (sometimes important) amount",
    "It barely changes the probability",
)
NEGATIVE_BANDS = (0.1, 0.2, 0.5)
POSITIVE_BANDS = (10.0, 5.0, 2.0)


def _band(value: float, bounds: tuple[float, float, float], positive: bool) -> int | None:
    """Which SHIFTS line a likelihood ratio falls in, or None within 10% of a boundary (arguable)."""
    for n, bound in enumerate(bounds):
        if abs(value - bound) <= 0.1 * bound:
            return None
        if (value >= bound) if positive else (value <= bound):
            return n
    return 3


def _tests(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    for assessment in kb.all("assessments"):
        for i, study in enumerate(assessment.data.get("accuracy", [])):
            sens, spec = study["sensitivity"] / 100, study["specificity"] / 100
            if spec in (0, 1) or sens in (0, 1):
                continue
            source = ", ".join(display_name("references", kb.get("references", r).data) for r in study["references"])
            for result, lr, bands, positive in (
                ("positive", sens / (1 - spec), POSITIVE_BANDS, True),
                ("negative", (1 - sens) / spec, NEGATIVE_BANDS, False),
            ):
                band = _band(lr, bands, positive)
                if band is None:
                    continue
                name = "LR+" if positive else "LR\u2212"
                formula = "sensitivity / (1 \u2212 specificity)" if positive else "(1 \u2212 sensitivity) / specificity"
                reasons = {
                    line: (
                        f"Right: {name} = {formula} = {lr:.2f}"
                        if n == band
                        else f"Not this band: {name} = {lr:.2f}, and the usual bands are "
                        + (
                            "above 10 large, 5-10 moderate, 2-5 small"
                            if positive
                            else "below 0.1 large, 0.1-0.2 moderate, 0.2-0.5 small"
                        )
                    )
                    for n, line in enumerate(SHIFTS)
                }
                yield _make(
                    f"lr:{assessment.id}:{i}:{result}",
                    "tests",
                    f"{assessment.data['name']} (positive if {_clause(study['positive_if'])}) was studied for "
                    f"{_lower_first(_clause(study['target']))} with a sensitivity of {round(study['sensitivity'])}% and a "
                    f"specificity of {round(study['specificity'])}%. The result is {result}. What does this result do "
                    f"to the probability of {_lower_first(_clause(study['target']))}?",
                    SHIFTS[band],
                    [s for n, s in enumerate(SHIFTS) if n != band],
                    f"{name} = {formula} = {lr:.2f}, against {study['reference_standard']}, in "
                    f"{study['population']} ({source}). The bands are a teaching convention, not part of the study.",
                    assessment,
                    reasons,
                    "analysis",
                    "musculoskeletal",
                    "examination",
                )


# ---- prediction rules ----------------------------------------------------------------------------
REACHED = {"validation": "validated", "impact": "impact-tested"}  # a study's step -> the status it shows


def _prediction_rules(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    rules = kb.all("prediction_rules")
    every_item = list(dict.fromkeys(item for r in rules for item in r.data["items"]))
    owner = {item: r for r in rules for item in r.data["items"]}
    for rule in rules:
        value = status(rule.data)
        reached = {REACHED[s["step"]] for s in rule.data["evidence"] if s["step"] in REACHED}
        wrong = [label for key, label in STATUS.items() if key != value and key not in reached]
        reasons = {STATUS[value]: f"Right: {_first_sentence(rule.data['use'])}"}
        for label in wrong:
            reasons[label] = f"Not what its studies show: the strongest step reached is {STATUS[value].lower()}"
        yield _make(
            f"cpr-status:{rule.id}",
            "tests",
            f"What is the validation status of the {rule.data['name']}?",
            STATUS[value],
            wrong,
            f"{rule.data['name']}: {STATUS[value].lower()}. {_sentence(rule.data['use'])}",
            rule,
            reasons,
            "recall",
            "musculoskeletal",
            "evaluation-diagnosis",
        )
        own = set(rule.data["items"])
        for n, item in enumerate(rule.data["items"]):
            wrong_items = _pick(f"{rule.id}:{n}", every_item, 3, _not_in(own))
            reasons = {item: f"Right: it is one of the items of the {rule.data['name']}"}
            for w in wrong_items:
                reasons[w] = f"It belongs to the {owner[w].data['name']}"
            yield _make(
                f"cpr-item:{rule.id}:{n + 1}",
                "tests",
                f"Which of these is an item of the {rule.data['name']}?",
                item,
                wrong_items,
                f"The items of the {rule.data['name']}: " + " ".join(_sentence(i) for i in rule.data["items"]),
                rule,
                reasons,
                "recall",
                "musculoskeletal",
                "evaluation-diagnosis",
                is_right=_member(tuple(rule.data["items"])),
            )


# ---- diagnosis codes ----------------------------------------------------------------------------
# A 'when' text that leans on another (written to be read in sequence on the condition's page).
DEPENDENT = re.compile(r"^\s*(as above|as for|the same|same as)|see (the )?\w+ below|the same rule", re.I)
CODE_TOKEN = re.compile(r"\b[A-Z]\d{2}(?:\.[0-9A-Z]+)?-?")


def _stem_code(code: str) -> str:
    """A code without dots, 7th character or placeholder Xs: what a sibling shares."""
    bare = code.replace(".", "").rstrip("-")
    return bare[:6].rstrip("X") if len(bare) == 7 else bare


def names_a_choice(text: str, choices: Sequence[str]) -> bool:
    """Whether text names a code in the category of any choice: the code itself, a sibling that
    differs only in the 7th character ('As for M80.0AXD' names M80.0AXA), or the category."""
    mentioned = {_stem_code(t)[:3] for t in CODE_TOKEN.findall(text)}
    return any(_stem_code(choice.split(" ", 1)[0])[:3] in mentioned for choice in choices)


def _reportable(code: str) -> bool:
    """Whether the code may go on a claim in the ICD-10-CM edition the data is checked against;
    True when the official data cannot be read here (the offered-code-reportable rule then
    reports what it can)."""
    try:
        return not icd.exists(code) or icd.is_reportable(code)
    except (OSError, KeyError, ValueError):
        return True


def _diagnosis_codes(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    codes = kb.entries["codes"]
    icd_codes = [c for c in codes.values() if c.data["system"] == "icd10cm"]
    offered = {i["code"] for c in kb.all("conditions") for i in c.data["codes"]}
    pool = [c for c in icd_codes if c.id in offered and _reportable(c.data["code"])]
    for condition in kb.all("conditions"):
        items = [i for i in condition.data["codes"] if i["code"] in codes]
        own = {i["code"]: i for i in items}
        for item in items:
            code = codes[item["code"]]
            if "needs_partner" in code.data or DEPENDENT.search(item["when"]) or not _reportable(code.data["code"]):
                continue  # never reported alone, or a 'when' that leans on another, or not reportable
            if code.data["code"].startswith("M99"):
                continue  # by the site's own rule a more specific code always fits (coding review M3)
            key = display_name("codes", code.data)
            siblings = [codes[c] for c in own if c != code.id and not codes[c].data["code"].startswith("M99")]
            siblings = [c for c in siblings if "needs_partner" not in c.data and _reportable(c.data["code"])]
            others = [c for c in _pick(f"{condition.id}:{code.id}", pool, 3 + len(own)) if c.id not in own][:3]
            wrong = (siblings + others)[:3]
            labels = [display_name("codes", c.data) for c in wrong]
            if names_a_choice(item["when"], [key, *labels]) or RESEARCH_NOTE.search(item["when"]):
                continue  # the 'when' names a code among the choices, or carries a note on the sources
            reasons = {key: f"Right: {_clause(item['when'])}"}
            for c, label in zip(wrong, labels, strict=True):
                reasons[label] = (
                    f"{c.data['code']} is for another documentation: {_lower_first(_clause(own[c.id]['when']))}"
                    if c.id in own
                    else f"{c.data['code']} is {_lower_first(c.data['title'])}, which was not documented"
                )
            yield _make(
                f"icd-pick:{condition.id}:{code.id}",
                "diagnosis-codes",
                f"The physical therapist treats {_lower_first(condition.data['name'])}. Documentation: "
                f"{_lower_first(_clause(item['when']))}. Which ICD-10-CM code fits this visit?",
                key,
                labels,
                f"{code.data['code']} ({code.data['title']}): {_sentence(_clause(item['when']))}",
                condition,
                reasons,
                "application",
                "non-system",
                "safety-professional",
            )


# ---- procedure codes and units ------------------------------------------------------------------
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
            reasons = {units: f"Right: {working}"}
            for w in other_units:
                reasons[w] = f"Not {w}: the working gives {units}"
            yield _make(
                f"units-{method}:{'+'.join(f'{c}={m}' for c, m in day)}",
                "procedure-codes",
                f"One day's timed treatment: {listing}. How many units are billable {words}?",
                units,
                other_units,
                working,
                codes[chosen[0]],
                reasons,
                "application",
                "non-system",
                "safety-professional",
            )


def units_answer(rules, day: Sequence[tuple[str, int | None]], method: str) -> tuple[str, list[str], str]:
    """(right choice, wrong choices, working) for the billable units of one day under a method:
    the wrong choices are the other method's answer and its neighbours, never below zero."""
    result = calculate(rules, day, method)
    right = result["billable_units"]
    other = calculate(rules, day, "per-code" if method == "medicare" else "medicare")["billable_units"]
    wrong: list[int] = []
    for x in (other, right + 1, right - 1, right + 2, right + 3):
        if x >= 0 and x != right and x not in wrong:
            wrong.append(x)
    return _units(right), [_units(x) for x in wrong[:3]], " ".join(result["explanation"])


def _units(n: int) -> str:
    return f"{n} unit{'s' if n != 1 else ''}"


TEMPLATES: list[Callable[[KnowledgeBase], Iterator[Candidate | None]]] = [
    _red_flags,
    _diagnosis,
    _contraindications,
    _tests,
    _prediction_rules,
    _diagnosis_codes,
    _procedure_codes,
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


def _unique(found: list[Candidate]) -> list[Candidate]:
    """The first of any questions whose stems read the same word for word."""
    seen: set[str] = set()
    out = []
    for c in found:
        if c.question.stem not in seen:
            seen.add(c.question.stem)
            out.append(c)
    return out


def candidates(kb: KnowledgeBase) -> list[Candidate]:
    """Every question the templates can write that passes the item-writing checks."""
    return _unique([c for template in TEMPLATES for c in template(kb) if c is not None and not defects(c.question)])


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
