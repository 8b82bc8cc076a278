"""Prediction-rule questions: a rule's validation status and its items."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.kb import KnowledgeBase
from ...model.kinds import KINDS, label_table
from ...study.questions import (
    Candidate,
    _first_sentence,
    _make,
    _member,
    _not_in,
    _pick,
    _sentence,
    frame,
)

STATUS = label_table("prediction_rules", "status")


def status(data: dict) -> str:
    return KINDS["prediction_rules"].value("status", data)


# ---- prediction rules ----------------------------------------------------------------------------
REACHED = {"validation": "validated", "impact": "impact-tested"}  # a study's step -> the status it shows


def _prediction_rules(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    rules = kb.all("prediction_rules")
    every_item = list(dict.fromkeys(item for r in rules for item in r.data["items"]))
    owner = {item: r for r in rules for item in r.data["items"]}
    for rule in rules:
        value = status(rule.data)
        reached = {REACHED[s["step"]] for s in rule.data["evidence"] if s["step"] in REACHED}
        wrong = [label for key, label in STATUS.items() if key != value and key not in reached]
        reasons = {STATUS[value]: f"Right: {_first_sentence(rule.data['use'])}"}
        for label in wrong:
            reasons[label] = frame("prediction_rules", "status-wrong", status=STATUS[value].lower())
        yield _make(
            f"cpr-status:{rule.id}",
            "tests",
            f"What is the validation status of the {rule.data['name']}?",
            STATUS[value],
            wrong,
            f"{rule.data['name']}: {STATUS[value].lower()}. {_sentence(rule.data['use'])}",
            rule,
            reasons,
            "recall",
            "musculoskeletal",
            "evaluation-diagnosis",
        )
        own = set(rule.data["items"])
        for n, item in enumerate(rule.data["items"]):
            wrong_items = _pick(f"{rule.id}:{n}", every_item, 3, _not_in(own))
            reasons = {item: frame("prediction_rules", "item-right", rule=rule.data["name"])}
            for w in wrong_items:
                reasons[w] = f"It belongs to the {owner[w].data['name']}"
            yield _make(
                f"cpr-item:{rule.id}:{n + 1}",
                "tests",
                frame("prediction_rules", "which-item", rule=rule.data["name"]),
                item,
                wrong_items,
                f"The items of the {rule.data['name']}: " + " ".join(_sentence(i) for i in rule.data["items"]),
                rule,
                reasons,
                "recall",
                "musculoskeletal",
                "evaluation-diagnosis",
                is_right=_member(tuple(rule.data["items"])),
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 50
QUESTIONS = [_prediction_rules]
TOPICS = {"tests": "Tests and prediction rules: what a result means"}
