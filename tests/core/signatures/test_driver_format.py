"""A store locked by ActionKit 0.1 (SQLCipher 4.12 from `sqlcipher3-binary` 0.6.0, Linux
only) opens with the driver installed now (`sqlcipher3`, wheels for Windows, macOS and
Linux): the on-disk format is the same, so no migration is needed. The fixture was
made by the 0.1 code itself: three rows, then `lock_store(path, PASSPHRASE)`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actionkit.core.signatures.lock import change_passphrase
from actionkit.core.signatures.schema import CAN_ENCRYPT, StoreLocked, sqlite
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

FIXTURE = Path(__file__).parent / "stores" / "locked-by-sqlcipher3-binary-0.6.0"
PASSPHRASE = "correct horse battery staple"
NAMES = ["Jürgen Weiß", "Roxana Rahimi", "نرگس محمدی"]


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    for file in FIXTURE.iterdir():
        shutil.copy(file, tmp_path / file.name)
    return tmp_path / "signatures.sqlite3"


def test_the_driver_is_sqlcipher_4() -> None:
    assert CAN_ENCRYPT
    version = sqlite.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0]
    assert version.startswith("4."), version


def test_a_store_locked_by_the_old_driver_opens_and_stays_usable(old_store: Path) -> None:
    with pytest.raises(StoreLocked):
        SignatureStore(old_store, "not the passphrase at all")
    with SignatureStore(old_store, PASSPHRASE) as store:
        assert store.recovered is None
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = list(store.signatures("2026-12-10-wuppertal"))
        assert sorted(f"{r.first_name} {r.last_name}" for r in rows) == sorted(NAMES)
        store.add_row(rows[0].sheet_id, 4, SignerInput(first_name="Added", last_name="Later"))
    change_passphrase(old_store, PASSPHRASE, "a brand new passphrase")
    with SignatureStore(old_store, "a brand new passphrase") as store:
        assert len(list(store.signatures("2026-12-10-wuppertal"))) == 4
