"""The questions of the case vignettes (data/cases.yml): each answer is an entry of the
knowledge base, or billable units that the units calculator works out, never typed by hand."""

from __future__ import annotations

import hashlib
import re

from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, display_name
from ..model.units import rules_from
from .model import Question, arrange
from .questions import (
    CODE_LEVEL,
    PER_EIGHT,
    _lower_first,
    condition_option,
    condition_system,
    flag_option,
    flag_system,
    for_candidate,
    labelled,
    short_label,
    units_answer,
    units_places,
)

DOMAIN = {
    "red_flag": "evaluation-diagnosis",  # which flag applies, as the standalone items (round 19, #3)
    "assessment": "examination",
    "condition": "evaluation-diagnosis",
    "intervention": "intervention",
    "code": "safety-professional",
    "units": "safety-professional",
}

# The answer fields of a case question: field -> (its wrong-choices field, the kind it names).
ANSWERS = {
    "red_flag": ("red_flag_choices", "red_flags"),
    "assessment": ("assessment_choices", "assessments"),
    "condition": ("condition_choices", "conditions"),
    "intervention": ("intervention_choices", "interventions"),
    "code": ("code_choices", "codes"),
}
# Wrong choices of another kind that a question of this kind may offer beside its own: a red-flag
# question, like the which-flag items (a vignette's `cues_not` condition), may offer a condition that
# the story makes plausible, where no other red flag is (item review round 22, 2261 #55: a generic
# warning feature, "Non-mechanical or unresolving pain", stood among three conditions).
ALSO = {"red_flag": ("condition_choices", "conditions")}


def wrong_choices(item: dict, field: str) -> list[tuple[str, str]]:
    """A case question's wrong choices in order, each as (its kind, its id): those of the answer's
    kind, then those of the other kind its answer field allows (ALSO)."""
    wrong_field, kind = ANSWERS[field]
    found = [(kind, w) for w in item.get(wrong_field, [])]
    if field in ALSO:
        also_field, also_kind = ALSO[field]
        found += [(also_kind, w) for w in item.get(also_field, [])]
    return found


# The body system of a case question answered by an assessment of this kind, where it is not the case's.
ASSESSMENT_SYSTEM = {"vital-signs": "cardiovascular-pulmonary"}
METHOD_WORDS = {
    "medicare": "under the Medicare 8-minute rule",
    "per-code": "counting each code on its own minutes",
}


def answer_field(item: dict) -> str | None:
    """The one answer field a question sets; None when it sets none or several (a data error)."""
    found = [f for f in (*ANSWERS, "units") if f in item]
    return found[0] if len(found) == 1 else None


def units_day(item: dict) -> list[tuple[str, int | None]]:
    return [(code, minutes) for code, minutes in item["units"]["minutes"].items()]


# The label each part of a case's story takes in the assembled text (vignette).
SECTION_LABELS = {"history": "History:", "findings": "Examination:"}


def vignette(case: Entry) -> str:
    """The case as one text: who the patient is, the history and the examination."""
    d = case.data
    return " ".join([d["presentation"], *(f"{label} {' '.join(d[part])}" for part, label in SECTION_LABELS.items())])


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _first(text: str) -> str:
    return text.strip().split(". ")[0].rstrip(".") + "."


def ruled_out(kb: KnowledgeBase, item: dict) -> dict[str, Entry]:
    """The wrong choices of an intervention question that the case's findings rule out, each with
    the contraindication that does (the question's ruled_out), when the intervention lists it."""
    factors = kb.entries.get("contraindications", {})
    interventions = kb.entries.get("interventions", {})
    return {
        i: factors[f]
        for i, f in item.get("ruled_out", {}).items()
        if f in factors and i in interventions and f in interventions[i].data.get("contraindications", [])
    }


def _reason(kind: str, target: Entry, entry: Entry, ruled_out: Entry | None = None) -> str:
    """Why a wrong choice of a case question is wrong, from the choice's own data: for an
    intervention this case rules out, the contraindication, never 'another aim'."""
    d = entry.data
    if ruled_out is not None:
        why = ruled_out.data["why"].strip().split(". ")[0].rstrip(".")
        return f"{d['name']} is contraindicated here because of {_lower_first(ruled_out.data['name'])}: {_lower_first(why)}."
    if kind == "red_flags":
        return f"Its cues are {d['quick_screen'][:1].lower() + d['quick_screen'][1:]}, not this picture."
    if kind == "conditions":
        told = {x["condition"]: x["how_to_tell"] for x in target.data.get("differentials", [])}
        return (
            told.get(entry.id)
            or f"It would show {d['key_findings'][0]['finding'][:1].lower()}{d['key_findings'][0]['finding'][1:]}"
        )
    if kind == "interventions":
        return f"{d['name']} is for another aim: {d['purpose'][:1].lower()}{d['purpose'][1:]}"
    if kind == "assessments":
        return f"{d['name']} answers another question: {d['purpose'][:1].lower()}{d['purpose'][1:]}"
    # What a chart would have to document for the code (its summary), not its title again (item
    # review round 4: "G89.22 is chronic post-thoracotomy pain, not what was documented").
    summary = re.split(r"(?<=[.!?])\s", d["summary"].strip(), maxsplit=1)[0].rstrip(".").replace(": ", "; ")
    return f"{d['code']} fits a different chart: {summary[:1].lower()}{summary[1:]}."


def option_label(kind: str, entry: Entry, why: str = "") -> str:
    """An entry as an option: a condition or an intervention without glosses in brackets, as the
    generated items show them (item review: KEY-LONGEST, "Rib fracture (traumatic, cough, ...)").
    A condition whose name joins two ("Costochondritis and Tietze syndrome") is named as the
    diagnosis items name it, by the other name the reasoning uses or its first other name (item
    review round 5, OPTION-WORDING: "and Tietze syndrome" when the case says no swelling)."""
    if kind == "conditions":
        return condition_option(entry.data, why)
    if kind == "interventions":
        return short_label(entry.data, acronym_over=35)
    if kind == "red_flags":  # as the which-flag items show them: their study label, or the name without
        # "Possible" or a gloss in brackets ("High-energy spinal or thoracic injury" for significant
        # trauma, a diagnosis among diagnoses: item review round 5, HETEROGENEOUS)
        return entry.data.get("study_label") or flag_option(entry.data["name"])
    return display_name(kind, entry.data)


def _placed_units(qid: str, rules, day, method: str) -> tuple[str, list[str], str, dict[str, str]]:
    """units_answer with the key at one of the places among the four ascending counts that the
    day's named counting errors can give (no count that only a unit per 8 minutes gives), the place
    chosen by a hash of the question's id: the same in every build. Taken in a fixed order, the
    errors put the key 2nd or 3rd in every case item (item review round 33, 3372, bank-level note)."""
    fits = units_places(rules, day, method, [PER_EIGHT], per_eight=False)
    if not fits:
        return units_answer(rules, day, method, per_eight=False)
    return fits[min(fits, key=lambda p: hashlib.sha256(f"{qid}\n{p}".encode()).hexdigest())]


def case_questions(kb: KnowledgeBase, case: Entry) -> list[Question]:
    """The case's questions; in a clinic's edition that hides coding, none about codes or units."""
    no_coding = kb.hides_kind("codes")
    story = vignette(case)
    # A case about a condition of the nervous system (post-herpetic neuralgia, a root lesion) files
    # its examination, diagnosis and treatment items under neuromuscular (item review round 6).
    conditions = kb.entries.get("conditions", {})
    diagnosed = [conditions[q["condition"]] for q in case.data["questions"] if q.get("condition") in conditions]
    neuro = any(condition_system(c.data) == "neuromuscular" for c in diagnosed)
    body = "neuromuscular" if neuro else "musculoskeletal"
    out = []
    for n, item in enumerate(case.data["questions"], start=1):
        qid = f"case:{case.id}:{n}"
        field = answer_field(item)
        if field is None or (no_coding and field in ("code", "units")):
            continue
        system, level = body, item.get("level", "application")
        if field == "units":
            right, wrong, _, why = _placed_units(qid, rules_from(kb.entries), units_day(item), item["units"]["method"])
            choices, answer = arrange(qid, right, wrong)
            # The case's own prose, not the calculator's working log, explains the key (item
            # review round 7, D4: "97140: 1 more unit for its 7 remaining min ...").
            explanation = item["why"]
            link, link_text = "tools/units-calculator.html", "Units calculator"
            reasons = tuple(f"Right: {item['why']}" if c == right else why[c] for c in choices)
            system = "non-system"
        else:
            wrong_field, kind = ANSWERS[field]
            entries = kb.entries[kind]
            offered = wrong_choices(item, field)
            if item[field] not in entries or any(w not in kb.entries.get(k, {}) for k, w in offered):
                continue  # the link check reports the missing entry
            if item[field] in item.get(wrong_field, []):
                continue  # the rule case-question-answer reports the answer among its wrong choices
            target = entries[item[field]]
            others = [(k, kb.entries[k][w]) for k, w in offered]
            # A wrong choice may read differently in this question (choice_labels), as the answer
            # may (answer_label): so that no option stands apart from the others.
            labels = item.get("choice_labels", {})
            by_name = {labels.get(e.id) or option_label(k, e): (k, e) for k, e in others}
            # A working diagnosis may offer a competitor outside the reference by its label alone,
            # its reason last (a leg length difference for a painless curve: round 40, 4001 #21).
            outside = item.get("outside") if field == "condition" else None
            # The case may name the answer more narrowly than its entry ("Costochondritis" when there
            # is no swelling to make it Tietze syndrome: item review round 5, OPTION-WORDING).
            choices, answer = arrange(
                qid,
                item.get("answer_label") or option_label(kind, target, item["why"]),
                [*by_name, *([outside] if outside else [])],
            )
            explanation = item["why"]
            link, link_text = f"{KINDS[kind].url_dir}/{target.id}.html", display_name(kind, target.data)
            # A wrong choice's own reason, which argues from this patient (the contraindication's
            # general text, "during active rheumatoid arthritis or spondyloarthritis ...", does not:
            # item review, REASON-GENERIC); the generated reason only where the case gives none.
            own = dict(zip([w for _, w in offered], item.get("reasons", []), strict=False))
            outside_reason = item.get("reasons", [])[len(offered)] if outside else ""
            reasons = tuple(
                f"Right: {_first(item['why'])}"
                if i == answer
                else outside_reason
                if c == outside
                else own[by_name[c][1].id]
                if by_name[c][1].id in own
                else _reason(
                    by_name[c][0],
                    target,
                    by_name[c][1],
                    ruled_out(kb, item).get(by_name[c][1].id) if by_name[c][0] == "interventions" else None,
                )
                for i, c in enumerate(choices)
            )
            if kind == "red_flags":
                system = flag_system(target.data)
            elif kind == "codes":
                system = "non-system"
                # a code picked for what the case documents applies the coding rules to it
                # (item review round 29, 2931 #33, superseding round 20's recall label)
                level = item.get("level") or CODE_LEVEL
            elif kind == "assessments":
                # Vital signs record heart, circulation and breathing, whatever the case is about
                # (item review round 13, #4: musculoskeletal for vital signs in a suspected dissection).
                system = ASSESSMENT_SYSTEM.get(str(target.data.get("kind", "")), system)
            # A working diagnosis matched to the vignette's findings is application (item review:
            # LEVEL-INFLATED), like the other case questions.
        reasons = tuple(labelled(for_candidate(r if r.endswith((".", "?", "!")) else r + ".")) for r in reasons)
        out.append(
            Question(
                qid,
                f"case:{case.id}",
                item["ask"],
                choices,
                answer,
                explanation,
                link,
                link_text,
                reasons,
                level,
                system,
                DOMAIN[field],
                story,
            )
        )
    return out
