"""Every worksheet, printed on Letter and A4, names itself at the top of every page (issue 25
item 6: a printed stack can be told apart), and none runs long."""

from __future__ import annotations

import io
import re

import pytest
from browser import browser, serve
from pypdf import PdfReader

pytestmark = pytest.mark.slow  # builds a site and drives a browser


def test_every_worksheet_names_itself_on_every_printed_page(site):
    sheets = sorted(p.name for p in (site / "study").glob("worksheet-*.html"))
    assert len(sheets) >= 10
    untitled = []
    with serve(site) as base, browser() as b:
        page = b.new_page()
        for sheet in sheets:
            page.goto(base + f"study/{sheet}", wait_until="load")
            name = re.sub(r"^Worksheet: ", "", page.inner_text("h1").strip(" ¶"))
            for paper in ("Letter", "A4"):
                texts = [p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format=paper))).pages]
                # questions, then the key; 20 questions with reasons in the key run to about 9
                # pages (test_study.py holds the red-flag sheet to 8: not 13 pages of one template)
                assert 2 <= len(texts) <= 10, (sheet, paper, len(texts))
                untitled += [(sheet, paper, i) for i, t in enumerate(texts) if name not in t.splitlines()[0]]
    assert not untitled, untitled
