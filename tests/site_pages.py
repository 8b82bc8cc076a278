"""Helpers for reading the built site in tests."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ptref.model.kinds import KINDS

HREF = re.compile(r'href="([^"#]+)(?:#[^"]*)?"')


def page_path(site: Path, kind: str, entry_id: str) -> Path:
    return site / KINDS[kind].url_dir / f"{entry_id}.html"


def article(html: str) -> str:
    """The page's own content, without navigation, header and footer."""
    start = html.index('<article class="md-content__inner')
    return html[start : html.index("</article>", start)]


def links_in(html: str, page: str = "") -> set[str]:
    """Targets of the links in a page's content; given the page's path, as paths from the site root."""
    hrefs = set(HREF.findall(article(html)))
    if not page:
        return hrefs
    return {posixpath.normpath(posixpath.join(posixpath.dirname(page), h)) for h in hrefs if "://" not in h}


def targets_of(site: Path, kind: str, entry_id: str) -> set[str]:
    path = f"{KINDS[kind].url_dir}/{entry_id}.html"
    return links_in((site / path).read_text(encoding="utf-8"), path)
