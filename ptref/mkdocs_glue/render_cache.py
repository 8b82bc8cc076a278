"""Under `mkdocs serve`, pages that did not change since the previous rebuild reuse their HTML.

MkDocs rebuilds the whole site after every saved edit (1.8 s on the real data), while an edit
to one entry changes a few dozen pages. Three steps are skipped for the others:

1. Markdown to HTML (`Page.render`, about 0.8 s). Its result depends only on the page's final
   Markdown (after every `on_page_markdown` handler: this hook's runs last), its address, the
   Markdown extensions and their settings, and which files exist (links resolve against
   them): that is the key. On a hit the hook hands MkDocs an empty page to convert, then puts
   the remembered HTML, table of contents, title and anchors back before any other plugin
   sees the content.
2. The theme template (about 0.5 s). Its result depends on the page's final content, title,
   front matter, table of contents and neighbours, the navigation, and the site: the config
   file, the Markdown settings, the files, the theme's own files. On a hit the page is given a
   one-line template that prints the remembered output. Plugins still see every page (the
   search index and the tags are complete).
3. The search plugin's parse of the page's HTML (`attach_search`): its entries are reused when
   the page's HTML, address, title, front matter and table of contents are unchanged.

Steps 1 and 3 are also kept on disk between processes (page_store.py, in ptref's cache folder):
a `mkdocs build`, or serve's first build, reads back each unchanged page's HTML and search
entries from the previous build. On disk, both keys also hold the config file's text, ptref's
own code and every installed package's version (`cache.setting_digest`); a page whose
conversion logged anything (a broken link, which fails a strict build) is never stored, so a
later build converts it again and logs it again. (An extension that reads other files while
converting, such as pymdownx.snippets, is not in mkdocs.yml: with one, the files it reads would
have to join the key.) Step 2 is for serve only (a build renders each template once).

A `mkdocs build` that can find none of its pages on disk (the first one, or one after ptref,
mkdocs.yml, a package or the list of files changed) first has worker processes, one per core up
to 4, convert its pages and index them for search, and writes their results to the store;
MkDocs' own page loop then runs as always and finds them there (convert_ahead).

The hook file serve_cache.py wires this in; without its line in mkdocs.yml nothing here runs.
It relies on private parts of MkDocs 1.6 (Page._title_from_render, present_anchor_ids,
links_to_anchors, the order of events around Page.render, page.meta['template'], the build's
page loop and _populate_page...): `missing_internals()` checks each
of them when a cache is created, and a cache that finds one missing or changed logs a warning
naming it and stays disabled (serve then converts every page again: slower, never wrong).
tests/test_render_cache.py fails on the pinned MkDocs if any of them changes, and checks that
rebuilds through the cache write the same files as a fresh build. Only that check and the
workers of convert_ahead import MkDocs.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from copy import deepcopy
from dataclasses import dataclass

import jinja2

from .page_store import PageStore

REUSE_TEMPLATE = "ptref-reused-output.html"

log = logging.getLogger("mkdocs.hooks.ptref")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Rendered:
    key: str
    content: str
    toc: object
    title: str | None
    present_anchor_ids: set | None
    links_to_anchors: dict | None  # keyed by the linked file's src_uri, not by a File of an old build


class RenderCache:
    """Disabled (`enabled` false: every method hands back what it is given) when MkDocs lacks an
    internal it relies on; `problems` names them."""

    def __init__(self, store: PageStore | None = None, reuse_outputs: bool = True, ahead: bool = False):
        self.problems = missing_internals()
        self.enabled = not self.problems
        if self.problems:
            log.warning(
                "The serve render cache is disabled: this MkDocs version lacks or changed what it "
                "relies on (ptref/mkdocs_glue/render_cache.py). Every rebuild converts every page "
                "again (slower, same output). Missing or changed:\n  - " + "\n  - ".join(self.problems)
            )
        self._pages: dict[str, Rendered] = {}  # src_uri -> what its last conversion gave
        self._build_key = ""
        self._setting = ""
        self._nav = None
        self._hits: dict[str, Rendered] = {}  # pages of this build found in _pages
        self._pending: dict[str, str] = {}  # pages of this build being converted -> key
        self.hits = self.misses = 0  # of the current build, for the log and the tests
        self._outputs: dict[str, tuple[str, str]] = {}  # src_uri -> (key, the template's output)
        self._output_pending: dict[str, str] = {}
        self.outputs_reused = 0
        self._search: dict[str, list] = {}  # key of a page's indexed state -> its search entries
        self.search_reused = 0
        self._bytecode = _MemoryBytecodeCache()
        # Steps 1 and 3 kept on disk between processes (page_store.py), and whether to do step 2
        # (pointless for `mkdocs build`, which renders each template once).
        self.store = store
        self.reuse_outputs = reuse_outputs
        # Whether convert_ahead may fork workers: `mkdocs build` (not --dirty) only, never serve.
        self.may_convert_ahead = ahead and store is not None and not reuse_outputs
        self._logged = _CountHandler()  # records MkDocs logs: a page that logged is not stored
        self._may_store = True  # whether this build's log level lets a warning be seen (start_build)
        # The search index's add_entry_from_context as attach_search wrapped it (convert_ahead).
        self._add_search_entries: Callable[[object], None] | None = None
        self._search_entries: list | None = None  # the entries that index adds to
        self.ahead = 0  # pages of this build converted ahead by worker processes (convert_ahead)

    def start_build(self, markdown_extensions, mdx_configs, files, nav, setting: str = "") -> None:
        """Called once files and navigation are known: what every page depends on besides itself.
        setting: what else the stored pages depend on (the config file, the installed versions)."""
        if not self.enabled:
            return
        self._nav = nav
        self._setting = setting
        parts = [setting, repr(list(markdown_extensions)), repr(sorted(mdx_configs.items(), key=lambda kv: kv[0]))]
        parts += sorted(f"{f.src_uri}\0{f.dest_uri}" for f in files)
        self._build_key = _digest(*parts)
        present = {f.src_uri for f in files}
        self._pages = {uri: r for uri, r in self._pages.items() if uri in present}
        self._outputs = {uri: o for uri, o in self._outputs.items() if uri in present}
        self._hits, self._pending, self._output_pending = {}, {}, {}
        self.hits = self.misses = self.outputs_reused = self.ahead = 0
        # Pages are stored only where a warning would have been seen: not under --quiet (the
        # logger at ERROR drops warnings before any handler) nor --verbose (MkDocs then skips
        # collecting a page's links to anchors, which a stored page would carry as missing).
        level = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel()
        self._may_store = logging.DEBUG < level <= logging.WARNING
        if self.store is not None:
            self.store.start()
            logger = logging.getLogger("mkdocs")
            if self._logged not in logger.handlers:
                logger.addHandler(self._logged)

    def abandon(self) -> None:
        """After a failed build: stop counting MkDocs' log records; keep nothing of this build."""
        logging.getLogger("mkdocs").removeHandler(self._logged)

    def finish(self) -> None:
        """At the end of a build: what this build made goes to disk."""
        logging.getLogger("mkdocs").removeHandler(self._logged)
        if self.store is not None:
            if self._may_store:  # the next build knows whether its pages can be here (convert_ahead)
                self.store.mark(self._build_key)
            self.store.save()

    def _stored(self, key: str):
        if self.store is None:
            return None
        return self.store.get(key)

    def attach_search(self, plugins) -> None:
        """3. The search index (Material's search plugin parses every page's HTML at every rebuild,
        a quarter of a rebuild's time). A page's entries depend only on its final HTML, address,
        title, front matter and table of contents, and the plugin's settings: that is the key. On a
        hit the remembered entries are added as the plugin would have added them. Called once the
        plugins are configured (on_nav); a search plugin without the expected parts is left alone."""
        if not self.enabled:
            return
        plugin = next((p for p in plugins.values() if hasattr(getattr(p, "search_index", None), "entries")), None)
        index = getattr(plugin, "search_index", None)
        original = getattr(index, "add_entry_from_context", None)
        if plugin is None or index is None or original is None:
            return
        settings = repr(sorted((k, repr(v)) for k, v in dict(plugin.config).items()))
        previous, kept = self._search, {}  # type: dict[str, list], dict[str, list]
        self._search, self.search_reused = kept, 0

        def add_entry_from_context(page) -> None:
            key = _digest(
                self._setting,  # the installed versions (the plugin's parser) and the config file
                settings,
                page.url,
                str(page.title),
                # The front matter but the template, which step 2 sets on a reused page.
                repr(sorted((k, repr(v)) for k, v in page.meta.items() if k != "template")),
                _toc_text(page.toc),
                page.content or "",
            )
            found = previous.get(key)
            fresh = False  # read from disk just now: nobody else holds these entries
            if found is None:
                found = self._stored("search:" + key)
                fresh = found is not None
            elif self.store is not None:
                self.store.keep("search:" + key)
            if found is None:
                start = len(index.entries)
                original(page)
                # Kept in memory (serve): a copy, as the plugin may change its own entries later.
                # Only stored (build): pickled right here, which copies them.
                found = deepcopy(index.entries[start:]) if self.reuse_outputs else index.entries[start:]
                if self.store is not None:
                    self.store.put("search:" + key, found)
            else:
                index.entries.extend(found if fresh and not self.reuse_outputs else deepcopy(found))
                self.search_reused += 1
            if self.reuse_outputs:
                kept[key] = found

        index.add_entry_from_context = add_entry_from_context
        self._add_search_entries = add_entry_from_context
        self._search_entries = index.entries

    def markdown_to_render(self, page, markdown: str) -> str:
        """The Markdown MkDocs should convert: nothing when the HTML is already known."""
        if not self.enabled:
            return markdown
        key = _digest(self._build_key, page.file.src_uri, page.url, markdown)
        known = self._pages.get(page.file.src_uri)
        if known is not None and known.key == key:
            if self.store is not None:
                self.store.keep("page:" + key)
        else:
            known = self._stored("page:" + key)
            if known is not None and self.reuse_outputs:
                self._pages[page.file.src_uri] = known
        if known is not None:
            self._hits[page.file.src_uri] = known
            self.hits += 1
            # Not even an empty conversion: Page.render sets up Markdown and every extension for
            # each page (about 1 ms a page, most of a rebuild's conversion time when few pages
            # changed). content() puts the remembered HTML in and takes this off again.
            page.render = _skip_render.__get__(page)
            return ""
        self._pending[page.file.src_uri] = key  # remembered once converted (a failure leaves nothing)
        self._logged.count = 0
        self.misses += 1
        return markdown

    def content(self, page, html: str, files) -> str:
        """Right after conversion: restore a hit, or remember what was just converted."""
        if not self.enabled:
            return html
        hit = self._hits.pop(page.file.src_uri, None)
        if hit is not None:  # copies: plugins change these later (tags listings add to the toc)
            vars(page).pop("render", None)
            page.toc = _copy_toc(hit.toc)
            page._title_from_render = hit.title
            page.present_anchor_ids = None if hit.present_anchor_ids is None else set(hit.present_anchor_ids)
            page.links_to_anchors = _anchor_links_to(hit.links_to_anchors, files)
            return hit.content
        key = self._pending.pop(page.file.src_uri, None)
        if key is not None:
            # Copies when kept in memory (serve): plugins change the page's table of contents
            # later. Only stored (build): pickled right away, which copies.
            copy_ = deepcopy if self.reuse_outputs else _same
            rendered = Rendered(
                key,
                html,
                copy_(page.toc),
                page._title_from_render,
                copy_(page.present_anchor_ids),
                _anchor_links_by_uri(page.links_to_anchors),
            )
            if self.reuse_outputs:  # serve: for the next rebuild of this process
                self._pages[page.file.src_uri] = rendered
            # Not kept on disk when the conversion logged anything (a link to a missing page, in
            # strict mode a failed build): a later build converts it again and logs it again.
            if self.store is not None and self._may_store and self._logged.count == 0:
                self.store.put("page:" + key, rendered)
        return html

    # --- a first build: pages converted ahead, in worker processes --------------------------------

    def convert_ahead(self, config, files) -> None:
        """`mkdocs build` only (never serve, nor while any other thread runs: a forked process
        gets none of them, only the locks they may hold; never with the store off).
        When the store has never seen a build of these settings and files (`PageStore.seen`: a
        first build, or one after ptref, mkdocs.yml, a package or the list of files changed),
        none of the pages can be in it. Then, before MkDocs' own loop converts the pages one at a
        time, up to 4 worker processes (one per core; none on a one-core machine, nor for fewer
        than AHEAD_MIN_PAGES pages) each do for a share of the pages what that loop does
        (`_populate_page`: every plugin's and hook's on_pre_page, on_page_markdown and
        on_page_content around Page.render, this cache's steps included) and then index the
        page for search as step 3 does. The workers are forked from this process (they share
        its memory until they write to it: the config and the files are not copied to them, only
        the names of their pages are sent) and send back only the store rows their pages made; what else they changed (plugins' state, such
        as the tags they collected) dies with them. The rows go into the store, and MkDocs' loop
        then runs as always, every handler once per page, and finds each page's HTML there under
        the same key, as in a build after this one. A page whose Markdown came out differently
        here (a plugin that depends on the pages before it), or whose conversion logged anything
        (not stored, as always), is converted again by the loop, logging its warning then. A
        worker that fails leaves its pages to the loop: slower, never wrong."""
        if not (self.enabled and self.may_convert_ahead and self.store is not None and self._may_store):
            return
        pages = [file.src_uri for file in files.documentation_pages()]
        workers = ahead_workers()
        if workers < 2 or len(pages) < AHEAD_MIN_PAGES or not self.store.usable or self.store.seen(self._build_key):
            return  # (a store that could not be opened would keep nothing the workers made)
        if threading.active_count() > 1:
            # A plugin's threads: a fork copies none of them, only the locks they may hold.
            log.debug("Converting pages ahead: not done, other threads are running")
            return
        global _AHEAD
        chunks = [pages[i : i + AHEAD_CHUNK] for i in range(0, len(pages), AHEAD_CHUNK)]
        sys.stdout.flush()  # nothing waiting in a buffer is written twice (the workers' copies)
        sys.stderr.flush()
        _AHEAD = (self, config, files)
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
                for done in as_completed([pool.submit(_convert_share, chunk) for chunk in chunks]):
                    try:
                        rows = done.result()
                    except Exception as exc:  # these pages are converted by MkDocs' loop
                        log.debug(f"Converting pages ahead: a worker failed ({type(exc).__name__}: {exc})")
                        continue
                    self.store.prefill(rows)
                    self.ahead += sum(key.startswith("page:") for key, _ in rows)
        except Exception as exc:
            log.debug(f"Converting pages ahead: stopped ({type(exc).__name__}: {exc})")
        finally:
            _AHEAD = None
        log.debug(f"Converted ahead in {workers} processes: {self.ahead} of {len(pages)} pages")

    # --- step 2: the theme template --------------------------------------------------------------

    def choose_templates(self, env, config, files) -> None:
        """After every page's content is final (on_env): give unchanged pages the reuse template."""
        if not self.enabled or not self.reuse_outputs:
            return
        site = _digest(
            self._build_key,
            file_text(config.config_file_path),
            _nav_text(self._nav),
            _theme_files(config.theme.dirs, config.theme.custom_dir),
            str(config.site_url),
        )
        # MkDocs makes a new Jinja environment at every rebuild, which compiled the theme's
        # templates again (0.15 s). Their bytecode is kept here, keyed by Jinja by name and source.
        env.bytecode_cache = self._bytecode
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({REUSE_TEMPLATE: "{{ ptref_reused_output }}"}), env.loader])
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None or "template" in page.meta:
                continue
            neighbours = [f"{p.title}\0{p.url}" for p in (page.previous_page, page.next_page) if p]
            key = _digest(
                site, file.src_uri, page.url, str(page.title), repr(page.meta), str(page.toc), *neighbours, page.content
            )
            known = self._outputs.get(file.src_uri)
            if known is not None and known[0] == key:
                page.meta["template"] = REUSE_TEMPLATE
                self.outputs_reused += 1
            else:
                self._output_pending[file.src_uri] = key

    def page_context(self, context, page):
        if self.enabled and page.meta.get("template") == REUSE_TEMPLATE:
            context["ptref_reused_output"] = self._outputs[page.file.src_uri][1]
        return context

    def post_page(self, output: str, page) -> str:
        """The template's output, before any other plugin changes it: remembered for next time."""
        if not self.enabled or not self.reuse_outputs:
            return output
        key = self._output_pending.pop(page.file.src_uri, None)
        if key is not None:
            self._outputs[page.file.src_uri] = (key, output)
        return output


def _same(value):
    return value


AHEAD_MIN_PAGES = 50  # fewer pages: starting the workers would cost more than it saves
AHEAD_CHUNK = 16  # pages a worker is given at a time (a long page does not hold one worker up)
_AHEAD: tuple | None = None  # (cache, config, files) while convert_ahead runs: what workers inherit


def ahead_workers() -> int:
    """Worker processes for convert_ahead: one per core this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 4)


def _start_worker() -> None:
    """In a newly forked worker: print nothing (a page's warning is logged by the build's own
    process, which converts that page again) and keep store rows in memory."""
    assert _AHEAD is not None
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    cache = _AHEAD[0]
    cache.store.collect()


def _convert_share(uris: list[str]) -> list[tuple[str, bytes]]:
    """In a worker: what MkDocs' build loop does for each page (mkdocs.commands.build.build),
    then the page indexed for search; returns the store rows made."""
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page

    assert _AHEAD is not None
    cache, config, files = _AHEAD
    for uri in uris:
        file = files.get_file_from_path(uri)
        if file is None:
            continue
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        if file.page is None:
            continue
        page = file.page
        _populate_page(page, config, files)
        if cache._add_search_entries is not None and page.content is not None:
            cache._add_search_entries(page)
        # What the worker need not hold on to (its rows have it): less memory in use at once.
        page.markdown = page.content = None
        if cache._search_entries is not None:
            cache._search_entries.clear()
    return cache.store.take()


def _copy_toc(toc):
    """A copy of a table of contents whose lists a plugin may add to: new lists and new links,
    the same strings. deepcopy gave the same for three times the time (a rebuild copies one per
    reused page)."""
    items = getattr(toc, "items", None)
    if not isinstance(items, list):
        return deepcopy(toc)
    new = copy.copy(toc)
    new.items = [_copy_link(link) for link in items]
    return new


def _copy_link(link):
    new = copy.copy(link)
    children = getattr(link, "children", None)
    if isinstance(children, list):
        new.children = [_copy_link(child) for child in children]
    return new


class _CountHandler(logging.Handler):
    """Counts the records MkDocs logs (INFO and up) since `count` was last set to 0."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across rebuilds. Jinja checks each against its source's
    checksum, so an edited template is compiled again."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        found = self._store.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


def _skip_render(page, config, files) -> None:
    """Page.render for a page whose HTML is remembered: nothing to convert."""
    page.content = ""


def _anchor_links_by_uri(links: dict | None) -> dict | None:
    return None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()}


def _anchor_links_to(links: dict | None, files) -> dict | None:
    """The stored anchor links, keyed by this build's File objects again."""
    if links is None:
        return None
    found = {uri: files.get_file_from_path(uri) for uri in links}
    return {file: dict(links[uri]) for uri, file in found.items() if file is not None}


def file_text(path) -> str:
    """A file's text, or '' where it cannot be read (no config file path, a removed file)."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, TypeError):
        return ""


def _toc_text(toc) -> str:
    def walk(items, depth):
        for item in items:
            yield f"{depth}\0{getattr(item, 'id', '')}\0{getattr(item, 'url', '')}\0{item.title}"
            yield from walk(getattr(item, "children", None) or [], depth + 1)

    return "\n".join(walk(toc or [], 0))


def _nav_text(nav) -> str:
    def walk(items, depth):
        for item in items:
            yield f"{depth}\0{item.title}\0{getattr(item, 'url', '')}\0{type(item).__name__}"
            yield from walk(getattr(item, "children", None) or [], depth + 1)

    return "\n".join(walk(nav.items, 0))


def _theme_files(dirs, custom_dir) -> str:
    """Path, size and time of every file of the custom_dir (overrides/) and of every template of
    the installed themes: an edited template changes every page. (The installed themes' other
    files, ten thousand icons among them, only change with an upgrade, and a server restart.)"""
    found = []
    for top in dirs:
        custom = custom_dir is not None and os.path.abspath(top) == os.path.abspath(custom_dir)
        for folder, _, names in os.walk(top):
            for name in names:
                if custom or name.endswith(".html"):
                    stat = os.stat(os.path.join(folder, name))
                    found.append(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(sorted(found))


# --- the MkDocs internals this relies on ---------------------------------------------------------

PROBE_MARKDOWN = "# Probe title\n\n## Part {#part}\n\n[there](other.md#here) [back](#part)\n"


def missing_internals() -> list[str]:
    """What the cache relies on in MkDocs and finds missing or changed: one line each, naming the
    internal. Empty on the MkDocs this was written for (1.6.1). Checks the classes and the build
    steps' source, then renders a small page in a throwaway project (about 5 ms once MkDocs is
    loaded, as it is under serve)."""
    problems: list[str] = []

    def need(name, test) -> None:
        try:
            ok = test()
        except Exception as exc:  # a changed internal may fail in any way: report it, by name
            problems.append(f"{name} ({type(exc).__name__}: {exc})")
        else:
            if not ok:
                problems.append(name)

    try:
        import mkdocs.commands.build as build
        from mkdocs.structure.files import Files
        from mkdocs.structure.nav import Navigation
        from mkdocs.structure.pages import Page
    except ImportError as exc:
        return [f"an import from mkdocs ({exc})"]

    need("Page.render(self, config, files)", lambda: _parameters(Page.render) == ["self", "config", "files"])
    need("Page.present_anchor_ids (class attribute)", lambda: "present_anchor_ids" in vars(Page))
    need("Page.links_to_anchors (class attribute)", lambda: "links_to_anchors" in vars(Page))
    need("Files.get_file_from_path(self, path)", lambda: _parameters(Files.get_file_from_path) == ["self", "path"])
    need("Files.documentation_pages(self, *, inclusion)", lambda: callable(Files.documentation_pages))
    need("Navigation.items", lambda: Navigation([], []).items == [])
    need(
        "mkdocs.commands.build._populate_page: on_page_markdown, then Page.render, then on_page_content",
        lambda: _in_order(build._populate_page, "on_page_markdown(", ".render(config, files)", "on_page_content("),
    )
    need(
        "mkdocs.commands.build._build_page: the template named by page.meta['template'], then "
        "on_page_context, the template's output, on_post_page",
        lambda: _in_order(
            build._build_page,
            "page.meta.get('template', 'main.html')",
            "on_page_context(",
            "template.render(context)",
            "on_post_page(",
        ),
    )
    need(
        "mkdocs.commands.build.build: on_nav, every page converted, on_env, then the pages built",
        lambda: _in_order(build.build, "on_nav(", "_populate_page(", "on_env(", "_build_page("),
    )
    # For convert_ahead: the loop it repeats in worker processes.
    need(
        "mkdocs.commands.build._populate_page(page, config, files, dirty)",
        lambda: _parameters(build._populate_page) == ["page", "config", "files", "dirty"],
    )
    need(
        "mkdocs.commands.build.build: on_nav, then for each page Page(None, file, config) when it "
        "is not in the nav and has none, then _populate_page",
        lambda: _in_order(
            build.build, "on_nav(", "file.inclusion.is_not_in_nav()", "Page(None, file, config)", "_populate_page("
        ),
    )
    try:
        _probe_render(need)
    except Exception as exc:
        problems.append(f"rendering a probe page with Page.render ({type(exc).__name__}: {exc})")
    return problems


def _parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def _in_order(function, *parts: str) -> bool:
    """Whether the function's source holds the parts, in that order."""
    source = inspect.getsource(function)
    places = [source.find(part) for part in parts]
    return -1 not in places and places == sorted(places)


def _probe_render(need) -> None:
    """Render a page as a build does and check what the cache reads and writes back on a page."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import TableOfContents

    with tempfile.TemporaryDirectory() as top:
        docs = os.path.join(top, "docs")
        os.mkdir(docs)
        config = MkDocsConfig(config_file_path=os.path.join(top, "mkdocs.yml"))
        config.load_dict(
            {
                "site_name": "probe",
                "docs_dir": docs,
                "use_directory_urls": False,
                "markdown_extensions": ["toc", "attr_list"],
            }
        )
        errors, _ = config.validate()
        need("MkDocsConfig: a minimal configuration validates", lambda: not errors)
        need("MkDocsConfig.config_file_path", lambda: config.config_file_path == os.path.join(top, "mkdocs.yml"))
        need("Theme.dirs and Theme.custom_dir", lambda: bool(config.theme.dirs) and config.theme.custom_dir is None)
        need("MkDocsConfig.markdown_extensions", lambda: "toc" in config.markdown_extensions)
        need("MkDocsConfig.mdx_configs", lambda: isinstance(config.mdx_configs, dict))
        probe = File("probe.md", docs, config.site_dir, config.use_directory_urls)
        other = File("other.md", docs, config.site_dir, config.use_directory_urls)
        files = Files([probe, other])
        need("File.src_uri and File.dest_uri", lambda: (probe.src_uri, probe.dest_uri) == ("probe.md", "probe.html"))
        need("Files.get_file_from_path: a File by its src_uri", lambda: files.get_file_from_path("other.md") is other)
        need("File.page (set by Page())", lambda: Page(None, other, config) is other.page)

        page = Page(None, probe, config)
        page.markdown = PROBE_MARKDOWN
        page.render(config, files)
        need("Page.content (set by Page.render)", lambda: '<h2 id="part">Part' in (page.content or ""))
        need("Page._title_from_render (set by Page.render)", lambda: page._title_from_render == "Probe title")
        need(
            "Page.toc (a TableOfContents, set by Page.render, deep-copied)",
            lambda: isinstance(page.toc, TableOfContents) and str(deepcopy(page.toc)) == str(page.toc) != "",
        )
        need(
            "Page.present_anchor_ids (a set of ids, set by Page.render)",
            lambda: isinstance(page.present_anchor_ids, set) and {"probe-title", "part"} <= page.present_anchor_ids,
        )
        need(
            "Page.links_to_anchors ({File: {anchor: link}}, set by Page.render unless logging at DEBUG)",
            lambda: page.links_to_anchors is None or page.links_to_anchors.get(other) == {"here": "other.md#here"},
        )
        need("Page.meta (a dict of the front matter)", lambda: isinstance(page.meta, dict))
        page.markdown = ""  # what a hit hands MkDocs to convert
        page.render(config, files)
        need("Page.render of empty Markdown", lambda: page.content == "")
        page._title_from_render = "Restored title"
        need("Page.title read from Page._title_from_render", lambda: page.title == "Restored title")
