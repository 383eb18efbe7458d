"""Where a command's file goes (a path, or stdout with `-o -`), in which format, and
where its summary is printed (stdout, or stderr when the file itself is on stdout)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from actionkit.core.errors import ActionKitError

FILE_FORMATS = ("xlsx", "csv")
STDOUT = "-"
# What each file name ending says the file is (longest first: ".xlsx.age" is sealed xlsx).
_EXTENSIONS = ((".xlsx.age", "xlsx"), (".xlsx", "xlsx"), (".csv", "csv"))


def format_of(name: str) -> str | None:
    """The format a file name's ending says ("koln.csv" -> "csv"), None when it says none."""
    lower = name.lower()
    return next((kind for ending, kind in _EXTENSIONS if lower.endswith(ending)), None)


def output_format(given: str | None, output: str) -> str:
    """The file format to write: `given` (--format), else the output's extension.
    Refused: a --format the extension contradicts (`-o koln.csv --format xlsx`), stdout
    without --format, and a name whose ending says no format without --format."""
    if output == STDOUT:
        if given is None:
            raise ActionKitError(
                "With -o - (stdout) there is no file name to tell the format by: "
                "give --format xlsx or --format csv."
            )
        return given
    named = format_of(output)
    if given is None:
        if named is None:
            if "." not in Path(output).name:
                return "xlsx"  # a bare name, as before: the .xlsx a campaign expects
            raise ActionKitError(
                f"Cannot tell the format from {output!r}: name it .xlsx or .csv, "
                "or give --format xlsx or --format csv."
            )
        return named
    if named is not None and named != given:
        raise ActionKitError(
            f"{output!r} is named like a {named} file but --format is {given}: "
            f"name it .{given} or give --format {named}."
        )
    return given


def binary_stdout(kind: str) -> IO[bytes]:
    """stdout for a file's bytes. A workbook is binary: refused on a terminal, where it
    would only scroll past as noise (pipe it or redirect it to a file)."""
    if kind == "xlsx" and sys.stdout.isatty():
        raise ActionKitError(
            "An .xlsx workbook is binary and is not written to a terminal: redirect it "
            "(-o - > signers.xlsx), pipe it, or give -o FILE."
        )
    sys.stdout.flush()
    return sys.stdout.buffer


def print_summary(
    summary: Mapping[str, Any], text: str, *, as_json: bool, file_on_stdout: bool
) -> None:
    """The summary, as a sentence or as JSON; on stderr when stdout carries the file."""
    stream = sys.stderr if file_on_stdout else sys.stdout
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2), file=stream)
    else:
        print(text, file=stream)
