"""The knowledge base of the build in progress, shared by the hook and the macros.

Loaded afresh by the hook's on_config at every build (and every `mkdocs serve` rebuild), so an
edited YAML file shows without a restart. Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.kb import KnowledgeBase
from ..site import load

if TYPE_CHECKING:
    from .render_cache import RenderCache

_current: KnowledgeBase | None = None
render_cache: RenderCache | None = (
    None  # a render_cache.RenderCache under `mkdocs serve` (set by the hook's on_startup)
)
one_build = False  # `mkdocs build`: one build, then the process ends (set by the hook's on_startup)


def data_dir(config_file: str) -> Path:
    """`PTREF_DATA` overrides the data folder (tests build fixtures this way)."""
    return Path(os.environ.get("PTREF_DATA") or Path(config_file).parent / "data")


def clinic_dir() -> Path | None:
    """`PTREF_CLINIC` names a clinic's overlay folder (`ptref build --clinic DIR`, `./dev serve --clinic DIR`)."""
    found = os.environ.get("PTREF_CLINIC")
    return Path(found) if found else None


def releases_dir(config_file: str) -> Path:
    """The release snapshots (releases/<version>.json), beside mkdocs.yml."""
    return Path(config_file).parent / "releases"


def abbreviations_file(config_file: str) -> Path:
    return Path(config_file).parent / "docs/includes/abbreviations.md"


def reload(config_file: str) -> KnowledgeBase:
    global _current
    # The rules' findings cache `ptref check` uses (ptref/rules/findings_cache.py): a build, or a
    # serve rebuild after an edit, runs again only the rules that read a kind of data that
    # changed since the last check or build (PTREF_NO_CACHE=1: every rule).
    _current = load(data_dir(config_file), clinic_dir(), cache=True)
    return _current


def current() -> KnowledgeBase:
    """The knowledge base the hook loaded; a generator that runs no MkDocs hook (Zensical) gets
    it here, from the data folder beside the mkdocs.yml of the working directory (or PTREF_DATA)."""
    if _current is None:
        return reload(str(Path.cwd() / "mkdocs.yml"))
    return _current
