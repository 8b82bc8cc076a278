"""The frame of the printable one-page cards: head, print bar, footer with sources, card index.

A card belongs to the kind it shows (`CARDS = [Card(...)]` in ptref/kinds/<kind>/cards.py or
pathways.py); ptref/site.py gathers them and hands them to `CardRenderer`. Each card is HTML
(every data string escaped with `h`), wrapped in <article class="ptref-card">; the print
stylesheet fits it on one portrait page of US Letter or A4, and the card tests print each one in
Chromium to prove it. No MkDocs import; no kind imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, SOURCES, display_name
from . import SITE_NAME
from .clinic import card_brand, paper_style
from .text import emphasised, html_text


def h(text: object) -> str:
    return escape(" ".join(str(text).split()), quote=True)


# What a card draws: (the body HTML, the entries it shows, a stamp for its footer such as the
# code-set edition, or "").
Drawn = tuple[str, list[Entry], str]


@dataclass(frozen=True)
class Card:
    slug: str
    title: str
    purpose: str
    draw: Callable[[CardRenderer, Card], Drawn]
    order: int  # position in the card index (and in the build)
    units_tool: bool = False  # the print bar links to the units calculator


def link(base: str, entry: Entry, text: str) -> str:
    """A raw HTML link to an entry's built page (MkDocs does not rewrite raw HTML links)."""
    return f'<a href="{base}{KINDS[entry.kind].url_dir}/{h(entry.id)}.html">{h(text)}</a>'


class CardRenderer:
    def __init__(self, kb: KnowledgeBase, cards: Sequence[Card], base: str = "../"):
        self.kb = kb
        self.every = sorted(cards, key=lambda c: c.order)  # from the kind folders (ptref/site.py)
        self.base = base

    def render(self, slug: str) -> str:
        card = next(c for c in self.every if c.slug == slug)
        body, entries, stamp = card.draw(self, card)
        # Raw HTML links are not rewritten by MkDocs: they name the built .html page.
        calculator = (
            f' <a href="{self.base}tools/units-calculator.html">Open the units calculator</a>'
            if card.units_tool
            else ""
        )
        return (
            paper_style(self.kb) + f"# {h(card.title)}\n\n"
            '<p class="ptref-print-bar"><button type="button" class="md-button md-button--primary" '
            f"data-ptref-print>Print this card</button> One page, US Letter or A4.{calculator}</p>\n\n"
            f'<article class="ptref-card ptref-card--{h(slug)}">\n'
            f'<header class="ptref-card__head">{card_brand(self.kb, self.base)}<h2 class="ptref-card__title">{h(card.title)}</h2></header>\n'
            f"{body}\n{self._footer(card, entries, stamp)}\n</article>\n"
        )

    def cards(self) -> list[Card]:
        """The cards of this edition: a clinic that hides a section has none of its cards."""
        return [c for c in self.every if not self.kb.hides(f"cards/{c.slug}")]

    def index(self) -> str:
        items = "\n".join(f"- [{h(c.title)}]({c.slug}.md): {h(c.purpose)}" for c in self.cards())
        return (
            "# Printable cards\n\nOne-page quick references made from the same data as the site, so the "
            "two never disagree. Open a card and use its Print button (or your browser's print command): "
            "each fits one portrait page of US Letter or A4 and reads well in black and white.\n\n"
            + items
            + "\n"
            + self._home_sheets()
        )

    def _home_sheets(self) -> str:
        """Home-exercise sheets are not cards: the programme builder makes them, from a
        condition's starter programme (issue 27)."""
        if self.kb.hides("tools/home-programme"):
            return ""
        return (
            "\nHome exercise sheets for patients: "
            f'<a href="{self.base}tools/home-programme.html">programme builder</a>.\n'
        )

    def notice_text(self, notice_id: str) -> str:
        """A notice's text alone, as HTML element content, its `emphasis` in bold."""
        data = self.kb.get("notices", notice_id).data
        return emphasised(data["text"], data.get("emphasis", ()), html_text, "<b>{}</b>")

    def notice(self, notice_id: str, extra_items: str = "") -> str:
        """A notice from data/notices.yml as a card block: heading, text, points as a tight list."""
        data = self.kb.get("notices", notice_id).data
        points = "".join(f"<li>{h(p)}</li>" for p in data.get("points", [])) + extra_items
        listing = f'<ul class="ptref-tight">{points}</ul>' if points else ""
        return f"<h3>{h(data['title'])}</h3><p>{h(data['text'])}</p>{listing}"

    def _footer(self, card: Card, entries: list[Entry], stamp: str) -> str:
        # The card's rules of thumb (7th character, units) come from the guides on its codes:
        # their sources are the card's sources too.
        shown = {(e.kind, e.id) for e in entries}
        entries = entries + [
            g
            for g in self.kb.all("guides")
            if any((edge.target.kind, edge.target.id) in shown for edge in self.kb.links_from(g))
        ]
        refs: dict[str, Entry] = {}
        for entry in entries:
            for link in self.kb.links_from(entry):
                # In a clinic's edition, not what only its hidden pages or fields cite.
                if link.relation.target_kind == SOURCES and not self.kb.hidden_citation(link):
                    refs[link.target.id] = link.target
        reviewed = max((e.data["last_reviewed"] for e in entries), default="")
        sources = "; ".join(
            h(display_name(SOURCES, r.data))
            for r in sorted(refs.values(), key=lambda r: display_name(SOURCES, r.data).lower())
        )
        # On paper the card names where its sources are listed; the full list (a red-flag card
        # cites dozens) would not fit on the page, so it shows on screen only.
        return (
            '<footer class="ptref-card__foot">'
            f"<p><strong>{h(card.title)}</strong> · Data reviewed {h(reviewed)}"
            f"{' · ' + h(stamp) if stamp else ''} · {h(SITE_NAME)}. "
            f"{h(self.kb.get('notices', 'not-advice').data['text'])}</p>"
            f'<p class="ptref-print-only">Sources: {len(refs)} references, listed under this card at '
            f"cards/{h(card.slug)}.html and on the page of each entry it shows.</p>"
            f'<p class="ptref-screen-only">Sources: {sources or "see each entry on the site"}.</p></footer>'
        )
