"""What a clinic's edition changes in the pages and cards: its contacts, its name and logo on
paper, its paper size, and links into the sections it hides (shown as plain text). No MkDocs;
the clinic itself is read and checked in ptref/model/clinic.py."""

from __future__ import annotations

import posixpath
import re
from html import escape

from ..model.clinic import contact_line
from ..model.kb import KnowledgeBase, Link
from ..model.kinds import KINDS, SOURCES
from ..model.schema import relations
from .text import esc


def hidden(kb: KnowledgeBase, path: str) -> bool:
    """Whether the edition leaves out the page at `path` (under docs/, with or without .md):
    the sections the clinic hides, and a source that only hidden pages and fields cite (a
    Medicare billing article in an edition without coding)."""
    if kb.hides(path):
        return True
    folder, _, name = path.partition("/")
    if folder != "references" or kb.clinic is None or not kb.clinic.hide:
        return False
    return name.removesuffix(".md").removesuffix(".html") in _hidden_sources(kb)


def hidden_kind(kb: KnowledgeBase, kind: str) -> bool:
    return kb.hides_kind(kind)


def hidden_fields(kb: KnowledgeBase, kind: str) -> frozenset[str]:
    """Fields of a kind that link into a kind the edition hides (a condition's candidate codes
    and its codes reported together): what they cite is not shown either."""
    if kb.clinic is None or not kb.clinic.hide:
        return frozenset()
    return frozenset(rel.path[0] for rel in relations() if rel.source_kind == kind and hidden_kind(kb, rel.target_kind))


def hidden_citation(kb: KnowledgeBase, link: Link) -> bool:
    """Whether a link from an entry to a source is out of this edition: its entry's page is
    left out, it is cited in a field the edition does not show, or the source itself is left out."""
    return _hidden_link(kb, link) or link.target.id in _hidden_sources(kb)


def _hidden_link(kb: KnowledgeBase, link: Link) -> bool:
    source = link.source
    return (
        hidden_kind(kb, source.kind)
        or kb.hides(f"{KINDS[source.kind].url_dir}/{source.id}")
        or link.relation.path[0] in hidden_fields(kb, source.kind)
    )


_last_sources: tuple[object, frozenset[str]] | None = None


def _hidden_sources(kb: KnowledgeBase) -> frozenset[str]:
    """Ids of the sources an edition leaves out: those cited only from what it hides, and those
    that hidden pages cite and shown entries name only in their general list of sources (a
    condition's `references`, which also lists the coding sources of its hidden codes). A source
    that a shown entry cites for a particular statement, and one cited by nothing, stay."""
    global _last_sources
    if _last_sources is not None and _last_sources[0] is kb:
        return _last_sources[1]
    if kb.clinic is None or not kb.clinic.hide:
        found: frozenset[str] = frozenset()
    else:
        by_hidden, for_a_statement, shown = set(), set(), set()
        for links in kb.outgoing.values():
            for link in links:
                if link.relation.target_kind != SOURCES:
                    continue
                ref = link.target.id
                if _hidden_link(kb, link):
                    by_hidden.add(ref)
                else:
                    shown.add(ref)
                    if link.relation.path[0] != SOURCES:
                        for_a_statement.add(ref)
        found = frozenset(ref for ref in by_hidden if ref not in shown or ref not in for_a_statement)
    _last_sources = (kb, found)
    return found


def contacts_markdown(kb: KnowledgeBase, urgency: str) -> str:
    """'**Call:** Emergency services: 999; ...' for a red flag's action box, or ''."""
    if kb.clinic is None or not kb.clinic.contacts.get(urgency):
        return ""
    lines = "; ".join(esc(contact_line(c)) for c in kb.clinic.contacts[urgency])
    return f"**{esc(kb.clinic.name)}, call:** {lines}."


def contacts_html(kb: KnowledgeBase, urgency: str) -> str:
    if kb.clinic is None or not kb.clinic.contacts.get(urgency):
        return ""
    lines = "; ".join(escape(contact_line(c)) for c in kb.clinic.contacts[urgency])
    return f'<p class="ptref-contacts"><b>Call:</b> {lines}.</p>'


def card_brand(kb: KnowledgeBase, base: str) -> str:
    """The clinic's logo and name at the head of a card, or ''."""
    if kb.clinic is None:
        return ""
    name = escape(kb.clinic.name)
    return (
        f'<p class="ptref-card__clinic"><img src="{base}{kb.clinic.logo_path}" alt="" '
        f'class="ptref-card__logo"> {name}</p>'
    )


def paper_style(kb: KnowledgeBase) -> str:
    """The clinic's paper for the cards' print layout (an inline style: nothing loaded)."""
    if kb.clinic is None:
        return ""
    size = "A4" if kb.clinic.paper == "a4" else "letter"
    return f"<style>@page {{ size: {size} portrait; }}</style>\n"


# Link text may hold escaped brackets ("\\[Forestier\\]"), as esc() writes them.
_MD_LINK = re.compile(r"(?<!!)\[((?:\\.|[^\]\\\n])*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_LINK = re.compile(r"<a\s[^>]*?href=\"([^\"]+)\"[^>]*>(.*?)</a>", re.S)


def _target(page_path: str, href: str) -> str | None:
    """The site path a relative link points at, or None for an outside or in-page link."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", href, re.I):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))


def strip_hidden_links(kb: KnowledgeBase, page_path: str, text: str) -> str:
    """Links from a page (path under docs/) into a section the clinic hides become their text,
    so that the edition has no link to a page it does not build."""
    if kb.clinic is None or not kb.clinic.hide:
        return text

    def markdown(match: re.Match) -> str:
        target = _target(page_path, match.group(2))
        return match.group(1) if target is not None and hidden(kb, target) else match.group(0)

    def html(match: re.Match) -> str:
        target = _target(page_path, match.group(1))
        return match.group(2) if target is not None and hidden(kb, target) else match.group(0)

    return _HTML_LINK.sub(html, _MD_LINK.sub(markdown, text))
