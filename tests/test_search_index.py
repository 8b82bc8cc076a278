"""The search index leaves out answer keys, source lists and boilerplate notices
(ptref/render/search_index.py)."""

from __future__ import annotations

import json

from ptref.render.search_index import trim

NOTICES = [("CPT notice", "CPT® is a trademark of the AMA."), ("Not advice", "For education only.")]


def _doc(location, text="<p>words</p>", title="T"):
    return {"location": location, "title": title, "text": text}


def test_sources_cited_by_and_case_answers_are_left_out():
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            _doc("conditions/a.html"),
            _doc("conditions/a.html#sources"),
            _doc("conditions/a.html#sources_1"),
            _doc("references/x.html#cited-by"),
            _doc("cases/c.html#questions"),
            _doc("cases/c.html#history"),
            _doc("study/questions.html#questions"),
        ],
    }
    kept = [d["location"] for d in trim(index, NOTICES)["docs"]]
    assert kept == ["conditions/a.html", "cases/c.html#history", "study/questions.html#questions"]
    assert trim(index, NOTICES)["config"] == {"lang": ["en"]}


def test_worksheets_and_the_reference_list_are_found_by_title_only():
    index = {
        "config": {},
        "docs": [
            _doc("study/worksheet-red-flags.html", "<p>Q1</p> answer key <p>B</p>", "Worksheet: Red flags"),
            _doc("study/worksheet-red-flags.html#key"),
            _doc("references/index.html", "<ul><li>Abe 2008</li></ul>", "References"),
        ],
    }
    assert trim(index, NOTICES)["docs"] == [
        _doc("study/worksheet-red-flags.html", "", "Worksheet: Red flags"),
        _doc("references/index.html", "", "References"),
    ]


def test_notice_paragraphs_go_and_the_rest_of_the_text_stays():
    text = (
        "<p>Timed: billed in 15-minute units</p> <p>CPT notice</p> <p>CPT® is a trademark of the AMA.</p> "
        "<p>Sources: AMA</p> <p>Sources: kept, not after a notice</p> <p>Site. For education only.</p>"
    )
    (doc,) = trim({"config": {}, "docs": [_doc("codes/97140.html", text)]}, NOTICES)["docs"]
    assert doc["text"] == "<p>Timed: billed in 15-minute units</p> <p>Sources: kept, not after a notice</p>"


def test_the_built_index_has_no_answer_key_source_list_or_cpt_notice(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert (site / "search/search_index.js").read_text(encoding="utf-8") == "var __index = " + json.dumps(
        index, ensure_ascii=False, separators=(",", ":")
    ), "the file:// copy must be the trimmed index"
    locations = [d["location"] for d in index["docs"]]
    assert "codes/97140.html" in locations
    assert not [x for x in locations if x.endswith("#sources") or x.endswith("#cited-by")]
    assert not [x for x in locations if x.startswith("cases/") and x.endswith("#questions")]
    text = " ".join(d["text"] for d in index["docs"])
    assert ": answer key" not in text and "These are the cues of" not in text  # the worksheets' keys
    assert "registered trademark of the American Medical Association" not in text
