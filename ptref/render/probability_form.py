"""The post-test probability calculator: its form and Fagan nomogram, as HTML.

The tool page (docs/tools/post-test-probability.md, through a macro) and every assessment page
with diagnostic accuracy data carry the same markup; docs/javascripts/probability.js does the
sums, filling in the wording and decimals that model/probability.py writes into the page here
(rules_json, in a JSON block). On a test page the study's sensitivity and specificity are already in the fields, so the
reader only adds a pre-test estimate. The nomogram's scales are fixed drawing, kept beside this
file (fagan_nomogram.html).
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from ..model.probability import WORDING, number, rules_json
from .text import json_for_script


@cache
def _nomogram() -> str:
    return (Path(__file__).parent / "fagan_nomogram.html").read_text(encoding="utf-8").strip()


def _number(value: float | None) -> str:
    return "" if value is None else f' value="{number(value)}"'


def probability_calculator(sensitivity: float | None = None, specificity: float | None = None) -> str:
    """The calculator; with sensitivity and specificity (percent) it opens on them, result positive."""
    snsp = sensitivity is not None and specificity is not None
    mode_lr, mode_snsp = ("", " checked") if snsp else (" checked", "")
    return f"""<div class="ptref-probability">
<form id="ptref-probability-form" class="ptref-probability-form" novalidate>
<p class="ptref-probability-field"><label for="ptref-probability-pretest">Pre-test probability (%)</label>
<input id="ptref-probability-pretest" name="pretest" type="number" min="0" max="100" step="any" inputmode="decimal" aria-describedby="ptref-probability-pretest-hint">
<span id="ptref-probability-pretest-hint" class="ptref-probability-hint">Above 0 and below 100: your estimate before the test.</span></p>
<fieldset>
<legend>What do you know about the test?</legend>
<label><input type="radio" name="ptref-probability-mode" value="lr"{mode_lr}> I know the likelihood ratio</label>
<label><input type="radio" name="ptref-probability-mode" value="snsp"{mode_snsp}> I know sensitivity and specificity</label>
</fieldset>
<div id="ptref-probability-lr-group"{" hidden" if snsp else ""}>
<p class="ptref-probability-field"><label for="ptref-probability-lr">Likelihood ratio of the result</label>
<input id="ptref-probability-lr" name="lr" type="number" min="0" step="any" inputmode="decimal" aria-describedby="ptref-probability-lr-hint">
<span id="ptref-probability-lr-hint" class="ptref-probability-hint">LR+ for a positive result, LR- for a negative one; 0 or more.</span></p>
</div>
<div id="ptref-probability-snsp-group"{"" if snsp else " hidden"}>
<p class="ptref-probability-field"><label for="ptref-probability-sn">Sensitivity (%)</label>
<input id="ptref-probability-sn" name="sensitivity" type="number" min="0" max="100" step="any" inputmode="decimal"{_number(sensitivity)}></p>
<p class="ptref-probability-field"><label for="ptref-probability-sp">Specificity (%)</label>
<input id="ptref-probability-sp" name="specificity" type="number" min="0" max="100" step="any" inputmode="decimal"{_number(specificity)}></p>
<fieldset>
<legend>Test result</legend>
<label><input type="radio" name="ptref-probability-result" value="positive" checked> Positive</label>
<label><input type="radio" name="ptref-probability-result" value="negative"> Negative</label>
</fieldset>
</div>
<button type="submit" class="md-button md-button--primary">Calculate</button>
</form>
<noscript><p>The calculator needs JavaScript. The nomogram below works with a ruler: lay it from the pre-test probability on the left scale through the likelihood ratio in the middle, and read the post-test probability where it meets the right scale.</p></noscript>
<div id="ptref-probability-output" class="ptref-probability-output" role="status" aria-live="polite"><p class="ptref-probability-prompt">{html.escape(WORDING["prompt_lr"])}</p></div>
<script type="application/json" id="ptref-probability-rules">{json_for_script(rules_json())}</script>
{_nomogram()}
</div>"""
