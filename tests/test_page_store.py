"""The rendered-pages store (ptref/mkdocs_glue/page_store.py): `mkdocs build` reuses each
unchanged page's HTML and search entries from the build before, writes what a build without it
writes, and converts again every page whose Markdown, address, files, config file or installed
versions changed, or whose conversion logged a warning. A first build has worker processes
convert its pages ahead and writes what a build without the store writes."""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading

import pytest
from conftest import DATA, ROOT
from mkdocs.exceptions import Abort

from ptref.mkdocs_glue import render_cache, state
from ptref.mkdocs_glue.page_store import FILE_NAME, PageStore

pytestmark = pytest.mark.slow  # every test builds a small MkDocs site (left out by ./dev test --fast)

HOOK = ROOT / "ptref/mkdocs_glue/serve_cache.py"

CONFIG = """site_name: probe
use_directory_urls: false
strict: true
theme:
  name: material
  font: false
plugins:
  - search
hooks:
  - {hook}
markdown_extensions:
  - toc:
      permalink: {permalink}
"""


def _build(config_file, site_dir, command="build"):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return state.render_cache


def _files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _same(one, two):
    got, want = _files(one), _files(two)
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p] and not p.endswith(".gz")] == []


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [the other page](other.md#part).\n", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## Part\n\nText.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG.format(hook=HOOK, permalink="true"), encoding="utf-8")
    yield tmp_path
    state.render_cache = None


def test_a_second_build_reuses_every_page_and_writes_the_same_files(project):
    first = _build(project / "mkdocs.yml", project / "one")
    assert first.ahead == 0  # too few pages to start worker processes for
    assert (first.hits, first.misses, first.search_reused) == (0, 2, 0)
    assert first.store.written == 4  # two pages' HTML and their search entries
    second = _build(project / "mkdocs.yml", project / "two")
    assert (second.hits, second.misses, second.search_reused) == (2, 0, 2)
    _same(project / "one", project / "two")
    assert "search_index.json" in str(sorted(_files(project / "two")))


def test_an_edited_page_and_a_changed_config_are_converted_again(project):
    _build(project / "mkdocs.yml", project / "one")
    (project / "docs/other.md").write_text("# Other\n\n## Part\n\nChanged text.\n", encoding="utf-8")
    cache = _build(project / "mkdocs.yml", project / "two")
    assert (cache.hits, cache.misses) == (1, 1)
    assert "Changed text." in (project / "two/other.html").read_text(encoding="utf-8")
    # A Markdown setting in mkdocs.yml: every page again (the permalinks go).
    (project / "mkdocs.yml").write_text(CONFIG.format(hook=HOOK, permalink="false"), encoding="utf-8")
    cache = _build(project / "mkdocs.yml", project / "three")
    assert (cache.hits, cache.misses) == (0, 2)
    assert "headerlink" not in (project / "three/other.html").read_text(encoding="utf-8")
    # A new file: links may resolve differently, so every page again.
    (project / "docs/third.md").write_text("# Third\n", encoding="utf-8")
    cache = _build(project / "mkdocs.yml", project / "four")
    assert (cache.hits, cache.misses) == (0, 3)


def test_installed_versions_and_ptref_code_are_in_the_key(project, monkeypatch):
    from ptref.model import cache as ptref_cache

    _build(project / "mkdocs.yml", project / "one")
    monkeypatch.setattr(ptref_cache, "code_digest", lambda: "another version")
    cache = _build(project / "mkdocs.yml", project / "two")
    assert (cache.hits, cache.misses, cache.search_reused) == (0, 2, 0)


def test_a_page_whose_conversion_warned_fails_every_strict_build(project, caplog):
    (project / "docs/index.md").write_text("# Home\n\n[gone](missing.md)\n", encoding="utf-8")
    for site in ("one", "two"):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"), pytest.raises(Abort):
            _build(project / "mkdocs.yml", project / site)
        assert any("missing.md" in r.getMessage() for r in caplog.records), f"build {site} did not warn"
        # the failed build stopped counting MkDocs' log records (no handler left behind)
        assert state.render_cache._logged not in logging.getLogger("mkdocs").handlers
    # The page that warned was converted again; the other one came from the store.
    assert (state.render_cache.misses, state.render_cache.hits) == (1, 1)


def test_a_quiet_build_stores_nothing_so_a_later_strict_build_still_fails(project, caplog):
    """--quiet sets MkDocs' logger to ERROR, so a page's warning is never seen; had that build
    stored the page, the next strict build would read it back and pass over the broken link."""
    (project / "docs/index.md").write_text("# Home\n\n[gone](missing.md)\n", encoding="utf-8")
    logger = logging.getLogger("mkdocs")
    before = logger.level
    logger.setLevel(logging.ERROR)
    try:
        quiet = _build(project / "mkdocs.yml", project / "one")  # strict sees no warning here
    finally:
        logger.setLevel(before)
    assert quiet.store.written == 2  # search entries only: no page's HTML
    with caplog.at_level(logging.INFO, logger="mkdocs"), pytest.raises(Abort):
        _build(project / "mkdocs.yml", project / "two")


def test_a_stored_page_still_has_its_links_to_anchors_checked(project, caplog):
    # As in the site's mkdocs.yml: a link to a missing anchor is a warning (MkDocs' default: info).
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "validation:\n  links:\n    anchors: warn\n", encoding="utf-8")
    _build(project / "mkdocs.yml", project / "one")
    (project / "docs/other.md").write_text("# Other\n\nNo part any more.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs"), pytest.raises(Abort):
        _build(project / "mkdocs.yml", project / "two")
    assert state.render_cache.hits == 1  # index.md came from the store, and its #part link failed
    assert any("#part" in r.getMessage() for r in caplog.records)


def _ahead(monkeypatch, workers=2):
    """Worker processes for these two pages, on any machine (render_cache.convert_ahead)."""
    monkeypatch.setattr(render_cache, "AHEAD_MIN_PAGES", 1)
    monkeypatch.setattr(render_cache, "ahead_workers", lambda: workers)


def test_a_first_build_converts_its_pages_ahead_and_writes_what_a_build_without_the_store_does(project, monkeypatch):
    _ahead(monkeypatch)
    first = _build(project / "mkdocs.yml", project / "one")
    assert first.ahead == 2  # both pages converted in worker processes
    assert first.store.prefilled == 4  # their HTML and their search entries
    # MkDocs' own loop then found all of it stored, under the keys it computed itself.
    assert (first.hits, first.misses, first.search_reused) == (2, 0, 2)
    second = _build(project / "mkdocs.yml", project / "two")
    assert second.ahead == 0, "the store has seen a build of these settings: no workers"
    assert (second.hits, second.misses, second.search_reused) == (2, 0, 2)
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    assert _build(project / "mkdocs.yml", project / "fresh") is None
    _same(project / "one", project / "fresh")
    _same(project / "two", project / "fresh")


def test_a_page_that_warned_in_a_worker_still_fails_the_strict_build(project, monkeypatch, caplog):
    _ahead(monkeypatch)
    (project / "docs/index.md").write_text("# Home\n\n[gone](missing.md)\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs"), pytest.raises(Abort):
        _build(project / "mkdocs.yml", project / "one")
    assert any("missing.md" in r.getMessage() for r in caplog.records), "the build did not warn"
    cache = state.render_cache
    # The worker's page that warned was not stored: the build converted it (and warned) itself.
    assert (cache.ahead, cache.hits, cache.misses) == (1, 1, 1)


def test_serve_and_a_build_without_the_store_never_start_workers(project, monkeypatch):
    _ahead(monkeypatch)
    served = _build(project / "mkdocs.yml", project / "one", command="serve")
    assert served.ahead == 0 and served.misses == 2
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    assert _build(project / "mkdocs.yml", project / "two") is None


def test_no_workers_while_another_thread_runs(project, monkeypatch):
    _ahead(monkeypatch)
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        cache = _build(project / "mkdocs.yml", project / "one")
    finally:
        done.set()
        other.join()
    assert (cache.ahead, cache.misses) == (0, 2)


def _crash(uris):
    os._exit(3)  # a worker that dies


def test_a_failed_worker_leaves_its_pages_to_the_build(project, monkeypatch):
    _ahead(monkeypatch)
    monkeypatch.setattr(render_cache, "_convert_share", _crash)
    cache = _build(project / "mkdocs.yml", project / "one")
    assert (cache.ahead, cache.store.prefilled, cache.hits, cache.misses) == (0, 0, 0, 2)
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    _build(project / "mkdocs.yml", project / "fresh")
    _same(project / "one", project / "fresh")


def test_no_store_with_the_cache_turned_off(project, monkeypatch):
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    assert _build(project / "mkdocs.yml", project / "one") is None
    assert not (project / "cache" / FILE_NAME).exists()


def test_a_damaged_store_is_ignored(project, monkeypatch):
    _ahead(monkeypatch)
    (project / "cache").mkdir()
    (project / "cache" / FILE_NAME).write_bytes(b"not a database" * 100)
    cache = _build(project / "mkdocs.yml", project / "one")
    assert cache.misses == 2
    assert cache.ahead == 0  # no workers: nothing they made could be kept
    assert (project / "one/other.html").is_file()


def test_the_store_holds_one_builds_rows(tmp_path):
    store = PageStore(tmp_path / "s.sqlite")
    store.start()
    store.put("a", {"x": 1})
    store.put("b", [2])
    store.save()
    store.start()
    assert store.get("a") == {"x": 1} and store.get("missing") is None
    store.save()  # "b" was not used by this build: dropped
    store.start()
    assert store.get("b") is None and store.get("a") == {"x": 1}
    store.close()


@pytest.mark.slow
def test_a_build_after_a_data_edit_equals_a_build_without_the_store(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    monkeypatch.setenv("PTREF_DATA", str(data))
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        monkeypatch.setattr(render_cache, "ahead_workers", lambda: 2)  # on a one-core machine too
        first = _build(ROOT / "mkdocs.yml", tmp_path / "first")
        # A first build: the pages were converted ahead by worker processes and found stored. That
        # it writes what a build without the store does is shown on a small project
        # (test_a_first_build_converts_its_pages_ahead_and_writes_what_a_build_without_the_store_does);
        # here the real data shows it for the build that reuses most pages, after an edit.
        assert first.ahead > 300 and first.hits > 300 and first.misses < 20
        conditions = data / "conditions.yml"
        text = conditions.read_text(encoding="utf-8")
        name = re.search(r"^  name: (.+)$", text, re.M).group(1)
        conditions.write_text(text.replace(f"  name: {name}", f"  name: {name} Renamed", 1), encoding="utf-8")
        second = _build(ROOT / "mkdocs.yml", tmp_path / "second")
        assert second.ahead == 0 and second.hits > 250 and 0 < second.misses < 100
        assert 0 < second.search_reused < second.hits + second.misses
        monkeypatch.setenv("PTREF_NO_CACHE", "1")
        assert _build(ROOT / "mkdocs.yml", tmp_path / "fresh") is None
        _same(tmp_path / "second", tmp_path / "fresh")
    finally:
        state.render_cache = None
