"""The screen pages of the pathways: the body map (pathways/body-map.html) and the triage pathway
(pathways/triage.html). The first tests read the generated HTML; the ones that take the built
site drive Chromium at 390 and 1280 px, with the mouse, the keyboard, without JavaScript and
with axe, in the light and the dark scheme (slow)."""

from __future__ import annotations

import re
from html import escape

import pytest
from browser import browser, in_parallel, serve
from test_accessibility import _violations

from ptref.kinds.conditions.body_figure import REGIONS
from ptref.model.kinds import label_table
from ptref.site import SCREENS

LOCATIONS = label_table("conditions", "locations")
URGENCY = label_table("red_flags", "urgency")
PAGES = ["pathways/body-map.html", "pathways/triage.html"]
WIDTHS = [390, 1280]


def _screen(kb, path: str) -> str:
    return next(s for s in SCREENS if s.path == path).draw(kb, "../")


def _region_sections(html: str) -> dict[str, str]:
    found = {}
    for match in re.finditer(r'<section class="ptref-bm__where" id="region-([\w-]+)"', html):
        found[match.group(1)] = html[match.end() : html.find("</section>", match.end())]
    return found


def test_the_map_draws_only_regions_the_data_knows():
    assert set(REGIONS) <= set(LOCATIONS), set(REGIONS) - set(LOCATIONS)


def test_every_region_with_a_red_flag_is_on_the_map_and_lists_it_before_the_conditions(kb):
    html = _screen(kb, "pathways/body-map.md")
    figure = html[html.index("<svg") : html.index("</svg>")]
    sections = _region_sections(html)
    flagged = {loc for f in kb.all("red_flags") for loc in f.data.get("locations", [])}
    assert flagged, "no red flag names a region"
    for location in flagged:
        assert location in REGIONS, f"{location}: red flags are felt there but the figure has no shape for it"
        assert f'href="#region-{location}"' in figure, location
        assert re.search(rf'<a [^>]*href="#region-{location}"[^>]*aria-label="[^"]+"', figure), location
    for flag in kb.all("red_flags"):
        for location in flag.data.get("locations", []):
            body = sections[location]
            item = re.search(rf'<li class="ptref-bm__flag">.*?red-flags/{flag.id}\.html.*?</li>', body)
            assert item, (flag.id, location)
            assert f">{escape(URGENCY[flag.data['urgency']])}</span>" in item.group(0)
    for condition in kb.all("conditions"):
        for location in condition.data["locations"]:
            body = sections[location]
            assert f"conditions/{condition.id}.html" in body, (condition.id, location)
            if "ptref-bm__flags" in body:
                assert body.index("ptref-bm__flags") < body.index("ptref-bm__conditions"), location


def test_the_map_lists_serious_causes_most_urgent_first(kb):
    sections = _region_sections(_screen(kb, "pathways/body-map.md"))
    order = list(URGENCY)
    for location, body in sections.items():
        words = re.findall(r'class="ptref-badge ptref-badge--(\w+)"', body)
        assert words == sorted(words, key=order.index), location


def test_the_triage_page_is_ordered_steps_with_every_flag_in_its_urgency_lane(kb):
    html = _screen(kb, "pathways/triage.md")
    assert html.count('<li class="ptref-triage__step">') == 4
    lanes = {}
    for match in re.finditer(r'<section class="ptref-triage__lane ptref-triage__lane--(\w+)"', html):
        lanes[match.group(1)] = html[match.end() : html.find("</section>", match.end())]
    assert list(lanes) == [u for u in URGENCY if any(f.data["urgency"] == u for f in kb.all("red_flags"))]
    for flag in kb.all("red_flags"):
        holding = [u for u, body in lanes.items() if f"red-flags/{flag.id}.html" in body]
        assert holding == [flag.data["urgency"]], flag.id
        assert escape(flag.data["quick_screen"]) in lanes[flag.data["urgency"]]
    steps = kb.get("notices", "triage-pathway").data
    assert escape(steps["points"][0]) in html


def test_data_on_the_screen_pages_is_escaped(kb):
    flag = kb.all("red_flags")[0]
    saved = dict(flag.data)
    try:
        flag.data["name"] = "<script>alert(1)</script>"
        flag.data["quick_screen"] = 'a "quoted" <b>cue</b>'
        for path in ("pathways/body-map.md", "pathways/triage.md"):
            html = _screen(kb, path)
            assert "<script>alert" not in html and "<b>cue</b>" not in html, path
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
    finally:
        flag.data.clear()
        flag.data.update(saved)


# ------------------------------------------------------------------ in Chromium (slow)

# The site-wide footer line (ptref-disclaimer, from the hooks) is not the page's text.
TEXT_SIZES = """() => [...document.querySelectorAll('.md-content .md-typeset *')]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && e.getClientRects().length
                 && !e.closest('svg, .headerlink, .ptref-disclaimer'))
    .map(e => [parseFloat(getComputedStyle(e).fontSize), e.tagName + ' ' + e.textContent.trim().slice(0, 40)])"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_body_type_and_no_sideways_scroll(site, path, width):
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": 900})
        page.goto(base + path)
        small = [what for size, what in page.evaluate(TEXT_SIZES) if size < 16]
        assert not small, small[:5]
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        if path.endswith("body-map.html"):
            page.click(".ptref-bm__region--scapular path >> nth=0")
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _shown_regions(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.ptref-bm__where')].filter(s => s.getClientRects().length).map(s => s.id)"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_clicking_a_region_lists_its_flags_with_urgency_words(site, kb, width):
    flags = [f for f in kb.all("red_flags") if "midline" in f.data.get("locations", [])]
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": 900})
        page.goto(base + "pathways/body-map.html")
        assert len(_shown_regions(page)) > 1
        page.click(".ptref-bm__region--midline path >> nth=0")
        assert _shown_regions(page) == ["region-midline"]
        shown = page.inner_text("#region-midline")
        for flag in flags:
            assert flag.data["name"] in shown
            assert URGENCY[flag.data["urgency"]] in shown
        assert page.evaluate("location.hash") == "#region-midline"
        page.click("[data-ptref-bm-all]")
        assert len(_shown_regions(page)) == len(_region_sections(_screen(kb, "pathways/body-map.md")))


def test_the_keyboard_reaches_a_region_and_enter_shows_it(site):
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 900})
        page.goto(base + "pathways/body-map.html")
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('svg .ptref-bm__region')"):
                break
        else:
            pytest.fail("Tab never reached a region of the map")
        key = page.evaluate("document.activeElement.getAttribute('data-region')")
        outline = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).strokeWidth")
        assert float(outline.removesuffix("px")) >= 3, "no visible focus on the region"
        page.keyboard.press("Enter")
        assert _shown_regions(page) == [f"region-{key}"]
        assert page.evaluate("document.activeElement.id") == f"region-{key}-name"


def test_without_javascript_a_region_jumps_to_its_list(site):
    with serve(site) as base, browser() as b:
        context = b.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
        page = context.new_page()
        page.goto(base + "pathways/body-map.html")
        page.click(".ptref-bm__region--midline path >> nth=0")
        assert page.evaluate("location.hash") == "#region-midline"
        assert len(_shown_regions(page)) > 1  # every list stays shown
        top = page.evaluate("document.getElementById('region-midline').getBoundingClientRect().top")
        assert 0 <= top < 200


def test_no_serious_or_critical_accessibility_violations_light_and_dark(site):
    with serve(site) as base:
        found = in_parallel(PAGES, lambda b, path: _violations(b, base, path))
    problems = [problem for page in found for _, problem in page]
    assert not problems, "\n".join(problems)
