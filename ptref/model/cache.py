"""Where ptref keeps what it can work out again: `$PTREF_CACHE_DIR`, else `$XDG_CACHE_HOME/ptref`,
else `~/.cache/ptref`. `PTREF_NO_CACHE=1` turns every cache off. What lives there: the ICD-10-CM
facts (icd_cache.py), parsed data files (yamlload.py), the files that passed their schema
(schema_cache.py), the kinds whose links all resolved (validate.py) and the content rules'
findings (ptref/rules/findings_cache.py). Deleting the folder is always safe.

The digests below name what a cached result was worked out from; a result is reused only while
every one of them is the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache as once
from importlib import metadata
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("PTREF_CACHE_DIR"):
        return Path(os.environ["PTREF_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ptref"


def enabled() -> bool:
    return os.environ.get("PTREF_NO_CACHE", "") in ("", "0")


@once
def code_digest() -> str:
    """ptref's own files (code, schemas, word lists), Python's version and every installed
    package's version."""
    h = hashlib.sha256(sys.version.encode())
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    h.update("\n".join(versions).encode())
    return h.hexdigest()


def setting_digest(*parts) -> str:
    """A short name for a stored result made of ptref's own files and versions (code_digest)
    and `parts` (JSON-able): a change to any of them names another file."""
    text = json.dumps([code_digest(), *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def kind_digests(entries: dict[str, dict]) -> dict[str, str] | None:
    """Per kind, a digest of the files its entries were read from (name and text) and of the ids
    kept; None when an entry has no file (made in a test), so nothing is cached."""
    out = {}
    for kind, bucket in entries.items():
        sources: dict[int, object] = {}
        for entry in bucket.values():
            if entry.source is None:
                return None
            sources.setdefault(id(entry.source), entry.source)
        h = hashlib.sha256(kind.encode() + b"\0")
        for shown, digest in sorted((s.shown, s.digest) for s in sources.values()):  # type: ignore[attr-defined]
            h.update(shown.encode() + b"\0" + digest)
        # The ids kept: an entry the schema rejected is left out of what the rules read.
        h.update("\0".join(sorted(bucket)).encode())
        out[kind] = h.hexdigest()
    return out
