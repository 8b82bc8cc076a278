"""Post-test probability from a pre-test probability and a test result (Bayes, in odds).

post-test odds = pre-test odds x likelihood ratio, with odds = p / (1 - p). The likelihood
ratio is given directly or worked out from sensitivity and specificity: LR+ = Sn / (1 - Sp)
for a positive result, LR- = (1 - Sn) / Sp for a negative one. Probabilities are in percent
throughout (one convention, as the issue asks). docs/javascripts/probability.js does the same
sums for the tool page; tests/probability_vectors.json holds the cases both must agree on.
"""

from __future__ import annotations

from dataclasses import dataclass


class ProbabilityError(ValueError):
    """Input that gives no meaningful answer, in words fit to show the user."""


@dataclass(frozen=True)
class Result:
    pretest: float  # percent
    lr: float
    post_test_probability: float  # percent
    pretest_odds: float
    post_test_odds: float
    lr_from: str  # "given", "positive result" or "negative result"

    def as_json(self) -> dict:
        return {
            "pretest_probability": self.pretest,
            "likelihood_ratio": round(self.lr, 4),
            "likelihood_ratio_from": self.lr_from,
            "pretest_odds": round(self.pretest_odds, 4),
            "post_test_odds": round(self.post_test_odds, 4),
            "post_test_probability": round(self.post_test_probability, 2),
            "working": working(self),
        }


def lr_positive(sensitivity: float, specificity: float) -> float | None:
    """LR+ from percentages; None when specificity is 100% (no finite LR+)."""
    return None if specificity >= 100 else (sensitivity / 100) / (1 - specificity / 100)


def lr_negative(sensitivity: float, specificity: float) -> float | None:
    """LR- from percentages; None when specificity is 0% (no finite LR-)."""
    return None if specificity <= 0 else (1 - sensitivity / 100) / (specificity / 100)


def likelihood_ratio(sensitivity: float, specificity: float, result: str) -> float:
    """LR+ or LR- from sensitivity and specificity in percent."""
    for name, value in (("sensitivity", sensitivity), ("specificity", specificity)):
        if not 0 <= value <= 100:
            raise ProbabilityError(f"{name} must be between 0 and 100 percent, got {value:g}")
    sn, sp = sensitivity / 100, specificity / 100
    if result == "positive":
        if sp == 1:
            raise ProbabilityError("with specificity 100% a positive result gives an infinite LR+")
        return sn / (1 - sp)
    if result == "negative":
        if sp == 0:
            raise ProbabilityError("with specificity 0% a negative result gives an infinite LR-")
        return (1 - sn) / sp
    raise ProbabilityError(f"result must be 'positive' or 'negative', got {result!r}")


def post_test(pretest: float, lr: float, lr_from: str = "given") -> Result:
    """Post-test probability (percent) from a pre-test probability (percent) and an LR."""
    if not 0 < pretest < 100:
        raise ProbabilityError(f"pre-test probability must be above 0 and below 100 percent, got {pretest:g}")
    if not lr >= 0 or lr == float("inf"):
        raise ProbabilityError(f"a likelihood ratio is a number of 0 or more, got {lr:g}")
    p = pretest / 100
    odds = p / (1 - p)
    post_odds = odds * lr
    return Result(pretest, lr, 100 * post_odds / (1 + post_odds), odds, post_odds, lr_from)


def working(r: Result) -> list[str]:
    """The sums, one line each, as the tool page shows them."""
    return [
        f"Pre-test odds = {r.pretest:g}% / (100% - {r.pretest:g}%) = {r.pretest_odds:.3f}",
        f"Post-test odds = {r.pretest_odds:.3f} x LR {r.lr:.2f} = {r.post_test_odds:.3f}",
        f"Post-test probability = {r.post_test_odds:.3f} / (1 + {r.post_test_odds:.3f}) = {r.post_test_probability:.1f}%",
    ]
