"""The body outline of the body map: a standing figure seen from behind and from the front, and
the regions of the pain-location map drawn on it (the `locations` choices of
ptref/kinds/common.schema.json; no region the data lacks).

Coordinates are SVG user units of one view, 200 wide and 440 high, the figure's midline at
x = 100; the front view is the same figure moved right by FRONT_DX. Only geometry lives here:
the words come from the schema and the links from the page that draws the figure.
"""

from __future__ import annotations

VIEW_W, VIEW_H = 200, 440
FRONT_DX = 220

# The right arm's outline, from the shoulder's tip down its outer side and back up its inner side
# to the armpit: typed once, for the figure's outline and for the arm region.
_ARM_EDGE = [
    (161, 99),
    (166, 118),
    (168, 160),
    (171, 196),
    (176, 236),
    (179, 262),
    (184, 282),
    (181, 300),
    (172, 302),
    (166, 288),
    (162, 264),
    (158, 232),
    (154, 200),
    (151, 162),
    (146, 132),
]

# The right half of the outline, from the side of the neck down the arm, back up its inner side,
# down the trunk and the thigh to where the figure is cut off; the left half mirrors it.
_RIGHT_HALF = [
    (110, 64),
    (112, 78),
    (130, 84),
    (150, 90),
    *_ARM_EDGE,
    (141, 150),
    (139, 190),
    (134, 226),
    (140, 250),
    (146, 274),
    (144, 330),
    (138, 420),
    (108, 420),
    (101, 316),
]


def _mirror(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(200 - x, y) for x, y in points]


def _path(points: list[tuple[int, int]], dx: int = 0) -> str:
    return "M" + " L".join(f"{x + dx} {y}" for x, y in points) + " Z"


def outline(dx: int = 0) -> str:
    """The figure's outline (head, then body) as SVG path data."""
    body = _RIGHT_HALF + list(reversed(_mirror(_RIGHT_HALF)))[1:]
    head = f"M{100 + dx} 12 a21 26 0 1 1 -0.1 0 Z"
    return head + " " + _path(body, dx)


# Lines that make the figure read as a body a clinician knows: back view (spine, shoulder
# blades' spines, buttock cleft), front view (collar bones, sternum, ribs' lower edge, navel).
BACK_LINES = ["M100 80 V226", "M118 104 L146 96", "M82 104 L54 96", "M100 262 V300"]
FRONT_LINES = ["M104 84 Q124 80 148 92", "M96 84 Q76 80 52 92", "M100 92 V150", "M72 176 Q100 150 128 176"]
FRONT_DOTS = [(100, 232)]

# The regions: location -> [(view, path points)], view "back" or "front". Both sides of the body
# are one region; a region may show in both views. A location with no place on the body
# ("diffuse") has no shape: the page links to it under the figure.
_ARM = [(150, 92), *_ARM_EDGE, (144, 112)]  # the arm, closed across the shoulder
_SCAPULA = [(121, 100), (146, 96), (141, 118), (128, 166), (121, 150)]
_SIDE_BACK = [(128, 170), (140, 170), (136, 224), (126, 224)]
_SIDE_FRONT = [(124, 128), (142, 142), (139, 190), (134, 224), (124, 224)]
_PARASPINAL = [(106, 86), (118, 90), (118, 226), (106, 226)]


def _both(points: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    return [points, _mirror(points)]


REGIONS: dict[str, list[tuple[str, list[tuple[int, int]]]]] = {
    "midline": [("back", [(95, 82), (105, 82), (105, 226), (95, 226)])],
    "paraspinal": [("back", p) for p in _both(_PARASPINAL)],
    "scapular": [("back", p) for p in _both(_SCAPULA)],
    "chest-wall": [("back", p) for p in _both(_SIDE_BACK)] + [("front", p) for p in _both(_SIDE_FRONT)],
    "anterior-chest": [("front", [(78, 98), (100, 94), (122, 98), (122, 160), (100, 168), (78, 160)])],
    "band": [("front", [(78, 178), (122, 178), (122, 196), (78, 196)])],
    "arm": [("back", p) for p in _both(_ARM)] + [("front", p) for p in _both(_ARM)],
}


def region_paths(location: str, view: str) -> list[str]:
    """SVG path data of each shape of a region in one view (none when it does not show there)."""
    dx = FRONT_DX if view == "front" else 0
    return [_path(points, dx) for v, points in REGIONS.get(location, []) if v == view]


# Numbers placed by hand where two regions' middles lie side by side.
_LABEL_AT = {"midline": (100, 214), "paraspinal": (112, 112)}


def label_at(location: str) -> tuple[int, int]:
    """Where a region's number goes on the card: the middle of its first shape."""
    if location in _LABEL_AT:
        return _LABEL_AT[location]
    view, points = REGIONS[location][0]
    dx = FRONT_DX if view == "front" else 0
    return (round(sum(x for x, _ in points) / len(points)) + dx, round(sum(y for _, y in points) / len(points)))
