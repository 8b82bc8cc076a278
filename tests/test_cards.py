"""Every card prints on exactly one page of US Letter and of A4, shows all it should, in 8 pt or more."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from browser import browser, in_parallel, serve
from conftest import DATA, FIXTURES, benchmark_synth, build_site, world_readable_tmp
from pypdf import PdfReader

from ptref.model import dates
from ptref.model.kinds import label_table
from ptref.site import CARDS

PAPER = ["Letter", "A4"]
MIN_PX = 8 * 96 / 72  # 8 pt in CSS pixels


def _norm(text: str) -> str:
    # Lines may wrap after a hyphen ("same-" / "day"); PDF text keeps that break as a space.
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def expected_items(kb, slug: str) -> list[str]:
    """What each card is meant to show, taken from the data, as it should read in the PDF."""
    codes = kb.entries["codes"]
    if slug == "coding-cheat-sheet":
        items = [c.data["name"] for c in kb.all("conditions")]
        # A code that is never reported alone carries the partner mark between code and hint.
        items += [
            f"{codes[i['code']].data['code']}{' ⚭' if 'needs_partner' in codes[i['code']].data else ''} {i['hint']}"
            for c in kb.all("conditions")
            for i in c.data["codes"]
        ]
        items += [
            " + ".join(codes[i].data["code"] for i in g["codes"])
            for c in kb.all("conditions")
            for g in c.data.get("codes_together", [])
        ]
        edition = dates.in_force(kb.entries["editions"].values(), "icd10cm", dates.today())
        return items + ["A ", "D ", "S ", edition.data["name"], edition.data["valid_until"]]
    if slug == "procedure-coding-sheet":
        cpt = dates.in_force(kb.entries["editions"].values(), "cpt", dates.today())
        return [e.data["code"] for e in codes.values() if e.data["system"] != "icd10cm"] + [
            "8-22",
            "113-127",
            cpt.data["name"],
        ]
    if slug == "red-flag-pathway":
        return [t for f in kb.all("red_flags") for t in (f.data["name"], f.data["quick_action"])] + [
            kb.get("notices", f"urgency-{u}").data["text"] for u in ("emergency", "urgent", "routine")
        ]
    if slug == "pain-location-map":
        return [e.data["name"] for kind in ("conditions", "red_flags") for e in kb.all(kind)]
    if slug == "red-flag-screen":
        return [
            t for f in kb.all("red_flags") for t in (f.data["name"], f.data["quick_screen"], f.data["quick_action"])
        ]
    if slug == "exam-checklist":
        return [a.data["name"] for a in kb.all("assessments")]
    if slug == "contraindication-matrix":
        return [e.data["name"] for kind in ("interventions", "contraindications") for e in kb.all(kind)]
    if slug == "evaluation-and-units":
        evals = [e for e in codes.values() if "complexity" in e.data]
        return (
            [v for e in evals for v in e.data["complexity"].values()]
            + [e.data["code"] for e in codes.values() if "timed" in e.data]
            + ["8-22", "113-127"]
        )
    raise AssertionError(f"no expected items for the card {slug!r}: add them here")


SMALLEST_TEXT = """() => {
    let min = 1e9;
    const walker = document.createTreeWalker(document.querySelector('.ptref-card'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim()) continue;
        const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
        if (node.parentElement.offsetParent !== null || getComputedStyle(node.parentElement).display !== 'none')
            min = Math.min(min, size);
    }
    return min;
}"""


async def _print(b, url: str) -> dict:
    """One card printed on each paper ((page count, text) by paper), and its smallest text in
    CSS pixels under print media."""
    context = await b.new_context()
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="load")
        found: dict = {}
        for paper in PAPER:
            pdf = PdfReader(io.BytesIO(await page.pdf(format=paper)))
            found[paper] = (len(pdf.pages), _norm(" ".join(p.extract_text() for p in pdf.pages)))
        await page.emulate_media(media="print")
        found["smallest"] = await page.evaluate(SMALLEST_TEXT)
        return found
    finally:
        await context.close()


@pytest.fixture(scope="module")
def printed(site):
    """{slug: {paper: (page count, text), "smallest": px}} for every card, printed in Chromium,
    several cards at a time."""
    with serve(site) as base:
        found = in_parallel([f"{base}cards/{card.slug}.html" for card in CARDS], _print)
    return {card.slug: result for card, result in zip(CARDS, found, strict=True)}


@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("slug", [c.slug for c in CARDS])
def test_card_prints_on_exactly_one_page(printed, slug, paper):
    pages, _ = printed[slug][paper]
    assert pages == 1, f"{slug} prints on {pages} pages of {paper}"


@pytest.mark.parametrize("slug", [c.slug for c in CARDS])
def test_card_pdf_shows_everything_it_should_and_no_site_chrome(printed, kb, slug):
    _, text = printed[slug]["Letter"]
    missing = [item for item in expected_items(kb, slug) if _norm(item) not in text]
    assert not missing, f"{slug}: missing from the printed card: {missing[:10]}"
    card = next(c for c in CARDS if c.slug == slug)
    assert card.title in text and "Data reviewed" in text and "Sources:" in text
    for chrome in ("Table of contents", "Code lookup", "Print this card"):
        assert chrome not in text, f"{slug}: site chrome {chrome!r} printed"
    # The card's own foot says the not-advice notice once; the site's footer (the same words) stays off paper.
    not_advice = _norm(kb.get("notices", "not-advice").data["text"])
    assert text.count(not_advice) == 1, f"{slug}: the not-advice notice printed {text.count(not_advice)} times"


@pytest.mark.parametrize("slug", [c.slug for c in CARDS])
def test_card_text_is_at_least_8_pt_in_print(printed, slug):
    smallest = printed[slug]["smallest"]
    assert smallest >= MIN_PX - 0.01, f"{slug}: text at {smallest * 72 / 96:.1f} pt"


def test_matrix_marks_absolute_and_precaution_with_different_symbols(site, kb):
    html = (site / "cards/contraindication-matrix.html").read_text(encoding="utf-8")
    levels = {c.data["level"] for c in kb.entries["contraindications"].values()}
    # In the cells, not only in the legend, which names both symbols whatever the data says.
    if "absolute" in levels:
        assert "<td>■</td>" in html
    if "precaution" in levels:
        assert "<td>△</td>" in html


def test_cards_index_links_every_card(site):
    html = (site / "cards/index.html").read_text(encoding="utf-8")
    for card in CARDS:
        assert f'href="{card.slug}.html"' in html, card.slug


def test_every_card_has_a_print_button(site):
    for card in CARDS:
        html = (site / f"cards/{card.slug}.html").read_text(encoding="utf-8")
        assert "data-ptref-print" in html and "javascripts/print.js" in html, card.slug


@pytest.mark.slow
def test_a_card_changes_when_its_data_changes():
    data = world_readable_tmp("card-data")
    shutil.copytree(FIXTURES / "minimal", data)
    path = data / "red_flags.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + """
- id: night-sweats-and-fever
  name: Fever with night sweats
  ask_or_look_for:
    - Fever, sweats or feeling unwell with new back pain.
  suspected: Spinal infection.
  category: other
  urgency: emergency
  action: Send to the emergency department.
  quick_screen: Zebra fever with drenching night sweats
  quick_action: Emergency department for the zebra
  references: [finucane-2020]
  last_reviewed: 2026-11-27
""",
        encoding="utf-8",
    )
    dest = world_readable_tmp("card-site")
    result = build_site(dest, data)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(dest) as base, browser() as b:
        page = b.new_page()
        page.goto(f"{base}cards/red-flag-screen.html", wait_until="load")
        text = _norm(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
    assert "Zebra fever with drenching night sweats" in text
    assert "Emergency department for the zebra" in text
    assert (
        text.index(label_table("red_flags", "urgency")["emergency"])
        < text.index("Zebra")
        < text.index(label_table("red_flags", "urgency")["urgent"])
    )


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    """Two unrelated copies of today's data (the benchmark's scaled copy), checked."""
    from ptref.model.kb import KnowledgeBase
    from ptref.site import validate

    data = tmp_path_factory.mktemp("doubled") / "data"
    benchmark_synth().write_scaled(DATA, data, 2)
    entries, errors = validate(data, official_codes=False)
    assert not errors
    return KnowledgeBase(entries)


def test_the_matrix_grows_with_the_content_not_with_its_square(kb, doubled):
    """Two unrelated copies of the data give two tables of the same size, not one four times
    as large: entries linked to each other share a table."""
    from ptref.site import card_renderer

    once = card_renderer(kb).render("contraindication-matrix")
    twice = card_renderer(doubled).render("contraindication-matrix")
    assert once.count('<table class="ptref-matrix">') == 1
    assert twice.count('<table class="ptref-matrix">') == 2
    assert twice.count("<td>") == 2 * once.count("<td>")
    assert twice.count("<td>■</td>") == 2 * once.count("<td>■</td>")


def test_the_matrix_names_what_is_linked_to_nothing():
    from ptref.model.kb import KnowledgeBase
    from ptref.site import card_renderer, load

    entries = load(DATA).entries
    lonely = next(e for e in entries["interventions"].values() if e.data.get("contraindications"))
    del lonely.data["contraindications"]
    html = card_renderer(KnowledgeBase(entries)).render("contraindication-matrix")
    line = html.split("Not linked to any intervention or contraindication here: ")[1].split("</p>")[0]
    assert lonely.data["name"].replace("&", "&amp;") in line
    legend = html.split('<ol class="ptref-matrix-legend">')[1]
    assert f"</b> {lonely.data['name']}</li>" not in legend  # no blank column for it


def test_the_matrix_card_stops_at_what_one_page_holds(doubled, monkeypatch):
    """At twice today's data the matrix has two groups of 22 interventions; a page of 30
    columns holds one, and the card says how many it leaves to the interventions' own pages."""
    from ptref.kinds.contraindications import cards
    from ptref.site import card_renderer

    monkeypatch.setattr(cards, "MATRIX_COLUMNS", 30)
    html = card_renderer(doubled).render("contraindication-matrix")
    per_group = len([e for e in doubled.entries["interventions"].values() if not re.search(r"-s[0-9]{4}$", e.id)])
    assert html.count('<table class="ptref-matrix">') == 1
    assert f"{per_group} more interventions, in groups of their own, do not fit on this page" in html


def test_every_exercise_page_shows_the_safety_net_and_no_card_is_a_home_sheet(kb):
    """The patient safety net (when to call 911) is on every exercise page, so no patient
    handout can leave it out (clinical review of 4 December 2026, M-3). The home-exercise sheets
    are the programme builder's (tests/test_home_programme.py prints them with the net); the
    fixed home-exercise cards are gone (issue 27 item 5)."""
    from ptref.site import page_renderer

    net = kb.get("notices", "patient-safety-net").data
    words = _norm(net["points"][0])[:60]
    assert not [c.slug for c in CARDS if c.slug.startswith("home-exercises")]
    pages = page_renderer(kb)
    for exercise in kb.all("exercises"):
        page = re.sub(r"\\(.)", r"\1", pages.entity("exercises", exercise.id))  # Markdown escapes
        assert words in _norm(page), exercise.id


# ---- the coding cards' fixed sentences are notices (data/notices.yml) ----------------------


def _coding_cards(data_dir):
    """A card renderer for the data folder (render(slug) gives a card), the data loaded once."""
    from ptref.site import card_renderer, load

    return card_renderer(load(data_dir))


@pytest.fixture
def data_copy(tmp_path):
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def test_the_coding_cards_show_their_rules_from_notices_with_inline_marks_escaped(data_copy):
    """The code marks, the evaluation-complexity rule and the CMS example come from notices; a
    notice's emphasis marks words bold, and its text stays escaped text (no markup gets through)."""
    path = data_copy / "notices.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    Report what the note supports.", "    Report <i>what</i> the note supports & more.")
    text = text.replace("text: every component must reach the level billed", "text: every <b>component</b> counts")
    path.write_text(text.replace("emphasis: ['⚭', '+']", "emphasis: ['⚭', '& more']"), encoding="utf-8")
    cards = _coding_cards(data_copy)
    sheet = cards.render("coding-cheat-sheet")
    assert "<p>Report &lt;i&gt;what&lt;/i&gt; the note supports <b>&amp; more</b>. <b>⚭</b> never alone:" in sheet
    units = cards.render("evaluation-and-units")
    assert "<h3>Evaluation complexity: every &lt;b&gt;component&lt;/b&gt; counts</h3>" in units


def test_the_units_example_works_the_session_its_notice_names(kb, data_copy):
    """The card works out the notice's `session` with the calculator; the notice's words name
    the same codes and minutes, in order (they are typed side by side in data/notices.yml)."""
    example = kb.get("notices", "units-example").data
    named = re.findall(r"(\w+) for (\d+) min", example["text"])
    assert named == [(item["code"], str(item["minutes"])) for item in example["session"]]
    from ptref.site import card_renderer

    card = card_renderer(kb).render("evaluation-and-units")
    assert "<h3>Example (CMS)</h3><p>97110 for 33 min and 97140 for 7 min. Timed minutes for the day: 40" in card
    assert "Bill 97110 ×2 and 97140 ×1.</p>" in card
    path = data_copy / "notices.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: 7}", "minutes: 12}"), encoding="utf-8")
    assert "Timed minutes for the day: 45" in _coding_cards(data_copy).render("evaluation-and-units")
