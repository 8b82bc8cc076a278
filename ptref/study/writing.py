"""Item-writing standards every study question meets (NPTE style: four options, one best answer).

`defects(question)` names each standard a question breaks, as (check id, detail). The generated
templates drop a question that breaks one; `ptref check` reports a case question that does
(ptref/rules/study.py, one rule per check, each with a failing fixture).
"""

from __future__ import annotations

import re
from functools import lru_cache

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
NEGATIVE = re.compile(r"\b(not|except|least)\b", re.I)
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
    found.extend(_key_clues(q.stem, key, wrong))
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
    stem_words = content_words(stem)
    others = set().union(*(content_words(c) for c in wrong))
    shared = sorted((content_words(key) & stem_words) - others)
    if shared:
        found.append(("question-key-clue", f"the answer alone shares a word with the stem: {shared[0]!r}"))
    return found
