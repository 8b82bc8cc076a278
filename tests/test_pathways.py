"""The printable pathways say what the data says: each red flag in the lane of its urgency, each
condition and located red flag under every region it is felt in. (Printing on one page is tested
with the other cards in test_cards.py.)"""

import re
from html import escape

from ptref.model.kinds import label_table
from ptref.site import card_renderer

LOCATIONS = label_table("conditions", "locations")


def _sections(html: str, pattern: str) -> dict[str, str]:
    """{key: the HTML of that section} for sections whose opening tag matches pattern (one group)."""
    found = {}
    for match in re.finditer(pattern, html):
        end = html.find("</section>", match.end())
        found[match.group(1)] = html[match.end() : end]
    return found


def test_every_red_flag_sits_in_the_lane_of_its_urgency(kb):
    html = card_renderer(kb).render("red-flag-pathway")
    lanes = _sections(html, r'<section class="ptref-lane ptref-urgency ptref-urgency--(\w+)">')
    assert list(lanes) == ["emergency", "urgent", "routine"]
    for flag in kb.all("red_flags"):
        link = f'href="../red-flags/{flag.id}.html"'
        holding = [u for u, body in lanes.items() if link in body]
        assert holding == [flag.data["urgency"]], (flag.id, holding)
        assert escape(flag.data["quick_action"]) in lanes[flag.data["urgency"]]
    for urgency, body in lanes.items():
        assert escape(kb.get("notices", f"urgency-{urgency}").data["text"]) in body


def test_flags_screened_with_vital_signs_are_marked(kb):
    html = card_renderer(kb).render("red-flag-pathway")
    for flag in kb.all("red_flags"):
        item = re.search(rf'<li><b><a href="../red-flags/{flag.id}.html">.*?</li>', html).group(0)
        assert ("(VS)" in item) == ("vital-signs" in flag.data.get("screen_with", [])), flag.id


def test_the_map_lists_each_entry_under_every_region_it_is_felt_in(kb):
    html = card_renderer(kb).render("pain-location-map")
    regions = {
        key: html[m.end() : html.find("</section>", m.end())]
        for key in LOCATIONS
        for m in [re.search(rf'<h3 id="where-{key}">', html)]
        if m
    }
    for kind, folder in (("conditions", "conditions"), ("red_flags", "red-flags")):
        for entry in kb.all(kind):
            link = f'href="../{folder}/{entry.id}.html"'
            expected = set(entry.data.get("locations", []))
            assert {k for k, body in regions.items() if link in body} == expected, entry.id
    # A region on the figure links to its list, and every listed region is on the figure or says where it is.
    for key in regions:
        if key != "diffuse":
            assert f'href="#where-{key}"' in html, key
    unplaced = [f for f in kb.all("red_flags") if "locations" not in f.data]
    anywhere = html[html.index("<b>Anywhere:</b>") :]
    assert all(f'href="../red-flags/{f.id}.html"' in anywhere for f in unplaced)


def test_data_text_in_a_pathway_is_escaped(kb):
    flag = kb.all("red_flags")[0]
    saved = flag.data["quick_screen"]
    flag.data["quick_screen"] = "<script>alert(1)</script>"
    try:
        html = card_renderer(kb).render("red-flag-pathway")
    finally:
        flag.data["quick_screen"] = saved
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_the_procedure_card_carries_every_ncci_pair_with_its_indicator_and_date(kb):
    from ptref.kinds.codes.page import NCCI_INDICATOR

    html = card_renderer(kb).render("procedure-coding-sheet")
    table = html[html.index("<h3>NCCI pairs</h3>") :]
    table = table[: table.index("</table>")]
    pairs = [
        (code, edge)
        for code in kb.all("codes")
        for edge in kb.links_from(code)
        if edge.relation.path[0] == "ncci_edits" and edge.relation.target_kind == "codes"
    ]
    assert pairs and table.count("<tr>") == len(pairs) + 1
    for code, edge in pairs:
        row = re.search(rf"<tr><td>{code.data['code']} \+ {edge.target.data['code']}</td>.*?</tr>", table)
        assert row, (code.id, edge.target.id)
        on = edge.target.data["code"] if edge.item["order_known"] else "Not confirmed"
        assert f"<td>{on}</td>" in row.group(0)
        assert escape(NCCI_INDICATOR[edge.item["modifier_indicator"]]) in row.group(0)
        assert str(edge.item["source_date"]) in row.group(0)
