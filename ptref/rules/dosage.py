"""Dosage: a number in a dosage has a source, or says it is clinical convention."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .registry import Entries, Finding, rule

_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|sixty|once|twice|half)\b",
    re.IGNORECASE,
)


@rule(
    "dosage-needs-source",
    "a dosage with numbers needs dosage_references or dosage_convention: true",
    "Readers take dosage numbers as evidence; the page must show whether a source or only usual practice set them.",
)
def _dosage(entries: Entries) -> Iterator[Finding]:
    for kind in ("interventions", "exercises"):
        for entry in entries[kind].values():
            data = entry.data
            match = _NUMBER.search(data.get("dosage", ""))
            if match and "dosage_references" not in data and not data.get("dosage_convention"):
                yield entry, "dosage", f"it says {match.group(0)!r}"
