"""Optional MkDocs hook (the second line under `hooks:` in mkdocs.yml): under `mkdocs serve`,
pages whose Markdown, theme and neighbours have not changed reuse their HTML from the previous
rebuild instead of being converted again (render_cache.py says what it keys on and why). Under
`mkdocs build` too, unchanged pages' HTML and search entries come from the previous build,
kept on disk in ptref's cache folder (page_store.py; `PTREF_NO_CACHE=1` turns that off).
A `mkdocs build` that can find none of its pages there (the first, or one after ptref,
mkdocs.yml or a package changed) has them converted ahead by up to 4 worker processes, one
per core, then builds as always and finds them stored (render_cache.RenderCache.convert_ahead).

It also has serve look for saved files every 0.1 s instead of every 0.5 s (on_serve).

Delete its line in mkdocs.yml and every build converts every page, and serve does at every
rebuild. The main hook (hooks.py) knows nothing of it. MkDocs loads this file afresh for
every rebuild, so the cache lives in `state`."""

from __future__ import annotations

import logging

from mkdocs.plugins import event_priority

from ptref.mkdocs_glue import state
from ptref.mkdocs_glue.page_store import FILE_NAME as STORE_FILE
from ptref.mkdocs_glue.page_store import PageStore
from ptref.mkdocs_glue.render_cache import RenderCache, file_text
from ptref.model import cache

log = logging.getLogger("mkdocs.hooks.ptref")


def on_startup(command, dirty):
    # Called once per process: `mkdocs serve` keeps the cache across its rebuilds. A cache that
    # finds an MkDocs internal it relies on missing has logged why and is left out: serve still
    # works, converting every page at every rebuild. Both commands keep each page's HTML and
    # search entries on disk for the next process (page_store.py; not with PTREF_NO_CACHE=1).
    if command not in ("serve", "build"):
        state.render_cache = None
        return
    store = PageStore(cache.cache_dir() / STORE_FILE) if cache.enabled() else None
    if command == "build" and store is None:  # nothing to reuse within one build
        state.render_cache = None
        return
    found = RenderCache(store=store, reuse_outputs=command == "serve", ahead=command == "build" and not dirty)
    state.render_cache = found if found.enabled else None


POLL_SECONDS = 0.1


def on_serve(server, config, builder):
    """`mkdocs serve` finds a saved file by looking at every watched file's size and time every
    0.5 s (watchdog's polling observer): on average a quarter of a second, at worst half a second,
    before the rebuild even starts. Every 0.1 s here; one look at all the watched folders (docs/,
    data/, ptref/, macros/: about 350 files) takes about 3 ms. The folders watched before this
    hook runs (docs/, mkdocs.yml) and those after (mkdocs.yml's `watch:`) all get the shorter
    interval. Relies on watchdog's `_timeout` (watchdog 7; tests/test_serve_poll.py): without it, serve keeps its own."""
    observer = getattr(server, "observer", None)
    for watcher in [observer, *getattr(observer, "emitters", ())]:
        if isinstance(getattr(watcher, "_timeout", None), (int, float)):
            watcher._timeout = min(watcher._timeout, POLL_SECONDS)
    return server


@event_priority(-100)  # after every other handler: the files are final
def on_nav(nav, config, files):
    if state.render_cache is not None:
        # Besides the page itself, its HTML depends on the config file (validation levels,
        # use_directory_urls), the installed Markdown extensions' versions and ptref's own code.
        setting = cache.setting_digest(file_text(config.config_file_path))
        state.render_cache.start_build(config.markdown_extensions, config.mdx_configs, files, nav, setting)
        state.render_cache.attach_search(config.plugins)
        state.render_cache.convert_ahead(config, files)  # `mkdocs build` with no page stored only
    return nav


@event_priority(-100)  # last (after the main hook's -90): the key is the Markdown MkDocs will convert
def on_page_markdown(markdown, page, config, files):
    if state.render_cache is None:
        return markdown
    return state.render_cache.markdown_to_render(page, markdown)


@event_priority(100)  # first: other plugins see the restored HTML, as they would a converted one
def on_page_content(html, page, config, files):
    if state.render_cache is None:
        return html
    return state.render_cache.content(page, html, files)


@event_priority(-100)  # after the tags plugin has filled its listings in: page contents are final
def on_env(env, config, files):
    if state.render_cache is not None:
        state.render_cache.choose_templates(env, config, files)
    return env


@event_priority(-100)  # last (after the main hook's -90, which links the kind tag)
def on_page_context(context, page, config, nav):
    if state.render_cache is None:
        return context
    return state.render_cache.page_context(context, page)


@event_priority(100)  # first: the template's own output
def on_post_page(output, page, config):
    if state.render_cache is None:
        return output
    return state.render_cache.post_page(output, page)


def on_post_build(config):
    found = state.render_cache
    if found is not None:
        found.finish()
        log.info(
            f"Pages converted ahead by worker processes: {found.ahead}; converted: {found.misses}; "
            f"reused unchanged (or converted ahead): {found.hits}; "
            f"of those, whole pages reused: {found.outputs_reused}; search entries reused: {found.search_reused}"
        )


def on_build_error(error):
    """A failed build stores nothing and stops listening to MkDocs' log (finish() never ran)."""
    found = state.render_cache
    if found is not None:
        found.abandon()
