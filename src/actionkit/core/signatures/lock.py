"""Locking the signature store with a passphrase (SQLCipher, the WAL included).

The key is derived from the passphrase with scrypt (memory-hard: 32 MiB per
try, so guessing is slow on any hardware) and a random salt kept beside the
store in `<store>.salt`; the salt is not secret, and its presence is how
ActionKit knows the store is locked.

Locking and changing the passphrase never rewrite the store in place. Under
the profile lock (no other process has the store open), with `S` the store:

1. the new salt is written to `S.salt.next` (synced);
2. the whole store is copied, encrypted with the new key, to `S.next` (synced);
3. the commit point: `S.salt.next` is renamed over `S.salt`;
4. `S.next` is renamed over `S`.

Before step 3, `S` and `S.salt` are untouched: the old passphrase (or none)
opens the store, and opening it removes the leftovers ("undone"). After step 3
the new copy is complete: opening finishes step 4 ("finished") and the new
passphrase opens it. docs/security.md describes the same steps.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from actionkit.core.profile_lock import hold_profile
from actionkit.core.signatures.schema import (
    CAN_ENCRYPT,
    StoreError,
    StoreLocked,
    connect,
    sqlite,
)
from actionkit.core.signatures.store_files import interrupted
from actionkit.core.signatures.store_files import legacy_files as _legacy_files
from actionkit.core.signatures.store_files import next_store as _next_store
from actionkit.core.signatures.store_files import salt_files as _salt_files
from actionkit.core.signatures.store_files import sibling as _sibling

SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
MIN_PASSPHRASE = 10
SQLITE_HEADER = b"SQLite format 3\0"  # a plain (never encrypted) store starts with it


def is_locked(path: Path) -> bool:
    """Whether the store is encrypted (after any interrupted change was recovered)."""
    return _salt_files(path)[0].exists() or (
        _legacy_files(path)[0].exists() and not _is_plain(path)
    )


def derive_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, **SCRYPT)


def _read_salt_file(file: Path) -> bytes:
    return bytes.fromhex(file.read_text(encoding="ascii").strip())


def key_for(path: Path, passphrase: str | None) -> bytes | None:
    """The key to open the store with: None for an unlocked store."""
    if not is_locked(path):
        return None
    if not passphrase:
        raise StoreLocked(
            "The signature store is locked: give its passphrase.", key="lock.needs_passphrase"
        )
    current, _ = _salt_files(path)
    legacy, _ = _legacy_files(path)
    if legacy.exists():
        return _legacy_key(path, passphrase)
    return derive_key(passphrase, _read_salt_file(current))


@dataclass(frozen=True)
class Recovery:
    """What opening the store did about a lock or passphrase change that was cut short."""

    outcome: Literal["finished", "undone"]
    locked: bool  # whether the store is encrypted now

    def describe(self) -> str:
        if self.outcome == "finished":
            return (
                "A lock or passphrase change was interrupted after the new copy was complete; "
                "it has been finished: the new passphrase opens the store."
            )
        if self.locked:
            return (
                "A passphrase change was interrupted; it has been undone: the old passphrase "
                "still opens the store. Change it again if you still want to."
            )
        return (
            "Locking the store was interrupted; it has been undone: the store is not "
            "encrypted. Lock it again."
        )

    @property
    def key(self) -> str:
        if self.outcome == "finished":
            return "lock.recovered_finished"
        return "lock.recovered_undone_change" if self.locked else "lock.recovered_undone_lock"


def _is_plain(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(16) == SQLITE_HEADER
    except OSError:
        return False


def recover_interrupted(path: Path) -> Recovery | None:
    """Finish or undo a lock or passphrase change that was cut short; None if none was.

    Needs the profile: refuses (ProfileInUse) while another process is in the
    middle of one."""
    if not interrupted(path):
        return None
    with hold_profile(path.parent, "ActionKit (recovering the store)"):
        return _recover(path)


def _recover(path: Path) -> Recovery | None:
    current, pending = _salt_files(path)
    new_copy = _next_store(path)
    if pending.exists():  # not committed: the old store and salt are intact
        for leftover in (new_copy, _sibling(new_copy, "-journal"), pending):
            leftover.unlink(missing_ok=True)
        _sync_folder(path.parent)
        return Recovery("undone", locked=current.exists())
    if new_copy.exists():  # committed: the new copy is complete
        _swap_in(path)
        return Recovery("finished", locked=True)
    return _recover_legacy(path)


def _recover_legacy(path: Path) -> Recovery | None:
    """ActionKit 0.1's own steps: `.salt.new`, then a `.locking` copy swapped in
    (locking) or the store re-keyed in place (changing)."""
    current, _ = _salt_files(path)
    legacy_salt, legacy_copy = _legacy_files(path)
    if legacy_copy.exists():  # the copy had not replaced the plain store yet
        legacy_copy.unlink()
        legacy_salt.unlink(missing_ok=True)
        _sync_folder(path.parent)
        return Recovery("undone", locked=current.exists())
    if not legacy_salt.exists():
        return None
    if _is_plain(path):  # the salt was written, nothing else
        legacy_salt.unlink()
        _sync_folder(path.parent)
        return Recovery("undone", locked=False)
    if not current.exists():  # the encrypted copy was swapped in: only the salt's name
        legacy_salt.replace(current)
        _sync_folder(path.parent)
        return Recovery("finished", locked=True)
    return None  # a re-key cut short: which salt is right needs the passphrase (key_for)


def _legacy_key(path: Path, passphrase: str) -> bytes:
    """An 0.1 passphrase change cut short left both salts: the one whose key opens
    the store is kept."""
    current, _ = _salt_files(path)
    legacy_salt, _ = _legacy_files(path)
    for salt_file in (legacy_salt, current):
        key = derive_key(passphrase, _read_salt_file(salt_file))
        if _opens(path, key):
            with hold_profile(path.parent, "ActionKit (recovering the store)"):
                if salt_file == legacy_salt:
                    legacy_salt.replace(current)
                else:
                    legacy_salt.unlink()
                _sync_folder(path.parent)
            return key
    return derive_key(passphrase, _read_salt_file(current))  # wrong: refused on opening


def _opens(path: Path, key: bytes) -> bool:
    try:
        connect(path, key).close()
    except StoreError:
        return False
    return True


def _sync_folder(folder: Path) -> None:
    """Make renames and deletions in `folder` durable (POSIX; Windows has no such call)."""
    if os.name != "posix":  # pragma: no cover - Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_file(file: Path) -> None:
    fd = os.open(file, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too weak to protect signer data: empty, only spaces, too
    short, or among the first anyone would try (`passphrase.is_obvious`).

    Spaces do not count towards the length: "a b c d e f" is six characters."""
    from actionkit.core.signatures.passphrase import is_obvious, length_without_spaces

    if passphrase and not passphrase.strip():
        raise StoreError("A passphrase cannot be only spaces.", key="lock.blank")
    if length_without_spaces(passphrase) < MIN_PASSPHRASE:
        raise StoreError(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters, not counting spaces.",
            key="lock.too_short",
            minimum=MIN_PASSPHRASE,
        )
    if is_obvious(passphrase):
        raise StoreError(
            "This passphrase is among the first anyone would try (a common password, "
            "a keyboard run or a repeated character). Choose a few unrelated words.",
            key="lock.obvious",
        )


def _check(passphrase: str) -> None:
    if not CAN_ENCRYPT:
        raise StoreError(
            "This ActionKit cannot encrypt the store (SQLCipher is missing).",
            key="lock.no_sqlcipher",
        )
    check_new_passphrase(passphrase)


# The protocol's steps, in order (tests interrupt each one) -------------------


def _write_new_salt(path: Path) -> bytes:
    """Step 1: the new salt, beside the current one."""
    salt = secrets.token_bytes(16)
    _, pending = _salt_files(path)
    fd = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(salt.hex() + "\n")
        out.flush()
        os.fsync(out.fileno())
    _sync_folder(path.parent)
    return salt


def _write_encrypted_copy(conn: sqlite3.Connection, path: Path, key: bytes) -> None:
    """Step 2: the whole store, encrypted with the new key, in `S.next`."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    new_copy = _next_store(path)
    new_copy.unlink(missing_ok=True)
    os.close(os.open(new_copy, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    conn.execute(f"ATTACH DATABASE ? AS next KEY \"x'{key.hex()}'\"", (str(new_copy),))
    try:
        conn.execute("SELECT sqlcipher_export('next')")
        conn.execute(f"PRAGMA next.user_version = {version}")
    except BaseException:
        with suppress(sqlite.Error):  # the first error is the one to report
            conn.execute("DETACH DATABASE next")
        raise
    conn.execute("DETACH DATABASE next")
    _sync_file(new_copy)
    _sync_folder(path.parent)


def _commit_salt(path: Path) -> None:
    """Step 3, the commit point: the new salt becomes the store's salt."""
    current, pending = _salt_files(path)
    pending.replace(current)
    _sync_folder(path.parent)


def _swap_in(path: Path) -> None:
    """Step 4: the encrypted copy replaces the store (its emptied WAL goes first, so
    that it can never be applied to the new file)."""
    for suffix in ("-wal", "-shm"):
        _sibling(path, suffix).unlink(missing_ok=True)
    _next_store(path).replace(path)
    _sync_folder(path.parent)


def _rewrite(path: Path, conn: sqlite3.Connection, passphrase: str) -> None:
    """Steps 1 to 4 on an open store; a failure before the commit undoes the change,
    after it finishes it (or leaves it for the next opening to finish)."""
    pending = _salt_files(path)[1]
    salt_written = False
    try:
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            salt = _write_new_salt(path)
            salt_written = True
            _write_encrypted_copy(conn, path, derive_key(passphrase, salt))
        finally:
            conn.close()
        _commit_salt(path)
        _swap_in(path)
    except (OSError, sqlite.Error, StoreError) as exc:  # sqlite: the SQLCipher driver's
        raise _failed(path, exc, committed=salt_written and not pending.exists()) from exc
    except BaseException:
        _recover_quietly(path)
        raise


def _recover_quietly(path: Path) -> Recovery | None:
    try:
        return _recover(path)
    except OSError:
        return None  # the next opening tries again


def _failed(path: Path, exc: BaseException, *, committed: bool) -> StoreError:
    reason = getattr(exc, "strerror", None) or str(exc)
    _recover_quietly(path)
    if committed:
        return StoreError(
            f"The store is locked with the new passphrase, but a problem came up at the "
            f"end ({reason}). It opens with the new passphrase (what is left is finished "
            "when it is next opened).",
            key="lock.failed_after_commit",
            reason=reason,
        )
    return StoreError(
        f"Could not lock the store ({reason}). Nothing was changed: it opens as before.",
        key="lock.failed",
        reason=reason,
    )


def lock_store(path: Path, passphrase: str) -> None:
    """Encrypt an unlocked store (a new encrypted copy swapped in; see the module)."""
    _check(passphrase)
    with hold_profile(path.parent, "actionkit lock"):
        recover_interrupted(path)
        if is_locked(path):
            raise StoreError(
                "The store is already locked; change its passphrase instead.", key="lock.already"
            )
        conn = connect(path)  # plain; brings the schema up to date first
        _rewrite(path, conn, passphrase)
    connect(path, key_for(path, passphrase)).close()  # proves it opens, and sets WAL again


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-encrypt a locked store with a new passphrase (a new copy swapped in)."""
    _check(new)
    with hold_profile(path.parent, "actionkit lock"):
        recover_interrupted(path)
        conn = connect(path, key_for(path, old))
        _rewrite(path, conn, new)
    connect(path, key_for(path, new)).close()
