"""Text is data: a sentence a reader sees is written in data/ (or a schema), not typed in Python.

Any string literal of 8 words or more under ptref/kinds/ and ptref/render/ (docstrings aside;
an f-string's fixed parts count together, its {fields} do not count as words) fails this test
unless tests/text_allowlist.yml lists it, by file and first words, with the reason it may stay.
A kind's rules.py is left out: its messages are for contributors running `ptref check`, like the
rules in ptref/rules/.
A clinical, coding or legal statement belongs in data/notices.yml, in the entry it is about, or
in a schema's words (ptref/kinds/<kind>/schema.json); the allow-list is for interface text
(headings, instructions for using a page, accessible names) and contributor documentation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml
from conftest import ROOT

SCANNED = ("ptref/kinds", "ptref/render")
ALLOWLIST = ROOT / "tests/text_allowlist.yml"
MIN_WORDS = 8
KEY_WORDS = 6  # an allow-list entry names a literal by its first words


def _words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)
    return [w for w in text.split() if re.search(r"[A-Za-z]{2,}", w)]


def long_literals(root: Path = ROOT) -> list[tuple[str, int, str]]:
    """(file, line, first words) of every string literal of MIN_WORDS words or more."""
    found = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            if path.name == "rules.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip: set[int] = set()
            for node in ast.walk(tree):
                body = getattr(node, "body", None)
                if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and body:
                    first = body[0]
                    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                        skip.add(id(first.value))
            for node in ast.walk(tree):
                if isinstance(node, ast.JoinedStr):
                    parts = [v.value if isinstance(v, ast.Constant) else " " for v in node.values]
                    skip.update(id(v) for v in node.values)
                    text = "".join(str(p) for p in parts)
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                    text = node.value
                else:
                    continue
                words = _words(text)
                if len(words) >= MIN_WORDS:
                    found.append((path.relative_to(root).as_posix(), node.lineno, " ".join(words[:KEY_WORDS])))
    return found


def _allowed() -> list[dict]:
    return yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))


def test_every_allowed_literal_gives_its_reason():
    for item in _allowed():
        assert set(item) == {"file", "starts", "reason"}, item
        assert len(item["reason"].split()) >= 3, item


def test_no_sentence_is_typed_in_python_unless_the_allow_list_says_why():
    allowed = {(item["file"], item["starts"]) for item in _allowed()}
    typed = [f"{file}:{line}: {starts}" for file, line, starts in long_literals() if (file, starts) not in allowed]
    assert not typed, (
        "text typed in Python: move it to data/notices.yml (or the entry or schema it belongs to), "
        "or list it with a reason in tests/text_allowlist.yml:\n" + "\n".join(typed)
    )


def test_the_allow_list_names_only_literals_that_exist():
    found = {(file, starts) for file, _, starts in long_literals()}
    stale = [item for item in _allowed() if (item["file"], item["starts"]) not in found]
    assert not stale, f"allow-list entries that match no literal any more: {stale}"


def test_a_new_sentence_in_a_kind_module_is_caught(tmp_path):
    for folder in SCANNED:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "ptref/kinds/page.py").write_text(
        '"""A docstring of more than eight words is documentation, not page text."""\n\n'
        'NOTE = f"Apply ice for {minutes} minutes three times a day after exercise."\n',
        encoding="utf-8",
    )
    assert long_literals(tmp_path) == [("ptref/kinds/page.py", 3, "Apply ice for minutes three times")]
