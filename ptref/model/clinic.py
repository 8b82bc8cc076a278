"""A clinic's overlay: its name, logo, paper, contacts, hidden sections, own pages, own entries
and overrides of upstream entries, kept in a folder of its own that no update writes to.

    clinic/
      clinic.yml       name, logo, paper, units_method, emergency_number, contacts, hide
                       (clinic.schema.json)
      logo.png         the logo named in clinic.yml (PNG, JPEG, GIF or WebP)
      pages/*.md       the clinic's own pages, added to the navigation under its name
      data/<kind>.yml  the clinic's own entries, checked with the same schemas as data/
      overrides.yml    replacements of one field of an upstream entry, each with its reason and
                       the upstream text it replaced (`upstream`), so that `ptref check --clinic`
                       can say when upstream has changed that text since

Nothing here imports MkDocs. `load_clinic` returns every problem at once, with file, line and
field, like the data check. A clinic's text is data: it is escaped wherever it is shown, and a
clinic page may hold Markdown but no HTML and no image from outside the site.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .entry import DataError, Entry
from .kinds import KINDS
from .schema import validator
from .translations import Translation, patient_text
from .yamlload import parse, read_text

SCHEMA_PATH = Path(__file__).with_name("clinic.schema.json")
URGENCIES = ("emergency", "urgent", "routine")
LOGO_TYPES = {  # magic bytes -> extension
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}
MAX_LOGO_BYTES = 512 * 1024
# What each name in `hide` removes: page paths (under the site root, without .md/.html) by prefix,
# the kinds whose pages go, and the study topics and card slugs that go with them.
HIDE = {
    "coding": {
        "kinds": ("codes", "editions"),
        "paths": (
            "codes/",
            "editions/",
            "tools/units-calculator",
            "cards/coding-cheat-sheet",
            "cards/procedure-coding-sheet",
            "cards/evaluation-and-units",
            "study/diagnosis-codes",
            "study/procedure-codes",
            "study/worksheet-diagnosis-codes",
            "study/worksheet-procedure-codes",
            # the guides about coding and billing (the documentation guides stay)
            "guides/seventh-character-injury-codes",
            "guides/g89-pain-codes-sequencing",
            "guides/symptom-versus-definitive-codes",
            "guides/thoracic-versus-thoracogenic-scoliosis",
            "guides/compression-fracture-codes",
            "guides/pt-evaluation-complexity",
            "guides/medicare-therapy-billing",
            "guides/abn-and-liability-modifiers",
        ),
    },
    "study": {"kinds": ("cases",), "paths": ("study/", "cases/")},
}


@dataclass(frozen=True)
class Contact:
    label: str
    phone: str | None
    note: str | None


@dataclass(frozen=True)
class Override:
    kind: str
    id: str
    field: str
    value: object
    reason: str
    upstream: object  # the upstream value when the override was written
    line: int


@dataclass
class Clinic:
    root: Path
    name: str
    logo: Path
    logo_type: str
    paper: str  # "letter" or "a4"
    units_method: str  # "medicare" or "per-code"
    contacts: dict[str, list[Contact]]
    hide: tuple[str, ...]
    pages: list[Path]
    overrides: list[Override] = field(default_factory=list)
    emergency_number: str | None = None  # printed for patients instead of the US 911
    warnings: list[DataError] = field(default_factory=list)  # set by the data check (apply_overrides)

    @property
    def data_dir(self) -> Path | None:
        found = self.root / "data"
        return found if found.is_dir() else None

    @property
    def logo_path(self) -> str:
        """Where the logo is published in the site."""
        return f"assets/clinic/logo.{self.logo_type}"

    def hidden_kinds(self) -> set[str]:
        return {kind for name in self.hide for kind in HIDE[name]["kinds"]}

    def hides_path(self, path: str) -> bool:
        """Whether a site path ('codes/m54-6.html', 'tools/units-calculator.md') is hidden."""
        bare = re.sub(r"\.(md|html)$", "", path.removeprefix("./").lstrip("/"))
        return any(bare.startswith(prefix) for name in self.hide for prefix in HIDE[name]["paths"])


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _line(node, key=None) -> int:
    if key is not None and hasattr(node, "key_lines"):
        return node.key_lines.get(key, getattr(node, "line", 1))
    return getattr(node, "line", 1) or 1


def _read(path: Path, shown: str) -> tuple[object, list[DataError]]:
    text, problem = read_text(path, shown)
    if problem is None and text is not None:
        doc, problem = parse(text, shown, lines=True)
        if problem is None:
            return doc, []
    assert problem is not None
    return None, [DataError(problem.file, problem.line, "", "", problem.message)]


def _schema_errors(doc, shown: str) -> list[DataError]:
    from jsonschema import Draft7Validator

    errors = []
    for err in Draft7Validator(_schema()).iter_errors(doc):
        path = ".".join(str(p) for p in err.absolute_path)
        node = doc
        for step in list(err.absolute_path)[:-1]:
            node = node[step]
        last = list(err.absolute_path)[-1] if err.absolute_path else None
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            where = f"{path}.{extra[0]}".lstrip(".") if extra else path
            message = (
                f"unknown field {extra[0] if extra else ''!r}; allowed: {', '.join(err.schema.get('properties', {}))}"
            )
            errors.append(DataError(shown, _line(err.instance, extra[0] if extra else None), "", where, message))
            continue
        if err.validator == "required":
            missing = err.message.split("'")[1]
            errors.append(
                DataError(shown, _line(err.instance), "", f"{path}.{missing}".lstrip("."), "required field is missing")
            )
            continue
        errors.append(DataError(shown, _line(node, last), "", path or "(file)", err.message[:200]))
    return errors


def _logo(root: Path, name: str, shown: str, line: int) -> tuple[str | None, list[DataError]]:
    path = root / name
    if "/" in name or "\\" in name or name.startswith("."):
        return None, [DataError(shown, line, "", "logo", "give a file name in the clinic folder, not a path")]
    if not path.is_file():
        return None, [DataError(shown, line, "", "logo", f"no file {name!r} in {root}")]
    head = path.read_bytes()[:12]
    size = path.stat().st_size
    kind = next((ext for magic, ext in LOGO_TYPES.items() if head.startswith(magic)), None)
    if kind is None and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "webp"
    if kind is None:
        return None, [DataError(shown, line, "", "logo", f"{name!r} is not a PNG, JPEG, GIF or WebP image")]
    if size > MAX_LOGO_BYTES:
        return None, [
            DataError(shown, line, "", "logo", f"{name!r} is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,}")
        ]
    return kind, []


# A clinic page is Markdown only: raw HTML could run a script or load from outside the site.
_HTML = re.compile(r"<(?!https?://|mailto:)\s*/?\s*[A-Za-z!?]")  # an autolink <https://...> is Markdown
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data):", re.I)
_OUTSIDE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_OUTSIDE_DEFINITION = re.compile(r"^\s*\[([^\]]+)\]:\s*<?\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_MACRO = re.compile(r"\{\{|\{%")


def check_page(path: Path, shown: str) -> list[DataError]:
    text, problem = read_text(path, shown)
    if problem is not None or text is None:
        return [DataError(shown, problem.line if problem else 1, "", "", problem.message if problem else "unreadable")]
    errors = []
    # Images written as ![alt][ref] (or ![alt][] with the alt as ref) load what [ref]: names.
    image_refs = {(ref or alt).lower() for alt, ref in re.findall(r"!\[([^\]]*)\]\[([^\]]*)\]", text)}
    in_code = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or line.startswith("    "):
            continue  # code blocks show their text as typed
        plain = re.sub(r"`[^`]*`", "", line)  # inline code shows as typed too
        if _HTML.search(plain):
            errors.append(DataError(shown, number, "", "", "HTML is not allowed in a clinic page: write Markdown"))
        if _OUTSIDE_IMAGE.search(plain):
            errors.append(
                DataError(shown, number, "", "", "an image from outside the site: put the file in the clinic folder")
            )
        definition = _OUTSIDE_DEFINITION.match(plain)
        if definition and definition.group(1).lower() in image_refs:
            errors.append(
                DataError(shown, number, "", "", "an image from outside the site: put the file in the clinic folder")
            )
        if _SCRIPT_LINK.search(plain):
            errors.append(DataError(shown, number, "", "", "a javascript:, vbscript: or data: link is not allowed"))
        if _MACRO.search(plain):
            errors.append(DataError(shown, number, "", "", "'{{' and '{%' are not allowed in a clinic page"))
    return errors


def load_clinic(root: Path) -> tuple[Clinic | None, list[DataError]]:
    """The overlay in `root`, or None with the errors that stop it."""
    root = Path(root)
    shown = f"{root.name}/clinic.yml"
    if not (root / "clinic.yml").is_file():
        return None, [DataError(shown, 1, "", "", f"no clinic.yml in {root}")]
    doc, errors = _read(root / "clinic.yml", shown)
    if errors:
        return None, errors
    errors = _schema_errors(doc, shown)
    if errors:
        return None, errors
    assert isinstance(doc, dict)
    logo_type, logo_errors = _logo(root, doc["logo"], shown, _line(doc, "logo"))
    errors += logo_errors
    pages = sorted((root / "pages").glob("*.md")) if (root / "pages").is_dir() else []
    for page in pages:
        errors += check_page(page, f"{root.name}/pages/{page.name}")
    contacts = {
        urgency: [Contact(c["label"], c.get("phone"), c.get("note")) for c in doc.get("contacts", {}).get(urgency, [])]
        for urgency in URGENCIES
    }
    overrides, override_errors = _overrides(root)
    errors += override_errors
    if errors:
        return None, errors
    clinic = Clinic(
        root=root,
        name=doc["name"],
        logo=root / doc["logo"],
        logo_type=logo_type or "png",
        paper=doc.get("paper", "letter"),
        units_method=doc.get("units_method", "medicare"),
        contacts=contacts,
        hide=tuple(doc.get("hide", [])),
        pages=pages,
        overrides=overrides,
        emergency_number=doc.get("emergency_number"),
    )
    return clinic, []


# Patient text is written for the US ("call 911"). A patient of a clinic elsewhere reads the
# clinic's own emergency number instead, on every page and printout made for patients.
_US_EMERGENCY = re.compile(r"\b911\b")


def localise_emergency_number(
    entries: dict[str, dict[str, Entry]], translations: dict[str, Translation], number: str
) -> None:
    """Put `number` for 911 in every field written for patients (and their translations).
    Clinician text keeps its "911 in the US" wording; the content rules have checked the
    upstream text before this runs, and a reviewed translation keeps its review."""

    def swap(value):
        if isinstance(value, str):
            return _US_EMERGENCY.sub(number, value)
        if isinstance(value, list):
            value[:] = [swap(item) for item in value]
            return value
        if isinstance(value, tuple):
            return tuple(swap(item) for item in value)
        return value

    for kind, by_id in entries.items():
        for entry in by_id.values():
            for name, value in patient_text(kind, entry.data).items():
                entry.data[name] = swap(value)
    for translation in translations.values():
        for by_field in translation.entries.values():
            for name, translated in by_field.items():
                by_field[name] = replace(translated, text=swap(translated.text))


OVERRIDE_FIELDS = {"kind", "id", "field", "value", "reason", "upstream"}


def _overrides(root: Path) -> tuple[list[Override], list[DataError]]:
    path = root / "overrides.yml"
    if not path.is_file():
        return [], []
    shown = f"{root.name}/overrides.yml"
    doc, errors = _read(path, shown)
    if errors:
        return [], errors
    if doc is None:
        return [], []
    if not isinstance(doc, list):
        return [], [DataError(shown, 1, "", "", "expected a list of overrides (entries starting with '- kind:')")]
    found = []
    for item in doc:
        line = _line(item)
        if not isinstance(item, dict):
            errors.append(
                DataError(shown, line, "", "", "expected an override (kind, id, field, value, reason, upstream)")
            )
            continue
        entry_id = str(item.get("id", ""))
        for extra in sorted(set(item) - OVERRIDE_FIELDS):
            errors.append(
                DataError(
                    shown,
                    _line(item, extra),
                    entry_id,
                    extra,
                    f"unknown field {extra!r}; allowed: {', '.join(sorted(OVERRIDE_FIELDS))}",
                )
            )
        for missing in sorted(OVERRIDE_FIELDS - set(item)):
            errors.append(DataError(shown, line, entry_id, missing, "required field is missing"))
        if errors:
            continue
        if not isinstance(item["reason"], str) or not item["reason"].strip():
            errors.append(
                DataError(
                    shown, _line(item, "reason"), entry_id, "reason", "say in a few words why the clinic changes it"
                )
            )
            continue
        found.append(
            Override(item["kind"], entry_id, item["field"], item["value"], item["reason"], item["upstream"], line)
        )
    return found, errors


def apply_overrides(entries: dict[str, dict[str, Entry]], clinic: Clinic) -> tuple[list[DataError], list[DataError]]:
    """Replace the overridden fields in the upstream entries, then check each changed entry
    against its schema again. Returns (errors, warnings): an error for an override of an entry
    or a field that does not exist, or a value its schema refuses; a warning when upstream has
    changed the text an override replaces since the override was written (both texts shown)."""

    shown = f"{clinic.root.name}/overrides.yml"
    errors: list[DataError] = []
    warnings: list[DataError] = []
    for o in clinic.overrides:
        if o.kind not in KINDS:
            errors.append(DataError(shown, o.line, o.id, "kind", f"no kind {o.kind!r}; one of {', '.join(KINDS)}"))
            continue
        entry = entries[o.kind].get(o.id)
        if entry is None:
            errors.append(
                DataError(
                    shown,
                    o.line,
                    o.id,
                    "id",
                    f"no {KINDS[o.kind].singular} with id {o.id!r} upstream: remove or update this override",
                )
            )
            continue
        if o.field == "id" or o.field not in validator(o.kind).schema.get("properties", {}):
            errors.append(
                DataError(shown, o.line, o.id, "field", f"{o.kind} has no field {o.field!r} that can be overridden")
            )
            continue
        current = entry.data.get(o.field)
        if _plain(current) != _plain(o.upstream):
            warnings.append(
                DataError(
                    shown,
                    o.line,
                    o.id,
                    o.field,
                    f"upstream changed the text this override replaces. Upstream now: {_plain(current)!r}. "
                    f"When the override was written: {_plain(o.upstream)!r}. Check that the override still holds, "
                    "then copy the new upstream text into `upstream`",
                )
            )
        changed = dict(entry.data)
        changed[o.field] = o.value
        problems = list(validator(o.kind).iter_errors(changed))
        if problems:
            errors.append(
                DataError(
                    shown,
                    o.line,
                    o.id,
                    "value",
                    f"the new value breaks the {o.kind} schema: {problems[0].message[:160]}",
                )
            )
            continue
        entry.data[o.field] = o.value
    return errors, warnings


def _plain(value):
    """Compare data as JSON: line-aware mappings and lists compare as plain ones."""
    return json.loads(json.dumps(value, default=str))


def contact_line(contact: Contact) -> str:
    """'On-call GP: 01632 960 456 (weekdays)'; without a number, 'Own GP (send a letter)'."""
    line = f"{contact.label}: {contact.phone}" if contact.phone else contact.label
    return f"{line} ({contact.note})" if contact.note else line
