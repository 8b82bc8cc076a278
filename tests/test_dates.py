"""Dated facts: the edition in force, the reviewed FY2027 delta on top of the package, expiry."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
import yaml
from conftest import DATA, ROOT, ptref_cli, validated

from ptref.model import dates, icd
from ptref.site import validate


@pytest.fixture(scope="module")
def entries():
    found, errors = validated(DATA)
    assert not errors
    return found


def _fy2027(entries):
    return entries["editions"]["icd10cm-fy2027"]


def test_no_edition_has_ended_today(entries):
    """CI runs this on the day it runs: a code set or threshold whose window has passed fails loudly."""
    errors, _ = dates.check(entries, dates.today())
    assert not errors, "\n".join(f"{f.entry.id}: {f.message}" for f in errors)


def test_the_edition_in_force_follows_the_date(entries):
    editions = entries["editions"].values()
    assert dates.in_force(editions, "icd10cm", date(2026, 9, 30)).id == "icd10cm-fy2026"
    assert dates.in_force(editions, "icd10cm", date(2026, 10, 1)).id == "icd10cm-fy2027"
    assert dates.in_force(editions, "icd10cm", date(2027, 10, 1)) is None
    errors, warnings = dates.check(entries, date(2027, 10, 1))
    assert {f.entry.id for f in errors} == {
        "icd10cm-fy2027",
        "cpt-2026",
        "ncci-ptp-2026-q4",
        "fee-schedule-2026",
        "kx-threshold-2026",
        "kx",
    }
    _, warnings = dates.check(entries, date(2027, 8, 15))
    assert "icd10cm-fy2027" in {f.entry.id for f in warnings}, "an edition ending within 60 days is announced"
    _, warnings = dates.check(entries, date(2029, 1, 1))
    assert any(f.field == "last_reviewed" for f in warnings), "entries unreviewed for 24 months are announced"


def test_codes_are_checked_against_the_package_plus_the_reviewed_changes(entries):
    icd.use_edition(_fy2027(entries), date(2026, 12, 2))
    try:
        assert not icd.is_reportable("S23.420A"), "deleted in FY2027"
        assert icd.title("L02.232") == "Carbuncle of back [any part, except buttock and flank]"
        assert icd.exists("M04.3") and icd.is_reportable("M04.3") and icd.title("M04.3") == "VEXAS syndrome"
        assert "M72.20" in icd.reportable_descendants("M72.2") and not icd.is_reportable("M72.2")
        assert icd.edition_line().startswith("ICD-10-CM FY2027, valid 2026-10-01 to 2027-09-30; content checked")
        assert icd.expired() == ""
        icd.use_edition(_fy2027(entries), date(2027, 10, 1))
        assert "stopped applying on 2027-09-30" in icd.expired()
    finally:
        icd.use_edition(_fy2027(entries), dates.today())


def test_the_delta_still_describes_what_the_package_lacks(entries):
    """Once simple-icd-10-cm ships FY2027 data, this fails: use that release and drop the delta."""
    stale = []
    for change in _fy2027(entries).data["changes"]:
        facts = icd.facts_from_package(change["code"])
        if change["change"] == "added" and facts["valid"]:
            stale.append(f"{change['code']} is already in the package")
        if change["change"] == "deleted" and not (facts["valid"] and facts["leaf"]):
            stale.append(f"{change['code']} is no longer reportable in the package")
        if change["change"] == "revised" and facts.get("title") == change["title"]:
            stale.append(f"{change['code']} already has its FY2027 title in the package")
    assert not stale, "the package has FY2027 data: drop the changes in data/editions.yml\n" + "\n".join(stale)


@pytest.mark.slow  # writes every page once and checks the data once, in subprocesses
def test_a_build_after_the_window_shows_the_banner(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    later = int(date(2027, 10, 5).strftime("%s"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(later)}
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "ptref.cli", "generate", str(out), "--data", str(data)], cwd=ROOT, env=env, check=True
    )
    page = (out / "codes/m54-6.md").read_text(encoding="utf-8")
    assert '!!! danger "Code set out of date"' in page and "stopped applying on 2027" in page
    assert "Out of date:" in (out / "cards/coding-cheat-sheet.md").read_text(encoding="utf-8")
    cpt = (out / "codes/97110.md").read_text(encoding="utf-8")
    assert '!!! danger "Code set out of date"' in cpt and "CPT 2026 stopped applying" in cpt
    checked = subprocess.run(
        [sys.executable, "-m", "ptref.cli", "check", "--data", str(data), "--as-of", "2027-10-05"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 1
    assert (
        "data/editions.yml:22: [icd10cm-fy2027] valid_until: error: no edition in force on 2027-10-05" in checked.stderr
    )


def test_an_edition_without_dates_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    editions = yaml.safe_load((data / "editions.yml").read_text(encoding="utf-8"))
    assert editions[0]["id"] == "icd10cm-fy2026"
    text = (data / "editions.yml").read_text(encoding="utf-8").replace("  effective: 2025-10-01\n", "", 1)
    (data / "editions.yml").write_text(text, encoding="utf-8")
    _, errors = validate(data)
    assert [(e.entry_id, e.field, e.message) for e in errors if e.entry_id == "icd10cm-fy2026"] == [
        ("icd10cm-fy2026", "effective", "required field is missing")
    ]


def test_code_pages_name_the_edition_in_force_and_whether_it_was_checked(entries, monkeypatch):
    from ptref.model.kb import KnowledgeBase
    from ptref.site import page_renderer

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 12, 2, tzinfo=UTC).timestamp())))
    kb = KnowledgeBase(entries)
    icd.use_edition(_fy2027(entries), date(2026, 12, 2))
    try:
        pages = page_renderer(kb)
        icd_page = pages.entity("codes", "m54-6").replace("\\", "")
        assert "ICD-10-CM FY2027, valid 2026-10-01 to 2027-09-30; content checked 2026-12-02" in icd_page
        cpt_page = pages.entity("codes", "97110").replace("\\", "")
        assert "CPT 2026, valid 2026-01-01 to 2026-12-31; this site's content not yet checked against it" in cpt_page
        assert "Medicare fee schedule 2026, valid 2026-01-01 to 2026-12-31" in cpt_page
        assert "Code set out of date" not in cpt_page
        assert "Never reported alone" in pages.entity("codes", "g89-29")
    finally:
        icd.use_edition(_fy2027(entries), dates.today())


def test_an_expired_code_set_adds_its_banner_and_keeps_the_partner_box(entries):
    from ptref.model.kb import KnowledgeBase
    from ptref.site import page_renderer

    icd.use_edition(_fy2027(entries), date(2027, 10, 5))
    try:
        page = page_renderer(KnowledgeBase(entries)).entity("codes", "g89-29")
        assert page.index("Code set out of date") < page.index("Never reported alone")
    finally:
        icd.use_edition(_fy2027(entries), dates.today())


def test_an_edition_not_yet_in_force_is_not_said_to_have_ended(entries):
    errors, _ = dates.check(entries, date(2020, 1, 1))
    assert errors and all("applies only from" in f.message for f in errors), [f.message for f in errors]


def test_the_fy2027_changes_are_exactly_those_of_the_addenda_in_our_chapters(entries):
    """tests/fixtures/icd10cm holds the addenda lines for chapters L, M, S and Z as read."""
    expected = []
    text = (ROOT / "tests/fixtures/icd10cm/codes_addenda_2027_LMSZ.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("Revise from"):
            continue
        kind, rest = line.split(":", 1)
        code, _, title = rest.strip().partition(" ")
        dotted = code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
        change = {"Add": "added", "Delete": "deleted", "Revise to": "revised"}[kind]
        expected.append({"code": dotted, "change": change, **({"title": title.strip()} if change != "deleted" else {})})
    assert _fy2027(entries).data["changes"] == expected


def _offer_s23_420a(tmp_path):
    """A copy of the real data in which thoracic-muscle-strain offers S23.420A, deleted in FY2027."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    codes = (data / "codes.yml").read_text(encoding="utf-8")
    entry = (
        "- id: s23-420a\n  system: icd10cm\n  code: S23.420A\n"
        "  title: Sprain of sternoclavicular (joint) (ligament), initial encounter\n"
        "  summary: A sternoclavicular sprain in active treatment.\n  last_reviewed: 2026-12-04\n\n"
    )
    (data / "codes.yml").write_text(codes.replace("- id: m54-6\n", entry + "- id: m54-6\n", 1), encoding="utf-8")
    conditions = (data / "conditions.yml").read_text(encoding="utf-8")
    start = conditions.index("- id: thoracic-muscle-strain\n")
    at = conditions.index("  codes:\n", start) + len("  codes:\n")
    item = '    - code: s23-420a\n      hint: "sternoclavicular sprain"\n      when: "A sternoclavicular sprain."\n'
    (data / "conditions.yml").write_text(conditions[:at] + item + conditions[at:], encoding="utf-8")
    return data


def test_a_code_deleted_in_the_edition_in_force_may_not_be_offered(tmp_path, capsys):
    data = _offer_s23_420a(tmp_path)
    _, before = validate(data, as_of=date(2026, 9, 30))
    assert not [e for e in before if "[offered-code-reportable]" in e.message], "S23.420A was valid in FY2026"
    _, after = validate(data, as_of=date(2026, 12, 4))
    assert [(e.entry_id, e.field) for e in after if "[offered-code-reportable]" in e.message] == [
        ("thoracic-muscle-strain", "codes[0].code")
    ]
    checked = _check(capsys, data, "2026-12-04")
    assert checked.returncode == 1
    assert "S23.420A is not reportable in ICD-10-CM FY2027" in checked.stderr


def test_reportable_follows_the_edition_in_force_on_the_date(entries):
    icd.use_edition(_fy2027(entries), dates.today(), entries["editions"].values())
    assert icd.reportable("S23.420A", date(2026, 9, 30)), "FY2026: a leaf"
    assert not icd.reportable("S23.420A", date(2026, 12, 4)), "FY2027: deleted"
    assert icd.reportable("M04.3", date(2026, 12, 4)) and not icd.reportable("M04.3", date(2026, 9, 30))
    assert not icd.reportable("S29.012", date(2026, 12, 4)), "needs its 7th character"
    assert not icd.reportable("M51", date(2026, 12, 4)), "a category heading"
    assert not icd.reportable("Q99.99", date(2026, 12, 4)), "not a code"
    assert icd.reportable("O99.891", date(2026, 12, 4)) and icd.reportable("Z33.1", date(2026, 12, 4))


# ---- renewal pending: an ended fact whose successor cannot be read yet -------------------------
PENDING_BLOCK = re.compile(r"^( *)renewal_pending:\n(?:\1  .*\n){3}", re.MULTILINE)


def _check(capsys, data, on: str) -> SimpleNamespace:
    """`ptref check --data DATA --as-of ON`, in this process (conftest.ptref_cli)."""
    status, out, err = ptref_cli(capsys, "check", "--data", str(data), "--as-of", on)
    return SimpleNamespace(returncode=status, stdout=out, stderr=err)


def test_the_real_data_declares_the_2026_renewals_pending(entries):
    pending = {e.id for e in entries["editions"].values() if "renewal_pending" in e.data}
    assert pending == {"cpt-2026", "ncci-ptp-2026-q4", "fee-schedule-2026", "kx-threshold-2026"}
    assert all(entries["editions"][i].data["renewal_pending"]["since"] == "2026-12-04" for i in pending)
    assert "renewal_pending" in entries["codes"]["kx"].data["payer_notes"][0]


def test_check_accepts_a_pending_renewal_for_90_days_and_no_longer(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    early = _check(capsys, data, "2027-01-05")
    assert early.returncode == 0, early.stderr
    assert "[kx-threshold-2026] renewal_pending: warning: ended 2026-12-31, accepted until 2027-03-31" in early.stderr
    assert "is valid on 2027-01-05" in early.stdout
    assert _check(capsys, data, "2027-03-31").returncode == 0, "the 90th day after the end is still accepted"
    late = _check(capsys, data, "2027-06-01")
    assert late.returncode == 1
    assert "longer than the 90 days allowed after the end (to 2027-03-31)" in late.stderr
    assert "[kx] payer_notes[0].valid_until: error" in late.stderr
    for name in ("editions.yml", "codes.yml"):  # the same data without its pending states
        path = data / name
        text, removed = PENDING_BLOCK.subn("", path.read_text(encoding="utf-8"))
        assert removed, name
        path.write_text(text, encoding="utf-8")
    bare = _check(capsys, data, "2027-01-05")
    assert bare.returncode == 1
    assert "no renewal is pending" in bare.stderr and "5 dated fact(s) not in force on 2027-01-05" in bare.stderr


def test_a_renewal_declared_after_the_day_checked_does_not_count(entries):
    fact = {"valid_until": "2026-12-31", "renewal_pending": {"since": "2027-02-01", "why": "w", "shown": "s"}}
    assert not dates.is_pending(fact, date(2027, 1, 5))
    assert dates.is_pending(fact, date(2027, 2, 1))
    assert not dates.is_pending(fact, date(2026, 12, 31)), "not ended yet: in force, not pending"
    assert not dates.is_pending({"valid_until": "2026-12-31"}, date(2027, 1, 5))


def test_a_day_before_every_edition_says_no_edition_is_recorded(entries):
    errors, _ = dates.check(entries, date(2026, 9, 30))
    assert [f.entry.id for f in errors] == ["ncci-ptp-2026-q4"]
    assert "no edition recorded for 2026-09-30" in errors[0].message and "expired" not in errors[0].message


@pytest.mark.slow  # writes every page once, in a subprocess
def test_pages_and_cards_built_while_a_renewal_is_pending_show_the_warning(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(datetime(2027, 1, 5, tzinfo=UTC).timestamp()))}
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "ptref.cli", "generate", str(out)], cwd=ROOT, env=env, check=True)
    cpt = (out / "codes/97140.md").read_text(encoding="utf-8").replace("\\", "")
    assert '!!! warning "Renewal pending"' in cpt
    assert "CPT 2027 not yet confirmed; the CPT 2026 codes and this site's summaries of them are shown" in cpt
    assert "2027 fee schedule not yet confirmed; the 2026 figures and statuses are shown" in cpt
    assert "NCCI 2027 first-quarter edits not yet confirmed" in cpt
    assert "out of date" not in cpt.lower()
    kx = (out / "codes/kx.md").read_text(encoding="utf-8").replace("\\", "")
    assert "2027 KX threshold not yet confirmed; the 2026 figure ($2,480) is shown" in kx
    card = (out / "cards/procedure-coding-sheet.md").read_text(encoding="utf-8")
    assert "<strong>Renewal pending since 2026-12-04: CPT 2027 not yet confirmed" in card
    assert "2027 fee schedule not yet confirmed" in card
    edition = (out / "editions/kx-threshold-2026.md").read_text(encoding="utf-8").replace("\\", "")
    assert "2027 KX threshold not yet confirmed" in edition
