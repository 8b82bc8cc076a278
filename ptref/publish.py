"""Building the site for a clinic: all-or-nothing builds, reproducible output, an offline zip.

MkDocs is run as a command, not imported, so this module stays free of MkDocs imports.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: entries carry no build time


class BuildFailed(Exception):
    pass


def source_date_epoch(root: Path = ROOT) -> str | None:
    """The build's timestamp, never the clock: SOURCE_DATE_EPOCH if set, else the last commit's
    time, else (a copy without git history) midnight UTC of the newest `last_reviewed` date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30
        )
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    dates = [
        m
        for p in sorted((root / "data").rglob("*.yml"))
        for m in re.findall(r"last_reviewed:\s*[\"']?(\d{4}-\d{2}-\d{2})", p.read_text(encoding="utf-8"))
    ]
    if not dates:
        return None
    newest = datetime.strptime(max(dates), "%Y-%m-%d").replace(tzinfo=UTC)
    return str(int(newest.timestamp()))


def replace_atomically(dest: Path, build) -> None:
    """Run build(tmp_dir) and put its output at dest only if it succeeds.

    The new site is written beside dest and swapped in with renames, so a failed build leaves
    the previous site as it was and nothing half-written anywhere.
    """
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}-building-", dir=dest.parent))
    try:
        build(work / "site")
        old = dest.with_name(f".{dest.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if dest.exists():
            dest.rename(old)
        (work / "site").rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mkdocs_build(site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    epoch = source_date_epoch(config.parent)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    mkdocs = Path(sys.executable).parent / "mkdocs"
    # No --quiet: it sets MkDocs' logger to ERROR, so warnings never reach the counter that
    # --strict aborts on (a broken link would pass). The output is captured and shown only when
    # the build fails.
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BuildFailed((result.stdout + result.stderr).strip())
    os.chmod(site_dir, 0o755)  # web servers (and linkchecker, as nobody) must read it


def build(dest: Path) -> None:
    replace_atomically(dest, mkdocs_build)


def write_zip(site_dir: Path, zip_path: Path, top: str, extra: dict[str, bytes] | None = None) -> None:
    """A zip whose bytes depend only on the files: sorted names, fixed times and modes. `extra`
    adds files by their path in the site (the START HERE note) without writing into the folder."""
    files: dict[str, Path | bytes] = {
        path.relative_to(site_dir).as_posix(): path for path in site_dir.rglob("*") if path.is_file()
    }
    files.update(extra or {})
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files, key=lambda n: Path(n).parts):
            info = zipfile.ZipInfo(f"{top}/{name}", ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            content = files[name]
            zf.writestr(info, content if isinstance(content, bytes) else content.read_bytes(), compresslevel=9)


# The first thing a person sees in the unzipped folder, beside index.html. Windows line ends:
# the folder is mostly opened from a shared drive on Windows, where Notepad shows this file.
START_HERE_NAME = "START HERE.txt"
START_HERE = """Thoracic Spine PT Reference: offline copy

To open it, double-click index.html in this folder. It opens in your web browser.

Nothing needs installing and no internet is needed: the pages, search, the calculators and
the printable cards all work from this folder.

Keep the folder whole: the pages use the files and folders beside index.html. To share it,
copy the whole folder (for example to a shared drive) and give people a shortcut to
index.html. To put it on a web server instead, see "Hosting for clinics" in the reference
(about/hosting.html).

For education only: not medical, legal or billing advice.
"""


def bundle(zip_path: Path, top: str = "thoracic-pt-reference", site: Path | None = None) -> str:
    """Build the site and zip it for offline use (open index.html from the unzipped folder, as
    the START HERE note beside it says). `site`: a site already built from this commit by
    `mkdocs_build`, zipped as it is (the folder is left unchanged)."""
    zip_path = zip_path.resolve()
    note = {START_HERE_NAME: START_HERE.replace("\n", "\r\n").encode("utf-8")}
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            site = Path(tmp) / "site"
            mkdocs_build(site)
        partial = zip_path.with_name(f".{zip_path.name}.partial")
        write_zip(site, partial, top, note)
        partial.replace(zip_path)
    return hashlib.sha256(zip_path.read_bytes()).hexdigest()


def site_digest(site_dir: Path) -> dict[str, str]:
    """sha256 of every file in a built site, by path: what a clinic compares to check a deployment."""
    return {
        p.relative_to(site_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }
