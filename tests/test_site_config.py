"""mkdocs.yml: what MkDocs itself is told not to report is checked here instead."""

from __future__ import annotations

import yaml
from conftest import ROOT

DOCS = ROOT / "docs"
NOT_PAGES = ("includes/", "javascripts/")  # snippets and vendored READMEs (exclude_docs)


def _nav_paths(items) -> set[str]:
    found: set[str] = set()
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= _nav_paths(value)
        else:
            found.add(value)
    return found


def test_every_hand_written_page_is_in_the_nav():
    # validation.nav.omitted_files is "ignore" (the generated entry pages are all outside the nav
    # on purpose, and serve listed ~670 of them): a hand-written page left out is caught here.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["validation"]["nav"]["omitted_files"] == "ignore"
    nav = _nav_paths(config["nav"])
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    missing = sorted(p for p in pages if not p.startswith(NOT_PAGES) and p not in nav)
    assert not missing, f"hand-written pages outside the nav of mkdocs.yml: {missing}"


def test_the_nav_walker_sees_nested_sections():
    nav = [{"Home": "index.md"}, {"About": [{"Hosting": "about/hosting.md"}, "about/x.md"]}]
    assert _nav_paths(nav) == {"index.md", "about/hosting.md", "about/x.md"}
