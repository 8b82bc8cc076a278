"""Helpers for reading the built site in tests."""
from __future__ import annotations

import re
from pathlib import Path

from macros.model.kinds import KINDS

HREF = re.compile(r'href="([^"#]+)(?:#[^"]*)?"')


def page_path(site: Path, kind: str, entry_id: str) -> Path:
    return site / KINDS[kind].url_dir / f"{entry_id}.html"


def article(html: str) -> str:
    """The page's own content, without navigation, header and footer."""
    start = html.index('<article class="md-content__inner')
    return html[start: html.index("</article>", start)]


def links_in(html: str) -> set[str]:
    return set(HREF.findall(article(html)))
