"""Tags: about/tags.html is a short overview; the category tags are listed on pages of their own
(docs/about/tags-*.md: one kind, one tag field each), and a kind's own tag leads to the kind's
index. So no listing page is longer than a kind's index, whatever the size of the knowledge base
(the single listing of every tag was 5.7 MB at the benchmark's 100x data)."""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from pymdownx.slugs import slugify

TAG_SLUG = slugify(case="lower")  # the tags plugin's default `tags_slugify`, as in mkdocs.yml


def _slug(name: str) -> str:
    return "tag:" + TAG_SLUG(name, "-")


class _Page(HTMLParser):
    """Of one built page: its ids, its tag chips (name, href), and its tags listings: for each
    tag heading (id "tag:..."), the links of the list under it."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.chips: list[tuple[str, str | None]] = []
        self.listed: dict[str, list[str]] = {}  # heading id -> hrefs
        self.names: dict[str, str] = {}  # heading id -> tag name shown
        self.h1 = ""
        self._in_chips = self._in_article = False
        self._chip_href: str | None = None
        self._text: list[str] | None = None
        self._heading: str | None = None  # a tag heading being read, or the tag whose list follows
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        classes = (attrs.get("class") or "").split()
        if tag == "article":
            self._in_article = True
        elif tag == "nav" and "md-tags" in classes:
            self._in_chips = True
        elif self._in_chips and "md-tag" in classes:
            self._chip_href, self._text = attrs.get("href"), []
        elif self._in_article and tag == "h1":
            self._in_h1, self._text = True, []
        elif self._in_article and tag in ("h2", "h3", "h4", "h5", "h6"):
            ident = attrs.get("id") or ""
            self._heading = ident if ident.startswith("tag:") else None
            if self._heading:
                self.listed[self._heading] = []
        elif self._in_article and tag == "span" and "md-tag" in classes and self._heading:
            self._text = []
        elif self._in_article and tag == "a" and self._heading and "headerlink" not in classes:
            self.listed[self._heading].append(attrs.get("href") or "")

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article = False
        elif tag == "nav" and self._in_chips:
            self._in_chips = False
        elif self._in_chips and tag in ("a", "span") and self._text is not None:
            self.chips.append(("".join(self._text).strip(), self._chip_href))
            self._text = None
        elif tag == "h1" and self._in_h1:
            self.h1 = "".join(self._text or []).strip().removesuffix("¶").strip()  # less the permalink
            self._in_h1, self._text = False, None
        elif tag == "span" and self._heading and self._text is not None:
            self.names[self._heading] = "".join(self._text).strip()
            self._text = None


def _read(site, url: str) -> _Page:
    page = _Page()
    page.feed((site / url).read_text(encoding="utf-8"))
    return page


def _resolve(base_url: str, href: str) -> tuple[str, str]:
    """A link on the page at base_url, as (site-relative url, fragment)."""
    parts = urlsplit(href)
    if not parts.path:
        return base_url, unquote(parts.fragment)
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_url), unquote(parts.path))), unquote(parts.fragment)


def _tagged(site) -> dict[str, set[str]]:
    """Tag name -> urls of the pages carrying it, from the tags plugin's export."""
    found = defaultdict(set)
    for mapping in json.loads((site / "tags.json").read_text(encoding="utf-8"))["mappings"]:
        for tag in mapping["tags"]:
            found[tag].add(mapping["item"]["url"])
    return found


def _listing_pages(site) -> dict[str, _Page]:
    return {
        f"about/{path.name}": _read(site, f"about/{path.name}") for path in sorted((site / "about").glob("tags-*.html"))
    }


def _listed(site) -> dict[str, tuple[str, set[str]]]:
    """Tag name -> (the listing page showing it, urls of the pages listed under it)."""
    listed: dict[str, tuple[str, set[str]]] = {}
    for url, page in _listing_pages(site).items():
        for ident, hrefs in page.listed.items():
            name = page.names[ident]
            assert name not in listed, f"{name!r} is listed on {listed[name][0]} and on {url}"
            assert ident == _slug(name), (url, ident, name)
            listed[name] = (url, {_resolve(url, href)[0] for href in hrefs})
    return listed


def _kind_index(site, urls: set[str]) -> str:
    folders = {posixpath.dirname(url) for url in urls}
    assert len(folders) == 1, f"a tag in no listing spans several folders: {sorted(folders)}"
    return f"{folders.pop()}/index.html"


def test_every_tag_is_listed_in_full_or_leads_to_its_kind_index(site):
    tagged, listed = _tagged(site), _listed(site)
    assert len(listed) >= 20, f"only {len(listed)} tags listed: {sorted(listed)}"
    for name, urls in sorted(tagged.items()):
        if name in listed:
            assert listed[name][1] == urls, f"{name!r}: listed pages differ from the tagged pages on {listed[name][0]}"
        else:  # a kind's own tag: its index page, titled alike, links to every page of the kind
            index = _kind_index(site, urls)
            page = _read(site, index)
            assert page.h1 == name, f"{name!r} is in no listing, and {index} is titled {page.h1!r}"
            hrefs = (site / index).read_text(encoding="utf-8")
            missing = [url for url in urls if f'href="{posixpath.basename(url)}"' not in hrefs]
            assert not missing, f"{index} lacks links to {missing[:5]}"
    assert not set(listed) - set(tagged), f"listed tags no page carries: {sorted(set(listed) - set(tagged))}"


def test_each_listing_page_shows_one_kind_each_page_once(site):
    """What keeps every listing page small at any scale: one kind's pages, each at most once (one
    tag field per listing page), so a listing page never lists more pages than the kind's index."""
    pages = _listing_pages(site)
    assert len(pages) >= 6, sorted(pages)
    for url, page in pages.items():
        assert page.listed, f"{url} lists no tag"
        shown = [_resolve(url, href)[0] for hrefs in page.listed.values() for href in hrefs]
        folders = {posixpath.dirname(target) for target in shown}
        assert len(folders) == 1, f"{url} lists pages of several kinds: {sorted(folders)}"
        twice = sorted({target for target in shown if shown.count(target) > 1})
        assert not twice, f"{url} lists pages under two tags, e.g. {twice[:3]}"


def test_the_tags_overview_links_every_tag_under_its_old_anchor(site):
    """about/tags.html (linked from outside) lists no pages itself; each tag keeps its anchor there
    (`about/tags.html#tag:emergency`) and links to where that tag's pages are listed."""
    overview, listed = _read(site, "about/tags.html"), _listed(site)
    assert not overview.listed, "about/tags.html holds a tags listing again: it grows with the data"
    raw = (site / "about/tags.html").read_text(encoding="utf-8")
    for url in _listing_pages(site):
        assert f'href="{posixpath.basename(url)}"' in raw, f"about/tags.html does not link to {url}"
    for name, urls in sorted(_tagged(site).items()):
        ident = _slug(name)
        assert ident in overview.ids, f"about/tags.html has no anchor {ident}"
        want = f"{listed[name][0]}#{ident}" if name in listed else _kind_index(site, urls)
        anchor = f'id="{ident}"'
        start = raw.index(anchor)
        tag_start, tag_end = raw.rindex("<a", 0, start), raw.index(">", start)
        href = raw[tag_start:tag_end].split('href="', 1)[1].split('"', 1)[0]
        path, fragment = _resolve("about/tags.html", href)
        assert (f"{path}#{fragment}" if fragment else path) == want, f"{ident}: {href}, want {want}"


def test_every_tag_on_a_page_links_to_a_list_holding_that_page(site):
    tagged, listed = _tagged(site), _listed(site)
    pages = defaultdict(set)
    for name, urls in tagged.items():
        for url in urls:
            pages[url].add(name)
    assert len(pages) > 250
    for url, names in sorted(pages.items()):
        chips = dict(_read(site, url).chips)
        assert set(chips) == names, f"{url}: tags shown {sorted(chips)}, carried {sorted(names)}"
        for name, href in chips.items():
            assert href, f"{url}: the tag {name!r} links nowhere"
            target, fragment = _resolve(url, href)
            if name in listed:
                assert (target, fragment) == (listed[name][0], _slug(name)), f"{url}: {name!r} -> {href}"
            else:
                assert (target, fragment) == (f"{posixpath.dirname(url)}/index.html", ""), f"{url}: {name!r} -> {href}"
