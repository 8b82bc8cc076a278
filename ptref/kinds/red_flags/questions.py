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
)
from ...study.writing import content_words

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
    lines = [_clause(x) for x in d["ask_or_look_for"] if not x.startswith("Vital signs")]
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
        for n, pair in enumerate(_variants(lines, 5)):
            now = " The symptoms are present now." if grade == "emergency" else ""
            if grade == "emergency" and slower and escalating and not content_words(" ".join(pair) + now) & escalating:
                continue  # an emergency flag with a slower branch: the cues must show the emergency one
            stem = (
                f"During a physical therapy visit for thoracic pain, the patient describes: "
                f"{'; '.join(_lower_first(x) for x in pair)}.{now} Which action is BEST?"
            )
            right = timing(d, " ".join(pair))
            urgent = right if right in URGENT else "same-day"
            offered = [k for k in ORDER if k not in URGENT or k == urgent]
            first_step = _sentence(d["quick_action"])
            reasons = {}
            for key in offered:
                if key == right:
                    reasons[choices[key]] = f"Right: the first step for {_lower_first(d['name'])} is: {first_step}"
                elif ORDER.index(key) < ORDER.index(right):
                    reasons[choices[key]] = f"More than these findings need; the flag's own first step: {first_step}"
                else:
                    reasons[choices[key]] = f"Too slow; the flag's own first step: {first_step}"
            yield _make(
                f"rf-next:{flag.id}:{n + 1}",
                "red-flags",
                stem,
                choices[right],
                [choices[k] for k in offered if k != right],
                f"These findings raise the red flag {d['name']}, graded {urgency[grade].lower()}. "
                f"First step: {first_step}",
                flag,
                reasons,
                "application",
                system,
                "safety-professional",
            )
        every = _cue_lines(d, calm=False)
        for n, pair in enumerate(_variants(every[1:] + every[:1], 5)):
            shown = " ".join(pair)
            stem_words = content_words(shown)

            def unlike(f: Entry, d=d, shown=shown, stem_words=stem_words) -> bool:
                """Another flag whose cues are not these and whose name no shown cue echoes."""
                return (
                    f.data["quick_screen"] != d["quick_screen"]
                    and _overlap(shown, f.data) < 2
                    and not (content_words(f.data["name"]) & stem_words)
                    and f.data["name"].lower() not in d["action"].lower()
                )

            nearby = [
                f
                for f in flags
                if f.data["category"] == d["category"] or set(f.data.get("locations", [])) & set(d.get("locations", []))
            ]
            wrong = _pick(f"{flag.id}:{n}", nearby, 3, unlike)
            wrong += [f for f in _pick(f"{flag.id}:{n}:more", flags, 3, unlike) if f not in wrong]
            reasons = {d["name"]: f"Right: its cues are {_lower_first(_clause(d['quick_screen']))}"}
            for f in wrong[:3]:
                reasons[f.data["name"]] = f"Its cues are {_lower_first(_clause(f.data['quick_screen']))}, not these"
            yield _make(
                f"rf-cues:{flag.id}:{n + 1}",
                "red-flags",
                f"A patient with thoracic pain presents with: {'; '.join(_lower_first(x) for x in pair)}. "
                "Which red flag do these findings MOST suggest?",
                d["name"],
                [f.data["name"] for f in wrong[:3]],
                f"{d['name']}: {_sentence(_first_sentence(d['suspected']))} First step: {_sentence(d['quick_action'])}",
                flag,
                reasons,
                "application",
                system,
                "evaluation-diagnosis",
                # Right is any flag with exactly these cues: two flags sharing their cues would make two right answers.
                is_right=_member(by_cues[d["quick_screen"]]),
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 10
QUESTIONS = [_red_flags]
TOPICS = {"red-flags": "Red flags: what they point to and what to do"}
