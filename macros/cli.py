"""`ptref`: command-line tools over the data, with no MkDocs involved."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model.kinds import KINDS
from .model.validate import validate


def _check(args) -> int:
    entries, errors = validate(Path(args.data))
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s) in {args.data}/", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(entries[k])} {KINDS[k].plural.lower()}" for k in KINDS)
    print(f"{args.data}/ is valid: {counts}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ptref", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the data files and list every error")
    check.add_argument("--data", default="data", help="data folder (default: ./data)")
    check.set_defaults(func=_check)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
