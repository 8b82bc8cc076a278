"""A clinic's edition (examples/clinic/): its name, logo, contacts, paper, pages, entries and
overrides reach the site; hidden sections are gone without a broken link; updates warn or fail
as they should; bad input is refused with file, line and field; and its text stays inert."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, ptref_cli, world_readable_tmp

from ptref.model.clinic import load_clinic
from ptref.model.kb import DataInvalid
from ptref.render.text import esc
from ptref.site import card_renderer, load, page_renderer, validate

EXAMPLE = ROOT / "examples" / "clinic"


@pytest.fixture
def overlay(tmp_path) -> Path:
    """A writable copy of the example overlay."""
    dest = tmp_path / "clinic"
    shutil.copytree(EXAMPLE, dest)
    return dest


def _errors(overlay: Path) -> list[str]:
    clinic, errors = load_clinic(overlay)
    if not errors:
        _, errors = validate(DATA, official_codes=False, clinic=clinic)
    return [str(e) for e in errors]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---- reading the overlay ------------------------------------------------------------------------
def test_the_example_overlay_is_valid_and_complete():
    clinic, errors = load_clinic(EXAMPLE)
    assert errors == [] and clinic is not None
    assert clinic.name and clinic.paper == "a4" and clinic.units_method == "per-code"
    assert all(clinic.contacts[u] for u in ("emergency", "urgent", "routine"))
    assert clinic.pages and clinic.overrides and clinic.data_dir is not None
    assert clinic.hide == ("coding",)


def test_check_with_the_clinic_passes_on_the_command_line(capsys):
    status, out, err = ptref_cli(capsys, "check", "--clinic", str(EXAMPLE), "--data", str(DATA))
    assert status == 0, err
    assert "with the clinic edition" in out


def test_an_unknown_field_in_clinic_yml_is_named(overlay):
    _edit(overlay / "clinic.yml", "paper: a4", "papper: a4")
    errors = _errors(overlay)
    assert any("clinic.yml:" in e and "unknown field 'papper'" in e for e in errors), errors


def test_a_missing_logo_and_a_logo_that_is_not_an_image_are_refused(overlay):
    (overlay / "logo.png").unlink()
    assert any("logo" in e and "no file 'logo.png'" in e for e in _errors(overlay))
    (overlay / "logo.png").write_text("<svg onload=alert(1)></svg>", encoding="utf-8")
    assert any("is not a PNG, JPEG, GIF or WebP image" in e for e in _errors(overlay))


def test_an_override_of_an_entry_that_does_not_exist_fails(overlay):
    _edit(overlay / "overrides.yml", "id: foam-roller-thoracic-extension", "id: foam-roller-gone")
    errors = _errors(overlay)
    assert any("overrides.yml:" in e and "[foam-roller-gone] id" in e and "no exercise" in e for e in errors), errors


def test_an_override_whose_upstream_text_changed_warns_with_both_texts(overlay):
    _edit(overlay / "overrides.yml", 'upstream: "8 to 10 slow', 'upstream: "6 to 8 slow')
    clinic, errors = load_clinic(overlay)
    _, errors = validate(DATA, official_codes=False, clinic=clinic)
    assert errors == []
    (warning,) = clinic.warnings
    assert warning.field == "dosage" and "Upstream now: '8 to 10 slow" in warning.message
    assert "When the override was written: '6 to 8 slow" in warning.message


def test_an_override_value_that_breaks_the_schema_fails(overlay):
    _edit(overlay / "overrides.yml", "field: dosage", "field: set")
    assert any("breaks the exercises schema" in e for e in _errors(overlay))


def test_a_local_entry_is_checked_like_any_other(overlay):
    _edit(overlay / "data" / "exercises.yml", "  set: mobility\n", "  set: mobility\n  sets: 3\n")
    errors = _errors(overlay)
    assert any(e.startswith("clinic/data/exercises.yml:") and "unknown field 'sets'" in e for e in errors), errors


def test_a_local_entry_may_not_take_an_upstream_id(overlay):
    _edit(overlay / "data" / "exercises.yml", "id: harbour-wall-press-extension", "id: cat-cow")
    assert any("already an upstream id" in e for e in _errors(overlay))


@pytest.mark.parametrize(
    "line,why",
    [
        ("<script>alert(1)</script>", "HTML is not allowed"),
        ('<img src="https://example.org/x.png">', "HTML is not allowed"),
        ("![map](https://example.org/map.png)", "an image from outside the site"),
        ("{{ 7*7 }}", "'{{' and '{%' are not allowed"),
        ("[click](javascript:alert(1))", "a javascript:, vbscript: or data: link is not allowed"),
        ("![map][m]\n\n[m]: https://example.org/map.png", "an image from outside the site"),
    ],
)
def test_a_clinic_page_cannot_hold_html_or_load_from_outside(overlay, line, why):
    page = overlay / "pages" / "opening-hours.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    errors = _errors(overlay)
    assert any(e.startswith("clinic/pages/opening-hours.md:") and why in e for e in errors), errors


def test_code_in_a_clinic_page_is_allowed(overlay):
    page = overlay / "pages" / "opening-hours.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nType `<b>` to bold; see <https://example.org>.\n", encoding="utf-8"
    )
    assert _errors(overlay) == []


def test_clinic_text_is_shown_inert(overlay):
    _edit(overlay / "clinic.yml", "name: Harbour Street Physiotherapy", 'name: "<script>alert(1)</script> Clinic"')
    _edit(overlay / "clinic.yml", "label: Emergency services", 'label: "<img src=x onerror=alert(2)>"')
    kb = load(DATA, overlay)
    flag = next(f for f in kb.all("red_flags") if f.data["urgency"] == "emergency")
    page = page_renderer(kb).entity("red_flags", flag.id)
    card = card_renderer(kb).render("red-flag-screen")
    for text in (page, card):
        assert "<script>alert(1)" not in text and "<img src=x" not in text
        assert "&lt;img src=x onerror=alert" in text


def test_a_contact_reads_with_or_without_its_number():
    from ptref.model.clinic import Contact, contact_line

    assert contact_line(Contact("On-call GP", "01632 960 456", "weekdays")) == "On-call GP: 01632 960 456 (weekdays)"
    assert contact_line(Contact("Own GP", None, "send a letter")) == "Own GP (send a letter)"
    assert contact_line(Contact("Emergency services", "999", None)) == "Emergency services: 999"


def test_every_hidden_section_names_pages_that_exist(generated_pages):
    """HIDE names pages by path: a renamed card or topic must not slip out of a clinic's hiding.
    `generated_pages`: every generated page, as `ptref generate` writes it (conftest)."""
    from ptref.model.clinic import HIDE

    paths = [str(p.relative_to(generated_pages)) for p in generated_pages.rglob("*") if p.is_file()] + [
        str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")
    ]
    for name, spec in HIDE.items():
        for prefix in spec["paths"]:
            assert any(path.startswith(prefix) for path in paths), (name, prefix)


# ---- what the edition shows ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def clinic_kb():
    return load(DATA, EXAMPLE)


def test_every_red_flag_names_the_contacts_of_its_urgency(clinic_kb):
    clinic = clinic_kb.clinic
    card = card_renderer(clinic_kb).render("red-flag-screen")
    pathway = card_renderer(clinic_kb).render("red-flag-pathway")
    for flag in clinic_kb.all("red_flags"):
        page = page_renderer(clinic_kb).entity("red_flags", flag.id)
        for contact in clinic.contacts[flag.data["urgency"]]:
            assert esc(contact.label) in page, (flag.id, contact.label)
        others = [c for u, cs in clinic.contacts.items() if u != flag.data["urgency"] for c in cs]
        assert not any(c.phone and c.phone in page for c in others), flag.id
    for contacts in clinic.contacts.values():
        for contact in contacts:
            assert html.escape(contact.label) in card and html.escape(contact.label) in pathway


def test_every_card_carries_the_clinic_and_its_paper(clinic_kb):
    cards = card_renderer(clinic_kb)
    slugs = [c.slug for c in cards.cards()]
    assert "coding-cheat-sheet" not in slugs and "red-flag-screen" in slugs
    for slug in slugs:
        html = cards.render(slug)
        assert "Harbour Street Physiotherapy" in html and "assets/clinic/logo.png" in html, slug
        assert "@page { size: A4 portrait; }" in html, slug


def test_overrides_and_local_entries_reach_the_pages(clinic_kb):
    page = page_renderer(clinic_kb).entity("exercises", "foam-roller-thoracic-extension")
    assert "our class adds a second set" in page
    assert "harbour-wall-press-extension" in clinic_kb.entries["exercises"]


def test_patients_of_the_edition_read_its_emergency_number_not_911(clinic_kb, kb):
    """A UK clinic's patient must not be told to call 911 (UX review: the UK edition printed
    'Call 911'): every patient field and its Spanish text carry 999, clinician text stays."""
    from ptref.model.translations import patient_text

    said_911 = 0
    for kind, by_id in kb.entries.items():
        for entry_id, entry in by_id.items():
            for name, value in patient_text(kind, entry.data).items():
                upstream = str(value)
                if "911" not in upstream:
                    continue
                said_911 += 1
                local = str(patient_text(kind, clinic_kb.entries[kind][entry_id].data)[name])
                assert "911" not in local and "999" in local, (kind, entry_id, name)
    assert said_911 >= 5  # the safety net and the breathing exercises' stop lines at least
    spanish = clinic_kb.translations["es"]
    texts = [str(f.text) for by in spanish.entries.values() for f in by.values()]
    assert any("999" in t for t in texts) and not any("911" in t for t in texts)
    # clinician-facing text keeps the US number, said as such
    crisis = [e for e in clinic_kb.all("assessments") if "911 in the US" in str(e.data)]
    assert crisis
    page = page_renderer(clinic_kb).entity("exercises", "diaphragmatic-breathing")
    assert "call 999" in page and "call 911" not in page


# ---- the built edition --------------------------------------------------------------------------
def _start_build(dest: Path, overlay: Path = EXAMPLE) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ptref.cli", "build", "--site", str(dest), "--clinic", str(overlay)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _build(dest: Path, overlay: Path = EXAMPLE) -> tuple[int, str]:
    """(exit status, output) of `ptref build --clinic`."""
    build = _start_build(dest, overlay)
    output, _ = build.communicate()
    return build.returncode, output


@pytest.fixture(scope="module")
def clinic_sites() -> tuple[Path, Path]:
    """The example edition built twice, by two processes running side by side."""
    dests = world_readable_tmp("clinic-site"), world_readable_tmp("clinic-site-again")
    builds = [_start_build(dest) for dest in dests]
    for build in builds:
        output, _ = build.communicate()
        assert build.returncode == 0, output
    return dests


@pytest.fixture(scope="module")
def clinic_site(clinic_sites) -> Path:
    return clinic_sites[0]


@pytest.mark.slow
def test_the_built_edition_shows_the_clinic_everywhere_and_hides_coding(clinic_site):
    pages = sorted(clinic_site.rglob("*.html"))
    assert len(pages) > 300
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if path.name == "404.html":
            continue
        assert "Harbour Street Physiotherapy" in html and "ptref-clinic-bar" in html, path
        assert "For education only" in html and "CPT®" not in html, path  # no coding, no CPT notice
    assert not (clinic_site / "codes").exists() and not (clinic_site / "tools/units-calculator.html").exists()
    assert (clinic_site / "clinic/opening-hours.html").is_file()
    assert (clinic_site / "exercises/harbour-wall-press-extension.html").is_file()
    assert (clinic_site / "assets/clinic/logo.png").read_bytes() == (EXAMPLE / "logo.png").read_bytes()
    hidden = re.compile(r'href="(?![a-z]+:)[^"]*(codes/|editions/|units-calculator|coding-cheat-sheet)')
    linked = [str(p.relative_to(clinic_site)) for p in pages if hidden.search(p.read_text(encoding="utf-8"))]
    assert not linked, linked[:5]
    home = (clinic_site / "index.html").read_text(encoding="utf-8")
    assert 'href="clinic/opening-hours.html"' in home  # the clinic's pages are in the navigation


@pytest.mark.slow
def test_two_builds_of_the_same_edition_are_identical(clinic_sites):
    from ptref.publish import site_digest

    first, second = (site_digest(site) for site in clinic_sites)
    assert first == second, sorted(k for k in first if first.get(k) != second.get(k))[:10]


@pytest.mark.slow
def test_a_broken_overlay_stops_the_build_and_keeps_the_old_site(overlay):
    dest = world_readable_tmp("clinic-site-broken")
    dest.mkdir()
    (dest / "marker").write_text("old", encoding="utf-8")
    _edit(overlay / "overrides.yml", "id: foam-roller-thoracic-extension", "id: foam-roller-gone")
    status, output = _build(dest, overlay)
    assert status != 0 and "foam-roller-gone" in output
    assert (dest / "marker").read_text(encoding="utf-8") == "old"


def test_load_refuses_a_broken_overlay(overlay):
    (overlay / "logo.png").unlink()
    with pytest.raises(DataInvalid):
        load(DATA, overlay)


# Pages of an edition that hides coding may still name a code system for a reason of their own.
# Each is listed with that reason; any other page that says CPT, ICD-10 or KX fails the test.
CODING_WORDS = re.compile(r"\b(CPT|ICD-10(?:-CM)?|KX)\b")
CODING_WORDS_ALLOWED = {
    "about/data.html": "documents the whole data model, coding kinds included, for contributors",
    "about/whats-new.html": "the change log of the reference, which names the coding entries that changed",
    "about/review-log.html": "the record of the clinical and coding reviews of the reference",
    "about/hosting.html": "tells IT staff about the ICD-10-CM fact cache that every build keeps",
    # data text (its skilled-care note says education has CPT codes of its own): a data change
    "interventions/pain-neuroscience-education.html": "its skilled-care note names CPT (data text)",
}


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.slow
def test_an_edition_without_coding_names_no_code_system_outside_its_hidden_pages(clinic_site):
    saying = {}
    for path in sorted(clinic_site.rglob("*.html")):
        found = sorted(set(CODING_WORDS.findall(_visible_text(path.read_text(encoding="utf-8")))))
        if found:
            saying[path.relative_to(clinic_site).as_posix()] = found
    unexpected = {page: words for page, words in saying.items() if page not in CODING_WORDS_ALLOWED}
    assert not unexpected, "pages that still name CPT, ICD-10 or KX:\n" + "\n".join(
        f"{page}: {', '.join(words)}" for page, words in unexpected.items()
    )
    page = (clinic_site / "index.html").read_text(encoding="utf-8")
    home = _visible_text(page[page.index("<article") : page.index("</article>")])  # not the navigation
    for words in ["Codes:", "Editions and dates", "coding"]:
        at = home.lower().find(words.lower())
        assert at < 0, " ".join(home[max(0, at - 200) : at + 60].split())
    assert not (clinic_site / "guides/medicare-therapy-billing.html").exists()
    assert (clinic_site / "guides/documenting-medical-necessity.html").is_file()


@pytest.mark.slow
def test_a_home_programme_printed_in_the_edition_carries_the_clinic_name_and_contacts(clinic_site):
    """Issue 27 item 2: the clinic's name and contacts on the printed sheet, Letter and A4."""
    import io

    from browser import browser
    from pypdf import PdfReader

    from ptref.model.clinic import contact_line

    clinic, errors = load_clinic(EXAMPLE)
    assert clinic is not None, errors
    contact = contact_line(next(c for cs in clinic.contacts.values() for c in cs))
    url = (clinic_site / "tools" / "home-programme.html").as_uri() + "#starter=postural-syndrome-hyperkyphosis"
    with browser() as b:
        page = b.new_page()
        page.goto(url, wait_until="load")
        page.emulate_media(media="print")
        for paper in ("Letter", "A4"):
            first = PdfReader(io.BytesIO(page.pdf(format=paper))).pages[0]
            text = " ".join(first.extract_text().split())
            assert clinic.name in text and " ".join(contact.split()) in text, (paper, text[:300])
            assert first.images, paper  # the clinic's logo
