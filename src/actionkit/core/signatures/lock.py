"""Locking the signature store with a passphrase (SQLCipher, the WAL included).

The key is derived from the passphrase with scrypt (memory-hard: 32 MiB per
try, so guessing is slow on any hardware) and a random salt kept beside the
store in `<store>.salt`; the salt is not secret, and its presence is how
ActionKit knows the store is locked. Locking and changing the passphrase
never leave a moment where the store cannot be opened: the new salt is
written first (`.salt.new`), then the database is swapped or re-keyed, then
the salt takes its place.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from actionkit.core.signatures.schema import CAN_ENCRYPT, StoreError, StoreLocked, connect

SALT_SUFFIX = ".salt"
SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
MIN_PASSPHRASE = 10


def _salt_files(path: Path) -> tuple[Path, Path]:
    return Path(str(path) + SALT_SUFFIX), Path(str(path) + SALT_SUFFIX + ".new")


def is_locked(path: Path) -> bool:
    return any(p.exists() for p in _salt_files(path))


def derive_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, **SCRYPT)


def _read_salt(path: Path) -> bytes:
    current, pending = _salt_files(path)
    for file in (current, pending):  # `.new` only survives a crash mid-swap
        if file.exists():
            return bytes.fromhex(file.read_text(encoding="ascii").strip())
    raise StoreError("The store is not locked.", key="store.not_locked")


def key_for(path: Path, passphrase: str | None) -> bytes | None:
    """The key to open the store with: None for an unlocked store."""
    if not is_locked(path):
        return None
    if not passphrase:
        raise StoreLocked(
            "The signature store is locked: give its passphrase.", key="lock.needs_passphrase"
        )
    return derive_key(passphrase, _read_salt(path))


def _write_new_salt(path: Path) -> tuple[bytes, Path]:
    salt = secrets.token_bytes(16)
    _, pending = _salt_files(path)
    fd = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(salt.hex() + "\n")
        out.flush()
        os.fsync(out.fileno())
    return salt, pending


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


def lock_store(path: Path, passphrase: str) -> None:
    """Encrypt an unlocked store in place (a new encrypted copy swapped in)."""
    _check(passphrase)
    if is_locked(path):
        raise StoreError(
            "The store is already locked; change its passphrase instead.", key="lock.already"
        )
    conn = connect(path)  # plain; brings the schema up to date first
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    salt, pending = _write_new_salt(path)
    key = derive_key(passphrase, salt)
    encrypted = Path(str(path) + ".locking")
    encrypted.unlink(missing_ok=True)
    conn.execute(f"ATTACH DATABASE ? AS locked KEY \"x'{key.hex()}'\"", (str(encrypted),))
    conn.execute("SELECT sqlcipher_export('locked')")
    conn.execute(f"PRAGMA locked.user_version = {version}")
    conn.execute("DETACH DATABASE locked")
    conn.close()
    encrypted.chmod(0o600)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    encrypted.replace(path)
    pending.replace(_salt_files(path)[0])
    connect(path, key).close()  # proves the new file opens, and sets WAL again


def change_passphrase(path: Path, old: str, new: str) -> None:
    _check(new)
    conn = connect(path, key_for(path, old))
    salt, pending = _write_new_salt(path)
    conn.execute(f"PRAGMA rekey = \"x'{derive_key(new, salt).hex()}'\"")
    conn.close()
    pending.replace(_salt_files(path)[0])
