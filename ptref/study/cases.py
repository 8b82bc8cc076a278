"""The questions of the case vignettes (data/cases.yml): each answer is an entry of the
knowledge base, or billable units that the units calculator works out, never typed by hand."""

from __future__ import annotations

from ..model.entry import Entry
from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, display_name
from ..model.units import rules_from
from .model import Question, arrange
from .questions import units_answer

# The answer fields of a case question: field -> (its wrong-choices field, the kind it names).
ANSWERS = {
    "red_flag": ("red_flag_choices", "red_flags"),
    "assessment": ("assessment_choices", "assessments"),
    "condition": ("condition_choices", "conditions"),
    "intervention": ("intervention_choices", "interventions"),
    "code": ("code_choices", "codes"),
}
METHOD_WORDS = {
    "medicare": "under the Medicare 8-minute rule (total timed minutes)",
    "per-code": "counting each code on its own minutes",
}


def answer_field(item: dict) -> str | None:
    """The one answer field a question sets; None when it sets none or several (a data error)."""
    found = [f for f in (*ANSWERS, "units") if f in item]
    return found[0] if len(found) == 1 else None


def units_day(item: dict) -> list[tuple[str, int | None]]:
    return [(code, minutes) for code, minutes in item["units"]["minutes"].items()]


def case_questions(kb: KnowledgeBase, case: Entry) -> list[Question]:
    """The case's questions; in a clinic's edition that hides coding, none about codes or units."""
    no_coding = kb.clinic is not None and "codes" in kb.clinic.hidden_kinds()
    out = []
    for n, item in enumerate(case.data["questions"], start=1):
        qid = f"case:{case.id}:{n}"
        field = answer_field(item)
        if field is None or (no_coding and field in ("code", "units")):
            continue
        if field == "units":
            right, wrong, working = units_answer(rules_from(kb.entries), units_day(item), item["units"]["method"])
            choices, answer = arrange(qid, right, wrong)
            explanation = f"{item['why']} Working: {working}"
            link, link_text = "tools/units-calculator.html", "Units calculator"
        else:
            wrong_field, kind = ANSWERS[field]
            entries = kb.entries[kind]
            if item[field] not in entries or any(w not in entries for w in item.get(wrong_field, [])):
                continue  # the link check reports the missing entry
            target = entries[item[field]]
            choices, answer = arrange(
                qid,
                display_name(kind, target.data),
                [display_name(kind, entries[w].data) for w in item.get(wrong_field, [])],
            )
            explanation = item["why"]
            link, link_text = f"{KINDS[kind].url_dir}/{target.id}.html", display_name(kind, target.data)
        out.append(Question(qid, f"case:{case.id}", item["ask"], choices, answer, explanation, link, link_text))
    return out
