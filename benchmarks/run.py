"""Build-performance benchmark: synthetic data at several scales, timed against plain Material.

Run from the repository root:  .venv/bin/python benchmarks/run.py [--scales 1,10,100] [--out results.md]
See benchmarks/README.md for what each number means. Everything is written under --workdir
(a temporary folder by default); the repository's data/ and docs/ are only read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import VARIANTS, entity_markdown, write_bare_site, write_same_site  # noqa: E402
from synth import write_scaled  # noqa: E402

from ptref.mkdocs_glue.page_store import FILE_NAME as STORE_FILE  # noqa: E402
from ptref.model.kinds import KINDS  # noqa: E402

BIN = Path(sys.executable).parent
MKDOCS, PTREF = BIN / "mkdocs", BIN / "ptref"
TIME = Path("/usr/bin/time")

# Targets from the issue. Each is checked against what was measured; nothing is assumed.
MAX_OVERHEAD = 1.25  # generator build time / plain Material build time, every scale
MAX_SCALE_COST = 1.2  # build time and output at k x: at most 1.2 * k times the 1x value
MAX_CHECK_100X_S = 2.0  # ptref check on the 100x data, warm (issue 24)
MAX_SERVE_S = 2.0  # mkdocs serve: saved YAML edit visible over HTTP
MAX_TYPICAL_PAGE = 60_000  # median entity page HTML, bytes
MAX_SEARCH_GZ_1X = 1_000_000  # search index, gzip-compressed, at 1x
MAX_FIRST_VIEW = 600_000  # a condition page's first view, every file uncompressed (issue 26)


@dataclass
class Run:
    seconds: float  # the median of `runs` when the command was timed several times
    max_rss_kb: int | None
    returncode: int
    tail: str
    runs: list = field(default_factory=list)
    # CPU time, user + system, from /usr/bin/time (None without it): on a machine shared with
    # other work, the fairer figure; the median of `cpu_runs` when timed several times.
    cpu: float | None = None
    cpu_runs: list = field(default_factory=list)

    def spread(self) -> str:
        """' (median of 3: 1.9-2.1)' when timed more than once."""
        if len(self.runs) < 2:
            return ""
        return f" (median of {len(self.runs)}: {min(self.runs):.2f}-{max(self.runs):.2f})"


def median_run(runs: list[Run]) -> Run:
    """One Run standing for several: the median time, the largest memory, the first failure."""
    failed = [r for r in runs if r.returncode != 0]
    rss = [r.max_rss_kb for r in runs if r.max_rss_kb is not None]
    cpu = [r.cpu for r in runs if r.cpu is not None]
    pick = failed[0] if failed else runs[-1]
    return Run(
        statistics.median(r.seconds for r in runs),
        max(rss) if rss else None,
        pick.returncode,
        pick.tail,
        [r.seconds for r in runs],
        statistics.median(cpu) if cpu else None,
        cpu,
    )


@dataclass
class SiteStats:
    pages: int = 0
    bytes: int = 0
    largest: tuple[int, str] = (0, "")
    search_raw: int = 0
    search_gz: int = 0
    entity_median: int = 0
    entity_pages: int = 0
    first_view: int | None = None  # bytes a browser fetched to show a condition page (None: no browser)
    first_view_files: int = 0


@dataclass
class ScaleResult:
    scale: int
    entities: int = 0
    counts: dict = field(default_factory=dict)
    check_cold: Run | None = None  # the first check, every cache empty (ICD-10-CM facts, parses, rules' findings)
    check: Run | None = None  # later checks of the same data (every cache filled: "warm")
    check_edit: Run | None = None  # a warm check right after one entry's name was edited
    build: Run | None = None  # unchanged data, every page kept by the build before (page_store.py)
    build_cold: Run | None = None  # the same with the stored pages deleted first: every page converted
    site: SiteStats | None = None
    md_avg: float = 0.0
    plain: dict = field(default_factory=dict)  # variant -> Run
    plain_site: dict = field(default_factory=dict)  # variant -> SiteStats


def timed(cmd: list, *, env=None, cwd=None, timeout: float) -> Run:
    """Run cmd under /usr/bin/time -v (for the peak RSS) and measure its wall time."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        wrapped = [str(TIME), "-v", "-o", tf.name, *map(str, cmd)] if TIME.exists() else list(map(str, cmd))
        start = time.perf_counter()
        try:
            proc = subprocess.run(wrapped, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
            rc, out = proc.returncode, (proc.stdout + proc.stderr)
        except subprocess.TimeoutExpired as exc:
            rc, out = -1, f"timed out after {timeout:.0f} s\n{exc.stderr or ''}"
        seconds = time.perf_counter() - start
        report = Path(tf.name).read_text()
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        cpu = [float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", report)]
    lines = [line for line in str(out).splitlines() if not line.startswith("INFO") and not line.startswith("  - ")]
    total = sum(cpu) if len(cpu) == 2 else None
    return Run(seconds, int(match.group(1)) if match else None, rc, "\n".join(lines[-15:]), [], total)


def _cpu(run: Run) -> str:
    if run.cpu is None:
        return "-"
    spread = f" (median of {len(run.cpu_runs)}: {min(run.cpu_runs):.2f}-{max(run.cpu_runs):.2f})"
    return f"{run.cpu:.2f}{spread if len(run.cpu_runs) > 1 else ''}"


def site_stats(site: Path, entity_pages: set[str] | None) -> SiteStats:
    """Files, bytes and search index of a built site; entity_pages: their paths ("codes/m54-6.html")."""
    stats = SiteStats()
    entity_sizes = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        stats.bytes += size
        if path.suffix == ".html":
            stats.pages += 1
            rel = path.relative_to(site).as_posix()
            if size > stats.largest[0]:
                stats.largest = (size, rel)
            if entity_pages is not None and rel in entity_pages:
                entity_sizes.append(size)
    index = site / "search" / "search_index.json"
    if index.exists():
        raw = index.read_bytes()
        stats.search_raw, stats.search_gz = len(raw), len(gzip.compress(raw, 6))
    if entity_sizes:
        stats.entity_median = int(statistics.median(entity_sizes))
        stats.entity_pages = len(entity_sizes)
    # The first view is measured on the generator's site only (entity_pages given), not the baselines.
    conditions = sorted(p for p in (site / "conditions").glob("*.html") if p.name != "index.html")
    if entity_pages is not None and conditions:
        view = first_view(site, conditions[0].relative_to(site).as_posix())
        if view is not None:
            stats.first_view, stats.first_view_files = view
    return stats


CHROMIUM = Path("/usr/bin/chromium")


def first_view(site: Path, page: str) -> tuple[int, int] | None:
    """Bytes (uncompressed) and files Chromium fetches to show `page` of the built site, served
    over HTTP from the folder, before any search. None when Chromium or Playwright is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM))
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}", wait_until="networkidle")
            tab.wait_for_timeout(500)
            browser.close()
    finally:
        server.shutdown()
    return sum(sizes.values()), len(sizes)


# --- one scale -----------------------------------------------------------------------------------


def run_scale(
    scale: int, work: Path, variants: list[str], repeat: int, check_repeat: int, timeout: float, keep: bool, log
) -> ScaleResult:
    res = ScaleResult(scale)
    data = work / f"data-{scale}x"
    t = time.perf_counter()
    res.counts = write_scaled(ROOT / "data", data, scale)
    res.entities = sum(res.counts.values())
    log(f"[{scale}x] wrote {res.entities} entities in {time.perf_counter() - t:.1f} s -> {data}")

    # ptref's cache folder (ICD-10-CM facts, rules' findings, stored pages) lives in the work
    # folder: the first check starts without one, as on a fresh machine, and fills it; the timed
    # repeats and the builds then use it.
    cache = work / f"ptref-cache-{scale}x"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"PTREF_DATA": str(data), "PTREF_CACHE_DIR": str(cache)}
    check = [PTREF, "check", "--data", data]
    res.check_cold = timed(check, env=env, cwd=ROOT, timeout=timeout)
    log(f"[{scale}x] ptref check, empty ICD cache: {res.check_cold.seconds:.2f} s (rc {res.check_cold.returncode})")
    res.check = median_run([timed(check, env=env, cwd=ROOT, timeout=timeout) for _ in range(check_repeat)])
    log(f"[{scale}x] ptref check: {res.check.seconds:.2f} s{res.check.spread()} (rc {res.check.returncode})")
    # One entry edited, as a contributor does between two checks: the rules that read its kind
    # run again (the question rules read every kind), the others keep their findings.
    _edit_name(data / "conditions.yml", f"Checkedit{os.getpid()}")
    res.check_edit = timed(check, env=env, cwd=ROOT, timeout=timeout)
    log(
        f"[{scale}x] ptref check after a one-entry edit: {res.check_edit.seconds:.2f} s (rc {res.check_edit.returncode})"
    )

    t = time.perf_counter()
    pages = entity_markdown(data)
    res.md_avg = sum(len(text.encode("utf-8")) for _, text in pages) / max(len(pages), 1)
    log(
        f"[{scale}x] rendered {len(pages)} entity pages' Markdown in {time.perf_counter() - t:.1f} s "
        f"(average {res.md_avg / 1000:.1f} KB)"
    )
    projects = {}
    for variant in variants:
        t = time.perf_counter()
        if variant == "site":
            projects[variant] = write_same_site(work / f"plain-{variant}-{scale}x", data, env)
        else:
            projects[variant] = write_bare_site(work / f"plain-{variant}-{scale}x", pages, variant)
        log(f"[{scale}x] wrote the {variant} baseline project in {time.perf_counter() - t:.1f} s")

    # A first build, not timed, as on a machine that has built the site before: the check above
    # cached only the ICD-10-CM facts it needs, and a first build caches those of the code
    # pages too (about 1.5 s once; the first check's row shows that cost).
    site = work / f"site-{scale}x"
    warm = timed(
        [MKDOCS, "build", "--strict", "-f", ROOT / "mkdocs.yml", "-d", site], env=env, cwd=ROOT, timeout=timeout
    )
    log(f"[{scale}x] warm-up build (not timed): {warm.seconds:.1f} s (rc {warm.returncode})")
    # Real and baseline builds take turns, so that a slow spell of the machine hits both.
    # Each real build twice: with the pages the build before kept (ptref/mkdocs_glue/page_store.py,
    # as on a machine that has built this data before), and with them deleted first (as after a
    # change to ptref, mkdocs.yml or an installed package: every page converted again).
    builds, colds, plains = [], [], {v: [] for v in variants}
    build_cmd = [MKDOCS, "build", "--strict", "-f", ROOT / "mkdocs.yml", "-d", site]
    for n in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        builds.append(timed(build_cmd, env=env, cwd=ROOT, timeout=timeout))
        log(f"[{scale}x] mkdocs build {n + 1}/{repeat}: {builds[-1].seconds:.1f} s (rc {builds[-1].returncode})")
        shutil.rmtree(site, ignore_errors=True)
        for stored in cache.glob(f"{STORE_FILE}*"):
            stored.unlink()
        colds.append(timed(build_cmd, env=env, cwd=ROOT, timeout=timeout))
        log(
            f"[{scale}x] mkdocs build, no stored pages {n + 1}/{repeat}: {colds[-1].seconds:.1f} s "
            f"(rc {colds[-1].returncode})"
        )
        for variant, plain in projects.items():
            out = plain / "site"
            shutil.rmtree(out, ignore_errors=True)
            plains[variant].append(
                timed([MKDOCS, "build", "--strict", "-f", plain / "mkdocs.yml", "-d", out], cwd=plain, timeout=timeout)
            )
            log(
                f"[{scale}x] plain Material ({variant}) build {n + 1}/{repeat}: "
                f"{plains[variant][-1].seconds:.1f} s (rc {plains[variant][-1].returncode})"
            )
    res.build = median_run(builds)
    res.build_cold = median_run(colds)
    if res.build.returncode != 0:
        log(res.build.tail)
    res.site = site_stats(site, {href.removeprefix("../").removesuffix(".md") + ".html" for href, _ in pages})
    for variant, plain in projects.items():
        res.plain[variant] = median_run(plains[variant])
        res.plain_site[variant] = site_stats(plain / "site", None)
        if res.plain[variant].returncode != 0:
            log(res.plain[variant].tail)
    if not keep:
        for path in (site, data, cache, *projects.values()):
            shutil.rmtree(path, ignore_errors=True)
    return res


# --- mkdocs serve: edit to visible ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, limit_s: float, interval: float = 0.05) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s:
        page = _get(url)
        if page and text in page:
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def _edit_name(path: Path, marker: str) -> str:
    """Append marker to the first entry's `name:` in a data file; return that entry's id."""
    text = path.read_text(encoding="utf-8")
    entry_id = re.search(r"^- id: (\S+)", text, re.M).group(1)
    match = re.search(r"^(  name: )(.*)$", text, re.M)
    value = match.group(2)
    new = value[:-1] + f" {marker}" + value[-1] if value[:1] in "\"'" else f"{value} {marker}"
    path.write_text(text[: match.start(2)] + new + text[match.end(2) :], encoding="utf-8")
    return entry_id


def serve_latency(work: Path, edits: int, log, start_limit: float = 300, edit_limit: float = 60) -> dict:
    """Serve the real site from a copy of data/; time each saved edit until the page shows it."""
    data = work / "serve-data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(ROOT / "data", data)
    port = _free_port()
    env = {
        **os.environ,
        "PTREF_DATA": str(data),
        "NO_MKDOCS_2_WARNING": "1",
        "PTREF_CACHE_DIR": str(work / "ptref-cache-serve"),
    }
    server = subprocess.Popen(
        [str(MKDOCS), "serve", "-f", str(ROOT / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}", "--watch", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    target = data / "conditions.yml"
    entry_id = re.search(r"^- id: (\S+)", target.read_text(encoding="utf-8"), re.M).group(1)
    url = f"http://127.0.0.1:{port}/{KINDS['conditions'].url_dir}/{entry_id}.html"
    result = {"url": url, "startup_s": None, "edits_s": []}
    try:
        result["startup_s"] = _wait_for(url, "<h1", start_limit, interval=0.2)
        if result["startup_s"] is None:
            log("serve: the server did not start")
            return result
        time.sleep(2)  # let the watcher settle after the first build
        for n in range(1, edits + 1):
            marker = f"Benchedit{n}x{os.getpid()}"
            _edit_name(target, marker)
            seconds = _wait_for(url, marker, edit_limit)
            result["edits_s"].append(seconds)
            log(f"serve: edit {n} visible after {f'{seconds:.2f} s' if seconds is not None else 'never (timeout)'}")
            time.sleep(1)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    return result


# --- report ----------------------------------------------------------------------------------


def _mb(n: int | float) -> str:
    return f"{n / 1e6:.2f}"


def _kb(n: int | float) -> str:
    return f"{n / 1e3:.1f}"


def _ok(passed: bool | None) -> str:
    return "n/a" if passed is None else ("met" if passed else "**MISSED**")


def report(results: list[ScaleResult], variants: list[str], serve: dict | None) -> str:
    head = "| Metric | " + " | ".join(f"{r.scale}x" for r in results) + " |"
    lines = ["## Build benchmark", "", head, "|---|" + "---:|" * len(results)]

    def row(label, fn):
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except Exception:  # a failed stage shows as a dash, never as a made-up number
                cells.append("-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def rc(run: Run) -> str:
        return "" if run.returncode == 0 else f" (FAILED rc {run.returncode})"

    row("Entities", lambda r: f"{r.entities:,}")
    row("Pages (HTML files written)", lambda r: f"{r.site.pages:,}")
    row("Entity pages", lambda r: f"{r.site.entity_pages:,}")
    row(
        "`ptref check` wall, cold: first run, every cache empty (s)",
        lambda r: f"{r.check_cold.seconds:.2f}{rc(r.check_cold)}",
    )
    row(
        "`ptref check` wall, warm: same data again, caches filled (s)",
        lambda r: f"{r.check.seconds:.2f}{r.check.spread()}{rc(r.check)}",
    )
    row(
        "`ptref check` wall, warm after one condition's name edited (s)",
        lambda r: f"{r.check_edit.seconds:.2f}{rc(r.check_edit)}",
    )
    row(
        "`mkdocs build --strict` wall, pages stored by the build before (s)",
        lambda r: f"{r.build.seconds:.2f}{r.build.spread()}{rc(r.build)}",
    )
    row("`mkdocs build --strict` CPU, user + system, pages stored (s)", lambda r: _cpu(r.build))
    row(
        "`mkdocs build --strict` wall, no stored pages (s)",
        lambda r: f"{r.build_cold.seconds:.2f}{r.build_cold.spread()}{rc(r.build_cold)}",
    )
    row("`mkdocs build --strict` CPU, user + system, no stored pages (s)", lambda r: _cpu(r.build_cold))
    row("Build peak RSS (MB)", lambda r: f"{r.build.max_rss_kb / 1e3:.0f}")
    row("Output size (MB)", lambda r: _mb(r.site.bytes))
    row("Output per entity (KB)", lambda r: _kb(r.site.bytes / r.entities))
    row("Largest page (KB)", lambda r: _kb(r.site.largest[0]))
    row("Largest page path", lambda r: f"`{r.site.largest[1]}`")
    row("Median entity page HTML (KB)", lambda r: _kb(r.site.entity_median))
    row("Search index raw (MB)", lambda r: _mb(r.site.search_raw))
    row("Search index gzip (MB)", lambda r: _mb(r.site.search_gz))
    row("Average entity page Markdown (KB)", lambda r: _kb(r.md_avg))
    row(
        "First view of a condition page, uncompressed (KB, files)",
        lambda r: (
            "no browser" if r.site.first_view is None else f"{_kb(r.site.first_view)} ({r.site.first_view_files})"
        ),
    )
    for v in variants:
        name = VARIANTS[v]
        row(
            f"Baseline: {name}, build wall (s)",
            lambda r, v=v: f"{r.plain[v].seconds:.2f}{r.plain[v].spread()}{rc(r.plain[v])}",
        )
        row(f"Baseline: {name}, output size (MB)", lambda r, v=v: _mb(r.plain_site[v].bytes))
        row(f"Baseline: {name}, pages", lambda r, v=v: f"{r.plain_site[v].pages:,}")
        row(f"Baseline: {name}, peak RSS (MB)", lambda r, v=v: f"{r.plain[v].max_rss_kb / 1e3:.0f}")
        row(f"Baseline: {name}, build CPU, user + system (s)", lambda r, v=v: _cpu(r.plain[v]))
        row(f"Ratio generator / {name}", lambda r, v=v: f"{r.build.seconds / r.plain[v].seconds:.2f}x")
        row(
            f"Ratio generator / {name}, CPU time",
            lambda r, v=v: "-" if r.build.cpu is None or not r.plain[v].cpu else f"{r.build.cpu / r.plain[v].cpu:.2f}x",
        )
        row(
            f"Ratio generator, no stored pages / {name}",
            lambda r, v=v: f"{r.build_cold.seconds / r.plain[v].seconds:.2f}x",
        )
        row(
            f"Ratio generator, no stored pages / {name}, CPU time",
            lambda r, v=v: (
                "-" if r.build_cold.cpu is None or not r.plain[v].cpu else f"{r.build_cold.cpu / r.plain[v].cpu:.2f}x"
            ),
        )

    if serve is not None:
        lines += [
            "",
            "## mkdocs serve (real data)",
            "",
            f"Page polled: `{serve['url']}` (every 50 ms). Server start to first page: "
            + (f"{serve['startup_s']:.1f} s" if serve["startup_s"] is not None else "did not start")
            + ".",
        ]
        if serve["edits_s"]:
            lines.append(
                "Save to visible, per edit: "
                + ", ".join("timeout" if s is None else f"{s:.2f} s" for s in serve["edits_s"])
                + "."
            )

    # --- targets ---
    lines += ["", "## Targets", "", "| Target | Measured | Result |", "|---|---|---|"]
    ok_builds = [r for r in results if r.build and r.build.returncode == 0]
    base = next((r for r in ok_builds if r.scale == 1), None)
    first_variant = variants[0] if variants else None
    if first_variant:
        ratios = [
            (r.scale, r.build.seconds / r.plain[first_variant].seconds)
            for r in ok_builds
            if first_variant in r.plain and r.plain[first_variant].returncode == 0
        ]
        if ratios:
            lines.append(
                f"| Generator / plain Material ({first_variant}) at most {MAX_OVERHEAD}x at every scale | "
                + ", ".join(f"{s}x: {q:.2f}x" for s, q in ratios)
                + f" | {_ok(all(q <= MAX_OVERHEAD for _, q in ratios))} |"
            )
    for r in ok_builds:
        if base is None or r.scale == 1:
            continue
        t_ratio = r.build.seconds / base.build.seconds
        lines.append(
            f"| {r.scale}x build time at most {MAX_SCALE_COST * r.scale:g}x the 1x build "
            f"(issue: 100x at most 120x) | {t_ratio:.1f}x ({r.build.seconds:.1f} s vs {base.build.seconds:.1f} s) "
            f"| {_ok(t_ratio <= MAX_SCALE_COST * r.scale)} |"
        )
        s_ratio = r.site.bytes / base.site.bytes
        per = (r.site.bytes / r.entities) / (base.site.bytes / base.entities)
        lines.append(
            f"| {r.scale}x output grows linearly (at most {MAX_SCALE_COST * r.scale:g}x the 1x output) "
            f"| {s_ratio:.1f}x; per entity {per:.2f}x the 1x figure | {_ok(s_ratio <= MAX_SCALE_COST * r.scale)} |"
        )
    r100 = next((r for r in results if r.scale == 100 and r.check), None)
    lines.append(
        f"| `ptref check` on 100x under {MAX_CHECK_100X_S:g} s (warm) | "
        + (
            f"{r100.check.seconds:.2f} s (cold, every cache empty: {r100.check_cold.seconds:.2f} s; warm after "
            f"one entry edited: {r100.check_edit.seconds if r100.check_edit else float('nan'):.2f} s)"
            if r100
            else "not run"
        )
        + " | "
        + _ok(None if r100 is None else (r100.check.returncode == 0 and r100.check.seconds < MAX_CHECK_100X_S))
        + " |"
    )
    if serve is not None:
        edits = serve["edits_s"]
        worst = None if not edits else (None if None in edits else max(edits))
        lines.append(
            f"| Serve: edit visible within {MAX_SERVE_S:g} s | "
            + ("no measurement" if not edits else ("timeout" if worst is None else f"worst {worst:.2f} s"))
            + f" | {_ok(None if not edits else (worst is not None and worst <= MAX_SERVE_S))} |"
        )
    for r in ok_builds:
        lines.append(
            f"| {r.scale}x: typical (median) entity page under {MAX_TYPICAL_PAGE // 1000} KB HTML | "
            f"{_kb(r.site.entity_median)} KB | {_ok(r.site.entity_median < MAX_TYPICAL_PAGE)} |"
        )
    for r in ok_builds:
        if r.scale in (1, 100):
            fv = r.site.first_view
            lines.append(
                f"| {r.scale}x: first view of a condition page at most {MAX_FIRST_VIEW // 1000} KB uncompressed | "
                + ("no browser" if fv is None else f"{_kb(fv)} KB")
                + f" | {_ok(None if fv is None else fv <= MAX_FIRST_VIEW)} |"
            )
    if base:
        lines.append(
            f"| Search index gzip under 1 MB at 1x | {_mb(base.site.search_gz)} MB "
            f"| {_ok(base.site.search_gz < MAX_SEARCH_GZ_1X)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", default="1,10,100", help="comma-separated multiples of the real data (default 1,10,100)"
    )
    parser.add_argument("--out", help="also write the Markdown report to this file")
    parser.add_argument(
        "--baselines",
        default="site,minimal",
        help="plain Material builds to time, comma-separated, the first one for the target: "
        "'site' (the same site as hand-written Markdown), 'minimal' (bare Material, entity "
        "pages only), 'ext' (minimal plus the site's Markdown extensions); default site,minimal",
    )
    parser.add_argument("--workdir", help="folder for generated data and sites (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep generated data and sites")
    parser.add_argument("--timeout", type=float, default=3600, help="limit per build or check, seconds (default 3600)")
    parser.add_argument("--serve-edits", type=int, default=5, help="edits timed under mkdocs serve (0: skip)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="time each check this many times, and each build too at scales below 100 "
        "(100x and above: builds once), and report the median; default 3",
    )
    args = parser.parse_args(argv)
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    variants = [v for v in args.baselines.split(",") if v]
    if not variants or any(v not in VARIANTS for v in variants):
        parser.error(f"--baselines takes one or more of {', '.join(VARIANTS)}")
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="ptref-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    log(f"work folder: {work}")
    # What this process renders itself (the baselines' Markdown) keeps its cache folder in the
    # work folder too, never in the user's.
    os.environ["PTREF_CACHE_DIR"] = str(work / "ptref-cache-in-process")
    results = []
    for scale in scales:
        repeat = max(1, args.repeat) if scale < 100 else 1
        results.append(run_scale(scale, work, variants, repeat, max(1, args.repeat), args.timeout, args.keep, log))
        # Partial report after each scale, so a long run can be read before it ends.
        partial = report(results, variants, None)
        (work / "partial-results.md").write_text(partial, encoding="utf-8")
    serve = serve_latency(work, args.serve_edits, log) if args.serve_edits > 0 else None
    text = report(results, variants, serve)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    (work / "results.json").write_text(
        json.dumps(
            [
                {
                    "scale": r.scale,
                    "entities": r.entities,
                    "counts": r.counts,
                    "check_cold_s": r.check_cold.seconds,
                    "check_after_edit_s": r.check_edit.seconds if r.check_edit else None,
                    "check_s": r.check.runs,
                    "build_s": r.build.runs,
                    "build_cpu_s": r.build.cpu_runs,
                    "build_rc": r.build.returncode,
                    "build_rss_kb": r.build.max_rss_kb,
                    "build_no_stored_pages_s": r.build_cold.runs if r.build_cold else None,
                    "build_no_stored_pages_cpu_s": r.build_cold.cpu_runs if r.build_cold else None,
                    "site": r.site.__dict__,
                    "md_avg": r.md_avg,
                    "plain": {
                        v: {
                            "s": p.runs,
                            "cpu_s": p.cpu_runs,
                            "rss_kb": p.max_rss_kb,
                            "rc": p.returncode,
                            "pages": r.plain_site[v].pages,
                        }
                        for v, p in r.plain.items()
                    },
                }
                for r in results
            ]
            + [{"serve": serve}],
            indent=1,
        ),
        encoding="utf-8",
    )
    if not args.keep and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
