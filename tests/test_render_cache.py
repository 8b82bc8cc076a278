"""Serve's render cache: a rebuild that reuses unchanged pages writes what a fresh build writes."""

from __future__ import annotations

import logging
import re
import shutil

import pytest
from conftest import DATA, ROOT

from ptref.mkdocs_glue import state

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser


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
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    yield data
    state.render_cache = None


def _same_as_a_fresh_build(served, fresh):
    _build(fresh, command="build")
    assert state.render_cache is None, "mkdocs build must not use the cache"
    got, want = _files(served), _files(fresh)
    assert sorted(got) == sorted(want)
    differ = [path for path in want if got[path] != want[path] and not path.endswith(".gz")]
    assert differ == [], f"{len(differ)} files differ from a fresh build, e.g. {differ[:5]}"


def test_a_rebuild_through_the_cache_equals_a_fresh_build(served_data, tmp_path):
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
    assert 0 < cache.misses < 60, "the edited page and those showing its name must be converted again"
    assert cache.outputs_reused > 250, "unchanged pages went through the theme template again"
    assert f"{name} Renamed" in (served / f"conditions/{entry_id}.html").read_text(encoding="utf-8")
    _same_as_a_fresh_build(served, tmp_path / "fresh")


def test_a_change_of_tags_reaches_the_tags_page_and_search_through_the_cache(served_data, tmp_path):
    served = tmp_path / "served"
    _build(served, command="serve")
    red_flags = served_data / "red_flags.yml"
    text = red_flags.read_text(encoding="utf-8")
    assert "  urgency: urgent\n" in text
    red_flags.write_text(text.replace("  urgency: urgent\n", "  urgency: routine\n", 1), encoding="utf-8")
    _build(served)
    assert state.render_cache.outputs_reused > 200
    _same_as_a_fresh_build(served, tmp_path / "fresh")
