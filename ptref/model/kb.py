"""The knowledge base: validated entries plus both directions of every relation.

Relations are stored once, on the side the schema declares; `incoming` is derived here, so a
page can list everything that points at it without the data saying it twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import InitVar, dataclass, field
from functools import lru_cache
from pathlib import Path

from . import translations
from .clinic import Clinic, load_clinic
from .entry import DataError, Entry, path_steps
from .kinds import KINDS, display_name
from .schema import Relation, relations
from .translations import Translation
from .validate import Rules, validate


class DataInvalid(Exception):
    """Raised with every data error found; nothing should be built from such data."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} data error(s):\n{lines}")


@dataclass(frozen=True)
class Link:
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
        for rel in relations():
            for source in self.entries[rel.source_kind].values():
                for path, target_id in rel.targets(source.data):
                    link = Link(rel, source, self.entries[rel.target_kind][target_id], _item_of(source.data, path))
                    self.outgoing[(source.kind, source.id)].append(link)
                    self.incoming[(link.target.kind, target_id)].append(link)

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

    def hides(self, path: str) -> bool:
        """In a clinic's edition, whether the clinic hides the page or file at `path`."""
        return self.clinic is not None and self.clinic.hides_path(path)

    def hides_kind(self, kind: str) -> bool:
        return self.clinic is not None and kind in self.clinic.hidden_kinds()

    def counts(self) -> dict[str, int]:
        return {kind: len(self.entries[kind]) for kind in KINDS}


@lru_cache(maxsize=1)
def _relation_order() -> dict[Relation, int]:
    return {rel: i for i, rel in enumerate(relations())}


def _item_of(data: dict, path: str):
    """For 'key_findings[2].assessment' return the mapping at key_findings[2]."""
    if "." not in path:
        return None
    node = data
    for step in path_steps(path.rsplit(".", 1)[0]):
        node = node[step]
    return node


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
    return KnowledgeBase(entries, clinic=clinic, translations=translations.load(Path(data_dir), entries)[0])
