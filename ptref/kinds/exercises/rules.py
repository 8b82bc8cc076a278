"""Exercises: the patient's stop line reads under its own label."""

from __future__ import annotations

from collections.abc import Iterator

from ...rules.registry import Entries, Finding, rule


@rule(
    "exercise-stop-line-label",
    "an exercise's stop line must not begin with 'Stop if': the page, the programme sheet and its translation print that label",
    "Pages and the printed programme set the stop line under the label 'Stop if:' (or its "
    "translation); a line that repeats it reads 'Stop if: Stop if you feel...' to the patient.",
)
def _stop_line_label(entries: Entries) -> Iterator[Finding]:
    for exercise in entries.get("exercises", {}).values():
        text = exercise.data.get("stop_if", "")
        if text.lower().startswith("stop if"):
            yield exercise, "stop_if", "begins with 'Stop if'; start with what the patient feels"
