"""Line drawings of a body in a pose, as inline SVG, from a small pose description.

A pose is a base position (supine, prone, side-lying, quadruped, sitting, standing, kneeling)
plus named joint angles in degrees. Forward kinematics on one skeleton with fixed segment
lengths (SEGMENTS) places every joint in 3-D; a view (side, front, back, top) projects it onto
the page. The body is drawn as outlined rounded limbs round a torso, with a head and a nose
that shows where the face points; limbs on the far side are shaded. Props (floor, wall, chair,
foam roller, table, pillow, band, towel) are simple lines, and arrows show where a body point
goes between the start and the end frame.

The module imports only the standard library: the exercises kind turns its data into calls
here, and the tests check the same geometry the drawing uses (`Frame.points`, `Figure.check`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

# Segment lengths and limb half-widths, in centimetres of a 175 cm adult. Every frame of every
# figure uses these, so all drawings share one set of proportions.
SEGMENTS: dict[str, float] = {
    "lumbar": 19.0,  # hip joints' midpoint to L1
    "lower_thoracic": 15.0,  # L1 to T6
    "upper_thoracic": 14.0,  # T6 to C7
    "neck": 9.0,  # C7 to the base of the skull
    "upper_arm": 29.0,
    "forearm": 25.0,
    "hand": 9.0,
    "thigh": 42.0,
    "shank": 41.0,
}
HEAD_RADIUS = 10.5
HALF_WIDTH: dict[str, float] = {
    "torso": 12.0,
    "neck": 5.0,
    "upper_arm": 5.0,
    "forearm": 4.0,
    "hand": 3.5,
    "thigh": 7.5,
    "shank": 5.5,
    "foot": 3.0,
}
SHOULDER_OFFSET = 16.0  # C7 to each shoulder joint, sideways
HIP_OFFSET = 9.0

# Human range per joint (degrees; scapula and breath in their own units), used by the tests and
# by `Figure.check`. Flexion, elevation and external rotation are positive.
RANGES: dict[str, tuple[float, float]] = {
    "pelvis": (-40, 90),  # the pelvis pitched from the base position (forward positive): a hip hinge is large
    "lumbar": (-25, 45),
    "side_bend": (-25, 25),  # the lumbar spine bent sideways: to the left positive
    "lower_thoracic": (-20, 30),
    "upper_thoracic": (-20, 30),
    "lower_thoracic_rotation": (-30, 30),
    "upper_thoracic_rotation": (-30, 30),
    "neck": (-40, 45),
    "neck_side_bend": (-35, 35),  # the head tilted towards the left shoulder positive
    "head": (-25, 25),  # nod at the top of the neck: chin down positive
    "head_rotation": (-70, 70),
    "shoulder_elevation": (0, 180),
    "shoulder_plane": (-45, 180),  # 0 forward, 90 out to the side, 180 behind
    "shoulder_rotation": (-80, 100),
    "scapula": (-3, 5),  # shoulder blades drawn back (cm)
    "elbow": (0, 150),
    "wrist": (-80, 90),  # the hand bent back towards the head end of the body (a flat palm on the floor)
    "hip_flexion": (-25, 130),
    "hip_abduction": (-20, 45),
    "knee": (0, 150),
    "ankle": (-25, 70),  # plantarflexion positive
    "breath": (0, 1),
}
SIDED = (
    "shoulder_elevation",
    "shoulder_plane",
    "shoulder_rotation",
    "elbow",
    "wrist",
    "hip_flexion",
    "hip_abduction",
    "knee",
    "ankle",
)
ANGLES: tuple[str, ...] = tuple(RANGES) + tuple(f"{side}_{j}" for side in ("left", "right") for j in SIDED)


def _unsided(name: str) -> str:
    return name.split("_", 1)[1] if name.startswith(("left_", "right_")) else name


# Base positions: the body's orientation in the world (pitch forward from upright, roll onto the
# left side) and the angles it starts from; a pose changes only what it names.
BASES: dict[str, tuple[float, float, dict[str, float]]] = {
    "standing": (0, 0, {}),
    "sitting": (0, 0, {"hip_flexion": 90, "knee": 90}),
    "kneeling": (0, 0, {"knee": 90, "ankle": 65}),
    "supine": (-90, 0, {}),
    "prone": (90, 0, {"ankle": 45}),
    "quadruped": (75, 0, {"hip_flexion": 75, "knee": 90, "ankle": 60, "shoulder_elevation": 78, "wrist": 80}),
    "side-lying": (-90, 90, {}),
}
VIEWS = ("side", "front", "back", "top", "three-quarter", "raised")
OBLIQUE = math.radians(40)  # a three-quarter view: the side view turned towards the front
RAISED = math.radians(72)  # a raised view: from the body's front (-z) and above, the floor a band under the body
PROPS = ("floor", "wall", "chair", "foam-roller", "table", "pillow", "band", "towel")

POINTS = (
    "pelvis", "lower_back", "mid_back", "left_ribs", "right_ribs", "upper_back", "l1", "t6", "c7", "skull", "head", "nose", "belly",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hand", "right_hand", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
    "right_ankle", "left_heel", "right_heel", "left_toe", "right_toe",
)  # fmt: skip


# --- vectors ---------------------------------------------------------------------------------
def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _mul(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _norm(a: Vec) -> Vec:
    length = math.sqrt(_dot(a, a))
    return _mul(a, 1 / length)


def _rot(axis: int, degrees: float) -> Mat:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == 0:
        return ((1, 0, 0), (0, c, -s), (0, s, c))
    if axis == 1:
        return ((c, 0, s), (0, 1, 0), (-s, 0, c))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mm(a: Mat, b: Mat) -> Mat:
    rows = tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))
    return rows  # type: ignore[return-value]


def _mv(a: Mat, v: Vec) -> Vec:
    return (_dot(a[0], v), _dot(a[1], v), _dot(a[2], v))


def _flex(degrees: float) -> Mat:
    """Bend forward: the body's up axis (y) turns towards its front (x)."""
    return _rot(2, -degrees)


def _twist(degrees: float) -> Mat:
    """Turn to the left: the front (x) turns towards the left side (z)."""
    return _rot(1, -degrees)


def _about(axis: Vec, v: Vec, degrees: float) -> Vec:
    """v turned about a unit axis (Rodrigues)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return _add(_add(_mul(v, c), _mul(_cross(axis, v), s)), _mul(axis, _dot(axis, v) * (1 - c)))


# --- the skeleton ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Limb:
    name: str  # "torso", "left_arm", ...
    chain: tuple[tuple[str, float], ...]  # (point, half width of the segment ending there)


def pose_angles(base: str, angles: Mapping[str, float]) -> dict[str, float]:
    """Every angle of a pose, sided: the base's defaults, then the pose's own values (a value
    without a side applies to both sides unless a sided value is given)."""
    out = {name: 0.0 for name in RANGES if name not in SIDED}
    defaults = BASES[base][2]
    for side in ("left", "right"):
        for joint in SIDED:
            out[f"{side}_{joint}"] = float(angles.get(f"{side}_{joint}", angles.get(joint, defaults.get(joint, 0.0))))
    for name in out:
        if name in angles and not name.startswith(("left_", "right_")):
            out[name] = float(angles[name])
        elif name in defaults and name not in angles:
            out[name] = float(defaults[name])
    return out


def skeleton(base: str, angles: Mapping[str, float]) -> dict[str, Vec]:
    """Every named point of the body, in body-fixed world axes with the hip joints' midpoint at
    the origin: x forward for a standing body, y up, z to the body's left when standing."""
    a = pose_angles(base, angles)
    pitch, roll, _ = BASES[base]
    root = _mm(_flex(pitch), _rot(1, roll))
    root = _mm(root, _flex(a["pelvis"]))
    p: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}

    def at(frame: Mat, origin: Vec, local: Vec) -> Vec:
        return _add(origin, _mv(frame, local))

    f1 = _mm(_mm(root, _flex(a["lumbar"])), _rot(0, a["side_bend"]))
    p["l1"] = at(f1, p["pelvis"], (0, SEGMENTS["lumbar"], 0))
    p["lower_back"] = at(f1, p["pelvis"], (-HALF_WIDTH["torso"], SEGMENTS["lumbar"] * 0.5, 0))
    p["belly"] = at(f1, p["pelvis"], (HALF_WIDTH["torso"] + 6 * a["breath"], SEGMENTS["lumbar"] * 0.45, 0))
    f2 = _mm(_mm(f1, _flex(a["lower_thoracic"])), _twist(a["lower_thoracic_rotation"]))
    p["t6"] = at(f2, p["l1"], (0, SEGMENTS["lower_thoracic"], 0))
    for side, s in (("left", 1.0), ("right", -1.0)):
        ribs = (0.0, SEGMENTS["lower_thoracic"] * 0.35, s * (SHOULDER_OFFSET + 1.0 + 6.0 * a["breath"]))
        p[f"{side}_ribs"] = at(f2, p["l1"], ribs)
    p["mid_back"] = at(f2, p["l1"], (-HALF_WIDTH["torso"], SEGMENTS["lower_thoracic"] * 0.6, 0))
    f3 = _mm(_mm(f2, _flex(a["upper_thoracic"])), _twist(a["upper_thoracic_rotation"]))
    p["c7"] = at(f3, p["t6"], (0, SEGMENTS["upper_thoracic"], 0))
    p["upper_back"] = at(f3, p["t6"], (-HALF_WIDTH["torso"], SEGMENTS["upper_thoracic"] * 0.5, 0))
    f4 = _mm(_mm(f3, _flex(a["neck"])), _rot(0, a["neck_side_bend"]))
    p["skull"] = at(f4, p["c7"], (0, SEGMENTS["neck"], 0))
    f5 = _mm(_mm(f4, _flex(a["head"])), _twist(a["head_rotation"]))
    # A nod turns the head about its middle (the joint under the skull is close to the ear), so
    # the head stays where the neck puts it and only the face turns.
    p["head"] = at(f4, p["skull"], (2.0, HEAD_RADIUS - 2.0, 0))
    p["nose"] = at(f5, p["head"], (HEAD_RADIUS + 2.0, -1.5, 0))
    for side, s in (("left", 1.0), ("right", -1.0)):
        # The ears: seen from the front or the back they show a tilt of the head about the neck.
        p[f"{side}_ear"] = at(f5, p["head"], (0.0, -1.0, s * (HEAD_RADIUS + 0.5)))
    for side, s in (("left", 1.0), ("right", -1.0)):
        # Shoulder blades drawn back also go in towards the spine and down (a "set"); drawn
        # forward, they slide out round the ribs.
        sc = a["scapula"]
        shoulder = at(f3, p["c7"], (-sc, -3.0 - 0.6 * max(sc, 0.0), s * (SHOULDER_OFFSET - 0.4 * sc)))
        p[f"{side}_shoulder"] = shoulder
        # The blade itself on the back of the ribs: its top by the shoulder, its inner edge
        # beside the spine (about 6 cm out at rest, so even fully set back the two blades leave
        # room for the spine between them), its lower tip over the ribs (drawn in a back view).
        blade = (-HALF_WIDTH["torso"] + 1.0, -0.8 * max(sc, 0.0), s * (2.5 - 0.5 * sc))
        p[f"{side}_blade_top"] = at(f3, p["c7"], _add(blade, (0.0, -2.0, s * 10.5)))
        p[f"{side}_blade_inner"] = at(f3, p["c7"], _add(blade, (0.0, -3.0, s * 3.5)))
        p[f"{side}_blade_tip"] = at(f3, p["c7"], _add(blade, (0.0, -19.0, s * 5.5)))
        e, pl = math.radians(a[f"{side}_shoulder_elevation"]), math.radians(a[f"{side}_shoulder_plane"])
        d: Vec = (math.sin(e) * math.cos(pl), -math.cos(e), s * math.sin(e) * math.sin(pl))
        front: Vec = (1.0, 0.0, 0.0)
        ref = _sub(front, _mul(d, _dot(front, d)))
        if _dot(ref, ref) < 0.05:
            ref = (0.0, 0.0, -s)
            ref = _sub(ref, _mul(d, _dot(ref, d)))
        bend = _about(d, _norm(ref), s * a[f"{side}_shoulder_rotation"])
        elbow = math.radians(a[f"{side}_elbow"])
        fore = _add(_mul(d, math.cos(elbow)), _mul(bend, math.sin(elbow)))
        p[f"{side}_elbow"] = at(f3, shoulder, _mul(d, SEGMENTS["upper_arm"]))
        p[f"{side}_wrist"] = at(f3, p[f"{side}_elbow"], _mul(fore, SEGMENTS["forearm"]))
        up: Vec = (0.0, 1.0, 0.0)
        toward = _sub(up, _mul(fore, _dot(up, fore)))
        if _dot(toward, toward) < 0.05:
            toward = _sub(front, _mul(fore, _dot(front, fore)))
        wrist = math.radians(a[f"{side}_wrist"])
        hand = _add(_mul(fore, math.cos(wrist)), _mul(_norm(toward), math.sin(wrist)))
        p[f"{side}_hand"] = at(f3, p[f"{side}_wrist"], _mul(hand, SEGMENTS["hand"]))
        hip = at(root, p["pelvis"], (0, 0, s * HIP_OFFSET))
        p[f"{side}_hip"] = hip
        fl, ab = math.radians(a[f"{side}_hip_flexion"]), math.radians(a[f"{side}_hip_abduction"])
        shank_angle = fl - math.radians(a[f"{side}_knee"])
        thigh: Vec = (math.sin(fl) * math.cos(ab), -math.cos(fl) * math.cos(ab), s * math.sin(ab))
        shank: Vec = (math.sin(shank_angle) * math.cos(ab), -math.cos(shank_angle) * math.cos(ab), s * math.sin(ab))
        toes: Vec = (math.cos(shank_angle), math.sin(shank_angle), 0.0)
        p[f"{side}_knee"] = at(root, hip, _mul(thigh, SEGMENTS["thigh"]))
        p[f"{side}_ankle"] = at(root, p[f"{side}_knee"], _mul(shank, SEGMENTS["shank"]))
        pf = math.radians(a[f"{side}_ankle"])
        toes_r = _add(_mul(toes, math.cos(pf)), _mul(shank, math.sin(pf)))
        shank_r = _sub(_mul(shank, math.cos(pf)), _mul(toes, math.sin(pf)))
        p[f"{side}_heel"] = at(root, p[f"{side}_ankle"], _add(_mul(shank_r, 5.5), _mul(toes_r, -4.0)))
        p[f"{side}_toe"] = at(root, p[f"{side}_ankle"], _add(_mul(shank_r, 5.5), _mul(toes_r, 16.0)))
    return p


LIMBS: tuple[Limb, ...] = tuple(
    Limb(f"{side}_{part}", chain)
    for side in ("left", "right")
    for part, chain in (
        (
            "leg",
            (
                (f"{side}_hip", HALF_WIDTH["thigh"]),
                (f"{side}_knee", HALF_WIDTH["thigh"]),
                (f"{side}_ankle", HALF_WIDTH["shank"]),
                (f"{side}_heel", HALF_WIDTH["foot"]),
                (f"{side}_toe", HALF_WIDTH["foot"]),
            ),
        ),
        (
            "arm",
            (
                (f"{side}_shoulder", HALF_WIDTH["upper_arm"]),
                (f"{side}_elbow", HALF_WIDTH["upper_arm"]),
                (f"{side}_wrist", HALF_WIDTH["forearm"]),
                (f"{side}_hand", HALF_WIDTH["hand"]),
            ),
        ),
    )
)


def body_samples(points: Mapping[str, Vec]) -> list[tuple[Vec, float, str]]:
    """Points along every segment with the body's half width there: what touches a support."""
    out: list[tuple[Vec, float, str]] = []

    def segment(a: str, b: str, r0: float, r1: float) -> None:
        for i in range(7):
            t = i / 6
            out.append((_add(_mul(points[a], 1 - t), _mul(points[b], t)), r0 + (r1 - r0) * t, f"{a}-{b}"))

    for a, b in (("pelvis", "l1"), ("l1", "t6"), ("t6", "c7")):
        segment(a, b, HALF_WIDTH["torso"], HALF_WIDTH["torso"])
    segment("c7", "skull", HALF_WIDTH["neck"], HALF_WIDTH["neck"])
    girdle = HALF_WIDTH["thigh"]
    for a, b in (("left_hip", "right_hip"), ("left_shoulder", "right_shoulder")):
        segment(a, b, girdle, girdle)
    for side in ("left", "right"):
        segment(f"{side}_hip", "l1", girdle, girdle)
        segment("l1", f"{side}_shoulder", girdle, girdle)
    out.append((points["head"], HEAD_RADIUS, "head"))
    out.append((points["nose"], 2.5, "nose"))  # the face never goes through the floor
    for limb in LIMBS:
        for (a, ra), (b, rb) in zip(limb.chain, limb.chain[1:], strict=False):
            segment(a, b, rb if a.endswith(("hip", "shoulder")) else ra, rb)
    return out


# --- props -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Support:
    """A surface the body may rest on: a horizontal top over an x range, a vertical wall, or a
    roller (a cylinder across the body)."""

    kind: str  # "top", "wall", "roller"
    level: float  # height of a top, x of a wall, centre height of a roller
    x0: float = -1e9
    x1: float = 1e9
    facing: float = 1.0  # a wall's free side: +1 the body is at larger x
    centre_x: float = 0.0
    radius: float = 0.0
    top: float = 1e9  # a wall's height
    z0: float = -1e9  # how far it reaches across the body (a pillow is under the head only)
    z1: float = 1e9

    def gap(self, where: Vec, r: float) -> float | None:
        """Distance from the body's surface to this support (negative: inside it); None when the
        point is not over or beside it."""
        x, y, z = where
        if not self.z0 <= z <= self.z1:
            return None
        if self.kind == "top":
            return y - r - self.level if self.x0 <= x <= self.x1 else None
        if self.kind == "wall":
            return (x - self.level) * self.facing - r if -1 <= y <= self.top else None
        d = math.hypot(x - self.centre_x, y - self.level)
        return d - r - self.radius


ROLLER_RADIUS = 10.0  # a foam roller drawn about as wide as the head: big enough to read as a roller, not a wheel
CHAIR_SEAT = 38.0
CHAIR_HALF = 22.0  # the seat's half width across the body
CHAIR_BACK = 46.0  # the backrest's top above the seat: behind the lower thoracic spine, a fulcrum to extend over
TABLE_TOP = 70.0
PILLOW = 5.0


@dataclass(frozen=True)
class Prop:
    kind: str
    at: str = ""  # the body point (in the start frame) it is placed by
    side: str = ""  # a wall: behind or in front of that point
    height: float = 0.0  # a pillow's height (0: the usual one)


@dataclass
class Frame:
    base: str
    angles: Mapping[str, float]
    label: str
    points: dict[str, Vec] = field(default_factory=dict)


@dataclass
class Figure:
    """A figure of two (or more) frames of one body, with props and arrows, in one view."""

    view: str
    base: str
    frames: list[Frame]
    props: list[Prop]
    contacts: list[list[tuple[str, str]]]  # per frame: (body point, support name)
    arrows: list[str]  # body points whose path from the first to the last frame is drawn
    supports: dict[str, Support] = field(default_factory=dict)
    band_anchor: Vec = (0.0, 0.0, 0.0)
    floor_depth: tuple[float, float] = (0.0, 0.0)  # a raised view's floor band: nearest and farthest z
    floor_span: tuple[float, float] = (0.0, 0.0)  # a raised view's mat: from and to x
    inset: str = ""  # a body point drawn again, enlarged, in a box in each frame ("" for none)
    both_ways: bool = False  # the movement goes there and back: arrows with a head at each end

    def __post_init__(self) -> None:
        raw = [skeleton(f.base, f.angles) for f in self.frames]
        # Props are placed by the start frame, anchored on its first contact; every later frame
        # is then moved so its first contact sits where that body point was in the start frame
        # (the same contact: where it was; a foot rolling from heel to toe: the toe stays put).
        anchor_point, anchor_support = self.contacts[0][0]
        first = raw[0]
        self.supports = self._place_props(first, anchor_point, anchor_support)
        for frame, pts, contacts in zip(self.frames, raw, self.contacts, strict=True):
            point, support = contacts[0]
            rested = _rest(pts, point, self.supports[support])
            if frame is not self.frames[0] and self.supports[support].kind == "top":
                dx = self.frames[0].points[point][0] - rested[point][0]
                rested = {k: (v[0] + dx, v[1], v[2]) for k, v in rested.items()}
            frame.points = rested
        start = self.frames[0].points
        wrists = _mul(_add(start["left_wrist"], start["right_wrist"]), 0.5)
        self.band_anchor = (wrists[0] + 45.0, wrists[1], 0.0)
        zs = [v[2] for f in self.frames for v in f.points.values()]
        self.floor_depth = (max(zs) + 12.0, min(zs) - 12.0)
        xs = [v[0] for f in self.frames for v in f.points.values()]
        self.floor_span = (min(xs) - 15.0, max(xs) + 15.0)

    def _place_props(self, pts: dict[str, Vec], anchor: str, anchor_support: str) -> dict[str, Support]:
        # Positions are worked out with the anchor at x = 0 standing on its support.
        supports: dict[str, Support] = {"floor": Support("top", 0.0)}
        shift_x = -pts[anchor][0]

        def x_of(name: str) -> float:
            return pts[name][0] + shift_x

        for prop in self.props:
            if prop.kind == "chair":
                x = x_of(prop.at)
                # A seat as wide as it is drawn: a hand hanging beside it is clear of it.
                supports["chair"] = Support("top", CHAIR_SEAT, x - 22, x + 20, z0=-CHAIR_HALF, z1=CHAIR_HALF)
                supports["chair-back"] = Support("wall", x - 22, facing=1.0, top=CHAIR_SEAT + CHAIR_BACK)
            elif prop.kind == "table":
                x = x_of(prop.at)
                # 60 cm across; at its left or right edge the shoulder on that side is over the
                # edge, so that arm hangs free.
                z0, z1 = {"left": (-50.0, 10.0), "right": (-10.0, 50.0)}.get(prop.side, (-30.0, 30.0))
                supports["table"] = Support("top", TABLE_TOP, x - 100, x + 80, z0=z0, z1=z1)
            elif prop.kind == "foam-roller":
                supports["foam-roller"] = Support("roller", ROLLER_RADIUS, centre_x=x_of(prop.at), radius=ROLLER_RADIUS)
            elif prop.kind == "pillow":
                x = x_of(prop.at)
                z = pts[prop.at][2]
                supports["pillow"] = Support("top", prop.height or PILLOW, x - 11, x + 11, z0=z - 25, z1=z + 25)
            elif prop.kind == "wall":
                r = HALF_WIDTH["torso"] if prop.at in ("pelvis", "mid_back", "upper_back", "c7", "t6") else 0
                x = x_of(prop.at)
                if prop.side == "front":
                    supports["wall"] = Support("wall", x + r + 4 * (r == 0), facing=-1.0)
                else:
                    supports["wall"] = Support("wall", x - r, facing=1.0)
        return supports

    # --- checks the tests use ---------------------------------------------------------------
    def problems(self, tolerance: float = 2.5) -> list[str]:
        """Every way the figure fails to be a possible body resting on its supports."""
        return self.length_problems() + self.range_problems() + self.support_problems(tolerance)

    def length_problems(self) -> list[str]:
        """Segments whose length differs between frames (a bone cannot stretch)."""
        found: list[str] = []
        lengths = [_lengths(f.points) for f in self.frames]
        for f, measured in zip(self.frames, lengths, strict=True):
            for name, value in _EXPECTED.items():
                if abs(measured[name] - value) > 0.01:
                    found.append(f"{f.label}: segment {name} is {measured[name]:.1f}, not the skeleton's {value:.1f}")
        for name, value in lengths[0].items():
            for f, other in zip(self.frames[1:], lengths[1:], strict=True):
                if abs(other[name] - value) > 0.01:
                    found.append(f"{f.label}: segment {name} is {other[name]:.1f}, not {value:.1f}")
        return found

    def range_problems(self) -> list[str]:
        """Angles outside the human range of their joint (RANGES)."""
        found: list[str] = []
        for f in self.frames:
            for name, value in pose_angles(f.base, f.angles).items():
                low, high = RANGES[_unsided(name)]
                if not low <= value <= high:
                    found.append(f"{f.label}: {name} {value:g} is outside the human range {low:g} to {high:g}")
        return found

    def support_problems(self, tolerance: float = 2.5) -> list[str]:
        """Contacts that float or sink, and any body part sunk into a support."""
        found: list[str] = []
        for f, contacts in zip(self.frames, self.contacts, strict=True):
            found += self._frame_support(f, contacts, tolerance)
        return found

    def _frame_support(self, f: Frame, contacts: list[tuple[str, str]], tolerance: float) -> list[str]:
        found: list[str] = []
        samples = body_samples(f.points)
        radius = {name: r for name, r in _point_radii().items()}
        for point, support_name in contacts:
            support = self.supports.get(support_name)
            if support is None:
                found.append(f"{f.label}: {point} rests on {support_name}, which the figure does not have")
                continue
            gap = support.gap(f.points[point], radius.get(point, 0.0))
            if gap is None or abs(gap) > tolerance:
                words = "is not over it" if gap is None else f"is {gap:+.1f} from it"
                found.append(f"{f.label}: {point} should rest on {support_name} but {words}")
        for name, support in self.supports.items():
            worst = min(
                ((g, label) for where, r, label in samples if (g := support.gap(where, r)) is not None),
                default=None,
            )
            if worst is not None and worst[0] < -tolerance:
                found.append(f"{f.label}: {worst[1]} sinks {-worst[0]:.1f} into {name}")
        return found


def _point_radii() -> dict[str, float]:
    r = {
        "pelvis": HALF_WIDTH["torso"],
        "l1": HALF_WIDTH["torso"],
        "t6": HALF_WIDTH["torso"],
        "c7": HALF_WIDTH["torso"],
        "head": HEAD_RADIUS,
        "skull": HALF_WIDTH["neck"],
    }
    for side in ("left", "right"):
        r |= {
            f"{side}_shoulder": HALF_WIDTH["upper_arm"],
            f"{side}_elbow": HALF_WIDTH["upper_arm"],
            f"{side}_wrist": HALF_WIDTH["forearm"],
            f"{side}_hand": HALF_WIDTH["hand"],
            f"{side}_knee": HALF_WIDTH["shank"],
            f"{side}_ankle": HALF_WIDTH["shank"],
            f"{side}_heel": HALF_WIDTH["foot"],
            f"{side}_toe": HALF_WIDTH["foot"],
            f"{side}_hip": HALF_WIDTH["thigh"],
        }
    return r


def _lengths(p: Mapping[str, Vec]) -> dict[str, float]:
    pairs = [("pelvis", "l1"), ("l1", "t6"), ("t6", "c7"), ("c7", "skull"), ("skull", "head")]
    for side in ("left", "right"):
        pairs += [
            (f"{side}_shoulder", f"{side}_elbow"),
            (f"{side}_elbow", f"{side}_wrist"),
            (f"{side}_wrist", f"{side}_hand"),
            (f"{side}_hip", f"{side}_knee"),
            (f"{side}_knee", f"{side}_ankle"),
            (f"{side}_ankle", f"{side}_toe"),
            (f"{side}_heel", f"{side}_toe"),
            ("pelvis", f"{side}_hip"),
        ]
    return {f"{a}-{b}": math.dist(p[a], p[b]) for a, b in pairs}


_EXPECTED: dict[str, float] = {
    "pelvis-l1": SEGMENTS["lumbar"],
    "l1-t6": SEGMENTS["lower_thoracic"],
    "t6-c7": SEGMENTS["upper_thoracic"],
    "c7-skull": SEGMENTS["neck"],
} | {
    f"{side}_{a}-{side}_{b}": SEGMENTS[seg]
    for side in ("left", "right")
    for a, b, seg in (
        ("shoulder", "elbow", "upper_arm"),
        ("elbow", "wrist", "forearm"),
        ("wrist", "hand", "hand"),
        ("hip", "knee", "thigh"),
        ("knee", "ankle", "shank"),
    )
}


def _rest(pts: dict[str, Vec], point: str, support: Support) -> dict[str, Vec]:
    """The body moved so that `point` touches `support` (a top at x = 0, or a roller's crest)."""
    r = _point_radii().get(point, 0.0)
    here = pts[point]
    if support.kind == "top":
        dx, dy = -here[0], support.level + r - here[1]
    elif support.kind == "roller":
        dx, dy = support.centre_x - here[0], support.level + support.radius + r - here[1]
    else:
        raise ValueError(f"a figure cannot be anchored on a wall ({point})")
    return {k: (v[0] + dx, v[1] + dy, v[2]) for k, v in pts.items()}


# --- drawing ---------------------------------------------------------------------------------
PANEL_W = 250.0
MARGIN = 8.0
LABEL_H = 20.0
INK = "#1f2328"
FAR = "#c9ced4"
GHOST = "#8c959f"  # the start pose's outline, dashed, in a later frame
MOVING = "#f6cfb4"  # the limb an arrow follows: the arrow's colour, light
PROP = "#57606a"
ARROW = "#b4460b"
WALL_HEIGHT = 200.0
MAT_EDGE = 3.0  # a mat's front edge in a raised view
SVG_STYLE = "max-width:100%;height:auto;background:#fff"  # its own size at most; white in dark mode too


@dataclass(frozen=True)
class Shape:
    """One drawn primitive in page units (y up): a polyline, a polygon or a circle."""

    kind: str  # "line", "poly", "circle"
    pts: tuple[tuple[float, float], ...]
    width: float  # stroke width (a circle: its radius is pts[1][0])
    stroke: str
    fill: str = "none"
    extra: str = ""

    def box(self) -> tuple[float, float, float, float]:
        if self.kind == "circle":
            (x, y), (r, _) = self.pts
            r += self.width / 2
            return x - r, y - r, x + r, y + r
        xs = [p[0] for p in self.pts]
        ys = [p[1] for p in self.pts]
        w = self.width / 2
        return min(xs) - w, min(ys) - w, max(xs) + w, max(ys) + w


def _project(view: str, v: Vec) -> tuple[float, float, float]:
    """Page x, page y (up), and depth (towards the viewer)."""
    x, y, z = v
    if view == "side":
        return x, y, z
    if view == "front":
        return z, y, x
    if view == "back":
        return -z, y, -x
    if view == "three-quarter":
        c, s = math.cos(OBLIQUE), math.sin(OBLIQUE)
        return x * c - z * s, y, x * s + z * c
    if view == "raised":
        c, s = math.cos(RAISED), math.sin(RAISED)
        return -x, y * c + z * s, y * s - z * c
    return x, -z, y  # top: seen from above


def _text(text: str) -> str:
    """Data text inside the SVG: HTML-escaped, braces as entities so no template engine acts."""
    return escape(" ".join(text.split())).replace("{", "&#123;").replace("}", "&#125;")


def _f(n: float) -> str:
    text = f"{n:.1f}"
    return "0.0" if text == "-0.0" else text


def _line(pts, width: float, stroke: str, extra: str = "") -> Shape:
    return Shape("line", tuple((p[0], p[1]) for p in pts), width, stroke, "none", extra)


def _moving_limbs(arrows: list[str]) -> frozenset[str]:
    """The limbs an arrow follows (an arrow at a hand moves that arm; one at a shoulder, a hip or
    the ribs moves no limb)."""
    out = set()
    for point in arrows:
        side, _, part = point.partition("_")
        if part in ("elbow", "wrist", "hand"):
            out.add(f"{side}_arm")
        elif part in ("knee", "ankle", "heel", "toe"):
            out.add(f"{side}_leg")
    return frozenset(out)


def _bulge(surface: Vec, low: Vec, high: Vec, at: float, r: float, span: tuple[float, float]) -> tuple[tuple, float]:
    """A segment of half width r whose outer edge reaches `surface`, running along the spine
    segment low-high around the fraction `at` of it (span: how far down and up it runs)."""
    axis = _sub(high, low)
    centre_on_axis = _add(low, _mul(axis, at))
    out = _sub(surface, centre_on_axis)
    reach = math.sqrt(_dot(out, out))
    centre = _add(centre_on_axis, _mul(out, max(reach - r, 0.0) / reach)) if reach > 0 else centre_on_axis
    return ((_add(centre, _mul(axis, span[0])), _add(centre, _mul(axis, span[1]))), 2 * r)


def _body(
    pts: Mapping[str, tuple[float, float, float]],
    breath: float,
    moving: frozenset[str] = frozenset(),
    blades: bool = False,
    face: bool = False,
) -> list[Shape]:
    """Outlined limbs: far limbs shaded first, then the torso, neck and head, then near limbs.
    Each layer is drawn twice, a dark wide stroke and a lighter narrow one, so that touching
    parts of a layer merge into one outline. A moving limb is filled in the arrow's tint."""

    def layer(segments: list[tuple[tuple, float]], fill: str, circles=()) -> list[Shape]:
        back = [_line(p, w + 3, INK) for p, w in segments]
        back += [Shape("circle", ((c[0], c[1]), (r, 0.0)), 3, INK, INK) for c, r in circles]
        front = [_line(p, w, fill) for p, w in segments]
        front += [Shape("circle", ((c[0], c[1]), (r, 0.0)), 0, "none", fill) for c, r in circles]
        return back + front

    def limb_segments(limb: Limb) -> list[tuple[tuple, float]]:
        return [((pts[a], pts[b]), 2 * rb) for (a, _), (b, rb) in zip(limb.chain, limb.chain[1:], strict=False)]

    def knee_cap(limb: Limb) -> list[tuple[tuple, float]]:
        """A thigh pointing at the viewer (sitting, seen from the front) is drawn end on: the
        knee a round disc wider than the shin, so the leg reads as coming forward, not down."""
        side = limb.name.split("_")[0]
        hip, knee = pts.get(f"{side}_hip"), pts.get(f"{side}_knee")
        if not limb.name.endswith("leg") or hip is None or knee is None:
            return []
        if math.dist(hip[:2], knee[:2]) > 0.5 * SEGMENTS["thigh"]:
            return []
        return [(knee, HALF_WIDTH["thigh"] + 1.5)]

    def depth(limb: Limb) -> float:
        return sum(pts[n][2] for n, _ in limb.chain) / len(limb.chain)

    torso_depth = (pts["c7"][2] + pts["pelvis"][2] + pts["t6"][2]) / 3
    far = sorted((lb for lb in LIMBS if depth(lb) < torso_depth - 1), key=depth)
    near = sorted(
        (lb for lb in LIMBS if depth(lb) >= torso_depth - 1), key=lambda lb: (lb.name.endswith("arm"), depth(lb))
    )
    shapes: list[Shape] = []
    for lb in far:
        shapes += layer(limb_segments(lb), MOVING if lb.name in moving else FAR, knee_cap(lb))
    tw = 2 * HALF_WIDTH["torso"]
    side_w = 2 * HALF_WIDTH["thigh"]
    torso = [
        ((pts["pelvis"], pts["l1"], pts["t6"], pts["c7"]), tw),
        ((pts["left_hip"], pts["right_hip"]), side_w),
        ((pts["left_shoulder"], pts["right_shoulder"]), side_w),
        ((pts["left_hip"], pts["l1"], pts["left_shoulder"]), side_w),
        ((pts["right_hip"], pts["l1"], pts["right_shoulder"]), side_w),
        ((pts["left_hip"], pts["t6"], pts["right_shoulder"]), side_w),
        ((pts["right_hip"], pts["t6"], pts["left_shoulder"]), side_w),
        ((pts["c7"], pts["skull"]), 2 * HALF_WIDTH["neck"]),
    ]
    # An ear shows where it stands clear of the head's middle (a front or back view), not as a
    # dot on the face in a side view.
    ears = [
        (pts[f"{side}_ear"], 2.5)
        for side in ("left", "right")
        if math.dist(pts[f"{side}_ear"][:2], pts["head"][:2]) > 0.8 * HEAD_RADIUS
    ]
    circles = [(pts["head"], HEAD_RADIUS), (pts["nose"], 2.5), *ears]
    if breath > 0:
        # A breath in swells the belly and widens the lower ribs: a long smooth bulge of the
        # trunk's outline along the spine, merged into it, not a round lump beside it.
        torso += [
            _bulge(pts["belly"], pts["pelvis"], pts["l1"], 0.45, 6.0, (-0.05, 0.7)),
            _bulge(pts["left_ribs"], pts["l1"], pts["t6"], 0.35, 5.0, (-0.35, 0.35)),
            _bulge(pts["right_ribs"], pts["l1"], pts["t6"], 0.35, 5.0, (-0.35, 0.35)),
        ]
    shapes += layer(torso, "#fff", circles)
    if face and pts["nose"][2] - pts["head"][2] > 0.7 * (HEAD_RADIUS + 2.0):
        # Seen from the front with the face towards the viewer: two eyes across the head's axis,
        # so the head reads as facing out (not in profile) and its tilt shows.
        across = (pts["left_ear"][0] - pts["right_ear"][0], pts["left_ear"][1] - pts["right_ear"][1])
        span = math.hypot(across[0], across[1]) or 1.0
        up = (-across[1] / span, across[0] / span)
        for k in (-0.35, 0.35):
            eye = (
                pts["head"][0] + k * HEAD_RADIUS * across[0] / span + 1.5 * up[0],
                pts["head"][1] + k * HEAD_RADIUS * across[1] / span + 1.5 * up[1],
            )
            shapes.append(Shape("circle", (eye, (1.3, 0.0)), 0, "none", INK))
    if blades:  # seen from behind: the shoulder blades, so setting them back and down shows
        for side in ("left", "right"):
            if pts[f"{side}_blade_tip"][2] - pts["t6"][2] < HALF_WIDTH["torso"] / 2:
                continue  # the back is turned away or sideways: no blade to see
            corners = tuple(pts[f"{side}_blade_{c}"][:2] for c in ("top", "inner", "tip"))
            shapes.append(Shape("poly", corners, 1.5, INK, "#d0d7de"))
    for lb in near:
        shapes += layer(limb_segments(lb), MOVING if lb.name in moving else "#fff", knee_cap(lb))
    return shapes


def _prop_shapes(fig: Figure, frame_pts: Mapping[str, tuple[float, float, float]], world: Mapping[str, Vec]):
    """Back shapes (behind the body) and front shapes (over it) of the figure's props."""
    view = fig.view
    back: list[Shape] = []
    front: list[Shape] = []

    def p(v: Vec) -> tuple[float, float]:
        x, y, _ = _project(view, v)
        return x, y

    sup = fig.supports
    for prop in fig.props:
        if prop.kind == "chair":
            s = sup["chair"]
            x0, x1, h = s.x0, s.x1, s.level
            if view in ("side", "three-quarter"):
                back += [
                    _line((p((x0, h + CHAIR_BACK, 0)), p((x0, 0, 0))), 4, PROP),
                    _line((p((x0 + 2, h - 2, 0)), p((x1, h - 2, 0))), 4, PROP),
                    _line((p((x1 - 2, h - 2, 0)), p((x1 - 2, 0, 0))), 4, PROP),
                ]
            else:
                back += [
                    _line((p((0, h - 2, -CHAIR_HALF)), p((0, h - 2, CHAIR_HALF))), 4, PROP),
                    _line((p((0, h - 2, -20)), p((0, 0, -20))), 4, PROP),
                    _line((p((0, h - 2, 20)), p((0, 0, 20))), 4, PROP),
                ]
        elif prop.kind == "table":
            s = sup["table"]
            if view in ("side", "three-quarter"):
                back += [
                    _line((p((s.x0, s.level - 2.5, 0)), p((s.x1, s.level - 2.5, 0))), 5, PROP),
                    _line((p((s.x0 + 6, s.level, 0)), p((s.x0 + 6, 0, 0))), 4, PROP),
                    _line((p((s.x1 - 6, s.level, 0)), p((s.x1 - 6, 0, 0))), 4, PROP),
                ]
            else:
                legs = (s.z0 + 3, s.z1 - 3)
                back.append(_line((p((0, s.level - 2.5, s.z0)), p((0, s.level - 2.5, s.z1))), 5, PROP))
                back += [_line((p((0, s.level, z)), p((0, 0, z))), 4, PROP) for z in legs]
        elif prop.kind == "foam-roller":
            s = sup["foam-roller"]
            if view in ("side", "three-quarter"):
                c = p((s.centre_x, s.level, 0))
                back.append(Shape("circle", (c, (s.radius - 1, 0.0)), 2, PROP, "#e6e9ec"))
            else:
                back.append(
                    _line((p((s.centre_x, s.level, -40)), p((s.centre_x, s.level, 40))), 2 * s.radius, "#e6e9ec")
                )
        elif prop.kind == "pillow":
            s = sup["pillow"]
            if view in ("side", "top", "raised"):
                z = world["head"][2] if view == "raised" else 0.0
                back.append(_line((p((s.x0 + 3, s.level / 2, z)), p((s.x1 - 3, s.level / 2, z))), s.level, "#d8dee4"))
            elif view in ("front", "back"):  # seen from the head or the feet: across the body
                x, r = (s.x0 + s.x1) / 2, s.level / 2
                back.append(_line((p((x, r, s.z0 + r)), p((x, r, s.z1 - r))), s.level, "#d8dee4"))
        elif prop.kind == "wall":
            s = sup["wall"]
            if view in ("side", "three-quarter"):
                x = s.level - s.facing * 2
                back.append(_line((p((x, 0, 0)), p((x, WALL_HEIGHT, 0))), 4, PROP))
                for y in range(10, int(WALL_HEIGHT), 20):
                    back.append(_line((p((x, y, 0)), p((x - s.facing * 7, y + 7, 0))), 1.5, PROP))
            else:
                back.append(
                    Shape(
                        "poly",
                        (
                            p((s.level, 0, -55)),
                            p((s.level, WALL_HEIGHT, -55)),
                            p((s.level, WALL_HEIGHT, 55)),
                            p((s.level, 0, 55)),
                        ),
                        1,
                        "#d0d7de",
                        "#f3f4f6",
                    )
                )
        elif prop.kind == "band" and prop.side == "between":
            front.append(_line((p(world["left_wrist"]), p(world["right_wrist"])), 2.5, "#3d6fb6"))
        elif prop.kind == "band":
            anchor = fig.band_anchor
            ax, ay = p(anchor)
            # A post up past the anchor, the band tied on it (a knot): not a band ending in the air.
            back.append(_line(((ax, 0), (ax, max(ay + 15, WALL_HEIGHT * 0.6))), 4, PROP))
            back.append(Shape("circle", ((ax, ay), (3.0, 0.0)), 2, PROP, PROP))
            for side in ("left", "right"):
                front.append(_line((p(world[f"{side}_wrist"]), (ax, ay)), 2.5, "#3d6fb6"))
        elif prop.kind == "towel" and view in ("front", "back"):
            # Round the lower ribs, as wide as they are: it widens as they do with a breath in. A
            # soft band that sags a little at the middle, its ends in the hands: cloth, not a bar.
            lr, rr = world["left_ribs"], world["right_ribs"]
            mid = _add(_mul(_add(lr, rr), 0.5), (0.0, -3.0, 0.0))
            ends = [world["left_wrist"], lr, mid, rr, world["right_wrist"]]
            front.append(_line(tuple(p(v) for v in ends), 4, "#8c959f"))
    if view == "raised":
        # The floor seen from above: a mat from behind the body to in front of it, a little
        # longer than the body, its front edge thick, so the body lies on it, not in a box.
        near, far = fig.floor_depth
        y0, y1 = sorted((p((0, 0, near))[1], p((0, 0, far))[1]))  # the near edge lower on the page
        xa, xb = p((fig.floor_span[0], 0, 0))[0], p((fig.floor_span[1], 0, 0))[0]
        mat = ((xa, y0), (xb, y0), (xb, y1), (xa, y1))
        edge = ((xa, y0), (xb, y0), (xb, y0 - MAT_EDGE), (xa, y0 - MAT_EDGE))
        back[:0] = [Shape("poly", mat, 1, "#d0d7de", "#f3f4f6"), Shape("poly", edge, 1, "#afb8c1", "#d0d7de")]
    elif view != "top":
        back.insert(0, _line(((-PANEL_W, 0.0), (PANEL_W, 0.0)), 2, PROP))
    return back, front


def figure_svg(fig: Figure, title: str, description: str, ident: str) -> str:
    """The figure as one line of inline SVG: frames side by side, each in a panel with its label."""
    panels: list[tuple[list[Shape], list[Shape], list[Shape]]] = []
    projected = [{k: _project(fig.view, v) for k, v in f.points.items()} for f in fig.frames]
    for i, (f, pts) in enumerate(zip(fig.frames, projected, strict=True)):
        back, front = _prop_shapes(fig, pts, f.points)
        breath = pose_angles(f.base, f.angles)["breath"]
        start_breath = pose_angles(fig.frames[0].base, fig.frames[0].angles)["breath"]
        ghost, ghost_front = _ghost(projected[0], pts, start_breath < breath) if i else ([], [])
        panels.append(
            (
                back + ghost,
                _body(pts, breath, _moving_limbs(fig.arrows), fig.view == "back", fig.view == "front"),
                front + ghost_front,
            )
        )
    # An arrow the enlarged box shows is drawn there only: at full size it would cover the face.
    shown = [n for n in fig.arrows if not (fig.inset and _in_inset(projected[0], fig.inset, n))]
    wall = fig.supports.get("wall")
    wall_x = _project(fig.view, (wall.level, 0.0, 0.0))[0] if wall and fig.view in ("side", "three-quarter") else None
    arrows = [_arrow(projected[0][n], projected[-1][n], projected[0], wall_x) for n in shown]
    # One offset for every panel (the floor line aside), so props stand still between frames.
    # The floor line spans the panel and does not count; a raised view's mat does.
    skip = 0 if fig.view == "raised" else 1
    boxes = [s.box() for back, body, front in panels for s in (*back[skip:], *body, *front)]
    boxes += [s.box() for s in arrows]
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    top = max(b[3] for b in boxes)
    bottom = min(0.0, min(b[1] for b in boxes)) - 2
    centre = (x0 + x1) / 2
    body_top = LABEL_H + MARGIN  # where the drawing's highest point goes
    height = body_top + (top - bottom) + MARGIN
    if fig.inset:
        # The enlarged box sits at the panel's top right: beside the body when there is room,
        # else above it.
        if x1 - x0 + INSET + 3 * MARGIN <= PANEL_W:
            centre = x0 + PANEL_W / 2 - MARGIN
        else:
            body_top = INSET_TOP + INSET + MARGIN
        height = max(body_top + (top - bottom), INSET_TOP + INSET) + MARGIN
    width = PANEL_W * len(panels)

    def svg_shape(s: Shape, panel: int, move=None) -> str:
        def xy(pt: tuple[float, float]) -> tuple[float, float]:
            if move is not None:
                return move(pt)
            x = panel * PANEL_W + PANEL_W / 2 + (pt[0] - centre)
            return min(max(x, panel * PANEL_W + 1), (panel + 1) * PANEL_W - 1) if s is floor[0] else x, body_top + (
                top - pt[1]
            )

        if s.kind == "circle":
            (cx, cy), (r, _) = s.pts
            x, y = xy((cx, cy))
            stroke = f' stroke="{s.stroke}" stroke-width="{_f(s.width)}"' if s.width else ""
            return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{s.fill}"{stroke}{s.extra}/>'
        coords = "L".join(f"{_f(x)} {_f(y)}" for x, y in map(xy, s.pts))
        close = "z" if s.kind == "poly" else ""
        return (
            f'<path d="M{coords}{close}" fill="{s.fill}" stroke="{s.stroke}" stroke-width="{_f(s.width)}" '
            f'stroke-linecap="round" stroke-linejoin="round"{s.extra}/>'
        )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ptref-figure" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'width="{_f(width)}" height="{_f(height)}" style="{SVG_STYLE}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{_text(title)}</title><desc id="{ident}-d">{_text(description)}</desc>'
        f'<defs><marker id="{ident}-m" viewBox="0 0 10 10" refX="7" refY="5" markerWidth="3.2" markerHeight="3.2" '
        f'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{ARROW}"/></marker>'
        + "".join(
            f'<clipPath id="{ident}-c{i}"><path d="{_inset_box(i)}"/></clipPath>'
            for i in range(len(panels))
            if fig.inset
        )
        + "</defs>"
    ]
    for i, ((back, body, front), frame) in enumerate(zip(panels, fig.frames, strict=True)):
        floor = back[:1] if fig.view != "top" else [None]
        if i:
            out.append(
                f'<path d="M{_f(i * PANEL_W)} {_f(MARGIN)}V{_f(height - MARGIN)}" stroke="#d0d7de" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{_f(i * PANEL_W + 8)}" y="{_f(LABEL_H - 4)}" font-family="sans-serif" font-size="15" '
            f'font-weight="bold" fill="{INK}">{_text(frame.label)}</text>'
        )
        out += [svg_shape(s, i) for s in (*back, *body, *front)]
        if i == 0:
            out += [svg_shape(s, 0).replace("/>", _heads(fig, ident)) for s in arrows]
        if fig.inset:
            out += _inset(fig, i, (back, body, front), projected, svg_shape, ident)
    out.append("</svg>")
    return "".join(out)


INSET = 104.0  # the enlarged box's side
INSET_TOP = 4.0
INSET_ZOOM = 2.6


def _inset_box(panel: int) -> str:
    x = (panel + 1) * PANEL_W - MARGIN - INSET
    x1, y0, y1 = x + INSET, INSET_TOP, INSET_TOP + INSET
    return f"M{_f(x)} {_f(y0)}L{_f(x1)} {_f(y0)}L{_f(x1)} {_f(y1)}L{_f(x)} {_f(y1)}z"


def _inset(fig: Figure, panel: int, layers, projected, svg_shape, ident: str) -> list[str]:
    """The frame again, enlarged round the figure's inset point (where it is in the start frame,
    so the box stands still and the movement shows), clipped to a box at the panel's top right.
    The start frame's box carries the arrow, enlarged too."""
    bx = (panel + 1) * PANEL_W - MARGIN - INSET
    cx, cy = projected[0][fig.inset][:2]

    def move(pt: tuple[float, float]) -> tuple[float, float]:
        return bx + INSET / 2 + (pt[0] - cx) * INSET_ZOOM, INSET_TOP + INSET / 2 - (pt[1] - cy) * INSET_ZOOM

    back, body, front = layers
    out = [f'<path d="{_inset_box(panel)}" fill="#fff" stroke="none"/>', f'<g clip-path="url(#{ident}-c{panel})">']
    out += [svg_shape(_scaled(s), panel, move) for s in (*back, *body, *front)]
    if panel == 0:
        for name in fig.arrows:
            b = projected[-1][name]
            if _in_inset(projected[0], fig.inset, name):
                big = {k: ((v[0] - cx) * INSET_ZOOM, (v[1] - cy) * INSET_ZOOM, 0.0) for k, v in projected[0].items()}
                arrow = _arrow(big[name], ((b[0] - cx) * INSET_ZOOM, (b[1] - cy) * INSET_ZOOM, 0.0), big)
                shifted = Shape("line", tuple((x + cx, y + cy) for x, y in arrow.pts), arrow.width, arrow.stroke)
                moved = svg_shape(
                    shifted, panel, lambda pt: (bx + INSET / 2 + pt[0] - cx, INSET_TOP + INSET / 2 - (pt[1] - cy))
                )
                out.append(moved.replace("/>", _heads(fig, ident)))
    out.append("</g>")
    out.append(f'<path d="{_inset_box(panel)}" fill="none" stroke="{PROP}" stroke-width="1.5"/>')
    return out


def _heads(fig: Figure, ident: str) -> str:
    """An arrow's heads: at its end, and at its start too for a there-and-back movement."""
    start = f' marker-start="url(#{ident}-m)"' if fig.both_ways else ""
    return f'{start} marker-end="url(#{ident}-m)"/>'


def _in_inset(start: Mapping[str, tuple[float, float, float]], inset: str, point: str) -> bool:
    """Whether a body point is inside the enlarged box (in the start frame)."""
    return math.dist(start[point][:2], start[inset][:2]) < INSET / INSET_ZOOM / 2


def _scaled(s: Shape) -> Shape:
    """A shape with its strokes and radii as wide as the enlargement makes them."""
    if s.kind == "circle":
        (c, (r, _)) = s.pts
        return Shape("circle", (c, (r * INSET_ZOOM, 0.0)), s.width * INSET_ZOOM, s.stroke, s.fill, s.extra)
    return Shape(s.kind, s.pts, s.width * INSET_ZOOM, s.stroke, s.fill, s.extra)


def _ghost(
    start: Mapping[str, tuple[float, float, float]], now: Mapping[str, tuple[float, float, float]], breath_in: bool
) -> tuple[list[Shape], list[Shape]]:
    """The parts of the start pose that have moved, as a dashed outline behind a later frame:
    where the body was, so a small movement (a chin tuck, a lift of a few centimetres) shows.
    After a breath in, the flat belly of the start is a dashed line over the risen one."""
    moved = {k for k in start if math.dist(start[k][:2], now[k][:2]) > 1.5}
    segments = [
        ((start[a], start[b]), 2 * rb)
        for limb in LIMBS
        for (a, _), (b, rb) in zip(limb.chain, limb.chain[1:], strict=False)
        if a in moved or b in moved
    ]
    spine = ("pelvis", "l1", "t6", "c7", "skull")
    segments += [
        ((start[a], start[b]), 2 * (HALF_WIDTH["neck"] if b == "skull" else HALF_WIDTH["torso"]))
        for a, b in zip(spine, spine[1:], strict=False)
        if a in moved or b in moved
    ]
    front: list[Shape] = []
    # The belly or the ribs where they were, where a breath in moved them in this view.
    for point, low, high, span in (
        ("belly", "pelvis", "l1", (9, 14)),
        *((f"{side}_ribs", "l1", "t6", (7, 7)) for side in ("left", "right")),
    ):
        if not breath_in or point not in moved:
            continue
        (px, py, _), (lx, ly, _), (bx, by, _) = start[low], start[high], start[point]
        length = math.hypot(lx - px, ly - py)
        ux, uy = (lx - px) / length, (ly - py) / length
        ends = ((bx - ux * span[0], by - uy * span[0]), (bx + ux * span[1], by + uy * span[1]))
        front.append(Shape("line", ends, 1.5, GHOST, "none", ' stroke-dasharray="3 3"'))
    circles = [(start["head"], HEAD_RADIUS)] if "head" in moved else []
    circles += [(start["nose"], 2.5)] if "nose" in moved else []
    dash = ' stroke-dasharray="3 3"'
    out = [_line(p, w + 3, GHOST, dash) for p, w in segments]
    out += [Shape("circle", ((c[0], c[1]), (r + 1.5, 0.0)), 1.5, GHOST, "none", dash) for c, r in circles]
    out += [_line(p, w, "#fff") for p, w in segments]
    return out, front


def _arrow(a, b, pts, wall_x: float | None = None) -> Shape:
    """A bowed arrow from where a body point starts to where it ends (page units)."""
    (ax, ay, _), (bx, by, _) = a, b
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    curve_share = 0.3
    if length < 22:
        # A small movement (a breath, a chin nod) still gets an arrow a reader can see: longer
        # and nearly straight, not a curl.
        ux, uy = (dx / length, dy / length) if length > 0.1 else (0.0, 1.0)
        bx, by = ax + ux * 26, ay + uy * 26
        dx, dy, length = bx - ax, by - ay, 26.0
        curve_share = 0.1
    cx = (pts["pelvis"][0] + pts["c7"][0]) / 2
    cy = (pts["pelvis"][1] + pts["c7"][1]) / 2
    nx, ny = -dy / length, dx / length
    mx, my = (ax + bx) / 2, (ay + by) / 2
    if (mx - cx) * nx + (my - cy) * ny < 0:
        nx, ny = -nx, -ny
    if wall_x is not None and abs(mx + nx * 9 - wall_x) < abs(mx - nx * 9 - wall_x):
        nx, ny = -nx, -ny  # never bowed into the wall a hand slides on: the body side shows it
    if my + ny * 0.6 * length < 0 <= min(ay, by):  # never bowed under the floor (a step, a foot)
        nx, ny = -nx, -ny
    off = 9.0
    bow = curve_share * length
    steps = 12
    sx, sy = ax + nx * off, ay + ny * off
    ex, ey = bx + nx * off, by + ny * off
    qx, qy = mx + nx * (off + 2 * bow), my + ny * (off + 2 * bow)
    curve = []
    for i in range(steps + 1):
        t = 0.1 + 0.8 * i / steps
        curve.append(
            (
                (1 - t) ** 2 * sx + 2 * (1 - t) * t * qx + t * t * ex,
                (1 - t) ** 2 * sy + 2 * (1 - t) * t * qy + t * t * ey,
            )
        )
    return Shape("line", tuple(curve), 3, ARROW)
