"""The signature store's files on disk, and whether a lock or passphrase change was
cut short: names and stat calls only, so start-up can ask without loading SQLCipher."""

from __future__ import annotations

from pathlib import Path

STORE_FILE = "signatures.sqlite3"
SALT_SUFFIX = ".salt"


def sibling(path: Path, suffix: str) -> Path:
    return Path(str(path) + suffix)


def salt_files(path: Path) -> tuple[Path, Path]:
    """The current salt, and the new one of a lock or change not yet committed."""
    return sibling(path, SALT_SUFFIX), sibling(path, SALT_SUFFIX + ".next")


def next_store(path: Path) -> Path:
    return sibling(path, ".next")


def legacy_files(path: Path) -> tuple[Path, Path]:
    """What ActionKit 0.1 left behind when a lock or change was interrupted."""
    return sibling(path, SALT_SUFFIX + ".new"), sibling(path, ".locking")


def interrupted(path: Path) -> bool:
    """Whether a lock or passphrase change was cut short (cheap: a few stat calls)."""
    pending_salt = salt_files(path)[1]
    return any(p.exists() for p in (pending_salt, next_store(path), *legacy_files(path)))
