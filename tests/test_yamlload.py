"""The fast plain path and the careful line-aware path of the YAML loader read the same values."""

from __future__ import annotations

import pytest
from conftest import DATA

from ptref.model.yamlload import parse

TRICKY = """\
- id: a
  count: 3
  ratio: 0.5
  flag: true
  other_flag: no
  nothing: ~
  empty:
  date: 2026-11-27
  quoted: "2026-11-27"
  octal: 017
  list: [1, two, 3.0, false, null]
  nested:
    - {k: v, n: 1}
    - - deep
      - 2
  text: |
    several
    lines
"""


def _same(a, b):
    """Equal values of the same types all the way down (1 == True, but not for data)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), (a, b)
        for key in a:
            _same(a[key], b[key])
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (a, b)
        for x, y in zip(a, b, strict=False):
            _same(x, y)
    else:
        assert a == b and type(a) is type(b), (a, b)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yml")), ids=lambda p: p.name)
def test_both_paths_read_every_data_file_alike(path):
    text = path.read_text(encoding="utf-8")
    fast, problem = parse(text, path.name)
    careful, problem2 = parse(text, path.name, lines=True)
    assert problem is None and problem2 is None
    _same(fast, careful)
    assert type(fast) is list and type(fast[0]) is dict  # the fast path really ran


def test_both_paths_read_scalars_alike():
    fast, _ = parse(TRICKY, "t.yml")
    careful, _ = parse(TRICKY, "t.yml", lines=True)
    _same(fast, careful)
    entry = fast[0]
    assert entry["date"] == "2026-11-27" and entry["other_flag"] is False and entry["empty"] is None
    assert entry["list"] == [1, "two", 3.0, False, None]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("- id: a\n  name: x\n  name: y\n", 3, "duplicate key 'name'"),
        ("- id: a\n  x: &anchor 1\n  y: *anchor\n", 3, "aliases (*anchor) are not allowed"),
        ("- id: a\n  ? [a, b]\n  : c\n", 2, "a mapping key must be plain text"),
        ("- id: a\n  when: !!python/name:os.system\n", 2, "could not determine a constructor"),
    ],
)
def test_what_the_fast_path_cannot_judge_is_reported_with_its_line(text, line, words):
    for lines in (False, True):
        data, problem = parse(text, "t.yml", lines=lines)
        assert data is None and problem.line == line and words in problem.message, problem


@pytest.fixture
def parse_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    return tmp_path / "parsed-yaml"


def test_a_parsed_file_is_read_back_from_the_cache_exactly_as_parsed(parse_cache):
    first, _ = parse(TRICKY, "t.yml")
    assert len(list(parse_cache.iterdir())) == 1
    again, _ = parse(TRICKY, "t.yml")
    _same(first, again)
    fresh, _ = parse(TRICKY + "- id: b\n", "t.yml")
    assert len(list(parse_cache.iterdir())) == 2 and fresh[-1] == {"id": "b"}


def test_a_damaged_cache_file_is_parsed_again(parse_cache):
    first, _ = parse(TRICKY, "t.yml")
    (cached,) = parse_cache.iterdir()
    cached.write_bytes(b"\x00not marshal")
    again, problem = parse(TRICKY, "t.yml")
    assert problem is None
    _same(first, again)


def test_what_needs_the_careful_loader_is_never_cached(parse_cache):
    _, problem = parse("- id: a\n  id: b\n", "dup.yml")
    assert problem is not None and problem.line == 2
    assert not parse_cache.exists() or not list(parse_cache.iterdir())


def test_the_second_read_comes_from_the_cache(parse_cache, monkeypatch):
    from ptref.model import yamlload

    first, _ = parse(TRICKY, "t.yml")

    def no_parsing(text):
        raise AssertionError("parsed again instead of read from the cache")

    monkeypatch.setattr(yamlload, "_plain", no_parsing)
    again, _ = parse(TRICKY, "t.yml")
    _same(first, again)


def test_a_value_the_cache_cannot_hold_is_parsed_and_not_cached(parse_cache):
    data, problem = parse("- when: !!timestamp 2026-01-01\n", "t.yml")
    assert problem is None and str(data[0]["when"]).startswith("2026-01-01")
    assert not parse_cache.exists() or not list(parse_cache.iterdir())


def _same_lines(a, b):
    """Equal values and equal lines, LineDict for LineDict and LineList for LineList."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert a.line == b.line and a.key_lines == b.key_lines and list(a) == list(b), (a, b)
        for key in a:
            _same_lines(a[key], b[key])
    elif isinstance(a, list):
        assert a.line == b.line and a.item_lines == b.item_lines and len(a) == len(b), (a, b)
        for x, y in zip(a, b, strict=True):
            _same_lines(x, y)
    else:
        assert a == b, (a, b)


@pytest.mark.parametrize("path", [DATA / "codes.yml", DATA / "editions.yml"], ids=lambda p: p.name)
def test_the_lines_of_a_file_are_read_back_from_the_cache_exactly_as_parsed(parse_cache, monkeypatch, path):
    from ptref.model import yamlload

    text = path.read_text(encoding="utf-8")
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    fresh, _ = parse(text, path.name, lines=True)
    monkeypatch.delenv("PTREF_NO_CACHE")
    first, _ = parse(text, path.name, lines=True)
    assert len(list(parse_cache.iterdir())) == 1

    def no_parsing(text):
        raise AssertionError("parsed again instead of read from the cache")

    monkeypatch.setattr(yamlload, "_with_lines", no_parsing)
    again, _ = parse(text, path.name, lines=True)
    _same_lines(fresh, first)
    _same_lines(fresh, again)


def test_an_edit_moves_the_lines_read_with_a_warm_cache(parse_cache):
    first, _ = parse(TRICKY, "t.yml", lines=True)
    assert first[0].key_lines["ratio"] == 3
    moved, _ = parse(TRICKY.replace("  count: 3\n", "  count: 3\n  extra: 1\n"), "t.yml", lines=True)
    assert moved[0].key_lines["ratio"] == 4 and moved[0]["extra"] == 1
    assert len(list(parse_cache.iterdir())) == 2


def test_lines_of_a_value_the_cache_cannot_hold_are_parsed_and_not_cached(parse_cache):
    data, problem = parse("- when: !!timestamp 2026-01-01\n  pairs: !!omap [{a: 1}]\n", "t.yml", lines=True)
    assert problem is None and str(data[0]["when"]).startswith("2026-01-01") and data[0].key_lines["pairs"] == 2
    assert not parse_cache.exists() or not list(parse_cache.iterdir())
    _, problem = parse("- id: a\n  id: b\n", "dup.yml", lines=True)
    assert problem is not None and problem.line == 2
    assert not parse_cache.exists() or not list(parse_cache.iterdir())
