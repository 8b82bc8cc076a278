"""The real site builds under --strict, every entity has a page, and every relation shows on both ends."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from conftest import ROOT
from site_pages import article, links_in, page_path, targets_of

from ptref.model.kinds import KINDS, PAGED
from ptref.model.schema import relations


def test_every_entity_has_its_page(site, kb):
    missing = [
        f"{kind}/{entry_id}"
        for kind in PAGED
        for entry_id in kb.entries[kind]
        if not page_path(site, kind, entry_id).is_file()
    ]
    assert not missing, f"entities without a page: {missing}"


def test_every_kind_has_an_index_listing_all_its_entries(site, kb):
    for kind, info in PAGED.items():
        index = (site / info.url_dir / "index.html").read_text(encoding="utf-8")
        listed = links_in(index)
        unlisted = [i for i in kb.entries[kind] if f"{i}.html" not in listed]
        assert not unlisted, f"{info.url_dir}/index.html does not list {unlisted}"


def test_every_relation_shows_on_both_ends(site, kb):
    problems = []
    for rel in relations():
        if rel.source_kind not in PAGED:
            continue  # notices: shown inside other pages, named on the pages they cite
        if not rel.shown:
            continue  # study-only links (x-shown: false): tested below to appear on neither end
        for source in kb.entries[rel.source_kind].values():
            source_page = f"{KINDS[source.kind].url_dir}/{source.id}.html"
            source_links = targets_of(site, source.kind, source.id)
            for _, target_id in rel.targets(source.data):
                target_page = f"{KINDS[rel.target_kind].url_dir}/{target_id}.html"
                if target_page not in source_links:
                    problems.append(f"{source_page} does not link to {target_page}")
                if source_page not in targets_of(site, rel.target_kind, target_id):
                    problems.append(f"{target_page} does not link back to {source_page}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_entity_pages_show_review_date_and_disclaimer(site, kb):
    for kind in PAGED:
        for entry in kb.entries[kind].values():
            html = page_path(site, kind, entry.id).read_text(encoding="utf-8")
            assert f"Last reviewed: {entry.data['last_reviewed']}" in html, f"{kind}/{entry.id}"
            assert "For education only" in html, f"{kind}/{entry.id}"


def test_export_exists_and_matches_its_schema(site, kb):
    doc = json.loads((site / "data/knowledge-base.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/knowledge-base.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    assert not errors, "\n".join(errors[:20])
    for kind in KINDS:
        assert sorted(o["id"] for o in doc[kind]) == sorted(kb.entries[kind]), kind
    for code in doc["codes"]:
        assert isinstance(code["reportable"], bool)
        assert ("timed" in code) == (code["system"] in ("cpt", "hcpcs")), code["id"]


def test_export_schema_rejects_a_broken_export(site):
    doc = json.loads((site / "data/knowledge-base.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/knowledge-base.schema.json").read_text(encoding="utf-8"))
    doc["codes"][0]["reportable"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_export_is_linked_from_the_site(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="data/knowledge-base.json"' in home
    assert 'href="data/knowledge-base.schema.json"' in home


def test_data_model_page_documents_every_kind_and_relation(site):
    html = article((site / "about/data.html").read_text(encoding="utf-8"))
    for info in KINDS.values():
        assert re.search(rf'<h3 id="[^"]*">{re.escape(info.plural)}<', html), f"no section for {info.plural}"
    for rel in relations():
        assert f"<code>{rel.field}</code>" in html, rel.field


def test_linkchecker_reports_no_errors_or_warnings(site):
    linkchecker = Path(sys.executable).parent / "linkchecker"
    result = subprocess.run(
        [
            str(linkchecker),
            "--config",
            str(ROOT / "tests/linkcheckerrc"),
            "--no-status",
            (site / "index.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 warnings found" in result.stdout and "0 errors found" in result.stdout, result.stdout[-2000:]


class _Anchors(HTMLParser):
    """The ids a page defines and the links it holds."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def test_every_anchor_in_the_site_resolves(site, kb):
    """Every internal link with a #fragment lands on a page that has that id. The programme
    builder's fragment is its state, not an id: a starter link must name a condition that has
    starter exercises."""
    starters = {f"starter={c}" for e in kb.all("exercises") for c in e.data.get("starter_for", [])}
    pages = {}
    for path in site.rglob("*.html"):
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    broken, checked = [], 0
    for path, parser in pages.items():
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            fragment = unquote(parts.fragment)
            checked += 1
            if target == (site / "tools/home-programme.html").resolve() and fragment.startswith("starter="):
                if fragment not in starters:
                    broken.append(f"{path.relative_to(site.resolve())}: {href} (no such starter programme)")
                continue
            if target not in pages or fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site.resolve())}: {href}")
    assert checked > 1000, f"only {checked} anchor links found: is the site built with its tables of contents?"
    assert not broken, f"{len(broken)} links to a missing anchor, e.g.: {broken[:10]}"


def test_a_clinician_can_walk_from_the_red_flag_screen_to_documentation(site, kb):
    """red-flag screen -> red flag -> history item -> working diagnosis -> examination finding ->
    condition -> intervention (plan) -> code -> documentation guide, by links in page content alone."""

    def kind_of(page):
        kind = next((k for k, info in KINDS.items() if page.startswith(info.url_dir + "/")), None)
        entry_id = page.rsplit("/", 1)[-1].removesuffix(".html")
        return kind, kb.entries.get(kind, {}).get(entry_id)

    def is_history(page):
        kind, entry = kind_of(page)
        return kind == "assessments" and entry is not None and entry.data["kind"] == "history"

    def is_examination(page):
        kind, entry = kind_of(page)
        return kind == "assessments" and entry is not None and entry.data["kind"] != "history"

    def of_kind(name):
        return lambda page: kind_of(page)[0] == name and kind_of(page)[1] is not None

    steps = [
        of_kind("red_flags"),
        is_history,
        of_kind("conditions"),
        is_examination,
        of_kind("conditions"),
        of_kind("interventions"),
        of_kind("codes"),
        of_kind("guides"),
    ]
    frontier = {"red-flags/index.html"}
    for step in steps:
        following = set()
        for page in sorted(frontier):
            for target in sorted(links_in((site / page).read_text(encoding="utf-8"), page)):
                if step(target) and (site / target).is_file():
                    following.add(target)
        assert following, f"walk stops after {sorted(frontier)[:3]}"
        frontier = following


def test_the_cards_and_feed_use_the_site_name_mkdocs_shows():
    import re

    from ptref.render import SITE_NAME

    found = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found and found.group(1).strip() == SITE_NAME


def test_no_empty_banner_strip_without_a_clinic(site):
    # base.html draws the banner whenever the announce block renders anything, spaces included.
    for path in ["index.html", "conditions/index.html", "404.html"]:
        assert "md-banner" not in (site / path).read_text(encoding="utf-8"), path
