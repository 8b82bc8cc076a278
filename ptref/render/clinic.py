"""What a clinic's edition changes in the pages and cards: its contacts, its name and logo on
paper, its paper size, and links into the sections it hides (shown as plain text). No MkDocs;
the clinic itself is read and checked in ptref/model/clinic.py, and what its edition leaves out
is decided once, by the knowledge base (KnowledgeBase.hides and the methods beside it)."""

from __future__ import annotations

import posixpath
import re
from html import escape

from ..model.clinic import contact_line
from ..model.kb import KnowledgeBase
from .text import esc


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
        return match.group(1) if target is not None and kb.hides(target) else match.group(0)

    def html(match: re.Match) -> str:
        target = _target(page_path, match.group(1))
        return match.group(2) if target is not None and kb.hides(target) else match.group(0)

    return _HTML_LINK.sub(html, _MD_LINK.sub(markdown, text))
