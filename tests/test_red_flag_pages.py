"""Red flags at a glance (issue 26): the index shows each flag's cues, urgency and first action;
red-flag and condition pages open with an 'at a glance' block."""

from __future__ import annotations

import html

import pytest
from browser import browser, serve

from ptref.model.kinds import label_table
from ptref.site import page_renderer

URGENCY = label_table("red_flags", "urgency")


def test_the_index_gives_each_flag_its_cues_urgency_and_action(kb):
    index = page_renderer(kb).index("red_flags")
    for flag in kb.entries["red_flags"].values():
        d = flag.data
        start = index.index(f'href="{flag.id}.html"')
        card = index[start : index.index("</li>", start)]
        assert f'ptref-badge--{d["urgency"]}">{html.escape(URGENCY[d["urgency"]])}<' in card, flag.id
        assert html.escape(d["quick_screen"]) in card and html.escape(d["quick_action"]) in card, flag.id
    assert "data-ptref-rf-filter" in index and "red-flags.js" in index


def test_red_flag_and_condition_pages_open_with_the_glance(kb):
    pages = page_renderer(kb)
    for flag in kb.entries["red_flags"].values():
        page = pages.entity("red_flags", flag.id)
        glance = page.index('class="ptref-glance')
        assert glance < page.index("!!! "), flag.id  # before the full action box
        assert html.escape(flag.data["quick_action"]) in page[glance : page.index("</section>", glance)]
    for condition in kb.entries["conditions"].values():
        page = pages.entity("conditions", condition.id)
        if condition.data.get("rule_out"):
            assert "Rule out first" in page and page.index("ptref-glance") < page.index("## "), condition.id


@pytest.mark.slow
def test_the_index_filters_by_region_and_urgency_and_text_is_body_size(site, kb):
    flags = kb.entries["red_flags"].values()
    region = "anterior-chest"
    expected = sum(
        1
        for f in flags
        if f.data["urgency"] == "emergency" and (not f.data.get("locations") or region in f.data["locations"])
    )
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "red-flags/index.html")
        assert page.locator(".ptref-rf:visible").count() == len(flags)
        page.select_option("#ptref-rf-region", region)
        page.uncheck("input[name=urgency][value=urgent]")
        page.uncheck("input[name=urgency][value=routine]")
        assert page.locator(".ptref-rf:visible").count() == expected
        assert f"{expected} of {len(flags)}" in page.inner_text(".ptref-rf-filter__count")
        body = page.eval_on_selector(".md-typeset > p", "e => parseFloat(getComputedStyle(e).fontSize)")
        assert body >= 16
        page.goto(base + "red-flags/acute-spinal-cord-compression.html")
        for selector in [".ptref-glance dd", ".admonition.danger p:not(.admonition-title)"]:
            size = page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= body, (selector, size, body)
