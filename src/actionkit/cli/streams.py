"""`-` on the command line: standard input for a file to read, standard output for
a file to write (`-o -`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from io import BytesIO
from typing import Any, BinaryIO

from actionkit.core.errors import ActionKitError

STDIO = "-"
_READ: list[str] = []  # what standard input was read for, in this process


def read_stdin(limit: int, what: str) -> bytes:
    """Standard input, whole, refused past `limit` bytes as a file that size would be
    (reading one byte more tells, without holding more than that in memory). It can
    be read once: `--passphrase-file - import-csv -` is refused, not half-read."""
    if _READ:
        raise ActionKitError(
            f"Standard input is already read for {_READ[0]}; give {what} as a file."
        )
    _READ.append(what)
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB"
        raise ActionKitError(f"Standard input is larger than the {size} limit for {what}.")
    return data


def forget_stdin() -> None:
    """A new command line (tests run many in one process) may read stdin again."""
    _READ.clear()


def binary_stdout() -> BinaryIO:
    """Standard output for a PDF (`-o -`); refused on a terminal, where a PDF is
    noise: redirect it to a file or pipe it to a program."""
    if sys.stdout.isatty():
        raise ActionKitError(
            "Standard output is a terminal: give -o FILE, or send the PDF on with "
            "`-o - > FILE.pdf` or `-o - | lp`."
        )
    sys.stdout.flush()
    return sys.stdout.buffer


def to_stdout(render: Callable[[BytesIO], Any]) -> Any:
    """Render a file in memory and only then write it to stdout, whole: a failure
    halfway leaves no half file in the pipe."""
    out = binary_stdout()
    buffer = BytesIO()
    result = render(buffer)
    out.write(buffer.getvalue())
    out.flush()
    return result
