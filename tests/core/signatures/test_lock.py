"""A locked store: nothing readable without the passphrase, the WAL included."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.core.signatures.lock import change_passphrase, is_locked, lock_store
from actionkit.core.signatures.schema import StoreError, StoreLocked
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

SECRET_BITS = [b"Roxana", b"Unmistakable", b"roxana@example.org", b"Wuppertal", b"42287"]


def _disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def _add(store: SignatureStore, sheet_id: str, row: int) -> None:
    store.add_row(
        sheet_id,
        row,
        SignerInput(
            first_name="Roxana",
            last_name="Unmistakable",
            email="roxana@example.org",
            city="Wuppertal",
            postal_code="42287",
        ),
    )


def test_a_locked_store_keeps_every_signer_field_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "signatures.sqlite3"
    with SignatureStore(path) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Wuppertal")
        sheet = store.create_sheets(event.slug, ("en",), 1)[0]
        _add(store, sheet.id, 1)
    assert all(bit in _disk(path) for bit in SECRET_BITS), "plain before locking"

    with pytest.raises(StoreError, match="at least 10"):
        lock_store(path, "short")
    lock_store(path, "correct horse battery")
    assert is_locked(path)
    with pytest.raises(StoreLocked, match="give its passphrase"):
        SignatureStore(path)
    before = _disk(path)
    with pytest.raises(StoreLocked, match="does not open"):
        SignatureStore(path, "wrong horse battery")
    assert _disk(path) == before, "a wrong passphrase changes nothing"

    # New rows go through the (encrypted) WAL: still nothing readable, while open too.
    with SignatureStore(path, "correct horse battery") as store:
        _add(store, sheet.id, 2)
        assert store.sheet(sheet.id).entered == 2
        raw_while_open = _disk(path)
        assert Path(str(path) + "-wal").exists()
    for raw in (raw_while_open, _disk(path)):
        for bit in SECRET_BITS:
            assert bit not in raw, f"{bit!r} readable in the locked store's files"

    change_passphrase(path, "correct horse battery", "new passphrase here")
    with pytest.raises(StoreLocked):
        SignatureStore(path, "correct horse battery")
    with SignatureStore(path, "new passphrase here") as store:
        assert [s.first_name for s in store.signatures(event.slug)] == ["Roxana", "Roxana"]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    ("passphrase", "key"),
    [
        ("", "lock.too_short"),
        (" " * 16, "lock.blank"),
        ("\t  \u00a0 " * 4, "lock.blank"),
        ("short", "lock.too_short"),
        ("   nine char   ", "lock.too_short"),  # spaces at the ends do not count
    ],
)
def test_a_weak_new_passphrase_is_refused_and_the_store_stays_open(
    tmp_path: Path, passphrase: str, key: str
) -> None:
    path = tmp_path / "signatures.sqlite3"
    SignatureStore(path).close()
    with pytest.raises(StoreError) as refused:
        lock_store(path, passphrase)
    assert refused.value.key == key
    assert "passphrase" in str(refused.value)  # the English message the CLI prints
    assert not is_locked(path)
    SignatureStore(path).close()


def test_store_errors_name_their_key_and_values(tmp_path: Path) -> None:
    store = SignatureStore(tmp_path / "signatures.sqlite3")
    with pytest.raises(StoreError) as bad_date:
        store.create_event("Vigil", "10.12.2026")
    assert bad_date.value.key == "date.unreadable"
    assert bad_date.value.params == {"date": "10.12.2026", "example": "2026-12-10"}
    assert "write it like 2026-12-10" in str(bad_date.value)
    with pytest.raises(StoreError) as unknown:
        store.sheet("ZZZZ-ZZZZ")
    assert unknown.value.key == "sheet.unknown"
    assert unknown.value.params == {"sheet": "ZZZZ-ZZZZ"}
    store.close()
