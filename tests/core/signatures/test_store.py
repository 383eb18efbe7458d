"""The signature store: rows, validation, duplicates, tombstones, reconciliation, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from actionkit.core.signatures import schema
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import Event, Sheet, SignatureStore, ValidationFailed
from actionkit.core.signatures.validation import SignerInput


def signer(**values: object) -> SignerInput:
    return SignerInput(**values)  # type: ignore[arg-type]


def test_store_settings_protect_the_data(store: SignatureStore) -> None:
    pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert store.path.stat().st_mode & 0o077 == 0, "only this user may read signer data"


def test_rows_are_stored_as_typed_after_trimming(store: SignatureStore, sheet: Sheet) -> None:
    result = store.add_row(
        sheet.id,
        1,
        signer(
            first_name="  علی  ",
            last_name="كريمي",
            email=" a@b.org ",
            city="Köln",
            country="آلمان",
            consent=True,
        ),
    )
    s = result.signature
    assert (s.first_name, s.last_name, s.email, s.country) == ("علی", "كريمي", "a@b.org", "DE")
    assert s.consent and s.event_slug.startswith("2026-12-10")


def test_sheet_ids_are_forgiving_to_type(store: SignatureStore, sheet: Sheet) -> None:
    typed = sheet.id.lower().replace("-", " ")
    assert store.sheet(typed).id == sheet.id
    with pytest.raises(StoreError, match="Check the id printed"):
        store.sheet("ZZZZ-ZZZZ")


def test_validation_errors_save_nothing(store: SignatureStore, sheet: Sheet) -> None:
    with pytest.raises(ValidationFailed) as failed:
        store.add_row(sheet.id, 1, signer(email="not-an-email", country="Narnia"))
    messages = " ".join(i.message for i in failed.value.issues)
    assert "A name is needed" in messages and "needs an @" in messages
    assert "Unknown country 'Narnia'" in messages
    assert list(store.signatures()) == []


def test_warnings_are_saved_with_the_row(store: SignatureStore, sheet: Sheet) -> None:
    result = store.add_row(
        sheet.id, 1, signer(first_name="Sara", email="sara@gmial.com", consent=True)
    )
    (warning,) = result.warnings
    assert warning.suggestion == "sara@gmail.com"
    assert store.signature(result.signature.id).email == "sara@gmial.com", "stored as typed"


def test_row_numbers_are_checked(store: SignatureStore, sheet: Sheet) -> None:
    store.add_row(sheet.id, 1, signer(first_name="A"))
    with pytest.raises(StoreError, match="already entered"):
        store.add_row(sheet.id, 1, signer(first_name="B"))
    with pytest.raises(StoreError, match="rows 1 to 15"):
        store.add_row(sheet.id, 16, signer(first_name="C"))


def test_duplicates_are_flagged_across_events_never_dropped(
    store: SignatureStore, sheet: Sheet
) -> None:
    other_event = store.create_event("Second rally", "2026-12-17", city="Bonn")
    other_sheet = store.create_sheets(other_event.slug, ("de",), 1)[0]
    first = store.add_row(
        sheet.id,
        1,
        signer(first_name="Sara", last_name="Karimi", city="Köln", email="Sara@Example.org"),
    )
    same_email = store.add_row(other_sheet.id, 1, signer(first_name="S.", email="sara@example.org"))
    same_name = store.add_row(
        sheet.id, 2, signer(first_name="sara", last_name="KARIMI", city="koln")
    )
    assert [(d.other.id, d.reason) for d in same_email.duplicates] == [
        (first.signature.id, "same email")
    ]
    assert [(d.other.id, d.reason) for d in same_name.duplicates] == [
        (first.signature.id, "same name and city")
    ]
    assert len(list(store.signatures())) == 3, "all three rows are kept"
    store.decide_duplicate(same_name.signature.id, first.signature.id, "different_people")
    assert store.duplicates_of(same_name.signature) == []
    store.decide_duplicate(same_email.signature.id, first.signature.id, "same_person")
    assert store.same_person_ids() == {same_email.signature.id}


def test_persian_letter_variants_match_as_duplicates(store: SignatureStore, sheet: Sheet) -> None:
    store.add_row(sheet.id, 1, signer(first_name="علی", last_name="کریمی", city="تهران"))
    result = store.add_row(sheet.id, 2, signer(first_name="علي", last_name="كريمي", city="تهران"))
    assert [d.reason for d in result.duplicates] == ["same name and city"]


def test_delete_keeps_a_tombstone_and_frees_the_row(store: SignatureStore, sheet: Sheet) -> None:
    saved = store.add_row(sheet.id, 3, signer(first_name="Typo"))
    store.delete_row(saved.signature.id)
    assert store.signature(saved.signature.id).deleted_at
    assert [s.id for s in store.signatures(include_deleted=True)] == [saved.signature.id]
    assert list(store.signatures()) == []
    store.add_row(sheet.id, 3, signer(first_name="Right"))


def test_correction_revalidates(store: SignatureStore, sheet: Sheet) -> None:
    saved = store.add_row(sheet.id, 1, signer(first_name="Nsrin"))
    fixed = store.correct_row(saved.signature.id, signer(first_name="Nasrin", city="Cali"))
    assert fixed.signature.first_name == "Nasrin" and fixed.signature.updated_at
    with pytest.raises(ValidationFailed):
        store.correct_row(saved.signature.id, signer(first_name=""))


def test_reconciliation_against_the_paper(store: SignatureStore, sheet: Sheet) -> None:
    assert store.sheet(sheet.id).state == "open"
    store.add_row(sheet.id, 1, signer(first_name="A"))
    assert store.set_paper_count(sheet.id, 2).state == "missing"
    store.add_row(sheet.id, 2, signer(first_name="B"))
    assert store.sheet(sheet.id).state == "complete"
    store.add_row(sheet.id, 3, signer(first_name="C"))
    assert store.sheet(sheet.id).state == "extra"
    with pytest.raises(StoreError, match="cannot be right"):
        store.set_paper_count(sheet.id, 40)


def test_events_need_a_real_date_and_unique_slugs(store: SignatureStore, event: Event) -> None:
    with pytest.raises(StoreError, match="not a date"):
        store.create_event("X", "10.12.2026")
    again = store.create_event("Rally for Narges", "2026-12-10", city="Köln")
    assert again.slug == event.slug + "-2"
    with pytest.raises(StoreError, match="No event 'nope'"):
        store.event("nope")


def test_every_earlier_version_migrates_forward_keeping_data(tmp_path: Path) -> None:
    for version in range(schema.VERSION):
        path = tmp_path / f"v{version}.sqlite3"
        conn = sqlite3.connect(path)
        for script in schema.MIGRATIONS[:version]:
            conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
        if version >= 1:
            conn.execute(
                "INSERT INTO events (slug, name, date, languages, created_at) VALUES"
                " ('e', 'Old', '2025-01-01', 'en', 'now')"
            )
            conn.execute(
                "INSERT INTO sheets (id, event_id, languages, printed_rows, created_at)"
                " VALUES ('AAAA-BBBB', 1, 'en', 15, 'now')"
            )
            conn.execute(
                "INSERT INTO signatures (sheet_id, row_number, first_name, entered_at, updated_at)"
                " VALUES ('AAAA-BBBB', 1, 'Kept', 'now', 'now')"
            )
        conn.commit()
        conn.close()
        with SignatureStore(path) as store:
            assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
            if version >= 1:
                assert [s.first_name for s in store.signatures()] == ["Kept"]
            store.create_event("New", "2026-01-01")  # the new tables work


def test_a_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer ActionKit"):
        SignatureStore(path)
    assert path.read_bytes() == before


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"not a signature store|damaged"):
        SignatureStore(path)
