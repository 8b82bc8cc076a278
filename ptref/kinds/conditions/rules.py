"""Content rules about conditions alone (registered with ptref.rules when ptref/site.py imports
this file)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import icd
from ...rules.registry import Entries, Finding, rule


@rule(
    "codes-together-excludes1",
    "codes a condition lists as reported together exclude each other (Excludes1)",
    "An Excludes1 note means the two codes are never reported together for one condition; listing "
    "them as a pair would teach a claim that is denied.",
    needs_icd=True,
)
def _together_not_excluded(entries: Entries) -> Iterator[Finding]:
    codes = entries["codes"]
    for condition in entries["conditions"].values():
        for g, group in enumerate(condition.data.get("codes_together", [])):
            icd_codes = [
                codes[i].data["code"] for i in group["codes"] if i in codes and codes[i].data["system"] == "icd10cm"
            ]
            for i, first in enumerate(icd_codes):
                for second in icd_codes[i + 1 :]:
                    conflict = icd.excludes1_conflict(first, second)
                    if conflict:
                        yield (
                            condition,
                            f"codes_together[{g}].codes",
                            f"{first} and {second} cannot be reported together: Excludes1 note on "
                            f"{conflict[0]}: {conflict[1]!r}",
                        )
