"""What the render cache (render_cache.py) worked out, kept on disk between processes: a page's
HTML from Markdown (step 1) and its search entries (step 3), each under the digest of everything
it was made from. A later `mkdocs build` (or the first build of `mkdocs serve`) of unchanged
pages reads them back instead of converting and parsing every page again.

One SQLite file in the cache folder (ptref/model/cache.py; `PTREF_NO_CACHE=1` turns it off,
deleting it is always safe). Rows are (key, zlib-compressed pickle). At the end of each build
(`save`) the rows this build made are written and every row it did not use is deleted, so the
file holds one build's worth. Anything wrong with the file (locked by another build, damaged,
unwritable folder) leaves the store empty for this build: slower, never wrong.

The file also names the last build that saved it (`mark`, `seen`): a first `mkdocs build`, or
one after ptref, `mkdocs.yml`, a package or the list of files changed, finds its own name
missing and knows no stored page will match. render_cache.py then has worker processes convert
the pages ahead of MkDocs' own loop; each worker keeps what it made in memory (`collect`,
`take`), never touching the file it inherited, and the build's process writes their rows in
(`prefill`). A row written ahead that the build then does not read is dropped at `save`.
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
        self.prefilled = 0  # rows written ahead by worker processes in the last build (tests, logs)
        self._mark = ""  # the name of this build, written by save()
        self._collected: dict[str, bytes] | None = None  # in a worker process: its rows (collect)
        self._inherited: sqlite3.Connection | None = None

    def start(self) -> None:
        """Open the file for a build (called again by each `mkdocs serve` rebuild)."""
        self._new, self._used = {}, set()
        self.read = self.written = self.prefilled = 0
        self._mark = ""
        if self._db is not None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")  # builds beside each other read while one writes
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS builds (key TEXT PRIMARY KEY)")
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
        if self._db is None and self._collected is None:
            return
        try:
            blob = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
        except Exception as exc:  # something MkDocs put on a page that does not pickle: not kept
            log.debug(f"Not kept in the rendered-pages store: {exc}")
            return
        if self._collected is not None:  # a worker process: for take()
            self._collected[key] = blob
            return
        self._new[key] = blob
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

    @property
    def usable(self) -> bool:
        """Whether this build reads and writes the file (start() opened it)."""
        return self._db is not None

    def seen(self, name: str) -> bool:
        """Whether the build that last saved this file was named `name` (see `mark`)."""
        if self._db is None:
            return False
        try:
            return self._db.execute("SELECT 1 FROM builds WHERE key = ?", (name,)).fetchone() is not None
        except sqlite3.Error as exc:
            log.debug(f"The rendered-pages store {self.path} could not be read: {exc}")
            return False

    def mark(self, name: str) -> None:
        """Name this build (render_cache.py: a digest of its settings and files); save() writes it."""
        self._mark = name

    def collect(self) -> None:
        """In a worker process forked from the build: from now on `get` finds nothing and `put`
        keeps rows in memory for `take`. The SQLite connection belongs to the parent process and
        is never used, nor closed, here (SQLite forbids using a connection across a fork)."""
        self._inherited, self._db = self._db, None
        self._collected = {}

    def take(self) -> list[tuple[str, bytes]]:
        """In a worker process: the rows put since the last call, compressed as stored."""
        found = list((self._collected or {}).items())
        self._collected = {}
        return found

    def prefill(self, rows: list[tuple[str, bytes]]) -> None:
        """In the build's process: rows a worker made (take()), written now for `get` to find.
        They are not marked used: a row the build does not read is dropped at save()."""
        if self._db is None or not rows:
            return
        try:
            self._db.executemany("INSERT OR REPLACE INTO rendered (key, value) VALUES (?, ?)", rows)
            self._db.commit()
            self.prefilled += len(rows)
        except sqlite3.Error as exc:
            log.debug(f"The rendered-pages store {self.path} could not be written: {exc}")

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
            db.execute("DELETE FROM builds")
            if self._mark:
                db.execute("INSERT INTO builds (key) VALUES (?)", (self._mark,))
            db.commit()
        except sqlite3.Error as exc:
            log.debug(f"The rendered-pages store {self.path} could not be written: {exc}")
            db.rollback()
            self.written = 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
