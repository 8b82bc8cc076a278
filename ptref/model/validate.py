"""Load every data file, check it, and collect every error before anyone gives up.

Checks, in order: file readable as strict YAML; file is a list of entries; each entry matches
its kind's JSON Schema; ids unique per kind; every relation points at an existing entry;
the named content rules the caller hands in (ptref/rules/ and the kind folders: among them,
every code agrees with its official code set).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from fastjsonschema import JsonSchemaException

from . import cache, dates, icd, schema_cache, translations
from .clinic import Clinic, apply_overrides
from .entry import DataError, Entry, Source
from .kinds import KINDS, unlabelled
from .schema import Relation, fast_check, relations, validator
from .yamlload import parse, read_text, text_digest


def data_files(data_dir: Path, kind: str) -> list[Path]:
    """`data/<kind>.yml` and/or `data/<kind>/*.yml`, so a large kind can be split by entry."""
    single = data_dir / f"{kind}.yml"
    return ([single] if single.exists() else []) + sorted((data_dir / kind).glob("*.yml"))


def load_entries(
    data_dir: Path, shown_root: str | None = None
) -> tuple[dict[str, dict[str, Entry]], list[DataError], set[str]]:
    """Entries by kind, the errors found, and the kinds with a file that could not be read
    (whose entries are then unknown, so links to them are not reported as dangling).
    `shown_root`: how errors name the folder (a clinic's "clinic/data"; default its name)."""
    errors: list[DataError] = []
    unreadable: set[str] = set()
    entries: dict[str, dict[str, Entry]] = {kind: {} for kind in KINDS}
    known = {f"{k}.yml" for k in KINDS} | set(KINDS) | {translations.FOLDER}
    for stray in sorted(data_dir.iterdir()):
        if stray.name not in known and not stray.name.startswith("."):
            errors.append(
                DataError(
                    _shown(stray, data_dir, shown_root),
                    1,
                    "",
                    "",
                    f"unknown data file; expected one of {', '.join(sorted(known))}",
                )
            )
    for kind in KINDS:
        for path in data_files(data_dir, kind):
            shown = _shown(path, data_dir, shown_root)
            text, problem = read_text(path, shown)
            doc, problem = parse(text, shown) if text is not None else (None, problem)
            if problem:
                errors.append(DataError(problem.file, problem.line, "", "", problem.message))
                unreadable.add(kind)
                continue
            if doc is None or text is None:
                continue
            # The caches hashed the text already; text_digest still holds it (the hash of the last file).
            source = Source(shown, text, text_digest(text) if cache.enabled() else b"")
            if not isinstance(doc, list):
                errors.append(
                    DataError(
                        shown,
                        getattr(source.lines(), "line", 1),
                        "",
                        "",
                        f"expected a list of {KINDS[kind].plural.lower()} (entries starting with '- id:')",
                    )
                )
                continue
            passed = schema_cache.passed_before(kind, text)
            all_passed = True
            for index, item in enumerate(doc):
                all_passed &= _add_entry(kind, item, source, index, entries[kind], errors, passed)
            if all_passed and not passed:
                schema_cache.remember_passed(kind, text)
    return entries, errors, unreadable


def _add_entry(kind, item, source, index, bucket, errors, passed_before=False) -> bool:
    """Add one entry; False when it does not match its schema. `passed_before`: the whole file,
    as it is now, passed its kind's schema in an earlier run (schema_cache), so it is not run again."""
    shown = source.shown
    if not isinstance(item, dict):
        errors.append(DataError(shown, source.item_line(index), "", "", "expected an entry (a mapping with 'id:')"))
        return False
    found = item.get("id")
    entry_id = found if isinstance(found, str) else ""
    entry = Entry(kind, entry_id, item, shown, source, index)
    passed = passed_before or _passes_fast_check(kind, item)
    if not passed:
        for err in validator(kind).iter_errors(item):
            errors.append(_schema_error(entry, err))
    if not entry_id:
        return passed
    if entry_id in bucket:
        first = bucket[entry_id]
        errors.append(
            DataError(
                shown, entry.line_of("id"), entry_id, "id", f"duplicate id: already used at {first.file}:{first.line}"
            )
        )
        return passed
    bucket[entry_id] = entry
    return passed


def _passes_fast_check(kind: str, item) -> bool:
    try:
        fast_check(kind)(item)
    except JsonSchemaException:
        return False
    return True


def _schema_error(entry: Entry, err) -> DataError:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path).lstrip(".")
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        field = f"{path}.{extra[0]}".lstrip(".") if extra else path
        allowed = ", ".join(err.schema.get("properties", {}))
        return DataError(
            entry.file,
            entry.line_of(field),
            entry.id,
            field,
            f"unknown field {extra[0] if extra else ''!r}; allowed: {allowed}",
        )
    if err.validator == "required":
        missing = err.message.split("'")[1]
        field = f"{path}.{missing}".lstrip(".")
        return DataError(entry.file, entry.line_of(path), entry.id, field, "required field is missing")
    if err.validator == "anyOf" and not path:
        needed = " or ".join(next(iter(s["required"])) for s in err.validator_value)
        return DataError(entry.file, entry.line, entry.id, needed, f"give at least one of: {needed}")
    return DataError(entry.file, entry.line_of(path), entry.id, path or "(entry)", _short(err))


def _short(err) -> str:
    instance = repr(err.instance)
    if len(instance) > 60:
        instance = instance[:57] + "..."
    if err.validator == "type":
        return f"expected {err.validator_value}, got {instance}"
    if err.validator == "enum":
        return f"{instance} is not one of {', '.join(map(str, err.validator_value))}"
    if err.validator == "oneOf" and all("const" in branch for branch in err.validator_value):
        return f"{instance} is not one of {', '.join(str(branch['const']) for branch in err.validator_value)}"
    if err.validator == "pattern":
        hint = err.schema.get("x-hint")  # the form in words; the regex only when no hint is given
        return (
            f"{instance} should be {hint}"
            if hint
            else f"{instance} does not match the required form {err.validator_value}"
        )
    if err.validator == "const":
        return f"{instance} is not allowed here: write {str(err.validator_value).lower()} or leave the field out"
    if err.validator == "not":
        return "this field is not allowed here"
    return err.message if len(err.message) < 200 else err.message[:197] + "..."


def check_labels(entries: dict[str, dict[str, Entry]]) -> list[DataError]:
    """A choice value the schema allows but gives no words (no "title" beside its "const") cannot
    be shown on a page: one error per entry and field that uses one."""
    errors = []
    for kind, info in KINDS.items():
        if all(len(info.labels[path]) == len(values) for path, values in info.choices.items()):
            continue  # every value has its words: nothing to look at
        for entry in entries.get(kind, {}).values():
            for field, value in unlabelled(kind, entry.data):
                errors.append(
                    DataError(
                        entry.file,
                        entry.line_of(field),
                        entry.id,
                        field,
                        f'{value!r} has no words to show: give it a "title" beside its "const" in '
                        f"ptref/kinds/{kind}/schema.json",
                    )
                )
    return errors


def check_relations(
    sources: dict[str, dict[str, Entry]],
    targets: dict[str, dict[str, Entry]],
    unreadable: frozenset[str] = frozenset(),
    digests: dict[str, str] | None = None,
) -> list[DataError]:
    """Links to entries that do not exist. Links into a kind whose file could not be read are not
    judged: that file's own error is the one to fix (a stray colon in references.yml would
    otherwise make every citation on the site an error).

    `digests` (cache.kind_digests of the entries, when they are as read from their files): a kind
    whose every link resolved in an earlier run, with the same files of its own and of every
    kind it links to and the same ptref (cache.code_digest), is not walked again."""
    by_kind: dict[str, list[Relation]] = {}
    for rel in relations():
        by_kind.setdefault(rel.source_kind, []).append(rel)
    errors = []
    for kind, rels in by_kind.items():
        marker = _links_marker(kind, rels, digests) if not unreadable else None
        if marker is not None and marker.exists():
            continue
        found = _dangling(rels, sources[kind], targets, unreadable)
        errors += found
        if marker is not None and not found:
            try:
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
            except OSError:
                pass  # a read-only cache folder: walk the links every time
    return errors


def _dangling(
    rels: list[Relation], bucket: dict[str, Entry], targets: dict[str, dict[str, Entry]], unreadable: frozenset[str]
) -> list[DataError]:
    errors = []
    for rel in rels:
        if rel.target_kind in unreadable:
            continue
        existing = targets[rel.target_kind]
        for entry in bucket.values():
            if all(target_id in existing for target_id in rel.ids(entry.data)):
                continue
            for path, target_id in rel.targets(entry.data):  # the paths, for the missing ones
                if target_id not in existing:
                    errors.append(
                        DataError(
                            entry.file,
                            entry.line_of(path),
                            entry.id,
                            path,
                            f"no {KINDS[rel.target_kind].singular} with id {target_id!r}",
                        )
                    )
    return errors


def _links_marker(kind: str, rels: list[Relation], digests: dict[str, str] | None) -> Path | None:
    if digests is None or not cache.enabled():
        return None
    kinds = sorted({kind, *(rel.target_kind for rel in rels)})
    if any(k not in digests for k in kinds):
        return None
    key = "\0".join([cache.code_digest(), kind, *(f"{k}={digests[k]}" for k in kinds)])
    return cache.cache_dir() / "links-resolved" / hashlib.sha256(key.encode()).hexdigest()


def check_required(entries: dict[str, dict[str, Entry]], data_dir: Path, unreadable: frozenset[str]) -> list[DataError]:
    """Entries the site names by id (a kind's `required_ids`, such as the CPT notice) must exist."""
    return [
        DataError(
            f"{data_dir.name}/{kind}.yml", 1, entry_id, "id", f"missing: the site shows this {info.singular} by its id"
        )
        for kind, info in KINDS.items()
        if kind not in unreadable
        for entry_id in info.required_ids
        if entry_id not in entries[kind]
    ]


# The content rules, as the caller hands them in (ptref/site.py passes ptref.rules.run): the
# rules read the model, so the model cannot import them.
Rules = Callable[[dict[str, dict[str, Entry]], bool], list[DataError]]


def _no_rules(entries: dict[str, dict[str, Entry]], official_codes: bool) -> list[DataError]:
    return []


def validate(
    data_dir: Path,
    official_codes: bool = True,
    as_of: date | None = None,
    clinic: Clinic | None = None,
    rules: Rules = _no_rules,
) -> tuple[dict[str, dict[str, Entry]], list[DataError]]:
    """Load and check everything. The entries are only safe to use when the list is empty.

    official_codes=False skips the checks against the ICD-10-CM data (about 1.5 s to load when
    its facts are not cached yet, see icd_cache.py), for tools that only read procedure codes;
    `ptref check` and the site build always run them. `rules` are the content rules; without
    them none runs (ptref.site.validate hands in every registered rule).
    """
    with paused_gc():  # through the rules too: about 10% of the 100x check
        return _validate(data_dir, official_codes, as_of, clinic, rules)


def _validate(
    data_dir: Path, official_codes: bool, as_of: date | None, clinic: Clinic | None, rules: Rules
) -> tuple[dict[str, dict[str, Entry]], list[DataError]]:
    entries, errors, unreadable = load_entries(data_dir)
    if clinic is not None:
        errors += _add_clinic(entries, unreadable, clinic)
    # Links are checked on every entry, schema errors or not, so one pass reports both. Code
    # checks and content rules read schema-valid entries only (on a broken entry they would
    # repeat what the schema said).
    broken = {(e.file, e.entry_id) for e in errors}
    valid = {kind: {i: e for i, e in bucket.items() if (e.file, i) not in broken} for kind, bucket in entries.items()}
    # A clinic's overrides change entries after they are read: their files no longer say all.
    digests = cache.kind_digests(entries) if clinic is None and cache.enabled() else None
    errors += check_relations(entries, entries, frozenset(unreadable), digests)
    errors += check_labels(valid)
    if not unreadable:  # with a file unread, its required entries are unknown, not missing
        errors += check_required(entries, data_dir, frozenset(unreadable))

    # Codes are checked against the ICD-10-CM edition in force (or, once none is, the newest):
    # the package's data plus that edition's reviewed changes.
    editions = valid.get("editions", {}).values()
    on = as_of or dates.today()
    icd.use_edition(dates.in_force(editions, "icd10cm", on) or dates.newest(editions, "icd10cm"), on, editions)

    if not unreadable:  # judged on part of the data, a rule would only repeat the parse error
        errors += rules(valid, official_codes)
        errors += translations.load(data_dir, entries)[1]  # data/translations/: patient text in other languages
    if official_codes:
        icd.flush_cache()
    return entries, sorted(set(errors))


def _add_clinic(entries: dict[str, dict[str, Entry]], unreadable: set[str], clinic: Clinic) -> list[DataError]:
    """A clinic's own entries beside the upstream ones (a clinic id may not reuse an upstream
    one: overrides.yml changes upstream entries), then its overrides. Their warnings (upstream
    text changed since an override was written) are kept on the clinic for `ptref check`."""
    errors: list[DataError] = []
    if clinic.data_dir is not None:
        own, own_errors, own_unreadable = load_entries(clinic.data_dir, f"{clinic.root.name}/data")
        errors += own_errors
        unreadable |= own_unreadable
        for kind, bucket in own.items():
            for entry_id, entry in bucket.items():
                if entry_id in entries[kind]:
                    first = entries[kind][entry_id]
                    errors.append(
                        DataError(
                            entry.file,
                            entry.line_of("id"),
                            entry_id,
                            "id",
                            f"already an upstream id ({first.file}:{first.line}): give the clinic's entry "
                            "its own id, or change the upstream entry's fields in overrides.yml",
                        )
                    )
                else:
                    entries[kind][entry_id] = entry
    override_errors, clinic.warnings = apply_overrides(entries, clinic)
    return errors + override_errors


@contextmanager
def paused_gc():
    """Loading builds millions of small objects that all stay alive; the cyclic garbage
    collector would walk them again and again for nothing (it triples the load time of the
    100x benchmark data), and again while the rules run. Reference counting still frees what
    is dropped meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _shown(path: Path, data_dir: Path, shown_root: str | None = None) -> str:
    return str(Path(shown_root or data_dir.name) / path.relative_to(data_dir))
