"""Under `mkdocs serve`, a page whose Markdown did not change since the previous rebuild reuses
its HTML instead of being converted again.

MkDocs rebuilds the whole site after every saved edit, and converting Markdown is the largest
part of that (about 0.8 s of 1.8 s on the real data), while an edit to one entry changes a
handful of pages. A page's HTML from `Page.render` depends only on:

* its final Markdown (after every `on_page_markdown` handler: this hook's runs last),
* its own address (`src_uri`, `url`),
* the Markdown extensions and their settings, and which files exist (links are resolved
  against them),

so those form the key. On a hit, the hook hands MkDocs an empty page to convert and puts the
remembered HTML, table of contents, title and anchors back before any other plugin sees the
content. `mkdocs build` never uses this: only `on_startup(command="serve")` creates a cache.
Nothing here imports MkDocs; tests/test_render_cache.py checks that a rebuild through the cache
writes the same files as a fresh build.
"""
from __future__ import annotations

import hashlib
from copy import deepcopy
from dataclasses import dataclass


@dataclass
class Rendered:
    key: str
    content: str
    toc: object
    title: str | None
    present_anchor_ids: set | None
    links_to_anchors: dict | None  # keyed by the linked file's src_uri, not by a File of an old build


class RenderCache:
    def __init__(self):
        self._pages: dict[str, Rendered] = {}   # src_uri -> what its last conversion gave
        self._build_key = ""
        self._hits: dict[str, Rendered] = {}    # pages of this build found in _pages
        self._pending: dict[str, str] = {}      # pages of this build being converted -> key
        self.hits = self.misses = 0  # of the current build, for the log and the tests

    def start_build(self, markdown_extensions, mdx_configs, files) -> None:
        """Called once files are known: what every page's HTML depends on besides itself."""
        parts = [repr(list(markdown_extensions)), repr(sorted(mdx_configs.items(), key=lambda kv: kv[0]))]
        parts += sorted(f"{f.src_uri}\0{f.dest_uri}" for f in files)
        self._build_key = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        present = {f.src_uri for f in files}
        self._pages = {uri: r for uri, r in self._pages.items() if uri in present}
        self._hits, self._pending = {}, {}
        self.hits = self.misses = 0

    def _key(self, page, markdown: str) -> str:
        text = f"{self._build_key}\0{page.file.src_uri}\0{page.url}\0{markdown}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def markdown_to_render(self, page, markdown: str) -> str:
        """The Markdown MkDocs should convert: nothing when the HTML is already known."""
        key = self._key(page, markdown)
        known = self._pages.get(page.file.src_uri)
        if known is not None and known.key == key:
            self._hits[page.file.src_uri] = known
            self.hits += 1
            return ""
        self._pending[page.file.src_uri] = key  # remembered once converted (a failure leaves nothing)
        self.misses += 1
        return markdown

    def content(self, page, html: str, files) -> str:
        """Right after conversion: restore a hit, or remember what was just converted."""
        hit = self._hits.pop(page.file.src_uri, None)
        if hit is not None:  # copies: plugins change these later (tags listings add to the toc)
            page.toc = deepcopy(hit.toc)
            page._title_from_render = hit.title
            page.present_anchor_ids = deepcopy(hit.present_anchor_ids)
            page.links_to_anchors = _anchor_links_to(hit.links_to_anchors, files)
            return hit.content
        key = self._pending.pop(page.file.src_uri, None)
        if key is not None:
            self._pages[page.file.src_uri] = Rendered(
                key, html, deepcopy(page.toc), page._title_from_render,
                deepcopy(page.present_anchor_ids), _anchor_links_by_uri(page.links_to_anchors))
        return html


def _anchor_links_by_uri(links: dict | None) -> dict | None:
    return None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()}


def _anchor_links_to(links: dict | None, files) -> dict | None:
    """The stored anchor links, keyed by this build's File objects again."""
    if links is None:
        return None
    found = {uri: files.get_file_from_path(uri) for uri in links}
    return {file: dict(links[uri]) for uri, file in found.items() if file is not None}
