"""Codes agree with the official ICD-10-CM data and with a timed/untimed table kept here."""

from __future__ import annotations

import json

import pytest
from site_pages import article, page_path

from ptref.model import icd

# Timed (billed per 15 minutes) or untimed (one unit per session), kept apart from data/ so a
# wrong edit to codes.yml is caught. Source: ../shared/research/coding-and-billing-facts.md §3.1
# (CMS Pub 100-04 ch. 5 §20.2 and the MAC and AOTA pages cited there; 97116 from the CMS worked
# example 4 in §3.2, where it counts towards timed minutes), checked 2026-11.
# Checked by the project, 2026-11: 97150 (group therapy) is reported once per session whatever
# the time (AMA CPT Assistant Aug 2006 as quoted on AAPC forums; healthnetworksolutions.net
# CPT 97150); 20560/20561 (dry needling) are defined by number of muscles, not minutes (APTA,
# "Compliance Matters: physician fee schedule coding updates", Feb 2020).
TIMED = {
    "97161": False,
    "97162": False,
    "97163": False,
    "97164": False,
    "97110": True,
    "97112": True,
    "97116": True,
    "97140": True,
    "97530": True,
    "97032": True,
    "97035": True,
    "97010": False,
    "97014": False,
    "G0283": False,
    "97150": False,
    "20560": False,
    "20561": False,
}


def _codes(kb, system=None):
    return [e for e in kb.entries["codes"].values() if system is None or e.data["system"] == system]


def test_every_icd10cm_code_exists_with_its_official_title(kb):
    wrong = [
        f"{c.data['code']}: {c.data['title']!r} != {icd.title(c.data['code'])!r}"
        for c in _codes(kb, "icd10cm")
        if not icd.exists(c.data["code"]) or c.data["title"] != icd.title(c.data["code"])
    ]
    assert not wrong, "\n".join(wrong)


def test_exported_reportable_flags_agree_with_the_official_data(site, kb):
    doc = json.loads((site / "data/knowledge-base.json").read_text(encoding="utf-8"))
    for code in doc["codes"]:
        if code["system"] == "icd10cm":
            assert code["reportable"] == icd.is_reportable(code["code"]), code["code"]


@pytest.mark.parametrize(
    "code, reportable",
    [
        ("M54.6", True),
        ("M40", False),
        ("M41", False),
        ("M51", False),
        ("M54.1", False),
        ("M79.1", False),
        ("S29.012", False),
        ("S29.012D", True),
        ("S23.3XXD", True),
        ("M80.08XD", True),
    ],
)
def test_reportable_means_a_leaf_with_its_seventh_character(code, reportable):
    assert icd.is_reportable(code) is reportable


def test_every_cpt_and_hcpcs_code_states_timed_as_in_the_reference_table(kb):
    problems = []
    for c in _codes(kb):
        if c.data["system"] not in ("cpt", "hcpcs"):
            continue
        code = c.data["code"]
        if code not in TIMED:
            problems.append(f"{code}: not in tests/test_codes.py TIMED; add it with its source")
        elif c.data["timed"] is not TIMED[code]:
            problems.append(f"{code}: data says timed={c.data['timed']}, reference table says {TIMED[code]}")
    assert not problems, "\n".join(problems)


def test_every_page_showing_a_cpt_code_names_the_ama(site, kb):
    cpt_links = {f"codes/{c.id}.html" for c in _codes(kb, "cpt")}
    missing = []
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        shows_cpt = any(link in html for link in cpt_links) or path.relative_to(site).as_posix() in cpt_links
        if shows_cpt and not ("American Medical Association" in html and "trademark" in html):
            missing.append(str(path.relative_to(site)))
    assert not missing, f"pages showing CPT codes without the AMA notice: {missing}"


def test_cpt_code_pages_carry_the_notice_in_their_content(site, kb):
    for c in _codes(kb, "cpt"):
        body = article(page_path(site, "codes", c.id).read_text(encoding="utf-8"))
        notice = body.split('class="admonition info"', 1)[-1]
        assert (
            'class="admonition info"' in body and "registered trademark of the American Medical Association" in notice
        ), c.id
