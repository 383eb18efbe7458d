"""What the signature store hands out: events, sheets, typed rows, possible
duplicates and the result of saving a row. Plain frozen data, no database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.validation import Issue


def signer_columns(row: sqlite3.Row) -> dict[str, Any]:
    """The signer's fields of a stored row (signatures, row_history, second_pass)."""
    return {
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": row["email"],
        "city": row["city"],
        "country": row["country"],
        "postal_code": row["postal_code"],
        "consent": bool(row["consent"]),
        "flags": frozenset(f for f in row["flags"].split(",") if f),
    }


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class ValidationFailed(StoreError):
    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        super().__init__(
            "The row was not saved: " + " ".join(i.message for i in errors), key="row.not_saved"
        )


@dataclass(frozen=True)
class Event:
    id: int
    slug: str
    name: str
    date: str
    place: str
    city: str
    country: str
    organizer: str
    languages: tuple[str, ...]
    start_time: str = ""  # HH:MM or empty
    end_time: str = ""  # HH:MM or empty
    double_entry: bool = False  # every sheet is typed twice, blind


@dataclass(frozen=True)
class Sheet:
    id: str
    event_slug: str
    languages: tuple[str, ...]
    printed_rows: int
    paper_count: int | None
    entered: int  # live rows (typed, or marked: marks.MARKS)
    marked: int = 0  # live rows marked illegible, declined or empty (blank)
    flagged: int = 0  # live rows saved despite a warning (a "warn:" flag)
    missing: int = 0  # paper rows 1..paper_count with no live row
    extra: int = 0  # live rows beyond the paper count

    @property
    def state(self) -> str:
        """'open' (paper count not set); 'complete' when every paper row 1..paper_count
        has a live row and none lies beyond; else 'extra' (rows beyond the paper count:
        the count or a row number is wrong) or 'missing' (gaps to type)."""
        if self.paper_count is None:
            return "open"
        if self.extra:
            return "extra"
        return "missing" if self.missing else "complete"


@dataclass(frozen=True)
class Signature:
    id: int
    sheet_id: str
    row_number: int
    first_name: str
    last_name: str
    email: str
    city: str
    country: str
    postal_code: str
    consent: bool
    flags: frozenset[str]
    entered_by: str
    entered_at: str
    updated_at: str
    deleted_at: str | None
    event_slug: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Signature:
        return cls(
            id=row["id"],
            sheet_id=row["sheet_id"],
            row_number=row["row_number"],
            **signer_columns(row),
            entered_by=row["entered_by"],
            entered_at=row["entered_at"],
            updated_at=row["updated_at"],
            deleted_at=row["deleted_at"],
            event_slug=row["event_slug"],
        )


@dataclass(frozen=True)
class RowHistory:
    """What a row said before one correction (oldest first from `row_history`)."""

    id: int
    signature_id: int
    first_name: str
    last_name: str
    email: str
    city: str
    country: str
    postal_code: str
    consent: bool
    flags: frozenset[str]
    was_updated_at: str  # when the replaced values were saved
    replaced_at: str
    replaced_by: str
    why: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> RowHistory:
        return cls(
            id=row["id"],
            signature_id=row["signature_id"],
            **signer_columns(row),
            was_updated_at=row["was_updated_at"],
            replaced_at=row["replaced_at"],
            replaced_by=row["replaced_by"],
            why=row["why"],
        )


@dataclass(frozen=True)
class Duplicate:
    other: Signature
    reason: str  # "same email" | "same name and city"


@dataclass(frozen=True)
class SaveResult:
    signature: Signature
    warnings: list[Issue]
    duplicates: list[Duplicate]
