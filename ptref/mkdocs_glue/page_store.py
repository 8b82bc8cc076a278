"""What the render cache (render_cache.py) worked out, kept on disk between processes: a page's
HTML from Markdown (step 1) and its search entries (step 3), each under the digest of everything
it was made from. A later `mkdocs build` (or the first build of `mkdocs serve`) of unchanged
pages reads them back instead of converting and parsing every page again.

One SQLite file in the cache folder (ptref/model/cache.py; `PTREF_NO_CACHE=1` turns it off,
deleting it is always safe). Rows are (key, zlib-compressed pickle). At the end of each build
(`save`) the rows this build made are written and every row it did not use is deleted, so the
file holds one build's worth. Anything wrong with the file (locked by another build, damaged,
unwritable folder) leaves the store empty for this build: slower, never wrong.
"""

from __future__ import annotations

import logging
import pickle
import sqlite3
import zlib
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.ptref")

FILE_NAME = "rendered-pages.sqlite"


class PageStore:
    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()
        self.read = self.written = 0  # rows read back and written by the last build (tests, logs)

    def start(self) -> None:
        """Open the file for a build (called again by each `mkdocs serve` rebuild)."""
        self._new, self._used = {}, set()
        self.read = self.written = 0
        if self._db is not None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")  # builds beside each other read while one writes
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            db.commit()
        except (OSError, sqlite3.Error) as exc:
            log.debug(f"The rendered-pages store {self.path} is not used: {exc}")
            return
        self._db = db

    def get(self, key: str):
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM rendered WHERE key = ?", (key,)).fetchone()
            found = None if row is None else pickle.loads(zlib.decompress(row[0]))
        except Exception as exc:  # a damaged row or file: work it out again
            log.debug(f"The rendered-pages store {self.path} could not be read: {exc}")
            return None
        if found is not None:
            self._used.add(key)
            self.read += 1
        return found

    def put(self, key: str, value) -> None:
        if self._db is None:
            return
        try:
            self._new[key] = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
        except Exception as exc:  # something MkDocs put on a page that does not pickle: not kept
            log.debug(f"Not kept in the rendered-pages store: {exc}")
            return
        self._used.add(key)
        if len(self._new) >= 256:  # written as the build goes, not held until its end
            self._write()

    def _write(self) -> None:
        assert self._db is not None
        try:
            self._db.executemany("INSERT OR REPLACE INTO rendered (key, value) VALUES (?, ?)", self._new.items())
            self._db.commit()  # a build beside this one is never kept waiting for long
            self.written += len(self._new)
        except sqlite3.Error as exc:
            log.debug(f"The rendered-pages store {self.path} could not be written: {exc}")
        self._new = {}

    def keep(self, key: str) -> None:
        """A row this build used without reading it (serve found it in memory): not dropped."""
        self._used.add(key)

    def save(self) -> None:
        """Write this build's new rows and drop the rows it did not use."""
        db = self._db
        if db is None:
            return
        self._write()
        try:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in self._used))
            db.execute("DELETE FROM rendered WHERE key NOT IN (SELECT key FROM used)")
            db.commit()
        except sqlite3.Error as exc:
            log.debug(f"The rendered-pages store {self.path} could not be written: {exc}")
            db.rollback()
            self.written = 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
