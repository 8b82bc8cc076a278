"""The study bank reads as US English (item review round 12, class 3): its candidates sit the US
NPTE. Every text the bank shows passes through ptref/study/spelling.py, driven by the word map
ptref/study/us_english.yml; the site's own pages keep UK spelling."""

from __future__ import annotations

import functools
import re

import pytest
import yaml

from ptref.render.text import esc
from ptref.study.bank import bank_json, groups
from ptref.study.spelling import MAP_FILE, kept_names, uk_forms, us_english

BARE_CELSIUS = re.compile(r"(?<!°F \()(?<![\d.])\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s?°C")
BARE_KG = re.compile(r"(?<!lb \()(?<![\d.])\d+(?:\.\d+)?\s?kg\b(?!/)")


@pytest.fixture(scope="module")
def keep(kb):
    return kept_names(r.data for r in kb.all("references"))


@functools.cache
def _names(keep: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in sorted(keep, key=len, reverse=True)) or "(?!)")


def uk_left(text: str, keep: frozenset[str]) -> list[str]:
    """The UK forms (outside a kept name) and the bare °C or kg figures left in a text."""
    kept = [m.span() for m in _names(keep).finditer(text)] if uk_forms().search(text) else []
    found = [m.group(0) for m in uk_forms().finditer(text) if not any(a <= m.start() and m.end() <= b for a, b in kept)]
    return found + BARE_CELSIUS.findall(text) + BARE_KG.findall(text)


def _without_ids(page: str) -> str:
    """A study page without what is no text to read: question ids, which stay the same in every
    build ("rf-next:pancoast-tumour:4": the browser's saved progress and the Anki cards are keyed
    by them), the JSON keys, and the paths of links."""
    page = re.sub(r'"[\w:=+.-]+"\s*:', ":", page)
    page = re.sub(r'"[\w-]+(?::[\w=+.-]+)+"', '""', page)
    return re.sub(r"[\w./-]+\.(?:md|html)\b", "", page)


def _texts(doc: dict) -> list[str]:
    out = [t["title"] for t in doc["topics"]]
    for c in doc["cases"]:
        out += [c["title"], c["presentation"], *c["history"], *c["findings"]]
    for q in doc["questions"]:
        out += [q["stem"], q["explanation"], q["link_text"], q["case"] or "", *q["choices"], *q["reasons"]]
    return out


def test_the_check_finds_uk_spelling_and_bare_metric_units(keep):
    """The failing fixture: a text as the data writes it is caught, the same text after the pass is not."""
    raw = (
        "Oesophageal disease or cardiac ischaemia? Temperature 38.6 °C, he has lost 4 kg, and his "
        "mobilisation programme in the last fortnight was muddled; paracetamol did not help."
    )
    assert set(uk_left(raw, keep)) >= {"Oesophageal", "ischaemia", "mobilisation", "programme", "38.6 °C", "4 kg"}
    shown = us_english(raw, keep)
    assert uk_left(shown, keep) == [], shown
    assert shown == (
        "Esophageal disease or cardiac ischemia? Temperature 101.5 °F (38.6 °C), he has lost 9 lb (4 kg), "
        "and his mobilization program in the past 2 weeks was confused; acetaminophen did not help."
    )


def test_the_published_bank_has_no_uk_word_of_the_map_and_no_bare_celsius_or_kg(kb, keep):
    doc = bank_json(kb)
    left = {(t[:80], w) for t in _texts(doc) for w in uk_left(t, keep)}
    assert not left, sorted(left)[:20]
    assert sum("°F (" in t for t in _texts(doc)) >= 19  # the review counted 19 items with a temperature


def test_the_study_pages_and_worksheets_read_as_us_english(kb, keep, generated_pages):
    """The practice pages, worksheets, timed block and index (case text included), not only the
    JSON; as `ptref generate` writes them (conftest `generated_pages`)."""
    pages = {
        str(path.relative_to(generated_pages)): path.read_text(encoding="utf-8")
        for path in (generated_pages / "study").rglob("*.md")
    }
    assert len(pages) > 10
    for path, text in pages.items():
        shown = _without_ids(text)
        assert uk_left(shown, keep) == [], (path, uk_left(shown, keep)[:5])
    notice = kb.get("notices", "study-us-english").data["text"]
    assert esc(notice) in pages["study/index.md"]


def test_the_site_pages_keep_the_data_wording(kb):
    """Only the study output changes: a case's own entry keeps its UK wording, the study page's copy does not."""
    case = kb.get("cases", "band-pain-then-heavy-legs")
    shown = next(g.case for g in groups(kb) if g.case is not None and g.case.id == case.id)
    assert "removals worker" in case.data["presentation"]
    assert "removals worker" not in shown.data["presentation"] and "professional mover" in shown.data["presentation"]


def test_names_and_cited_titles_are_left_alone(kb, keep):
    """The map's keep list and every reference's short name and citation pass through unchanged,
    although some of them hold a UK form the map respells."""
    own = yaml.safe_load(MAP_FILE.read_text(encoding="utf-8"))["keep"]
    for name in [*own, *keep]:
        sentence = f"As {name} says, it fits."
        assert us_english(sentence, keep) == sentence, name
    guarded = [name for name in keep if uk_forms().search(name)]
    assert guarded, "no reference holds a UK form: the keep guard is untested"
    assert all(us_english(name) != name for name in guarded)  # without the guard they would change


@pytest.mark.parametrize(
    "text",
    [
        "He is a specialist in analysis of the vertebrae and scapulae.",  # -ist, -ysis, Latin plurals
        "Kroenke 2003 (PHQ-2); modifier GP on every line; BMI 31 kg/m2.",  # names, the GP modifier, a ratio
        "Pain around the chest, toward the front, in the center.",  # already US
        "Temperature 101.5 °F (38.6 °C); lost 9 lb (4 kg).",  # already converted
        "Round to the nearest unit.",
    ],
)
def test_the_pass_leaves_alone_what_is_not_uk(text):
    assert us_english(text) == text


@pytest.mark.parametrize(
    ("uk", "us"),
    [
        ("Oesophageal", "Esophageal"),
        ("OESOPHAGUS", "ESOPHAGUS"),
        ("Mobilisation and mobilised", "Mobilization and mobilized"),
        ("obstetrics-gynaecology", "obstetrics-gynecology"),
        ("Notalgia paraesthetica", "Notalgia paresthetica"),
        ("a 3-metre fall", "a 3-meter fall"),
        ("Pancoast tumour", "Pancoast tumor"),
        ("pain round to the front", "pain around to the front"),
        ("at 37.5-38 °C", "at 99.5-100.4 °F (37.5-38 °C)"),
        ("about 30 km/h", "about 19 mph (30 km/h)"),
        # item review round 17: UK idioms and lay words for signs
        ("A 70-year-old man attends for exercises", "A 70-year-old man comes in for exercises"),
        ("burning on passing urine", "burning on urination"),
        ("he could not pass urine", "he could not urinate"),
        ("Leg power is 5/5", "Leg strength is 5/5"),
        ("a torn gullet", "a torn esophagus"),
        ("clumsy when she does up buttons", "clumsy when she fastens buttons"),
        ("on prednisolone", "on prednisolone"),
    ],
)
def test_the_pass_respells_word_families_keeping_case(uk, us):
    assert us_english(uk) == us


def test_the_word_map_is_well_formed_and_its_us_side_is_final():
    """Every row: uk and us, and only the keys the pass reads; no US form holds a UK form of the
    map (the pass gives the same text when run twice)."""
    rows = yaml.safe_load(MAP_FILE.read_text(encoding="utf-8"))["words"]
    seen = set()
    for row in rows:
        assert set(row) <= {"uk", "us", "start", "endings"} and {"uk", "us"} <= set(row), row
        assert row["uk"] != row["us"] and row["uk"].lower() not in seen, row
        seen.add(row["uk"].lower())
        assert not uk_forms().search(row["us"]), row


@pytest.mark.parametrize(
    ("uk", "us"),
    [
        ("he believes any strain will 'slip a disc', and", 'he believes any strain will "slip a disc," and'),
        ("her spine is 'crumbling'. Light pressure", 'her spine is "crumbling." Light pressure'),
        ("a hand's breadth, 'like wearing gloves', worse", 'a hand\'s breadth, "like wearing gloves," worse'),
        ("the patients' own rating", "the patients' own rating"),  # a plural possessive is no quotation
    ],
)
def test_single_quotation_marks_become_us_double_ones(uk, us):
    """Round 18, #4: the study bank quotes in US style, a comma or full stop inside the marks."""
    assert us_english(uk) == us
