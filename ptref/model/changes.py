"""What changed between two versions of the knowledge base, in words a clinician reads quickly.

A release keeps a snapshot of the knowledge base in `releases/<version>.json`: for every entry
its name and a short hash of each field, small enough to keep in the repository. Two snapshots
(or two full exports: `ptref diff` accepts either) compare entry by entry: added, removed,
changed (naming the fields). Derived fields (`referenced_by`, `reportable`) and the review date
alone are not changes. The site's "What changed" page and its Atom feed list, per release, the
comparison with the release before it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .kinds import KINDS

SNAPSHOT_VERSION = 1
# Not changes of content: the derived fields (the back links, and what a kind derives for the
# export) and the review date alone.
NOT_CONTENT = frozenset({"referenced_by", "last_reviewed"}).union(*(k.derived for k in KINDS.values()))
VERSION = re.compile(r"^20[0-9]{2}\.(1[0-2]|[1-9])\.[0-9]+$")  # year.month.number: 2026.12.0


def _hash(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _name(kind: str, obj: dict) -> str:
    info = KINDS.get(kind)
    if info is not None:
        try:
            return info.display_name(obj)
        except KeyError:  # an older export whose fields differ
            pass
    return str(obj.get("name") or obj.get("title") or obj["id"])


def snapshot(doc: dict, version: str, released: str) -> dict:
    """The fingerprint of an export (ptref.model.export): names and field hashes per entry."""
    if "snapshot_version" in doc:
        return doc
    entries: dict[str, dict] = {}
    for kind, items in doc.items():
        if not isinstance(items, list):
            continue
        for obj in items:
            if isinstance(obj, dict) and "id" in obj:
                fields = {k: _hash(v) for k, v in sorted(obj.items()) if k not in NOT_CONTENT}
                entries.setdefault(kind, {})[obj["id"]] = {"name": _name(kind, obj), "fields": fields}
    return {"snapshot_version": SNAPSHOT_VERSION, "version": version, "date": released, "entries": entries}


@dataclass(frozen=True)
class Change:
    kind: str
    id: str
    name: str
    what: str  # "added", "removed" or "changed"
    fields: tuple[str, ...] = ()

    def words(self) -> str:
        """'Red flag added: Pancoast tumour' or 'Code changed (title): M54.6 Pain in thoracic spine'."""
        info = KINDS.get(self.kind)
        singular = info.singular if info else self.kind.replace("_", " ")
        fields = f" ({', '.join(f.replace('_', ' ') for f in self.fields)})" if self.fields else ""
        return f"{singular.capitalize()} {self.what}{fields}: {self.name}"


def compare(old: dict, new: dict) -> list[Change]:
    """Changes from snapshot `old` to snapshot `new`, kind by kind, added before changed before removed."""
    found = []
    order = {"added": 0, "changed": 1, "removed": 2}
    for kind in sorted(set(old["entries"]) | set(new["entries"]), key=_kind_order):
        before, after = old["entries"].get(kind, {}), new["entries"].get(kind, {})
        for entry_id in sorted(set(before) | set(after)):
            if entry_id not in before:
                found.append(Change(kind, entry_id, after[entry_id]["name"], "added"))
            elif entry_id not in after:
                found.append(Change(kind, entry_id, before[entry_id]["name"], "removed"))
            else:
                a, b = before[entry_id]["fields"], after[entry_id]["fields"]
                fields = tuple(sorted(f for f in set(a) | set(b) if a.get(f) != b.get(f)))
                if fields:
                    found.append(Change(kind, entry_id, after[entry_id]["name"], "changed", fields))
    return sorted(found, key=lambda c: (_kind_order(c.kind), order[c.what], c.name.lower()))


def _kind_order(kind: str) -> tuple[int, str]:
    info = KINDS.get(kind)
    return (info.order if info else 999, kind)


def read(path: Path) -> dict:
    """A snapshot or an export, as a snapshot (an export gets its file name as version)."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return snapshot(doc, Path(path).stem, "")


class NotASnapshot(ValueError):
    pass


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.split("."))


def releases(folder: Path) -> list[dict]:
    """The snapshots in `folder`, oldest version first; a file that is not one is refused by name."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        snap = json.loads(path.read_text(encoding="utf-8"))
        version, released = snap.get("version", ""), snap.get("date", "")
        if (
            snap.get("snapshot_version") != SNAPSHOT_VERSION
            or not VERSION.match(str(version))
            or path.stem != version
            or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(released))
        ):
            raise NotASnapshot(f"{path}: not a release snapshot (write one with 'ptref release VERSION')")
        found.append(snap)
    return sorted(found, key=lambda s: version_key(s["version"]))


def dumps(snap: dict) -> str:
    return json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
