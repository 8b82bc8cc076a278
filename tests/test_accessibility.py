"""axe-core in Chromium: no serious or critical violations on any kind of page, light or dark."""

from __future__ import annotations

import pytest
from browser import browser, serve

from ptref.model.kinds import PAGED
from ptref.site import CARDS

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser

SCHEMES = ["light", "dark"]


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


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_or_critical_accessibility_violations(site, kb, axe, scheme):
    problems = []
    with serve(site) as base, browser() as b:
        context = b.new_context(color_scheme=scheme)
        page = context.new_page()
        for path in pages_to_check(kb):
            page.goto(base + path, wait_until="load")
            # Contrast is judged on the settled page: Material fades the header title in and out
            # as the page scrolls, and axe must not sample it half-way.
            page.add_style_tag(
                content="*, *::before, *::after { transition: none !important; animation: none !important; }"
            )
            if path == "tools/units-calculator.html":  # check the result area too
                page.select_option("#ptref-code-1", "97140")
                page.fill("#ptref-minutes-1", "38")
                page.click("button[type=submit]")
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    problems.append(f"{path} [{scheme}] {violation['id']}: {violation['help']} {targets}")
        context.close()
    assert not problems, "\n".join(problems)


def test_print_buttons_work_by_keyboard(site):
    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "cards/red-flag-screen.html")
        page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
        page.focus("[data-ptref-print]")
        page.keyboard.press("Enter")
        page.keyboard.press("Space")
        assert page.evaluate("window.__printed") == 2
