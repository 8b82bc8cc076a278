"""Links that only study items use (a vignette's wrong choices, a red flag's mimic and the flags it
is confused with: schema `"x-shown": false`) are checked like any link but listed on no page:
a condition page must not gain a "Conditions" list of the vignettes that offer it as a wrong
choice. Every other relation shows on both ends (tests/test_site.py)."""

from __future__ import annotations

import re

from ptref.model.kinds import KINDS
from ptref.model.schema import relations
from ptref.site import page_renderer

STUDY_ONLY = {
    ("conditions", "vignettes"),
    ("interventions", "vignettes"),
    ("conditions", "codes"),  # codes[].study_choices: an icd-pick item's wrong codes
    ("red_flags", "study_vignettes"),
    ("red_flags", "study_confusions"),
    ("red_flags", "study_produces"),  # the syndromes a cause flag produces, kept apart in which-flag options
    ("assessments", "study_outcome"),  # an outcome item's wrong measures
    ("contraindications", "study_spared"),  # the treatments a ci-rules-out item offers as left open
    ("contraindications", "study_care"),  # how a precaution changes one treatment, for a ci-finding reason
    ("contraindications", "study_why_for"),  # the mechanism for one treatment, for a ci-finding key's reason
    ("contraindications", "study_not_keyed_for"),  # treatments a ci-finding item never keys it for
}


def _section_links(page: str) -> dict[str, set[str]]:
    """Each '## heading' of a page's Markdown -> the entry pages it links to."""
    out: dict[str, set[str]] = {}
    for block in re.split(r"^## ", page, flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        out[heading.strip()] = set(re.findall(r"\]\(\.\./([a-z-]+/[a-z0-9-]+)\.md", body))
    return out


def test_the_study_only_fields_are_the_ones_declared():
    declared = {(r.source_kind, r.path[0]) for r in relations() if not r.shown}
    assert declared == STUDY_ONLY


def test_study_only_links_show_on_neither_end(kb):
    pages = page_renderer(kb)
    shown_pairs = set()  # (page, linked page) that a shown relation explains
    for rel in relations():
        if rel.shown:
            for source in kb.entries[rel.source_kind].values():
                for _, target_id in rel.targets(source.data):
                    shown_pairs.add(
                        (
                            f"{KINDS[rel.source_kind].url_dir}/{source.id}",
                            f"{KINDS[rel.target_kind].url_dir}/{target_id}",
                        )
                    )
    checked = 0
    for rel in relations():
        if rel.shown:
            continue
        for source in kb.entries[rel.source_kind].values():
            source_page = f"{KINDS[rel.source_kind].url_dir}/{source.id}"
            for _, target_id in rel.targets(source.data):
                target_page = f"{KINDS[rel.target_kind].url_dir}/{target_id}"
                if (target_page, source_page) in shown_pairs or (source_page, target_page) in shown_pairs:
                    continue
                sections = _section_links(pages.entity(rel.target_kind, target_id))
                listed = sections.get(rel.reverse_label, set())
                assert source_page not in listed, f"{target_page} lists {source_page} under {rel.reverse_label!r}"
                checked += 1
    assert checked > 50  # the data has study-only links that no shown relation also makes
