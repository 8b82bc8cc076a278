"""`ptref`: command-line tools over the data, with no MkDocs involved."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import rules, site
from .model.kinds import KINDS
from .model.units import METHODS, UnitsError, calculate, parse_pairs, rules_from
from .model.validate import paused_gc


def _check(args) -> int:
    # The cyclic garbage collector would walk every loaded entry again for nothing (0.2 s of the
    # 100x check): the data stays alive until the command ends.
    with paused_gc():
        return _check_data(args)


def _check_data(args) -> int:
    if args.list:
        for r in rules.RULES:
            print(f"{r.id}\n    {r.message}\n    why: {r.rationale}")
        return 0

    from .model import dates

    if args.no_cache:
        os.environ["PTREF_NO_CACHE"] = "1"  # every cache of ptref/model/cache.py, and the rules' findings
    on = args.as_of or dates.today()
    clinic = None
    if args.clinic:
        from .model.clinic import load_clinic

        clinic, clinic_errors = load_clinic(Path(args.clinic))
        if clinic_errors:
            for error in clinic_errors:
                print(error, file=sys.stderr)
            print(f"{len(clinic_errors)} error(s) in the clinic folder {args.clinic}/", file=sys.stderr)
            return 1
    entries, errors = site.validate(Path(args.data), as_of=on, clinic=clinic, cache=not args.no_cache)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s) in {args.data}/", file=sys.stderr)
        return 1
    expired, warnings = dates.check(entries, on)
    for warning in clinic.warnings if clinic else []:
        print(
            f"{warning.file}:{warning.line}: [{warning.entry_id}] {warning.field}: warning: {warning.message}",
            file=sys.stderr,
        )
    for label, found in (("error", expired), ("warning", warnings)):
        for f in found:
            entry = f.entry
            print(
                f"{entry.file}:{entry.line_of(f.field)}: [{entry.id}] {f.field}: {label}: {f.message}", file=sys.stderr
            )
    if expired:
        print(f"{len(expired)} dated fact(s) not in force on {on} in {args.data}/", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(entries[k])} {KINDS[k].plural.lower()}" for k in KINDS)
    count = len(warnings) + (len(clinic.warnings) if clinic else 0)
    edition = f" with the clinic edition {args.clinic}/" if clinic else ""
    print(f"{args.data}/{edition} is valid on {on}: {counts}" + (f" ({count} warning(s))" if count else ""))
    return 0


def _units(args) -> int:
    try:
        pairs = parse_pairs(args.pairs)
        entries, errors = site.validate(Path(args.data), official_codes=False)
        if errors:
            raise UnitsError(f"{len(errors)} error(s) in {args.data}/: run 'ptref check' for the list")
        result = calculate(rules_from(entries), pairs, args.method)
    except UnitsError as exc:
        print(f"ptref units: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


def _valid_entries(data: str, command: str, outcome: str):
    """The entries of a data folder, or None after printing every error and what was not done."""
    entries, errors = site.validate(Path(data))
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"ptref {command}: {len(errors)} error(s) in {data}/; {outcome}", file=sys.stderr)
        return None
    return entries


def _generate(args) -> int:
    """Write every generated page (plain Markdown) and the export into a folder."""
    from .site import generated_files

    entries = _valid_entries(args.data, "generate", "nothing written")
    if entries is None:
        return 1
    from .model.kb import KnowledgeBase

    out = Path(args.out)
    count = 0
    from .model import changes

    releases = Path(args.releases) if args.releases else Path(args.data).resolve().parent / "releases"
    from .model import translations

    kb = KnowledgeBase(entries, translations=translations.load(Path(args.data), entries)[0])
    for path, content in generated_files(kb, changes.releases(releases)):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):  # the Anki deck
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        count += 1
    print(f"wrote {count} files to {out}/")
    return 0


def _editor_schemas(args) -> int:
    """Write one self-contained schema per data file, for editors (see the data files' first line)."""
    from .model.schema import EDITOR_DIR, editor_schema_text

    EDITOR_DIR.mkdir(exist_ok=True)
    for kind in KINDS:
        (EDITOR_DIR / f"{kind}.data.json").write_text(editor_schema_text(kind), encoding="utf-8")
    print(f"wrote {len(KINDS)} editor schemas to {EDITOR_DIR}/")
    return 0


def _use_clinic(args) -> None:
    """The build runs MkDocs in a child process: the clinic folder travels as PTREF_CLINIC."""
    if getattr(args, "clinic", None):
        os.environ["PTREF_CLINIC"] = str(Path(args.clinic).resolve())


def _build(args) -> int:
    from . import publish

    _use_clinic(args)
    try:
        publish.build(Path(args.site))
    except publish.BuildFailed as exc:
        print(exc, file=sys.stderr)
        print(f"ptref build: failed; {args.site}/ was left as it was", file=sys.stderr)
        return 1
    print(f"built {args.site}/")
    return 0


def _bundle(args) -> int:
    from . import publish

    _use_clinic(args)
    try:
        digest = publish.bundle(Path(args.out))
    except publish.BuildFailed as exc:
        print(exc, file=sys.stderr)
        print("ptref bundle: failed; no zip written", file=sys.stderr)
        return 1
    print(f"wrote {args.out} (sha256 {digest})")
    return 0


def _digest(args) -> int:
    from . import publish

    digests = publish.site_digest(Path(args.site))
    for path, digest in digests.items():
        print(f"{digest}  {path}")
    return 0


class _OneLineParser(argparse.ArgumentParser):
    """Usage mistakes get one line and exit status 2, never a wall of text."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _probability(args) -> int:
    """Post-test probability, as JSON (the sums of the tool page)."""
    from .model.probability import ProbabilityError, likelihood_ratio, post_test

    try:
        if args.lr is not None:
            if args.sensitivity is not None or args.specificity is not None:
                raise ProbabilityError("give either --lr or --sensitivity and --specificity, not both")
            result = post_test(args.pretest, args.lr)
        else:
            if args.sensitivity is None or args.specificity is None or args.result is None:
                raise ProbabilityError("give --lr, or --sensitivity, --specificity and --result")
            lr = likelihood_ratio(args.sensitivity, args.specificity, args.result)
            result = post_test(args.pretest, lr, f"{args.result} result")
    except ProbabilityError as exc:
        print(f"ptref probability: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result.as_json(), indent=1))
    return 0


def _anki(args) -> int:
    """The Anki deck of every study question: one sub-deck per topic and per case."""
    from .model.kb import KnowledgeBase
    from .render import SITE_NAME
    from .study.bank import deck, groups

    entries = _valid_entries(args.data, "anki", "no deck written")
    if entries is None:
        return 1
    kb = KnowledgeBase(entries)
    Path(args.out).write_bytes(deck(kb, SITE_NAME))
    every = groups(kb)
    print(f"wrote {args.out}: {sum(len(g.questions) for g in every)} notes in {len(every)} sub-decks")
    return 0


def _iso_day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _release(args) -> int:
    """Keep a snapshot of the data as release VERSION (releases/VERSION.json)."""
    from .model import changes, dates
    from .model.export import export
    from .model.kb import KnowledgeBase

    if not changes.VERSION.match(args.version):
        print(
            f"ptref release: {args.version!r} is not a version such as 2026.12.0 (year.month.number)", file=sys.stderr
        )
        return 1
    target = Path(args.releases) / f"{args.version}.json"
    if target.exists():
        print(f"ptref release: {target} exists already; a release is never rewritten", file=sys.stderr)
        return 1
    previous = changes.releases(target.parent)
    if previous and changes.version_key(args.version) <= changes.version_key(previous[-1]["version"]):
        print(f"ptref release: {args.version} does not follow {previous[-1]['version']}", file=sys.stderr)
        return 1
    entries, errors = site.validate(Path(args.data))
    expired, _ = dates.check(entries, dates.today()) if not errors else ([], [])
    if errors or expired:
        print(f"ptref release: {args.data}/ does not pass 'ptref check' today; nothing written", file=sys.stderr)
        return 1
    snap = changes.snapshot(export(KnowledgeBase(entries)), args.version, str(dates.today()))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(changes.dumps(snap), encoding="utf-8")
    found = changes.compare(previous[-1], snap) if previous else []
    print(f"wrote {target}: {len(found)} change(s) since {previous[-1]['version'] if previous else 'nothing'}")
    print(f'next: set version = "{args.version}" in pyproject.toml, commit, and tag v{args.version}')
    return 0


def _diff(args) -> int:
    """What changed between two exports (data/knowledge-base.json of two builds) or snapshots."""
    from .model import changes

    found = changes.compare(changes.read(Path(args.old)), changes.read(Path(args.new)))
    if args.json:
        print(json.dumps([c.__dict__ | {"words": c.words()} for c in found], ensure_ascii=False, indent=1))
    else:
        for change in found:
            print(change.words())
        print(f"{len(found)} change(s)", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _OneLineParser(prog="ptref", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the data files and list every error")
    check.add_argument("--data", default="data", help="data folder (default: ./data)")
    check.add_argument("--list", action="store_true", help="list the content rules the check runs, and why")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help=(
            "run every content rule, and read no cache (parsed files, schema results, rules' findings); by "
            "default a rule's findings are reused while every kind of data it read is unchanged"
        ),
    )
    check.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        type=_iso_day,
        help=(
            "judge dated facts on this day (default: today, or SOURCE_DATE_EPOCH). Each code set and yearly "
            "rule needs an edition in force that day: one that ended is an error, unless its renewal_pending "
            "state covers the day (then a warning, for at most 90 days after its end); a day before the "
            "earliest recorded edition fails too ('no edition recorded'), since earlier editions are not kept. "
            "ICD-10-CM codes offered by conditions are checked in the edition in force that day"
        ),
    )
    check.add_argument("--clinic", metavar="DIR", help="also check a clinic's edition (its overlay folder)")
    check.set_defaults(func=_check)
    units = sub.add_parser("units", help="billable units for one day's codes: all visits on one date of service (JSON)")
    units.add_argument(
        "--method",
        choices=METHODS,
        default="medicare",
        help="medicare: 8-minute rule over all timed minutes; per-code: CPT midpoint rule per code",
    )
    units.add_argument("--data", default="data", help="data folder (default: ./data)")
    units.add_argument(
        "pairs",
        nargs="+",
        metavar="CODE[=MINUTES]",
        help="CODE=MINUTES for a timed code; CODE alone for an untimed code",
    )
    units.set_defaults(func=_units)
    generate = sub.add_parser(
        "generate", help="write every generated page (plain Markdown) and the export into a folder"
    )
    generate.add_argument("out", help="folder to write into (created if needed)")
    generate.add_argument("--data", default="data", help="data folder (default: ./data)")
    generate.add_argument(
        "--releases", help="release snapshots for 'What changed' (default: releases/ beside the data folder)"
    )
    generate.set_defaults(func=_generate)
    editor = sub.add_parser(
        "editor-schemas", help="rewrite the editor schemas of the data files (after a schema change)"
    )
    editor.set_defaults(func=_editor_schemas)
    build = sub.add_parser("build", help="build the site into a folder, replacing it only if the build succeeds")
    build.add_argument("--site", default="site", help="output folder (default: ./site)")
    build.add_argument("--clinic", metavar="DIR", help="build a clinic's edition from its overlay folder")
    build.set_defaults(func=_build)
    bundle = sub.add_parser("bundle", help="build a zip of the site that works offline, opened from file://")
    bundle.add_argument("--out", default="thoracic-pt-reference.zip", help="zip file to write")
    bundle.add_argument("--clinic", metavar="DIR", help="bundle a clinic's edition from its overlay folder")
    bundle.set_defaults(func=_bundle)
    digest = sub.add_parser("digest", help="sha256 of every file of a built site, to compare two builds")
    digest.add_argument("site", help="a built site folder")
    digest.set_defaults(func=_digest)
    prob = sub.add_parser(
        "probability", help="post-test probability from a pre-test probability and a test result (JSON)"
    )
    prob.add_argument("--pretest", type=float, required=True, help="pre-test probability, percent")
    prob.add_argument("--lr", type=float, help="likelihood ratio of the result")
    prob.add_argument("--sensitivity", type=float, help="sensitivity, percent")
    prob.add_argument("--specificity", type=float, help="specificity, percent")
    prob.add_argument("--result", choices=("positive", "negative"), help="the test result")
    prob.set_defaults(func=_probability)
    anki = sub.add_parser("anki", help="an Anki deck (.apkg) of every study question, one sub-deck per topic")
    anki.add_argument("--out", required=True, help="the .apkg file to write")
    anki.add_argument("--data", default="data", help="data folder (default: ./data)")
    anki.set_defaults(func=_anki)
    release = sub.add_parser("release", help="keep a snapshot of the data as a release, for 'What changed'")
    release.add_argument("version", help="year.month.number, such as 2026.12.0")
    release.add_argument("--data", default="data", help="data folder (default: ./data)")
    release.add_argument("--releases", default="releases", help="snapshot folder (default: ./releases)")
    release.set_defaults(func=_release)
    diff = sub.add_parser("diff", help="what changed between two exports or release snapshots")
    diff.add_argument("old", help="the older knowledge-base.json (or releases/<version>.json)")
    diff.add_argument("new", help="the newer one")
    diff.add_argument("--json", action="store_true", help="print JSON instead of one line per change")
    diff.set_defaults(func=_diff)
    args = parser.parse_args(argv)
    return args.func(args)


def run() -> None:
    """The `ptref` command ([project.scripts] in pyproject.toml, and `python -m ptref.cli`):
    main(), then leave without freeing every object one by one. Freeing the loaded 100x data
    took 0.5 s after `ptref check` had printed its verdict; every file a command writes is
    closed by then, and the output is flushed here. An exception or a usage error (SystemExit)
    leaves the ordinary way."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
