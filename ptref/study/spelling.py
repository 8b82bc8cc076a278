"""US English for the study bank: the candidates sit the US NPTE (item review round 12, class 3).

The bank (ptref/study/bank.py) passes every text a candidate reads through `us_english`: the
stem, the case, the choices, the reasons, the explanation, the link's text and the titles. It
respells UK words by the word map kept as data (us_english.yml: whole words, case kept), puts
a phrase in single quotation marks in double ones, and gives a temperature in °C, a weight in kg and a speed in km/h the US unit first, worked out
("38.6 °C" -> "101.5 °F (38.6 °C)"). Names in the map's keep list and the titles and short names
of the references are never changed. The site's own pages keep their UK spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path

import yaml

from .model import Question

MAP_FILE = Path(__file__).with_name("us_english.yml")

# A temperature, a weight or a speed with its number (or range of numbers), not already given
# after the US unit ("101.5 °F (38.6 °C)" is left alone).
_NUMBER = r"(?<![\d.])(\d+(?:\.\d+)?)(?:(\s*(?:-|–|to)\s*)(\d+(?:\.\d+)?))?"
TEMPERATURE = re.compile(_NUMBER + r"\s?°C\b")
WEIGHT = re.compile(_NUMBER + r"\s?kg\b(?!/)")
SPEED = re.compile(_NUMBER + r"\s?km/h\b")
# A phrase in UK single quotation marks ('slip a disc'), with a comma or full stop that follows
# it: an apostrophe inside a word ("hand's", "don't") is part of the phrase, not its end.
QUOTED = re.compile(r"(?<![\w'])'(?=\w)((?:[^'\n]|(?<=\w)'(?=\w))+?)'(?!\w)([,.](?!\w))?")


@cache
def _map() -> tuple[tuple[dict, ...], tuple[str, ...]]:
    doc = yaml.safe_load(MAP_FILE.read_text(encoding="utf-8"))
    return tuple(doc["words"]), tuple(doc.get("keep", []))


def _body(row: dict) -> str:
    if row.get("start"):
        return re.escape(row["uk"]) + r"[a-z]*"
    if row.get("endings"):
        return (
            re.escape(row["uk"])
            + "(?:"
            + "|".join(re.escape(e) for e in sorted(row["endings"], key=len, reverse=True))
            + ")"
        )
    return re.escape(row["uk"])


@cache
def _words() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], dict], ...]]:
    """One pattern for every UK form of the map (longest first), and each row's own pattern."""
    rows = sorted(_map()[0], key=lambda r: len(r["uk"]), reverse=True)
    ends = {id(r): (r"(?![\w-])" if " " in r["uk"] else r"\b") for r in rows}
    every = re.compile(r"(?<![\w&])(?:" + "|".join(_body(r) + ends[id(r)] for r in rows) + ")", re.I)
    return every, tuple((re.compile(_body(r), re.I), r) for r in rows)


def uk_forms() -> re.Pattern[str]:
    """A pattern that finds any UK form the map lists (what the bank must no longer show)."""
    return _words()[0]


def _cased(found: str, uk: str, us: str) -> str:
    """`us` written with the case of `found` (the text that matched `uk`)."""
    if found == uk:
        return us
    if found.isupper() and not uk.isupper():
        return us.upper()
    if found[:1].isupper() and not uk[:1].isupper():
        return us[:1].upper() + us[1:]
    return us


def _respell(m: re.Match[str]) -> str:
    text = m.group(0)
    for pattern, row in _words()[1]:
        if pattern.fullmatch(text):
            uk = row["uk"]
            return _cased(text[: len(uk)], uk, row["us"]) + text[len(uk) :]
    return text


def _figure(value: float) -> str:
    return f"{value:.1f}"


def _units(pattern: re.Pattern[str], unit: str, convert, figure=_figure):
    def sub(m: re.Match[str]) -> str:
        if m.string[: m.start()].endswith(f"{unit} ("):
            return m.group(0)
        low, sep, high = m.group(1), m.group(2), m.group(3)
        shown = figure(convert(float(low)))
        if high is not None:
            shown += sep + figure(convert(float(high)))
        return f"{shown} {unit} ({m.group(0)})"

    return lambda text: pattern.sub(sub, text)


_fahrenheit = _units(TEMPERATURE, "°F", lambda c: c * 9 / 5 + 32)
# whole pounds, as a US chart gives a weight ("9 lb", not "8.8 lb": item review round 17)
_pounds = _units(WEIGHT, "lb", lambda kg: kg * 2.20462, figure=lambda v: str(round(v)))
_mph = _units(SPEED, "mph", lambda kmh: kmh * 0.621371, figure=lambda v: str(round(v)))


@cache
def _keep(extra: frozenset[str]) -> re.Pattern[str] | None:
    """The kept names the pass would change (a UK form, or a phrase in single quotation marks; the
    others need no guard), as one pattern."""
    names = [n for n in {*_map()[1], *extra} if n and (uk_forms().search(n) or QUOTED.search(n))]
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def us_english(text: str, keep: frozenset[str] = frozenset()) -> str:
    """The text in US English: the map's words respelled, °C, kg and km/h after the US unit.
    A name in the map's keep list or in `keep` (the references' titles) is left as written."""
    if not text:
        return text
    guard = _keep(keep)
    kept = [m.span() for m in guard.finditer(text)] if guard else []

    def respell(m: re.Match[str]) -> str:
        if any(a < m.end() and m.start() < b for a, b in kept):
            return m.group(0)
        return _respell(m)

    text = _double_quotes(text, kept)  # the same length: the kept spans still hold
    text = uk_forms().sub(respell, text)
    return _mph(_pounds(_fahrenheit(text)))


def _double_quotes(text: str, kept: list[tuple[int, int]]) -> str:
    """US quotation marks: double, with a following comma or full stop inside them (item review
    round 18, 4); not inside a kept name (a cited title keeps its own marks)."""

    def sub(m: re.Match[str]) -> str:
        if any(a < m.end() and m.start() < b for a, b in kept):
            return m.group(0)
        return f'"{m.group(1)}{m.group(2) or ""}"'

    return QUOTED.sub(sub, text)


def kept_names(references: Iterable[dict]) -> frozenset[str]:
    """The short names and citations of the references, which the pass never changes."""
    return frozenset(t for r in references for t in (r.get("short"), r.get("citation")) if t)


def us_question(q: Question, keep: frozenset[str] = frozenset()) -> Question:
    """The question as the candidate reads it (every text through us_english)."""

    def us(text: str) -> str:
        return us_english(text, keep)

    return replace(
        q,
        stem=us(q.stem),
        choices=tuple(us(c) for c in q.choices),
        explanation=us(q.explanation),
        link_text=us(q.link_text),
        reasons=tuple(us(r) for r in q.reasons),
        case=None if q.case is None else us(q.case),
    )
