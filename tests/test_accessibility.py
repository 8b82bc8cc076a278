"""axe-core in Chromium: no serious or critical violations on any kind of page, light or dark."""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from browser import browser, in_parallel, serve

from ptref.model.kinds import PAGED
from ptref.site import CARDS

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser

SCHEMES = ["light", "dark"]
# Contrast is judged on the settled page: Material fades the header title in and out as the
# page scrolls, and axe must not sample it half-way.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"
PALETTE = "[data-md-component=palette]"
# The dark palette changes colours only: the page's elements, names and roles are those axe has
# just checked in light. So in dark, axe runs the rules that judge colour on every page, and every
# rule on the home page (whose header, palette toggle included, every page shares).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
EVERY_RULE_IN_DARK = "index.html"


def pages_to_check(kb) -> list[str]:
    pages = [
        "index.html",
        "about/data.html",
        "about/glossary.html",
        "about/review-log.html",
        "about/contribute.html",
        "codes/lookup.html",
        "tools/units-calculator.html",
        "cards/index.html",
        "study/index.html",
        "study/red-flags.html",
        "study/exam.html",  # the timed block's start
        "study/case-left-chest-pain-and-the-stairs.html",
        "study/worksheet-case-left-chest-pain-and-the-stairs.html",
        "study/worksheet-procedure-codes.html",
        "assessments/closed-fist-percussion-sign.html",  # a test page carrying the probability calculator
        "cases/rib-pain-after-a-chest-infection.html",
        "study/worksheet-red-flags.html",
        # the builder with a programme in Spanish: the chosen list, the sheet and its review line
        "tools/home-programme.html#@es;starter=postural-syndrome-hyperkyphosis",
    ]
    pages += [f"cards/{c.slug}.html" for c in CARDS]
    for kind, info in PAGED.items():
        pages.append(f"{info.url_dir}/index.html")
        pages += [f"{info.url_dir}/{i}.html" for i in list(kb.entries[kind])[:1]]
    # The ICD-10-CM and CPT pages differ (content tabs, NCCI pairs): check one of each, and a
    # CPT page with NCCI pairs.
    codes = kb.entries["codes"].values()
    pages += [f"codes/{next(c.id for c in codes if c.data['system'] == s)}.html" for s in ("icd10cm", "cpt")]
    pages.append("codes/97140.html")
    return sorted(set(pages))


async def _to_dark(page) -> None:
    """Switch a page loaded in the light palette to the dark one, as a reader does with the
    header's toggle, and leave the toggle as a page first opened in dark shows it (no option
    ticked). test_switching_to_dark_renders_as_a_page_opened_in_dark proves the two the same."""
    await page.emulate_media(color_scheme="dark")
    await page.click(f"{PALETTE} label:not([hidden])")
    await page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    await page.evaluate(f"document.querySelectorAll('{PALETTE} input').forEach(i => {{ i.checked = false; }})")


async def _violations(b, base: str, path: str) -> list[tuple[str, str]]:
    """Serious and critical violations on one page, in the light palette and then the dark (see
    COLOUR_RULES)."""
    context = await b.new_context(color_scheme="light")
    try:
        page = await context.new_page()
        await page.goto(base + path, wait_until="load")
        await page.add_style_tag(content=NO_MOTION)
        if path == "tools/units-calculator.html":  # check the result area too
            await page.select_option("#ptref-code-1", "97140")
            await page.fill("#ptref-minutes-1", "38")
            await page.click("button[type=submit]")
        await page.evaluate(AXE_SCRIPT)
        problems = []
        for scheme in SCHEMES:
            options: dict = {"resultTypes": ["violations"]}
            if scheme == "dark":
                await _to_dark(page)
                if path != EVERY_RULE_IN_DARK:
                    options["runOnly"] = COLOUR_RULES
            results = await page.evaluate("options => axe.run(options)", options)
            for violation in results["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    problems.append((scheme, f"{path} [{scheme}] {violation['id']}: {violation['help']} {targets}"))
        return problems
    finally:
        await context.close()


@pytest.fixture(scope="module")
def violations(site, kb) -> list[tuple[str, str]]:
    """Every page checked once, light then dark in the same load, several pages at a time."""
    with serve(site) as base:
        found = in_parallel(pages_to_check(kb), lambda b, path: _violations(b, base, path))
    return [problem for page in found for problem in page]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_or_critical_accessibility_violations(violations, scheme):
    problems = [problem for where, problem in violations if where == scheme]
    assert not problems, "\n".join(problems)


# What the palette changes: Material's attributes and toggle, and every element's colours.
RENDERED = """() => ({
    body: [...document.body.attributes].filter(a => a.name.startsWith('data-md-color')).map(a => a.name + '=' + a.value),
    toggle: [...document.querySelectorAll('PALETTE input, PALETTE label')].map(e => e.checked + '/' + e.hidden),
    meta: [...document.querySelectorAll('meta[name=theme-color], meta[name=color-scheme]')].map(m => m.content),
    colours: [...document.querySelectorAll('*')].map(e => {
        const s = getComputedStyle(e);
        return [s.color, s.backgroundColor, s.borderTopColor, s.outlineColor, s.fill, s.stroke].join(' ');
    }),
})""".replace("PALETTE", PALETTE)


@pytest.mark.parametrize("path", ["conditions/index.html", "cards/red-flag-screen.html"])
def test_switching_to_dark_renders_as_a_page_opened_in_dark(site, path):
    """The accessibility check switches each page to dark in place (_to_dark) instead of
    opening it again: that must give what a reader whose system is dark gets."""

    async def both(b, base):
        rendered = {}
        for scheme in SCHEMES:
            context = await b.new_context(color_scheme=scheme)
            page = await context.new_page()
            await page.goto(base + path, wait_until="load")
            await page.add_style_tag(content=NO_MOTION)
            if scheme == "light":
                assert (await page.evaluate(RENDERED))["body"][0] == "data-md-color-scheme=default"
                await _to_dark(page)
            rendered[scheme] = await page.evaluate(RENDERED)
            await context.close()
        return rendered

    with serve(site) as base:
        (rendered,) = in_parallel([base], both)
    switched, opened = rendered["light"], rendered["dark"]
    assert opened["body"][0] == "data-md-color-scheme=slate"
    for key in ("body", "toggle", "meta"):
        assert switched[key] == opened[key], key
    assert len(switched["colours"]) == len(opened["colours"])
    differ = [i for i, (a, b) in enumerate(zip(switched["colours"], opened["colours"], strict=True)) if a != b]
    assert not differ, f"{len(differ)} elements coloured otherwise, e.g. {switched['colours'][differ[0]]}"


def test_print_buttons_work_by_keyboard(site):
    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "cards/red-flag-screen.html")
        page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
        page.focus("[data-ptref-print]")
        page.keyboard.press("Enter")
        page.keyboard.press("Space")
        assert page.evaluate("window.__printed") == 2
