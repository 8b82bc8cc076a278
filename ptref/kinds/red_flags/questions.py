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
    frame,
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


# A finding that would send a patient with an urgent flag to emergency care whatever the flag (the
# flags' own quick actions add their own emergency branches: _branches).
ESCALATING = re.compile(
    r"breathless|coughing blood|vomiting blood|black stool|faint|collapse|confus|seizure|"
    r"bladder|bowel|incontinen|rupture|perforat",
    re.I,
)
# One stem frame for every next-step item and one for every which-flag item: the findings alone
# carry the answer (no sentence that only emergency items have). The wording of every frame is in
# the kind's schema (x-questions).
# A distractor flag needs its own setting in the stem: injury for trauma, pregnancy for pre-eclampsia.
SETTING = {
    "significant-trauma": re.compile(r"\b(fall|fell|blow|collision|injur|trauma|tackle)", re.I),
    "pre-eclampsia-or-hellp": re.compile(r"pregnan|birth", re.I),
}
# A catch-all flag that any visceral or serious picture also meets: never a distractor.
CATCH_ALL = ("non-mechanical-or-unresolving-pain",)


def _branches(quick_action: str) -> tuple[set[str], dict[str, str]]:
    """The words that send a patient to emergency care in a flag's quick action ("cold white hand
    or breathless: emergency services" gives cold, white, hand, breathless), and the emergency
    branches by their condition ({"cold white hand or breathless": "emergency services"})."""
    words: set[str] = set()
    branches: dict[str, str] = {}
    for part in quick_action.split(";"):
        when, _, what = part.rpartition(":")
        if re.search(r"emergency", what, re.I) and when.strip():
            words |= content_words(when)
            branches[when.strip()] = what.strip()
    return words, branches


def _and(items: list[str]) -> str:
    """'a', 'a, and b', 'a, b, and c' (findings carry commas of their own)."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + ", and " + items[-1]


def _escalates(d: dict, shown: str) -> bool:
    """Whether findings would raise an urgent flag to its emergency branch (or any emergency)."""
    words, _ = _branches(d["quick_action"])
    return bool(ESCALATING.search(shown) or content_words(shown) & words)


def _findings(d: dict, with_complaint: bool) -> list[tuple[list[str], str]]:
    """A flag's vignettes as (reports, examination finding), from its study_findings: the presenting
    complaint and one other report each, then with two (with_complaint), or two other reports
    each; the examination findings in turn."""
    found = d.get("study_findings")
    if not found:
        return []
    reports, exam = found["reports"], found["examination"]
    rest = reports[1:]
    out = []
    for n, report in enumerate(rest):
        shown = [reports[0], report] if with_complaint else [report, rest[(n + 1) % len(rest)]]
        if not with_complaint and len(rest) < 2:
            break
        out.append((shown, exam[n % len(exam)]))
    if with_complaint:  # then fuller pictures: the complaint with two other reports
        for n in range(0, len(rest) - 1, 2):
            out.append(([reports[0], rest[n], rest[n + 1]], exam[(n + 1) % len(exam)]))
    return out


def _step_reason(key: str, right: str, d: dict, choices: dict[str, str]) -> str:
    """Why a next step is right or wrong for this flag, in the flag's own words."""
    name = _lower_first(d["name"])
    step = _sentence(d["quick_action"])
    _, branches = _branches(d["quick_action"])
    if key == right:
        return frame("red_flags", "right-step", name=name, step=step)
    if ORDER.index(key) < ORDER.index(right):  # faster than needed
        if key == "emergency" and branches:
            when = "; ".join(_lower_first(w) for w in branches)
            return frame("red_flags", "emergency-branch", when=when, step=step)
        if key == "emergency":
            return frame("red_flags", "not-emergency", step=step)
        return frame("red_flags", "more-than-asked", step=step)
    if right == "emergency":
        if key in URGENT:
            return frame("red_flags", "too-slow-emergency", name=name, step=step)
        if key == "routine":
            return frame("red_flags", "letter-emergency", name=name, step=step)
        return frame("red_flags", "continue-emergency", name=name, step=step)
    if key in URGENT:
        return frame("red_flags", "later-than-allowed", step=step)
    if key == "routine":
        return frame("red_flags", "letter-too-slow", name=name, step=step)
    return frame("red_flags", "continue-ignores", name=name, step=step)


def _cue_words(other: dict) -> frozenset[str]:
    """The content words of a flag's own cues (not its vital-signs line, which every
    cardiopulmonary flag shares)."""
    cues = [x for x in other["ask_or_look_for"] if not x.startswith("Vital signs")]
    return content_words(" ".join([other["quick_screen"], *cues]))


def _overlap(shown: str, other: dict) -> int:
    """How many content words the shown cues share with another flag's own cues."""
    return len(content_words(shown) & _cue_words(other))


def _red_flags(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    urgency = label_table("red_flags", "urgency")
    choices = actions(kb)
    flags = kb.all("red_flags")
    by_cues: dict[str, set[str]] = {}
    system_lists: dict[str, list[Entry]] = {}
    for f in flags:
        by_cues.setdefault(f.data["quick_screen"], set()).add(f.data["name"])
        system_lists.setdefault(FLAG_SYSTEM.get(f.data["category"], "other-systems"), []).append(f)
    # Lists of flags to draw wrong choices from, made once per place and category rather than for
    # every question (that grew with the square of the data).
    nearby_lists: dict[tuple[str, frozenset], list[Entry]] = {}
    # Each flag's cue words and name words, worked out once rather than for every question that
    # looks at it as a wrong choice (_overlap's words; a third of the 100x check's time).
    cue_words = {f.id: _cue_words(f.data) for f in flags}
    name_words = {f.id: content_words(f.data["name"]) for f in flags}
    for flag in flags:
        d = flag.data
        system = FLAG_SYSTEM.get(d["category"], "other-systems")
        grade = d["urgency"]
        first_step = _sentence(d["quick_action"])
        for n, (reports, exam) in enumerate(_findings(d, with_complaint=True)):
            shown = " ".join([*reports, exam])
            if grade != "emergency" and _escalates(d, shown):
                continue  # an urgent flag's vignette that shows its emergency branch
            stem = frame("red_flags", "next-step", reports=_and(reports), exam=exam)
            right = timing(d, shown)
            urgent = right if right in URGENT else "same-day"
            offered = [k for k in ORDER if k not in URGENT or k == urgent]
            reasons = {choices[k]: _step_reason(k, right, d, choices) for k in offered}
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
        for n, (reports, exam) in enumerate(_findings(d, with_complaint=False)):
            shown = " ".join([*reports, exam])
            stem_words = content_words(shown)

            def unlike(f: Entry, d=d, shown=shown, stem_words=stem_words) -> bool:
                """Another flag whose cues are not these, whose name no shown finding echoes, and
                whose setting (an injury, a pregnancy) the stem gives."""
                setting = SETTING.get(f.id)
                return (
                    f.data["quick_screen"] != d["quick_screen"]
                    and f.id not in CATCH_ALL
                    and bool(f.data.get("study_findings"))
                    and (setting is None or bool(setting.search(shown)))
                    and len(stem_words & cue_words[f.id]) < 2  # _overlap(shown, f.data), its words kept
                    and not (name_words[f.id] & stem_words)
                    and f.data["name"].lower() not in d["action"].lower()
                )

            near_key = (d["category"], frozenset(d.get("locations", [])))
            if near_key not in nearby_lists:
                nearby_lists[near_key] = [
                    f
                    for f in flags
                    if f.data["category"] == d["category"] or set(f.data.get("locations", [])) & near_key[1]
                ]
            nearby = nearby_lists[near_key]
            same_system = system_lists[system]
            wrong = _pick(f"{flag.id}:{n}", nearby, 3, unlike)
            wrong += [f for f in _pick(f"{flag.id}:{n}:system", same_system, 3, unlike) if f not in wrong]
            wrong += [f for f in _pick(f"{flag.id}:{n}:more", flags, 3, unlike) if f not in wrong]
            reasons = {d["name"]: f"Right: {_lower_first(_clause(_first_sentence(d['suspected'])))}"}
            for f in wrong[:3]:
                theirs = f.data["study_findings"]["reports"][0]
                reasons[f.data["name"]] = frame("red_flags", "would-show", flag=f.data["name"], findings=theirs)
            yield _make(
                f"rf-cues:{flag.id}:{n + 1}",
                "red-flags",
                frame("red_flags", "which-flag", reports=_and(reports), exam=exam),
                d["name"],
                [f.data["name"] for f in wrong[:3]],
                f"{d['name']}: {_sentence(_first_sentence(d['suspected']))} First step: {first_step}",
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
