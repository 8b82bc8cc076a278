"""What the pages and cards of one kind show about entries of another: the edition in force,
a code's partner sentence, a red flag's urgency badge and whom it calls, a contraindication's
mark. Kinds never import each other (tests/test_layers.py): what two kinds both show lives here,
below them, made from the data and the words of the schemas.
"""

from html import escape as h

from ..model import dates
from ..model.kinds import label_table
from .clinic import contacts_html  # a clinic's edition adds who to call
from .pages import PageRenderer
from .text import esc

EDITION_SYSTEM = label_table("editions", "system")  # words from schema.json
# How each needs_partner rule reads, before the partner's description.
PARTNER_RULE = label_table("codes", "needs_partner.rule")  # words from schema.json
URGENCY = label_table("red_flags", "urgency")  # words from schema.json
MARK = {"absolute": "■ Absolute", "precaution": "△ Precaution"}  # as the cards' matrix marks them


def in_force_words(kb, system: str, short: bool = False) -> tuple[str, str]:
    """(the edition of `system` in force today in words, a warning once none is) from the data;
    ('', '') when the data holds no edition of that system. An ended edition whose renewal is
    pending is still named, and the warning is its pending-renewal sentence (it starts with
    dates.PENDING: is_pending_warning tells a caller which box to draw)."""
    editions = kb.entries.get("editions", {}).values()
    today = dates.today()
    current = dates.in_force(editions, system, today)
    words = dates.short_words if short else dates.in_words
    if current is not None:
        return words(current.data), ""
    pending = dates.pending_edition(editions, system, today)
    if pending is not None:
        return words(pending.data), dates.pending_words(pending.data)
    last = dates.newest(editions, system)
    if last is None:
        return "", ""
    return last.data["name"], dates.out_of_date(last.data, today, EDITION_SYSTEM[system])


def is_pending_warning(warning: str) -> bool:
    """True for the warning of an edition still shown while its renewal is pending (not out of date)."""
    return warning.startswith(dates.PENDING)


def partner_sentence(code) -> str:
    partner = code.data["needs_partner"]
    return f"{esc(PARTNER_RULE[partner['rule']])} {esc(partner['partner'])}."


def urgency_badge(urgency: str) -> str:
    """The urgency as a word on its colour (never the colour alone)."""
    return f'<span class="ptref-badge ptref-badge--{h(urgency)}">{h(URGENCY[urgency])}</span>'


def who_to_call(page: PageRenderer, urgency: str) -> str:
    """HTML: the clinic's contacts for this urgency, else who the urgency calls for (its notice's
    `call`, which leaves the timing to the flag's own quick action above it)."""
    contacts = contacts_html(page.kb, urgency)
    if contacts:
        return contacts.removeprefix('<p class="ptref-contacts"><b>Call:</b> ').removesuffix("</p>")
    return h(page.kb.get("notices", f"urgency-{urgency}").data["call"])


def marked_links(page, factors, order_by_level: bool = False) -> list[str]:
    """Lines 'mark: link' for contraindications (interventions and exercises show them). An
    intervention keeps the order its data gives; order_by_level puts absolutes first, by name."""
    if order_by_level:
        factors = sorted(factors, key=lambda f: (f.data["level"] != "absolute", f.data["name"].lower()))
    return [f"{MARK[f.data['level']]}: {page.link(f)}" for f in factors]
