"""Screen pages a kind draws besides its entry pages: the triage pathway and the body map.

A kind lists them as `SCREENS = [Screen(...)]` in its pathways.py; ptref/site.py gathers them and
writes each at its path with `draw(kb, base)` (base: the path from the page to the docs root).
They are the screen twins of the print cards (ptref/render/cards.py): normal body type, made
for a phone, from the same data. No MkDocs import; no kind imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model.kb import KnowledgeBase


@dataclass(frozen=True)
class Screen:
    path: str  # under docs/, e.g. "pathways/body-map.md"
    draw: Callable[[KnowledgeBase, str], str]  # (knowledge base, base) -> Markdown


def front_matter(hide: tuple[str, ...] = ()) -> str:
    """Material front matter hiding parts of the frame ("toc", "navigation"), or nothing."""
    if not hide:
        return ""
    return "---\nhide:\n" + "".join(f"  - {part}\n" for part in hide) + "---\n\n"
