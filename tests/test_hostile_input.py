"""Broken or hostile data files are refused fast with a clear error; text never becomes markup."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, build_site, world_readable_tmp

from ptref.model.kinds import KINDS
from ptref.model.schema import raw_schemas
from ptref.model.yamlload import load_yaml
from ptref.rules.plain_language import patient_fields
from ptref.site import validate

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser

PAYLOAD = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) "
    "{{ 8761*9 }} {% include 'base.html' %} "
)
SHORT_PAYLOAD = "<script>alert(1)</script>{{ 8761*9 }} "
# Text written for patients must also pass the plain-language rule, so it gets the short payload as
# a sentence of its own (the long one would make the first sentence too long to read).
PATIENT_PAYLOAD = "<script>alert(1)</script>{{ 8761*9 }}. "
# A question's reasons must each be a sentence (rule question-reason-sentence): the payload there is
# a sentence of its own, with a capital, a verb and a full stop.
REASON_PAYLOAD = (
    "The text <script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) "
    "{{ 8761*9 }} {% include 'base.html' %} stays as typed. "
)
SHORT_FIELDS = {"quick_screen": 130, "quick_action": 90, "hint": 40, "ask": 200}  # their maximum lengths
# Fields whose values are not free text: identifiers, choices, dates, codes, links to entries.
NOT_TEXT = {
    "id",
    "system",
    "code",
    "urgency",
    "level",
    "category",
    "kind",
    "set",
    "strength",
    "last_reviewed",
    "doi",
    "pmid",
    "url",
    "source_date",
    "medicare_status",
    "locations",
    "step",
    "method",
    "patient",  # a study vignette's "67-year-old woman", held to that form by the schema
    # an exercise figure's choices (views, positions, body points, props, supports)
    "view",
    "base",
    "arrows",
    "prop",
    "at",
    "rests_on",
}


def _ref_fields() -> set[str]:
    names = set()

    def walk(node, name=None):
        if isinstance(node, dict):
            if "x-ref" in node and name:
                names.add(name)
            for key, value in node.items():
                walk(value, key if key not in ("items", "properties") else name)
            for key, value in node.get("properties", {}).items():
                walk(value, key)
        elif isinstance(node, list):
            for value in node:
                walk(value, name)

    for schema in raw_schemas().values():
        walk(schema)
    return names


PATIENT_FIELDS = {field for kind in KINDS for field in patient_fields(kind)}
# A case's story is read as one text, which may not carry a run of five words twice (rule
# case-text-repeats): each of its parts gets the payload with a number of its own in every run.
STORY_FIELDS = {"presentation", "history", "findings"}
_numbers = iter(range(10, 10_000))


def _story_payload() -> str:
    n = next(_numbers)
    return (
        f"<script>alert({n})</script> <img src=x{n} onerror=alert({n})> [link](javascript:alert({n})) "
        f"{{{{ 8761*9 }}}} {n} {{% include 'base.html' %}} {n} "
    )


def _poison(value, field, skip):
    if field in skip:  # a choice or a link, whatever its shape (rests_on maps body points to supports)
        return value
    if isinstance(value, dict):
        return {k: _poison(v, k, skip) for k, v in value.items()}
    if isinstance(value, list):
        if field in PATIENT_FIELDS and value:  # the rule reads a list as one text: one payload is enough
            return [_poison(value[0], field, skip), *value[1:]]
        return [_poison(v, field, skip) for v in value]
    if isinstance(value, str) and field not in skip:
        if field in PATIENT_FIELDS:
            return PATIENT_PAYLOAD + value
        if field in ("reasons", "why"):  # a why may be a question's reason (prediction rules' vignettes)
            return REASON_PAYLOAD + value
        if field in SHORT_FIELDS:
            return (SHORT_PAYLOAD + value)[: SHORT_FIELDS[field]]
        if field in STORY_FIELDS:
            return _story_payload() + value
        return PAYLOAD + value
    return value


@pytest.fixture(scope="module")
def poisoned_site():
    """The minimal data with the payload in front of every free-text field of every kind."""
    data = world_readable_tmp("poisoned-data")
    shutil.copytree(FIXTURES / "minimal", data)
    skip = NOT_TEXT | _ref_fields()
    for path in data.glob("*.yml"):
        entries, problem = load_yaml(path, path.name)  # the project's loader: dates stay text
        assert problem is None, problem
        for entry in entries:
            icd = entry.get("system") == "icd10cm"  # official titles must stay official
            for key in list(entry):
                if not (icd and key == "title"):
                    entry[key] = _poison(entry[key], key, skip)
        if path.name == "references.yml":  # links are built from these: try to break out of them
            entries[0]["url"] = 'https://example.org/a)<script>alert(4)</script>("onmouseover=alert(5)'
            entries[0]["doi"] = "10.1000/x)<img/src/onerror=alert(6)>"
        path.write_text(json.dumps(entries), encoding="utf-8")  # JSON is valid YAML
    dest = world_readable_tmp("poisoned-site")
    result = build_site(dest, data)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def test_payload_reached_every_kind_of_page(poisoned_site):
    for page in [
        "conditions/thoracic-pain.html",
        "assessments/history-trauma.html",
        "red-flags/fracture-signs.html",
        "interventions/thoracic-mobilisation.html",
        "exercises/open-book.html",
        "contraindications/spinal-fracture.html",
        "codes/97140.html",
        "references/finucane-2020.html",
        "cards/red-flag-screen.html",
    ]:
        text = unescape((poisoned_site / page).read_text(encoding="utf-8"))  # as a browser shows it
        assert "{{ 8761*9 }}" in text and "<script>alert(1)</script>" in text, page


class _LiveParts(HTMLParser):
    """What a browser would run or follow: event-handler attributes, script text, link targets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers, self.scripts, self.hrefs, self.data_blocks = [], [], [], []
        self._in_script = self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.handlers += [(name, value) for name, value in attrs if name.startswith("on")]
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]
        # <script type="application/json"> is data a page script reads (study questions), never run.
        self._in_data = tag == "script" and dict(attrs).get("type") == "application/json"
        self._in_script = tag == "script" and not self._in_data

    def handle_endtag(self, tag):
        self._in_script = self._in_data = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        elif self._in_data:
            self.data_blocks.append(data)


def test_no_payload_becomes_markup_anywhere(poisoned_site):
    for path in poisoned_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(poisoned_site)
        live = _LiveParts()
        live.feed(html)
        assert not live.handlers, f"{where}: event handler attributes {live.handlers}"
        assert not any("alert(" in script for script in live.scripts), f"{where}: payload inside a script"
        for block in live.data_blocks:  # whole JSON: the payload did not close the element early
            json.loads(block)
        assert not any(h.strip().lower().startswith("javascript:") for h in live.hrefs), where
        # 8761*9 is 78849, a number no page holds: it appears only if Jinja ran the payload
        assert "78849" not in html, f"{where}: Jinja ran"


def test_payload_in_the_export_is_data_not_markup(poisoned_site):
    text = (poisoned_site / "data/knowledge-base.json").read_text(encoding="utf-8")
    assert PAYLOAD.strip() in text  # kept exactly, for the clinic's own templates to escape


def test_yaml_alias_bomb_is_refused_at_its_first_alias(tmp_path):
    """Refused before anything is expanded: the error points at the first alias (line 2)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    (tmp_path / "references.yml").write_text("\n".join(lines) + "\n")
    _, errors = validate(tmp_path)
    assert [(e.file, e.line) for e in errors] == [(f"{tmp_path.name}/references.yml", 2)], errors
    assert "aliases" in errors[0].message


def test_a_50_mb_data_file_is_refused_without_being_read(tmp_path, monkeypatch):
    """Refused on its size alone, so it costs no time however large it is."""
    big = tmp_path / "codes.yml"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    opened = []
    # Every way the loader could read it: open() and io.open() (which Path.open, read_bytes and
    # read_text use), and os.open underneath a hand-rolled reader.
    for owner, name in ((builtins, "open"), (io, "open"), (os, "open")):
        original = getattr(owner, name)

        def spy(file, *args, _original=original, **kwargs):
            opened.append(Path(os.fsdecode(file)) if isinstance(file, (str, bytes, os.PathLike)) else file)
            return _original(file, *args, **kwargs)

        monkeypatch.setattr(owner, name, spy)
    _, errors = validate(tmp_path)
    assert big not in opened, "the oversized file was opened"
    assert [e.message for e in errors if e.file.endswith("codes.yml")] == [
        f"file is {50 * 1024 * 1024:,} bytes; the limit is 2,000,000"
    ]


def test_a_file_that_is_not_utf8_is_named_in_the_error(tmp_path):
    (tmp_path / "exercises.yml").write_bytes("- id: caf\u00e9\n".encode("latin-1"))
    _, errors = validate(tmp_path)
    assert [str(e) for e in errors if "UTF-8" in e.message] == [
        f"{tmp_path.name}/exercises.yml:1: not UTF-8 text (byte 9); save the file as UTF-8"
    ]
