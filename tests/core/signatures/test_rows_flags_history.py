"""Typing sheets (issue 15): a row saved despite a warning is flagged, a correction
keeps what the row said before, and a sheet tells at a glance whether it is done."""

from __future__ import annotations

import pytest

from actionkit.core.signatures.schema import StoreError, sqlite
from actionkit.core.signatures.store import Sheet, SignatureStore
from actionkit.core.signatures.validation import SignerInput, flags_in_words


def test_a_row_saved_despite_a_warning_carries_its_flag(
    store: SignatureStore, sheet: Sheet
) -> None:
    """Fails on the old code: the warning was shown once and then forgotten."""
    typo = store.add_row(sheet.id, 1, SignerInput(first_name="Sara", email="sara@gmial.com"))
    assert [w.key for w in typo.warnings] == ["did_you_mean"]
    assert typo.signature.flags == {"warn:did_you_mean"}
    no_email = store.add_row(sheet.id, 2, SignerInput(first_name="Reza", consent=True))
    assert no_email.signature.flags == {"warn:consent_no_email"}
    clean = store.add_row(sheet.id, 3, SignerInput(first_name="Lena", email="lena@web.de"))
    assert clean.signature.flags == frozenset()
    marked = store.add_row(sheet.id, 4, SignerInput(flags=frozenset({"illegible"})))
    assert marked.signature.flags == {"illegible"}


def test_flags_are_recomputed_when_a_row_is_corrected(store: SignatureStore, sheet: Sheet) -> None:
    saved = store.add_row(sheet.id, 1, SignerInput(first_name="Sara", email="sara@gmial.com"))
    fixed = store.correct_row(
        saved.signature.id, SignerInput(first_name="Sara", email="sara@gmail.com")
    )
    assert fixed.signature.flags == frozenset() and fixed.warnings == []
    again = store.correct_row(
        saved.signature.id,
        SignerInput(first_name="Sara", email="sara@gmial.com", flags=frozenset({"declined"})),
    )
    assert again.signature.flags == {"warn:did_you_mean", "declined"}
    # A flag handed in by a caller is never taken as stored: only checks set warn: flags.
    forged = store.correct_row(
        saved.signature.id,
        SignerInput(first_name="Sara", email="sara@gmail.com", flags=frozenset({"warn:x"})),
    )
    assert forged.signature.flags == frozenset()


def test_flags_read_as_words() -> None:
    assert flags_in_words("") == ""
    assert flags_in_words("illegible,warn:did_you_mean") == (
        "marked illegible; saved despite a warning: the email's domain looks mistyped"
    )
    assert flags_in_words(frozenset({"warn:new_check"})) == "saved despite a warning: new_check"


def test_a_correction_keeps_what_the_row_said_before(store: SignatureStore, sheet: Sheet) -> None:
    """Fails on the old code: correct_row overwrote the row and kept nothing."""
    first = store.add_row(
        sheet.id, 3, SignerInput(first_name="Sra", email="sara@gmial.com", city="Köln")
    )
    row_id = first.signature.id
    saved_at = first.signature.updated_at
    store.correct_row(
        row_id,
        SignerInput(first_name="Sara", email="sara@gmial.com", city="Köln"),
        corrected_by="Mina",
        why="name misread",
    )
    store.correct_row(
        row_id,
        SignerInput(first_name="Sara", email="sara@gmail.com", city="Köln", consent=True),
        corrected_by="Mina",
    )
    history = store.row_history(row_id)
    assert [(h.first_name, h.email, h.consent) for h in history] == [
        ("Sra", "sara@gmial.com", False),
        ("Sara", "sara@gmial.com", False),
    ]
    assert history[0].flags == {"warn:did_you_mean"}
    assert history[0].was_updated_at == saved_at
    assert (history[0].replaced_by, history[0].why) == ("Mina", "name misread")
    now = store.signature(row_id)
    assert (now.first_name, now.email, now.consent) == ("Sara", "sara@gmail.com", True)

    # Saving the same values again is no correction: nothing new in the history.
    store.correct_row(
        row_id, SignerInput(first_name="Sara", email="sara@gmail.com", city="Köln", consent=True)
    )
    assert len(store.row_history(row_id)) == 2
    # A refused correction leaves both the row and its history as they were.
    with pytest.raises(StoreError):
        store.correct_row(row_id, SignerInput(first_name="Sara", email="sara..x@gmail.com"))
    assert len(store.row_history(row_id)) == 2
    assert store.signature(row_id).email == "sara@gmail.com"
    # Deleting keeps the row as a tombstone, history and all.
    store.delete_row(row_id)
    assert store.signature(row_id).deleted_at and len(store.row_history(row_id)) == 2


def test_the_history_is_written_in_the_same_transaction(
    store: SignatureStore, sheet: Sheet
) -> None:
    """If the update fails, no history line is left behind saying it happened."""
    row_id = store.add_row(sheet.id, 1, SignerInput(first_name="Sara")).signature.id
    store.conn.execute(
        "CREATE TEMP TRIGGER fail BEFORE UPDATE ON signatures"
        " BEGIN SELECT RAISE(ABORT, 'disk pulled'); END"
    )
    with pytest.raises(sqlite.DatabaseError, match="disk pulled"):
        store.correct_row(row_id, SignerInput(first_name="Sarah"))
    assert store.row_history(row_id) == []
    assert store.signature(row_id).first_name == "Sara"


def test_the_history_of_an_unknown_row_is_an_error(store: SignatureStore) -> None:
    with pytest.raises(StoreError, match="No signature"):
        store.row_history(404)


def _type(store: SignatureStore, sheet: Sheet, *rows: int) -> None:
    for row in rows:
        store.add_row(sheet.id, row, SignerInput(first_name=f"P{row}"))


def test_a_sheet_is_complete_only_when_every_paper_row_is_there(
    store: SignatureStore, sheet: Sheet
) -> None:
    """Fails on the old code, which compared counts: rows 1, 2, 3, 4 and 6 on a sheet
    with 5 filled rows on paper said 'complete' while row 5 was never typed."""
    _type(store, sheet, 1, 2, 3, 4, 6)
    assert store.sheet(sheet.id).state == "open"
    counted = store.set_paper_count(sheet.id, 5)
    assert (counted.entered, counted.missing, counted.extra) == (5, 1, 1)
    assert counted.state == "extra"
    six = next(s for s in store.signatures() if s.row_number == 6)
    store.delete_row(six.id)
    assert store.sheet(sheet.id).state == "missing"
    store.add_row(sheet.id, 5, SignerInput(flags=frozenset({"declined"})))
    done = store.sheet(sheet.id)
    assert (done.state, done.entered, done.marked, done.missing, done.extra) == (
        "complete",
        5,
        1,
        0,
        0,
    )
    assert store.set_paper_count(sheet.id, 0).state == "extra"


def test_a_sheet_counts_marked_and_flagged_rows(store: SignatureStore, sheet: Sheet) -> None:
    store.add_row(sheet.id, 1, SignerInput(first_name="Sara", email="sara@gmial.com"))
    store.add_row(sheet.id, 2, SignerInput(flags=frozenset({"illegible"})))
    store.add_row(sheet.id, 3, SignerInput(flags=frozenset({"declined"})))
    store.add_row(sheet.id, 4, SignerInput(first_name="Reza", consent=True))
    store.add_row(sheet.id, 5, SignerInput(first_name="Lena"))
    gone = store.add_row(sheet.id, 6, SignerInput(first_name="X", email="x@gmial.com"))
    store.delete_row(gone.signature.id)
    counted = store.sheet(sheet.id)
    assert (counted.entered, counted.marked, counted.flagged) == (5, 2, 2)
    assert [s.flagged for s in store.sheets(sheet.event_slug)] == [2]


def test_an_empty_sheet_with_nothing_on_paper_is_complete(
    store: SignatureStore, sheet: Sheet
) -> None:
    assert store.set_paper_count(sheet.id, 0).state == "complete"
    other = store.create_sheets(sheet.event_slug, ("de",), 1)[0]
    _type(store, other, 1, 2)
    assert store.set_paper_count(other.id, 3).state == "missing"
    assert [s.state for s in store.sheets()] == ["complete", "missing"]
