"""Prediction rules: the studies are told in order, from the one that built the rule."""

from __future__ import annotations

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
