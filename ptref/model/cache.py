"""Where ptref keeps what it can work out again: `$PTREF_CACHE_DIR`, else `$XDG_CACHE_HOME/ptref`,
else `~/.cache/ptref`. `PTREF_NO_CACHE=1` turns every cache off. Two caches live there: the
ICD-10-CM facts (icd_cache.py) and parsed data files (yamlload.py). Deleting the folder is
always safe."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("PTREF_CACHE_DIR"):
        return Path(os.environ["PTREF_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ptref"


def enabled() -> bool:
    return os.environ.get("PTREF_NO_CACHE", "") in ("", "0")
