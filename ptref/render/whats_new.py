"""The "What changed" page and its Atom feed, from the release snapshots (ptref/model/changes.py).

Per release, newest first: what was added, changed and removed since the release before it,
grouped by kind, each entry linked to its page while it exists. Changes since the newest
release show first as "Not yet released". Nothing here is typed by hand.
"""

from __future__ import annotations

from html import escape

from ..model.changes import Change, compare
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS
from . import SITE_NAME as SITE
from .text import bullets, esc

PAGE = "about/whats-new.md"
FEED = "whats-new.xml"
WHAT = {"added": "Added", "changed": "Changed", "removed": "Removed"}
PER_KIND = 150  # entries listed per kind and release; the rest are counted (ptref diff lists all)


def whats_new_files(kb: KnowledgeBase, snapshots: list[dict], current: dict):
    """(path, content) of the page and the feed. `snapshots` oldest first; `current` is the
    snapshot of the knowledge base being built."""
    sections = _sections(snapshots, current)
    yield PAGE, _page(kb, sections)
    yield FEED, _feed(sections)


def _sections(snapshots: list[dict], current: dict) -> list[tuple[str, str, list[Change] | None]]:
    """(version, date, changes) newest first; changes None for the first release."""
    found: list[tuple[str, str, list[Change] | None]] = []
    for before, release in zip([None, *snapshots], snapshots, strict=False):
        found.append((release["version"], release["date"], compare(before, release) if before else None))
    if snapshots:
        unreleased = compare(snapshots[-1], current)
        if unreleased:
            found.append(("Not yet released", "", unreleased))
    return found[::-1]


def _anchor(version: str) -> str:
    return "release-" + version.replace(".", "-").replace(" ", "-").lower()


def _page(kb: KnowledgeBase, sections) -> str:
    parts = [
        "# What changed",
        "Each release of this reference, newest first, with the entries added, changed and removed "
        "since the release before it. Made by comparing each release's snapshot of the data "
        "(`releases/` in the repository) with the one before; `ptref diff OLD.json NEW.json` does "
        "the same for any two exports of the data. Subscribe to the same list as an "
        f"[Atom feed](../{FEED}).",
    ]
    if not sections:
        parts.append("No release has been made yet.")
    for version, date, changes in sections:
        title = esc(version) + (f" ({esc(date)})" if date else "")
        parts.append(f"## {title} {{ #{_anchor(version)} }}")
        if changes is None:
            parts.append("The first release: the starting point of this list.")
            continue
        parts.append(_summary(changes))
        for kind, group in _by_kind(changes):
            info = KINDS.get(kind)
            heading = info.plural if info else kind.replace("_", " ").capitalize()
            lines = [_line(kb, c) for c in group[:PER_KIND]]
            if len(group) > PER_KIND:
                lines.append(f"and {len(group) - PER_KIND} more (`ptref diff` lists every change)")
            parts.append(f"### {esc(heading)}\n\n" + bullets(lines, str))
    return "\n\n".join(parts) + "\n"


def _summary(changes: list[Change]) -> str:
    counts = {what: sum(1 for c in changes if c.what == what) for what in WHAT}
    return ", ".join(f"{n} {what}" for what, n in counts.items() if n) + "."


def _by_kind(changes: list[Change]):
    kinds: dict[str, list[Change]] = {}
    for c in changes:
        kinds.setdefault(c.kind, []).append(c)
    return kinds.items()


def _line(kb: KnowledgeBase, change: Change) -> str:
    info = KINDS.get(change.kind)
    entry = kb.entries.get(change.kind, {}).get(change.id)
    name = esc(change.name)
    if entry is not None and info is not None and info.has_pages and change.what != "removed":
        name = f"[{name}](../{info.url_dir}/{change.id}.md)"
    fields = f": {esc(', '.join(f.replace('_', ' ') for f in change.fields))}" if change.fields else ""
    return f"{name}: **{WHAT[change.what].lower()}**{fields}"


def _feed(sections) -> str:
    released = [s for s in sections if s[1]]
    updated = released[0][1] if released else "1970-01-01"
    entries = []
    for version, date, changes in released:
        body = (
            "<p>The first release.</p>"
            if changes is None
            else "<ul>"
            + "".join(f"<li>{escape(c.words())}</li>" for c in changes[: PER_KIND * 3])
            + (f"<li>and {len(changes) - PER_KIND * 3} more</li>" if len(changes) > PER_KIND * 3 else "")
            + "</ul>"
        )
        entries.append(
            "  <entry>\n"
            f"    <title>Release {escape(version)}</title>\n"
            f"    <id>urn:ptref:release:{escape(version)}</id>\n"
            f"    <updated>{date}T00:00:00Z</updated>\n"
            f'    <link rel="alternate" href="about/whats-new.html#{_anchor(version)}"/>\n'
            f'    <content type="html">{escape(body)}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{SITE}: what changed</title>\n"
        "  <id>urn:ptref:whats-new</id>\n"
        f"  <updated>{updated}T00:00:00Z</updated>\n"
        f"  <author><name>{SITE}</name></author>\n"
        '  <link rel="alternate" href="about/whats-new.html"/>\n'
        f'  <link rel="self" href="{FEED}"/>\n' + "".join(entries) + "</feed>\n"
    )
