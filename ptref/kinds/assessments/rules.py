"""Diagnostic accuracy: reported likelihood ratios agree with sensitivity and specificity."""

from __future__ import annotations

import re
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


# Words of a measure's name that say nothing about what it measures (every option has some).
GENERIC = frozenset({"pain", "scale", "index", "questionnaire", "rating", "tool", "test", "with", "the", "and", "for"})


def _name_words(name: str) -> set[str]:
    """The telling words of a measure's name and its acronym ("neck", "disability", "ndi")."""
    words = re.findall(r"[A-Za-zÀ-ÿ]+", name.lower())
    return {w for w in words if len(w) >= 3 and w not in GENERIC}


@rule(
    "outcome-scenario-names-key",
    "an outcome-measure study scenario uses a word of the measure's own name",
    "The question asks which measure fits the patient's need; a scenario that says 'neck' for the Neck "
    "Disability Index or 'catastrophic thinking' for the Pain Catastrophizing Scale gives the key away "
    "by word overlap (item review round 5: the outcome stem pasted the measure's purpose).",
)
def _outcome_scenario(entries: Entries) -> Iterator[Finding]:
    for entry in entries.get("assessments", {}).values():
        study = entry.data.get("study_outcome")
        if not study:
            continue
        said = set(re.findall(r"[a-zà-ÿ]+", study["scenario"].lower()))
        shared = sorted(
            w
            for w in _name_words(entry.data["name"])
            if w in said or any(s.startswith(w[:7]) for s in said if len(w) >= 7)
        )
        if shared:
            yield entry, "study_outcome.scenario", f"says {', '.join(shared)}, from the name {entry.data['name']!r}"
