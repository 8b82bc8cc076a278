"""Item-writing standards every study question meets (NPTE style: four options, one best answer).

`defects(question)` names each standard a question breaks, as (check id, detail). The generated
templates drop a question that breaks one; `ptref check` reports a case question that does
(ptref/rules/study.py, one rule per check, each with a failing fixture).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from .model import Question

# Notes about the sources that belong in data/references.yml, not in a question.
RESEARCH_NOTE = re.compile(
    r"not (stated|given|reported) in the abstract|abstract (only|read)|as the study defined it|"
    r"(was|were|is) not (yet )?(checked|read|seen|opened)|alphabetic index|\btabular\b|full text",
    re.I,
)
# A stem that points at another question, which a shuffled deck does not show.
ELSEWHERE = re.compile(
    r"\bas above\b|\bas for\b|\bsee (the \w+ )?below\b|\bthe same case\b|\bprevious question\b|"
    r"\bas before\b|\bthe same rule\b|\bthe question above\b",
    re.I,
)
# A stem that asks what this site says rather than what is right.
SELF_REFERENCE = re.compile(r"\bthis (reference|site|website|page)\b|\bthe [\w-]+(?: [\w-]+)? page\b", re.I)
# Advice to the clinician, a checklist or a pointer to a page inside what should be a patient's
# history and findings (study item review: "guidance text in stem", "dangling reference").
GUIDANCE = re.compile(
    r"(?:^|[.;:(]\s*)(?:do not|don't)\b|\bdo not rule (?:\w+ )?out\b|"
    r"\b(apply only|use (it|them) as|alone does not|until imaging|"
    r"refer (the same|urgently|for|now)|the goals? of|as a baseline|must be (excluded|ruled out)|"
    r"(test|page|section|list) (below|above)|the .{1,30} page\b|(in )?that band\b|the same band\b)",
    re.I,
)
ALL_NONE = re.compile(r"\b(all|none|both|neither) of the (above|these|others)\b", re.I)
NEGATIVE = re.compile(r"\b(not|except|least|contraindicated|avoid|avoided)\b", re.I)
CODE = re.compile(r"^([A-Z]\d{2}(?:\.[0-9A-Z]+)?|\d{4}[0-9A-Z])(?:\s|$)")
NUMBER = re.compile(r"^(\d+(?:\.(\d+))?)\s*(%|units?)?$")
STOP = frozenset(
    [
        "about",
        "above",
        "after",
        "also",
        "among",
        "and",
        "another",
        "any",
        "are",
        "back",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "can",
        "could",
        "does",
        "during",
        "each",
        "either",
        "even",
        "every",
        "for",
        "from",
        "has",
        "have",
        "having",
        "here",
        "into",
        "its",
        "itself",
        "just",
        "like",
        "made",
        "many",
        "may",
        "might",
        "more",
        "most",
        "much",
        "must",
        "near",
        "new",
        "next",
        "not",
        "now",
        "off",
        "once",
        "one",
        "only",
        "onto",
        "other",
        "over",
        "own",
        "pain",
        "patient",
        "per",
        "same",
        "should",
        "side",
        "since",
        "some",
        "spine",
        "spinal",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "thoracic",
        "under",
        "until",
        "upon",
        "very",
        "was",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "your",
        "possible",
        "suspected",
        "syndrome",
        "disease",
    ]
)


@lru_cache(maxsize=65536)  # asked about the same names and cues again for every question drafted
def content_words(text: str) -> frozenset[str]:
    """The words of four letters or more that carry meaning, lower-cased, a plural 's' dropped."""
    words = re.findall(r"[a-z][a-z-]{3,}", text.lower())
    return frozenset(w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in words if w not in STOP)


def _kind(choice: str) -> str:
    if NUMBER.match(choice):
        return "number"
    match = CODE.match(choice)
    if match:
        return "icd-code" if match.group(1)[0].isalpha() else "procedure-code"
    return "text"


def _question_sentence(stem: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+", stem.strip())
    return parts[-1] if parts else stem


def defects(q: Question) -> list[tuple[str, str]]:
    """Every item-writing standard the question breaks, as (check id, detail)."""
    found: list[tuple[str, str]] = []
    key = q.choices[q.answer] if 0 <= q.answer < len(q.choices) else ""
    wrong = [c for n, c in enumerate(q.choices) if n != q.answer]
    if len(q.choices) != 4:
        found.append(("question-four-options", f"{len(q.choices)} options; an item has 4"))
    if any(ALL_NONE.search(c) for c in q.choices):
        found.append(("question-no-all-none", "an 'all/none of the above' option"))
    kinds = {_kind(c) for c in q.choices}
    if len(kinds) > 1:
        found.append(("question-options-homogeneous", f"options of different kinds: {', '.join(sorted(kinds))}"))
    match = SELF_REFERENCE.search(q.stem)
    if match:
        found.append(("question-stem-self-reference", f"the stem asks about the site: {match.group(0)!r}"))
    match = ELSEWHERE.search(q.stem)
    if match:
        found.append(("question-stem-standalone", f"the stem points at another question: {match.group(0)!r}"))
    match = GUIDANCE.search(q.stem)
    if match:
        found.append(("question-stem-guidance", f"advice or a pointer in the stem: {match.group(0)!r}"))
    match = RESEARCH_NOTE.search(q.stem)
    if match:
        found.append(("question-stem-research-note", f"a note on the sources in the stem: {match.group(0)!r}"))
    code = CODE.match(key)
    if (
        code
        and re.search(rf"\b{re.escape(code.group(1))}\b", q.stem)
        or (len(key) > 3 and not NUMBER.match(key) and re.search(rf"\b{re.escape(key.lower())}\b", q.stem.lower()))
    ):
        found.append(("question-stem-gives-away", f"the stem names the answer {key!r}"))
    asked = _question_sentence(q.stem)
    for word in NEGATIVE.findall(asked):
        if word != word.upper():
            found.append(("question-negative-stem", f"a negative stem must emphasise {word.upper()}"))
            break
    found.extend(_key_alone_specific(q.choices, key, wrong))
    # A case question is read with its case: a word the answer alone shares with the case text
    # cues it as much as one in the stem ("Postmenopausal osteoporosis" and only the key
    # "Osteoporotic vertebral compression fracture": item review round 11, B).
    found.extend(_key_clues(q.stem if q.case is None else f"{q.stem} {q.case}", key, wrong))
    found.extend(_key_longest(q, key, wrong))
    return found


# The key as read, this much longer than the longest wrong choice and by this many characters,
# stands out (item review round 17: "B02.29 Other postherpetic nervous system involvement", 52
# characters against 37 at most; "Postural correction and ergonomic advice", 40 against 28).
KEY_LONGEST_RATIO = 1.3
KEY_LONGEST_MARGIN = 10


def _key_longest(q: Question, key: str, wrong: list[str]) -> list[tuple[str, str]]:
    """The key clearly the longest option."""
    if not wrong:
        return []
    if any(all(any(re.search(rf"\b{w}\b", c, re.I) for w in s) for c in q.choices) for s in ORDINAL_SCALES):
        return []  # the bands of one scale keep their fixed wording
    # Lengths without glosses in brackets, as question-key-clue measures them ("(Pancoast)").
    bare = [len(re.sub(r"\s*\([^()]*\)", "", c)) for c in [key, *wrong]]
    longest = max(bare[1:])
    if bare[0] > KEY_LONGEST_RATIO * longest and bare[0] - longest > KEY_LONGEST_MARGIN:
        return [("question-key-longest", f"the answer is the longest option by far ({bare[0]} vs {longest})")]
    return []


# A gloss in brackets that is words, not an acronym or a name ("(tape measure)", "(median nerve
# bias)"; not "(PAIVM)" or "(Pancoast)"), and a number with its unit ("4 cm", "45 degrees").
GLOSS = re.compile(r"\((?=[^()]*\b[a-z]{3,}\b)[^()]*\)")
QUANTITY = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|cm|mm|kg|°|degrees?|minutes?|hours?|days?|weeks?|months?|years?|points?)\b", re.I
)


def _key_alone_specific(choices: tuple[str, ...], key: str, wrong: list[str]) -> list[tuple[str, str]]:
    """The key is the only option of its kind (item review round 14, class 6: "Chest expansion
    (tape measure)" was the only measurement among the options and the only one naming an
    instrument): alone in carrying a gloss in brackets, or alone in stating a quantity with its
    unit. Options that are the bands of one ordinal scale keep their fixed wording."""
    if not wrong or any(all(any(re.search(rf"\b{w}\b", c, re.I) for w in s) for c in choices) for s in ORDINAL_SCALES):
        return []
    found = []
    gloss, quantity = GLOSS.search(key), QUANTITY.search(key)
    if gloss and not any(GLOSS.search(c) for c in wrong):
        found.append(
            ("question-key-only-specific", f"the answer alone carries a gloss in brackets: {gloss.group(0)!r}")
        )
    if quantity and not any(QUANTITY.search(c) for c in wrong):
        found.append(("question-key-only-specific", f"the answer alone states a quantity: {quantity.group(0)!r}"))
    return found


def _key_clues(stem: str, key: str, wrong: list[str]) -> list[tuple[str, str]]:
    """The key stands out: much longer than every other option, alone in its precision, or alone
    in sharing a word with the stem."""
    found: list[tuple[str, str]] = []
    if not wrong:
        return found
    # Lengths without glosses in brackets, which entry names carry ("... (DISH)").
    bare = [len(re.sub(r"\s*\([^()]*\)", "", c)) for c in [key, *wrong]]
    longest = max(bare[1:])
    if bare[0] > 1.6 * longest and bare[0] - longest > 15:
        found.append(("question-key-clue", f"the answer is much longer than any other option ({bare[0]} vs {longest})"))
    numbers = [NUMBER.match(c) for c in [key, *wrong]]
    if all(numbers):
        places = [len(m.group(2) or "") for m in numbers if m]
        if places[0] not in places[1:]:
            found.append(("question-key-clue", "the answer alone has its number of decimals"))
    # Words are compared by their first seven letters, so that a word of the stem shared in another
    # form is caught too ("32 weeks pregnant" and only the key "Rib pain in pregnancy": item review
    # round 10, D1); shorter words are compared whole.
    stem_words = {w[:7] for w in content_words(stem)}
    others = {w[:7] for c in wrong for w in content_words(c)}
    shared = sorted({w[:7] for w in content_words(key)} & stem_words - others)
    if shared:
        found.append(("question-key-clue", f"the answer alone shares a word with the stem or case text: {shared[0]!r}"))
    return found


# ---- wording shown to candidates ------------------------------------------------------------------
# Unlike the checks above, which a generated question fails silently (it is not asked), these are
# reported by `ptref check` for every question, generated or hand-written: a template that writes
# internal wording, shuffled bands or fragments must be fixed, not quietly shrink the bank.
INTERNAL_WORDS_FILE = Path(__file__).with_name("internal_words.yml")
# Ordinal scales whose words, one per option, mark the options as bands of one scale (smallest first).
ORDINAL_SCALES = (("barely", "small", "moderate", "large"),)
# A reason's own label before its sentence ("Right: ...", "Right, contraindicated: ...").
LABEL = re.compile(r"^(?:Right|Wrong)(?:, [a-z ]+)?:\s*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that make a clause a sentence: auxiliaries, modals and the verbs reasons use most.
VERBS = _words(
    """is are was were be been being am has have had do does did can could may might must should
    would will shall need needs fits fit points point suggests suggest rules rule makes make gives
    give shows show causes cause cannot can't won't isn't aren't doesn't raises raise lowers treats treat calls call carries carry
    belongs belong lies lie comes come goes go takes take means mean matters matter changes change
    came began went took gave made felt found left kept held broke fell told saw got brought
    caught thought led lost meant ran sat stood won wore spent sent paid
    says say reaches reach tells tell sends send keeps keep puts put stays stay asks ask counts count
    earns earn pays pay applies apply covers cover affects affect starts start settles settle builds
    build checks check screens screen measures measure records record sits sit"""
)
# Words that start a clause hanging from a noun ("tenderness that reproduces the pain"): the
# first verb after them belongs to that clause, not to the reason.
RELATIVE = frozenset(["that", "which", "who", "whose"])
# Subjects after which a word in -s is a verb ("he walks without help").
PRONOUNS = frozenset(["he", "she", "it", "this", "that", "which", "who", "one", "nobody", "everyone"])
# Words after which a word in -s or -ed is a noun or an adjective ("the signs", "of altered").
BEFORE_NOUN = _words(
    """a an the this that these those his her its their our your my no any some each every all both
    of in on at by for with without from to into over under after before and or nor two three four
    few many several more most other such upper lower"""
)
# Words that carry on a noun phrase after a plural ("signs with a sensory level", "tests of"):
# a word in -s followed by one of them, or ending the text, is taken for a noun.
NOUN_GOES_ON = _words("with without of and or in at for")
NOT_DOCUMENTED = re.compile(r"^(?P<head>.*?),?\s*(?:but |and )?not what (?:was|is|has been) documented\.?$", re.I)


@lru_cache(maxsize=1)
def internal_words() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """(pattern, why, allowed where the question shows it) for each entry of internal_words.yml."""
    rows = yaml.safe_load(INTERNAL_WORDS_FILE.read_text(encoding="utf-8"))
    return tuple((re.compile(r["pattern"], re.I), r["why"], bool(r.get("unless_shown"))) for r in rows)


@lru_cache(maxsize=1)
def _any_internal_word() -> re.Pattern[str] | None:
    """One pattern that matches where any of internal_words() does: a text it does not match
    holds none of them, and needs no pattern-by-pattern search. None if a pattern has a group
    (a back-reference would not survive the join)."""
    patterns = [p for p, _, _ in internal_words()]
    if any(p.groups for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.I)


def _texts(q: Question) -> list[tuple[str, str]]:
    """(where, text) for every part of a question a candidate reads."""
    parts = [("stem", q.stem)]
    parts += [(f"option {'ABCD'[n] if n < 4 else n + 1}", c) for n, c in enumerate(q.choices)]
    parts += [(f"reason {'ABCD'[n] if n < 4 else n + 1}", r) for n, r in enumerate(q.reasons)]
    parts.append(("explanation", q.explanation))
    return parts


def internal_wording(q: Question, written_elsewhere: str = "") -> list[str]:
    """Where the question uses project-internal wording, as 'where: word (why)'. A phrase that
    also stands in `written_elsewhere` (text another rule checks where it is written) is left to
    that rule."""
    shown = (q.case or "").lower()
    found = []
    any_word = _any_internal_word()
    for where, text in _texts(q):
        if any_word is not None and not any_word.search(text):
            continue
        for pattern, why, unless_shown in internal_words():
            match = pattern.search(text)
            if not match:
                continue
            if where == "stem" and SELF_REFERENCE.search(match.group(0)):
                continue  # question-stem-self-reference reports it
            if unless_shown and match.group(0).lower() in shown:
                continue
            if match.group(0).lower() in written_elsewhere.lower():
                continue
            found.append(f"{where}: {match.group(0)!r} ({why})")
    return found


def ordinal_disorder(q: Question) -> str | None:
    """Why the options, bands of one ordinal scale or all numbers, are not in order, or None."""
    positions: list[float] = []
    for scale in ORDINAL_SCALES:
        positions = []
        for c in q.choices:
            hits = [n for n, word in enumerate(scale) if re.search(rf"\b{word}\b", c, re.I)]
            if len(hits) != 1:
                break
            positions.append(hits[0])
        else:
            if len(set(positions)) == len(q.choices):
                break
        positions = []
    if not positions:
        numbers = [NUMBER.match(c) for c in q.choices]
        if not all(numbers):
            return None
        positions = [float(m.group(1)) for m in numbers if m]
    if positions in (sorted(positions), sorted(positions, reverse=True)):
        return None
    return "options " + ", ".join(repr(c) for c in q.choices) + " are bands of one scale out of order"


def _verb_like(words: list[str], n: int) -> bool:
    w = words[n]
    if w in VERBS:
        return True
    after_noun = n > 0 and (words[n - 1] not in BEFORE_NOUN or words[n - 1] in RELATIVE)
    if len(w) > 4 and w.endswith("ed"):
        return after_noun  # "the pain eased", not "Localised tenderness"
    return (
        after_noun
        and len(w) > 3
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is", "ous", "'s"))
        and (
            n + 1 < len(words)
            and words[n + 1] not in NOUN_GOES_ON
            or words[n - 1] in RELATIVE
            or words[n - 1] in PRONOUNS
        )
    )


def _has_verb(text: str) -> bool:
    """A small, honest heuristic: outside relative clauses ("tenderness that reproduces the
    pain", whose first verb is skipped), the text has an auxiliary or modal, a common verb, a word
    in -ed, an equals sign (a formula read as a statement), or a word in -s that follows a word
    that is not a determiner or preposition ("a letter ignores"). It misses some sentences whose
    only verb is a bare plural form, and lets through some fragments with a second verb."""
    if "=" in text:
        return True
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)]
    relative = False
    for n, w in enumerate(words):
        if w in RELATIVE and n > 0 and words[n - 1] not in BEFORE_NOUN:
            relative = True  # the clause hangs from the noun before it
            continue
        if relative and len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
            relative = False  # "pain that no position relieves, ..."
            continue
        if _verb_like(words, n):
            if relative:
                relative = False  # the relative clause's own verb
                continue
            return True
    return False


def not_a_sentence(reason: str) -> str | None:
    """Why a reason is not one sentence (capital start, full stop, a verb outside any clause
    hanging from a noun, at most one colon), or None."""
    text = reason.strip()
    body = LABEL.sub("", text)
    if not body:
        return "empty"
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'("):
        return "does not start with a capital"
    if not body.endswith((".", "?", "!")):
        return "does not end with a full stop"
    for sentence in re.split(r"(?<=[.!?])\s+", body):
        if re.sub(r"\([^()]*\)", "", sentence).count(":") > 1:
            return "runs on over two colons in one sentence"
    if not _has_verb(body):
        return "has no verb outside a clause hanging from a noun (a noun phrase, not a sentence)"
    return None


# An explanation's opening heading: a noun phrase before its first colon ("Therapeutic ultrasound:",
# "M54.6 (Pain in thoracic spine):", "Not a red flag:"), which labels what follows as "Right:" labels
# a reason.
HEADING = re.compile(r"^(?P<head>[^:.]{1,80}):\s+")
SENTENCE_COLON = re.compile(r":(?=\s|$)")


def stacked_colons(explanation: str) -> str | None:
    """The first sentence of an explanation that runs on over two colons (outside brackets, after an
    opening heading that is a noun phrase), or None: a template that splices a reason with its own
    lead-in after a frame's verdict stacks two verdicts ("is more than these findings call for: a
    request for the physician's review is not the best step: ...", item review round 22, class 3)."""
    text = explanation.strip()
    heading = HEADING.match(text)
    if heading and not _has_verb(heading.group("head")):
        text = text[heading.end() :]
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        # A colon of punctuation is followed by a space; one inside a link or a time ("12:30") is not.
        if len(SENTENCE_COLON.findall(re.sub(r"\([^()]*\)", "", sentence))) > 1:
            return sentence
    return None


def restates_option(option: str, reason: str) -> bool:
    """Whether a wrong option's reason only repeats the option and adds 'not what was documented'."""
    match = NOT_DOCUMENTED.match(LABEL.sub("", reason.strip()))
    if not match:
        return False
    said = content_words(match.group("head")) - {"code"}
    return said <= content_words(option) | {re.sub(r"\W", "", option.split()[0]).lower()}


def wording_defects(q: Question, written_elsewhere: str = "") -> list[tuple[str, str]]:
    """The wording standards of the text a candidate reads, as (check id, detail)."""
    found = [("question-internal-wording", d) for d in internal_wording(q, written_elsewhere)]
    disorder = ordinal_disorder(q)
    if disorder:
        found.append(("question-ordinal-order", disorder))
    for n, reason in enumerate(q.reasons):
        why = not_a_sentence(reason)
        if why:
            found.append(("question-reason-sentence", f"reason {'ABCD'[n] if n < 4 else n + 1} {why}: {reason!r}"))
        if n != q.answer and n < len(q.choices) and restates_option(q.choices[n], reason):
            found.append(("question-reason-restates-option", f"reason {'ABCD'[n] if n < 4 else n + 1}: {reason!r}"))
    stacked = stacked_colons(q.explanation)
    if stacked:
        found.append(("question-explanation-colons", f"the explanation runs on over two colons: {stacked!r}"))
    return found
