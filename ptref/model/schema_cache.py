"""Which data files, exactly as they are now, passed their kind's JSON Schema in an earlier run.

Checking 30,000 entries against their schemas (and compiling the schemas first) is most of the
time `ptref check` spends on data that has not changed. A file that passed leaves an empty
marker named by the hash of its kind, its text, every schema and the validator's version; the
next run with the same text and schemas skips the schema step for that file's entries. Any
change to the file or to a schema changes the hash. Lives in the cache folder (cache.py);
`PTREF_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache as once
from importlib import metadata

from . import cache
from .schema import raw_schemas
from .yamlload import text_digest


@once
def _schemas_digest() -> str:
    text = json.dumps(raw_schemas(), sort_keys=True) + metadata.version("fastjsonschema")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _marker(kind: str, text: str):
    key = hashlib.sha256(f"{_schemas_digest()}\0{kind}\0".encode() + text_digest(text)).hexdigest()
    return cache.cache_dir() / "schema-passed" / key


def passed_before(kind: str, text: str) -> bool:
    return cache.enabled() and _marker(kind, text).exists()


def remember_passed(kind: str, text: str) -> None:
    if not cache.enabled():
        return
    marker = _marker(kind, text)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only home: check the schemas every time
