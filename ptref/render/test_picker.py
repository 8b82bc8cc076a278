"""A list of the tests with diagnostic accuracy data, for the post-test probability tool: a
reader picks one and its study's sensitivity and specificity fill the calculator
(docs/javascripts/test-picker.js). Plain Python: no MkDocs import.

Each option carries its figures as data attributes (numbers) and the study's target, setting
and page address (escaped text); the script writes them into the form fields and a line under
the list, never as markup.
"""

from __future__ import annotations

from ..model.kb import KnowledgeBase
from ..model.kinds import KINDS, display_name
from ..model.probability import number
from .text import attr


def _label(name: str, study: dict, several: bool) -> str:
    """'Closed-fist percussion sign (Sn 87.5%, Sp 90%)'; under a test with several studies, what
    tells them apart: 'Major depression; positive if PHQ-2 total 3 or more; primary care (...)'."""
    figures = f"(Sn {number(study['sensitivity'])}%, Sp {number(study['specificity'])}%)"
    if not several:
        return f"{name} {figures}"
    return f"{study['target']}; positive if {study['positive_if']}; {study['setting']} {figures}"


def test_picker(kb: KnowledgeBase, base: str) -> str:
    """The <select> of every study of every assessment with accuracy data, by test name; empty
    when the data has none (a clinic's edition without assessments)."""
    if "assessments" not in kb.entries:
        return ""
    url_dir = KINDS["assessments"].url_dir
    options = []
    for entry in kb.all("assessments"):
        studies = entry.data.get("accuracy") or []
        name = display_name("assessments", entry.data)
        group = []
        for n, study in enumerate(studies):
            group.append(
                f'<option value="{attr(entry.id)}-{n}" data-sn="{number(study["sensitivity"])}" '
                f'data-sp="{number(study["specificity"])}" data-test="{attr(name)}" '
                f'data-target="{attr(study["target"])}" data-setting="{attr(study["setting"])}" '
                f'data-href="{base}{url_dir}/{attr(entry.id)}.html">'
                f"{attr(_label(name, study, len(studies) > 1))}</option>"
            )
        if len(group) > 1:
            options.append(f'<optgroup label="{attr(name)}">{"".join(group)}</optgroup>')
        else:
            options.extend(group)
    if not options:
        return ""
    return (
        '<div class="ptref-test-picker">'
        '<label for="ptref-test-picker">Pick a test (fills in its sensitivity and specificity)</label>'
        '<select id="ptref-test-picker" aria-describedby="ptref-test-picker-source">'
        '<option value="">Choose a test</option>' + "".join(options) + "</select>"
        '<p id="ptref-test-picker-source" class="ptref-probability-hint" aria-live="polite"></p>'
        "</div>"
    )
