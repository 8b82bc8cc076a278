"""An exercise's `figure` data turned into a drawing (ptref/render/figure.py) and into words."""

from ...render import figure as fig

BASE_WORDS = {
    "supine": "lying on the back",
    "prone": "lying face down",
    "side-lying": "lying on one side",
    "quadruped": "on hands and knees",
    "sitting": "sitting",
    "standing": "standing",
    "kneeling": "kneeling",
}
PROP_WORDS = {
    "floor": "the floor",
    "wall": "a wall",
    "chair": "a chair",
    "foam-roller": "a foam roller",
    "table": "a table",
    "pillow": "a pillow",
    "band": "an exercise band",
    "towel": "a towel",
}
JOINT_WORDS = {
    "pelvis": ("pelvis tilts forward", "pelvis tucks under"),
    "lumbar": ("lower back rounds", "lower back arches"),
    "side_bend": ("trunk bends to the left", "trunk bends to the right"),
    "lower_thoracic": ("lower part of the upper back rounds", "lower part of the upper back arches"),
    "upper_thoracic": ("top of the upper back rounds", "top of the upper back arches"),
    "lower_thoracic_rotation": ("trunk turns left", "trunk turns right"),
    "upper_thoracic_rotation": ("chest turns left", "chest turns right"),
    "neck": ("neck bends forward", "neck bends back"),
    "head": ("chin nods down", "chin lifts"),
    "head_rotation": ("head turns left", "head turns right"),
    "shoulder_elevation": ("arm lifts", "arm lowers"),
    "shoulder_plane": ("arm moves out and back", "arm moves forward and across"),
    "shoulder_rotation": ("arm turns out", "arm turns in"),
    "scapula": ("shoulder blades draw back", "shoulder blades move forward"),
    "elbow": ("elbow bends", "elbow straightens"),
    "wrist": ("wrist bends back", "wrist bends forward"),
    "hip_flexion": ("hip bends", "hip straightens"),
    "hip_abduction": ("leg moves out", "leg moves in"),
    "knee": ("knee bends", "knee straightens"),
    "ankle": ("foot points", "foot pulls up"),
    "breath": ("breathes in", "breathes out"),
}
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
    )


def figure_words(data: dict) -> str:
    """The drawing in words, for readers who cannot see it (the SVG's description)."""
    spec = data["figure"]
    props = [PROP_WORDS[p["prop"]] for p in spec.get("props", [])]
    start = spec["start"].get("angles", {})
    end = start | spec["end"].get("angles", {})
    changes = []
    for name in sorted(set(start) | set(end), key=lambda n: fig.ANGLES.index(n)):
        joint = fig._unsided(name)
        base_default = fig.pose_angles(spec["base"], {})[f"left_{name}" if name in fig.SIDED else name]
        before, after = start.get(name, base_default), end.get(name, base_default)
        if abs(after - before) >= (0.5 if joint == "breath" else 5):
            side = name.split("_")[0] + " " if name.startswith(("left_", "right_")) else ""
            words = JOINT_WORDS[joint][0 if after > before else 1]
            changes.append(side + words)
    view = {"side": "Seen from the side", "three-quarter": "Seen from the side and a little in front"}.get(
        spec["view"], f"Seen from the {spec['view']}"
    )
    using = f", with {', '.join(props)}" if props else ""
    moves = "; ".join(changes) if changes else "the body stays still"
    return f"{view}. Start: {BASE_WORDS[spec['base']]}{using}. End: {moves}."


def figure_svg(data: dict) -> str:
    """The exercise drawn: start and end side by side, as one line of inline SVG."""
    drawing = fig.figure_svg(figure_of(data), data["name"], figure_words(data), f"fig-{data['id']}")
    return drawing


def figure_block(page, entry) -> str:
    """The drawing at the top of the exercise's page."""
    return f'<figure class="ptref-exercise-figure" style="margin:0 0 1rem">{figure_svg(entry.data)}</figure>'
