"""Red-flag questions: the BEST next step for a patient's cues (from the flag's urgency and quick action) and which flag the cues point to."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...model.kinds import label_table
from ...study.questions import (
    FLAG_SYSTEM,
    Candidate,
    _clause,
    _first_sentence,
    _lower_first,
    _make,
    _member,
    _pick,
    _sentence,
    _variants,
    frame,
)
from ...study.writing import GUIDANCE, content_words

# The actions a clinician weighs, slowest last; a flag's urgency and its own quick action pick the
# right one. Their wording is data (notice study-next-steps, clinical convention), in this order.
# A question offers four: emergency, the urgent step in the flag's own timing (the same day, or the
# same or next day; the same day when the flag is not urgent), routine, none.
ORDER = ("emergency", "same-day", "next-day", "routine", "none")
URGENT = ("same-day", "next-day")


def actions(kb: KnowledgeBase) -> dict[str, str]:
    """The next-step choices by timing, from data/notices.yml (study-next-steps)."""
    return dict(zip(ORDER, kb.get("notices", "study-next-steps").data["points"], strict=True))


def _timing_of(text: str) -> str | None:
    """The timing a part of a quick action gives ("physician same or next day" is next-day)."""
    if re.search(r"emergency", text, re.I):
        return "emergency"
    if re.search(r"same or next day|next day", text, re.I):
        return "next-day"
    if re.search(r"same.day", text, re.I):
        return "same-day"
    if re.search(r"letter|routine|review", text, re.I):
        return "routine"
    return None


def timing(d: dict, shown: str) -> str:
    """The right next step for a flag when these cues are shown: the flag's grade, and for an
    urgent flag the window its own quick action gives (a branch whose condition the cues name
    wins: herpes zoster is the same or next day, but the same day near the eye)."""
    grade = d["urgency"]
    if grade != "urgent":
        return grade
    words = content_words(shown)
    base, branch = None, None
    for part in d["quick_action"].split(";"):
        when, colon, what = part.rpartition(":")
        found = _timing_of(what if colon else part)
        if found not in URGENT:
            continue
        if colon and content_words(when) & words:
            branch = found if branch is None else min(branch, found, key=ORDER.index)
        elif not colon:
            base = base or found
    return branch or base or "same-day"


# A cue that would raise an urgent flag to an emergency (the flags' own quick actions name these).
ESCALATING = re.compile(
    r"breathless|coughing blood|vomiting blood|black stool|faint|collapse|confus|seizure|visual|vision|"
    r"bladder|bowel|incontinen|severe|sudden|rupture|perforat|unwell|rigor|fever|jaundice|yellowing|weakness",
    re.I,
)


# A cue line about a population or about risk in general, not about this patient (item review:
# "population not patient").
POPULATION = re.compile(
    "|".join(("seen more often", "reported more often", "^presentations with", "risk rises", "are often absent")), re.I
)
# A cue that only an examiner finds: shown under "examination shows", never as what the patient reports.
EXAMINED = re.compile(
    "|".join(
        ("reflex", "clonus", "plantar", "tenderness", "pulsating mass", "chest moving less", "chest movement")
        + (
            "horner",
            "wasting",
            "chest expansion",
            "neurological screen",
            "prominent, distended veins",
            "^reduced chest",
        )
    ),
    re.I,
)
# A flag that needs a context the cues must show before it can be a plausible distractor:
# (pattern in the flag's name or cues, words one of which the shown cues must contain).
CONTEXT = (
    (re.compile(r"pregnan", re.I), re.compile(r"pregnan|birth|weeks", re.I)),
    (re.compile(r"trauma|injur", re.I), re.compile(r"fall|blow|collision|injur|trauma|accident|jolt", re.I)),
    (re.compile(r"ankylos|DISH", re.I), re.compile(r"ankylos|DISH|fused", re.I)),
)
# A catch-all flag that any visceral or serious picture also fits: never a distractor.
CATCH_ALL = re.compile(r"non-mechanical|not improving|unresolving", re.I)


def _plausible(other: dict, shown: str) -> bool:
    """Whether a flag can be a distractor for these cues: not a catch-all, and any context it
    needs (pregnancy, an injury, a fused spine) is in the cues."""
    if CATCH_ALL.search(other["name"]):
        return False
    text = f"{other['name']} {other['quick_screen']}"
    return all(not needs.search(text) or shows.search(shown) for needs, shows in CONTEXT)


def _findings(pair: list[str]) -> str:
    """The cues as a vignette: what the patient reports, then what examination shows."""
    told = [_lower_first(x) for x in pair if not EXAMINED.search(x)]
    seen = [_lower_first(x) for x in pair if EXAMINED.search(x)]
    parts = [frame("red_flags", "reports", symptoms="; ".join(told))] if told else []
    parts += [frame("red_flags", "examination", signs="; ".join(seen))] if seen else []
    return "; ".join(parts)


def _branches(quick_action: str) -> tuple[set[str], bool]:
    """The words that send a patient to emergency care in a flag's quick action ("cold white hand
    or breathless: emergency services" gives cold, white, hand, breathless), and whether it also
    has a slower branch (same day, routine)."""
    words: set[str] = set()
    slower = False
    for part in quick_action.split(";"):
        when, _, what = part.rpartition(":")
        if re.search(r"emergency", what, re.I):
            words |= content_words(when)
        elif re.search(r"same.day|next day|letter", what, re.I):
            slower = True
    return words, slower


def _cue_lines(d: dict, calm: bool) -> list[str]:
    """A flag's cues that read as findings (not the vital-signs instruction); with `calm`, none
    that would escalate an urgent flag to an emergency (by the flag's own quick action too)."""
    lines = [
        _clause(x)
        for x in d["ask_or_look_for"]
        if not (x.startswith("Vital signs") or POPULATION.search(x) or GUIDANCE.search(x))
    ]
    escalating, _ = _branches(d["quick_action"])
    return [x for x in lines if not (calm and (ESCALATING.search(x) or content_words(x) & escalating))]


def _overlap(shown: str, other: dict) -> int:
    """How many content words the shown cues share with another flag's own cues."""
    theirs = content_words(" ".join([other["quick_screen"], *other["ask_or_look_for"]]))
    return len(content_words(shown) & theirs)


def _red_flags(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    urgency = label_table("red_flags", "urgency")
    choices = actions(kb)
    flags = kb.all("red_flags")
    by_cues: dict[str, set[str]] = {}
    for f in flags:
        by_cues.setdefault(f.data["quick_screen"], set()).add(f.data["name"])
    for flag in flags:
        d = flag.data
        system = FLAG_SYSTEM.get(d["category"], "other-systems")
        grade = d["urgency"]
        lines = _cue_lines(d, calm=grade != "emergency")
        escalating, slower = _branches(d["quick_action"])
        for n, pair in enumerate(_variants(lines, 8)):
            # Every next-step stem says the symptoms are present now (review: said only where the
            # key was emergency, it gave the key away); an emergency flag's slower branch (settled
            # symptoms) is therefore never the one shown.
            stem = frame("red_flags", "next-step", findings=_findings(pair))
            if grade == "emergency" and slower and escalating and not content_words(stem) & escalating:
                continue  # an emergency flag with a slower branch: the cues must show the emergency one
            right = timing(d, " ".join(pair))
            urgent = right if right in URGENT else "same-day"
            offered = [k for k in ORDER if k not in URGENT or k == urgent]
            first_step = _sentence(d["quick_action"])
            reasons = {}
            for key in offered:
                said = "right-step" if key == right else "faster" if ORDER.index(key) < ORDER.index(right) else "slower"
                reasons[choices[key]] = frame("red_flags", said, flag=_lower_first(d["name"]), step=first_step)
            yield _make(
                f"rf-next:{flag.id}:{n + 1}",
                "red-flags",
                stem,
                choices[right],
                [choices[k] for k in offered if k != right],
                frame(
                    "red_flags", "next-step-explained", flag=d["name"], grade=urgency[grade].lower(), step=first_step
                ),
                flag,
                reasons,
                "application",
                system,
                "safety-professional",
            )
        every = _cue_lines(d, calm=False)
        for n, pair in enumerate(_variants(every[1:] + every[:1], 7)):
            shown = " ".join(pair)
            stem = frame("red_flags", "which-flag", findings=_findings(pair))
            stem_words = content_words(shown)

            def unlike(f: Entry, d=d, shown=shown, stem_words=stem_words) -> bool:
                """Another flag whose cues are not these and whose name no shown cue echoes."""
                return (
                    f.data["quick_screen"] != d["quick_screen"]
                    and _overlap(shown, f.data) < 2
                    and not (content_words(f.data["name"]) & stem_words)
                    and f.data["name"].lower() not in d["action"].lower()
                    and _plausible(f.data, shown)
                )

            nearby = [
                f
                for f in flags
                if f.data["category"] == d["category"] or set(f.data.get("locations", [])) & set(d.get("locations", []))
            ]
            wrong = _pick(f"{flag.id}:{n}", nearby, 3, unlike)
            wrong += [f for f in _pick(f"{flag.id}:{n}:more", flags, 3, unlike) if f not in wrong]
            reasons = {d["name"]: frame("red_flags", "cues-right", cues=_lower_first(_clause(d["quick_screen"])))}
            for f in wrong[:3]:
                reasons[f.data["name"]] = frame(
                    "red_flags", "cues-wrong", cues=_lower_first(_clause(f.data["quick_screen"]))
                )
            yield _make(
                f"rf-cues:{flag.id}:{n + 1}",
                "red-flags",
                stem,
                d["name"],
                [f.data["name"] for f in wrong[:3]],
                f"{d['name']}: {_sentence(_first_sentence(d['suspected']))} {_sentence(d['quick_action'])}",
                flag,
                reasons,
                # Recognising a flag from its own cue lines is recall (item review: level label inflated).
                "recall",
                system,
                "evaluation-diagnosis",
                # Right is any flag with exactly these cues: two flags sharing their cues would make two right answers.
                is_right=_member(by_cues[d["quick_screen"]]),
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 10
QUESTIONS = [_red_flags]
TOPICS = {"red-flags": "Red flags: what they point to and what to do"}
