"""The double-entry check: a second, blind typing of a sheet, compared with the first."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actionkit.core.signatures import double_entry
from actionkit.core.signatures.records import ValidationFailed
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import Event, Sheet, SignatureStore
from actionkit.core.signatures.validation import SignerInput

# A sheet of 10 signers as the paper says (mixed scripts, some without consent).
PAPER = [
    SignerInput("Sara", "Karimi", "sara@example.org", "Köln", "DE", "50667", True),
    SignerInput("Jan", "Weber", "jan@example.org", "Köln", "DE", "50667", True),
    SignerInput("نرگس", "محمدی", "", "Bonn", "DE", "53111", False),
    SignerInput("Lucía", "Fernández", "lucia@example.es", "Köln", "DE", "", True),
    SignerInput("Mehdi", "Rostami", "mehdi@example.org", "Köln", "DE", "50667", True),
    SignerInput("Anna", "Schmidt", "anna@example.de", "Köln", "DE", "50668", True),
    SignerInput("Reza", "Ahmadi", "reza@example.org", "Bonn", "DE", "", True),
    SignerInput("Marie", "Dubois", "", "Köln", "DE", "", False),
    SignerInput("Carlos", "Gómez", "carlos@example.es", "Köln", "DE", "50667", True),
    SignerInput("زهرا", "رضایی", "zahra@example.org", "Köln", "DE", "50670", True),
]


def second_typing(paper: list[SignerInput]) -> list[SignerInput]:
    """The second volunteer's typing: a name spelt otherwise on row 4, consent missed on
    row 7, and harmless differences the normalization removes (spaces, country name)."""
    typed = list(paper)
    typed[3] = replace(typed[3], last_name="Fernandez")
    typed[6] = replace(typed[6], consent=False)
    typed[0] = replace(typed[0], first_name="  Sara ", country="Germany")
    typed[4] = replace(typed[4], city="Köln  ", country="Deutschland")
    return typed


@pytest.fixture
def double(store: SignatureStore, event: Event) -> Event:
    double_entry.set_double_entry(store, event.slug, True)
    return store.event(event.slug)


def type_first(store: SignatureStore, sheet: Sheet, rows: list[SignerInput]) -> None:
    for number, signer in enumerate(rows, 1):
        store.add_row(sheet.id, number, signer, entered_by="first")


def type_second(store: SignatureStore, sheet: Sheet, rows: list[SignerInput]) -> None:
    for number, signer in enumerate(rows, 1):
        double_entry.add_second_row(store, sheet.id, number, signer, entered_by="second")


def history(store: SignatureStore, signature_id: int) -> list[dict[str, object]]:
    rows = store.conn.execute(
        "SELECT * FROM row_history WHERE signature_id = ? ORDER BY id", (signature_id,)
    )
    return [dict(row) for row in rows]


def test_the_switch_is_per_event(store: SignatureStore, event: Event) -> None:
    other = store.create_event("Vigil", "2026-12-11", city="Bonn")
    assert store.event(event.slug).double_entry is False
    double_entry.set_double_entry(store, event.slug, True)
    assert store.event(event.slug).double_entry is True
    assert store.event(other.slug).double_entry is False
    double_entry.set_double_entry(store, event.slug, False)
    assert store.event(event.slug).double_entry is False


def test_a_second_typing_needs_the_switch(store: SignatureStore, sheet: Sheet) -> None:
    with pytest.raises(StoreError) as refused:
        double_entry.add_second_row(store, sheet.id, 1, PAPER[0])
    assert refused.value.key == "double.off"


def test_two_typings_with_two_differences_show_exactly_those_two(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    type_first(store, sheet, PAPER)
    type_second(store, sheet, second_typing(PAPER))

    found = double_entry.differences(store, sheet.id)

    assert [(d.row_number, d.fields) for d in found] == [(4, ("last_name",)), (7, ("consent",))]
    assert found[0].first is not None and found[0].first.last_name == "Fernández"
    assert found[0].second is not None and found[0].second.last_name == "Fernandez"
    assert found[1].first is not None and found[1].first.consent is True
    assert found[1].second is not None and found[1].second.consent is False
    state = double_entry.status(store, sheet.id)
    assert (state.typed_first, state.typed_second, state.typed_twice) == (10, 10, 10)
    assert (state.agreeing, state.undecided, state.decided) == (8, 2, 0)
    assert not state.checked


def test_keeping_the_second_typing_corrects_the_row_and_keeps_the_original(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    type_first(store, sheet, PAPER)
    type_second(store, sheet, second_typing(PAPER))
    row4 = next(s for s in store.signatures(double.slug) if s.row_number == 4)

    double_entry.decide(store, sheet.id, 4, "second")
    double_entry.decide(store, sheet.id, 7, "first")

    after = {s.row_number: s for s in store.signatures(double.slug)}
    assert after[4].id == row4.id and after[4].last_name == "Fernandez"
    assert after[7].consent is True  # the first typing kept
    assert double_entry.differences(store, sheet.id) == []
    state = double_entry.status(store, sheet.id)
    # Both decisions count as decided, row 4 too, though keeping the second typing
    # made the typings agree (it said 9 agree, 1 decided).
    assert state.checked and (state.agreeing, state.decided, state.undecided) == (8, 2, 0)
    with pytest.raises(StoreError) as again:
        double_entry.decide(store, sheet.id, 7, "second")
    assert again.value.key == "double.nothing_to_decide"


def test_the_first_typing_stays_in_the_row_history(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    type_first(store, sheet, PAPER)
    type_second(store, sheet, second_typing(PAPER))
    row4 = next(s for s in store.signatures(double.slug) if s.row_number == 4)

    double_entry.decide(store, sheet.id, 4, "second")

    assert [h["last_name"] for h in history(store, row4.id)] == ["Fernández"]
    assert [h.why for h in store.row_history(row4.id)] == ["double entry: second typing kept"]


def test_a_row_in_one_typing_only_is_a_difference(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    type_first(store, sheet, PAPER[:9])  # the first volunteer missed row 10
    for number, signer in enumerate(PAPER, 1):  # the second missed row 3
        if number != 3:
            double_entry.add_second_row(store, sheet.id, number, signer)

    found = double_entry.differences(store, sheet.id)

    assert [d.row_number for d in found] == [3, 10]
    only_first, only_second = found
    assert only_first.second is None and only_first.first == PAPER[2]
    assert set(only_first.fields) == {"first_name", "last_name", "city", "postal_code", "country"}
    assert only_second.first is None and only_second.second is not None
    assert only_second.second.first_name == "زهرا"

    double_entry.decide(store, sheet.id, 10, "second")  # added from the second typing
    double_entry.decide(store, sheet.id, 3, "first")  # the second typist skipped it
    rows = {s.row_number: s for s in store.signatures(double.slug)}
    assert sorted(rows) == list(range(1, 11))
    assert rows[10].first_name == "زهرا" and rows[3].first_name == "نرگس"
    assert double_entry.status(store, sheet.id).checked


def test_keeping_a_missing_second_row_deletes_the_first_as_a_tombstone(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    type_first(store, sheet, PAPER[:3])
    type_second(store, sheet, PAPER[:2])

    double_entry.decide(store, sheet.id, 3, "second")

    live = [s.row_number for s in store.signatures(double.slug)]
    every = list(store.signatures(double.slug, include_deleted=True))
    assert live == [1, 2]
    assert [s.row_number for s in every if s.deleted_at] == [3]
    assert double_entry.differences(store, sheet.id) == []
    assert double_entry.status(store, sheet.id).checked


def test_the_second_typing_is_checked_like_the_first(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    with pytest.raises(ValidationFailed):
        double_entry.add_second_row(store, sheet.id, 1, SignerInput(email="not an address"))
    with pytest.raises(StoreError) as out_of_range:
        double_entry.add_second_row(store, sheet.id, 16, PAPER[0])
    assert out_of_range.value.key == "row.out_of_range"
    saved = double_entry.add_second_row(store, sheet.id, 1, replace(PAPER[0], country="germany"))
    assert saved.country == "DE"


def test_a_second_row_is_retyped_only_on_purpose_and_never_after_its_decision(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    type_first(store, sheet, PAPER[:1])
    double_entry.add_second_row(store, sheet.id, 1, replace(PAPER[0], first_name="Sarah"))
    with pytest.raises(StoreError) as exists:
        double_entry.add_second_row(store, sheet.id, 1, PAPER[0])
    assert exists.value.key == "double.row_exists"

    double_entry.add_second_row(store, sheet.id, 1, PAPER[0], replace=True)  # corrected
    assert double_entry.differences(store, sheet.id) == []
    assert double_entry.second_rows(store, sheet.id) == {1: PAPER[0]}

    double_entry.add_second_row(store, sheet.id, 1, replace(PAPER[0], email=""), replace=True)
    double_entry.decide(store, sheet.id, 1, "first")
    with pytest.raises(StoreError) as decided:
        double_entry.add_second_row(store, sheet.id, 1, PAPER[0], replace=True)
    assert decided.value.key == "double.decided"


def test_marks_are_compared_and_warning_flags_are_not(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    store.add_row(sheet.id, 1, SignerInput(flags=frozenset({"illegible"})))
    store.add_row(sheet.id, 2, PAPER[1])
    # A flag the store adds by itself (a warning kept with the row) is no typing.
    store.conn.execute("UPDATE signatures SET flags = 'warn:did_you_mean' WHERE row_number = 2")
    double_entry.add_second_row(store, sheet.id, 1, SignerInput(flags=frozenset({"declined"})))
    double_entry.add_second_row(store, sheet.id, 2, PAPER[1])

    assert [(d.row_number, d.fields) for d in double_entry.differences(store, sheet.id)] == [
        (1, ("flags",))
    ]


def test_nothing_to_compare_is_not_checked(
    store: SignatureStore, double: Event, sheet: Sheet
) -> None:
    type_first(store, sheet, PAPER[:2])
    state = double_entry.status(store, sheet.id)
    assert (state.typed_second, state.undecided) == (0, 2)
    assert not state.checked
    with pytest.raises(StoreError):
        double_entry.decide(store, sheet.id, 1, "maybe")
