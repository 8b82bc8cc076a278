"""Assessments: history items, examination components, special tests and outcome measures."""

from ...model.probability import lr_negative, lr_positive, number, spec_of
from ...render.pages import KindPage, Section
from ...render.probability_form import probability_calculator
from ...render.text import bullets, esc

# Figures are written as the probability tool writes them (model/probability.py number()), so a
# test's LR+ here reads the same as in the tool's working below it.
LR_SPEC = spec_of("lr_positive", "lr")


def _percent(study: dict, field: str) -> str:
    ci = study.get(f"{field}_ci")
    return f"{number(study[field])}%" + (f" (95% CI {number(ci[0])} to {number(ci[1])})" if ci else "")


def _ratios(study: dict) -> str:
    """'LR+ 2.12, LR- 0.45', saying which the study reported and which were worked out here."""
    sn, sp = study["sensitivity"], study["specificity"]
    reported, worked = [], []
    for field, words, compute in (("lr_positive", "LR+", lr_positive), ("lr_negative", "LR-", lr_negative)):
        if field in study:
            reported.append(f"{words} {number(study[field])}")
        else:
            value = compute(sn, sp)
            worked.append(f"{words} {number(value, LR_SPEC)}" if value is not None else f"{words} not defined")
    parts = []
    if reported:
        parts.append(", ".join(reported) + " (reported by the study)")
    if worked:
        parts.append(", ".join(worked) + " (worked out here from sensitivity and specificity)")
    return "; ".join(parts)


def _work_it_out(page, study: dict) -> str:
    """A link to the tool page with this study's figures in the address. On this page the
    script fills the calculator below instead (probability.js); without it, the link still
    opens the tool. Raw HTML (MkDocs leaves it as written); the figures are numbers."""
    sn, sp = number(study["sensitivity"]), number(study["specificity"])
    return (
        f'<a class="ptref-probability-use" data-sn="{sn}" data-sp="{sp}" '
        f'href="{page.base}tools/post-test-probability.html?sn={sn}&amp;sp={sp}">'
        "Work out a post-test probability with these figures</a>"
    )


def _size(study: dict) -> str:
    """ "; n = 93", or nothing for a subgroup whose size the source read does not give (item review
    round 42, 4202 #6)."""
    return f"; n = {study['sample_size']}" if "sample_size" in study else ""


def _accuracy(page, entry) -> str:
    studies = entry.data["accuracy"]
    blocks = []
    for s in studies:
        facts = [
            f"Positive if: {esc(s['positive_if'])}",
            f"Sensitivity {esc(_percent(s, 'sensitivity'))}; specificity {esc(_percent(s, 'specificity'))}",
            esc(_ratios(s)),
            f"Compared with: {esc(s['reference_standard'])}",
            f"Studied in: {esc(s['population'])}; {esc(s['setting'])}{_size(s)} ({page.cite(s['references'])})",
            _work_it_out(page, s),
        ]
        blocks.append(f"**{esc(s['target'])}**\n\n" + bullets(facts, str))
    first = studies[0]
    which = "the first study's" if len(studies) > 1 else "the study's"
    tool = f"[post-test probability tool]({page.base}tools/post-test-probability.md)"
    return (
        "\n\n".join(blocks)
        + "\n\n### Work it out for your patient\n\n"
        + f"The calculator opens on {which} sensitivity and specificity: add your pre-test estimate and "
        "choose the result. The figures hold for a population like the one studied. The same "
        f"calculator, with an explanation of each number, is on the {tool} page.\n\n"
        + probability_calculator(first["sensitivity"], first["specificity"])
    )


PAGE = KindPage(
    sections=(
        Section("Purpose", "purpose", "para"),
        Section("Procedure", "procedure", "steps"),
        Section("Interpretation", "interpretation", "para"),
        Section("Reliability, validity and change scores", "measurement_properties", "measures"),
        Section("Diagnostic accuracy", "accuracy", _accuracy),
    ),
)
