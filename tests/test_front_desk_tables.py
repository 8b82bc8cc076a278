"""Front-desk tables (issue 26): the code lookup and the NCCI pairs fit their viewport, with no
column cut off or out of reach, on a phone and a desktop."""

from __future__ import annotations

import pytest
from browser import browser, serve

from ptref.site import page_renderer

pytestmark = pytest.mark.slow  # drives a browser on the built site


def test_each_cpt_codes_ncci_pairs_are_one_table_row_each(kb):
    page = page_renderer(kb).entity("codes", "97140")
    section = page[page.index("## NCCI edit pairs") :]
    assert "| Pair | Modifier goes on | Modifier indicator | When a modifier is allowed | Checked (source) |" in section
    own = kb.get("codes", "97140").data.get("ncci_edits", [])
    named_by = [
        e for c in kb.entries["codes"].values() for e in c.data.get("ncci_edits", []) if e["column_2"] == "97140"
    ]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "97140" in line.split("|")[1]]
    assert len(rows) == len(own) + len(named_by) > 0


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_no_cell_of_the_lookup_or_the_ncci_table_is_cut_off(site, width, height):
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        for path, selector in [("codes/lookup.html", ".ptref-lookup td"), ("codes/97140.html", ".ptref-ncci td")]:
            page.goto(base + path)
            cells = page.locator(selector)
            assert cells.count() > 0, path
            content = page.eval_on_selector("article", "e => e.getBoundingClientRect().right")
            for n in range(min(cells.count(), 21)):  # the first rows, every column
                box = cells.nth(n).bounding_box()
                if box is None or box["width"] == 0:
                    continue  # an empty cell, hidden in the stacked layout
                assert box["x"] >= 0 and box["x"] + box["width"] <= min(width, content + 40), (path, n, box)
