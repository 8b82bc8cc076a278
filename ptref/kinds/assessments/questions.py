"""Test questions: what a positive or negative result does to the probability (LR+ / LR-)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...model.kinds import display_name
from ...study.questions import (
    Candidate,
    _clause,
    _first_sentence,
    _lower_first,
    _make,
    _pick,
    frame,
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


def _band_words(n: int, b: tuple[float, float, float], positive: bool) -> str:
    """The range of likelihood ratios band line n stands for, e.g. "above 10" or "between 2 and 5"."""
    if positive:
        return [
            f"above {b[0]:g}",
            f"between {b[1]:g} and {b[0]:g}",
            f"between {b[2]:g} and {b[1]:g}",
            f"below {b[2]:g}",
        ][n]
    return [f"below {b[0]:g}", f"between {b[0]:g} and {b[1]:g}", f"between {b[1]:g} and {b[2]:g}", f"above {b[2]:g}"][n]


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
                        else frame(
                            "assessments",
                            "band-wrong",
                            ratio=name,
                            lr=f"{lr:.2f}",
                            band=_band_words(n, bands, positive),
                        )
                    )
                    for n, line in enumerate(shifts)
                }
                yield _make(
                    f"lr:{assessment.id}:{i}:{result}",
                    "tests",
                    frame(
                        "assessments",
                        "result-means",
                        test=assessment.data["name"],
                        positive_if=_clause(study["positive_if"]),
                        target=_lower_first(_clause(study["target"])),
                        sensitivity=round(study["sensitivity"]),
                        specificity=round(study["specificity"]),
                        result=result,
                    ),
                    shifts[band],
                    [s for n, s in enumerate(shifts) if n != band],
                    f"{name} = {formula} = {lr:.2f}, against {study['reference_standard']}, in "
                    f"{study['population']} ({source}). {notice['text']}",
                    assessment,
                    reasons,
                    "application",  # a computed ratio read against the bands (item review: not analysis)
                    "other-systems" if construct(assessment.data["name"]) == "mood" else "musculoskeletal",
                    "examination",
                )


# ---- outcome measures ---------------------------------------------------------------------------
# What a measure measures, as groups of measures that answer the same question: two measures of one
# group (the NDI and the ODI, the FABQ and the TSK) are never offered together, so only one option
# fits the aim in the stem. (group, pattern over the measure's name)
CONSTRUCTS = (
    ("intensity", re.compile(r"pain rating", re.I)),
    ("disability", re.compile(r"disability index|functional index|functional rating", re.I)),
    ("patient-specific", re.compile(r"patient-specific", re.I)),
    ("fear", re.compile(r"fear|kinesiophobia|catastroph", re.I)),
    ("self-efficacy", re.compile(r"self-efficacy", re.I)),
    ("change", re.compile(r"global rating", re.I)),
    ("risk", re.compile(r"start msk|pain screening", re.I)),
    ("mood", re.compile(r"depression", re.I)),
)


def construct(name: str) -> str | None:
    return next((group for group, pattern in CONSTRUCTS if pattern.search(name)), None)


def _outcome_measures(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    measures = [a for a in kb.all("assessments") if a.data["kind"] == "outcome-measure" and construct(a.data["name"])]
    group_of = {m.id: construct(m.data["name"]) for m in measures}
    for measure in measures:
        group = group_of[measure.id]
        others: list = []

        # A sample, not every measure: one shuffle of all of them for each measure grew with the
        # square of the data (the benchmark's 100x).
        def elsewhere(m: Entry, group=group) -> bool:
            return group_of[m.id] != group

        for other in _pick(f"outcome:{measure.id}", measures, 12, elsewhere):
            if group_of[other.id] not in {group_of[o.id] for o in others}:
                others.append(other)
        aim = _lower_first(_clause(_first_sentence(measure.data["purpose"])))
        reasons = {measure.data["name"]: frame("assessments", "measure-right", aim=aim)}
        for o in others[:3]:
            reasons[o.data["name"]] = frame(
                "assessments", "measure-wrong", aim=_lower_first(_clause(_first_sentence(o.data["purpose"])))
            )
        yield _make(
            f"outcome:{measure.id}",
            "tests",
            frame("assessments", "which-measure", aim=aim),
            measure.data["name"],
            [o.data["name"] for o in others[:3]],
            f"{measure.data['name']}: {measure.data['purpose']}",
            measure,
            reasons,
            "recall",
            "other-systems" if group == "mood" else "musculoskeletal",
            "examination",
        )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 40
QUESTIONS = [_tests, _outcome_measures]
TOPICS = {"tests": "Tests and prediction rules: what a result means"}
