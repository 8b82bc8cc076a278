"""Markdown for entity pages and kind index pages. Plain Python: no MkDocs import.

A page is its kind's declared sections (`PAGE = KindPage(...)` in ptref/kinds/<kind>/page.py),
then what only that kind adds, then what points at the entry (derived reverse relations, so every
link shows on both of its ends), then its sources. The assembly (ptref/site.py) hands the
renderer every kind's `KindPage`; this module imports no kind. The methods without a leading
underscore are what kind modules use to write their own pieces: link, link_text, link_line,
links, cite, sourced, notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..model import dates
from ..model.entry import Entry
from ..model.kb import KnowledgeBase, Link
from ..model.kinds import KINDS, PAGED, SOURCES, display_name, label_table
from .text import admonition, attr, bullets, emphasised, esc, numbered

INDEX_PAGE_SIZE = 1000  # entries per index page; the largest kind today has about 130

PageHook = Callable[["PageRenderer", Entry], str]


@dataclass(frozen=True)
class Section:
    """One section of an entry's page: a heading, the field it shows, and how.

    `style` names a generic way to show a field (see PageRenderer._section: para, bullets,
    steps, links, choices, sourced, sourced_list, dated_list, dosage, measures) or is a function
    (page renderer, entry) -> Markdown for a section only this kind has. An empty heading
    leaves the heading to the function. The section shows only when the field is present."""

    heading: str
    field: str
    style: str | PageHook


def _nothing(page: PageRenderer, entry: Entry) -> str:
    return ""


@dataclass(frozen=True)
class KindPage:
    """How a kind's entries are shown: what its schema's x-kind block (ptref/model/kinds.py)
    does not say because it takes code."""

    sections: tuple[Section, ...] = ()
    badges: PageHook = _nothing  # a line under the title
    callout: PageHook = _nothing  # a box under the title (what matters most for safety)
    extra: PageHook = _nothing  # sections after the declared ones
    # Relations of this kind whose reverse side its own `extra` shows (not listed again).
    reverse_shown_by_extra: tuple[str, ...] = ()
    # False: the other side lists this kind's entries without the note of the list item that
    # names it (a case question's 'why' explains its answer, not its wrong choices).
    reverse_notes: bool = True
    # Pages besides the entry pages and the index: (page renderer) -> [(path, Markdown)].
    extra_pages: Callable[[PageRenderer], Iterable[tuple[str, str]]] | None = None
    # The index as more than a list of links (red flags: cues, urgency and action on each line):
    # (page renderer, entries of one group) -> HTML for that group, and what goes above the
    # groups (a filter). None: one bullet per entry.
    index_group: Callable[[PageRenderer, list[Entry]], str] | None = None
    index_top: Callable[[PageRenderer], str] | None = None


NO_PAGE = KindPage()


def _pager(names: list[str], current: int) -> str:
    """Links to the other pages of a split index, or nothing when there is one page."""
    if len(names) == 1:
        return ""
    links = [f"**{n + 1}**" if n == current else f"[{n + 1}]({name})" for n, name in enumerate(names)]
    return "Pages: " + " · ".join(links)


def href(entry: Entry, base: str) -> str:
    return f"{base}{KINDS[entry.kind].url_dir}/{entry.id}.md"


class PageRenderer:
    """Renders pages for one knowledge base; `base` is the path from the page to the docs root."""

    def __init__(self, kb: KnowledgeBase, pages: Mapping[str, KindPage], base: str = "../"):
        self.kb = kb
        self.pages = pages  # kind -> KindPage, from the kind folders (ptref/site.py)
        self.base = base
        self._order_cache: dict[str, list[str]] = {}  # kind -> entry ids in index order
        self._position_cache: dict[str, dict[str, int]] = {}

    def page_of(self, kind: str) -> KindPage:
        return self.pages.get(kind, NO_PAGE)

    def entity(self, kind: str, entry_id: str) -> str:
        entry = self.kb.get(kind, entry_id)
        info = self.page_of(kind)
        parts = [
            f"# {esc(display_name(kind, entry.data))}",
            self._aka(entry),
            info.badges(self, entry),
            info.callout(self, entry),
        ]
        gone = self.kb.hidden_fields(kind, only=True)  # fields that link only into kinds the edition hides
        for section in info.sections:
            if section.field in entry.data and section.field not in gone:
                body = self._section(entry, section.field, section.style)
                parts.append(f"## {section.heading}\n\n{body}" if section.heading else body)
        parts.append(info.extra(self, entry))
        parts.append(self._incoming(entry))
        parts.append(self._sources(entry))
        parts.append(f'<p class="ptref-reviewed">Last reviewed: {attr(entry.data["last_reviewed"])}</p>')
        parts.append(self._siblings(entry))
        return "\n\n".join(p for p in parts if p) + "\n"

    def _index_order(self, kind: str) -> list[tuple[str, Entry]]:
        """(group label, entry) in the order the kind's index lists them."""
        info = KINDS[kind]
        # In a clinic's edition, an entry whose page is left out (a coding guide) is not listed.
        entries = [e for e in self.kb.all(kind) if not self.kb.hides(f"{info.url_dir}/{e.id}")]
        if info.group_by is None:
            return [("", e) for e in entries]
        return [
            (label, e)
            for value, label in info.labels[info.group_by].items()
            for e in entries
            if info.value(info.group_by, e.data) == value
        ]

    def _siblings(self, entry: Entry) -> str:
        """Links to the previous and next entry of the same kind, in the order of its index, and
        to the index: entry pages are outside the site's navigation, so without these a reader
        goes back to the index to move sideways."""
        order = self._order_cache.get(entry.kind)
        if order is None:
            order = [e.id for _, e in self._index_order(entry.kind)]
            self._order_cache[entry.kind] = order
            self._position_cache[entry.kind] = {entry_id: n for n, entry_id in enumerate(order)}
        n = self._position_cache[entry.kind].get(entry.id)
        if n is None or len(order) < 2:
            return ""
        info = KINDS[entry.kind]
        items = []
        if n > 0:
            prev = self.kb.get(entry.kind, order[n - 1])
            items.append(
                f'<a class="ptref-siblings__prev" href="{self.base}{info.url_dir}/{prev.id}.html" rel="prev">'
                f'<span class="ptref-siblings__dir">Previous {attr(info.singular)}</span> '
                f"{attr(display_name(entry.kind, prev.data))}</a>"
            )
        if n + 1 < len(order):
            nxt = self.kb.get(entry.kind, order[n + 1])
            items.append(
                f'<a class="ptref-siblings__next" href="{self.base}{info.url_dir}/{nxt.id}.html" rel="next">'
                f'<span class="ptref-siblings__dir">Next {attr(info.singular)}</span> '
                f"{attr(display_name(entry.kind, nxt.data))}</a>"
            )
        items.append(
            f'<a class="ptref-siblings__all" href="{self.base}{info.url_dir}/index.html">'
            f"All {attr(info.plural.lower())} ({n + 1} of {len(order)})</a>"
        )
        label = f"Other {info.plural.lower()}"
        return (
            f'<nav class="ptref-siblings" aria-label="{attr(label)}" data-search-exclude="true">{"".join(items)}</nav>'
        )

    def index_pages(self, kind: str):
        """(file name, Markdown) of a kind's index: `index.md`, then `index-2.md`... when the kind
        has more than INDEX_PAGE_SIZE entries, so that no index page grows past about 1 MB."""
        info = KINDS[kind]
        shape = self.page_of(kind)

        def group(members: list[Entry]) -> str:
            if shape.index_group is not None:
                return shape.index_group(self, members)
            return bullets([self._index_line(e) for e in members], str)

        rows = self._index_order(kind)
        chunks = [rows[i : i + INDEX_PAGE_SIZE] for i in range(0, len(rows), INDEX_PAGE_SIZE)] or [[]]
        names = ["index.md"] + [f"index-{n}.md" for n in range(2, len(chunks) + 1)]
        for n, (name, chunk) in enumerate(zip(names, chunks, strict=True)):
            parts = [f"# {info.plural}" + (f" (page {n + 1} of {len(chunks)})" if n else ""), esc(info.intro)]
            if shape.index_top is not None:
                parts.append(shape.index_top(self))
            pager = _pager(names, n)
            if pager:
                parts.append(pager)
            heading = None
            members: list[Entry] = []
            for label, entry in chunk:
                if label != heading:
                    if members:
                        parts.append(group(members))
                    if label:
                        parts.append(f"## {esc(label)}")
                    heading, members = label, []
                members.append(entry)
            if members:
                parts.append(group(members))
            if pager:
                parts.append(pager)
            yield name, "\n\n".join(parts) + "\n"

    def index(self, kind: str) -> str:
        """The first (at today's size, the only) index page of a kind."""
        return next(iter(self.index_pages(kind)))[1]

    def extra_pages(self):
        """(path, Markdown) of the pages a kind adds besides its entries and index (the code lookup)."""
        for kind in PAGED:
            extra = self.page_of(kind).extra_pages
            if extra is not None:
                yield from extra(self)

    # --- for kind modules --------------------------------------------------------------------
    def link(self, entry: Entry) -> str:
        return self.link_text(entry, display_name(entry.kind, entry.data))

    def link_text(self, entry: Entry, text: str) -> str:
        info = KINDS[entry.kind]
        if not info.has_pages:  # a notice: named, not linked
            return f"{esc(text)} ({esc(info.singular)})"
        return f"[{esc(text)}]({href(entry, self.base)})"

    def link_line(self, other: Entry, item: dict | None) -> str:
        """A link to the entry at the other end, with the note its list item carries."""
        note = _note_of(item)
        return self.link(other) + (f": {esc(note)}" if note else "")

    def links(self, entry: Entry, field: str) -> list[Link]:
        """Links stored in one field; sources cited inside that field are shown apart."""
        return [
            edge
            for edge in self.kb.links_from(entry)
            if edge.relation.path[0] == field and (edge.relation.target_kind != SOURCES or field == SOURCES)
        ]

    def cite(self, ref_ids) -> str:
        return "; ".join(self.link(self.kb.get(SOURCES, r)) for r in ref_ids)

    def sourced(self, value: dict) -> str:
        return f"{esc(value['statement'])} ({self.cite(value['references'])})"

    def notice_text(self, notice_id: str) -> str:
        """A notice's text alone, as inline Markdown, for a sentence in the page's own frame."""
        data = self.kb.get("notices", notice_id).data
        return emphasised(data["text"], data.get("emphasis", ()))

    def notice(self, notice_id: str, style: str = "info") -> str:
        """A fixed text from data/notices.yml in a box, with its sources when it has any."""
        data = self.kb.get("notices", notice_id).data
        body = esc(data["text"])
        if "points" in data:
            body += "\n\n" + bullets(data["points"])
        if "references" in data:
            body += f"\n\nSources: {self.cite(data['references'])}"
        return admonition(style, data["title"], body)

    # --- generic pieces -------------------------------------------------------------------------
    def _aka(self, entry: Entry) -> str:
        names = entry.data.get("also_known_as")
        return f"*Also known as:* {'; '.join(esc(n) for n in names)}" if names else ""

    def _section(self, entry: Entry, field: str, style) -> str:
        if callable(style):
            return style(self, entry)
        value = entry.data[field]
        if style == "para":
            return esc(value)
        if style == "bullets":
            return bullets(value)
        if style == "steps":
            return numbered(value)
        if style == "links":
            return bullets([self.link_line(edge.target, edge.item) for edge in self.links(entry, field)], str)
        if style == "choices":
            words = label_table(entry.kind, field)
            return ", ".join(words[x] for x in value) + "."
        if style == "dosage":
            return self._dosage(entry)
        if style == "sourced":
            return self.sourced(value)
        if style == "sourced_list":
            return bullets([self.sourced(v) for v in value], str)
        if style == "dated_list":
            return bullets([f"{self.sourced(v)} {_dates(v)}" for v in value], str)
        if style == "measures":
            return bullets([self._measure(m) for m in value], str)
        raise ValueError(f"unknown section style {style!r}")

    def _dosage(self, entry: Entry) -> str:
        """The dosage, and whether a source or only usual practice set its numbers."""
        data = entry.data
        basis = []
        if "dosage_references" in data:
            basis.append(f"Sources for these numbers: {self.cite(data['dosage_references'])}.")
        if data.get("dosage_convention"):
            basis.append(self.notice_text("dosage-convention"))
        return esc(data["dosage"]) + ("\n\n" + " ".join(basis) if basis else "")

    def _measure(self, m: dict) -> str:
        sample = "" if m["thoracic_sample"] else " **Not measured in thoracic pain.**"
        return f"{esc(m['statement'])} Population: {esc(m['population'])}.{sample} ({self.cite(m['references'])})"

    def _incoming(self, entry: Entry) -> str:
        """What points at this entry, one list per reverse label (sources are listed apart):
        relations that share a label (a case's answers and its wrong choices) share a list."""
        grouped: dict[str, set[str]] = {}
        for relation, links in self.kb.links_to(entry).items():
            if not relation.shown or self.kb.hides_kind(relation.source_kind):
                continue  # a study-only link (schema x-shown: false), or a kind this edition hides
            shown_elsewhere = relation.path[0] in self.page_of(relation.source_kind).reverse_shown_by_extra
            if relation.target_kind == SOURCES or shown_elsewhere:
                continue
            lines = grouped.setdefault(relation.reverse_label, set())
            with_note = self.page_of(relation.source_kind).reverse_notes
            lines.update(self.link_line(e.source, e.item) if with_note else self.link(e.source) for e in links)
        return "\n\n".join(f"## {esc(label)}\n\n" + bullets(sorted(lines), str) for label, lines in grouped.items())

    def _sources(self, entry: Entry) -> str:
        refs = {
            edge.target.id: edge.target
            for edge in self.kb.links_from(entry)
            if edge.relation.target_kind == SOURCES and not self.kb.hidden_citation(edge)
        }
        if not refs:
            return ""
        ordered = sorted(refs.values(), key=lambda r: display_name(SOURCES, r.data))
        return "## Sources\n\n" + bullets([f"{self.link(r)}: {esc(r.data['citation'])}" for r in ordered], str)

    def _index_line(self, entry: Entry) -> str:
        note = KINDS[entry.kind].index_note
        line = self.link(entry)
        return f"{line}: {esc(entry.data[note])}" if note else line


def _dates(item: dict) -> str:
    """'*(applies 2026-01-01 to 2026-12-31; checked 2026-12-02)*' for a dated statement."""
    window = ""
    if "effective" in item and "valid_until" in item:
        window = f"applies {item['effective']} to {item['valid_until']}; "
    elif "effective" in item:
        window = f"applies from {item['effective']}; "
    elif "valid_until" in item:
        window = f"applies until {item['valid_until']}; "
    dated = f"*({esc(window)}checked {esc(item['checked'])})*"
    if dates.is_pending(item, dates.today()):  # ended, its successor not yet read: say so loudly
        dated += f" **{esc(dates.pending_words(item))}**"
    return dated


def _note_of(item: dict | None) -> str:
    """The text that travels with an id in a list item ('why', 'finding', 'when'...)."""
    if not item:
        return ""
    for key in ("finding", "why", "when", "how_to_tell"):
        if key in item:
            return item[key]
    return ""
