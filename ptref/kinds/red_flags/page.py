"""Red flags: signs of possible serious pathology, how urgent they are and what to do."""

from html import escape as h

from ...model.entry import Entry
from ...model.kinds import display_name, label_table
from ...render.across_kinds import URGENCY, urgency_badge, who_to_call
from ...render.clinic import contacts_markdown  # a clinic's edition adds who to call
from ...render.pages import KindPage, PageRenderer, Section
from ...render.text import admonition, esc

LOCATIONS = label_table("red_flags", "locations")


def _glance(page: PageRenderer, entry: Entry) -> str:
    """Cues, then what to do, then who to call, at body size, before anything else."""
    data = entry.data
    urgency = data["urgency"]
    return (
        f'<section class="ptref-glance ptref-glance--{h(urgency)}" aria-label="At a glance">'
        f'<p class="ptref-glance__title">At a glance {urgency_badge(urgency)}</p>'
        "<dl>"
        f"<dt>Look for</dt><dd>{h(data['quick_screen'])}</dd>"
        f"<dt>Do</dt><dd>{h(data['quick_action'])}</dd>"
        f"<dt>Call</dt><dd>{who_to_call(page, urgency)}</dd>"
        "</dl></section>"
    )


def _action(page, entry) -> str:
    """The at-a-glance block, then what to do in full, in a box as loud as the urgency."""
    urgency = entry.data["urgency"]
    body = esc(entry.data["action"])
    contacts = contacts_markdown(page.kb, urgency)
    if contacts:
        body += "\n\n" + contacts
    box = admonition("danger" if urgency == "emergency" else "warning", URGENCY[urgency], body)
    return _glance(page, entry) + "\n\n" + box


def _index_top(page: PageRenderer) -> str:
    """Filters by region and urgency (docs/javascripts/red-flags.js shows them; without
    JavaScript every flag stays listed)."""
    regions = "".join(f'<option value="{h(k)}">{h(v)}</option>' for k, v in LOCATIONS.items())
    urgencies = "".join(
        f'<label class="ptref-rf-filter__urgency"><input type="checkbox" name="urgency" value="{h(k)}" checked> '
        f"{urgency_badge(k)}</label>"
        for k in URGENCY
    )
    return (
        '<form class="ptref-rf-filter" data-ptref-rf-filter hidden>'
        '<p><label for="ptref-rf-region">Where is the pain?</label> '
        f'<select id="ptref-rf-region" name="region"><option value="">Anywhere</option>{regions}</select></p>'
        f"<fieldset><legend>Urgency</legend>{urgencies}</fieldset>"
        '<p class="ptref-rf-filter__count" role="status" aria-live="polite"></p>'
        "</form>\n\n"
        '<script src="../javascripts/red-flags.js"></script>'
    )


def _index_group(page: PageRenderer, entries: list[Entry]) -> str:
    """One card per flag: name and urgency, the cues to look for, what to do first, where."""
    items = []
    for e in entries:
        d = e.data
        where = d.get("locations", [])
        words = [LOCATIONS[x] for x in where]
        where_text = (
            "; ".join([words[0]] + [w[:1].lower() + w[1:] for w in words[1:]]) if words else "Not tied to one region"
        )
        items.append(
            f'<li class="ptref-rf" data-urgency="{h(d["urgency"])}" data-regions="{h(" ".join(where))}">'
            f'<p class="ptref-rf__head"><a href="{h(e.id)}.html">{h(display_name("red_flags", d))}</a> '
            f"{urgency_badge(d['urgency'])}</p>"
            f'<p class="ptref-rf__cues"><b>Look for:</b> {h(d["quick_screen"])}</p>'
            f'<p class="ptref-rf__action"><b>Do:</b> {h(d["quick_action"])}</p>'
            f'<p class="ptref-rf__where">Where: {h(where_text)}</p></li>'
        )
    return '<ul class="ptref-rf-list">' + "".join(items) + "</ul>"


PAGE = KindPage(
    sections=(
        Section("Ask or look for", "ask_or_look_for", "bullets"),
        Section("Suspected pathology", "suspected", "para"),
        Section("Where it is felt", "locations", "choices"),
        Section("Screen with", "screen_with", "links"),
    ),
    callout=_action,
    index_group=_index_group,
    index_top=_index_top,
)
