"""Where a build's wall time goes, without a profiler's overhead: one in-process `mkdocs build`
with timers around each plugin/hook event, Markdown conversion, page templates and the data
loading steps of ptref.model.

    PTREF_DATA=/tmp/data-10x .venv/bin/python benchmarks/stages.py [-d /tmp/site] [--serve] [--min 0.05]

Times are wall seconds, accumulated over all pages; nested entries are included in their parent.
--serve times a rebuild as `mkdocs serve` does it after an edit: a first build, then a second
one in the same process (fresh config, warm imports and caches) with serve's site URL; the
table is for the second one.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

TOTALS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
PER_PAGE: dict[str, float] = defaultdict(float)  # src_uri -> populate + build seconds


def _page_timer(fn):
    @functools.wraps(fn)
    def wrapper(page, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(page, *args, **kwargs)
        finally:
            PER_PAGE[page.file.src_uri] += time.perf_counter() - start

    return wrapper


def _timer(label, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TOTALS[label] += time.perf_counter() - start
            CALLS[label] += 1

    return wrapper


def _patch(obj, name, label):
    if hasattr(obj, name):  # a step renamed or gone since this was written: left untimed
        setattr(obj, name, _timer(label, getattr(obj, name)))


def instrument():
    import mkdocs.commands.build as build
    import mkdocs.plugins as plugins
    import mkdocs.structure.pages as pages

    import ptref.model.icd as icd
    import ptref.model.kb as kb
    import ptref.model.validate as validate

    def run_event(self, name, item=None, **kwargs):
        pass_item = item is not None
        for method in self.events[name]:
            origin = self._event_origins.get(method, "<unknown>")
            self._current_plugin = origin
            label = f"event {name}: {origin}"
            start = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            TOTALS[label] += time.perf_counter() - start
            CALLS[label] += 1
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    plugins.PluginCollection.run_event = run_event
    build._populate_page = _page_timer(build._populate_page)
    build._build_page = _page_timer(build._build_page)
    _patch(build, "_populate_page", "page: read + on_page_markdown + Markdown + on_page_content")
    _patch(build, "_build_page", "page: context + template + on_post_page + write")
    _patch(build, "_build_theme_template", "theme templates (404, sitemap)")
    _patch(build.Files, "copy_static_files", "copy static files (theme assets, css, js)")
    _patch(build.utils, "clean_directory", "clean the site folder")
    _patch(build, "get_files", "find docs files")
    _patch(build, "get_navigation", "navigation")
    _patch(pages.Page, "render", "page: Markdown conversion (Page.render)")
    _patch(kb, "load", "data: kb.load (all of it)")
    _patch(kb.KnowledgeBase, "__post_init__", "data: KnowledgeBase links")
    _patch(validate, "load_entries", "data: load_entries (YAML + schema)")
    _patch(validate, "parse", "data: YAML parsing (yamlload)")
    _patch(validate, "_add_entry", "data: JSON Schema per entry")
    _patch(validate, "check_relations", "data: check_relations")
    _patch(validate, "check_codes", "data: check_codes (incl. ICD-10-CM load)")
    _patch(validate, "check_code_combinations", "data: check_code_combinations")
    _patch(icd, "_cm", "data: ICD-10-CM tabular load")
    kb.validate = validate.validate  # keep kb's reference pointing at the patched module functions


def _edit_a_name() -> None:
    """Append a word to the first condition's name in PTREF_DATA's conditions.yml."""
    path = Path(os.environ["PTREF_DATA"]) / "conditions.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip().startswith("name:"):
            lines[i] = re.sub(r" edited\d+$", "", line.rstrip("\n")) + f" edited{time.time_ns()}\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--site-dir", default=None, help="output folder (default: a temporary one)")
    parser.add_argument(
        "-f",
        "--config-file",
        default=str(ROOT / "mkdocs.yml"),
        help="the MkDocs config to build (default: the repository's; a baseline project's works too)",
    )
    parser.add_argument("--serve", action="store_true", help="time a second, warm build as mkdocs serve does")
    parser.add_argument(
        "--edit",
        action="store_true",
        help="with --serve: change the first condition's name between the builds, as a saved edit does",
    )
    parser.add_argument("--min", type=float, default=0.05, help="hide stages shorter than this (seconds)")
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    instrument()
    from mkdocs.commands import build
    from mkdocs.config import load_config

    dest = args.site_dir or tempfile.mkdtemp(prefix="ptref-stages-")
    serve_url = "http://127.0.0.1:8000/" if args.serve else None
    for run in range(2 if args.serve else 1):
        TOTALS.clear(), CALLS.clear(), PER_PAGE.clear()
        start, cpu_before = time.perf_counter(), time.process_time()
        config = load_config(args.config_file, site_dir=dest, strict=not args.serve)
        if run == 0:  # as serve does: once per process, not per rebuild
            config.plugins.on_startup(command="serve" if args.serve else "build", dirty=False)
        try:
            build.build(config, serve_url=serve_url)
        except Exception as exc:  # mkdocs' Abort and friends: say why instead of exiting silently
            print(f"build failed: {exc}", file=sys.stderr)
            return 1
        finally:
            config.plugins.on_shutdown()
        total = time.perf_counter() - start
        cpu = time.process_time()
        if run == 0 and args.edit:
            _edit_a_name()
    cpu = time.process_time() - cpu_before if args.serve else cpu
    print("| Stage | Wall (s) | Share | Calls |\n|---|---:|---:|---:|")
    print(f"| total (config + build) | {total:.2f} | 100% | 1 |")
    print(f"| (CPU time of the same) | {cpu:.2f} | | |")
    for label, seconds in sorted(TOTALS.items(), key=lambda kv: -kv[1]):
        if seconds >= args.min:
            print(f"| {label} | {seconds:.2f} | {100 * seconds / total:.0f}% | {CALLS[label]} |")
    from ptref.mkdocs_glue import state

    cache = state.render_cache
    if cache is not None:
        print(
            f"| (serve cache: converted {cache.misses}, reused {cache.hits}, whole pages {cache.outputs_reused}, search entries {cache.search_reused}) | | | |"
        )
    print("\n| Slowest pages | Wall (s) |\n|---|---:|")
    for uri, seconds in sorted(PER_PAGE.items(), key=lambda kv: -kv[1])[:8]:
        print(f"| `{uri}` | {seconds:.2f} |")
    print(f"| (median page) | {sorted(PER_PAGE.values())[len(PER_PAGE) // 2]:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
