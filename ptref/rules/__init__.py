"""Content rules: checks that a schema cannot express, each named, explained and run by `ptref check`.

Every rule has an id (shown in its errors), a one-line message and a rationale that says which
kind of mistake it catches (most were found by the December 2026 clinical and coding reviews).
A rule reads the schema-valid entries (a link may still point at an entry that does not
exist: rules skip such targets, whose error the link check gives) and yields
(entry, field, detail); `run` turns those into located DataErrors. Each rule has a failing fixture in tests/rules/<id>.yml.

The registry is in registry.py; the rules live in one module per topic (dosage, safety, coding,
completeness...), all imported here so that importing `ptref.rules` registers every rule. A rule
that reads one kind only belongs in that kind's folder (ptref/kinds/<kind>/rules.py), which
ptref/site.py imports.
"""

from . import coding, completeness, dates, dosage, plain_language, safety, study  # noqa: F401  (registers the rules)
from .registry import RULES, Entries, Finding, Rule, may_mention, rule, run, shared

__all__ = ["RULES", "Entries", "Finding", "Rule", "may_mention", "rule", "run", "shared"]
