"""A small on-disk cache of ICD-10-CM facts, so that most runs never load the whole code set.

One JSON file per simple-icd-10-cm version and cache format, in `$PTREF_CACHE_DIR`, else
`$XDG_CACHE_HOME/ptref`, else `~/.cache/ptref`. It holds only what the package answered
(icd.facts_from_package), so a new package version starts a new file. A missing, unreadable
or foreign file is ignored and rewritten; a cache that cannot be written is skipped (the
answers are then computed from the package every run, as without a cache). `PTREF_NO_CACHE=1`
turns it off.
"""

from __future__ import annotations

import atexit
import json
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .cache import cache_dir, enabled

FORMAT = 2  # 2: code-also notes; code-first and use-additional notes as whole strings
PACKAGE = "simple-icd-10-cm"


class FactCache:
    """Answers per code from a file, falling back to `compute` (and remembering) on a miss."""

    def __init__(self, compute: Callable[[str], dict], compute_leaves: Callable[[str], list]):
        self._compute, self._compute_leaves = compute, compute_leaves
        self._data: dict | None = None
        self._dirty = False
        self._atexit = False

    def path(self) -> Path:
        return cache_dir() / f"icd10cm-{metadata.version(PACKAGE)}-format{FORMAT}.json"

    def _loaded(self) -> dict:
        if self._data is None:
            self._data = {"facts": {}, "leaves": {}}
            if enabled():
                try:
                    stored = json.loads(self.path().read_text(encoding="utf-8"))
                    if stored.get("format") == FORMAT and stored.get("package") == metadata.version(PACKAGE):
                        self._data = {"facts": dict(stored["facts"]), "leaves": dict(stored["leaves"])}
                except (OSError, ValueError, KeyError, TypeError, AttributeError):
                    pass  # no cache yet, or not ours: start empty
        return self._data

    def facts(self, code: str) -> dict:
        return self._get("facts", code, self._compute)

    def leaves(self, code: str) -> list[str]:
        return self._get("leaves", code, self._compute_leaves)

    def _get(self, table: str, code: str, compute):
        known = self._loaded()[table]
        if code not in known:
            known[code] = compute(code)
            self._dirty = True
            if not self._atexit:
                atexit.register(self.flush)
                self._atexit = True
        return known[code]

    def flush(self) -> None:
        """Write new answers to the cache file (atomically; several builds may race)."""
        if not (self._dirty and enabled()):
            return
        path = self.path()
        doc = {"format": FORMAT, "package": metadata.version(PACKAGE), **self._loaded()}
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(doc, out, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, path)
            tmp = None
            self._dirty = False
        except OSError:
            pass  # a read-only home: every run asks the package, as without a cache
        finally:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
