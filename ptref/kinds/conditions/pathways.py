"""The pain-location map card: where the patient feels it, and the conditions and serious causes
to think of there.

An inline SVG of the trunk whose numbered regions link to the lists beside it (those lists are
its text alternative); it prints on one page with the cards' footer (ptref/render/cards.py).
Every data string goes through `h`. No script.
"""

from __future__ import annotations

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...model.kinds import label_table
from ...render.across_kinds import URGENCY, urgency_badge
from ...render.cards import Card, CardRenderer, Drawn, h, link
from ...render.screens import Screen, front_matter
from .body_figure import (
    BACK_LINES,
    FRONT_DOTS,
    FRONT_DX,
    FRONT_LINES,
    REGIONS,
    VIEW_H,
    VIEW_W,
    label_at,
    outline,
    region_paths,
)

# The regions of the map, in the map's order, with their words (common.schema.json).
LOCATIONS = label_table("conditions", "locations")
VIEWS = {"back": "Back", "front": "Front"}
FIGURE_NAME = "Body outline from behind and from the front; each coloured region is a link to its list."


# The card's figure is the body map's (body_figure.py), cut at the hips to keep the card on one
# page; each region's number sits in its first shape.
CARD_VIEW_H = 320


def _svg(numbers: dict[str, int]) -> str:
    shapes = "".join(
        f'<a href="#where-{key}" aria-label="{numbers[key]}. {h(LOCATIONS[key])}">'
        + "".join(
            f'<path class="ptref-map__region ptref-map__region--{key}" d="{d}"><title>{h(LOCATIONS[key])}</title></path>'
            for view in VIEWS
            for d in region_paths(key, view)
        )
        + "</a>"
        for key in numbers
        if key in REGIONS
    )
    labels = "".join(
        f'<text x="{x}" y="{y}" text-anchor="middle" dominant-baseline="middle">{numbers[key]}</text>'
        for key in numbers
        if key in REGIONS
        for x, y in [label_at(key)]
    )
    lines = "".join(f'<path d="{d}"/>' for d in BACK_LINES) + "".join(
        f'<path d="{d}" transform="translate({FRONT_DX} 0)"/>' for d in FRONT_LINES
    )
    described = "; ".join(f"{n}: {LOCATIONS[k]}" for k, n in numbers.items())
    return (
        f'<svg class="ptref-map__figure" viewBox="0 0 {FRONT_DX + VIEW_W} {CARD_VIEW_H}" width="100%" '
        f'aria-labelledby="ptref-map-title"><title id="ptref-map-title">Outline of the trunk from behind '
        f"(left) and from the front (right) with numbered regions: {h(described)}. The lists beside "
        "the figure name what is felt in each region.</title>"
        f'<g class="ptref-map__outline"><path d="{outline(0)}"/><path d="{outline(FRONT_DX)}"/></g>'
        f'<g class="ptref-map__lines" aria-hidden="true">{lines}</g>'
        f"{shapes}"
        '<g class="ptref-map__numbers">'
        f"{labels}</g>"
        f'<text class="ptref-map__caption" x="20" y="30">Back</text>'
        f'<text class="ptref-map__caption" x="{FRONT_DX + 20}" y="30">Front</text>'
        "</svg>"
    )


def _pain_location_map(cards: CardRenderer, card: Card) -> Drawn:
    kb, base = cards.kb, cards.base
    conditions = kb.all("conditions")
    flags = kb.all("red_flags")
    urgency_order = list(label_table("red_flags", "urgency"))
    numbers: dict[str, int] = {}
    lists = []
    for key, label in LOCATIONS.items():
        here = [c for c in conditions if key in c.data["locations"]]
        serious = sorted(
            (f for f in flags if key in f.data.get("locations", [])),
            key=lambda f: (urgency_order.index(f.data["urgency"]), f.data["name"].lower()),
        )
        if not here and not serious:
            continue
        numbers[key] = len(numbers) + 1
        parts = [f'<h3 id="where-{key}">{numbers[key]}. {h(label)}</h3>']
        if here:
            parts.append("<p>" + ", ".join(link(base, c, c.data["name"]) for c in here) + "</p>")
        if serious:
            parts.append(
                '<p class="ptref-map__serious"><b>Rule out:</b> '
                + ", ".join(link(base, f, f.data["name"]) for f in serious)
                + "</p>"
            )
        lists.append(f'<section class="ptref-map__where">{"".join(parts)}</section>')
    untied = [f for f in flags if "locations" not in f.data]
    everywhere = (
        '<p class="ptref-map__serious"><b>Anywhere:</b> '
        + ", ".join(link(base, f, f.data["name"]) for f in untied)
        + ".</p>"
        if untied
        else ""
    )
    scope = kb.get("notices", "pain-map-scope").data["text"]
    body = (
        f"<p>{h(scope)} <b>Rule out</b> marks the serious causes.</p>"
        f'<div class="ptref-map">{_svg(numbers)}<div class="ptref-map__lists">{"".join(lists)}{everywhere}</div></div>'
    )
    return body, conditions + flags, ""


def _serious(kb: KnowledgeBase, key: str) -> list[Entry]:
    """The red flags that can present in a region, most urgent first, then by name."""
    order = list(URGENCY)
    return sorted(
        (f for f in kb.all("red_flags") if key in f.data.get("locations", [])),
        key=lambda f: (order.index(f.data["urgency"]), f.data["name"].lower()),
    )


def map_regions(kb: KnowledgeBase) -> dict[str, tuple[list[Entry], list[Entry]]]:
    """location -> (its red flags, most urgent first; its conditions), for every region the data
    names, in the map's order."""
    found = {}
    for key in LOCATIONS:
        flags = _serious(kb, key)
        here = [c for c in kb.all("conditions") if key in c.data["locations"]]
        if flags or here:
            found[key] = (flags, here)
    return found


def _flag_item(base: str, flag: Entry) -> str:
    data = flag.data
    return (
        f'<li class="ptref-bm__flag"><p class="ptref-bm__name">{link(base, flag, data["name"])} '
        f"{urgency_badge(data['urgency'])}</p>"
        f'<p class="ptref-bm__cue"><b>Look for:</b> {h(data["quick_screen"])}</p></li>'
    )


def _region_link(key: str, view: str, counts: str) -> str:
    name = f"{LOCATIONS[key]} ({VIEWS[view]}): {counts}"
    return (
        f'<a class="ptref-bm__region ptref-bm__region--{h(key)}" href="#region-{h(key)}" '
        f'data-region="{h(key)}" aria-label="{h(name)}">'
        + "".join(f'<path d="{d}"><title>{h(LOCATIONS[key])}</title></path>' for d in region_paths(key, view))
        + "</a>"
    )


def _figure(regions: dict[str, tuple[list[Entry], list[Entry]]]) -> str:
    links = []
    for view in VIEWS:
        for key, (flags, here) in regions.items():
            if region_paths(key, view):
                counts = f"{len(flags)} serious causes, {len(here)} conditions"
                links.append(_region_link(key, view, counts))
    back = "".join(f'<path d="{d}"/>' for d in BACK_LINES)
    front = "".join(f'<path d="{d}" transform="translate({FRONT_DX} 0)"/>' for d in FRONT_LINES)
    dots = "".join(f'<circle cx="{x + FRONT_DX}" cy="{y}" r="2"/>' for x, y in FRONT_DOTS)
    width = FRONT_DX + VIEW_W
    return (
        f'<svg class="ptref-bm__figure" viewBox="0 0 {width} {VIEW_H + 24}" role="group" '
        'aria-labelledby="ptref-bm-figure-name">'
        f'<title id="ptref-bm-figure-name">{h(FIGURE_NAME)}</title>'
        f'<g class="ptref-bm__body" aria-hidden="true"><path d="{outline(0)}"/><path d="{outline(FRONT_DX)}"/></g>'
        f'<g class="ptref-bm__lines" aria-hidden="true">{back}{front}{dots}</g>'
        f"{''.join(links)}"
        f'<g class="ptref-bm__captions" aria-hidden="true"><text x="{VIEW_W // 2}" y="{VIEW_H + 18}">{VIEWS["back"]}</text>'
        f'<text x="{FRONT_DX + VIEW_W // 2}" y="{VIEW_H + 18}">{VIEWS["front"]}</text></g>'
        "</svg>"
    )


def body_map_screen(kb: KnowledgeBase, base: str) -> str:
    """The body map page: the figure (each region a link to its section), then one section per
    region: its serious causes first, each with its urgency as a word on its colour, then its
    conditions. docs/javascripts/body-map.js shows one region at a time; without it the links
    jump to the sections."""
    regions = map_regions(kb)
    sections = []
    for key, (flags, here) in regions.items():
        parts = [f'<h2 id="region-{h(key)}-name" tabindex="-1">{h(LOCATIONS[key])}</h2>']
        if flags:
            parts.append(
                f"<h3>Serious causes: rule out first</h3>"
                f'<ul class="ptref-bm__flags">{"".join(_flag_item(base, f) for f in flags)}</ul>'
            )
        if here:
            parts.append(
                "<h3>Conditions felt here</h3>"
                '<ul class="ptref-bm__conditions">'
                + "".join(f"<li>{link(base, c, c.data['name'])}</li>" for c in here)
                + "</ul>"
            )
        parts.append('<p class="ptref-bm__back"><a href="#ptref-bm-map">Back to the map</a></p>')
        sections.append(
            f'<section class="ptref-bm__where" id="region-{h(key)}" aria-labelledby="region-{h(key)}-name">'
            + "".join(parts)
            + "</section>"
        )
    untied = sorted(
        (f for f in kb.all("red_flags") if not f.data.get("locations")),
        key=lambda f: (list(URGENCY).index(f.data["urgency"]), f.data["name"].lower()),
    )
    anywhere = (
        '<section class="ptref-bm__anywhere" aria-labelledby="region-anywhere-name">'
        '<h2 id="region-anywhere-name">Anywhere: not tied to one region</h2>'
        f'<ul class="ptref-bm__flags">{"".join(_flag_item(base, f) for f in untied)}</ul></section>'
        if untied
        else ""
    )
    scope = kb.get("notices", "pain-map-scope").data["text"]
    return (
        front_matter(("toc",))
        + "# Body map\n\n"
        + f"<p>{h(scope)}</p>\n\n"
        + f'<p class="ptref-screen-links"><a href="{base}pathways/triage.html">Red-flag triage pathway</a> · '
        f'<a href="{base}cards/pain-location-map.html">Print card</a></p>\n\n'
        + '<div class="ptref-bm" data-ptref-body-map>'
        f'<div class="ptref-bm__map" id="ptref-bm-map"><p class="ptref-bm__hint">Select a region to list what is felt there.</p>'
        f"{_figure(regions)}"
        '<ul class="ptref-bm__names" aria-label="Regions">'
        + "".join(
            f'<li><a href="#region-{h(key)}" data-region="{h(key)}">{h(LOCATIONS[key])}</a></li>' for key in regions
        )
        + "</ul></div>"
        '<div class="ptref-bm__lists">'
        '<p class="ptref-bm__all" hidden><button type="button" class="md-button" data-ptref-bm-all>'
        "Show every region</button></p>" + "".join(sections) + anywhere + "</div></div>\n\n"
        f'<script src="{base}javascripts/body-map.js"></script>\n\n'
    )


CARDS = [
    Card(
        "pain-location-map",
        "Pain-location map",
        "Where the patient feels it, and the conditions and serious causes to think of there.",
        _pain_location_map,
        order=50,
    ),
]
SCREENS = [Screen("pathways/body-map.md", body_map_screen)]
