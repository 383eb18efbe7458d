"""`actionkit print-check`: render every piece and report what a print designer would reject."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from actionkit.cli import EXIT_FAILED, EXIT_OK
from actionkit.core.paths import AppPaths

PIECES = ("poster", "placard", "wall", "appeal", "flyer", "palmcard", "sheets")

DESCRIPTION = """\
Render the print matrix and read the PDFs back, as a print designer checks a proof.

The matrix: every piece (poster, placard, wall, appeal, flyers, palm cards,
signature sheets) x paper size x portrait/landscape x the ten print languages,
each leading and paired with a second; with --full, every person of the dataset
on every name-bearing piece.

Reported, from the PDFs themselves: words broken inside, text over text or over
a QR code or a photo, text outside the trim (or its piece, on imposed sheets),
text under 6 pt, QR modules under 0.5 mm or quiet zones crossed, and pieces not
at their nominal size (the TrimBox, or the distance between the cut marks of
imposed handouts). Progress goes to stderr; exits with status 1 when anything
is found."""
EPILOG = """Examples:
  actionkit print-check                      # the sample CI runs (about a minute)
  actionkit print-check --full --jobs 2      # everything, before a release (half an hour)
  actionkit print-check --piece placard --format json > placards.json"""


def cmd_print_check(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.print.check import run_check

    def progress(done: int, total: int, result: Any) -> None:
        found = f"{len(result.defects)} defect(s)" if result.defects else "ok"
        if result.error:
            found = f"could not render: {result.error}"
        print(f"[{done}/{total}] {result.case.label}: {found}", file=sys.stderr, flush=True)

    report = run_check(
        paths,
        full=args.full,
        jobs=args.jobs,
        kinds=tuple(args.piece or ()),
        progress=None if args.quiet else progress,
    )
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.summary(args.examples))
    return EXIT_OK if report.ok else EXIT_FAILED  # defects found: the proof is refused


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "print-check",
        help="render every piece and report print defects found in the PDFs",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument(
        "--sample",
        dest="full",
        action="store_false",
        help="a fixed slice: every piece and language, both orientations, the hardest "
        "names (default)",
    )
    scope.add_argument(
        "--full", action="store_true", help="the whole matrix, every person (before a release)"
    )
    parser.add_argument(
        "--piece",
        action="append",
        choices=PIECES,
        help="check only this piece (repeatable; default: all)",
    )
    parser.add_argument(
        "--jobs", type=int, metavar="N", help="render in N processes (default: one per core)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="the report on stdout: a summary with examples, or every defect as JSON",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=8,
        metavar="N",
        help="examples of each defect in the text report (default: 8)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.set_defaults(handler=cmd_print_check, full=False)
