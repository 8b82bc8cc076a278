"""Links across kinds: every reference cited, no entry left unreached. (What a condition or an
intervention needs is checked in its own folder, ptref/kinds/<kind>/rules.py.)"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.kinds import PAGED, SOURCES
from ..model.schema import relations
from .registry import Entries, Finding, rule, shared


def _linked(entries: Entries) -> tuple[set, set]:
    """(kind, id) pairs that link out, and those linked to (once per run: two rules ask)."""
    found = shared("linked", lambda: _find_links(entries))
    assert isinstance(found, tuple)
    return found


def _find_links(entries: Entries) -> tuple[set, set]:
    out, into = set(), set()
    for r in relations():
        for entry in entries[r.source_kind].values():
            for _, target in r.targets(entry.data):
                out.add((r.source_kind, entry.id))
                into.add((r.target_kind, target))
    return out, into


@rule(
    "reference-cited",
    "a reference is cited nowhere",
    "A source that supports nothing on the site is either a forgotten citation or clutter.",
)
def _reference_cited(entries: Entries) -> Iterator[Finding]:
    _, into = _linked(entries)
    for entry in entries["references"].values():
        if ("references", entry.id) not in into:
            yield entry, "id", "cite it where it supports a statement, or remove it"


@rule(
    "no-orphans",
    "an entry links to nothing and nothing links to it",
    "An entry no page reaches cannot be found by browsing; it is usually a missing link.",
)
def _no_orphans(entries: Entries) -> Iterator[Finding]:
    out, into = _linked(entries)
    browsable = [kind for kind in PAGED if kind != SOURCES]  # reference-cited says it better
    for kind in browsable:
        for entry in entries[kind].values():
            if (kind, entry.id) not in out and (kind, entry.id) not in into:
                yield entry, "id", "link it from or to a related entry"
