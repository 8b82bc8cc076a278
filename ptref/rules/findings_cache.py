"""What each content rule found in an earlier `ptref check`, reused while what it read is unchanged.

A rule reads the entries through a `Reads` view, which notes each kind the rule looks at
(`entries["red_flags"]`, `entries.get("cases")`; walking every kind notes all of them), and the
kinds read by a value that several rules share (registry.shared) count for every rule that uses
it. After a run, a rule's findings are stored with the digest of each kind it read: the text of
every file its entries come from, with the file's name. A later run reuses them only when every
one of those digests is the same, so an edit to any entry of a kind the rule read runs the rule
again; kinds it never read do not. The store's name holds a digest of everything else a finding
may depend on: ptref's own files (code, schemas, word lists), the versions of Python and the
installed packages, the day, and the ICD-10-CM edition in use. A stale store is never read: its
name or its digests no longer match. It lives in the cache folder (ptref/model/cache.py), under
`rule-findings/`; `ptref check --no-cache` or `PTREF_NO_CACHE=1` turns it off, and deleting the
folder is always safe.

`ptref check` (ptref/cli.py) and the site build (ptref/mkdocs_glue/state.py, `mkdocs build` and
every `mkdocs serve` rebuild) use it; tests that call the rules directly run every rule, as does
a check or build of a clinic edition (its overrides change entries after they are read from
their files). A rule
keeps this correct by reading the data through `entries` or `shared()` only, never through a
module-level memo filled by another rule.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..model import cache, icd
from ..model.cache import kind_digests
from ..model.entry import Entry

Entries = dict[str, dict[str, Entry]]
FOLDER = "rule-findings"

# The kinds read by the rule running now, and by each shared value being worked out for it.
_reading: list[set[str]] = []
# The rules whose findings the last run reused, and those it ran (for the tests).
LAST_RUN: dict[str, list[str]] = {"reused": [], "ran": []}


def note(kinds) -> None:
    """The running rule (and any shared value being worked out for it) read these kinds."""
    for found in _reading:
        found.update(kinds)


class Reads(Mapping):
    """The entries by kind, noting which kinds are read."""

    def __init__(self, entries: Entries):
        self._entries = entries

    def __getitem__(self, kind: str) -> dict[str, Entry]:
        note((kind,))
        return self._entries[kind]

    def __contains__(self, kind: object) -> bool:
        note((kind,))
        return kind in self._entries

    def __iter__(self) -> Iterator[str]:
        note(self._entries)
        return iter(self._entries)

    def __len__(self) -> int:
        note(self._entries)
        return len(self._entries)


class recording:
    """`with recording() as kinds:` the kinds read inside the block (nested blocks add to outer ones)."""

    def __enter__(self) -> set[str]:
        self.kinds: set[str] = set()
        _reading.append(self.kinds)
        return self.kinds

    def __exit__(self, *exc) -> None:
        _reading.pop()


class Store:
    """The stored findings of one run's setting (code, day, ICD-10-CM edition, codes checked)."""

    def __init__(self, entries: Entries, official_codes: bool):
        self.entries = entries
        self.digests = kind_digests(entries) if cache.enabled() else None
        self.folder = cache.cache_dir() / FOLDER / cache.setting_digest(*icd.setting(), official_codes)

    def _path(self, rule_id: str) -> Path:
        return self.folder / f"{rule_id}.json"

    def load(self, rule_id: str) -> list[tuple[Entry, str, str]] | None:
        """The rule's findings, when every kind it read is as it was; else None (run it)."""
        if self.digests is None:
            return None
        try:
            stored = json.loads(self._path(rule_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or any(
            self.digests.get(kind) != digest for kind, digest in stored.get("reads", {}).items()
        ):
            return None
        found = []
        for kind, entry_id, field, detail in stored.get("findings", []):
            entry = self.entries.get(kind, {}).get(entry_id)
            if entry is None:
                return None
            found.append((entry, field, detail))
        return found

    def save(self, rule_id: str, reads: set[str], findings: list[tuple[Entry, str, str]]) -> None:
        if self.digests is None or any(kind not in self.digests for kind in reads):
            return
        record = {
            "reads": {kind: self.digests[kind] for kind in sorted(reads)},
            "findings": [[e.kind, e.id, field, detail] for e, field, detail in findings],
        }
        path = self._path(rule_id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(record), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache folder: run every rule every time
