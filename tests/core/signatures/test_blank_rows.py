"""A paper row with nobody on it (empty, or crossed out), saved with the "blank" mark.

Fails on the code before the mark: "blank" was dropped as an unknown flag, so the
row had no name and no mark and was refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actionkit.core.signatures import double_entry
from actionkit.core.signatures.marks import MARKS
from actionkit.core.signatures.records import ValidationFailed
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.totals import store_totals
from actionkit.core.signatures.validation import FLAG_WORDS, SignerInput

BLANK = SignerInput(flags=frozenset({"blank"}))
SARA = SignerInput("Sara", "Karimi", "sara@example.org", "Köln", "DE", consent=True)
JAN = SignerInput("Jan", "Weber", "jan@example.org", "Köln", "DE", consent=True)


@pytest.fixture
def store(tmp_path: Path) -> SignatureStore:
    opened = SignatureStore(tmp_path / "signatures.sqlite3")
    event = opened.create_event("Vigil", "2026-12-10", city="Köln")
    opened.create_sheets(event.slug, ("de",), 1)
    return opened


def sheet_of(store: SignatureStore) -> str:
    return store.sheets()[0].id


def test_a_blank_row_completes_the_sheet_and_is_no_signature(store: SignatureStore) -> None:
    sheet = sheet_of(store)
    store.add_row(sheet, 1, SARA)
    saved = store.add_row(sheet, 2, BLANK).signature
    store.add_row(sheet, 3, JAN)
    store.set_paper_count(sheet, 3)
    assert saved.flags == frozenset({"blank"})
    counted = store.sheet(sheet)
    assert (counted.entered, counted.marked, counted.missing, counted.state) == (
        3,
        1,
        0,
        "complete",
    )
    totals = store_totals(store, today=dt.date(2026, 12, 11))
    assert (totals.signatures, totals.consented) == (2, 2)
    assert (totals.total.typed, totals.total.paper, totals.total.to_type) == (3, 3, 0)
    store.close()


def test_a_blank_row_keeps_nothing_typed(store: SignatureStore) -> None:
    sheet = sheet_of(store)
    for typed in (
        SignerInput("Crossed", flags=frozenset({"blank"})),
        SignerInput(city="Köln", flags=frozenset({"blank"})),
        SignerInput(consent=True, flags=frozenset({"blank"})),
    ):
        with pytest.raises(ValidationFailed) as refused:
            store.add_row(sheet, 1, typed)
        assert [i.key for i in refused.value.issues] == ["blank_not_empty"]
    assert list(store.signatures()) == []
    # A row typed in by mistake is corrected into an empty one (its words go to history).
    saved = store.add_row(sheet, 1, SARA).signature
    store.correct_row(saved.id, BLANK)
    assert store.signature(saved.id).flags == frozenset({"blank"})
    assert store.signature(saved.id).first_name == ""
    store.close()


def test_the_two_typings_agree_on_a_blank_row_and_differ_when_one_typed_it(
    store: SignatureStore,
) -> None:
    sheet = sheet_of(store)
    double_entry.set_double_entry(store, store.sheet(sheet).event_slug, True)
    store.add_row(sheet, 1, BLANK)
    store.add_row(sheet, 2, BLANK)
    double_entry.add_second_row(store, sheet, 1, BLANK)
    double_entry.add_second_row(store, sheet, 2, SARA)
    differences = double_entry.differences(store, sheet)
    assert [(d.row_number, "flags" in d.fields) for d in differences] == [(2, True)]
    store.close()


def test_every_mark_has_export_words() -> None:
    assert "blank" in MARKS
    assert all(FLAG_WORDS.get(mark) for mark in MARKS)
