"""Issue 15's tables hold signer data too: what corrected rows said before
(row_history) and a second, blind typing (second_pass). Purge removes them from
the file's bytes; lock and a passphrase change carry them over."""

from __future__ import annotations

from pathlib import Path

from actionkit.core.signatures.export import export_xlsx, load_presets
from actionkit.core.signatures.lock import change_passphrase, lock_store
from actionkit.core.signatures.purge import purge_event
from actionkit.core.signatures.records import now
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

# Values that only ever sit in the history or the second pass of the purged event.
GONE = ["Wrongnamezarvan", "oldaddress@mistyped.org", "Secondpassfarzaneh", "Blindtypedcity"]
# The other event's history and second pass: they stay.
KEPT = ["Keptoldname", "Keptsecondpass"]
PASSPHRASE = "correct horse battery"


def _disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def _second_pass(store: SignatureStore, sheet_id: str, row: int, first: str, city: str) -> None:
    # Written as the double-entry feature writes it (its API is built in parallel).
    store.conn.execute(
        "INSERT INTO second_pass (sheet_id, row_number, first_name, city, entered_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (sheet_id, row, first, city, now()),
    )


def _fill(store: SignatureStore) -> tuple[str, int]:
    """Two events, each with a corrected row and a second pass: (the slug of the one
    to purge, the other event's corrected row id)."""
    purged = store.create_event("Vigil", "2026-12-10", city="Köln")
    kept = store.create_event("Rally", "2026-12-11", city="Bonn")
    sheet = store.create_sheets(purged.slug, ("en",), 1)[0]
    other = store.create_sheets(kept.slug, ("en",), 1)[0]
    wrong = store.add_row(
        sheet.id, 1, SignerInput(first_name="Wrongnamezarvan", email="oldaddress@mistyped.org")
    )
    store.correct_row(
        wrong.signature.id, SignerInput(first_name="Zarvan", email="z@example.org"), why="typo"
    )
    _second_pass(store, sheet.id, 1, "Secondpassfarzaneh", "Blindtypedcity")
    kept_row = store.add_row(other.id, 1, SignerInput(first_name="Keptoldname"))
    store.correct_row(kept_row.signature.id, SignerInput(first_name="Kept"))
    _second_pass(store, other.id, 1, "Keptsecondpass", "Bonn")
    return purged.slug, kept_row.signature.id


def _every_value(store: SignatureStore) -> str:
    """Every value in every table, as text: what the file holds, read through the key."""
    tables = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return "\n".join(
        str(value)
        for table in tables
        for row in store.conn.execute(f"SELECT * FROM {table}")
        for value in tuple(row)
    )


def test_purge_removes_history_and_second_pass_from_the_files_bytes(tmp_path: Path) -> None:
    """Fails on the old code: purge blanked the rows but left what they said before
    and the second typing, names and all, in the file."""
    path = tmp_path / "signatures.sqlite3"
    with SignatureStore(path) as store:
        slug, kept_id = _fill(store)
        assert all(value.encode() in _disk(path) for value in GONE)
        export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"])
        purge_event(store, slug)
        assert store.conn.execute("SELECT COUNT(*) FROM second_pass").fetchone()[0] == 1
        assert [h.first_name for h in store.row_history(kept_id)] == ["Keptoldname"]
        purged_row = next(store.signatures(slug))
        assert store.row_history(purged_row.id) == []
    raw = _disk(path)
    for value in GONE:
        assert value.encode() not in raw, f"{value} is still in the file"
    for value in KEPT:
        assert value.encode() in raw, f"{value} (another event) was lost"


def test_purge_of_a_locked_store_leaves_no_history_value(tmp_path: Path) -> None:
    path = tmp_path / "signatures.sqlite3"
    with SignatureStore(path) as store:
        slug, _ = _fill(store)
    lock_store(path, PASSPHRASE)
    with SignatureStore(path, PASSPHRASE) as store:
        export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"])
        purge_event(store, slug)
        # Read through the key: nothing of it is left in any table (and VACUUM has
        # rewritten the file from what the tables hold).
        values = _every_value(store)
        assert not [value for value in GONE if value in values]
        assert all(value in values for value in KEPT)
        assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    raw = _disk(path)
    assert not [v for v in GONE + KEPT if v.encode() in raw], "and all of it encrypted"


def test_lock_and_a_passphrase_change_carry_history_and_second_pass(tmp_path: Path) -> None:
    path = tmp_path / "signatures.sqlite3"
    with SignatureStore(path) as store:
        _, kept_id = _fill(store)
        before = _every_value(store)
    lock_store(path, PASSPHRASE)
    assert not [v for v in GONE + KEPT if v.encode() in _disk(path)], "encrypted"
    with SignatureStore(path, PASSPHRASE) as store:
        assert _every_value(store) == before
        assert [h.first_name for h in store.row_history(kept_id)] == ["Keptoldname"]
    change_passphrase(path, PASSPHRASE, "another good passphrase")
    with SignatureStore(path, "another good passphrase") as store:
        assert _every_value(store) == before
        assert store.conn.execute("SELECT COUNT(*) FROM second_pass").fetchone()[0] == 2
