"""The home-programme builder (tools/home-programme.md, issue 27 items 2 and 5): built by keyboard
from file://, printed on Letter and A4 with every exercise drawn at >= 12 pt, nothing requested
outside the page, and the patient's name in no URL and nothing the browser keeps."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from browser import browser
from conftest import DATA, ROOT
from pypdf import PdfReader

from ptref.kinds.exercises.builder import programme_data
from ptref.kinds.exercises.figure import LABELS

NAME = "Zebulon Quistgaard"
# The drawings' frame labels are part of the picture, in English or in a translation's words.
FRAME_LABELS = set(LABELS) | {
    f["text"]
    for path in (DATA / "translations").glob("??.yml")
    for k, f in yaml.safe_load(path.read_text(encoding="utf-8"))["handout"].items()
    if k.startswith("fig_")
}


def test_every_starter_programme_uses_exercises_linked_to_its_condition(kb):
    d = programme_data(kb)
    assert len(d["starters"]) >= 5
    by_id = {x["id"]: x for x in d["exercises"]}
    for condition, ids in d["starters"].items():
        assert len(ids) >= 3, condition
        assert all(condition in by_id[i]["conditions"] for i in ids), condition
    assert all(x["svg"].startswith("<svg") for x in d["exercises"])
    assert d["net"]["points"] and d["clinic"] is None


def test_each_exercise_is_drawn_once_for_its_page_and_the_builder(kb, monkeypatch):
    from types import SimpleNamespace

    from ptref.kinds.exercises import figure
    from ptref.render import figure as fig

    drawn: list[str] = []
    real = fig.figure_svg
    monkeypatch.setattr(figure, "_DRAWINGS", {}, raising=False)  # a fresh cache
    monkeypatch.setattr(fig, "figure_svg", lambda *a: drawn.append(a[3]) or real(*a))
    d = programme_data(kb)
    blocks = [figure.figure_block(SimpleNamespace(kb=kb), e) for e in kb.all("exercises")]
    assert sorted(drawn) == sorted(f"fig-{e.id}" for e in kb.all("exercises"))
    assert [x["id"] for x in d["exercises"]] == [e.id for e in kb.all("exercises")]
    assert all(x["svg"] in block for x, block in zip(d["exercises"], blocks, strict=True))


@pytest.mark.slow  # loads the data with the example clinic
def test_a_clinic_edition_puts_its_name_contacts_and_logo_on_the_sheet():
    from ptref.kinds.exercises.builder import home_programme
    from ptref.model.clinic import contact_line
    from ptref.site import load

    kb = load(DATA, ROOT / "examples" / "clinic")
    html = home_programme(kb, "../")
    data = json.loads(html.split('id="ptref-hp-data">', 1)[1].split("</script>", 1)[0])
    assert data["clinic"]["name"] == kb.clinic.name
    every = [contact_line(c) for cs in kb.clinic.contacts.values() for c in cs]
    assert every and data["clinic"]["contacts"] == every
    assert f'src="../{kb.clinic.logo_path}"' in html


def _font_sizes(pdf: PdfReader) -> list[float]:
    """The size each run of visible text is drawn at, in points (Tf size times the text and
    graphics matrices' vertical scale). The drawings' own frame labels (Start, End) are part of
    the picture, not body text, and are left out."""
    sizes: list[float] = []
    for p in pdf.pages:

        def visit(text, cm, tm, font_dict, font_size):
            if text.strip() and text.strip() not in FRAME_LABELS:
                scale = abs(tm[3] * cm[3] + tm[1] * cm[2])  # the matrices' vertical scale
                sizes.append(round(font_size * scale, 2))

        p.extract_text(visitor_text=visit)
    return sizes


def _no_serious_accessibility_problems(page):
    from axe_playwright_python.sync_playwright import Axe

    found = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not found, found


def test_a_six_exercise_programme_prints_large_drawn_and_keeps_the_name_private(site):
    url = (site / "tools" / "home-programme.html").as_uri()
    with browser() as b:
        context = b.new_context()
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url, wait_until="load")
        data = json.loads(page.inner_text("#ptref-hp-data"))
        starter = data["starters"]["postural-syndrome-hyperkyphosis"]
        # By keyboard: the starter programme, then a sixth exercise, then the doses.
        page.select_option("#ptref-hp-starter", "postural-syndrome-hyperkyphosis")
        page.focus("#ptref-hp-starter")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.locator("#ptref-hp-chosen > li").count() == len(starter) == 5
        extra = next(x["id"] for x in data["exercises"] if x["id"] not in starter)
        page.focus(f"#ptref-hp-pick-{extra}")
        page.keyboard.press("Space")
        chosen = starter + [extra]
        assert page.locator("#ptref-hp-chosen > li").count() == 6
        page.focus(f"#ptref-hp-sets-{chosen[0]}")
        page.keyboard.type("3")
        page.keyboard.press("Tab")
        page.keyboard.type("12")
        page.focus(f"#ptref-hp-note-{extra}")
        page.keyboard.type("Go slowly")
        page.fill("#ptref-hp-patient", NAME)
        page.fill("#ptref-hp-therapist", "Pat Therapist")
        page.click("[data-hp-save]")
        _no_serious_accessibility_problems(page)
        # Printed on both papers: every exercise with its drawing, text at 12 pt or more.
        page.emulate_media(media="print")
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('#ptref-hp-items .ptref-hp-item')].map(s => {
                 const svg = s.querySelector('svg'), r = svg && svg.getBoundingClientRect();
                 return {name: s.querySelector('h2').textContent, w: r ? r.width : 0, h: s.offsetHeight};
               })"""
        )
        assert len(boxes) == 6 and all(x["w"] > 100 for x in boxes), boxes
        small = page.evaluate(
            """() => { const out = [], sheet = document.getElementById('ptref-hp-sheet');
                 const walk = document.createTreeWalker(sheet, NodeFilter.SHOW_TEXT);
                 while (walk.nextNode()) { const n = walk.currentNode;
                   if (n.textContent.trim() && !n.parentElement.closest('svg')
                       && parseFloat(getComputedStyle(n.parentElement).fontSize) < 16) out.push(n.textContent); }
                 return out; }"""
        )
        assert not small, small
        for paper in ("Letter", "A4"):
            pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
            text = " ".join(p.extract_text() for p in pdf.pages)
            by_id = {x["id"]: x for x in data["exercises"]}
            for i in chosen:
                assert by_id[i]["name"] in text, (paper, i)
            assert data["net"]["title"] in text and NAME in text and "Go slowly" in text
            assert "Keep in this browser" not in text  # the form does not print
            sizes = _font_sizes(pdf)
            assert sizes and min(sizes) >= 11.9, (paper, sorted(set(sizes))[:5])
            assert len(pdf.pages) >= 2  # six exercises: at most two per half page
        assert not page.is_visible("#ptref-hp-review")  # English: no translation to review
        # In Spanish: the same sheet, Spanish text where the translation has it, the review line
        # in both languages (every Spanish field is unreviewed), still large and drawn.
        page.emulate_media(media="screen")
        page.select_option("#ptref-hp-lang", "es")
        es = data["lang"]["es"]
        page.emulate_media(media="print")
        for paper in ("Letter", "A4"):
            pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
            text = " ".join(p.extract_text() for p in pdf.pages)
            flat = " ".join(text.split())
            assert es["words"]["unreviewed"] in flat and data["words"]["unreviewed"] in flat, paper
            # ... on every printed page: a patient may keep only page 2.
            pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
            assert len(pages) >= 2 and all(es["words"]["unreviewed"] in t for t in pages), (paper, len(pages))
            assert es["net"]["title"] in flat and es["words"]["title"] in flat and NAME in flat
            for i in chosen:
                name = es["exercises"][i].get("name", by_id[i]["name"])
                assert name in flat, (paper, i)
            sizes = _font_sizes(pdf)
            assert sizes and min(sizes) >= 11.9, (paper, sorted(set(sizes))[:5])
        assert page.locator("#ptref-hp-items svg").count() == 6
        assert "@es" in page.input_value("#ptref-hp-link")
        page.emulate_media(media="screen")
        page.click("[data-hp-save]")
        # Nothing outside the page, the name in no URL and nothing the browser keeps.
        outside = [r for r in requests if not r.startswith(("file://", "data:", "about:"))]
        assert not outside, outside
        assert NAME not in page.url and not any(NAME in r for r in requests)
        kept = page.evaluate("() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})")
        assert "ptref-home-programme" in kept and NAME not in kept and "Zebulon" not in kept
        assert NAME not in json.dumps(context.cookies())
        # The link reopens the programme, doses and note, without the names.
        link = page.input_value("#ptref-hp-link")
        assert NAME not in link
        again = context.new_page()
        again.goto(link, wait_until="load")
        assert again.locator("#ptref-hp-chosen > li").count() == 6
        assert again.input_value(f"#ptref-hp-sets-{chosen[0]}") == "3"
        assert again.input_value(f"#ptref-hp-reps-{chosen[0]}") == "12"
        assert again.input_value(f"#ptref-hp-note-{extra}") == "Go slowly"
        assert again.input_value("#ptref-hp-patient") == ""
        assert again.input_value("#ptref-hp-lang") == "es" and again.is_visible("#ptref-hp-review")
        # A starter programme's link opens the builder with it loaded.
        starter_page = context.new_page()
        starter_page.goto(url + "#starter=postural-syndrome-hyperkyphosis", wait_until="load")
        assert starter_page.locator("#ptref-hp-chosen > li").count() == len(starter)


def test_the_spanish_translation_is_checked_stored_once_and_never_claims_review(kb, tmp_path):
    """data/translations/es.yml: per field, with its review status; unknown ids and fields are
    errors with file and line; the glossary's terms hold; a missing field is listed, not an
    error. Nothing in it claims a review (issue 27 item 4)."""
    import shutil

    from ptref.model import translations
    from ptref.site import validate

    es = kb.translations["es"]
    assert es.fields() and es.unreviewed() == len(es.fields())  # all unreviewed: never claim review
    assert set(es.handout) == set(translations.HANDOUT_WORDS)
    assert es.entries[("notices", "patient-safety-net")]["points"].text
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "translations" / "es.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  cat-cow:\n", "  cat-cow-typo:\n", 1)
    text = text.replace(
        '    dosage: {text: "De 8 a 10 repeticiones lentas en', '    dosis: {text: "De 8 a 10 repeticiones lentas en', 1
    )
    text = text.replace("Si tiene dolor en el pecho o falta", "Si tiene dolor de pecho o falta", 1)
    path.write_text(text, encoding="utf-8")
    _, errors = validate(data, official_codes=False)
    found = {(e.entry_id, e.field, e.message) for e in errors}
    shown = "\n".join(map(str, errors))
    assert all(e.file == "data/translations/es.yml" and e.line > 1 for e in errors), shown
    assert any(e.entry_id == "cat-cow-typo" and "no exercise with id" in e.message for e in errors), shown
    assert any(e.field == "dosis" and "not a patient field" in e.message for e in errors), shown
    assert any(e.entry_id == "home-exercise-safety" and "dolor en el pecho" in e.message for e in errors), shown
    assert len(found) == 4, shown  # the avoided word, and the term missing where the English says it
    reloaded, _ = translations.load(data, kb.entries)
    assert ("exercises", "cat-cow", "name") in reloaded["es"].missing  # reported, not an error


def test_the_sheet_words_for_the_drawings_match_the_drawings():
    from ptref.model.translations import HANDOUT_WORDS

    assert (HANDOUT_WORDS["fig_start"], HANDOUT_WORDS["fig_end"]) == LABELS


def test_a_review_holds_only_for_the_english_it_checked(kb, tmp_path):
    import shutil

    from ptref.model import translations

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "translations" / "es.yml"
    digest = translations.english_digest(kb.get("exercises", "cat-cow").data["name"])
    old = '    name: {text: "Gato y vaca", reviewed: false}'
    review = (
        f'    name: {{text: "Gato y vaca", reviewed: {{by: "A. Reviewer, PT", date: 2027-01-15, english: {digest}}}}}'
    )
    path.write_text(path.read_text(encoding="utf-8").replace(old, review), encoding="utf-8")
    found, errors = translations.load(data, kb.entries)
    assert not errors and found["es"].entries[("exercises", "cat-cow")]["name"].reviewed
    exercises = data / "exercises.yml"
    exercises.write_text(exercises.read_text(encoding="utf-8").replace("name: Cat-cow\n", "name: Cat and cow\n"))
    from ptref.site import validate

    _, errors = validate(data, official_codes=False)
    assert [(e.entry_id, e.field) for e in errors] == [("cat-cow", "name")], errors
    assert "the English changed since A. Reviewer, PT reviewed this" in errors[0].message


def test_spanish_readability_is_measured_offline():
    from ptref.model.translations import SPANISH_EASE, spanish_ease

    assert spanish_ease("Pare.") is None  # too short to measure
    easy = "Acuéstese boca arriba. Doble las rodillas. Respire despacio. Suelte el aire por la boca."
    hard = (
        "La movilización intersegmentaria rotacional facilita considerablemente la extensibilidad "
        "de las articulaciones vertebrales intermedias, disminuyendo progresivamente la incomodidad postural."
    )
    assert spanish_ease(easy) > SPANISH_EASE > spanish_ease(hard)


def test_each_exercise_page_says_its_spanish_is_not_yet_reviewed(kb):
    from ptref.model.translations import HANDOUT_WORDS
    from ptref.site import page_renderer

    pages = page_renderer(kb)
    es = kb.translations["es"]
    for exercise in kb.all("exercises"):
        page = pages.entity("exercises", exercise.id).replace("\\", "")  # Markdown escapes
        name = es.entries[("exercises", exercise.id)]["name"].text
        assert f"Español: {name}. {HANDOUT_WORDS['unreviewed']}" in page, exercise.id
