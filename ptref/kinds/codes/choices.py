"""The hand-written code-choice items of the conditions' `codes:` lists, read once for the two
places that use them: the code questions (questions.py) and the rule that checks their options
(rules.py, code-choice-convergent-key)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ...model.entry import Entry


def code_choice_items(
    conditions: Iterable[Entry], codes: Mapping[str, Entry]
) -> Iterator[tuple[Entry, int, dict, Entry, list[Entry]]]:
    """Each condition code item that offers wrong codes (`study_choices`), as (condition, index in
    its `codes:` list, item, keyed code entry, wrong code entries); an item whose key or a wrong
    code is not a code entry is left out (the link check reports the broken link)."""
    for condition in conditions:
        for i, item in enumerate(condition.data["codes"]):
            choices = item.get("study_choices", [])
            if not choices or item["code"] not in codes or any(c["code"] not in codes for c in choices):
                continue
            yield condition, i, item, codes[item["code"]], [codes[c["code"]] for c in choices]
