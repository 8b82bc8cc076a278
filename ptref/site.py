"""The assembly: loads and checks the data with every content rule, and lists the pages and
files the site gets from it as (path, content) pairs. No MkDocs import.

This is the one module that knows every part: the model (ptref/model), the engines that read it
(ptref/render, ptref/study, ptref/rules) and the kinds (ptref/kinds). Imports run one way,
`model <- {render, study, rules} <- kinds <- site <- {mkdocs_glue, cli}`, and
tests/test_layers.py fails on any that runs back up.

Every generated page is plain Markdown: front matter (tags from fixed label tables), then the
text, links and tables that `ptref.render` writes, with every data string escaped. No macro is
left to expand, so the same files build with MkDocs (through the hook) or any other generator
that reads Markdown, and `ptref generate OUT/` writes them to disk. mkdocs-macros renders only
the hand-written pages that ask for it (`render_macros: true`), never these, so a `{{ }}` typed
in YAML stays text.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType

from . import rules
from .model import cache as _cache
from .model import icd
from .model import kb as _kb
from .model import validate as _validate
from .model.changes import snapshot
from .model.clinic import Clinic
from .model.entry import DataError, Entry
from .model.export import dumps, export, export_schema
from .model.kb import KnowledgeBase
from .model.kinds import KINDS, KINDS_DIR, PAGED, register_derived
from .render.cards import Card, CardRenderer
from .render.clinic import strip_hidden_links
from .render.pages import KindPage, PageRenderer
from .render.screens import Screen
from .render.study import study_files
from .render.tags import tags_pages
from .render.whats_new import whats_new_files
from .study import bank
from .study import questions as study_questions

EXPORT_PATH = "data/knowledge-base.json"
EXPORT_SCHEMA_PATH = "data/knowledge-base.schema.json"
CARD_FRONT_MATTER = "---\nhide:\n  - navigation\n  - toc\n---\n\n"


def _kind_module(kind: str, part: str) -> ModuleType | None:
    """ptref.kinds.<kind>.<part> when the kind's folder has that file (page, cards, rules...)."""
    if not (KINDS_DIR / kind / f"{part}.py").is_file():
        return None
    return importlib.import_module(f"{__package__}.kinds.{kind}.{part}")


SCREENS: list[Screen] = []  # screen pages from the kinds' pathways.py (the body map, the triage pathway)


def _discover() -> tuple[dict[str, KindPage], list[Card]]:
    """Import every kind folder's modules and hand their pieces to the engines: its page and its
    cards (cards.py, pathways.py) to the renderers (returned), its question templates
    (questions.py) to the study engine, its derived fields to the model; its rules (rules.py)
    register themselves with ptref.rules when imported."""
    pages = {}
    cards: list[Card] = []
    for kind in KINDS:
        for part in ("cards", "pathways"):
            module = _kind_module(kind, part)
            if module is not None:
                cards += module.CARDS
                SCREENS.extend(getattr(module, "SCREENS", []))
        module = _kind_module(kind, "questions")
        if module is not None:  # study question templates: QUESTIONS, and the TOPICS they fill
            study_questions.register(module.QUESTIONS, getattr(module, "TOPICS", {}), getattr(module, "PLACE", 1000))
        _kind_module(kind, "rules")  # content rules register themselves with @rule on import
        module = _kind_module(kind, "page")
        if module is None:
            continue
        pages[kind] = module.PAGE
        for field, compute in getattr(module, "DERIVED", {}).items():
            if field not in KINDS[kind].derived:
                raise ValueError(
                    f"ptref/kinds/{kind}/page.py derives {field!r}, which its schema's x-kind does not declare"
                )
            register_derived(kind, field, compute)
    for kind, info in KINDS.items():
        for field in info.derived:
            if field not in getattr(_kind_module(kind, "page"), "DERIVED", {}):
                raise ValueError(
                    f"ptref/kinds/{kind}/schema.json declares derived {field!r}; page.py has no DERIVED for it"
                )
    slugs = [c.slug for c in cards]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"two cards share a slug: {sorted(s for s in slugs if slugs.count(s) > 1)}")
    return pages, sorted(cards, key=lambda c: c.order)


PAGES: Mapping[str, KindPage]
CARDS: list[Card]
PAGES, CARDS = _discover()


def page_renderer(kb: KnowledgeBase, base: str = "../") -> PageRenderer:
    """A page renderer that knows every kind's page (base: the path from the page to the docs root)."""
    return PageRenderer(kb, PAGES, base)


def card_renderer(kb: KnowledgeBase, base: str = "../") -> CardRenderer:
    """A card renderer that knows every kind's cards."""
    return CardRenderer(kb, CARDS, base)


def validate(
    data_dir: Path,
    official_codes: bool = True,
    as_of: date | None = None,
    clinic: Clinic | None = None,
    cache: bool = False,
) -> tuple[dict[str, dict[str, Entry]], list[DataError]]:
    """Load and check every data file with every content rule (ptref.model.validate.validate).
    cache: reuse rules' findings while what they read is unchanged (ptref/rules/findings_cache.py;
    never with a clinic, whose overrides change entries after they are read)."""
    use_cache = cache and clinic is None
    return _validate.validate(
        data_dir, official_codes, as_of, clinic, rules=lambda e, o: rules.run(e, o, cache=use_cache)
    )


def load(data_dir: Path, clinic_dir: Path | None = None, cache: bool = False) -> KnowledgeBase:
    """The checked knowledge base, content rules included (ptref.model.kb.load). cache: reuse
    rules' findings while what they read is unchanged, as `ptref check` does (never with a clinic)."""
    use_cache = cache and clinic_dir is None
    return _kb.load(data_dir, clinic_dir, rules=lambda e, o: rules.run(e, o, cache=use_cache))


def generated_files(kb: KnowledgeBase, snapshots: Sequence[dict] = ()):
    """(path under docs/, content) for every generated page and file. `snapshots`: the release
    snapshots, oldest first (changes.releases), for the "What changed" page and its feed.

    In a clinic's edition, the clinic's pages and logo come too; pages of a section the clinic
    hides do not, and links into such a section read as plain text."""
    for path, content in _every_file(kb, snapshots):
        if kb.hides(path):
            continue
        if isinstance(content, str) and path.endswith(".md"):
            content = strip_hidden_links(kb, path, content)
        yield path, content


def _every_file(kb: KnowledgeBase, snapshots: Sequence[dict]):
    pages = page_renderer(kb, base="../")  # every generated page sits one folder deep
    for kind, info in PAGED.items():
        for name, content in pages.index_pages(kind):
            yield f"{info.url_dir}/{name}", content
        for entry in kb.entries[kind].values():
            yield f"{info.url_dir}/{entry.id}.md", _front_matter(tags(kind, entry.data)) + pages.entity(kind, entry.id)
    yield from pages.extra_pages()
    yield from tags_pages(kb)
    cards = card_renderer(kb, base="../")
    yield "cards/index.md", cards.index()
    for card in cards.cards():
        yield f"cards/{card.slug}.md", CARD_FRONT_MATTER + cards.render(card.slug)
    for screen in SCREENS:
        yield screen.path, screen.draw(kb, "../")
    bank.stored_groups(kb, bank_store(kb))  # the question bank of an earlier build, when it still holds
    yield from study_files(kb)
    doc = export(kb)
    yield EXPORT_PATH, dumps(doc)
    yield EXPORT_SCHEMA_PATH, dumps(export_schema())
    yield from whats_new_files(kb, list(snapshots), snapshot(doc, "current", ""))
    if kb.clinic is not None:
        yield kb.clinic.logo_path, kb.clinic.logo.read_bytes()
        for page in kb.clinic.pages:
            yield f"clinic/{page.name}", page.read_text(encoding="utf-8")


BANK_FOLDER = "question-bank"


def bank_store(kb: KnowledgeBase) -> Path | None:
    """Where the question bank of this data is stored between builds (ptref/study/bank.py,
    stored_groups): in the cache folder (ptref/model/cache.py), under a name made of everything
    the bank depends on, as the rules' findings are (ptref/rules/findings_cache.py): the text and
    name of every data file of every kind, ptref's own files, the versions of Python and the
    installed packages, the day, the ICD-10-CM edition. An edit to any of them names another file,
    so a stored bank is never read for other data. None (work it out every time) with the cache
    turned off (`PTREF_NO_CACHE=1`), in a clinic's edition, or for entries made in memory."""
    if not _cache.enabled() or kb.clinic is not None:
        return None
    digests = _cache.kind_digests(kb.entries)
    if digests is None:
        return None
    return _cache.cache_dir() / BANK_FOLDER / f"{_cache.setting_digest(*icd.setting(), digests)}.json"


def tags(kind: str, data: dict) -> list[str]:
    """Material tags: the kind and its fixed choice fields, never free text from data."""
    info = KINDS[kind]
    found = [info.plural]
    for field in info.tag_fields:
        value = info.value(field, data)
        if value is not None:
            found.append(info.label(field, value))
    return found


def _front_matter(tags: list[str]) -> str:
    # JSON strings are YAML strings; tags come from fixed label tables, not from data text.
    return "\n".join(["---", "tags:", *(f"  - {json.dumps(t)}" for t in tags), "---", "", ""])
