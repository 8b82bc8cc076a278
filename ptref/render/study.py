"""The study pages: an index, one practice page and one printable worksheet per topic and per
case, a timed block across topics, `data/questions.json` with its schema, and the Anki deck. No
MkDocs import.

A practice page carries its questions as JSON inside the page (so it works from file:// and
offline) and docs/javascripts/study.js asks them one at a time, with feedback, a score and
spaced repetition kept in the browser's localStorage. The index shows that saved progress by
topic and content area; the timed block (study/exam.md) draws a mixed set from every topic and
reports by content area. A worksheet needs no script: a balanced sample of the questions, its
title on every printed page, the answer key on a page of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..model.export import dumps
from ..model.kb import KnowledgeBase
from ..study.bank import SCHEMA, Group, bank_json, deck, groups
from ..study.model import Question
from ..study.spelling import us_english
from . import SITE_NAME
from .text import attr, bullets, esc, json_for_script

QUESTIONS_PATH = "data/questions.json"
QUESTIONS_SCHEMA_PATH = "data/questions.schema.json"
DECK_PATH = "study/thoracic-pt-reference.apkg"
EXAM_PATH = "study/exam.md"
PER_PAGE = 1000  # questions one practice page carries (today's largest topic: about 120)
PER_SHEET = 20  # questions one topic's worksheet prints: a sample drawn evenly from every template
FRONT_MATTER = "---\nhide:\n  - navigation\n  - toc\n---\n\n"
# Fields a question may carry beyond the core ones (issue 25: reasons per option, cognitive level,
# body system, content-area domain, the case vignette). The page passes on those present.
OPTIONAL_FIELDS = ("reasons", "level", "system", "domain", "case", "story")


def _letter(n: int) -> str:
    return chr(65 + n)


def _case_context(group: Group) -> str:
    if group.case is None:
        return ""
    d = group.case.data
    return (
        f"## The patient\n\n{esc(d['presentation'])}\n\n## History\n\n{bullets(d['history'])}\n\n"
        f"## Examination\n\n{bullets(d['findings'])}\n\n"
        f"The case's own page, with every answer: [{esc(d['title'])}](../cases/{group.case.id}.md).\n"
    )


def _vignette(group: Group) -> str:
    """A case's story as one text, for a case question asked away from its case page."""
    d = group.case.data if group.case is not None else {}
    if not d:
        return ""
    return "\n".join(
        [
            str(d["presentation"]),
            "History: " + "; ".join(str(h).rstrip(". ") for h in d["history"]) + ".",
            "Examination: " + "; ".join(str(f).rstrip(". ") for f in d["findings"]) + ".",
        ]
    )


def _item(q: Question, group: Group | None = None) -> dict:
    """One question as the page's script reads it; links are made relative to study/."""
    data: dict = {
        "id": q.id,
        "topic": q.topic,
        "stem": q.stem,
        "choices": list(q.choices),
        "answer": q.answer,
        "explanation": q.explanation,
        "link": f"../{q.link}",
        "link_text": q.link_text,
    }
    for field in OPTIONAL_FIELDS:
        value = getattr(q, field, None)
        if value:
            data[field] = list(value) if isinstance(value, (list, tuple)) else value
    if group is not None and "case" not in data and group.case is not None:
        data["case"] = _vignette(group)
    return data


def related_key(question_id: str) -> tuple[str, str]:
    """(template, entry) from a question id such as "rf-cues:<flag>" or "case:<case>:3": two
    questions about the same entry or case, or from the same template, are related."""
    parts = question_id.split(":")
    return parts[0], parts[1] if len(parts) > 1 else ""


def clash(a: str, b: str) -> int:
    """2 when two question ids ask about the same entry or case, 1 when only the template is the
    same, else 0."""
    (ta, ea), (tb, eb) = related_key(a), related_key(b)
    return 2 if ea and ea == eb else 1 if ta == tb else 0


def spread(items: Sequence[Question], window: int = 12) -> list[Question]:
    """The items in nearly their order, but never two about the same entry or case side by side
    where another order avoids it, and preferably not two from the same template (the same rule
    as docs/javascripts/study.js)."""
    rest = list(items)
    out: list[Question] = []
    while rest:
        pick = 0
        if out:
            scores = [clash(out[-1].id, q.id) for q in rest[:window]]
            pick = scores.index(min(scores))
            if scores[pick] == 2:  # only same-entry items left: put it where neither neighbour shares its entry
                q = rest.pop(pick)
                spots = [
                    n
                    for n in range(len(out))
                    if clash(q.id, out[n].id) < 2 and (n == 0 or clash(out[n - 1].id, q.id) < 2)
                ]
                if spots:
                    out.insert(spots[-1], q)
                else:
                    out.append(q)
                continue
        out.append(rest.pop(pick))
    return out


def sample(questions: Sequence[Question], size: int = PER_SHEET) -> list[Question]:
    """At most `size` questions, the same in every build: taken in turn from each template and
    spread evenly over each template's questions, so no one template fills the sheet."""
    if len(questions) <= size:
        return list(questions)
    by_template: dict[str, list[Question]] = {}
    for q in questions:
        by_template.setdefault(related_key(q.id)[0], []).append(q)
    quota = dict.fromkeys(by_template, 0)
    left = size
    while left:  # one at a time to each template that still has questions, in turn
        for t, qs in by_template.items():
            if left and quota[t] < len(qs):
                quota[t] += 1
                left -= 1
    picked: list[list[Question]] = []
    used: set[str] = set()  # entries already asked about: another template's question on one is a give-away
    for t, qs in by_template.items():
        row: list[Question] = []
        for i in range(quota[t]):
            start = (i * len(qs)) // quota[t]
            ring = qs[start:] + qs[:start]
            fresh = [q for q in ring if q not in row and related_key(q.id)[1] not in used]
            q = (fresh or [q for q in ring if q not in row])[0]
            row.append(q)
            used.add(related_key(q.id)[1])
        picked.append(row)
    mixed = [q for row in _interleave(picked) for q in row]
    return spread(mixed)


def _interleave(lists: list[list[Question]]) -> list[list[Question]]:
    rounds: list[list[Question]] = []
    for i in range(max((len(x) for x in lists), default=0)):
        rounds.append([x[i] for x in lists if i < len(x)])
    return rounds


def _story(q: Question) -> str:
    """A question's patient story, as study.js's vignette(): its case text and its stem without
    the lead-in (the last sentence)."""
    cut = q.stem.rfind(". ")
    return (q.case or "") + "\n" + (q.stem[:cut] if cut > 0 else q.stem)


def _practice(group: Group) -> str:
    shown = group.questions[:PER_PAGE]
    data = [_item(q) for q in shown]
    capped = (
        f"\n\nThis page holds the first {PER_PAGE} of {len(group.questions)} questions; "
        "`data/questions.json` and the Anki deck hold them all."
        if len(group.questions) > PER_PAGE
        else ""
    )
    case_attr = ' data-case-page="true"' if group.case is not None else ""
    # study.js defers a second question on one patient story (not on a case page, which keeps
    # its story's order): said only where two questions share one.
    stories = [_story(q) for q in shown]
    twins = group.case is None and len(set(stories)) < len(stories)
    twins_note = " A second question on a patient you have just met waits until the others have been asked."
    return (
        FRONT_MATTER + f"# {esc(group.title)}\n\n"
        f"{len(shown)} questions, one at a time. Questions you miss come back after a few others and "
        "before any you have not seen; questions you know come back when they are due."
        f"{twins_note if twins else ''} Your "
        "progress stays in this browser only. Prefer paper? Print the "
        f"[worksheet](worksheet-{group.id}.md). A mixed, timed set: [Timed block](exam.md). "
        f"All topics: [Study](index.md).{capped}\n\n"
        + _case_context(group)
        + f'\n<div id="ptref-study" class="ptref-study" data-title="{attr(group.title)}"{case_attr}>\n'
        "<noscript><p>Practice needs JavaScript. The worksheet works without it.</p></noscript>\n"
        '<p id="ptref-study-saved" class="ptref-study__progress"></p>\n'
        '<details id="ptref-study-areas" class="ptref-study__areas" hidden><summary>Show my progress by content area and body system</summary>'
        '<div id="ptref-study-areas-table"></div></details>\n'
        '<p id="ptref-study-progress" class="ptref-study__progress"></p>\n'
        '<form id="ptref-study-form" class="ptref-study__form" hidden>\n'
        '<div id="ptref-study-case" class="ptref-study__case" hidden></div>\n'
        '<fieldset><legend id="ptref-study-stem"></legend><div id="ptref-study-choices"></div></fieldset>\n'
        '<p class="ptref-study__keys">Keys: 1 to 4 or A to D choose, Enter checks, then Enter for the next question.</p>\n'
        '<button type="submit" class="md-button md-button--primary" id="ptref-study-check">Check answer</button>\n'
        "</form>\n"
        '<div id="ptref-study-live" class="ptref-sr-only" role="status" aria-live="polite"></div>\n'
        '<div id="ptref-study-feedback" class="ptref-study__feedback"></div>\n'
        '<p><button type="button" class="md-button md-button--primary" id="ptref-study-next" hidden>Next question</button></p>\n'
        '<p class="ptref-study__tools"><button type="button" class="md-button" id="ptref-study-clear">'
        "Clear my progress on this page</button></p>\n"
        "</div>\n"
        f'<script type="application/json" id="ptref-study-data">{json_for_script(data)}</script>\n'
    )


def _sheet_frame(heading: str, body: str) -> str:
    """A one-cell table whose header row Chromium and Firefox repeat at the top of every printed
    page: the worksheet's title on each sheet of paper. On screen the page's own heading does it."""
    return (
        f'<table class="ptref-sheet__frame"><thead><tr><th scope="col">{heading}</th></tr></thead>'
        f"<tbody><tr><td>{body}</td></tr></tbody></table>"
    )


def _sheet_case(group: Group) -> str:
    if group.case is None:
        return ""
    d = group.case.data

    def lis(xs: list) -> str:
        return "".join(f"<li>{attr(x)}</li>" for x in xs)

    return (
        f'<div class="ptref-sheet__case"><h2>The patient</h2><p>{attr(d["presentation"])}</p>'
        f"<h3>History</h3><ul>{lis(d['history'])}</ul><h3>Examination</h3><ul>{lis(d['findings'])}</ul></div>"
    )


def _said_in(reason: str, explanation: str) -> bool:
    """Whether an option's reason stands word for word in the explanation (less its "Right: "
    label and its full stop; the explanation may start it in lower case)."""
    return re.sub(r"^Right[^:]{0,30}:\s*", "", reason).rstrip(". ").lower() in explanation.lower()


def _worksheet(group: Group, not_advice: str) -> str:
    shown = sample(group.questions)
    items = []
    key = []
    for q in shown:
        choices = "".join(f"<li>{attr(c)}</li>" for c in q.choices)
        vignette = getattr(q, "case", None) if group.case is None else None
        lead = f'<p class="ptref-sheet__vignette">{attr(vignette)}</p>' if vignette else ""
        items.append(f'<li class="ptref-sheet__q">{lead}<p>{attr(q.stem)}</p><ol type="A">{choices}</ol></li>')
        reasons = getattr(q, "reasons", None) or ()
        why = ""
        if len(reasons) == len(q.choices):
            # A reason the explanation already gives word for word (the key's, the nearest
            # alternative's) is not printed twice: the red-flag key ran to 5 Letter pages.
            unsaid = [(n, r) for n, r in enumerate(reasons, 1) if not _said_in(r, q.explanation)]
            if unsaid:
                why = (
                    '<ol type="A" class="ptref-sheet__reasons">'
                    + "".join(f'<li value="{n}">{attr(r)}</li>' for n, r in unsaid)
                    + "</ol>"
                )
        key.append(
            f"<li><b>{_letter(q.answer)}</b>. {attr(q.explanation)} "
            f'<a href="../{attr(q.link)}">{attr(q.link_text)}</a>{why}</li>'
        )
    kind = "Case" if group.case is not None else "Worksheet"
    title = f"{kind}: {attr(group.title)}"
    part = (
        f"{len(shown)} of the {len(group.questions)} questions, drawn in turn from each kind of question; "
        f'<a href="{group.id}.html">the practice page</a> has them all.'
        if len(shown) < len(group.questions)
        else f"{len(shown)} questions."
    )
    return (
        FRONT_MATTER + f"# Worksheet: {esc(group.title)}\n\n"
        '<p class="ptref-print-bar"><button type="button" class="md-button md-button--primary" '
        f"data-ptref-print>Print this worksheet</button> Questions first; the answer key starts on a new "
        f'page. <a href="{group.id}.html">Practice on screen</a></p>\n\n'
        + '<article class="ptref-sheet">\n'
        + _sheet_frame(
            f"{title}: questions",
            '<p class="ptref-sheet__name">Name: ______________________________ Date: ______________</p>'
            + _sheet_case(group)
            + f'<p class="ptref-sheet__note">{part}</p>'
            f'<ol class="ptref-sheet__questions">{"".join(items)}</ol>',
        )
        + '\n<section class="ptref-sheet__key">'
        + _sheet_frame(
            f"{title}: answer key",
            f'<ol class="ptref-sheet__answers">{"".join(key)}</ol><p>{attr(SITE_NAME)}. {attr(not_advice)}</p>',
        )
        + "</section>\n</article>\n"
    )


def _titles(every: list[Group]) -> dict[str, str]:
    """Each question's topic key ("red-flags", "case:<id>") to its group's title."""
    return {(g.id if g.case is None else f"case:{g.case.id}"): g.title for g in every}


def _exam(every: list[Group]) -> str:
    data = [_item(q, g) for g in every for q in g.questions]
    return (
        FRONT_MATTER + "# Timed block\n\n"
        "A mixed set drawn from every topic and case, against the clock, the way an exam section "
        "runs: no feedback until the end, no pause (the clock keeps running if you leave or reload "
        "the page), and it ends when time is up or every question is answered. Then you see your "
        "score by content area and by topic, and every question with its answer and reasons. "
        "Everything stays in this browser. Practice one topic at a time instead: [Study](index.md).\n\n"
        '<div id="ptref-exam" class="ptref-study ptref-exam">\n'
        "<noscript><p>The timed block needs JavaScript. The worksheets work without it.</p></noscript>\n"
        '<div id="ptref-exam-start" hidden>\n'
        '<fieldset class="ptref-exam__sizes"><legend>Size of the block</legend>\n'
        '<label><input type="radio" name="ptref-exam-size" value="50:60" checked> 50 questions in 60 minutes</label>\n'
        '<label><input type="radio" name="ptref-exam-size" value="25:30"> 25 questions in 30 minutes</label>\n'
        '<label><input type="radio" name="ptref-exam-size" value="10:12"> 10 questions in 12 minutes</label>\n'
        "</fieldset>\n"
        '<p><button type="button" class="md-button md-button--primary" id="ptref-exam-begin">Start the block</button> '
        '<button type="button" class="md-button" id="ptref-exam-last" hidden>See my last results</button></p>\n'
        "</div>\n"
        '<div id="ptref-exam-run" hidden>\n'
        '<p class="ptref-exam__bar"><span id="ptref-exam-count"></span> '
        '<span class="ptref-exam__timer">Time left: <span id="ptref-exam-timer" role="timer"></span></span></p>\n'
        '<form id="ptref-exam-form" class="ptref-study__form">\n'
        '<div id="ptref-exam-case" class="ptref-study__case" hidden></div>\n'
        '<fieldset><legend id="ptref-exam-stem"></legend><div id="ptref-exam-choices"></div></fieldset>\n'
        '<p class="ptref-study__keys">Keys: 1 to 4 or A to D choose, Enter answers and goes on.</p>\n'
        '<p class="ptref-exam__actions"><button type="submit" class="md-button md-button--primary" id="ptref-exam-answer">Answer and go on</button> '
        '<button type="button" class="md-button" id="ptref-exam-skip">Skip for now</button> '
        '<button type="button" class="md-button" id="ptref-exam-end">End the block now</button></p>\n'
        '<p id="ptref-exam-hint" class="ptref-study__hint"></p>\n'
        "</form>\n"
        "</div>\n"
        '<div id="ptref-exam-live" class="ptref-sr-only" role="status" aria-live="polite"></div>\n'
        '<div id="ptref-exam-results" class="ptref-exam__results" hidden></div>\n'
        "</div>\n"
        f'<script type="application/json" id="ptref-study-data">{json_for_script(data)}</script>\n'
        f'<script type="application/json" id="ptref-study-titles">{json_for_script(_titles(every))}</script>\n'
    )


def _index(every: list[Group], total: int, spelling: str) -> str:
    def row(g: Group) -> str:
        return f"| [{esc(g.title)}]({g.id}.md) | {len(g.questions)} | [Worksheet](worksheet-{g.id}.md) |"

    topics = [g for g in every if g.case is None]
    cases = [g for g in every if g.case is not None]
    overview = {
        "titles": _titles(every),
        "pages": {(g.id if g.case is None else f"case:{g.case.id}"): f"{g.id}.html" for g in every},
        "items": [
            [q.id, q.topic, getattr(q, "domain", None) or "", getattr(q, "system", None) or ""]
            for g in every
            for q in g.questions
        ],
    }
    parts = [
        "# Study",
        f"{total} questions made from the reference itself, so they always agree with it and change "
        "when it changes. Practice a topic or a case one question at a time: you see at once whether "
        "you were right, why, and the page that teaches it. Questions you miss come back sooner. "
        "Your progress stays in this browser (nothing is sent anywhere); each page has a button to "
        "clear it. Every topic also prints as a worksheet with its answer key on a separate page."
        + f" {esc(spelling)}",
        "## Timed block\n\n[A mixed set against the clock](exam.md): for example 50 questions in 60 "
        "minutes from every topic and case, scored by content area at the end.",
        "## Your progress\n\n"
        '<div id="ptref-study-overview" class="ptref-study-overview">'
        "<p>Your saved progress shows here when JavaScript runs.</p></div>\n"
        f'<script type="application/json" id="ptref-study-index">{json_for_script(overview)}</script>',
        "## Topics\n\n| Topic | Questions | Print |\n|---|---|---|\n" + "\n".join(row(g) for g in topics),
    ]
    if cases:
        parts.append(
            "## Cases\n\nA patient's story and findings, then the questions a clinician meets: "
            "screening, tests, diagnosis, plan, codes and units.\n\n| Case | Questions | Print |\n|---|---|---|\n"
            + "\n".join(row(g) for g in cases)
        )
    parts.append(
        "## Take it with you\n\n"
        f'- <a href="thoracic-pt-reference.apkg" download>Anki deck</a> (`.apkg`): every question, one '
        "sub-deck per topic and one per case. Importing a newer deck updates your cards and keeps "
        "your review history.\n"
        f"- [All questions as JSON](../{QUESTIONS_PATH}) with its [schema](../{QUESTIONS_SCHEMA_PATH}), "
        "for other tools."
    )
    return "\n\n".join(parts) + "\n"


def study_files(kb: KnowledgeBase) -> Iterator[tuple[str, str | bytes]]:
    every = groups(kb)
    total = sum(len(g.questions) for g in every)
    spelling = kb.get("notices", "study-us-english").data["text"]  # data/notices.yml: US spelling and units
    yield "study/index.md", _index(every, total, spelling)
    yield EXAM_PATH, _exam(every)
    # data/notices.yml: one wording, in US English on the study pages as the questions are
    not_advice = us_english(kb.get("notices", "not-advice").data["text"])
    for group in every:
        yield f"study/{group.id}.md", _practice(group)
        yield f"study/worksheet-{group.id}.md", _worksheet(group, not_advice)
    yield QUESTIONS_PATH, dumps(bank_json(kb))
    yield QUESTIONS_SCHEMA_PATH, dumps(SCHEMA)
    yield DECK_PATH, deck(kb, SITE_NAME)
