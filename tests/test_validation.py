"""The validator accepts the real data and reports each kind of error with file, line, id, field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, build_site, validated

from ptref.site import validate


def test_real_data_is_valid():
    _, errors = validated(DATA)
    assert errors == [], "\n".join(map(str, errors))


def test_minimal_fixture_is_valid():
    _, errors = validate(FIXTURES / "minimal")
    assert errors == [], "\n".join(map(str, errors))


def _edit(data_dir: Path, file: str, old: str, new: str) -> None:
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture {file} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (name, file, old text, new text, expected id, expected field, line finder, message part)
CASES = [
    (
        "yaml-syntax",
        "codes.yml",
        "  summary: Thoracic pain",
        "  summary: Thoracic: pain",
        "",
        "",
        ("summary: Thoracic: pain", 1),
        "YAML: mapping values are not allowed",
    ),
    (
        "duplicate-key",
        "conditions.yml",
        "  name: Non-specific thoracic pain\n",
        "  name: Non-specific thoracic pain\n  name: Upper back pain\n",
        "",
        "",
        ("name: Upper back pain", 1),
        "duplicate key 'name'",
    ),
    (
        "unknown-field",
        "assessments.yml",
        "  purpose: Find",
        "  purpos: typo\n  purpose: Find",
        "history-trauma",
        "purpos",
        ("purpos: typo", 1),
        "unknown field",
    ),
    (
        "missing-required",
        "red_flags.yml",
        "  suspected: Vertebral fracture.\n",
        "",
        "fracture-signs",
        "suspected",
        ("- id: fracture-signs", 1),
        "required",
    ),
    (
        "wrong-type",
        "references.yml",
        "  year: 2020",
        "  year: twenty-twenty",
        "finucane-2020",
        "year",
        ("year: twenty", 1),
        "expected integer",
    ),
    (
        "wrong-enum",
        "interventions.yml",
        "  category: manual-therapy",
        "  category: massage",
        "thoracic-mobilisation",
        "category",
        ("category: massage", 1),
        "not one of",
    ),
    (
        "duplicate-id",
        "exercises.yml",
        "- id: open-book\n",
        "- id: open-book\n  name: Open book\n  set: mobility\n  purpose: x\n  start_position: x\n  steps: [x]\n  dosage: x\n  progression: x\n  regression: x\n  common_errors: [x]\n  interventions: [thoracic-mobilisation]\n  conditions: [thoracic-pain]\n  last_reviewed: 2026-11-27\n- id: open-book\n",
        "open-book",
        "id",
        ("- id: open-book", 2),
        "duplicate id",
    ),
    (
        "dangling-reference",
        "conditions.yml",
        "  rule_out: [fracture-signs]",
        "  rule_out: [fracture-sign]",
        "thoracic-pain",
        "rule_out[0]",
        ("rule_out: [fracture-sign]", 1),
        "no red flag with id 'fracture-sign'",
    ),
    (
        "dangling-nested-reference",
        "conditions.yml",
        "    - code: m54-6",
        "    - code: m54-7",
        "thoracic-pain",
        "codes[0].code",
        ("code: m54-7", 1),
        "no code with id 'm54-7'",
    ),
    (
        "icd-code-not-official",
        "codes.yml",
        "- id: m54-6\n  system: icd10cm\n  code: M54.6",
        "- id: m54-6\n  system: icd10cm\n  code: M54.6\n- id: m54-7\n  system: icd10cm\n  code: M54.7\n  title: Pain in middle back\n  summary: x\n  last_reviewed: 2026-11-27\n- id: m54-6x\n  system: icd10cm\n  code: M54.6X",
        "m54-7",
        "code",
        ("code: M54.7", 1),
        "not in the official ICD-10-CM data",
    ),
    (
        "icd-title-not-official",
        "codes.yml",
        "  title: Pain in thoracic spine",
        "  title: Thoracic pain",
        "m54-6",
        "title",
        ("title: Thoracic pain", 1),
        "official title",
    ),
    ("not-utf8", "references.yml", "Finucane LM", "Finucane L\udcff", "", "", ("Finucane L", 1), "not UTF-8"),
    # The fields added after the December 2026 reviews are checked like the rest.
    (
        "unknown-medicare-status",
        "codes.yml",
        "  timed: true",
        "  timed: true\n  medicare_status: sometimes",
        "97140",
        "medicare_status",
        ("medicare_status: sometimes", 1),
        "not one of",
    ),
    (
        "unknown-partner-rule",
        "codes.yml",
        "  summary: Thoracic pain without a more specific diagnosis.",
        "  summary: Thoracic pain without a more specific diagnosis.\n  needs_partner:\n    rule: choose-one\n    partner: anything",
        "m54-6",
        "needs_partner.rule",
        ("rule: choose-one", 1),
        "not one of",
    ),
    (
        "convention-label-not-true",
        "interventions.yml",
        "  dosage_convention: true",
        "  dosage_convention: maybe",
        "thoracic-mobilisation",
        "dosage_convention",
        ("dosage_convention: maybe", 1),
        "write true or leave the field out",
    ),
    (
        "unknown-red-flag-category",
        "red_flags.yml",
        "  category: fracture",
        "  category: bones",
        "fracture-signs",
        "category",
        ("category: bones", 1),
        "not one of",
    ),
    (
        "date-in-words",
        "references.yml",
        "  last_reviewed: 2026-11-27",
        "  last_reviewed: 2026-13-45",
        "finucane-2020",
        "last_reviewed",
        ("last_reviewed: 2026-13-45", 1),
        "should be a date written YYYY-MM-DD",
    ),
    (
        "alias",
        "conditions.yml",
        "  rule_out: [fracture-signs]",
        "  rule_out: &flags [fracture-signs]\n  also_known_as: *flags",
        "",
        "",
        ("also_known_as: *flags", 1),
        "aliases",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_error_kind_is_reported_with_file_line_id_field(minimal_copy, case):
    name, file, old, new, entry_id, field, (needle, occurrence), message = case
    if name == "not-utf8":
        path = minimal_copy / file
        path.write_bytes(path.read_bytes().replace(b"Finucane LM", b"Finucane L\xff"))
    else:
        _edit(minimal_copy, file, old, new)
    _, errors = validate(minimal_copy)
    expected_line = _line_of_bytes(minimal_copy, file, needle, occurrence)
    matching = [
        e
        for e in errors
        if e.file == f"data/{file}" and e.entry_id == entry_id and e.field == field and message in e.message
    ]
    assert matching, f"no error for {file} id={entry_id!r} field={field!r} ~{message!r}; got:\n" + "\n".join(
        map(str, errors)
    )
    assert matching[0].line == expected_line, f"{matching[0]} should be at line {expected_line}"


def _line_of_bytes(data_dir, file, needle, occurrence):
    lines = (data_dir / file).read_bytes().decode("utf-8", "replace").splitlines()
    return [i + 1 for i, line in enumerate(lines) if needle in line][occurrence - 1]


def test_all_errors_are_reported_in_one_run(minimal_copy):
    _edit(minimal_copy, "assessments.yml", "  purpose: Find", "  purpos: typo\n  purpose: Find")
    _edit(minimal_copy, "references.yml", "  year: 2020", "  year: soon")
    _edit(minimal_copy, "conditions.yml", "  rule_out: [fracture-signs]", "  rule_out: [nothing-here]")
    _, errors = validate(minimal_copy)
    fields = {(e.entry_id, e.field) for e in errors}
    assert {("history-trauma", "purpos"), ("finucane-2020", "year"), ("thoracic-pain", "rule_out[0]")} <= fields


def test_ptref_check_exits_non_zero_and_lists_errors(minimal_copy):
    _edit(minimal_copy, "references.yml", "  year: 2020", "  year: soon")
    ptref = Path(sys.executable).parent / "ptref"
    result = subprocess.run([str(ptref), "check", "--data", str(minimal_copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/references.yml:4: [finucane-2020] year:" in result.stderr


def test_ptref_check_accepts_real_data():
    ptref = Path(sys.executable).parent / "ptref"
    result = subprocess.run([str(ptref), "check", "--data", str(DATA)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout


def test_build_with_bad_data_fails_and_writes_nothing(minimal_copy, tmp_path):
    _edit(minimal_copy, "conditions.yml", "  rule_out: [fracture-signs]", "  rule_out: [fracture-sign]")
    dest = tmp_path / "site"
    result = build_site(dest, minimal_copy)
    assert result.returncode != 0
    output = result.stdout + result.stderr  # MkDocs prints its Abort message on stdout
    assert "data/conditions.yml:12: [thoracic-pain] rule_out[0]: no red flag with id 'fracture-sign'" in output
    assert not dest.exists(), "a failed build must not write a site"


def test_codes_reported_together_must_not_exclude_each_other(minimal_copy):
    _edit(
        minimal_copy,
        "codes.yml",
        '- id: "97140"',
        "- id: m51-14\n  system: icd10cm\n  code: M51.14\n"
        "  title: Intervertebral disc disorders with radiculopathy, thoracic region\n"
        '  summary: x\n  last_reviewed: 2026-11-27\n- id: "97140"',
    )
    _edit(
        minimal_copy,
        "conditions.yml",
        "  references: [finucane-2020]",
        "  codes_together:\n    - codes: [m54-6, m51-14]\n      when: never\n  references: [finucane-2020]",
    )
    _, errors = validate(minimal_copy)
    matching = [e for e in errors if e.entry_id == "thoracic-pain" and e.field == "codes_together[0].codes"]
    assert matching, "\n".join(map(str, errors))
    assert "M54.6 and M51.14 cannot be reported together" in matching[0].message
    assert matching[0].line == _line_of_bytes(minimal_copy, "conditions.yml", "- codes: [m54-6, m51-14]", 1)


@pytest.mark.parametrize(
    "first, second",
    [("M54.6", "M51.14"), ("M54.14", "M51.14"), ("M62.830", "M79.18"), ("M80.08XA", "M48.54XA"), ("M54.6", "S29.012D")],
)
def test_excludes1_pairs_from_the_official_data_are_found(first, second):
    from ptref.model import icd

    assert icd.excludes1_conflict(first, second), f"{first} + {second} should conflict"
    assert icd.excludes1_conflict(second, first), "the check must not depend on order"


@pytest.mark.parametrize("first, second", [("M54.6", "M62.830"), ("S29.012D", "M62.830"), ("M40.04", "M54.6")])
def test_pairs_without_excludes1_are_allowed(first, second):
    from ptref.model import icd

    assert icd.excludes1_conflict(first, second) is None


def test_fast_and_reference_schema_validators_agree():
    """Entries the compiled validator accepts skip the detailed one: the two must never disagree."""
    from ptref.model.schema import fast_check, validator
    from ptref.model.validate import load_entries

    def verdicts(data_dir):
        entries, _, _ = load_entries(data_dir)
        for kind, bucket in entries.items():
            for entry in bucket.values():
                try:
                    fast_check(kind)(entry.data)
                    fast_ok = True
                except Exception:
                    fast_ok = False
                yield kind, entry.id, fast_ok, not any(validator(kind).iter_errors(entry.data))

    for kind, entry_id, fast_ok, reference_ok in verdicts(DATA):
        assert fast_ok and reference_ok, f"{kind}/{entry_id}: fast={fast_ok} reference={reference_ok}"
    # Every schema error fixture above must be caught by the fast validator too.
    import shutil
    import tempfile

    for case in CASES:
        name, file, old, new, entry_id, field, _, message = case
        if name in {"yaml-syntax", "duplicate-key", "not-utf8", "alias", "duplicate-id"} or "no " in message:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "data"
            shutil.copytree(FIXTURES / "minimal", copy)
            _edit(copy, file, old, new)
            for kind, got_id, fast_ok, reference_ok in verdicts(copy):
                assert fast_ok == reference_ok, f"{name}: {kind}/{got_id} fast={fast_ok} reference={reference_ok}"


def test_a_stray_colon_in_references_gives_one_error_not_one_per_citation(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _edit(data, "references.yml", "  short: Finucane 2020\n", "  short: Finucane 2020\n  a: b: c\n")
    ptref = Path(sys.executable).parent / "ptref"
    result = subprocess.run([str(ptref), "check", "--data", str(data)], capture_output=True, text=True)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) <= 3, result.stderr[:2000]
    assert "data/references.yml:" in lines[0] and "must be in double quotes" in lines[0]


def test_schema_and_link_errors_of_one_entry_come_in_the_same_pass(minimal_copy):
    _edit(minimal_copy, "conditions.yml", "  rule_out: [fracture-signs]", "  rule_out: [fracture-sign]\n  colour: red")
    _, errors = validate(minimal_copy)
    fields = {e.field for e in errors if e.entry_id == "thoracic-pain"}
    assert {"colour", "rule_out[0]"} <= fields, "\n".join(map(str, errors))


def test_every_schema_declares_draft_07_and_uses_only_its_keywords():
    """Both validators read the draft the schemas declare; a keyword of a later draft would be
    ignored by one of them without a word."""
    from jsonschema import Draft7Validator

    from ptref.model.schema import raw_schemas, validator

    known = set(Draft7Validator.META_SCHEMA["properties"]) | {"$defs"}
    maps = {"properties", "$defs", "definitions", "patternProperties"}

    def keywords(node, found):
        if isinstance(node, dict):
            for key, value in node.items():
                found.add(key)
                if key in maps:
                    for sub in value.values():
                        keywords(sub, found)
                elif key in ("items", "not", "if", "then", "else", "additionalProperties"):
                    keywords(value, found)
                elif key in ("anyOf", "allOf", "oneOf"):
                    for sub in value:
                        keywords(sub, found)
        return found

    for name, schema in raw_schemas().items():
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#", name
        unknown = {k for k in keywords(schema, set()) if k not in known and not k.startswith("x-")}
        assert not unknown, f"{name}: keywords outside draft-07: {sorted(unknown)}"
    assert type(validator("codes")) is Draft7Validator


def test_a_file_that_passed_its_schema_is_not_checked_again_until_it_changes(minimal_copy, tmp_path, monkeypatch):
    from ptref.model import validate as validation

    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    _, errors = validate(minimal_copy)
    assert not errors
    markers = list((tmp_path / "cache/schema-passed").iterdir())
    assert len(markers) == len(list(minimal_copy.glob("*.yml")))

    checked = []
    original = validation._passes_fast_check
    monkeypatch.setattr(
        validation, "_passes_fast_check", lambda kind, item: checked.append(kind) or original(kind, item)
    )
    validate(minimal_copy)
    assert checked == [], "unchanged files went through the schema again"

    _edit(
        minimal_copy, "conditions.yml", "  rule_out: [fracture-signs]", "  rule_out: [fracture-signs]\n  colour: blue"
    )
    _, errors = validate(minimal_copy)
    assert checked and set(checked) == {"conditions"}
    assert any(e.field == "colour" for e in errors), "a changed file is checked again, and its new error found"
    assert len(list((tmp_path / "cache/schema-passed").iterdir())) == len(markers), "a failing file leaves no marker"


def test_links_that_all_resolved_are_walked_again_when_their_files_or_their_targets_change(
    minimal_copy, tmp_path, monkeypatch
):
    from ptref.model import validate as validation

    monkeypatch.setenv("PTREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PTREF_NO_CACHE", raising=False)
    assert validate(minimal_copy)[1] == []
    assert list((tmp_path / "cache/links-resolved").iterdir()), "a clean run leaves its markers"

    walked: list[str] = []
    original = validation._dangling
    monkeypatch.setattr(
        validation,
        "_dangling",
        lambda rels, bucket, targets, unreadable: (
            walked.append(rels[0].source_kind) or original(rels, bucket, targets, unreadable)
        ),
    )
    assert validate(minimal_copy)[1] == [] and walked == [], "unchanged files: no link walked again"

    # The linking file unchanged, the entry it links to renamed: the dangling link is still found.
    _edit(minimal_copy, "red_flags.yml", "- id: fracture-signs", "- id: fracture-sign-renamed")
    errors = validate(minimal_copy)[1]
    assert {"conditions", "contraindications", "red_flags"} <= set(walked)
    expected = "no red flag with id 'fracture-signs'"
    found = {(e.file, e.entry_id, e.field) for e in errors if e.message == expected}
    assert found == {
        ("data/conditions.yml", "thoracic-pain", "rule_out[0]"),
        ("data/contraindications.yml", _first_id(minimal_copy / "contraindications.yml"), "related_red_flags[0]"),
    }
    monkeypatch.setenv("PTREF_NO_CACHE", "1")
    assert validate(minimal_copy)[1] == errors, "the same errors as a run without any cache"


def _first_id(path: Path) -> str:
    return next(
        line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines() if "- id:" in line
    )


def test_the_quick_walks_of_a_relation_give_the_ids_of_targets_in_its_order():
    """Relation.ids (the check of every link) and Relation.links (the knowledge base) skip the
    paths that Relation.targets writes; on the real data they give the same ids, in order, and
    links gives the mapping that holds each id's field (None for a field of the entry itself)."""
    from ptref.model.entry import path_steps
    from ptref.model.schema import relations
    from ptref.model.validate import load_entries

    entries, errors, _ = load_entries(DATA)
    assert not errors
    seen = 0
    for rel in relations():
        for entry in entries[rel.source_kind].values():
            targets = rel.targets(entry.data)
            assert rel.ids(entry.data) == [t for _, t in targets]
            links = rel.links(entry.data)
            assert [t for t, _ in links] == [t for _, t in targets]
            for (path, _), (_, holder) in zip(targets, links, strict=True):
                expected = None
                if "." in path:
                    expected = entry.data
                    for step in path_steps(path.rsplit(".", 1)[0]):
                        expected = expected[step]
                assert holder is expected, (rel, entry.id, path)
                seen += 1
    assert seen > 1000
