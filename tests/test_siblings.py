"""Entry pages link to the previous and next entry of their kind, in the order of its index."""

from __future__ import annotations

import re

from ptref.model.kinds import KINDS, PAGED
from ptref.site import page_renderer

NEXT = re.compile(r'<a class="ptref-siblings__next" href="\.\./([^"]+)\.html" rel="next">')
PREV = re.compile(r'<a class="ptref-siblings__prev" href="\.\./([^"]+)\.html" rel="prev">')


def _index_ids(markdown: str, url_dir: str) -> list[str]:
    """Entry ids in the order the index page links them."""
    return re.findall(rf"\]\(\.\./{re.escape(url_dir)}/([^)/]+)\.md\)", markdown)


def test_next_links_walk_every_entry_in_index_order_and_prev_walks_back(kb):
    pages = page_renderer(kb)
    for kind in PAGED:
        info = KINDS[kind]
        listed = [i for i in _index_ids(pages.index(kind), info.url_dir) if i in kb.entries[kind]]
        if len(listed) < 2:
            continue
        # _siblings is the block entity() ends with (checked once below): rendering whole pages
        # for every entry would take seconds.
        walked, current = [listed[0]], listed[0]
        while match := NEXT.search(pages._siblings(kb.get(kind, current))):
            assert match[1].startswith(info.url_dir + "/"), (kind, match[1])
            current = match[1].split("/", 1)[1]
            walked.append(current)
        assert walked == listed, kind
        last = pages._siblings(kb.get(kind, listed[-1]))
        assert PREV.search(last)[1] == f"{info.url_dir}/{listed[-2]}", kind
        assert f"({len(listed)} of {len(listed)})" in last, kind
        assert not PREV.search(pages._siblings(kb.get(kind, listed[0]))), kind
    page = pages.entity("conditions", listed_first := sorted(kb.entries["conditions"])[0])
    assert page.rstrip().endswith(pages._siblings(kb.get("conditions", listed_first)))
