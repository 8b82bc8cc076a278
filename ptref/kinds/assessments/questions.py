"""Test questions: what a positive or negative result does to the probability (LR+ / LR-)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.kb import KnowledgeBase
from ...model.kinds import display_name
from ...study.questions import (
    Candidate,
    _clause,
    _lower_first,
    _make,
)

# ---- tests ---------------------------------------------------------------------------------------
# Likelihood-ratio bands as textbooks of evidence-based practice teach them (a convention, not a
# finding of these studies): (upper bound, words) for LR-, (lower bound, words) for LR+.
# The four band lines, largest shift first, and the convention note are data (notice
# likelihood-ratio-bands).
BANDS_NOTICE = "likelihood-ratio-bands"
NEGATIVE_BANDS = (0.1, 0.2, 0.5)
POSITIVE_BANDS = (10.0, 5.0, 2.0)


def _band(value: float, bounds: tuple[float, float, float], positive: bool) -> int | None:
    """Which band line (0 = largest shift) a likelihood ratio falls in, or None within 10% of a boundary (arguable)."""
    for n, bound in enumerate(bounds):
        if abs(value - bound) <= 0.1 * bound:
            return None
        if (value >= bound) if positive else (value <= bound):
            return n
    return 3


def _edges(b: tuple[float, float, float], positive: bool) -> str:
    """The band edges in words, e.g. "above 10 large, 5-10 moderate, 2-5 small"."""
    if positive:
        return f"above {b[0]:g} large, {b[1]:g}-{b[0]:g} moderate, {b[2]:g}-{b[1]:g} small"
    return f"below {b[0]:g} large, {b[0]:g}-{b[1]:g} moderate, {b[1]:g}-{b[2]:g} small"


def _tests(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    notice = kb.get("notices", BANDS_NOTICE).data
    shifts = notice["points"]
    for assessment in kb.all("assessments"):
        for i, study in enumerate(assessment.data.get("accuracy", [])):
            sens, spec = study["sensitivity"] / 100, study["specificity"] / 100
            if spec in (0, 1) or sens in (0, 1):
                continue
            source = ", ".join(display_name("references", kb.get("references", r).data) for r in study["references"])
            for result, lr, bands, positive in (
                ("positive", sens / (1 - spec), POSITIVE_BANDS, True),
                ("negative", (1 - sens) / spec, NEGATIVE_BANDS, False),
            ):
                band = _band(lr, bands, positive)
                if band is None:
                    continue
                name = "LR+" if positive else "LR\u2212"
                formula = "sensitivity / (1 \u2212 specificity)" if positive else "(1 \u2212 sensitivity) / specificity"
                reasons = {
                    line: (
                        f"Right: {name} = {formula} = {lr:.2f}"
                        if n == band
                        else f"Not this band: {name} = {lr:.2f}, and the usual bands are " + _edges(bands, positive)
                    )
                    for n, line in enumerate(shifts)
                }
                yield _make(
                    f"lr:{assessment.id}:{i}:{result}",
                    "tests",
                    f"{assessment.data['name']} (positive if {_clause(study['positive_if'])}) was studied for "
                    f"{_lower_first(_clause(study['target']))} with a sensitivity of {round(study['sensitivity'])}% and a "
                    f"specificity of {round(study['specificity'])}%. The result is {result}. What does this result do "
                    f"to the probability of {_lower_first(_clause(study['target']))}?",
                    shifts[band],
                    [s for n, s in enumerate(shifts) if n != band],
                    f"{name} = {formula} = {lr:.2f}, against {study['reference_standard']}, in "
                    f"{study['population']} ({source}). {notice['text']}",
                    assessment,
                    reasons,
                    "analysis",
                    "musculoskeletal",
                    "examination",
                )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 40
QUESTIONS = [_tests]
TOPICS = {"tests": "Tests and prediction rules: what a result means"}
