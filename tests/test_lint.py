"""The Python code stays as ruff wants it (linted and formatted), and the engine as mypy wants it
(typed); both are configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

RUFF = Path(sys.executable).parent / "ruff"
MYPY = Path(sys.executable).parent / "mypy"


def test_ruff_finds_nothing():
    result = subprocess.run([str(RUFF), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_code_is_formatted():
    result = subprocess.run([str(RUFF), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "run .venv/bin/ruff format .\n" + result.stdout[-3000:]


def test_the_engine_type_checks():
    result = subprocess.run([str(MYPY)], cwd=ROOT, capture_output=True, text=True)  # files: ptref/
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
