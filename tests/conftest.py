"""Shared fixtures: the repository, the real knowledge base, and sites built from data."""

from __future__ import annotations

import fcntl
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
    """Run `mkdocs build --strict` for the repository's config with the given data folder."""
    env = {**os.environ, "PTREF_DATA": str(data_dir), "NO_MKDOCS_2_WARNING": "1"}
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
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        dest = world_readable_tmp("site")
        _build_or_fail(dest)
        return dest
    base = Path("/tmp") / f"ptref-tests-run-{run}"
    base.mkdir(mode=0o755, exist_ok=True)
    os.chmod(base, 0o755)
    dest = base / "site"
    with open(base / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (base / "site.built").exists():
            shutil.rmtree(dest, ignore_errors=True)
            _build_or_fail(dest)
            (base / "site.built").touch()
    return dest


def _build_or_fail(dest: Path) -> None:
    result = build_site(dest)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def kb():
    from ptref.site import load

    return load(DATA)


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


def pytest_collection_modifyitems(items):
    """Tests that need the built site are `slow`; so are those marked by hand (they build a site
    of their own or start a server). `./dev test --fast` leaves them out.

    Files holding slow tests run first: pytest-xdist hands out whole files (--dist loadfile) in
    this order, so the long ones start early and the many short ones fill the workers' ends."""
    for item in items:
        if "site" in item.fixturenames:
            item.add_marker(pytest.mark.slow)
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: each file keeps its order
