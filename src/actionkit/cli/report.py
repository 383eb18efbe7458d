"""`actionkit report`: the totals people look at first, from the store or from files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from actionkit.cli import EXIT_OK, EXIT_PARTIAL
from actionkit.cli.output import FORMATS, examples, print_records, print_table
from actionkit.cli.session import open_store, read_secret
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.marks import MARKED_PHRASE

# The columns of every table: the figure's name and how to read it from a Figures.
COLUMNS = (
    ("signatures", "signatures"),
    ("consented", "consented"),
    ("consented %", "share"),
    ("this week", "this_week"),
    ("before", "before"),
    ("typed", "typed"),
    ("on paper", "paper"),
    ("to type", "to_type"),
)
EXAMPLES = (
    "actionkit report  # this computer's signatures",
    "actionkit report --format json  # the same, for a script",
    "actionkit report koln.xlsx bonn.csv  # exports received at the centre",
    "actionkit report central.xlsx --format csv  # a merged workbook, for a spreadsheet",
)


def _cell(figures: Any, name: str) -> str:
    if name == "share":
        return f"{round(figures.consented_share * 100)}%"
    value = getattr(figures, name)
    if value is None or (name == "to_type" and figures.paper is None):
        return ""  # no paper count: neither on paper nor to type is known
    return f"{value:,}"


def _tables(totals: Any) -> list[tuple[str, list[str], list[list[str]]]]:
    figures = [name for _, name in COLUMNS]
    headers = [header for header, _ in COLUMNS]
    total = totals.total
    return [
        (
            "Per event",
            ["event", "name", "date", "city", *headers],
            [
                [
                    f.key or "-",
                    f.label if f.label != f.key else "",
                    f.date or "no date",
                    f.city,
                    *(_cell(f, n) for n in figures),
                ]
                for f in totals.by_event
            ]
            + [["all", "", "", "", *(_cell(total, n) for n in figures)]],
        ),
        (
            "Per city",
            ["city", "events", *headers],
            [
                [f.key or "(no city)", str(f.events), *(_cell(f, n) for n in figures)]
                for f in totals.by_city
            ],
        ),
        (
            "Per day",
            ["day", "events", *headers],
            [
                [f.key or "no date", str(f.events), *(_cell(f, n) for n in figures)]
                for f in totals.by_day
            ],
        ),
    ]


def _csv_rows(totals: Any) -> tuple[list[str], list[list[str]]]:
    """One table for a spreadsheet: each line says whether it is an event, a city,
    a day or the total; numbers without thousands separators."""
    headers = ["by", "key", "name", "date", "city", "events", *(n for _, n in COLUMNS)]
    rows = []
    groups = (
        ("event", totals.by_event),
        ("city", totals.by_city),
        ("day", totals.by_day),
        ("total", (totals.total,)),
    )
    for by, figures in groups:
        for f in figures:
            values = [
                f.signatures,
                f.consented,
                round(f.consented_share * 100),
                f.this_week,
                f.before,
                f.typed,
                "" if f.paper is None else f.paper,
                f.to_type,
            ]
            key = "" if by == "total" else f.key
            name = f.label if by == "event" and f.label != f.key else ""
            rows.append([by, key, name, f.date, f.city, str(f.events), *(str(v) for v in values)])
    return headers, rows


def cmd_report(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.totals import headline, store_totals
    from actionkit.core.signatures.totals_files import totals_from_files

    failed: list[tuple[str, str]] = []
    if args.files:
        password = read_secret(args.password_file, "password") if args.password_file else None
        identity = read_secret(args.identity, "private key") if args.identity else None
        result = totals_from_files(
            [Path(f) for f in args.files], password=password, identity=identity
        )
        totals, failed = result.totals, result.failed
        for name, reason in failed:
            print(f"actionkit: skipped {name}: {reason}", file=sys.stderr)
        if not totals.sources:
            raise ActionKitError("No file could be read; nothing to count.")
    else:
        with open_store(paths) as store:
            totals = store_totals(store)
    if args.format == "json":
        data = totals.as_dict()
        data["skipped"] = [{"file": name, "reason": reason} for name, reason in failed]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        headers, rows = _csv_rows(totals)
        print_records(headers, rows, [], "csv")
    else:
        print(headline(totals) + ".")
        if totals.decided or totals.pending:
            print(f"Duplicates: {totals.decided:,} decided, {totals.pending:,} still to decide.")
        for title, headers, rows in _tables(totals):
            print(f"\n{title}")
            print_table(headers, rows, sys.stdout)
    return EXIT_PARTIAL if failed else EXIT_OK


def register(sub: Any) -> None:
    report = sub.add_parser(
        "report",
        help="totals: signatures per event, city and day, consent, paper vs typed",
        description=(
            "The totals people look at first: signatures per event, per city and per day, "
            "how many agreed to be contacted, this week against before, what was counted "
            "on paper against what is typed in, and duplicates decided and still to decide. "
            "The first line reads like: 1,240 signatures from 9 cities (3 events), 61% agreed "
            "to be contacted; this week +310; on paper 1,302, typed 1,240 (62 to type). "
            "A day is the day signatures were collected (the event's date; events without "
            "one count under 'no date'); 'this week' is the last 7 days up to today. "
            f"Signatures leave out rows {MARKED_PHRASE} and rows decided to be "
            "the same person as an earlier one. Without files, from this computer's "
            "signature store; with files, from exports (their Sheets sheet gives the paper "
            "counts) and merged workbooks (their Merged sheet the duplicates), added up as "
            "they are: merge them first to count each person once. A file that cannot be "
            "read is skipped and said on stderr; the others are counted (exit status 3)."
        ),
        epilog=examples(*EXAMPLES),
    )
    report.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="exports or merged workbooks to count (default: the local signature store)",
    )
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (a sentence and three tables), json or csv (default: table)",
    )
    report.add_argument(
        "--password-file", metavar="FILE", help="the password of password-protected files"
    )
    report.add_argument(
        "--identity",
        metavar="FILE.agekey",
        help="the centre's private key, for files sealed to it",
    )
    report.set_defaults(handler=cmd_report)
