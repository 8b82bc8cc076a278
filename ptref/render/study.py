"""The study pages: an index, one practice page and one printable worksheet per topic and per
case, `data/questions.json` with its schema, and the Anki deck. No MkDocs import.

A practice page carries its questions as JSON inside the page (so it works from file:// and
offline) and docs/javascripts/study.js asks them one at a time, with feedback, a score and
spaced repetition kept in the browser's localStorage. A worksheet needs no script: questions
first, the answer key on a page of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.export import dumps
from ..model.kb import KnowledgeBase
from ..study.bank import SCHEMA, Group, bank_json, deck, groups
from . import SITE_NAME
from .text import attr, bullets, esc, json_for_script

QUESTIONS_PATH = "data/questions.json"
QUESTIONS_SCHEMA_PATH = "data/questions.schema.json"
DECK_PATH = "study/thoracic-pt-reference.apkg"
PER_PAGE = 1000  # questions one practice page or worksheet carries (today's largest topic: about 120)
FRONT_MATTER = "---\nhide:\n  - navigation\n  - toc\n---\n\n"


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


def _practice(group: Group) -> str:
    shown = group.questions[:PER_PAGE]
    data = [
        {
            "id": q.id,
            "stem": q.stem,
            "choices": list(q.choices),
            "answer": q.answer,
            "explanation": q.explanation,
            "link": f"../{q.link}",
            "link_text": q.link_text,
        }
        for q in shown
    ]
    capped = (
        f"\n\nThis page holds the first {PER_PAGE} of {len(group.questions)} questions; "
        "`data/questions.json` and the Anki deck hold them all."
        if len(group.questions) > PER_PAGE
        else ""
    )
    return (
        FRONT_MATTER + f"# {esc(group.title)}\n\n"
        f"{len(shown)} questions, one at a time. Questions you get wrong come back sooner. Your "
        "progress stays in this browser only. Prefer paper? Print the "
        f"[worksheet](worksheet-{group.id}.md). All topics: [Study](index.md).{capped}\n\n"
        + _case_context(group)
        + '\n<div id="ptref-study" class="ptref-study">\n'
        "<noscript><p>Practice needs JavaScript. The worksheet works without it.</p></noscript>\n"
        '<p id="ptref-study-progress" class="ptref-study__progress"></p>\n'
        '<form id="ptref-study-form" class="ptref-study__form" hidden>\n'
        '<fieldset><legend id="ptref-study-stem"></legend><div id="ptref-study-choices"></div></fieldset>\n'
        '<button type="submit" class="md-button md-button--primary" id="ptref-study-check">Check answer</button>\n'
        "</form>\n"
        '<div id="ptref-study-feedback" class="ptref-study__feedback" role="status" aria-live="polite"></div>\n'
        '<p><button type="button" class="md-button md-button--primary" id="ptref-study-next" hidden>Next question</button></p>\n'
        '<p class="ptref-study__tools"><button type="button" class="md-button" id="ptref-study-clear">'
        "Clear my progress on this page</button></p>\n"
        "</div>\n"
        f'<script type="application/json" id="ptref-study-data">{json_for_script(data)}</script>\n'
    )


def _worksheet(group: Group) -> str:
    shown = group.questions[:PER_PAGE]
    items = []
    key = []
    for q in shown:
        choices = "".join(f"<li>{attr(c)}</li>" for c in q.choices)
        items.append(f'<li class="ptref-sheet__q"><p>{attr(q.stem)}</p><ol type="A">{choices}</ol></li>')
        key.append(
            f"<li><b>{_letter(q.answer)}</b>. {attr(q.explanation)} "
            f'<a href="../{attr(q.link)}">{attr(q.link_text)}</a></li>'
        )
    return (
        FRONT_MATTER + f"# Worksheet: {esc(group.title)}\n\n"
        '<p class="ptref-print-bar"><button type="button" class="md-button md-button--primary" '
        f"data-ptref-print>Print this worksheet</button> Questions first; the answer key starts on a new "
        f'page. <a href="{group.id}.html">Practise on screen</a></p>\n\n'
        + _case_context(group)
        + f'\n<article class="ptref-sheet">\n<h2>{attr(group.title)}: questions</h2>\n<ol class="ptref-sheet__questions">{"".join(items)}</ol>\n'
        f'<section class="ptref-sheet__key"><h2>{attr(group.title)}: answer key</h2><ol>{"".join(key)}</ol>'
        f"<p>{attr(SITE_NAME)}. For education only; not medical or billing advice.</p></section>\n</article>\n"
    )


def _index(every: list[Group], total: int) -> str:
    def row(g: Group) -> str:
        return f"| [{esc(g.title)}]({g.id}.md) | {len(g.questions)} | [Worksheet](worksheet-{g.id}.md) |"

    topics = [g for g in every if g.case is None]
    cases = [g for g in every if g.case is not None]
    parts = [
        "# Study",
        f"{total} questions made from the reference itself, so they always agree with it and change "
        "when it changes. Practise a topic or a case one question at a time: you see at once whether "
        "you were right, why, and the page that teaches it. Questions you miss come back sooner. "
        "Your progress stays in this browser (nothing is sent anywhere); each page has a button to "
        "clear it. Every topic also prints as a worksheet with its answer key on a separate page.",
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
    yield "study/index.md", _index(every, total)
    for group in every:
        yield f"study/{group.id}.md", _practice(group)
        yield f"study/worksheet-{group.id}.md", _worksheet(group)
    yield QUESTIONS_PATH, dumps(bank_json(kb))
    yield QUESTIONS_SCHEMA_PATH, dumps(SCHEMA)
    yield DECK_PATH, deck(kb, SITE_NAME)
