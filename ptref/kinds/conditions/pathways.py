"""The pain-location map card: where the patient feels it, and the conditions and serious causes
to think of there.

An inline SVG of the trunk whose numbered regions link to the lists beside it (those lists are
its text alternative); it prints on one page with the cards' footer (ptref/render/cards.py).
Every data string goes through `h`. No script.
"""

from __future__ import annotations

from ...model.kinds import label_table
from ...render.cards import Card, CardRenderer, Drawn, h, link

# The regions of the map, in the map's order, with their words (common.schema.json).
LOCATIONS = label_table("conditions", "locations")


# The map's regions: (location, view, SVG shape). Back view on the left (x 0-200), front view on
# the right (x 220-420); both views share one outline.
_OUTLINE = "M{x0} 50 a18 18 0 1 1 0.1 0 M{x1} 58 L{x2} 58 L{x3} 62 L{x4} 120 L{x5} 250 L{x6} 250 L{x7} 120 L{x8} 62 Z"


def _outline(dx: int) -> str:
    xs = {"x0": 100, "x1": 88, "x2": 112, "x3": 158, "x4": 150, "x5": 140, "x6": 60, "x7": 50, "x8": 42}
    return _OUTLINE.format(**{k: v + dx for k, v in xs.items()})


_REGIONS: list[tuple[str, str]] = [
    ("midline", "M94 62 h12 v188 h-12 Z"),
    ("paraspinal", "M76 70 h16 v175 h-16 Z M108 70 h16 v175 h-16 Z"),
    ("scapular", "M50 72 L74 72 L74 150 L56 128 Z M126 72 L150 72 L144 128 L126 150 Z"),
    ("chest-wall", "M48 155 L62 150 L62 240 L54 240 Z M138 150 L152 155 L146 240 L138 240 Z"),
    ("arm", "M18 66 L38 62 L46 116 L34 210 L18 210 Z M182 66 L162 62 L154 116 L166 210 L182 210 Z"),
    ("anterior-chest", "M280 66 h80 v70 h-80 Z"),
    ("chest-wall", "M268 150 L282 145 L282 240 L274 240 Z M358 145 L372 150 L366 240 L358 240 Z"),
    ("band", "M284 172 h72 v16 h-72 Z"),
    ("arm", "M238 66 L258 62 L266 116 L254 210 L238 210 Z M402 66 L382 62 L374 116 L386 210 L402 210 Z"),
]
# Where each region's number is written (one per location, on the clearer view).
_NUMBER_AT = {
    "midline": (100, 236),
    "paraspinal": (84, 200),
    "scapular": (62, 100),
    "chest-wall": (55, 200),
    "anterior-chest": (320, 104),
    "band": (320, 184),
    "arm": (28, 150),
}


def _svg(numbers: dict[str, int]) -> str:
    shapes = "".join(
        f'<a href="#where-{key}" aria-label="{numbers[key]}. {h(LOCATIONS[key])}">'
        f'<path class="ptref-map__region ptref-map__region--{key}" d="{d}"><title>{h(LOCATIONS[key])}</title></path></a>'
        for key, d in _REGIONS
        if key in numbers
    )
    labels = "".join(
        f'<text x="{x}" y="{y}" text-anchor="middle" dominant-baseline="middle">{numbers[key]}</text>'
        for key, (x, y) in _NUMBER_AT.items()
        if key in numbers
    )
    described = "; ".join(f"{n}: {LOCATIONS[k]}" for k, n in numbers.items())
    return (
        '<svg class="ptref-map__figure" viewBox="0 0 420 270" width="100%" '
        f'aria-labelledby="ptref-map-title"><title id="ptref-map-title">Outline of the trunk from behind '
        f"(left) and from the front (right) with numbered regions: {h(described)}. The lists beside "
        "the figure name what is felt in each region.</title>"
        f'<g class="ptref-map__outline"><path d="{_outline(0)}"/><path d="{_outline(220)}"/></g>'
        f"{shapes}"
        '<g class="ptref-map__numbers">'
        f"{labels}</g>"
        '<text class="ptref-map__caption" x="100" y="266" text-anchor="middle">Back</text>'
        '<text class="ptref-map__caption" x="320" y="266" text-anchor="middle">Front</text>'
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
    body = (
        "<p>Where the patient feels it narrows the list; it never replaces the red-flag screen. "
        "Each region names the conditions felt there and, under <b>Rule out</b>, the serious causes "
        "that can present there (most urgent first).</p>"
        f'<div class="ptref-map">{_svg(numbers)}<div class="ptref-map__lists">{"".join(lists)}{everywhere}</div></div>'
    )
    return body, conditions + flags, ""


CARDS = [
    Card(
        "pain-location-map",
        "Pain-location map",
        "Where the patient feels it, and the conditions and serious causes to think of there.",
        _pain_location_map,
        order=50,
    ),
]
