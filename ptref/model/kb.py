"""The knowledge base: validated entries plus both directions of every relation.

Relations are stored once, on the side the schema declares; `incoming` is derived here, so a
page can list everything that points at it without the data saying it twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import InitVar, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from . import translations
from .clinic import Clinic, load_clinic, localise_emergency_number
from .entry import DataError, Entry
from .kinds import KINDS, SOURCES, display_name
from .schema import Relation, relations
from .translations import Translation
from .validate import Rules, paused_gc, validate


class DataInvalid(Exception):
    """Raised with every data error found; nothing should be built from such data."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} data error(s):\n{lines}")


class Link(NamedTuple):  # a tuple: 300,000 of them at 100x are made three times faster than frozen dataclasses
    relation: Relation
    source: Entry
    target: Entry
    item: dict | None  # the list item holding the id, when it carries more (e.g. 'why')


@dataclass
class KnowledgeBase:
    entries: dict[str, dict[str, Entry]]
    outgoing: dict[tuple[str, str], list[Link]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[tuple[str, str], list[Link]] = field(default_factory=lambda: defaultdict(list))
    clinic: Clinic | None = None  # a clinic's edition (ptref/model/clinic.py), or the plain reference
    # Patient text in other languages, by language code (ptref/model/translations.py).
    translations: dict[str, Translation] = field(default_factory=dict)
    # False: the entries only, without the links between them (a content rule that reads entries
    # by kind needs no more, and at 100x the links take seconds to resolve).
    with_links: InitVar[bool] = True

    def __post_init__(self, with_links: bool):
        if not with_links:
            return
        outgoing, incoming = self.outgoing, self.incoming
        with paused_gc():  # a million small objects that stay alive: nothing for the collector to find
            for rel in relations():
                targets, target_kind = self.entries[rel.target_kind], rel.target_kind
                for source in self.entries[rel.source_kind].values():
                    found = rel.links(source.data)
                    if not found:
                        continue
                    out = outgoing[(source.kind, source.id)]
                    for target_id, item in found:
                        link = Link(rel, source, targets[target_id], item)
                        out.append(link)
                        incoming[(target_kind, target_id)].append(link)

    def get(self, kind: str, entry_id: str) -> Entry:
        return self.entries[kind][entry_id]

    def all(self, kind: str) -> list[Entry]:
        return sorted(self.entries[kind].values(), key=lambda e: display_name(kind, e.data).lower())

    def links_from(self, entry: Entry) -> list[Link]:
        return self.outgoing.get((entry.kind, entry.id), [])

    def links_to(self, entry: Entry) -> dict[Relation, list[Link]]:
        """Incoming links grouped by relation, in schema order."""
        grouped: dict[Relation, list[Link]] = {}
        for link in self.incoming.get((entry.kind, entry.id), []):
            grouped.setdefault(link.relation, []).append(link)
        order = _relation_order()
        return dict(sorted(grouped.items(), key=lambda kv: order[kv[0]]))

    # ---- a clinic's edition: what it leaves out, decided here once for every engine ----------
    # The clinic's own entries and its overrides are in `entries` already (the check applies them
    # when it loads the data, ptref/model/validate.py). What the edition hides (sections, the
    # kinds and pages in them, the sources only they cite, the fields that link into them) is
    # worked out once per knowledge base below; the renderers, the study bank, the assembly
    # (ptref/site.py) and the MkDocs glue ask these methods and decide nothing themselves.

    def hides(self, path: str) -> bool:
        """Whether the edition leaves out the page or file at `path` (under docs/, with or
        without .md/.html): the sections the clinic hides, and a source that only hidden pages and
        fields cite (a Medicare billing article in an edition without coding)."""
        if self.clinic is None:
            return False
        if self.clinic.hides_path(path):
            return True
        folder, _, name = path.partition("/")
        return folder == "references" and name.removesuffix(".md").removesuffix(".html") in self._hidden_sources

    def hides_kind(self, kind: str) -> bool:
        return kind in self._hidden_kinds

    def hidden_fields(self, kind: str, only: bool = False) -> frozenset[str]:
        """Fields of a kind that link into a kind the edition hides (a condition's candidate codes
        and its codes reported together): what they cite is not shown. With `only`, the fields
        whose every target kind is hidden: the page leaves out their section."""
        return self._fields_into_hidden[only].get(kind, frozenset())

    def hidden_citation(self, link: Link) -> bool:
        """Whether a link from an entry to a source is out of this edition: its entry's page is
        left out, it is cited in a field the edition does not show, or the source itself is left out."""
        return self._hidden_link(link) or link.target.id in self._hidden_sources

    @cached_property
    def _hidden_kinds(self) -> frozenset[str]:
        return frozenset(self.clinic.hidden_kinds()) if self.clinic is not None else frozenset()

    @cached_property
    def _fields_into_hidden(self) -> dict[bool, dict[str, frozenset[str]]]:
        targets: dict[tuple[str, str], set[str]] = {}
        for rel in relations():
            targets.setdefault((rel.source_kind, rel.path[0]), set()).add(rel.target_kind)
        found: dict[bool, dict[str, set[str]]] = {False: {}, True: {}}
        if self._hidden_kinds:
            for (kind, name), kinds in targets.items():
                if kinds & self._hidden_kinds:
                    found[False].setdefault(kind, set()).add(name)
                if kinds <= self._hidden_kinds:
                    found[True].setdefault(kind, set()).add(name)
        return {only: {k: frozenset(v) for k, v in by_kind.items()} for only, by_kind in found.items()}

    def _hidden_link(self, link: Link) -> bool:
        source = link.source
        return (
            self.hides_kind(source.kind)
            or (self.clinic is not None and self.clinic.hides_path(f"{KINDS[source.kind].url_dir}/{source.id}"))
            or link.relation.path[0] in self.hidden_fields(source.kind)
        )

    @cached_property
    def _hidden_sources(self) -> frozenset[str]:
        """Ids of the sources an edition leaves out: those cited only from what it hides, and those
        that hidden pages cite and shown entries name only in their general list of sources (a
        condition's `references`, which also lists the coding sources of its hidden codes). A
        source that a shown entry cites for a particular statement, and one cited by nothing, stay."""
        if self.clinic is None or not self.clinic.hide:
            return frozenset()
        by_hidden, for_a_statement, shown = set(), set(), set()
        for links in self.outgoing.values():
            for link in links:
                if link.relation.target_kind != SOURCES:
                    continue
                ref = link.target.id
                if self._hidden_link(link):
                    by_hidden.add(ref)
                else:
                    shown.add(ref)
                    if link.relation.path[0] != SOURCES:
                        for_a_statement.add(ref)
        return frozenset(ref for ref in by_hidden if ref not in shown or ref not in for_a_statement)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.entries[kind]) for kind in KINDS}


@lru_cache(maxsize=1)
def _relation_order() -> dict[Relation, int]:
    return {rel: i for i, rel in enumerate(relations())}


def load(data_dir: Path, clinic_dir: Path | None = None, *, rules: Rules) -> KnowledgeBase:
    """The checked knowledge base; with `clinic_dir`, that clinic's edition of it. `rules`: the
    content rules to run (ptref.site.load hands in every registered rule)."""
    clinic = None
    if clinic_dir is not None:
        clinic, clinic_errors = load_clinic(Path(clinic_dir))
        if clinic_errors:
            raise DataInvalid(clinic_errors)
    entries, errors = validate(Path(data_dir), clinic=clinic, rules=rules)
    if errors:
        raise DataInvalid(errors)
    translated = translations.load(Path(data_dir), entries)[0]
    if clinic is not None and clinic.emergency_number:
        localise_emergency_number(entries, translated, clinic.emergency_number)
    return KnowledgeBase(entries, clinic=clinic, translations=translated)
