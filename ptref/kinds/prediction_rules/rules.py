"""Prediction rules: the studies are told in order, from the one that built the rule."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...rules.registry import Entries, Finding, rule


@rule(
    "rule-derived-first",
    "a prediction rule's studies must start with its derivation and run oldest first",
    "The status shown to readers is worked out from the studies; a validation listed before the "
    "derivation, or a missing derivation, means a study was mislabelled or left out.",
)
def _derived_first(entries: Entries) -> Iterator[Finding]:
    references = entries.get("references", {})
    for entry in entries.get("prediction_rules", {}).values():
        studies = entry.data["evidence"]
        if studies[0]["step"] != "derivation":
            yield entry, "evidence[0].step", f"'{studies[0]['step']}' comes first; the derivation study must"
        for i, study in enumerate(studies[1:], start=1):
            if study["step"] == "derivation":
                yield entry, f"evidence[{i}].step", "a second derivation: list one, or make this rule its own entry"
        years = [references[s["reference"]].data.get("year") if s["reference"] in references else None for s in studies]
        for i in range(1, len(studies)):
            before, now = years[i - 1], years[i]
            if before is not None and now is not None and now < before:
                yield entry, f"evidence[{i}].reference", f"{now} is listed after {before}: oldest first"


def _plain(text: str) -> str:
    return text.strip().rstrip(".").lower()


@rule(
    "rule-vignette-key-item",
    "a prediction rule's study vignette must key one of the rule's own items, and offer none of them as a wrong option",
    "A vignette question about a finding asks which finding the rule counts (item review round 14, "
    "class 5): a key that is not one of the rule's items teaches a rule that does not exist, and a "
    "wrong option that is one of its items is a second right answer.",
)
def _vignette_key_item(entries: Entries) -> Iterator[Finding]:
    for entry in entries.get("prediction_rules", {}).values():
        items = {_plain(i) for i in entry.data["items"]}
        for n, case in enumerate(entry.data.get("study_vignettes", [])):
            item = case["key"].get("item")
            if item is None:
                continue  # the options are plans or conclusions, not the rule's findings
            if _plain(item) not in items:
                yield entry, f"study_vignettes[{n}].key.item", f"{item!r} is not one of the rule's items"
            for m, wrong in enumerate(case["wrong"]):
                if _plain(wrong["finding"]) in items:
                    yield (
                        entry,
                        f"study_vignettes[{n}].wrong[{m}].finding",
                        f"{wrong['finding']!r} is one of the rule's items",
                    )


# A lead-in that asks what a study found or showed ("What did an independent trial find about the
# rule in patients like him?"): the patient is then window dressing for recalling a result.
ASKS_A_RESULT = re.compile(r"^\s*what did\b.*\b(find|show|report|conclude)\b", re.I)


@rule(
    "rule-vignette-ask-decision",
    "a prediction rule's study vignette must ask what to do or conclude for the patient, not what a study found",
    "A vignette that asks what a named trial found tests recall of a result, and its patient is "
    "window dressing (item review round 20, 2042 #27): ask which finding, plan or reply the rule's "
    "studies support for this patient, with the study's result as the reason.",
)
def _vignette_ask_decision(entries: Entries) -> Iterator[Finding]:
    for entry in entries.get("prediction_rules", {}).values():
        for n, case in enumerate(entry.data.get("study_vignettes", [])):
            if ASKS_A_RESULT.search(case["ask"]):
                yield entry, f"study_vignettes[{n}].ask", f"{case['ask']!r} asks what a study found"
