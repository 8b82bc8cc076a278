"""`ptref`: command-line tools over the data, with no MkDocs involved."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model.kinds import KINDS
from .model.units import METHODS, UnitsError, calculate, parse_pairs, rules_from
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


def _units(args) -> int:
    try:
        pairs = parse_pairs(args.pairs)
        entries, errors = validate(Path(args.data), official_codes=False)
        if errors:
            raise UnitsError(f"{len(errors)} error(s) in {args.data}/: run 'ptref check' for the list")
        result = calculate(rules_from(entries), pairs, args.method)
    except UnitsError as exc:
        print(f"ptref units: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


class _OneLineParser(argparse.ArgumentParser):
    """Usage mistakes get one line and exit status 2, never a wall of text."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _OneLineParser(prog="ptref", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the data files and list every error")
    check.add_argument("--data", default="data", help="data folder (default: ./data)")
    check.set_defaults(func=_check)
    units = sub.add_parser("units", help="billable units for the timed and untimed codes of one session (JSON)")
    units.add_argument("--method", choices=METHODS, default="medicare",
                       help="medicare: 8-minute rule over all timed minutes; per-code: CPT midpoint rule per code")
    units.add_argument("--data", default="data", help="data folder (default: ./data)")
    units.add_argument("pairs", nargs="+", metavar="CODE=MINUTES")
    units.set_defaults(func=_units)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
