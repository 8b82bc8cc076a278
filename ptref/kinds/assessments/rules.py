"""Diagnostic accuracy: reported likelihood ratios agree with sensitivity and specificity."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.probability import lr_negative, lr_positive
from ...rules.registry import Entries, Finding, rule

# LRs are rounded in papers (to 1 or 2 decimals) and Sn and Sp to whole percents: allow that much.
TOLERANCE = 0.1


def _disagrees(reported: float, computed: float | None) -> bool:
    return computed is None or abs(reported - computed) > max(TOLERANCE * computed, 0.05)


@rule(
    "accuracy-consistent",
    "a reported likelihood ratio disagrees with the sensitivity and specificity beside it",
    "A transposed or mistyped number in a diagnostic study would change a post-test probability unnoticed.",
)
def _accuracy(entries: Entries) -> Iterator[Finding]:
    for entry in entries.get("assessments", {}).values():
        for i, study in enumerate(entry.data.get("accuracy", [])):
            sn, sp = study["sensitivity"], study["specificity"]
            for field, compute in (("lr_positive", lr_positive), ("lr_negative", lr_negative)):
                if field in study and _disagrees(study[field], compute(sn, sp)):
                    computed = compute(sn, sp)
                    shown = "infinite" if computed is None else f"{computed:.2f}"
                    yield entry, f"accuracy[{i}].{field}", f"{study[field]} given, {shown} from Sn {sn} and Sp {sp}"
            for field in ("sensitivity", "specificity"):
                low, high = study.get(f"{field}_ci", (study[field], study[field]))
                if not low <= study[field] <= high:
                    yield entry, f"accuracy[{i}].{field}_ci", f"{study[field]} lies outside its interval {low}-{high}"
