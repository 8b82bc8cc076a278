"""Clinic hosting: under a sub-path behind nginx, from an unzipped folder, and reproducibly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import browser
from conftest import ROOT, free_port, world_readable_tmp

from ptref import publish

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SUBPATH = "/clinic/pt/"


@contextmanager
def nginx_serving(site: Path):
    if not Path(NGINX).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing under CI=true: .ci/run must install Debian's nginx")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    conf_dir = world_readable_tmp("nginx")
    conf_dir.mkdir()
    port = free_port()
    # linkchecker lifts its 3-requests-a-second throttle for hosts that send a LinkChecker header.
    (conf_dir / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {conf_dir}/nginx.pid;
error_log {conf_dir}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {conf_dir}/body;
    proxy_temp_path {conf_dir}/proxy;
    fastcgi_temp_path {conf_dir}/fastcgi;
    uwsgi_temp_path {conf_dir}/uwsgi;
    scgi_temp_path {conf_dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        error_page 404 {SUBPATH}404.html;
        location {SUBPATH} {{
            alias {site}/;
            add_header LinkChecker "local test" always;
        }}
    }}
}}
""")
    server = subprocess.Popen(
        [NGINX, "-c", str(conf_dir / "nginx.conf"), "-p", str(conf_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}{SUBPATH}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "index.html", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"nginx did not start: {server.stderr.read().decode()}")
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_linkchecker_over_http_under_a_sub_path(site):
    with nginx_serving(site) as base:
        config = world_readable_tmp("linkcheckerrc-http")
        config.write_text(
            (ROOT / "tests/linkcheckerrc")
            .read_text()
            .replace("[checking]\n", "[checking]\nmaxrequestspersecond=1000\n")
        )
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "linkchecker"),
                "--config",
                str(config),
                "--no-status",
                base + "index.html",
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 warnings found" in result.stdout and "0 errors found" in result.stdout


def test_search_for_a_code_number_under_a_sub_path(site):
    with nginx_serving(site) as base, browser() as b:
        context = b.new_context()
        outside = []
        context.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(base) else (outside.append(r.request.url), r.abort()),
        )
        page = context.new_page()
        page.goto(base + "index.html")
        page.fill("input.md-search__input", "97140")
        page.wait_for_selector(".md-search-result__link")
        page.click(".md-search-result__link >> nth=0")
        page.wait_for_load_state()
        assert page.url.startswith(base + "codes/97140.html"), page.url
        assert "97140" in page.inner_text("h1")
        context.close()
    assert not outside, outside


def test_the_404_page_works_under_a_sub_path_at_any_depth(site):
    with nginx_serving(site) as base, browser() as b:
        page = b.new_page()
        loaded: list[str] = []
        page.on("requestfinished", lambda r: loaded.append(r.url))
        for missing in ["conditions/no-such-entry.html", "no-such-page.html", "codes/old/deeper/gone.html"]:
            loaded.clear()
            response = page.goto(base + missing)
            assert response is not None and response.status == 404, missing
            assert "404" in page.inner_text("article"), missing
            # Material's stylesheet applied (the header is fixed or sticky, not in the flow), and
            # taken from the site's root. (Chromium's preload scanner may first try the missing
            # page's folder, before the page's script has set its <base>: those requests fail.)
            assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") != "static", missing
            assert any(u.startswith(base + "assets/stylesheets/main.") for u in loaded), missing
            page.click(".md-tabs__link >> text=Red flags")
            page.wait_for_load_state()
            assert page.url == base + "red-flags/index.html", (missing, page.url)


def _search_finds(page, term: str, target: str) -> bool:
    """Type in the search box; true once a result links to target (times out otherwise)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(term)  # typed key by key, as a person would
    page.wait_for_selector(f".md-search-result__link[href*='{target}']", timeout=10_000)
    return True


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[Path, str]:
    """The offline zip, built once for the tests below: (path, sha256)."""
    zip_path = tmp_path_factory.mktemp("bundle") / "a.zip"
    return zip_path, publish.bundle(zip_path, top="ptref")


def test_offline_bundle_works_from_file_with_the_network_blocked(bundle, tmp_path):
    with zipfile.ZipFile(bundle[0]) as zf:
        zf.extractall(tmp_path)
    note = (tmp_path / "ptref" / publish.START_HERE_NAME).read_text(encoding="utf-8")
    assert "double-click index.html" in note and (tmp_path / "ptref/index.html").is_file()
    root = (tmp_path / "ptref").as_uri() + "/"
    with browser() as b:
        context = b.new_context()
        outside = []
        context.route(
            "**/*",
            lambda r: (
                r.continue_() if r.request.url.startswith("file://") else (outside.append(r.request.url), r.abort())
            ),
        )
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(root + "index.html")
        page.click("a[href='red-flags/index.html'] >> nth=0")  # navigation
        assert page.url.endswith("red-flags/index.html")
        assert not [u for u in requested if "search_index" in u], "the index loaded before any search"
        assert _search_finds(page, "97140", "codes/97140.html")  # search
        assert _search_finds(page, "M54.6", "codes/m54-6.html")
        page.goto(root + "cards/red-flag-screen.html")  # a card
        assert page.is_visible("[data-ptref-print]")
        page.goto(root + "tools/units-calculator.html")  # the calculator
        page.select_option("#ptref-code-1", "97110")
        page.fill("#ptref-minutes-1", "33")
        page.click("button[type=submit]")
        assert "Result: 2 unit(s)" in page.inner_text("#ptref-units-output")
        context.close()
    assert not outside, f"requests outside the bundle: {outside}"


def test_two_builds_of_the_same_commit_are_identical(bundle, site, tmp_path):
    """The bundle's own build against the test run's shared site, which another process built
    with the same settings (conftest.build_site): two builds, zipped alike, give the same bytes."""
    first, digest = bundle
    second = tmp_path / "b.zip"
    assert publish.bundle(second, top="ptref", site=site) == digest
    assert first.read_bytes() == second.read_bytes()


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "index.html").write_text("previous site")

    def half_then_fail(out: Path):
        out.mkdir()
        (out / "index.html").write_text("half")
        raise publish.BuildFailed("broken on purpose")

    with pytest.raises(publish.BuildFailed):
        publish.replace_atomically(dest, half_then_fail)
    assert (dest / "index.html").read_text() == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no half-written folder may remain"

    publish.replace_atomically(dest, lambda out: (out.mkdir(), (out / "index.html").write_text("new")))
    assert (dest / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_broken_link_fails_the_build_that_ptref_build_runs(tmp_path):
    """--strict must see warnings: with --quiet, MkDocs drops them before its strict counter."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[gone](missing.md)\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    with pytest.raises(publish.BuildFailed, match="missing.md"):
        publish.mkdocs_build(tmp_path / "site", tmp_path / "mkdocs.yml")


def test_ptref_build_with_bad_data_keeps_the_old_site(tmp_path, minimal_copy):
    (minimal_copy / "codes.yml").write_text("- id: broken\n  system: nonsense\n")
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "index.html").write_text("previous site")
    env = {**os.environ, "PTREF_DATA": str(minimal_copy)}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ptref"), "build", "--site", str(dest)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "data/codes.yml" in result.stderr and "left as it was" in result.stderr
    assert (dest / "index.html").read_text() == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["out"]


def test_build_time_comes_from_the_sources_even_without_git(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data/codes.yml").write_text("- last_reviewed: 2026-03-01\n- last_reviewed: '2026-11-27'\n")
    # tmp_path is not a git repository: the newest review date is used, at midnight UTC.
    assert publish.source_date_epoch(tmp_path) == "1795737600"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    assert publish.source_date_epoch(tmp_path) == "42"
