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
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, display_name, kind_schemas
from ..model.units import calculate, medicare_units
from .model import Question, arrange
from .writing import RESEARCH_NOTE, defects, internal_words

# Topic id -> title, filled by each kind's questions.py (ptref/site.py hands them over).
TOPICS: dict[str, str] = {}
CODING_TOPICS = ("diagnosis-codes", "procedure-codes")


@dataclass(frozen=True)
class Candidate:
    """A question and, for each of its choices, whether the data makes it right."""

    question: Question
    right_flags: tuple[bool, ...]  # one per choice, in the question's order
    entry: Entry  # the entry the question is about (where an error about it points)


@cache
def _frames() -> dict[str, dict[str, str]]:
    return {kind: schema.get("x-questions", {}) for kind, schema in kind_schemas().items()}


def frame(kind: str, name: str, /, **values: object) -> str:
    """A question's wording around the data values: the frame `name` of the kind's schema
    (ptref/kinds/<kind>/schema.json, "x-questions"), its {fields} filled with `values`."""
    return _frames()[kind][name].format(**values)


def frame_first(kind: str, names: Sequence[str], /, **values: object) -> str:
    """The first of `names` that the kind's schema defines, filled as frame() fills it: a wording
    of its own for a case (a status's, a region's) before the general one it refines."""
    frames = _frames()[kind]
    return frames[next(name for name in names if name in frames)].format(**values)


def page(entry: Entry) -> str:
    return f"{KINDS[entry.kind].url_dir}/{entry.id}.html"


def _pick(key: str, pool: Sequence[Any], n: int, keep: Callable[[Any], bool] = lambda item: True) -> list[Any]:
    """Up to n distinct items of pool that `keep` accepts, drawn at random with `key` as the seed:
    the same wrong choices in every build. It looks at a sample first, so that a pool of
    thousands (the benchmark's 100x data) costs no more than today's."""
    rng = random.Random(key)
    sample = rng.sample(pool, min(len(pool), 4 * n + 20))
    kept = [item for item in sample if keep(item)]  # `keep` asked once per item
    source: Iterable[Any] = kept
    if len(kept) < n and len(sample) < len(pool):
        source = (item for item in _shuffled(rng, pool) if keep(item))  # asked only until n are found
    found: list = []
    for item in source:
        if len(found) == n:
            break
        if item not in found:
            found.append(item)
    return found


def _shuffled(rng: random.Random, pool: Sequence[Any]) -> Iterator[Any]:
    """The items of `rng.sample(pool, len(pool))`, in its order, drawn only as far as they are
    read: the same calls to the generator as CPython's `sample` makes for a whole pool
    (tests/test_pick.py compares them), without shuffling thousands to use a few."""
    left = list(pool)
    n = len(left)
    for i in range(n):
        j = rng._randbelow(n - i)  # type: ignore[attr-defined]
        yield left[j]
        left[j] = left[n - i - 1]


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
    order: Sequence[str] | None = None,
    story: str | None = None,
) -> Candidate | None:
    """The question, or None when the data offers fewer than three wrong choices. `order`, for
    options that are bands of one scale, fixes their order (smallest first) instead of the
    shuffle by id."""
    if len(wrong) < 3:
        return None
    if order is not None:
        kept = [c for c in order if c == right or c in wrong[:3]]
        choices, answer = tuple(kept), kept.index(right)
    else:
        choices, answer = arrange(qid, right, list(wrong[:3]))
    test = is_right or (lambda choice: choice == right)
    question = Question(
        qid,
        topic,
        stem,
        choices,
        answer,
        for_candidate(explanation),
        page(entry),
        display_name(entry.kind, entry.data),
        tuple(labelled(_sentence(for_candidate(reasons[c]))) for c in choices),
        level,
        system,
        domain,
        story=story,
    )
    return Candidate(question, tuple(test(c) for c in choices), entry)


# A reason's own label and the first letter after it ("Right: ...", "Right, contraindicated: ...").
_LABELLED = re.compile(r"^((?:Right|Wrong)(?:, [a-z ]+)?:\s+)([a-z])(?=[a-z ,'])")


def labelled(reason: str) -> str:
    """A reason with one style after its label: the sentence after "Right:" starts with a capital,
    in every template ("Right: It fits", never "Right: it fits": item review round 11, style)."""
    return _LABELLED.sub(lambda m: m.group(1) + m.group(2).upper(), reason, count=1)


# A condition of the nervous system or of nerve and muscle by its name: its items count under
# neuromuscular, not musculoskeletal (also a test's target condition: syringomyelia, a muscular
# dystrophy; item review round 12, class 11), and nerve-injury pain after breast or chest surgery
# (item review round 20, 2042 #25: post-mastectomy pain is neuropathic, not musculoskeletal).
NEURO = re.compile(
    r"radicul|myelopath|neuralgia|nerve|outlet|stenosis|notalgia|syring|dystroph|post-mastectomy|post-thoracotomy", re.I
)


def condition_system(data: dict) -> str:
    """The body system of items about a condition: neuromuscular where its name says so (NEURO),
    else musculoskeletal."""
    return "neuromuscular" if NEURO.search(data["name"]) else "musculoskeletal"


def condition_option(data: dict, why: str = "") -> str:
    """A condition as an option: its name without glosses, or its first other name where the
    name alone would be far longer than any other option ("Rib joint dysfunction"). A name that
    joins two conditions ("Costochondritis and Tietze syndrome") would stand out as the longest,
    most inclusive option, and would name Tietze syndrome for a case with no swelling (item review
    rounds 4 and 5): the other name the reasoning `why` uses stands in for it, or else the first
    other name. The diagnosis items and the case questions both name conditions this way. A
    condition whose bare name would describe any stem of its region ("Persistent thoracic pain"
    for a year of thoracic pain, item review round 15, R15a #35) names itself by `study_label`."""
    if data.get("study_label"):
        return data["study_label"]
    label = short_label(data, alias_over=45)
    aliases = data.get("also_known_as", [])
    if " and " in label and aliases:
        named = [a for a in aliases if re.search(rf"\b{re.escape(a)}\b", why, re.I)]
        return named[0] if named else aliases[0]
    return label


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _clause(text: str) -> str:
    """A data sentence to run on inside a stem: no final stop, no research note in brackets."""
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if RESEARCH_NOTE.search(m.group(0)) else m.group(0), text)
    return text.strip().rstrip(".")


def for_candidate(text: str) -> str:
    """Data text as a candidate reads it: without a bracketed note about the site or how its
    sources were read ("(not covered on this site)", "(..., read in a secondary source)"), which
    the pages keep (ptref/study/internal_words.yml). A bracket keeps its other parts ("(Official
    Guidelines I.C.13.d.2)")."""

    def noted(part: str) -> bool:
        return any(p.search(part) for p, _, _ in internal_words()) or bool(RESEARCH_NOTE.search(part))

    def note(m: re.Match[str]) -> str:
        inner = m.group(0).strip()[1:-1]
        if not noted(inner):
            return m.group(0)
        kept = [part for part in re.split(r"[,;]\s+", inner) if not noted(part)]
        return f" ({', '.join(kept)})" if kept else ""

    return re.sub(r"\s*\([^()]*\)", note, text)


# Names that keep their capital inside a sentence: eponyms ("the Adams forward bend test") and
# titled instruments ("Fear-Avoidance Beliefs Questionnaire"). One list for every template.
PROPER_NAME = re.compile(r"^(Adams|Beevor|Cobb|Spurling|Fear-Avoidance|Scheuermann|Tietze|Pancoast|Horner)\b")


def _lower_first(text: str) -> str:
    """The text with a lower-case first letter, unless it starts an acronym ("DISH", "NSAID", "T4"),
    a name listed in PROPER_NAME, or a word with a capital after its first letter, such as a
    hyphenated eponym ("Guillain-Barré syndrome": item review round 23, 2372 class C4)."""
    first = text.split(" ", 1)[0]
    keep = len(text) > 1 and text[0].isupper() and (text[1].isupper() or text[1].isdigit())  # "DISH", "T4"
    keep = keep or (text[:1].isupper() and any(c.isupper() for c in first[1:])) or bool(PROPER_NAME.match(text))
    return text if keep else text[:1].lower() + text[1:]


def flag_option(name: str) -> str:
    """A red flag's name as a which-flag choice: without a closing gloss in brackets ("... (DISH)") or
    a qualifying tail (", including cough fracture"), which would make the key stand out by its
    length or echo the stem, and without the hedge "Possible", which not every flag's name has
    (the key would stand out as the one option worded differently)."""
    name = re.sub(r"\s*\([^()]*\)$", "", name)
    name = re.sub(r",\s*including .*$", "", name)
    name = re.sub(r"^Possible ", "", name)
    return name[:1].upper() + name[1:]


def short_label(data: dict, *, acronym_over: int = 1000, alias_over: int = 1000) -> str:
    """An entry's name as an option: without glosses in brackets ("Rib fracture", not "Rib fracture
    (traumatic, cough, ...)"), so no option stands out by length or a qualifier; its acronym in
    brackets when the bare name is longer than `acronym_over` ("TENS"), or its first other name
    when longer than `alias_over` ("Rib joint dysfunction")."""
    name = data["name"]
    bare = re.sub(r"\s*\([^()]*\)", "", name).strip()
    acronym = re.search(r"\(([A-Z]{2,6})\)\s*$", name)
    if len(bare) > acronym_over and acronym:
        return acronym.group(1)
    aliases = data.get("also_known_as", [])
    if len(bare) > alias_over and aliases:
        return aliases[0]
    return bare


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


def flag_system(data: dict) -> str:
    """The body system of a red flag's items: its `study_system` where its category does not say
    it (a pneumonia is an infection of the lung, a Pancoast tumour a tumour of the lung: item
    review round 16), or else the system its category maps to (FLAG_SYSTEM)."""
    return data.get("study_system") or FLAG_SYSTEM.get(data["category"], "other-systems")


PAIRS = ((0, 1), (1, 2), (0, 2), (2, 3), (1, 3), (0, 3), (3, 4), (2, 4))


def _variants(lines: list[str], most: int = 3) -> list[list[str]]:
    """Up to `most` different pairs of cue lines (one line when that is all there is)."""
    if len(lines) < 3:
        return [lines[:2]] if lines else []
    return [[lines[a], lines[b]] for a, b in PAIRS if b < len(lines)][:most]


def units_answer(
    rules, day: Sequence[tuple[str, int | None]], method: str, per_eight: bool = True, place: int | None = None
) -> tuple[str, list[str], str, dict[str, str]]:
    """(right choice, wrong choices in ascending order, working, reason per choice) for the
    billable units of one day under a method. Each wrong number is what a named counting error
    gives, worked out on this day's own minutes and with the untimed codes this payer pays still
    counted (pooling 30 timed minutes plus a paid 97014 is 3 units, not 2), so each reason shows
    how the wrong total arises; a neighbour of the right number fills in only when the errors give
    fewer than three (a generated item that needs one is not asked). Without `per_eight` a
    choice comes from a unit for every 8 minutes only when no other named error gives a third wrong
    count: a case reviewer found it weak (item review round 7, D1: "a unit for every 8 of the 40
    pooled minutes"), but a count no error gives is weaker still (round 8: "5 units" with no error
    path).

    With `place` (0 for the lowest of the four counts to 3 for the highest), the wrong counts are
    the named errors that put the right count there, the earliest-listed errors on each side first;
    when the errors on one side are too few, the choice is as without it. The misconceptions mostly
    fall on both sides of the right count, so without a place it came 2nd or 3rd of four in 41 of
    53 unit items, and "drop the extremes" scored (item review round 33, 3372, bank-level note).
    Every wrong count is a mistake clinicians make in counting (round 34, 3481 #16 and #26): the
    8-minute rule applied per code or to the pool under the wrong payer, whole 15-minute units
    only, every started 15 minutes, per code or pooled. Round 33's "bills only the code with the
    most minutes, as if a visit allowed one timed code" is gone: nobody bills that way, so under
    Medicare the key now stays 2nd or 3rd, where the real errors put it."""
    result = calculate(rules, day, method)
    right = result["billable_units"]
    medicare = method == "medicare"
    paid = {line["code"] for line in result["lines"] if line["billable"]}
    timed = [(c, m) for c, m in day if m is not None and rules.codes[c].timed and c in paid]
    untimed = [c for c, _ in day if not rules.codes[c].timed and c in paid]
    unpaid = [c for c, _ in day if not rules.codes[c].timed and c not in paid]
    minutes = [m for _, m in timed]
    total = sum(minutes)
    extra = len(untimed)
    plus = (
        f", plus 1 for the untimed {_and(untimed)}"
        if len(untimed) == 1
        else (f", plus 1 each for the untimed {_and(untimed)}" if untimed else "")
    )
    pooled = medicare_units(total)

    def each(count: Callable[[int], int]) -> str:  # "20 minutes of 97110 earn 1 and 10 of 97530 earn 0"
        parts = [
            f"{m} minutes of {c} earn {count(m)}" if n == 0 else f"{m} of {c} earn {count(m)}"
            for n, (c, m) in enumerate(timed)
        ]
        return _and(parts)

    if medicare:
        errors = [
            (
                sum(medicare_units(m) for m in minutes) + extra,
                f"comes from counting each code on its own minutes ({each(medicare_units)}){plus}; "
                f"Medicare pools the day's {total} timed minutes, which earn {pooled}",
            ),
            (
                total // 15 + extra,
                f"counts only the whole 15-minute units in the {total} pooled minutes ({total // 15}){plus}; "
                "Medicare also pays a final part-unit of 8 minutes or more",
            ),
            (
                -(-total // 15) + extra,
                f"counts every started 15 minutes of the {total} pooled minutes ({-(-total // 15)}){plus}; "
                "a final part-unit under 8 minutes earns nothing",
            ),
            (
                sum(-(-m // 15) for m in minutes) + extra,
                f"counts every started 15 minutes of each code on its own ({each(lambda m: -(-m // 15))}){plus}; "
                "Medicare pools the minutes first, and a part-unit under 8 minutes earns nothing",
            ),
            (
                sum(m // 15 for m in minutes) + extra,
                f"counts only the whole 15-minute units of each code on its own ({each(lambda m: m // 15)}){plus}; "
                "Medicare pools the minutes first and pays a final part-unit of 8 minutes or more",
            ),
            # One unit per code, as if untimed, only when no real counting error is left: the stem
            # says the services are timed, so it is a weak option (item review round 20, 2042 class 3).
            (
                len(timed) + extra,
                f"bills {_each_code(timed)}{plus}; timed codes earn units from the pooled minutes, one per 15",
            ),
            (
                total // 8 + extra,
                f"gives a unit for every 8 of the {total} pooled minutes ({total // 8}){plus}; "
                "a unit is 15 minutes, and 8 is only the least a final part-unit needs",
            ),
        ]
    else:
        errors = [
            (
                pooled + extra,
                f"comes from pooling the day's {total} timed minutes as Medicare does, which earn {pooled}{plus}; "
                f"this payer counts each code on its own minutes ({each(medicare_units)})",
            ),
            (
                sum(m // 15 for m in minutes) + extra,
                f"counts only the whole 15-minute units of each code ({each(lambda m: m // 15)}){plus}; "
                "a final part-unit of 8 minutes or more also earns a unit",
            ),
            (
                sum(-(-m // 15) for m in minutes) + extra,
                f"counts every started 15 minutes of each code ({each(lambda m: -(-m // 15))}){plus}; "
                "a part-unit under 8 minutes earns nothing",
            ),
            # Pooling as Medicare does and rounding the pool wrongly as well (round 34, 3481 #26:
            # "every started 15 min of the pooled 78 min").
            (
                -(-total // 15) + extra,
                f"pools the day's {total} timed minutes and counts every started 15 minutes "
                f"({-(-total // 15)}){plus}; this payer counts each code on its own minutes, and a "
                "part-unit under 8 minutes earns nothing",
            ),
            (
                total // 15 + extra,
                f"pools the day's {total} timed minutes and counts only the whole 15-minute units "
                f"({total // 15}){plus}; this payer counts each code on its own minutes, and a final "
                "part-unit of 8 minutes or more also earns a unit",
            ),
            (
                len(timed) + extra,
                f"bills {_each_code(timed)}{plus}; a timed code needs 8 minutes of its own for a unit and 23 for two",
            ),
            (
                sum(m // 8 for m in minutes) + extra,
                f"gives a unit for every 8 minutes of each code ({each(lambda m: m // 8)}){plus}; "
                "a unit is 15 minutes, and 8 is only the least a final part-unit needs",
            ),
        ]
    if untimed:
        errors.append(
            (
                right - extra,
                f"counts the timed codes correctly but leaves out the untimed {_and(untimed)}, "
                "which earns 1 unit a session whatever its length",
            )
        )
    if unpaid:
        reasons_unpaid = "; ".join(f"{c}: {result_reason(result, c)}" for c in unpaid)
        errors.append((right + len(unpaid), f"also bills {_and(unpaid)}, which Medicare never pays ({reasons_unpaid})"))
    if not per_eight:  # a unit per 8 minutes only as the last named error, before a count no error gives
        errors = [e for e in errors if "for every 8" not in e[1]] + [e for e in errors if "for every 8" in e[1]]
    reasons: dict[int, str] = {}
    for n, why in _placed(right, errors, place):
        if n >= 0 and n != right and n not in reasons and len(reasons) < 3:
            reasons[n] = f"{_units(n).capitalize()} {why}"
    for n in (right + 1, right - 1, right + 2, right + 3):
        if n >= 0 and n != right and n not in reasons and len(reasons) < 3:
            reasons[n] = (  # no counting error gives it: say what the minutes do earn
                f"{_units(n).capitalize()} would need {'more' if n > right else 'fewer'} timed minutes "
                f"than this visit has: its {total} timed minutes earn {_units(right - extra)} "
                f"{'when pooled' if medicare else 'counted per code'}{plus}"
            )
    working = _working(result)
    out = {_units(n): _sentence(r) for n, r in reasons.items()}
    out[_units(right)] = f"Right: {working}"
    return _units(right), [_units(n) for n in sorted(reasons)], working, out


def units_places(
    rules, day: Sequence[tuple[str, int | None]], method: str, weak: Sequence[re.Pattern] = (), per_eight: bool = True
) -> dict[int, tuple[str, list[str], str, dict[str, str]]]:
    """units_answer for each place (0 lowest to 3 highest) where the day's named counting errors
    can put the right count among the four ascending counts with no reason that a `weak` pattern
    finds, or that a count no error gives would need."""
    found = {}
    for place in range(4):
        answer = units_answer(rules, day, method, per_eight=per_eight, place=place)
        counts = sorted(int(c.split(" ", 1)[0]) for c in [answer[0], *answer[1]])
        reasons = answer[3].values()
        if counts.index(int(answer[0].split(" ", 1)[0])) == place and not any(
            w.search(r) for w in [FILLER, *weak] for r in reasons
        ):
            found[place] = answer
    return found


# The reason units_answer gives a neighbouring count that no named counting error produces.
FILLER = re.compile(r"would need (more|fewer) timed minutes")
# The reason units_answer gives the count of one unit per 8 minutes: a weak option (round 6; round 7, D1).
PER_EIGHT = re.compile(r"gives a unit for every 8")


def _placed(right: int, errors: list[tuple[int, str]], place: int | None) -> list[tuple[int, str]]:
    """The named errors that put the right count at `place` (0-3) among four ascending counts: the
    first `place` distinct counts below it and the first 3 - `place` above, in the order listed;
    all the errors, as listed, when there is no place or too few counts on one side."""
    if place is None:
        return errors
    below: dict[int, str] = {}
    above: dict[int, str] = {}
    for n, why in errors:
        side = below if 0 <= n < right else above if n > right else None
        if side is not None and n not in side:
            side[n] = why
    if len(below) < place or len(above) < 3 - place:
        return errors
    return [*list(below.items())[:place], *list(above.items())[: 3 - place]]


# The cognitive level of choosing a diagnosis or procedure code (item review round 29, 2931 #33 and
# the 2932 bank note, as rounds 24 and 27 said): every code item starts from a referral, a
# documented note or a case, and asks the candidate to apply the coding rules to documented findings
# (which condition is listed first, site, type, onset, encounter character, whether a symptom is
# coded instead, the complexity of an evaluation), so it is application. This supersedes round
# 20's rule (2041 class 4), which labelled a note naming the diagnosis and its classifying fact a
# lookup (recall) beside sibling items from the same kind of note labelled application.
CODE_LEVEL = "application"


def result_reason(result: dict, code: str) -> str:
    """Why the calculator left a line out of the billable total ("Medicare bundles it ...")."""
    found = [line["reason"] for line in result["lines"] if line["code"] == code and line["reason"]]
    return _lower_first(found[0]) if found else "not payable"


def _each_code(timed: Sequence[tuple[str, int]]) -> str:
    """'97112 once, as if it were untimed' or '97110 and 97140 once each, as if they were untimed'."""
    if len(timed) == 1:
        return f"{timed[0][0]} once, as if it were untimed"
    return f"{_and([c for c, _ in timed])} once each, as if they were untimed"


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _units(n: int) -> str:
    return f"{n} unit{'s' if n != 1 else ''}"


def _working(result: dict) -> str:
    """The calculator's working for a question: plural by number ('1 unit', '2 units'), without
    its closing 'may pay N of N' line. The calculator's tie-break (more minutes in all, then the
    code listed first) is a convention of its own: when remainders tie, the working says that
    any of the tied codes may take the unit, as CMS allows, never that the one chosen had the
    most remaining minutes (item review round 4)."""
    steps = result["explanation"]
    tied: dict[str, str] = {}  # tied code -> its remaining minutes
    for step in steps:
        found = re.match(r"Tie on (\d+) remaining min between (.+?):", step)
        if found:
            tied.update({c.strip(): found.group(1) for c in found.group(2).split(",")})
    kept = []
    for step in steps:
        if step.startswith("Units Medicare may pay"):
            continue
        found = re.match(r"Tie on (\d+) remaining min between (.+?):", step)
        if found:
            codes = [c.strip() for c in found.group(2).split(",")]
            given = sum(1 for x in steps if re.match(rf"({'|'.join(codes)}): 1 more unit", x))
            step = (
                f"{_and(codes)} tie on {found.group(1)} remaining min each, so "
                f"{'that unit' if given == 1 else 'those units'} may go to {'either' if len(codes) == 2 else 'any'} of them "
                "(CMS allows either code on a tie)."
            )
        extra = re.match(r"(\d{5}): 1 more unit for its (\d+) remaining min \(.*\)\.$", step)
        if extra:
            step = f"{extra.group(1)}: 1 more unit for its {extra.group(2)} remaining min" + (
                "." if extra.group(1) in tied else " (the most remaining minutes still unassigned)."
            )
            if len(result["lines"]) == 1:
                step = f"{extra.group(1)}: 1 more unit for its {extra.group(2)} remaining min (8 or more)."
        kept.append(step)
    text = " ".join(kept)
    text = re.sub(r"\b1 (whole \d+-minute )?unit\(s\)", r"1 \1unit", text)
    return re.sub(r"unit\(s\)", "units", text)


# The question templates of every kind, in the order of their kinds' PLACE (each kind's questions.py).
TEMPLATES: list[Callable[[KnowledgeBase], Iterator[Candidate | None]]] = []
_PLACED: list[tuple[int, Sequence[Callable[[KnowledgeBase], Iterator[Candidate | None]]], dict[str, str]]] = []


def register(
    templates: Sequence[Callable[[KnowledgeBase], Iterator[Candidate | None]]],
    topics: dict[str, str],
    place: int = 1000,
) -> None:
    """Templates and topics from a kind's folder (`QUESTIONS`, `TOPICS` and `PLACE` in
    ptref/kinds/<kind>/questions.py), handed over by ptref/site.py; the bank lists them by place
    (kinds' order on a tie), and a topic already listed keeps its place."""
    _PLACED.append((place, templates, topics))
    _PLACED.sort(key=lambda p: p[0])  # stable: equal places keep the kinds' order
    TEMPLATES.clear()
    TOPICS.clear()
    for _, group, titles in _PLACED:
        TEMPLATES.extend(t for t in group if t not in TEMPLATES)
        for key, title in titles.items():
            TOPICS.setdefault(key, title)


class Bank(list):
    """The questions of a bank, and beside them those an item-writing check kept out, with why
    (`dropped`: (candidate, [(check id, detail)])), so that a rule can report a hand-written
    vignette that never reaches the bank instead of it vanishing."""

    dropped: list[tuple[Candidate, list[tuple[str, str]]]]


def _unique(found: list[Candidate]) -> list[Candidate]:
    """The first of any questions whose stems read the same word for word."""
    seen: set[str] = set()
    out = []
    for c in found:
        if c.question.stem not in seen:
            seen.add(c.question.stem)
            out.append(c)
    return out


# The bank of a knowledge base, made once: a build asks for it three times (the study pages,
# questions.json, the Anki deck) and each time cost as much as the rest of the study engine.
# Keyed by the object (a KnowledgeBase is a mutable dataclass, not hashable) and dropped when it
# goes: a knowledge base reloaded under `mkdocs serve` gets its own bank.
_BANKS: dict[int, Bank] = {}


# The last bank made and the entries it was made from (the very objects, in their order): a build
# asks for it from two knowledge bases over the same entries, the content rules' (the schema-valid
# entries, all of them when the build goes on) and the pages'. The templates read the entries
# only, never the links, the clinic or the translations, and nothing changes an entry once checked.
_LAST: tuple[list[tuple[str, list[Entry]]], Bank] | None = None


def _same_entries(a: list[tuple[str, list[Entry]]], b: list[tuple[str, list[Entry]]]) -> bool:
    return len(a) == len(b) and all(
        ka == kb and len(ea) == len(eb) and all(x is y for x, y in zip(ea, eb, strict=True))
        for (ka, ea), (kb, eb) in zip(a, b, strict=True)
    )


def candidates(kb: KnowledgeBase) -> Bank:
    """Every question the templates can write that passes the item-writing checks."""
    global _LAST
    key = id(kb)
    if key not in _BANKS:
        held = [(kind, list(bucket.values())) for kind, bucket in kb.entries.items()]
        if _LAST is not None and _same_entries(_LAST[0], held):
            bank = _LAST[1]
        else:
            kept: list[Candidate] = []
            dropped: list[tuple[Candidate, list[tuple[str, str]]]] = []
            for template in TEMPLATES:
                for c in template(kb):
                    if c is None:
                        continue
                    found = defects(c.question)
                    if found:
                        dropped.append((c, found))
                    else:
                        kept.append(c)
            bank = Bank(_unique(kept))
            bank.dropped = dropped
        _LAST = (held, bank)
        _BANKS[key] = bank
        weakref.finalize(kb, _BANKS.pop, key, None)
    return _BANKS[key]


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
