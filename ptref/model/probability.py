"""Post-test probability from a pre-test probability and a test result (Bayes, in odds).

post-test odds = pre-test odds x likelihood ratio, with odds = p / (1 - p). The likelihood
ratio is given directly or worked out from sensitivity and specificity: LR+ = Sn / (1 - Sp)
for a positive result, LR- = (1 - Sn) / Sp for a negative one. Probabilities are in percent
throughout (one convention, as the issue asks). docs/javascripts/probability.js does the same
sums for the tool page; tests/probability_vectors.json holds the cases both must agree on.

Every sentence the tool writes, here and on the page, is a template in WORDING, and the
headline's decimals are in HEADLINE: rules_json() hands both to the page (through
ptref/render/probability_form.py), so probability.js holds the sums and the number formats
({name:g}, {name:.3f}, as Python's format()) but no wording of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# {name} or {name:spec}; the specs are Python format specs, and the page's script knows these:
FORMATS = ("g", ".1f", ".2f", ".3f")
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^}]*))?\}")

WORDING = {
    "error_range": "{name} must be between 0 and 100 percent, got {value:g}",
    "error_infinite_positive": "with specificity 100% a positive result gives an infinite LR+",
    "error_infinite_negative": "with specificity 0% a negative result gives an infinite LR-",
    "error_result": "result must be 'positive' or 'negative', got {given}",
    "error_pretest": "pre-test probability must be above 0 and below 100 percent, got {pretest:g}",
    "error_lr": "a likelihood ratio is a number of 0 or more, got {lr:g}",
    "working_pretest_odds": "Pre-test odds = {pretest:g}% / (100% - {pretest:g}%) = {pretest_odds:.3f}",
    "working_post_test_odds": "Post-test odds = {pretest_odds:.3f} x LR {lr:.2f} = {post_test_odds:.3f}",
    "working_post_test_probability": (
        "Post-test probability = {post_test_odds:.3f} / (1 + {post_test_odds:.3f}) = {post_test_probability:.1f}%"
    ),
    "lr_positive": "Positive result: LR+ = sensitivity / (100% - specificity) = {sn:g}% / (100% - {sp:g}%) = {lr:.2f}",
    "lr_negative": "Negative result: LR- = (100% - sensitivity) / specificity = (100% - {sn:g}%) / {sp:g}% = {lr:.2f}",
    "prompt_lr": "Enter a pre-test probability and a likelihood ratio to see the post-test probability.",
    "prompt_snsp": "Enter a pre-test probability, the sensitivity and the specificity to see the post-test probability.",
    "refusal": "Cannot calculate: {message}.",
    "headline": "Post-test probability: {percent}",
    "nomogram": (
        "Fagan nomogram: a straight line from pre-test probability {pretest:g}% through likelihood ratio {lr:g}"
        " to post-test probability {percent}."
    ),
    "nomogram_off_scale": " Part of this reading lies beyond the printed scales.",
}

# The headline figure: `decimals`, or `decimals_near_ends` within `near_ends` percent of 0% or
# 100% (exclusive), so that 0.04% does not read as 0.0%.
HEADLINE = {"decimals": 1, "decimals_near_ends": 2, "near_ends": 1}


def say(key: str, **values: object) -> str:
    """WORDING[key] filled in with values, each through its format spec."""
    return WORDING[key].format(**values)


def rules_json() -> dict:
    """What the tool page's script reads: the wording and the headline's decimals."""
    return {"wording": dict(WORDING), "headline": dict(HEADLINE), "formats": list(FORMATS)}


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
            raise ProbabilityError(say("error_range", name=name, value=value))
    sn, sp = sensitivity / 100, specificity / 100
    if result == "positive":
        if sp == 1:
            raise ProbabilityError(say("error_infinite_positive"))
        return sn / (1 - sp)
    if result == "negative":
        if sp == 0:
            raise ProbabilityError(say("error_infinite_negative"))
        return (1 - sn) / sp
    raise ProbabilityError(say("error_result", given=repr(result)))


def post_test(pretest: float, lr: float, lr_from: str = "given") -> Result:
    """Post-test probability (percent) from a pre-test probability (percent) and an LR."""
    if not 0 < pretest < 100:
        raise ProbabilityError(say("error_pretest", pretest=pretest))
    if not lr >= 0 or lr == float("inf"):
        raise ProbabilityError(say("error_lr", lr=lr))
    p = pretest / 100
    odds = p / (1 - p)
    post_odds = odds * lr
    return Result(pretest, lr, 100 * post_odds / (1 + post_odds), odds, post_odds, lr_from)


def working(r: Result) -> list[str]:
    """The sums, one line each, as the tool page shows them."""
    values = vars(r)
    keys = ("working_pretest_odds", "working_post_test_odds", "working_post_test_probability")
    return [say(key, **values) for key in keys]
