"""Practice order over a whole page and beyond (issue 25 item 4): two questions on one entry
(one may give the other away) never follow each other, in the first round, when missed ones
come back, or where one round runs into the next; no question comes straight back; and a second
question on one patient story waits until every story has been asked once."""

from __future__ import annotations

import json

import pytest
from browser import browser, serve

pytestmark = pytest.mark.slow  # builds a site and drives a browser


def _entry(qid: str) -> str:
    parts = qid.split(":")
    return parts[1] if len(parts) > 1 else qid


def _story(q: dict) -> str:
    """The patient story of a question, as study.js's vignette(): the case text and the stem
    without its lead-in (the last sentence)."""
    stem = q["stem"]
    cut = stem.rfind(". ")
    return (q.get("case") or "") + "\n" + (stem[:cut] if cut > 0 else stem)


# What the reader sees of the question on screen: its stem and choices as rendered text, and
# whether "Next" is visible (Playwright's is_visible: laid out with a box).
READ_QUESTION = """() => {
    const next = document.getElementById('ptref-study-next');
    return {
        next: !!next && next.getClientRects().length > 0 && getComputedStyle(next).visibility !== 'hidden',
        stem: document.getElementById('ptref-study-stem').innerText,
        choices: [...document.querySelectorAll('#ptref-study-choices label')].map(l => l.innerText),
    };
}"""


# red-flags: the largest page, many questions per flag; tests: a small page, where a missed
# question near the end of a round used to land beside its own entry or come straight back.
@pytest.mark.parametrize("topic", ["red-flags", "tests"])
def test_related_questions_are_never_adjacent_over_more_than_a_round(site, topic):
    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + f"study/{topic}.html", wait_until="load")
        data = json.loads(page.inner_text("#ptref-study-data"))
        by_choices = {(q["stem"], tuple(q["choices"])): q for q in data}
        shown: list[str] = []
        k = after_round = 0
        while after_round < 15:  # every question once and 15 more; every fifth answer wrong
            assert k < 2 * len(data), "the first round never ends"
            shown_now = page.evaluate(READ_QUESTION)  # one round trip per question, not three
            assert not shown_now["next"], "Next shows before the answer"
            choices = tuple(t.strip()[3:] for t in shown_now["choices"])
            q = by_choices[(shown_now["stem"], choices)]
            pick = q["answer"] if k % 5 != 4 else (q["answer"] + 1) % len(q["choices"])
            page.keyboard.press(str(pick + 1))
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "ptref-study-next"
            page.keyboard.press("Enter")
            shown.append(q["id"])
            k += 1
            after_round += len(set(shown)) == len(data)
        adjacent = [
            (i, a, b_) for i, (a, b_) in enumerate(zip(shown, shown[1:], strict=False)) if _entry(a) == _entry(b_)
        ]
        assert not adjacent, adjacent
        # Two questions on one patient story (which red flag, then which action): the second
        # waits until every story has been opened once, so one never answers the other early.
        first_seen = list(dict.fromkeys(shown))
        story = {q["id"]: _story(q) for q in data}
        opened: set[str] = set()
        openers, followers = [], []
        for i, qid in enumerate(first_seen):
            (followers if story[qid] in opened else openers).append(i)
            opened.add(story[qid])
        if followers:
            assert max(openers) < min(followers), (first_seen[min(followers)], story[first_seen[min(followers)]][:80])


def test_score_and_progress_tables_fit_a_390_px_phone(site):
    """The results of a timed block, the study index and a topic's progress by content area: no
    sideways scrolling of the page at 390 px; a table that still scrolls inside itself is a tab
    stop (axe: scrollable-region-focusable)."""
    fits = """() => [document.documentElement.scrollWidth,
        [...document.querySelectorAll('.ptref-study__table')].filter(
            t => t.scrollWidth > t.clientWidth + 1 && t.getAttribute('tabindex') !== '0').length]"""
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 900})
        page.goto(base + "study/exam.html?items=6&minutes=8", wait_until="load")
        page.click("#ptref-exam-begin")
        for _ in range(6):
            page.keyboard.press("1")
            page.keyboard.press("Enter")
        assert page.is_visible("#ptref-exam-results")
        assert page.evaluate(fits) == [390, 0]
        page.goto(base + "study/index.html", wait_until="load")
        assert page.locator("#ptref-study-overview table").count() >= 2
        assert page.evaluate(fits) == [390, 0]
        page.goto(base + "study/red-flags.html", wait_until="load")
        page.click("#ptref-study-areas summary")
        assert page.locator("#ptref-study-areas table").count() >= 1
        assert page.evaluate(fits) == [390, 0]
