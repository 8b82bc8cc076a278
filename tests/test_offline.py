"""The built site requests nothing outside itself: clinics run it without internet."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from browser import browser, in_parallel, serve

from ptref.model.kinds import PAGED

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser

# Attributes whose URL the browser fetches on its own (an <a href> is only followed on a click).
HTML_LOADS = re.compile(
    r"<(?:script|img|iframe|audio|video|source|embed|input)\b[^>]*?\s(?:src|srcset|data)=[\"']([^\"']+)"
    r"|<link\b[^>]*?\shref=[\"']([^\"']+)"
    r"|<object\b[^>]*?\sdata=[\"']([^\"']+)"
    r"|url\(\s*[\"']?([^\"')]+)"
    r"|@import\s+[\"']([^\"']+)",
    re.IGNORECASE,
)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def _external_loads(text: str) -> set[str]:
    found = set()
    for match in HTML_LOADS.finditer(text):
        url = next(g for g in match.groups() if g)
        if EXTERNAL.match(url.strip()) and not url.startswith("data:"):
            found.add(url)
    return found


def test_scanner_finds_external_loads():
    sample = (
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//fonts.x/y.css">'
        '<style>body{background:url("http://e.x/i.png")}</style><a href="https://doi.org/10.1/x">ok</a>'
    )
    assert _external_loads(sample) == {"https://cdn.example/x.js", "//fonts.x/y.css", "http://e.x/i.png"}


def test_no_html_or_css_file_loads_an_external_url(site):
    offenders = {}
    for path in list(site.rglob("*.html")) + list(site.rglob("*.css")):
        found = _external_loads(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            offenders[str(path.relative_to(site))] = sorted(found)
    assert not offenders, offenders


def test_pages_make_no_request_outside_the_site_in_chromium(site, kb):
    pages = ["index.html", "about/data.html"]
    for kind, info in PAGED.items():
        pages.append(f"{info.url_dir}/index.html")
        first = next(iter(kb.entries[kind]), None)
        if first:
            pages.append(f"{info.url_dir}/{first}.html")
    with serve(site) as base:
        host = urlparse(base).netloc

        async def requests_outside(b, path: str) -> list[str]:
            outside = []
            context = await b.new_context()

            async def guard(route):
                if urlparse(route.request.url).netloc != host:
                    outside.append(route.request.url)
                    await route.abort()
                else:
                    await route.continue_()

            await context.route("**/*", guard)
            try:
                page = await context.new_page()
                await page.goto(base + path, wait_until="networkidle")
                await page.fill("input.md-search__input", "thoracic")  # loads the search worker and index
                await page.wait_for_timeout(200)
            finally:
                await context.close()
            return outside

        outside = [url for found in in_parallel(pages, requests_outside) for url in found]
    assert not outside, f"requests outside the site: {sorted(set(outside))}"


# A condition page's first view, every file counted uncompressed (issue 26: it was 2.87 MB, 2.47 MB
# of it the search index, fetched by every page whether or not the reader searched).
FIRST_VIEW_BUDGET = 600_000


def test_first_view_of_a_condition_page_is_light_and_search_loads_on_demand(site, kb):
    condition = next(iter(sorted(kb.entries["conditions"])))
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        sizes: dict[str, int] = {}
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
        page.goto(f"{base}conditions/{condition}.html", wait_until="networkidle")
        page.wait_for_timeout(500)
        first_view = dict(sizes)
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("97140")
        page.wait_for_selector(".md-search-result__link[href*='codes/97140.html']", timeout=15_000)
    assert not [u for u in first_view if "search_index" in u], "the index loaded before any search"
    total = sum(first_view.values())
    largest = sorted(first_view.items(), key=lambda kv: -kv[1])[:5]
    assert total <= FIRST_VIEW_BUDGET, f"{total} bytes in {len(first_view)} files; largest {largest}"
    assert any("search/search_index.json" in u for u in sizes), "searching fetched no index"
