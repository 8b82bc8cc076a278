"""Post-test probability from a pre-test probability and a test result (Bayes, in odds).

post-test odds = pre-test odds x likelihood ratio, with odds = p / (1 - p). The likelihood
ratio is given directly or worked out from sensitivity and specificity: LR+ = Sn / (1 - Sp)
for a positive result, LR- = (1 - Sn) / Sp for a negative one. Probabilities are in percent
throughout (one convention, as the issue asks). docs/javascripts/probability.js does the same
sums for the tool page; tests/probability_vectors.json holds the cases both must agree on.

Every sentence the tool writes, here and on the page, is a template in WORDING, and the
headline's decimals are in HEADLINE: rules_json() hands both to the page (through
ptref/render/probability_form.py), so probability.js holds the sums but no wording and no
rounding of its own. A number is written the way the browser writes it natively: {name} as
JavaScript's String(x), {name:.3f} as x.toFixed(3), {name:.4g} as Number(x.toPrecision(4)).
number() writes the same here, from the exact value of x, by the ECMAScript rules (ties away from
zero), so a figure Python puts on a page (a test's LR+ on its page) reads the same as the tool's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

# {name} or {name:spec}: ".Nf" is N decimals (toFixed), ".Ng" N significant digits (toPrecision);
# no spec writes the number as String(x) does. The specs the wording uses:
FORMATS = (".1f", ".2f", ".3f", ".4g")
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^}]*))?\}")
SPEC = re.compile(r"\.(\d+)([fg])")

WORDING = {
    "error_range": "{name} must be between 0 and 100 percent, got {value}",
    "error_infinite_positive": "with specificity 100% a positive result gives an infinite LR+",
    "error_infinite_negative": "with specificity 0% a negative result gives an infinite LR-",
    "error_result": "result must be 'positive' or 'negative', got {given}",
    "error_pretest": "pre-test probability must be above 0 and below 100 percent, got {pretest}",
    "error_lr": "a likelihood ratio is a number of 0 or more, got {lr}",
    "working_pretest_odds": "Pre-test odds = {pretest}% / (100% - {pretest}%) = {pretest_odds:.3f}",
    "working_post_test_odds": "Post-test odds = {pretest_odds:.3f} x LR {lr:.2f} = {post_test_odds:.3f}",
    "working_post_test_probability": (
        "Post-test probability = {post_test_odds:.3f} / (1 + {post_test_odds:.3f}) = {post_test_probability:.1f}%"
    ),
    "lr_positive": "Positive result: LR+ = sensitivity / (100% - specificity) = {sn}% / (100% - {sp}%) = {lr:.2f}",
    "lr_negative": "Negative result: LR- = (100% - sensitivity) / specificity = (100% - {sn}%) / {sp}% = {lr:.2f}",
    "prompt_lr": "Enter a pre-test probability and a likelihood ratio to see the post-test probability.",
    "prompt_snsp": "Enter a pre-test probability, the sensitivity and the specificity to see the post-test probability.",
    "refusal": "Cannot calculate: {message}.",
    "headline": "Post-test probability: {percent}",
    "nomogram": (
        "Fagan nomogram: a straight line from pre-test probability {pretest}% through likelihood ratio {lr:.4g}"
        " to post-test probability {percent}."
    ),
    "nomogram_off_scale": " Part of this reading lies beyond the printed scales.",
}

# The headline figure: `decimals`, or `decimals_near_ends` within `near_ends` percent of 0% or
# 100% (exclusive), so that 0.04% does not read as 0.0%.
HEADLINE = {"decimals": 1, "decimals_near_ends": 2, "near_ends": 1}


def _js_string(x: float) -> str:
    """ECMAScript's Number::toString(x): the shortest digits that read back as x, plain from
    1e-6 up to 1e21, else with an exponent ("1e-7", "1.5e+21")."""
    if math.isnan(x):
        return "NaN"
    if x == 0:
        return "0"
    if x < 0:
        return "-" + _js_string(-x)
    if math.isinf(x):
        return "Infinity"
    _, digit_tuple, exponent = Decimal(repr(x)).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = int(exponent) + k  # x = 0.digits x 10^n
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{'+' if n > 0 else '-'}{abs(n - 1)}"


def number(x: float, spec: str = "") -> str:
    """x as the page's script writes it: String(x), x.toFixed(N) for ".Nf", or
    String(Number(x.toPrecision(N))) for ".Ng". Rounding is of the exact value of x, a tie going
    away from zero, as ECMAScript specifies both (Python's format() would round a tie to even)."""
    x = float(x)
    if not spec:
        return _js_string(x)
    match = SPEC.fullmatch(spec)
    if not match:
        raise ValueError(f"unknown number format {spec!r}")
    places, kind = int(match[1]), match[2]
    if math.isnan(x) or math.isinf(x) or (kind == "f" and abs(x) >= 1e21):
        return _js_string(x)
    if x == 0:
        x = 0.0  # toFixed writes -0 as "0.00"
    with localcontext() as context:
        context.prec = 400
        exact = Decimal(x)
        if kind == "f":
            return f"{exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"
        if x == 0:
            return "0"
        step = Decimal(1).scaleb(exact.adjusted() - places + 1)
        return _js_string(float(exact.quantize(step, ROUND_HALF_UP)))


def fill(template: str, values: dict) -> str:
    """A template with each {name} or {name:spec} filled in: numbers through number(), other
    values as they are (the same as say() in probability.js)."""

    def one(match: re.Match) -> str:
        value = values[match[1]]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return number(value, match[2] or "")
        if match[2]:
            raise ValueError(f"{match[0]}: a format needs a number, got {value!r}")
        return str(value)

    return PLACEHOLDER.sub(one, template)


def spec_of(key: str, name: str) -> str:
    """The format WORDING[key] gives {name}: what a page uses to write the same figure the same way."""
    specs = {found: spec for found, spec in PLACEHOLDER.findall(WORDING[key])}
    return specs[name]


def say(key: str, **values: object) -> str:
    """WORDING[key] filled in with values."""
    return fill(WORDING[key], values)


def percent(value: float) -> str:
    """The headline figure, as percent() in probability.js writes it from HEADLINE."""
    near = HEADLINE["near_ends"]
    near_end = 0 < value < near or 100 - near < value < 100
    return number(value, f".{HEADLINE['decimals_near_ends' if near_end else 'decimals']}f") + "%"


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
