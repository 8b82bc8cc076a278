"""Serve's render cache: a rebuild that reuses unchanged pages writes what a fresh build writes;
the MkDocs internals it relies on are all there, and a cache missing one stays out of the way."""

from __future__ import annotations

import functools
import logging
import re
import shutil

import mkdocs.commands.build
import pytest
from conftest import DATA, ROOT
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ptref.mkdocs_glue import state
from ptref.mkdocs_glue.render_cache import RenderCache, missing_internals


def _build(site_dir, command=None):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    if command:  # serve calls on_startup for its first build only, as here
        config.plugins.on_startup(command=command, dirty=False)
    build(config)


def _files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def served_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    monkeypatch.setenv("PTREF_DATA", str(data))
    # A cache folder of its own: no page of the first build comes from another test's build
    # (page_store.py keeps pages between processes).
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    yield data
    state.render_cache = None


def _same_as_a_fresh_build(served, fresh):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PTREF_NO_CACHE", "1")  # every page converted (no page kept from a build before)
        _build(fresh, command="build")
    assert state.render_cache is None, "mkdocs build with the cache turned off must not use it"
    got, want = _files(served), _files(fresh)
    assert sorted(got) == sorted(want)
    differ = [path for path in want if got[path] != want[path] and not path.endswith(".gz")]
    assert differ == [], f"{len(differ)} files differ from a fresh build, e.g. {differ[:5]}"


@pytest.mark.slow
def test_rebuilds_through_the_cache_after_a_rename_and_a_change_of_tags_equal_a_fresh_build(served_data, tmp_path):
    served = tmp_path / "served"
    _build(served, command="serve")
    first = state.render_cache
    assert first is not None and first.hits == 0 and first.misses > 300 and first.outputs_reused == 0

    conditions = served_data / "conditions.yml"
    text = conditions.read_text(encoding="utf-8")
    entry_id = re.search(r"^- id: (\S+)", text, re.M).group(1)
    name = re.search(r"^  name: (.+)$", text, re.M).group(1)
    conditions.write_text(text.replace(f"  name: {name}", f"  name: {name} Renamed", 1), encoding="utf-8")
    _build(served)  # a rebuild, as serve runs it: fresh config, same process, no on_startup
    cache = state.render_cache
    assert cache is first
    assert cache.hits > 250, "unchanged pages were converted again"
    # Converted again: the edited page and every page showing the name (its index, the pages that
    # link to it, its neighbours' previous/next links, tag pages): about 60 of 700, never all.
    assert 0 < cache.misses < 100, "the edited page and those showing its name must be converted again"
    assert cache.outputs_reused > 250, "unchanged pages went through the theme template again"
    assert cache.search_reused > 250, "unchanged pages were parsed for the search index again"
    assert f"{name} Renamed" in (served / f"conditions/{entry_id}.html").read_text(encoding="utf-8")
    # Another kind's entry page that links to the condition shows the new name: a cache of pages
    # keyed by their own entry only would keep the old one (and differ from the fresh build below).
    others = [
        p
        for p in served.glob("*/*.html")
        if p.parent.name not in ("conditions", "about", "study", "tools", "cards")
        and p.name != "index.html"
        and f"{name} Renamed" in p.read_text(encoding="utf-8")
    ]
    assert others, "no other entry's page shows the renamed condition"

    # A second save in the same serve session, this time of a tag (a red flag's urgency): the tags
    # page and the search index must follow it through the cache too. One fresh build of the data
    # with both edits is compared at the end (a page left stale by the first rebuild and not
    # converted by the second would differ there); a second serve session and a fresh build per
    # edit cost about 10 s of the suite for nothing more.
    red_flags = served_data / "red_flags.yml"
    text = red_flags.read_text(encoding="utf-8")
    assert "  urgency: urgent\n" in text
    red_flags.write_text(text.replace("  urgency: urgent\n", "  urgency: routine\n", 1), encoding="utf-8")
    _build(served)
    assert state.render_cache is first
    assert state.render_cache.outputs_reused > 200
    _same_as_a_fresh_build(served, tmp_path / "fresh")


# --- the MkDocs internals the cache relies on ----------------------------------------------------


def test_every_mkdocs_internal_the_cache_relies_on_is_there():
    """Fails on an MkDocs upgrade that drops or changes one: render_cache.py must be adapted (or
    the pin kept), or serve silently loses its cache."""
    problems = missing_internals()
    assert problems == [], "render_cache.py relies on MkDocs internals that are missing or changed:\n" + "\n".join(
        problems
    )


def _render_with_another_signature(monkeypatch):
    original = Page.render

    def render(self, config, files, *, extra=None):
        return original(self, config, files)

    monkeypatch.setattr(Page, "render", render)


def _render_without_title(monkeypatch):
    original = Page.render

    @functools.wraps(original)
    def render(self, config, files):
        original(self, config, files)
        del self._title_from_render

    monkeypatch.setattr(Page, "render", render)


def _build_page_without_meta_template(monkeypatch):
    def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        context = config.plugins.on_page_context({}, page=page, config=config, nav=nav)
        output = env.get_template("main.html").render(context)
        return config.plugins.on_post_page(output, page=page, config=config)

    monkeypatch.setattr(mkdocs.commands.build, "_build_page", _build_page)


def _content_event_before_render(monkeypatch):
    def _populate_page(page, config, files, dirty=False):
        page.read_source(config)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)

    monkeypatch.setattr(mkdocs.commands.build, "_populate_page", _populate_page)


BREAKAGES = {
    "Page.present_anchor_ids": lambda mp: mp.delattr(Page, "present_anchor_ids"),
    "Page.links_to_anchors": lambda mp: mp.delattr(Page, "links_to_anchors"),
    "Page.render(self, config, files)": _render_with_another_signature,
    "Page._title_from_render": _render_without_title,
    "Files.get_file_from_path": lambda mp: mp.delattr(Files, "get_file_from_path"),
    "page.meta['template']": _build_page_without_meta_template,
    "on_page_markdown, then Page.render, then on_page_content": _content_event_before_render,
}


@pytest.mark.parametrize("internal", sorted(BREAKAGES))
def test_the_check_names_an_internal_that_changed(internal, monkeypatch):
    BREAKAGES[internal](monkeypatch)
    problems = missing_internals()
    assert any(internal in problem for problem in problems), problems


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings_logged():
    logger = logging.getLogger("mkdocs.hooks.ptref")
    records = _Records()
    logger.addHandler(records)
    yield records.messages
    logger.removeHandler(records)
    state.render_cache = None


def test_a_cache_missing_an_internal_disables_itself(monkeypatch, warnings_logged):
    from ptref.mkdocs_glue import serve_cache as hooks  # imports the generator: here only, not for the checks above

    hooks.on_startup(command="serve", dirty=False)
    assert isinstance(state.render_cache, RenderCache) and state.render_cache.enabled
    assert warnings_logged == []

    monkeypatch.delattr(Page, "present_anchor_ids")
    cache = RenderCache()
    assert not cache.enabled and any("Page.present_anchor_ids" in p for p in cache.problems)
    assert len(warnings_logged) == 1 and "Page.present_anchor_ids" in warnings_logged[0]
    assert "render cache is disabled" in warnings_logged[0]
    # Everything passes through unchanged: MkDocs converts and templates every page itself.
    assert cache.markdown_to_render(page=None, markdown="# Text") == "# Text"
    assert cache.content(page=None, html="<p>x</p>", files=None) == "<p>x</p>"
    assert cache.post_page("<html>", page=None) == "<html>"
    cache.start_build([], {}, [], None)
    cache.choose_templates(env=None, config=None, files=None)

    hooks.on_startup(command="serve", dirty=False)
    assert state.render_cache is None, "serve must run without the cache"


@pytest.mark.slow
def test_serve_builds_the_site_without_the_cache_when_an_internal_changed(served_data, tmp_path, monkeypatch):
    _render_with_another_signature(monkeypatch)  # MkDocs itself still works with this one
    served = tmp_path / "served"
    _build(served, command="serve")
    assert state.render_cache is None
    assert (served / "conditions/index.html").is_file() and (served / "about/tags.html").is_file()


def test_the_serve_cache_is_one_optional_hook_that_one_line_of_mkdocs_yml_adds():
    """The main hook loads, checks and adds files; the cache is a hook file of its own."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert [line.split("#")[0].strip() for line in config if "serve_cache" in line] == [
        "- ptref/mkdocs_glue/serve_cache.py"
    ]
    main_hook = (ROOT / "ptref/mkdocs_glue/hooks.py").read_text(encoding="utf-8")
    assert "render_cache" not in main_hook and "serve_cache" not in main_hook.split('"""', 2)[2]
