"""`mkdocs serve` rebuilds a page when the YAML behind it changes, with no restart."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, free_port

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, limit_s: float) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        page = _get(url)
        if page and text in page:
            return True
        time.sleep(0.5)
    return False


def test_editing_data_while_serving_updates_the_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    port = free_port()
    env = {**os.environ, "PTREF_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"}
    # Serve the repository's config but watch the fixture data too.
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "serve",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--watch",
            str(data),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/red-flags/fracture-signs.html"
    try:
        assert _wait_for(url, "Possible vertebral fracture", 120), "mkdocs serve did not start"
        path = data / "red_flags.yml"
        path.write_text(path.read_text().replace("Possible vertebral fracture", "Suspected vertebral fracture"))
        assert _wait_for(url, "Suspected vertebral fracture", 120), "the page was not rebuilt after the edit"
        # The reverse side (the contraindication that points at this red flag) follows too.
        assert "Suspected vertebral fracture" in _get(f"http://127.0.0.1:{port}/contraindications/spinal-fracture.html")
    finally:
        server.terminate()
        server.wait(timeout=30)
