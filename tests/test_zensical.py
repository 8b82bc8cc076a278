"""The generated Markdown builds with Zensical too (pinned in pyproject.toml): every entity page
exists there, and the macros of the hand-written pages run. Zensical runs no MkDocs hook, so the
generated pages come from `ptref generate`, as a clinic moving off MkDocs would make them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from ptref.model.kinds import PAGED
from ptref.site import load

pytestmark = pytest.mark.slow  # builds a site

BIN = Path(sys.executable).parent


def test_the_generated_tree_builds_with_zensical(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    subprocess.run([str(BIN / "ptref"), "generate", str(project / "docs"), "--data", str(DATA)], check=True)
    env = {**os.environ, "PTREF_DATA": str(DATA)}
    result = subprocess.run(
        [str(BIN / "zensical"), "build", "-f", "mkdocs.yml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = project / "site"
    kb = load(DATA)
    missing = [
        f"{info.url_dir}/{entry_id}"
        for kind, info in PAGED.items()
        for entry_id in kb.entries[kind]
        if not (site / info.url_dir / f"{entry_id}.html").is_file()
    ]
    assert not missing, f"entity pages missing from the Zensical build: {missing[:10]}"
    review_log = (site / "about/review-log.html").read_text(encoding="utf-8")
    assert 'href="../red-flags/pancoast-tumour.html"' in review_log, "the entry() macro did not run"
    assert "{{" not in review_log
