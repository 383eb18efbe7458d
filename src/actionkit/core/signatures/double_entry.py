"""The double-entry check: a second volunteer types the same sheet blind, and the rows
where the two typings differ are decided one by one.

The second typing lives in the `second_pass` table (store schema 4), checked and
normalized exactly as `SignatureStore.add_row` checks the first, so the two are
compared like with like. Nothing here shows the first typing to the second typist:
only `differences` (asked for when the second typist presses Compare) reads both.
Deciding "second" changes the sheet's row through the store's own `correct_row`
(or `add_row`, or the `delete_row` tombstone), so what the row said before is kept.
A row typed in only one of the two passes is a difference too.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from actionkit.core.signatures.marks import MARKS
from actionkit.core.signatures.records import Signature, now, signer_columns
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SIGNER_FIELDS, SignerInput

# What the two typings are compared on: the signer's fields, then the row's marks
# (marks.MARKS). Warning flags the store adds are not typing.
COMPARED = (*SIGNER_FIELDS, "flags")
KEEP = ("first", "second")


@dataclass(frozen=True)
class Difference:
    """One row where the typings differ: `first`/`second` is None where that pass
    has no such row. `fields` names the differing fields, in COMPARED order."""

    sheet_id: str
    row_number: int
    fields: tuple[str, ...]
    first: SignerInput | None
    second: SignerInput | None


@dataclass(frozen=True)
class DoubleEntryStatus:
    sheet_id: str
    typed_first: int  # live rows of the sheet (the first typing, corrections included)
    typed_second: int  # rows of the second typing
    typed_twice: int  # rows in both
    agreeing: int  # rows in both that say the same
    decided: int  # differences decided one way or the other
    undecided: int  # differences still to decide

    @property
    def checked(self) -> bool:
        """Typed a second time and every difference decided."""
        return self.typed_second > 0 and self.undecided == 0


def set_double_entry(store: SignatureStore, event_slug: str, on: bool) -> None:
    """Switch the second, blind typing of the event's sheets on or off. Switching it off
    keeps second typings already made (they can still be compared and decided)."""
    event = store.event(event_slug)
    with store._write() as conn:
        conn.execute("UPDATE events SET double_entry = ? WHERE id = ?", (int(on), event.id))


def _second_row_values(signer: SignerInput) -> tuple[object, ...]:
    return (
        *(
            int(v) if isinstance(v, bool) else v
            for v in (getattr(signer, f) for f in SIGNER_FIELDS)
        ),
        ",".join(sorted(signer.flags)),
    )


def add_second_row(
    store: SignatureStore,
    sheet_id: str,
    row_number: int,
    signer: SignerInput,
    entered_by: str = "",
    *,
    replace: bool = False,
) -> SignerInput:
    """Check and save one row of the second typing; returns it as saved (normalized).

    With `replace`, a row the second typist already typed is typed again (corrected
    before comparing); a row whose difference was decided is never changed."""
    sheet = store.sheet(sheet_id)
    if not store.event(sheet.event_slug).double_entry:
        raise StoreError(
            f"Double entry is off for the event of sheet {sheet.id}; switch it on first.",
            key="double.off",
            sheet=sheet.id,
        )
    store.paper_row(sheet.id, row_number)
    clean, _ = store.checked(signer)  # exactly what add_row does with the first typing
    columns = (*SIGNER_FIELDS, "flags")
    with store._write() as conn:
        existing = conn.execute(
            "SELECT decided FROM second_pass WHERE sheet_id = ? AND row_number = ?",
            (sheet.id, row_number),
        ).fetchone()
        if existing is not None and existing["decided"]:
            raise StoreError(
                f"Row {row_number} of sheet {sheet.id} was already compared and decided.",
                key="double.decided",
                sheet=sheet.id,
                row=row_number,
            )
        if existing is not None and not replace:
            raise StoreError(
                f"Row {row_number} of sheet {sheet.id} is already in the second typing.",
                key="double.row_exists",
                sheet=sheet.id,
                row=row_number,
            )
        conn.execute(
            "DELETE FROM second_pass WHERE sheet_id = ? AND row_number = ?", (sheet.id, row_number)
        )
        conn.execute(
            f"INSERT INTO second_pass (sheet_id, row_number, {', '.join(columns)},"
            f" entered_by, entered_at) VALUES ({', '.join('?' * (len(columns) + 4))})",
            (sheet.id, row_number, *_second_row_values(clean), entered_by, now()),
        )
    return clean


def _typed(signer: SignerInput) -> SignerInput:
    """Only what a typist types: the row's marks without the store's warning flags."""
    return SignerInput(
        **{f.name: getattr(signer, f.name) for f in fields(SignerInput) if f.name != "flags"},
        flags=frozenset(signer.flags) & frozenset(MARKS),
    )


def _from_signature(signature: Signature) -> SignerInput:
    return _typed(
        SignerInput(
            first_name=signature.first_name,
            last_name=signature.last_name,
            email=signature.email,
            city=signature.city,
            country=signature.country,
            postal_code=signature.postal_code,
            consent=signature.consent,
            flags=signature.flags,
        )
    )


@dataclass(frozen=True)
class _SecondRow:
    signer: SignerInput | None  # None: a decision on a row the second typing lacks
    entered_by: str
    decided: str


def second_rows(store: SignatureStore, sheet_id: str) -> dict[int, SignerInput]:
    """The second typing of a sheet as typed (what the second typist may see)."""
    return {
        number: row.signer
        for number, row in _second_pass(store, sheet_id).items()
        if row.signer is not None
    }


def _second_pass(store: SignatureStore, sheet_id: str) -> dict[int, _SecondRow]:
    sheet = store.sheet(sheet_id)
    rows: dict[int, _SecondRow] = {}
    for row in store.conn.execute(
        "SELECT * FROM second_pass WHERE sheet_id = ? ORDER BY row_number", (sheet.id,)
    ):
        signer = SignerInput(**signer_columns(row))
        # A decision on a row only the first typing has is kept as an empty row, which
        # no typing can make (a typed row needs a name or a mark).
        typed = any(getattr(signer, f) for f in SIGNER_FIELDS) or bool(signer.flags)
        rows[row["row_number"]] = _SecondRow(
            signer if typed else None, row["entered_by"], row["decided"]
        )
    return rows


def _first_pass(store: SignatureStore, sheet_id: str) -> dict[int, Signature]:
    sheet = store.sheet(sheet_id)
    ids = store.conn.execute(  # one sheet's rows, not the whole event's
        "SELECT id FROM signatures WHERE sheet_id = ? AND deleted_at IS NULL", (sheet.id,)
    )
    live = [store.signature(int(row[0])) for row in ids]
    return {s.row_number: s for s in live if "purged" not in s.flags}


def _differing(first: SignerInput | None, second: SignerInput | None) -> tuple[str, ...]:
    if first is None or second is None:
        present = first or second
        assert present is not None
        return tuple(f for f in COMPARED if getattr(present, f))
    return tuple(f for f in COMPARED if getattr(first, f) != getattr(second, f))


def _compare(store: SignatureStore, sheet_id: str) -> tuple[list[Difference], DoubleEntryStatus]:
    sheet = store.sheet(sheet_id)
    first = {n: _from_signature(s) for n, s in _first_pass(store, sheet.id).items()}
    second = _second_pass(store, sheet.id)
    found: list[Difference] = []
    twice = agreeing = decided = 0
    for number in sorted(set(first) | set(second)):
        one = first.get(number)
        entry = second.get(number)
        two = entry.signer if entry is not None else None
        if one is None and two is None:
            continue  # a decided row that neither typing has any more
        if one is not None and two is not None:
            twice += 1
        differing = _differing(one, two)
        # A decided row counts as decided, also when keeping the second typing made
        # the two agree (the typists did not: "8 agree, 1 decided" after 2 decisions).
        if entry is not None and entry.decided:
            decided += 1
        elif not differing:  # only rows in both can agree: a typed row is never empty
            agreeing += 1
        else:
            found.append(Difference(sheet.id, number, differing, one, two))
    status = DoubleEntryStatus(
        sheet.id,
        typed_first=len(first),
        typed_second=sum(1 for e in second.values() if e.signer is not None),
        typed_twice=twice,
        agreeing=agreeing,
        decided=decided,
        undecided=len(found),
    )
    return found, status


def differences(store: SignatureStore, sheet_id: str) -> list[Difference]:
    """The undecided rows where the two typings differ (after the same normalization),
    in row order; a row typed in one pass only is one. Rows that agree are checked."""
    return _compare(store, sheet_id)[0]


def status(store: SignatureStore, sheet_id: str) -> DoubleEntryStatus:
    return _compare(store, sheet_id)[1]


def decide(store: SignatureStore, sheet_id: str, row_number: int, keep: str) -> Difference:
    """Decide one difference: "first" keeps the sheet's row as it is; "second" makes it
    what the second typist typed (a correction, an added row, or a deleted row when the
    second typing has none), the old row kept in the store's history. Returns what was
    decided. Safe to repeat after a crash: a row the second typing now matches drops out
    of the differences by itself."""
    if keep not in KEEP:
        raise StoreError("Keep 'first' or 'second'.", key="double.keep")
    sheet = store.sheet(sheet_id)
    difference = next((d for d in differences(store, sheet.id) if d.row_number == row_number), None)
    if difference is None:
        raise StoreError(
            f"Row {row_number} of sheet {sheet.id} has no difference to decide.",
            key="double.nothing_to_decide",
            sheet=sheet.id,
            row=row_number,
        )
    if keep == "second":
        current = _first_pass(store, sheet.id).get(row_number)
        if difference.second is None:
            assert current is not None
            store.delete_row(current.id)
        elif current is None:
            store.add_row(sheet.id, row_number, difference.second)
        else:
            store.correct_row(current.id, difference.second, why="double entry: second typing kept")
    with store._write() as conn:
        stamp = now()
        updated = conn.execute(
            "UPDATE second_pass SET decided = ?, decided_at = ?"
            " WHERE sheet_id = ? AND row_number = ?",
            (keep, stamp, sheet.id, row_number),
        ).rowcount
        if not updated:  # the second typing lacks the row: its decision needs a row
            conn.execute(
                "INSERT INTO second_pass (sheet_id, row_number, entered_at, decided, decided_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (sheet.id, row_number, stamp, keep, stamp),
            )
    return difference
