"""Shared fixtures: the repository, the real knowledge base, and sites built from data."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = Path(sys.executable).parent / "mkdocs"


def build_site(dest: Path, data_dir: Path = DATA) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` for the repository's config with the given data folder, with
    the build day `ptref build` and `ptref bundle` use (ptref.publish.mkdocs_build), so that the
    shared site is the site they publish."""
    from ptref.publish import source_date_epoch

    env = {**os.environ, "PTREF_DATA": str(data_dir), "NO_MKDOCS_2_WARNING": "1"}
    epoch = source_date_epoch(ROOT)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def benchmark_synth():
    """benchmarks/synth.py (outside the test package), loaded as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ptref_benchmark_synth", ROOT / "benchmarks" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def world_readable_tmp(name: str) -> Path:
    """linkchecker drops root privileges to `nobody`, so built sites must be readable by all."""
    base = Path("/tmp") / f"ptref-tests-{os.getpid()}"
    base.mkdir(mode=0o755, exist_ok=True)
    os.chmod(base, 0o755)
    path = base / name
    shutil.rmtree(path, ignore_errors=True)
    return path


# Checks and builds under test keep ptref's cache folder (ptref/model/cache.py: the ICD-10-CM
# facts, the rules' findings, the stored pages) apart from the user's: every test session starts
# empty, then reuses what it worked out.
os.environ["PTREF_CACHE_DIR"] = str(world_readable_tmp("ptref-cache"))


@pytest.fixture(scope="session")
def site() -> Path:
    """The real site, built once per test run. Under pytest-xdist (./dev test runs a worker per
    core) the first worker to ask builds it while the others wait on a lock, and all read the same
    folder; no test writes into it."""
    return _shared("site", _build_or_fail)


@pytest.fixture(scope="session")
def generated_pages() -> Path:
    """`ptref generate` on the real data, once per test run (shared by the workers as `site` is):
    the plain Markdown pages and files the site serves, for tests that read what is published.
    No test writes into it."""
    return _shared("generated", _generate_or_fail)


def _shared(name: str, make) -> Path:
    """A folder made once per test run by `make(dest)`: under pytest-xdist the first worker to
    ask makes it while the others wait on a lock, and all read the same folder."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        dest = world_readable_tmp(name)
        make(dest)
        return dest
    base = Path("/tmp") / f"ptref-tests-run-{run}"
    base.mkdir(mode=0o755, exist_ok=True)
    os.chmod(base, 0o755)
    dest = base / name
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (base / f"{name}.made").exists():
            shutil.rmtree(dest, ignore_errors=True)
            make(dest)
            (base / f"{name}.made").touch()
    return dest


def _generate_or_fail(dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    ptref = Path(sys.executable).parent / "ptref"
    result = subprocess.run([str(ptref), "generate", str(dest), "--data", str(DATA)], capture_output=True, text=True)
    assert result.returncode == 0, f"ptref generate failed:\n{result.stderr}"


def _build_or_fail(dest: Path) -> None:
    result = build_site(dest)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def kb():
    from ptref.site import load

    return load(DATA)


@pytest.fixture(scope="module")
def keep(kb):
    """The reference names the US-English pass keeps as written."""
    from ptref.study.spelling import kept_names

    return kept_names(r.data for r in kb.all("references"))


@pytest.fixture(scope="module")
def us(keep):
    """Data text as the bank shows it: through the same US-English pass (ptref/study/spelling.py)."""
    from ptref.study.spelling import us_english

    return lambda text: us_english(text, keep)


@pytest.fixture(scope="module")
def generated(kb):
    """The generated questions as a candidate reads them: the bank's topics, after the US-English pass."""
    from ptref.study.bank import groups

    return [q for g in groups(kb) if g.case is None for q in g.questions]


_VALIDATED: dict[tuple, tuple] = {}


def validated(data_dir: Path = DATA, **options) -> tuple[dict, list]:
    """ptref.site.validate(data_dir, **options), run once per test process for each folder and
    options: validate is pure (the same files give the same entries and errors), and the real
    data costs most of a second to check. For folders no test writes into (the real data); the
    entries are shared, so a test never changes them."""
    from ptref.site import validate

    key = (str(data_dir), tuple(sorted(options.items())))
    if key not in _VALIDATED:
        _VALIDATED[key] = validate(data_dir, **options)
    return _VALIDATED[key]


def ptref_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`ptref ARGS` as the `ptref` script runs it (cli.main), in this process: status, stdout,
    stderr. Starting Python and ptref for each call cost a third of a second of CPU or more;
    the command still reads and checks its data folder as the script does. The environment
    is restored afterwards (`check --no-cache` sets PTREF_NO_CACHE). tests/test_validation.py
    runs the script itself."""
    from ptref import cli
    from ptref.model import icd

    environ = dict(os.environ)
    # The ICD-10-CM edition and day the command checks against (icd.use_edition) are the
    # process's own; put them back as a separate process would leave them.
    edition = {name: getattr(icd, name) for name in ("_edition", "_changes", "_on", "_editions")}
    capsys.readouterr()
    try:
        status = cli.main(list(args))
    except SystemExit as exit:  # argparse's usage errors
        status = exit.code
    finally:
        for name in set(os.environ) - set(environ):
            del os.environ[name]
        os.environ.update(environ)
        for name, value in edition.items():
            setattr(icd, name, value)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def minimal_copy(tmp_path) -> Path:
    """A writable copy of the smallest valid data set, for tests that break it on purpose."""
    dest = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", dest)
    return dest


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """A test module's Chromium (browser.py) is stopped after its last test."""
    if nextitem is None or nextitem.module is not item.module:
        import browser

        browser.close_shared()


# ---- which test files start first ---------------------------------------------------------------
# pytest-xdist hands out whole files (--dist loadfile; ./dev passes --no-loadscope-reorder, or it
# would reorder the files by their number of tests, so a file of one long test would start last).
# A worker that starts a long file near the end keeps the run going alone, so the files that took
# longest in the last run (pytest's cache folder, .pytest_cache/) start first. Only the order in
# which files start depends on it: every test runs, and no result depends on the times.
FILE_SECONDS = "ptref/file-seconds"
# A fresh clone (CI's case) has no cache: it starts files in the order of the times of a full run
# kept here (refresh it from .pytest_cache/v/ptref/file-seconds after a full run when files move).
BASELINE_SECONDS = Path(__file__).with_name("file-seconds.json")


def pytest_collection_modifyitems(config, items):
    """Tests that need the built site, or every page as `ptref generate` writes it, are `slow`; so
    are those marked by hand (they build a site of their own or start a server). `./dev test
    --fast` leaves them out.

    Files run longest first, by their time in the last run, else in tests/file-seconds.json; a
    file in neither (a new one) starts first if it holds slow tests. Each file keeps its own order
    of tests."""
    for item in items:
        if "site" in item.fixturenames or "generated_pages" in item.fixturenames:
            item.add_marker(pytest.mark.slow)
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    cache = getattr(config, "cache", None)  # None with -p no:cacheprovider
    seconds = json.loads(BASELINE_SECONDS.read_text(encoding="utf-8"))
    seconds.update(cache.get(FILE_SECONDS, {}) if cache is not None else {})

    def start_order(item):
        file = item.nodeid.split("::")[0]
        unknown = float("inf") if item.path in slow_files else 0.0  # a new file, or a fresh clone
        return -seconds.get(file, unknown), item.path not in slow_files

    items.sort(key=start_order)  # stable: each file keeps its order
    _start_others_without_the_build(config, items)


SHARED_FOLDERS = {"site", "generated_pages"}  # the fixtures the first worker to ask makes (_shared)


def _start_others_without_the_build(config, items) -> None:
    """The first file's worker builds the shared site; the other workers start the longest files
    that need neither the site nor the generated pages, instead of waiting on the lock for them."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    files = list(dict.fromkeys(item.path for item in items))  # in start order
    waits = {item.path for item in items if SHARED_FOLDERS & set(item.fixturenames)}
    if workers < 2 or not files or files[0] not in waits:
        return
    others = [file for file in files[1:] if file not in waits][: workers - 1]
    order = {file: n for n, file in enumerate([files[0], *others, *(f for f in files[1:] if f not in others)])}
    items.sort(key=lambda item: order[item.path])


_RUN_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report):
    """Adds up each file's time (setup, call and teardown), in the process that writes the cache
    (the pytest-xdist controller receives its workers' reports)."""
    file = report.nodeid.split("::")[0]
    _RUN_SECONDS[file] = _RUN_SECONDS.get(file, 0.0) + report.duration


def pytest_sessionfinish(session):
    config = session.config
    cache = getattr(config, "cache", None)
    if hasattr(config, "workerinput") or cache is None or not _RUN_SECONDS:
        return  # a worker: the controller writes the times
    seconds = cache.get(FILE_SECONDS, {})
    seconds.update({file: round(total, 2) for file, total in _RUN_SECONDS.items()})
    cache.set(FILE_SECONDS, seconds)
