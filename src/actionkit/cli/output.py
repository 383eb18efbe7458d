"""Printing tables, JSON and CSV for the command line."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TextIO

from actionkit.core.errors import Message
from actionkit.core.safe_text import spreadsheet_safe

FORMATS = ("table", "json", "csv")  # what prints rows: a table, a list of objects, CSV
TEXT_FORMATS = ("text", "json")  # what prints one result: sentences, or one JSON object


@cache
def _english_words() -> dict[str, str]:
    from actionkit.core.assets import asset_path

    path = asset_path("translations", "ui", "en.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {key: str(text) for key, text in data.items()}


def status_words(code: str) -> str:
    """A status as the app names it ("Out on bail"), not its code ("on_bail")."""
    return _english_words().get(f"status.{code}") or code.replace("_", " ")


def _names_status(message: Message) -> bool:
    return any(
        name == "status" or (isinstance(value, Message) and _names_status(value))
        for name, value in message.params.items()
    )


def said(message: object) -> str:
    """A warning from the core as the command line prints it: the core's own English
    sentence, except where it names a status, which is said in the app's words
    ("status is 'Out on bail'"; the core's sentence carried the code, 'on_bail')."""
    if not isinstance(message, Message) or not message.key or not _names_status(message):
        return str(message)
    template = _english_words().get(f"error.{message.key}")
    if not template:
        return str(message)
    values: dict[str, object] = {
        name: said(value) if isinstance(value, Message) else value
        for name, value in message.params.items()
    }
    if isinstance(values.get("status"), str):
        values["status"] = status_words(str(values["status"]))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return str(message)


def _width(text: str) -> int:
    # Combining marks and joiners take no column; wide East Asian ones take two.
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200c\u200d":
            continue
        total += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return total


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max([_width(h), *(_width(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    print(line(headers).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print(line(row).rstrip(), file=out)


def print_records(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    records: Sequence[dict[str, Any]],
    fmt: str,
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout  # looked up per call, so redirection works
    if fmt == "json":
        print_json(list(records), out)
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    else:
        print_table(headers, rows, out)


def print_json(record: Any, out: TextIO | None = None) -> None:
    """One JSON document on stdout (`--format json`), in the signers' own script."""
    out = out or sys.stdout
    json.dump(record, out, ensure_ascii=False, indent=2)
    out.write("\n")


def add_format(parser: Any, *, rows: bool = False, listing: str = "") -> None:
    """--format: table, json or csv for a command that prints rows (`rows`), else
    text or json for one that prints a result, or one per `listing` ("image")."""
    if rows:
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="table",
            help="a table to read (default), json (a list of objects) or csv (spreadsheet-safe)",
        )
    else:
        parser.add_argument(
            "--format",
            choices=TEXT_FORMATS,
            default="text",
            help="sentences to read (default), or "
            + (f"a JSON list of objects, one per {listing}," if listing else "one JSON object")
            + " for scripts",
        )


def examples(*lines: str) -> str:
    """An epilog of real command lines ("actionkit ...  # what it does"); a test
    parses every one of them."""
    title = "Example:" if len(lines) == 1 else "Examples:"
    return "\n".join([title, *(f"  {line}" for line in lines)])


def command_group(
    sub: Any, name: str, summary: str, description: str, example: str | None = None
) -> Any:
    """A command with actions under it (`actionkit NAME ACTION ...`); returns
    the object to add the actions to."""
    group = sub.add_parser(
        name, help=summary, description=description, epilog=examples(example) if example else None
    )
    return group.add_subparsers(dest="action", metavar="ACTION", required=True)


def progress_printer(label: str) -> Callable[[int, int], None]:
    """Progress on stderr. On a terminal: one line rewritten in place with "\\r", ended
    when the work is. Elsewhere (a log file, a pipe), where "\\r" runs the steps together:
    nothing until the work is done, then one line."""

    def show(done: int, total: int) -> None:
        finished = done >= total
        if stderr_is_terminal():
            end = "\n" if finished else ""
            print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)
        elif finished:
            print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)

    return show


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal (where "\\r" rewrites a line) rather than a log."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False
