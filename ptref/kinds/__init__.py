"""The kinds of entry, one module each, found at import time.

Each kind is one folder, `ptref/kinds/<key>/`: `schema.json` (its JSON Schema; the `x-ref`
fields are its relations, see ptref/model/schema.py) and `page.py`, which defines
`KIND = Kind(...)`: where its data lives, how its entries are named and grouped, the sections of
its page and any piece of page, index or export that only this kind has. Whatever else belongs
to the kind alone (cards, pathways, question templates, rules) goes in the same folder.
Nothing outside this package branches on a kind's name: code that needs something only one kind
has asks the kind for it. CONTRIBUTING.md walks through adding a kind.

No MkDocs import here or in the kind modules; page hooks receive the page renderer as an
argument (ptref/render/pages.py), so these modules import only text helpers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.entry import Entry
    from ..render.pages import PageRenderer

    PageHook = Callable[[PageRenderer, Entry], str]
else:
    PageHook = Callable

SCHEMA_DIR = Path(__file__).parent
# The kind every other kind cites. Pages list links into it apart, as their sources.
SOURCES = "references"


@dataclass(frozen=True)
class Section:
    """One section of an entry's page: a heading, the field it shows, and how.

    `style` names a generic way to show a field (see PageRenderer._section: para, bullets,
    steps, links, sourced, sourced_list, dated_list, dosage, measures) or is a function
    (page renderer, entry) -> Markdown for a section only this kind has. An empty heading
    leaves the heading to the function. The section shows only when the field is present."""

    heading: str
    field: str
    style: str | PageHook


def _name(data: dict) -> str:
    return data["name"]


def _nothing(page: PageRenderer, entry: Entry) -> str:
    return ""


@dataclass(frozen=True)
class Kind:
    key: str  # the data file (data/<key>.yml), the folder (ptref/kinds/<key>/), the export key
    singular: str  # "red flag"
    plural: str  # "Red flags": the index page's title and the kind's tag
    url_dir: str  # pages live at <url_dir>/<id>.html
    intro: str  # one line under the index page's title
    order: int  # position in menus, counts and the export
    name_of: Callable[[dict], str] = _name  # the name a reader sees in lists and titles
    sections: tuple[Section, ...] = ()
    # Choice fields shown as words, value -> words, in display order (for red flags' urgency
    # also the order of urgency).
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Choice fields worked out from an entry's data rather than stored (a prediction rule's
    # status): field -> (entry data) -> value. Tags, index groups and the export read them.
    derived: Mapping[str, Callable[[dict], str]] = field(default_factory=dict)
    tag_fields: tuple[str, ...] = ()  # choice fields (or lists of choices) that become page tags
    field_words: Mapping[str, str] = field(default_factory=dict)  # a field as the tags pages name it ("type")
    group_by: str | None = None  # choice field that groups the index page
    index_note: str | None = None  # text field shown after each link on the index page
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
    # Derived fields in the export: (entry data) -> {field: value}, with their JSON Schemas.
    export_fields: Callable[[dict], dict[str, Any]] | None = None
    export_schema: Mapping[str, dict] = field(default_factory=dict)
    has_pages: bool = True  # False: data used by other pages (notices), no page of its own
    required_ids: tuple[str, ...] = ()  # entries the renderers name by id: the check fails without them

    @property
    def schema_path(self) -> Path:
        return SCHEMA_DIR / self.key / "schema.json"

    def label(self, field: str, value: str) -> str:
        return self.labels[field][value]

    def value(self, field: str, data: dict):
        """A choice field's value, stored or derived; None when the entry has neither."""
        if field in self.derived:
            return self.derived[field](data)
        return data.get(field)


def discover() -> dict[str, Kind]:
    """Every kind folder in this package (one with a page.py), in each kind's `order`."""
    found: list[Kind] = []
    for folder in sorted(SCHEMA_DIR.iterdir()):
        if folder.name.startswith("_") or not (folder / "page.py").is_file():
            continue
        # A folder without __init__.py imports as a namespace package; the kinds here have one,
        # for mypy and to say what the folder holds.
        kind = importlib.import_module(f"{__name__}.{folder.name}.page").KIND
        if kind.key != folder.name:
            raise ValueError(f"ptref/kinds/{folder.name}/page.py defines kind {kind.key!r}: the names must agree")
        if not kind.schema_path.exists():
            raise ValueError(f"kind {kind.key!r} has no schema file ptref/kinds/{kind.key}/schema.json")
        unlabelled = [f for f in (*kind.tag_fields, kind.group_by) if f is not None and f not in kind.labels]
        if unlabelled:
            raise ValueError(f"kind {kind.key!r}: no labels for {', '.join(unlabelled)} (tag_fields, group_by)")
        found.append(kind)
    return {k.key: k for k in sorted(found, key=lambda k: (k.order, k.key))}


KINDS: dict[str, Kind] = discover()
PAGED: dict[str, Kind] = {k: v for k, v in KINDS.items() if v.has_pages}


def label_table(kind: str, field: str) -> Mapping[str, str]:
    """The words for a choice field of a kind, in display order."""
    return KINDS[kind].labels[field]


def display_name(kind: str, data: dict) -> str:
    """The name a reader sees for an entry, in lists and page titles."""
    return KINDS[kind].name_of(data)
