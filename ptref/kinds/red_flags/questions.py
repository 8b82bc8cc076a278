"""Red-flag questions, written from each flag's study vignettes (data/red_flags.yml,
`study_vignettes`): a named patient (age and sex within the flag's typical patient, or the
mimicked condition's), the context that defines the flag, onset, severity and the vital signs the
urgency depends on.

`rf-next` asks the BEST next step. The steps are ten actions on one scale (notice
study-next-steps): call emergency services, the emergency department, a medical assessment the
same day, the same or next day, an urgent referral (a suspected-cancer referral, worded as a pace
like the others and not as the disease: item review round 21, class C6) (fastest first); then three
that put the decision off or hand it on unseen, which are never the key (rest and recheck in 15
minutes, phone the physician's office and ask what to do, ask for radiographs of the part the vignette
names, `xray_region`: HOLDING); then a
routine letter and continuing treatment. Each vignette names its keyed step and three wrong ones,
each with a reason that says which finding decides; no wrong step sits at the far end of the scale
from the key (FAR_STEPS, rule red-flag-far-distractor); phoning for advice is offered only beside an
ambulance or emergency-department key, since beside a slower key it is how that key is arranged
(rule red-flag-phone-emergency-only), and so is resting and rechecking, which tempts only where the
symptoms are acute (rule red-flag-recheck-emergency-only; also beside a same-day key for symptoms
that began within hours, `onset_hours`); radiographs are offered only for a bony
or spinal flag or a benign mimic (rule red-flag-xray-bony-only); benign mimics (a condition's typical
picture without the flag's features) are keyed to continuing treatment, so every step that can be
a key is the key of some items. An item shows its four steps in an order fixed by its id, not in
scale order (item review round 20: fastest first made every ambulance key option A). Its
explanation gives
the key's reason and then the nearest wrong step's own reason (nearest_step: beside an emergency key
the adjacent rung, of two the slower; beside a slower key the nearest slower rung offered), so it
teaches why that step is wrong for this stem.

`rf-cues` asks which condition (a red flag's, named as one condition: `cues_label` where the
picture is narrower than the flag) a picture MOST suggests. Its wrong choices are the vignette's
own `cues_not`: three flags, musculoskeletal conditions, or (sparingly, `label` alone) conditions
outside the reference that belong to the true differential, plausible for THIS patient (age and sex
within each one's typical patient, rule red-flag-cues-distractor), each with a reason written from this stem (which
finding of this patient argues against that flag). Its explanation gives the key's clue and what
tells it from the nearest alternative (the first of `cues_not`). Every vignette that is neither a
benign mimic nor marked `which_flag: false` has `cues_not` (rule red-flag-cues-required).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.kb import KnowledgeBase
from ...study.questions import (
    Candidate,
    _lower_first,
    _make,
    _member,
    _sentence,
    condition_option,
    condition_system,
    flag_option,
    flag_system,
    frame,
    short_label,
)

# The actions a clinician weighs, in one fixed order: the steps that get the patient assessed,
# fastest first; the steps that put the decision off or hand it on unseen (HOLDING); a routine
# letter; continuing treatment. Their wording is data (notice study-next-steps, clinical
# convention), in this order. A holding step sits after every step it is offered against as "not
# enough" (an emergency or a same-or-next-day key) and before the routine letter and continuing
# treatment, which it is "more than".
ORDER = ("ems", "ed", "same-day", "next-day", "cancer", "recheck", "phone", "xray", "routine", "continue")
# Wrong steps only, never the key (the schema's `step` does not offer them): waiting, advice by
# phone while the session goes on, radiographs asked for without an assessment.
HOLDING = ("recheck", "phone", "xray")
# Wrong steps that contradict a key so plainly that no candidate weighs them (item review round 7,
# #4 and #24; round 14, class 2): a routine letter or treating the problem as musculoskeletal for
# an emergency, an ambulance or the emergency department for a routine letter or a benign mimic
# (rule red-flag-far-distractor).
FAR_STEPS = {
    "ems": ("routine", "continue"),
    "ed": ("routine", "continue"),
    "routine": ("ems", "ed"),
    "continue": ("ems", "ed"),
}
# The patient words a vignette's `patient` must end with (the stem opens "A 67-year-old woman").
PATIENT = re.compile(r"^(\d{1,3})-year-old (woman|man|girl|boy)$")


# The films the radiograph step asks for where a vignette names none (schema: `xray_region`).
XRAY_REGION = "thoracic spine"


def actions(kb: KnowledgeBase, region: str = XRAY_REGION) -> dict[str, str]:
    """The next-step choices by kind, from data/notices.yml (study-next-steps), the radiograph
    step naming the films `region` (a vignette's `xray_region`: its reason rebuts those films and
    no others, item review round 34, 3482 #48)."""
    points = kb.get("notices", "study-next-steps").data["points"]
    return dict(zip(ORDER, (text.format(region=region) for text in points), strict=True))


def option(data: dict) -> str:
    """A flag as a which-flag choice: its `study_label` where it has one (a label that names the
    pace, "Acute spinal cord compression", or drops a compound tail, "Oesophageal disease"), or
    else its name as the case questions show it (flag_option)."""
    return data.get("study_label") or flag_option(data["name"])


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def stem_body(v: dict) -> str:
    """The patient, history and findings of a vignette, as the stem gives them."""
    article = "An" if re.match(r"(8\d?|11|18)-", v["patient"]) else "A"  # an 81-year-old, an 18-year-old
    parts = [f"{article} {v['patient']} {v['story'].strip()}", v["exam"].strip()]
    return " ".join(_sentence(p) for p in parts)


def next_step_body(v: dict) -> str:
    """The stem of a vignette's next-step item: its findings, then its `setting` (who can see the
    patient, how the patient came), which only the next step turns on, so the which-condition item
    leaves it out (item review round 16)."""
    body = stem_body(v)
    return f"{body} {_sentence(v['setting'].strip())}" if v.get("setting") else body


def asks_which_flag(v: dict) -> bool:
    """Whether a vignette is written up as a which-flag item: not a benign mimic, and not a picture
    that is also another flag's (`which_flag: false`). Such a vignette must choose its wrong flags
    (`cues_not`, rule red-flag-cues-required)."""
    return not v.get("mimic") and v.get("which_flag") is not False


def distractors(v: dict) -> list[tuple[str, str]]:
    """A which-flag vignette's three wrong flags, each with its reason: flags plausible for this
    patient (rule red-flag-cues-distractor), each reason written from this stem."""
    return [(c["flag"], _sentence(_upper_first(c["why"]))) for c in v.get("cues_not", []) if "flag" in c]


def key_option(data: dict, v: dict) -> str:
    """The key of a vignette's which-flag question: the one condition its picture points to where
    that is narrower than the flag's label (`cues_label`: a kidney stone, not a kidney infection),
    or else the flag's option."""
    return v.get("cues_label") or option(data)


def wrong_options(kb: KnowledgeBase, v: dict) -> list[tuple[str, str]]:
    """A which-flag vignette's wrong choices as the item shows them, each with its reason: a flag
    by its `study_label`, a condition by its option name (item review round 15, R15a #33: a
    musculoskeletal diagnosis that shares the stem's region), either by the choice's own `label`
    where that names one condition."""
    by_id = kb.entries["red_flags"]
    out = []
    for c in v.get("cues_not", []):
        if c.get("label"):
            label = c["label"]
        elif "flag" in c:
            label = option(by_id[c["flag"]].data)
        else:
            label = condition_option(kb.get("conditions", c["condition"]).data, c["why"])
        out.append((label, _sentence(_upper_first(c["why"]))))
    return out


# A reason's own lead-in, up to its first colon outside brackets ("A request for the physician's
# review is not the best step: ..."), which an explanation's frame replaces with its own verdict.
LEAD_IN = re.compile(r"^[^:()]*(?:\([^()]*\)[^:()]*)*:\s+(?=\S)")


def evidence(why: str) -> str:
    """A wrong choice's reason as an explanation splices it after its own verdict ("is more than
    these findings call for: ..."): without the reason's lead-in up to its first colon, which is a
    verdict of its own, so that the sentence never stacks two verdicts and two colons (item review
    round 22, class 3: "is more than these findings call for: a request for the physician's review
    is not the best step: ..."). A reason without a colon is its own evidence."""
    rest = LEAD_IN.sub("", why, count=1)
    return rest if rest != why and rest[:1].isalnum() else why


# The emergency tier: beside these keys the nearest alternative is the nearest rung either way.
EMERGENCY = ("ems", "ed")


def nearest_step(key: str, wrong: list[str]) -> str:
    """The wrong step the explanation answers. Beside an emergency key, the one nearest the key on
    the fastest-first scale; of two as near, the slower one (sending a patient too slowly is the
    mistake the item most needs to teach against); and beside an emergency-department key the
    ambulance, where offered: it goes to the same place and differs only in how the patient
    travels, so the explanation says why a car will do (item review round 41, 4102 #33 and class
    3). Beside a key below the emergency tier, the nearest SLOWER step offered, the under-reaction
    that tempts (a routine visit, radiographs), else the nearest faster (item review round 42, 4202
    note: the ambulance was named beside same-day keys)."""
    if key == "ed" and "ems" in wrong:
        return "ems"
    at = ORDER.index(key)
    if key not in EMERGENCY:
        slower = [k for k in wrong if ORDER.index(k) > at]
        if slower:
            return min(slower, key=ORDER.index)
    return min(wrong, key=lambda k: (abs(ORDER.index(k) - at), -ORDER.index(k)))


def _red_flags(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    by_id = {f.id: f for f in kb.all("red_flags")}
    by_screen: dict[str, set[str]] = {}  # flags' names by their cues, made once (not once per item)
    for f in by_id.values():
        by_screen.setdefault(f.data["quick_screen"], set()).add(option(f.data))
    for flag in by_id.values():
        d = flag.data
        system = flag_system(d)
        for n, v in enumerate(d.get("study_vignettes", [])):
            body = stem_body(v)
            key = v["step"]
            choices = actions(kb, v.get("xray_region", XRAY_REGION))
            reasons = {choices[key]: f"Right: {v['why']}"}
            reasons.update({choices[k]: why for k, why in v["not"].items()})
            step_system = system
            if v.get("mimic"):
                condition = kb.get("conditions", v["mimic"])
                # the key treats the look-alike: the item is about its system, not the flag's
                # (item review round 24, 2481 class C: musculoskeletal care labelled cardiovascular)
                step_system = condition_system(condition.data)
                explained = frame(
                    "red_flags",
                    "mimic-explained",
                    # no gloss in brackets inside the brackets; the vignette may name the mimic more
                    # narrowly than its entry ("costochondritis" when there is no swelling)
                    condition=v.get("mimic_label") or _lower_first(short_label(condition.data)),
                    flag=_lower_first(
                        re.sub(r"\s*\([^()]*\)", "", option(d))
                    ),  # "apical lung tumour", no brackets in brackets
                    why=_upper_first(v["why"]),
                )
            else:
                explained = frame("red_flags", "next-step-explained", flag=d["name"], why=_upper_first(v["why"]))
            # and why the nearest wrong step is wrong, in its own reason from this stem, without the
            # reason's own verdict (the frame gives it: item review round 22, class 3)
            near = nearest_step(key, list(v["not"]))
            explained += " " + frame(
                "red_flags",
                "next-step-nearest",
                other=_lower_first(choices[near]),
                side="is not enough"
                if ORDER.index(near) > ORDER.index(key)
                else "is more than these findings call for",
                why=_lower_first(_sentence(evidence(v["not"][near]))),
            )
            yield _make(
                f"rf-next:{flag.id}:{n + 1}",
                "red-flags",
                frame("red_flags", "next-step", body=next_step_body(v)),
                choices[key],
                [choices[k] for k in v["not"]],
                explained,
                flag,
                reasons,
                "application",
                step_system,
                "safety-professional",
                # in an order fixed by the item's id (sha256, the same in every build), not fastest
                # first: in urgency order every ambulance key was option A (round 20, 2041 note)
                story=f"{flag.id}:{n + 1}",
            )
            if not asks_which_flag(v) or not v.get("cues_not"):
                continue  # rule red-flag-cues-required reports a which-flag vignette without its choices
            wrong = wrong_options(kb, v)
            key_label = key_option(d, v)
            cues_reasons = {key_label: f"Right: {_lower_first(v['clue'])}"}
            cues_reasons.update(dict(wrong))
            # the key's clue and the finding that tells it from the nearest alternative (the first)
            nearest, against = wrong[0]
            cues_explained = frame(
                "red_flags",
                "which-flag-explained",
                flag=key_label,
                clue=_sentence(v["clue"]),
                other=_lower_first(nearest),
                why=_lower_first(evidence(against)),
            )
            yield _make(
                f"rf-cues:{flag.id}:{n + 1}",
                "red-flags",
                frame("red_flags", "which-flag", body=body),
                key_label,
                [label for label, _ in wrong],
                cues_explained,
                flag,
                cues_reasons,
                "application",
                system,
                "evaluation-diagnosis",
                # Right is this flag, or any other with exactly its cues (two such flags give two right answers).
                is_right=_member(by_screen[d["quick_screen"]] | {key_label}),
                story=f"{flag.id}:{n + 1}",
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 10
QUESTIONS = [_red_flags]
TOPICS = {"red-flags": "Red flags: what they point to and what to do"}
