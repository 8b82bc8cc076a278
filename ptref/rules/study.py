"""Study questions: one right answer each, checked choice by choice against the data, and the
item-writing standards of a licensing exam (four options, a self-contained stem that neither
names nor hints at the answer, homogeneous options).

The generated templates drop a question that breaks an item-writing standard (ptref/study/
writing.py); these rules report the hand-written case questions (data/cases.yml) that break
one, and any generated question with no right answer or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import display_name
from ..model.units import UnitsError
from ..study.cases import ANSWERS, answer_field, case_questions
from ..study.questions import ambiguous, candidates
from ..study.writing import defects, wording_defects
from .registry import Entries, Finding, rule, shared


@rule(
    "question-single-answer",
    "a study question would have no right answer, or a wrong choice that the data also makes right",
    "Questions are made from the data by templates (ptref/study/questions.py) and from the case "
    "vignettes; every choice, the key and each distractor, is checked against the data. Two "
    "entries that read the same (two red flags with one name or one cue list, a case's wrong "
    "choice that is the answer under another id) give a question with two right answers, which a "
    "student would meet before a reviewer did.",
)
def _single_answer(entries: Entries) -> Iterator[Finding]:
    for candidate in _candidates(entries):  # worked out once, shared with question-keyed-sentence
        reason = ambiguous(candidate)
        if reason:
            yield candidate.entry, "id", f"question {candidate.question.id}: {reason}"
    for case in entries.get("cases", {}).values():
        for n, item in enumerate(case.data["questions"]):
            field = answer_field(item)
            if field is None or field == "units":
                continue
            wrong_field, kind = ANSWERS[field]
            pool = entries.get(kind, {})
            if item[field] not in pool:
                continue  # the link check reports it
            key = pool[item[field]]
            for w in item.get(wrong_field, []):
                if w in pool and w != key.id and _also_right(kind, key, pool[w]):
                    yield case, f"questions[{n}].{wrong_field}", f"{w!r} is also right by the data: {_why(kind)}"


def _candidates(entries: Entries) -> list:
    """The generated questions of this run, worked out once for the rules that read them."""

    def compute() -> list:
        try:
            return candidates(KnowledgeBase(entries, with_links=False))
        except KeyError:
            return []  # an entry a template names is missing: the required-ids and link checks report it

    result = shared("study-candidates", compute)
    assert isinstance(result, list)
    return result


# A sentence a template writes into at least this many of its items, and this share of them, all
# with one answer while its other items have others, tells the answer without the content.
KEYED_AT_LEAST, KEYED_SHARE = 5, 0.1


@rule(
    "question-keyed-sentence",
    "a sentence that a question template writes only into items with one answer gives that answer away",
    "A template that adds a sentence only where the answer is one choice ('The symptoms are present "
    "now.' in every emergency-keyed red-flag item and in no other, item review 2026-12-04) lets a "
    "test-wise candidate answer from the sentence alone. A sentence counts when it appears in at "
    "least 5 items and a tenth of the template's items (items whose stems differ only by their "
    "entry's name count once), from two or more entries, and every item with it has the same "
    "answer while the template's other items do not.",
)
def _keyed_sentence(entries: Entries) -> Iterator[Finding]:
    by_template: dict[str, list] = {}
    for c in _candidates(entries):
        by_template.setdefault(c.question.id.split(":", 1)[0], []).append(c)
    for template, found in by_template.items():
        answers = {c.question.choices[c.question.answer] for c in found}
        if len(answers) < 2:
            continue
        having: dict[str, list] = {}
        sentences = {id(c): set(re.split(r"(?<=[.!?])\s+", c.question.stem.strip())[:-1]) for c in found}
        # Items asked of one story (one accuracy row's positive and negative result: ids that
        # differ only in a last part that is a word, not a vignette's number) share that story's
        # sentences; a sentence in every item of its story is the story's, not one the template
        # writes for an answer. (The benchmark's replicated data repeats each story, and its
        # answers, once per copy.)
        stories: dict[str, list] = {}
        for c in found:
            head, _, last = c.question.id.rpartition(":")
            stories.setdefault(c.question.id if last.isdigit() or not head else head, []).append(c)
        for story in stories.values():
            shared_by_all = set.intersection(*(sentences[id(c)] for c in story)) if len(story) > 1 else set()
            for c in story:
                for sentence in sentences[id(c)] - shared_by_all:
                    having.setdefault(sentence, []).append(c)
        # Copies of one story (stems that read the same once each item's own entry name is
        # taken out, as in the benchmark's replicated data) count once: a sentence the copies
        # share is still that one story's.
        copy_of = {id(c): _without_name(c) for c in found}
        n_stories = len(set(copy_of.values()))
        for sentence, with_it in having.items():
            keys = {c.question.choices[c.question.answer] for c in with_it}
            stories_with_it = {copy_of[id(c)] for c in with_it}
            if (
                len(stories_with_it) >= max(KEYED_AT_LEAST, KEYED_SHARE * n_stories)
                and len({c.entry.id for c in with_it}) >= 2
                and len(keys) == 1
            ):
                first = with_it[0]
                yield (
                    first.entry,
                    "id",
                    f"template {template}: {sentence!r} is in {len(with_it)} of its {len(found)} items, "
                    f"all answered {next(iter(keys))!r}",
                )


def _without_name(c) -> str:
    """An item's stem with its entry's display name taken out (any letter case)."""
    name = display_name(c.entry.kind, c.entry.data)
    stem = c.question.stem
    return re.sub(re.escape(name), "", stem, flags=re.IGNORECASE) if name else stem


def _also_right(kind: str, key: Entry, other: Entry) -> bool:
    """Whether the data makes a case question's wrong choice right as well."""
    if display_name(kind, key.data) == display_name(kind, other.data):
        return True
    if kind == "red_flags":  # the same cues point to both
        return key.data["quick_screen"] == other.data["quick_screen"]
    if kind == "codes":
        return key.data["code"] == other.data["code"]
    return False


def _why(kind: str) -> str:
    return "it has the answer's cues" if kind == "red_flags" else "it reads the same as the answer"


def _case_defects(entries: Entries) -> list[tuple[Entry, str, str, str]]:
    """(case, field, check id, detail) for every item-writing standard a case question breaks."""

    def compute() -> list[tuple[Entry, str, str, str]]:
        cases = entries.get("cases", {})
        if not cases:
            return []
        try:
            kb = KnowledgeBase(entries, with_links=False)
            out: list[tuple[Entry, str, str, str]] = []
            for case in cases.values():
                for q in case_questions(kb, case):
                    n = int(q.id.rsplit(":", 1)[1]) - 1
                    out.extend((case, f"questions[{n}]", check, detail) for check, detail in defects(q))
            return out
        except (KeyError, UnitsError):
            return []  # a missing entry or code: the link checks report it

    result = shared("case-question-defects", compute)
    assert isinstance(result, list)
    return result


def _defect_rule(defects, check: str, message: str, rationale: str) -> None:
    """Register rule `check`: the findings of `defects(entries)` (entry, field, check, detail)
    that carry its id; the defects are worked out once for all the rules that share them."""

    def run(entries: Entries) -> Iterator[Finding]:
        for entry, field, found, detail in defects(entries):
            if found == check:
                yield entry, field, detail

    rule(check, message, rationale)(run)


def _writing_rule(check: str, message: str, rationale: str) -> None:
    _defect_rule(_case_defects, check, message, rationale)


_writing_rule(
    "question-four-options",
    "a question must have four options",
    "The NPTE and every prep bank use four options with one best answer; with two or three a "
    "blind guess is right a third to a half of the time.",
)
_writing_rule(
    "question-options-homogeneous",
    "a question's options must be of one kind (all diagnosis codes, all procedure codes, all numbers or all text)",
    "An option of another kind than the rest (a CPT code among ICD-10-CM codes) is eliminated "
    "without knowing the content, or gives the answer away.",
)
_writing_rule(
    "question-key-clue",
    "the answer must not stand out by its length, its precision, or a word only it shares with the stem (or the case text a case question is read with)",
    "Test-wise candidates pick the longest option, the one number with decimals, or the option "
    "that repeats a word of the stem; an item that rewards this measures nothing.",
)
_writing_rule(
    "question-key-longest",
    "the answer must not be the longest option by 30% and more than 10 characters",
    "A key that is clearly the longest option (a 52-character code title among titles of 37 at "
    "most, the only compound treatment among single ones) is picked by test-wise candidates "
    "without the knowledge the item asks for (item review round 17). Lengths are measured without "
    "glosses in brackets, and the bands of one ordinal scale are left alone.",
)
_writing_rule(
    "question-key-only-specific",
    "the answer must not be the only option with a gloss in brackets or the only one that states a quantity with its unit",
    "An answer that alone names its instrument or method ('Chest expansion (tape measure)') or "
    "alone gives a number with its unit is the only option of its kind: a test-wise candidate picks "
    "it without the knowledge the item asks for (item review round 14, class 6).",
)
_writing_rule(
    "question-no-all-none",
    "no option may be 'all of the above' or 'none of the above'",
    "These options test reasoning about the other options, not the content, and the NPTE does not use them.",
)
_writing_rule(
    "question-stem-self-reference",
    "a stem may not ask what this reference, site or a page says",
    "A question about what 'this reference' grades tests the site's labels, not a clinical "
    "decision, and is meaningless in an Anki deck or a printed worksheet.",
)
_writing_rule(
    "question-negative-stem",
    "a negative stem must emphasise NOT, EXCEPT, LEAST, CONTRAINDICATED or AVOID in capitals",
    "A candidate who misses the negation answers the opposite question; item-writing guides "
    "require the negative word to stand out.",
)
_writing_rule(
    "question-stem-standalone",
    "a stem may not point at another question ('as above', 'as for', 'see below', 'the same case')",
    "The study page, the JSON file and the Anki deck shuffle questions: a stem that leans on "
    "another one cannot be answered alone, and may have two right answers (review M5/M6).",
)
_writing_rule(
    "question-stem-research-note",
    "a stem may not carry a note on the sources ('not stated in the abstract', 'abstract read')",
    "Notes on what was read belong in data/references.yml; in a stem they distract and date the "
    "question (study review T4).",
)
_writing_rule(
    "question-stem-guidance",
    "a stem may not carry advice to the clinician or point at a page ('do not spring the rib', 'use them as goals', 'the test below')",
    "A vignette gives the patient's history and findings; advice and pointers copied from an entry "
    "(instructions, checklists, 'below') are not findings, often give the answer away, and leave "
    "the reader looking for a page the question does not show (item review: guidance text in stem, "
    "dangling reference).",
)
_writing_rule(
    "question-stem-gives-away",
    "a stem may not contain the answer's code or name",
    "A stem that names the key (or its code) is answered by matching words (study review M5).",
)


# ---- wording a candidate reads: every question, generated or hand-written ----------------------
def _wording_defects(entries: Entries) -> list[tuple[Entry, str, str, str]]:
    """(entry, field, check id, detail) for every wording standard a question breaks: a generated
    question points at the entry it asks about, a case question at its place in the case."""

    def compute() -> list[tuple[Entry, str, str, str]]:
        out: list[tuple[Entry, str, str, str]] = []
        # A red flag's study text (vignettes, confusions) is checked for project wording where it
        # is written (rule red-flag-study-wording): a phrase found there is reported once, at its
        # field, not again in every question made from it.
        for c in _candidates(entries):
            elsewhere = _strings(
                [c.entry.data.get("study_vignettes", []), c.entry.data.get("study_confusions", [])]
                if c.entry.kind == "red_flags"
                else []
            )
            out.extend(
                (c.entry, "id", check, f"question {c.question.id}: {d}")
                for check, d in wording_defects(c.question, elsewhere)
            )
        cases = entries.get("cases", {})
        if cases:
            try:
                kb = KnowledgeBase(entries, with_links=False)
                for case in cases.values():
                    for q in case_questions(kb, case):
                        n = int(q.id.rsplit(":", 1)[1]) - 1
                        out.extend((case, f"questions[{n}]", check, d) for check, d in wording_defects(q))
            except (KeyError, UnitsError):
                pass  # a missing entry or code: the link checks report it
        return out

    result = shared("question-wording-defects", compute)
    assert isinstance(result, list)
    return result


def _strings(value: object) -> str:
    """Every string inside a value of an entry, joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_strings(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_strings(v) for v in value)
    return ""


def _wording_rule(check: str, message: str, rationale: str) -> None:
    _defect_rule(_wording_defects, check, message, rationale)


_wording_rule(
    "question-internal-wording",
    "a question's stem, options, reasons and explanation may not use the project's internal wording",
    "A candidate is taught by reasons that argue from the findings in the stem. A reason that argues "
    "from how the site stores its data ('the flag's emergency branch', 'no validation study is "
    "listed') or carries a note on how sources were read teaches nothing clinical and is meaningless "
    "in an Anki deck or a printed worksheet (item review round 4, defect class 4). The word list is "
    "ptref/study/internal_words.yml.",
)
_wording_rule(
    "question-ordinal-order",
    "options that are bands of one ordinal scale, or numbers, must be in order",
    "Item-writing guides (NBME) put numeric and ordinal options in logical order: shuffled bands "
    "('small, moderate, large, barely') add reading load and measure nothing (item review round 4, "
    "defect class 9). Which band is the key still varies from item to item, so its position does "
    "not give it away.",
)
_wording_rule(
    "question-reason-sentence",
    "every reason must be a sentence: a capital first letter, a final full stop, a verb outside any "
    "clause hanging from a noun, and no sentence that runs on over two colons",
    "A reason tells the candidate why an option is right or wrong for this patient; a noun phrase "
    "('Localised muscle tenderness that reproduces the familiar pain, with little widespread "
    "sensitivity.') describes the option instead and does not say why, and a chain of colons is "
    "hard to parse (item review round 4, defect class 5). The verb test is a small heuristic "
    "(auxiliaries, common verbs, words in -ed or -s in a verb's place), not a parser.",
)
_wording_rule(
    "question-explanation-colons",
    "an explanation may not run on over two colons in one sentence",
    "An explanation gives the key's reason and then why the nearest alternative is wrong. A template "
    "that splices a wrong choice's reason, lead-in and all, after its own verdict stacks two "
    "verdicts and two colons ('The nearest alternative ... is more than these findings call for: a "
    "request for the physician's review is not the best step: ...', item review round 22, class 3). "
    "Templates splice a reason without its lead-in; an opening heading that is a noun phrase "
    "('Therapeutic ultrasound:') does not count.",
)
_wording_rule(
    "question-reason-restates-option",
    "a wrong option's reason may not just repeat the option and add 'not what was documented'",
    "'G89.22 is chronic post-thoracotomy pain, not what was documented.' gives the candidate no "
    "teaching: it should say what documentation would support the option, or what in this chart "
    "rules it out (item review round 4, defect class 6).",
)
