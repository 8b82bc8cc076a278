"""Synthetic data for the benchmark: the real data, replicated with new ids.

`write_scaled(src, dest, scale)` writes a data folder holding `scale` times the real content:
the real entries unchanged (`dest/<kind>.yml`) plus `scale - 1` replicas of every non-code
entry (`dest/<kind>/synth-NNNN.yml`). Replica `n` gets ids suffixed `-sNNNN` and every x-ref
inside it that points at a replicated kind is rewritten to replica `n`'s id, so each replica
is a closed copy of the real graph with the same shape (list lengths, text sizes, fan-in and
fan-out). Codes are not replicated: ICD-10-CM codes must exist in the official data and their
ids are the codes themselves, so replicas point at the real codes. (A consequence: a code's
page lists every replica that uses it, so code pages grow with the scale; see README.md.)

Imports only `ptref.model` and PyYAML; never writes into the source folder.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from ptref.model.kinds import KINDS
from ptref.model.schema import relations
from ptref.model.validate import data_files, load_entries

# Codes are the official code set, editions its dated versions, notices fixed texts named by id:
# none of them grows with the content.
NOT_REPLICATED = frozenset({"codes", "editions", "notices"})
# Each synthetic file stays far below ptref.model.yamlload.MAX_FILE_BYTES (2 MB).
CHUNK_BYTES = 800_000

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def suffix(n: int) -> str:
    return f"-s{n:04d}"


def real_entries(src: Path) -> dict[str, list[dict]]:
    """The source entries per kind, as plain dicts and lists, in file order."""
    entries, errors, _ = load_entries(Path(src))
    if errors:
        raise ValueError(f"{src} has {len(errors)} load error(s); run 'ptref check --data {src}'")
    # JSON round trip: plain dict/list (no line bookkeeping), strings stay strings.
    return {kind: [json.loads(json.dumps(e.data)) for e in bucket.values()] for kind, bucket in entries.items()}


def _rewrite(value, path: tuple[str, ...], fn):
    """Apply fn to every string found at a relation path ("[]" steps into list items)."""
    if not path:
        return fn(value) if isinstance(value, str) else value
    step, rest = path[0], path[1:]
    if step == "[]":
        if isinstance(value, list):
            return [_rewrite(item, rest, fn) for item in value]
    elif isinstance(value, dict) and step in value:
        value[step] = _rewrite(value[step], rest, fn)
    return value


_NAME_FIELD = {"codes": None, "references": "short", "guides": "title"}


def replicate(kind: str, entry: dict, n: int) -> dict:
    """Replica n of one entry: new id, new display name, x-refs moved to replica n."""
    tag = suffix(n)
    copy = json.loads(json.dumps(entry))
    copy["id"] = entry["id"] + tag
    name_field = _NAME_FIELD.get(kind, "name")
    if name_field and name_field in copy:
        # The tag goes before a name's closing gloss in brackets ("... (ankylosing spondylitis or
        # DISH)"), which options drop as they do in the real entry.
        name = copy[name_field]
        gloss = re.search(r"\s*\([^()]*\)$", name)
        cut = gloss.start() if gloss else len(name)
        copy[name_field] = f"{name[:cut]} (s{n:04d}){name[cut:]}"[:200]
    for rel in relations():
        if rel.source_kind == kind and rel.target_kind not in NOT_REPLICATED:
            _rewrite(copy, rel.path, lambda target: target + tag)
    _rename_label_keys(entry, copy)
    return copy


def _renamed(old, new, found: dict[str, str]) -> dict[str, str]:
    """Every string the relation rewrite changed, old -> new (the two trees share a shape)."""
    if isinstance(old, str) and isinstance(new, str) and old != new:
        found[old] = new
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            _renamed(old[key], new.get(key), found)
    elif isinstance(old, list) and isinstance(new, list):
        for a, b in zip(old, new, strict=True):
            _renamed(a, b, found)
    return found


def _rename_label_keys(entry: dict, copy: dict) -> None:
    """A case question's choice_labels is keyed by the ids of its wrong choices: those keys are
    ids too, moved to the replica like the choices they name."""
    moved = _renamed(entry, copy, {})
    for item in copy.get("questions", []) if isinstance(copy.get("questions"), list) else []:
        if isinstance(item, dict) and isinstance(item.get("choice_labels"), dict):
            item["choice_labels"] = {moved.get(k, k): v for k, v in item["choice_labels"].items()}


def _dump(entries: list[dict]) -> str:
    return yaml.dump(entries, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def write_scaled(src: Path, dest: Path, scale: int) -> dict[str, int]:
    """Write `scale` x the real content into `dest` (emptied first). Returns entries per kind."""
    src, dest = Path(src).resolve(), Path(dest).resolve()
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if dest == src or src in dest.parents or dest in src.parents:
        raise ValueError(f"refusing to write {dest}: it overlaps the source data folder {src}")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    real = real_entries(src)
    # A reference cited only by codes (which are not replicated) would be cited by no replica.
    cited = {
        target
        for rel in relations()
        if rel.target_kind == "references" and rel.source_kind not in NOT_REPLICATED
        for entry in real[rel.source_kind]
        for _, target in rel.targets(entry)
    }
    replicated = {
        kind: [e for e in entries if kind != "references" or e["id"] in cited] for kind, entries in real.items()
    }
    counts = {}
    for kind in KINDS:
        # The real entries, byte for byte as written (one file per kind, or the kind's folder).
        for path in data_files(src, kind):
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        counts[kind] = len(real[kind])
        if kind in NOT_REPLICATED or scale == 1 or not replicated[kind]:
            continue
        folder = dest / kind
        folder.mkdir(exist_ok=True)
        chunk, size, index = [], 0, 0
        for n in range(1, scale):
            text = _dump([replicate(kind, e, n) for e in replicated[kind]])
            if chunk and size + len(text) > CHUNK_BYTES:
                (folder / f"synth-{index:04d}.yml").write_text("".join(chunk), encoding="utf-8")
                chunk, size, index = [], 0, index + 1
            chunk.append(text)
            size += len(text)
            counts[kind] += len(replicated[kind])
        if chunk:
            (folder / f"synth-{index:04d}.yml").write_text("".join(chunk), encoding="utf-8")
    return counts


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="write a scaled synthetic data folder")
    parser.add_argument("scale", type=int)
    parser.add_argument("dest")
    parser.add_argument("--src", default=str(Path(__file__).resolve().parent.parent / "data"))
    args = parser.parse_args()
    print(write_scaled(Path(args.src), Path(args.dest), args.scale))
