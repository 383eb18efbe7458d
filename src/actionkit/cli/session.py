"""What one command line carries to every command: the store's passphrase, if any.

`main()` reads `--passphrase-file` once and sets it here for the duration of
the command (a context variable, reset afterwards), so each command opens the
signature store the same way.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths

if TYPE_CHECKING:
    from actionkit.core.signatures.store import SignatureStore

PASSPHRASE: ContextVar[str | None] = ContextVar("passphrase", default=None)


def read_secret(file: str, what: str) -> str:
    """A password, passphrase or private key kept in a file (never typed on the
    command line, where other users and the shell history could see it); `-` reads it
    from standard input (`pass show campaign | actionkit --passphrase-file - ...`)."""
    from actionkit.cli.streams import STDIO, read_stdin

    try:
        if file == STDIO and sys.stdin.isatty():  # typed: not shown on the screen
            import getpass

            secret = getpass.getpass(f"The {what}: ")
        elif file == STDIO:
            secret = read_stdin(64 * 1024, f"the {what}").decode("utf-8").strip("\r\n")
        else:
            secret = Path(file).read_text(encoding="utf-8").strip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActionKitError(f"Cannot read the {what} file {file} ({exc}).") from exc
    if not secret:
        raise ActionKitError(f"The {what} file {file} is empty.")
    return secret


def open_store(paths: AppPaths) -> SignatureStore:
    from actionkit.core.signatures.store import SignatureStore

    paths.ensure()
    try:
        store = SignatureStore.open(paths, PASSPHRASE.get())
    except ActionKitError as exc:
        recovered = getattr(exc, "recovered", None)
        if recovered is not None:
            print(f"actionkit: note: {recovered.describe()}", file=sys.stderr)
        raise
    if store.recovered is not None:
        print(f"actionkit: note: {store.recovered.describe()}", file=sys.stderr)
    return store
