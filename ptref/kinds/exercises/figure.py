"""An exercise's `figure` data turned into a drawing (ptref/render/figure.py) and into words."""

import weakref

from ...model.kb import KnowledgeBase
from ...model.kinds import label_table
from ...render import figure as fig

# The words live once, beside each value in schema.json (`oneOf` const/title): a base, prop or
# angle name added there without its title fails `ptref check`. An angle's title says what a
# larger value does, " / ", what a smaller one does.
BASE_WORDS = label_table("exercises", "figure.base")
PROP_WORDS = label_table("exercises", "figure.props.prop")
ANGLE_WORDS = label_table("exercises", "figure.start.angles.*")
LABELS = ("Start", "End")


def figure_of(data: dict) -> fig.Figure:
    """The exercise's figure data as a Figure (frames, props, what rests on what)."""
    spec = data["figure"]
    start_angles = dict(spec["start"].get("angles", {}))
    end_angles = start_angles | dict(spec["end"].get("angles", {}))
    contacts = list(spec["rests_on"].items())
    end_contacts = list(spec["end"]["rests_on"].items()) if "rests_on" in spec["end"] else contacts
    return fig.Figure(
        view=spec["view"],
        base=spec["base"],
        frames=[
            fig.Frame(spec["base"], start_angles, spec["start"].get("label", LABELS[0])),
            fig.Frame(spec["base"], end_angles, spec["end"].get("label", LABELS[1])),
        ],
        props=[
            fig.Prop(p["prop"], p.get("at", ""), p.get("side", ""), p.get("height", 0.0)) for p in spec.get("props", [])
        ],
        contacts=[contacts, end_contacts],
        arrows=list(spec.get("arrows", [])),
        inset=spec.get("inset", ""),
        both_ways=bool(spec.get("both_ways", False)),
    )


def figure_words(data: dict) -> str:
    """The drawing in words, for readers who cannot see it (the SVG's description)."""
    spec = data["figure"]
    props = [PROP_WORDS[p["prop"]] for p in spec.get("props", [])]
    start = fig.pose_angles(spec["base"], spec["start"].get("angles", {}))
    end = fig.pose_angles(spec["base"], spec["start"].get("angles", {}) | spec["end"].get("angles", {}))

    def moved(name: str) -> int:
        """+1 or -1 when the angle changes enough to say so, else 0."""
        step = end[name] - start[name]
        least = {"breath": 0.5, "scapula": 2.0}.get(name, 5.0)  # breath 0 to 1, scapula in cm
        return 0 if abs(step) < least else (1 if step > 0 else -1)

    changes = []
    for joint in fig.RANGES:
        if joint not in fig.SIDED:
            sides = [(joint, moved(joint))]
        elif (left := moved(f"left_{joint}")) == moved(f"right_{joint}"):
            sides = [(joint, left)]  # both sides alike: one phrase ("elbows bend")
        else:
            sides = [(f"{side}_{joint}", moved(f"{side}_{joint}")) for side in ("left", "right")]
        for name, way in sides:
            if way:
                changes.append(ANGLE_WORDS[name].split(" / ")[0 if way > 0 else 1])
    view = {
        "side": "Seen from the side",
        "three-quarter": "Seen from the side and a little in front",
        "raised": "Seen from the side and above",
    }.get(spec["view"], f"Seen from the {spec['view']}")
    using = f", with {', '.join(props)}" if props else ""
    moves = "; ".join(changes) if changes else "the body stays still"
    return f"{view}. Start: {BASE_WORDS[spec['base']]}{using}. End: {moves}."


def figure_svg(data: dict) -> str:
    """The exercise drawn: start and end side by side, as one line of inline SVG."""
    drawing = fig.figure_svg(figure_of(data), data["name"], figure_words(data), f"fig-{data['id']}")
    return drawing


# Per knowledge base (by id, dropped with it), each exercise's drawing by exercise id: its page and
# the home-programme builder both show it; drawn once.
_DRAWINGS: dict[int, dict[str, str]] = {}


def drawing(kb: KnowledgeBase, data: dict) -> str:
    """figure_svg(data) for an exercise of `kb`, drawn once per knowledge base."""
    drawn = _DRAWINGS.get(id(kb))
    if drawn is None:
        drawn = _DRAWINGS[id(kb)] = {}
        weakref.finalize(kb, _DRAWINGS.pop, id(kb), None)
    svg = drawn.get(data["id"])
    if svg is None:
        svg = drawn[data["id"]] = figure_svg(data)
    return svg


def figure_block(page, entry) -> str:
    """The drawing at the top of the exercise's page."""
    return f'<figure class="ptref-exercise-figure" style="margin:0 0 1rem">{drawing(page.kb, entry.data)}</figure>'
