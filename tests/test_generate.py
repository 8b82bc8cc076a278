"""`ptref generate OUT/` writes the generated pages as plain Markdown, the same files the site
build serves: no macro call is left for a generator to expand."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT

from ptref.model import changes
from ptref.model.kinds import PAGED
from ptref.site import generated_files, load, page_renderer

PTREF = Path(sys.executable).parent / "ptref"


def test_generate_writes_every_page_as_plain_markdown(generated_pages, kb):
    out = generated_pages
    for kind, info in PAGED.items():
        for entry_id in kb.entries[kind]:
            page = (out / info.url_dir / f"{entry_id}.md").read_text(encoding="utf-8")
            assert page.startswith("---\ntags:\n") and "\n# " in page, f"{kind}/{entry_id}"
    markdown = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    with_macros = [str(p.relative_to(out)) for p, text in markdown.items() if re.search(r"\{\{|\{%", text)]
    assert not with_macros, f"pages still holding template syntax: {with_macros[:5]}"
    assert (out / "data/knowledge-base.json").is_file() and (out / "cards/coding-cheat-sheet.md").is_file()


def test_generate_writes_what_the_site_build_serves(generated_pages):
    out = generated_pages
    # Loaded here, not the session's `kb`: pages name the ICD-10-CM edition that the last check
    # in this process used (ptref.model.icd.use_edition), and other tests check other data.
    for path, content in generated_files(load(DATA), changes.releases(ROOT / "releases")):
        if isinstance(content, bytes):  # the Anki deck
            assert (out / path).read_bytes() == content, path
        else:
            assert (out / path).read_text(encoding="utf-8") == content, path


def test_generate_refuses_bad_data_and_writes_nothing(minimal_copy, tmp_path):
    (minimal_copy / "references.yml").write_text("- id: x\n  citation: [unclosed\n", encoding="utf-8")
    out = tmp_path / "generated"
    result = subprocess.run(
        [str(PTREF), "generate", str(out), "--data", str(minimal_copy)], capture_output=True, text=True
    )
    assert result.returncode == 1 and "nothing written" in result.stderr
    assert not out.exists()


def test_a_large_kind_gets_its_index_split_over_pages(kb, monkeypatch):
    """At 100 times today's data an index page would pass 1 MB: a kind with more than
    INDEX_PAGE_SIZE entries is listed over several pages, each linking to the others."""
    from ptref.render import pages

    monkeypatch.setattr(pages, "INDEX_PAGE_SIZE", 5)
    split = dict(page_renderer(kb).index_pages("red_flags"))
    count = len(kb.entries["red_flags"])
    assert list(split) == ["index.md"] + [f"index-{n}.md" for n in range(2, -(-count // 5) + 1)]
    # The red-flag index lists each flag as a card (ptref/kinds/red_flags/page.py), one per flag.
    text = "".join(split.values())
    assert text.count('<li class="ptref-rf"') == count
    assert all(f'"{e.id}.html"' in text for e in kb.entries["red_flags"].values())
    assert "Pages: **1** · [2](index-2.md)" in split["index.md"]
    assert "# Red flags (page 2 of" in split["index-2.md"] and "[1](index.md) · **2**" in split["index-2.md"]
    assert all(text.count("## ") >= 1 for text in split.values()), "each page keeps its urgency headings"
