"""What one command line carries to every command: the store's passphrase, if any.

`main()` reads `--passphrase-file` once and sets it here for the duration of
the command (a context variable, reset afterwards), so each command opens the
signature store the same way.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

from actionkit.core.paths import AppPaths

if TYPE_CHECKING:
    from actionkit.core.signatures.store import SignatureStore

PASSPHRASE: ContextVar[str | None] = ContextVar("passphrase", default=None)


def open_store(paths: AppPaths) -> SignatureStore:
    from actionkit.core.signatures.store import SignatureStore

    paths.ensure()
    return SignatureStore.open(paths, PASSPHRASE.get())
