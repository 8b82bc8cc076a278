"""Releases and "What changed": snapshots, their comparison, the page, the feed and `ptref diff`."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET

import pytest
from conftest import DATA, ROOT, ptref_cli

from ptref.model import changes
from ptref.model.export import export
from ptref.render.whats_new import whats_new_files

RELEASES = ROOT / "releases"


def _snap(entries: dict, version="v", date="2026-01-01") -> dict:
    doc = {kind: [{"id": i, **fields} for i, fields in items.items()] for kind, items in entries.items()}
    return changes.snapshot(doc, version, date)


def test_added_removed_and_changed_entries_are_found_and_named():
    old = _snap({"red_flags": {"a": {"name": "Flag A", "action": "x"}, "b": {"name": "Flag B", "action": "y"}}})
    new = _snap({"red_flags": {"a": {"name": "Flag A", "action": "z"}, "c": {"name": "Flag C", "action": "y"}}})
    assert [c.words() for c in changes.compare(old, new)] == [
        "Red flag added: Flag C",
        "Red flag changed (action): Flag A",
        "Red flag removed: Flag B",
    ]


def test_a_new_review_date_or_new_back_links_alone_are_not_changes():
    old = _snap({"codes": {"m": {"code": "M54.6", "title": "T", "last_reviewed": "2026-01-01", "referenced_by": {}}}})
    new = _snap(
        {"codes": {"m": {"code": "M54.6", "title": "T", "last_reviewed": "2026-12-02", "referenced_by": {"x": []}}}}
    )
    assert changes.compare(old, new) == []


def test_the_releases_are_snapshots_in_version_order_and_the_project_has_the_newest_version():
    found = changes.releases(RELEASES)
    assert [s["version"] for s in found][:1] == ["2026.11.0"]
    assert all(changes.VERSION.match(s["version"]) and s["snapshot_version"] == 1 for s in found)
    assert [s["date"] for s in found] == sorted(s["date"] for s in found)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert version == found[-1]["version"], "a release sets the project version (see CONTRIBUTING.md)"


def test_what_changed_since_november_reads_as_a_clinician_expects(kb):
    november = next(s for s in changes.releases(RELEASES) if s["version"] == "2026.11.0")
    words = [c.words() for c in changes.compare(november, changes.snapshot(export(kb), "now", ""))]
    assert "Red flag added: Possible apical lung (Pancoast) tumour" in words
    assert "Assessment added: Vital signs" in words
    assert not any(w.startswith(("Notice removed", "Edition removed")) for w in words)


@pytest.fixture(scope="module")
def page_and_feed(kb):
    return dict(whats_new_files(kb, changes.releases(RELEASES), changes.snapshot(export(kb), "now", "")))


def test_the_page_lists_each_release_newest_first_with_links_to_the_entries(page_and_feed):
    page = page_and_feed["about/whats-new.md"]
    releases = [s["version"] for s in changes.releases(RELEASES)]
    positions = [page.index("## " + v.replace(".", "\\.") + " (") for v in releases]
    assert positions == sorted(positions, reverse=True), "newest first"
    assert "[Possible apical lung \\(Pancoast\\) tumour](../red-flags/" in page
    assert "tumour](../red-flags/pancoast-tumour.md): **added**" in page
    assert "The first release" in page


def test_the_feed_is_atom_with_one_entry_per_release(page_and_feed):
    feed = ET.fromstring(page_and_feed["whats-new.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = [e.findtext("a:id", namespaces=ns) for e in feed.findall("a:entry", ns)]
    releases = [s["version"] for s in changes.releases(RELEASES)]
    assert ids == [f"urn:ptref:release:{v}" for v in reversed(releases)]
    assert feed.findtext("a:updated", namespaces=ns) == f"{changes.releases(RELEASES)[-1]['date']}T00:00:00Z"


def test_ptref_diff_compares_two_exports_or_snapshots(tmp_path, kb):
    current = tmp_path / "now.json"
    current.write_text(json.dumps(export(kb)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "ptref.cli", "diff", str(RELEASES / "2026.11.0.json"), str(current), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(run.stdout)
    assert {"kind": "red_flags", "what": "added"}.items() <= next(c for c in found if "Pancoast" in c["name"]).items()


def test_a_release_is_never_rewritten_and_needs_a_proper_version(tmp_path, capsys):
    def release(version):  # status, stdout, stderr of `ptref release VERSION`, in this process
        return ptref_cli(capsys, "release", version, "--releases", str(tmp_path), "--data", str(DATA))

    assert release("v1")[0] == 1
    status, _, err = release("2030.1.0")
    assert status == 0, err
    assert (tmp_path / "2030.1.0.json").is_file()
    status, _, err = release("2030.1.0")
    assert status == 1 and "never rewritten" in err


def test_a_file_in_releases_that_is_not_a_snapshot_is_refused_by_name(tmp_path, kb):
    (tmp_path / "2026.12.9.json").write_text(json.dumps(export(kb)), encoding="utf-8")
    with pytest.raises(changes.NotASnapshot, match="2026.12.9.json"):
        changes.releases(tmp_path)


def test_a_release_must_follow_the_newest(tmp_path, capsys):
    (tmp_path / "2030.2.0.json").write_text(
        changes.dumps({"snapshot_version": 1, "version": "2030.2.0", "date": "2030-02-01", "entries": {}}),
        encoding="utf-8",
    )
    status, _, err = ptref_cli(capsys, "release", "2030.1.5", "--releases", str(tmp_path), "--data", str(DATA))
    assert status == 1 and "does not follow 2030.2.0" in err


def test_a_release_with_thousands_of_changes_lists_a_page_worth_per_kind(kb, monkeypatch):
    from ptref.render import whats_new

    monkeypatch.setattr(whats_new, "PER_KIND", 3)
    empty = {"snapshot_version": 1, "version": "2026.1.0", "date": "2026-01-01", "entries": {}}
    page = dict(whats_new.whats_new_files(kb, [empty], changes.snapshot(export(kb), "now", "")))["about/whats-new.md"]
    section = page.split("### Red flags", 1)[1].split("###", 1)[0]
    assert section.count("**added**") == 3
    assert f"and {len(kb.entries['red_flags']) - 3} more (`ptref diff` lists every change)" in section
