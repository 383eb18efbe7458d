"""The signature store: events, sheets and rows, one SQLite file per organizer profile.

Every confirmed row is its own committed transaction. Deleting keeps a
tombstone until export. Possible duplicates are flagged for a decision and
never dropped.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.marks import marked_sql
from actionkit.core.signatures.records import (
    Duplicate,
    Event,
    RowHistory,
    SaveResult,
    Sheet,
    Signature,
    ValidationFailed,
    now,
)
from actionkit.core.signatures.schema import StoreError, connect, sqlite
from actionkit.core.signatures.store_files import STORE_FILE
from actionkit.core.signatures.validation import (
    SIGNER_FIELDS,
    Issue,
    SignerInput,
    keys,
    normalize,
    validate,
    warning_flags,
)
from actionkit.core.text.dates import DateError, parse_date, parse_times
from actionkit.core.text.normalize import fold

SHEET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to copy by hand
DEFAULT_ROWS = 15


def slugify(text: str) -> str:
    ascii_text = fold(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:50] or "event"


_SIGNATURE_SELECT = """
    SELECT s.*, e.slug AS event_slug FROM signatures s
    JOIN sheets sh ON sh.id = s.sheet_id JOIN events e ON e.id = sh.event_id
"""


# The columns a typed row sets, in the order _row_values gives them.
_ROW_COLUMNS = (
    *SIGNER_FIELDS,
    "flags",
    "updated_at",
    "name_key",
    "email_key",
    "city_key",
)


def _row_values(clean: SignerInput, flags: frozenset[str], stamp: str) -> tuple[object, ...]:
    typed = (getattr(clean, f) for f in SIGNER_FIELDS)
    return (
        *(int(v) if isinstance(v, bool) else v for v in typed),
        ",".join(sorted(flags)),
        stamp,
        *keys(clean),
    )


# What a corrected row said before, copied into row_history by correct_row.
_HISTORY_COLUMNS = (*SIGNER_FIELDS, "flags")

# A sheet with its counts; {where} picks the sheets.
_SHEET_SELECT = f"""
    SELECT sh.*, e.slug AS event_slug, COUNT(s.id) AS entered,
        COALESCE(SUM({marked_sql()}), 0) AS marked,
        COALESCE(SUM((',' || s.flags) LIKE '%,warn:%'), 0) AS flagged,
        COALESCE(SUM(s.row_number <= sh.paper_count), 0) AS within_paper,
        COALESCE(SUM(s.row_number > sh.paper_count), 0) AS beyond_paper
    FROM sheets sh JOIN events e ON e.id = sh.event_id
    LEFT JOIN signatures s ON s.sheet_id = sh.id AND s.deleted_at IS NULL
    WHERE {{where}} GROUP BY sh.id
"""


def _sheet(row: sqlite3.Row) -> Sheet:
    paper = row["paper_count"]
    return Sheet(
        row["id"],
        row["event_slug"],
        tuple(row["languages"].split(",")),
        row["printed_rows"],
        paper,
        row["entered"],
        marked=row["marked"],
        flagged=row["flagged"],
        missing=0 if paper is None else paper - row["within_paper"],
        extra=0 if paper is None else row["beyond_paper"],
    )


class SignatureStore:
    def __init__(self, path: Path, passphrase: str | None = None) -> None:
        from actionkit.core.signatures.lock import key_for, recover_interrupted

        self.path = Path(path)
        # A lock or passphrase change cut short is finished or undone first; the
        # caller tells the user which (`recovered`).
        self.recovered = recover_interrupted(self.path)
        try:
            self.conn = connect(self.path, key_for(self.path, passphrase))
        except ActionKitError as exc:
            # Say what was recovered even when the store then cannot be opened (no or
            # a wrong passphrase): the user must learn which passphrase is in force.
            exc.recovered = self.recovered  # type: ignore[attr-defined]
            raise

    @classmethod
    def open(cls, paths: AppPaths, passphrase: str | None = None) -> SignatureStore:
        return cls(paths.data_dir / STORE_FILE, passphrase)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SignatureStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # Events ------------------------------------------------------------------

    def create_event(
        self,
        name: str,
        date: str,
        *,
        languages: tuple[str, ...] = ("en",),
        place: str = "",
        city: str = "",
        country: str = "",
        organizer: str = "",
        slug: str | None = None,
        start_time: str = "",
        end_time: str = "",
    ) -> Event:
        """`date` is ISO (2026-12-10; the GUI and CLI read the user's own form first);
        the times may be written as people do (19:30, 7:30 pm) and are stored HH:MM.
        An event needs only a name: without a date (""), time or place its sheets
        print labelled blank lines for them, filled in by hand."""
        if not name.strip():
            raise StoreError("An event needs a name.", key="event.no_name")
        try:
            date = parse_date(date) if date.strip() else ""
            start_time, end_time = parse_times(start_time, end_time)
        except DateError as exc:  # callers of the store catch StoreError
            raise StoreError(str(exc), key=exc.key, **exc.params) from None
        base = slug or "-".join(part for part in (date, slugify(city or name)) if part)
        candidate, n = base, 2
        while self.conn.execute("SELECT 1 FROM events WHERE slug = ?", (candidate,)).fetchone():
            if slug:
                raise StoreError(
                    f"There is already an event called {slug!r}.", key="event.exists", slug=slug
                )
            candidate, n = f"{base}-{n}", n + 1
        with self._write() as conn:
            conn.execute(
                "INSERT INTO events (slug, name, date, place, city, country, organizer, languages,"
                " created_at, start_time, end_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    candidate,
                    name.strip(),
                    date,
                    place.strip(),
                    city.strip(),
                    country.strip(),
                    organizer.strip(),
                    ",".join(languages),
                    now(),
                    start_time,
                    end_time,
                ),
            )
        return self.event(candidate)

    def event(self, slug: str) -> Event:
        row = self.conn.execute("SELECT * FROM events WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            known = [r[0] for r in self.conn.execute("SELECT slug FROM events ORDER BY date DESC")]
            hint = f" Known events: {', '.join(known[:5])}." if known else " No events yet."
            raise StoreError(f"No event {slug!r}.{hint}", key="event.unknown", slug=slug)
        return Event(
            row["id"],
            row["slug"],
            row["name"],
            row["date"],
            row["place"],
            row["city"],
            row["country"],
            row["organizer"],
            tuple(row["languages"].split(",")),
            row["start_time"],
            row["end_time"],
            bool(row["double_entry"]),
        )

    def events(self) -> list[Event]:
        slugs = [r[0] for r in self.conn.execute("SELECT slug FROM events ORDER BY date, slug")]
        return [self.event(slug) for slug in slugs]

    # Sheets ------------------------------------------------------------------

    def _new_sheet_id(self) -> str:
        while True:
            raw = "".join(secrets.choice(SHEET_ALPHABET) for _ in range(8))
            sheet_id = f"{raw[:4]}-{raw[4:]}"
            if not self.conn.execute("SELECT 1 FROM sheets WHERE id = ?", (sheet_id,)).fetchone():
                return sheet_id

    def create_sheets(
        self, event_slug: str, languages: tuple[str, ...], count: int, rows: int = DEFAULT_ROWS
    ) -> list[Sheet]:
        if not 1 <= count <= 500:
            raise StoreError("Print between 1 and 500 sheets at a time.", key="sheets.count")
        event = self.event(event_slug)
        ids = []
        with self._write() as conn:
            for _ in range(count):
                sheet_id = self._new_sheet_id()
                conn.execute(
                    "INSERT INTO sheets (id, event_id, languages, printed_rows, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (sheet_id, event.id, ",".join(languages), rows, now()),
                )
                ids.append(sheet_id)
        return [self.sheet(i) for i in ids]

    def discard_sheets(self, sheet_ids: list[str]) -> None:
        """Remove sheets that were created but never printed (no rows may exist)."""
        with self._write() as conn:
            for sheet_id in sheet_ids:
                if conn.execute(
                    "SELECT 1 FROM signatures WHERE sheet_id = ?", (sheet_id,)
                ).fetchone():
                    raise StoreError(
                        f"Sheet {sheet_id} already has rows; it is kept.",
                        key="sheet.has_rows",
                        sheet=sheet_id,
                    )
                conn.execute("DELETE FROM sheets WHERE id = ?", (sheet_id,))

    @staticmethod
    def normalize_sheet_id(text: str) -> str:
        """What a volunteer types ('k7q2 9xhm', 'K7Q29XHM') -> 'K7Q2-9XHM'."""
        raw = re.sub(r"[^0-9A-Za-z]", "", text).upper()
        return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else text.strip().upper()

    def sheet(self, sheet_id: str) -> Sheet:
        """A sheet with its counts: entered, marked, flagged, missing and extra rows."""
        key = self.normalize_sheet_id(sheet_id)
        row = self.conn.execute(_SHEET_SELECT.format(where="sh.id = ?"), (key,)).fetchone()
        if row is None:
            raise StoreError(
                f"No sheet {sheet_id!r}. Check the id printed at the bottom of the sheet,"
                " beside its small code.",
                key="sheet.unknown",
                sheet=sheet_id,
            )
        return _sheet(row)

    def sheets(self, event_slug: str | None = None) -> list[Sheet]:
        where = "1"
        params: tuple[str, ...] = ()
        if event_slug:
            self.event(event_slug)
            where, params = "e.slug = ?", (event_slug,)
        query = _SHEET_SELECT.format(where=where) + " ORDER BY sh.created_at, sh.rowid"
        return [_sheet(row) for row in self.conn.execute(query, params)]

    def set_paper_count(self, sheet_id: str, count: int) -> Sheet:
        sheet = self.sheet(sheet_id)
        if not 0 <= count <= sheet.printed_rows:
            raise StoreError(
                f"Sheet {sheet.id} has {sheet.printed_rows} rows; {count} cannot be right.",
                key="sheet.paper_count",
                sheet=sheet.id,
                rows=sheet.printed_rows,
                count=count,
            )
        with self._write() as conn:
            conn.execute("UPDATE sheets SET paper_count = ? WHERE id = ?", (count, sheet.id))
        return self.sheet(sheet.id)

    # Rows --------------------------------------------------------------------

    def checked(self, signer: SignerInput) -> tuple[SignerInput, list[Issue]]:
        """The row normalized, with its warnings; ValidationFailed on an error."""
        clean = normalize(signer)
        issues = validate(clean)
        if any(i.severity == "error" for i in issues):
            raise ValidationFailed(issues)
        return clean, issues

    def paper_row(self, sheet_id: str, row_number: int) -> Sheet:
        """The sheet, once `row_number` is known to be one of its printed rows."""
        sheet = self.sheet(sheet_id)
        if not 1 <= row_number <= sheet.printed_rows:
            raise StoreError(
                f"Sheet {sheet.id} has rows 1 to {sheet.printed_rows}; not {row_number}.",
                key="row.out_of_range",
                sheet=sheet.id,
                rows=sheet.printed_rows,
                row=row_number,
            )
        return sheet

    def add_row(
        self,
        sheet_id: str,
        row_number: int,
        signer: SignerInput,
        *,
        entered_by: str = "",
        scan_id: int | None = None,
    ) -> SaveResult:
        """Check, save and commit one row; returns warnings and possible duplicates.
        `scan_id`: the scan of the sheet the row was typed from (kept for a later check)."""
        sheet = self.paper_row(sheet_id, row_number)
        clean, issues = self.checked(signer)
        stamp = now()
        try:
            with self._write() as conn:
                columns = (
                    "sheet_id",
                    "row_number",
                    *_ROW_COLUMNS,
                    "entered_by",
                    "entered_at",
                    "scan_id",
                )
                cursor = conn.execute(
                    f"INSERT INTO signatures ({', '.join(columns)})"
                    f" VALUES ({', '.join('?' * len(columns))})",
                    (
                        sheet.id,
                        row_number,
                        *_row_values(clean, warning_flags(issues) | clean.flags, stamp),
                        entered_by,
                        stamp,
                        scan_id,
                    ),
                )
        except sqlite.IntegrityError:
            raise StoreError(
                f"Row {row_number} of sheet {sheet.id} is already entered; correct it instead.",
                key="row.exists",
                sheet=sheet.id,
                row=row_number,
            ) from None
        signature = self.signature(int(cursor.lastrowid or 0))
        return SaveResult(signature, issues, self.duplicates_of(signature))

    def correct_row(
        self, signature_id: int, signer: SignerInput, *, corrected_by: str = "", why: str = ""
    ) -> SaveResult:
        """Check and save new values for a row; what it said before goes to its
        history (`row_history`) in the same transaction. Its warning flags are
        recomputed. Saving the values it already has changes nothing."""
        current = self.signature(signature_id)
        if current.deleted_at:
            raise StoreError("This row was deleted; enter it again instead.", key="row.deleted")
        clean, issues = self.checked(signer)
        flags = warning_flags(issues) | clean.flags
        if flags == current.flags and all(
            getattr(clean, f) == getattr(current, f) for f in SIGNER_FIELDS
        ):
            return SaveResult(current, issues, self.duplicates_of(current))
        stamp = now()
        copied = ", ".join(_HISTORY_COLUMNS)
        with self._write() as conn:
            conn.execute(
                f"INSERT INTO row_history (signature_id, {copied}, was_updated_at, replaced_at,"
                f" replaced_by, why) SELECT id, {copied}, updated_at, ?, ?, ?"
                " FROM signatures WHERE id = ?",
                (stamp, corrected_by, why, signature_id),
            )
            conn.execute(
                f"UPDATE signatures SET {', '.join(f'{c} = ?' for c in _ROW_COLUMNS)} WHERE id = ?",
                (*_row_values(clean, flags, stamp), signature_id),
            )
        signature = self.signature(signature_id)
        return SaveResult(signature, issues, self.duplicates_of(signature))

    def row_history(self, signature_id: int) -> list[RowHistory]:
        """What a row said before each of its corrections, oldest first."""
        self.signature(signature_id)
        return [
            RowHistory.from_row(row)
            for row in self.conn.execute(
                "SELECT * FROM row_history WHERE signature_id = ? ORDER BY id", (signature_id,)
            )
        ]

    def delete_row(self, signature_id: int) -> Signature:
        """Mark deleted (a tombstone, kept until export); its row number can be entered again."""
        self.signature(signature_id)
        with self._write() as conn:
            conn.execute(
                "UPDATE signatures SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now(), signature_id),
            )
        return self.signature(signature_id)

    def signature(self, signature_id: int) -> Signature:
        row = self.conn.execute(_SIGNATURE_SELECT + " WHERE s.id = ?", (signature_id,)).fetchone()
        if row is None:
            raise StoreError(
                f"No signature with id {signature_id}.", key="row.unknown", id=signature_id
            )
        return Signature.from_row(row)

    def signatures(
        self,
        event_slug: str | None = None,
        *,
        include_deleted: bool = False,
        consented_only: bool = False,
    ) -> Iterator[Signature]:
        """Signatures in paper order (sheet, then row), streamed."""
        where, params = [], []
        if event_slug:
            self.event(event_slug)
            where.append("e.slug = ?")
            params.append(event_slug)
        if not include_deleted:
            where.append("s.deleted_at IS NULL")
        if consented_only:
            where.append("s.consent = 1")
        query = _SIGNATURE_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        cursor = self.conn.execute(
            query + " ORDER BY e.date, sh.created_at, sh.id, s.row_number", params
        )
        for row in cursor:
            yield Signature.from_row(row)

    def last_entered(self, sheet_id: str) -> Signature | None:
        row = self.conn.execute(
            _SIGNATURE_SELECT + " WHERE s.sheet_id = ? AND s.deleted_at IS NULL"
            " ORDER BY s.entered_at DESC, s.id DESC LIMIT 1",
            (self.normalize_sheet_id(sheet_id),),
        ).fetchone()
        return Signature.from_row(row) if row else None

    # Duplicates --------------------------------------------------------------

    def duplicates_of(self, signature: Signature) -> list[Duplicate]:
        """Other live rows with the same email, or the same name and city, not yet decided."""
        row = self.conn.execute(
            "SELECT name_key, email_key, city_key FROM signatures WHERE id = ?", (signature.id,)
        ).fetchone()
        found: list[Duplicate] = []
        checks: list[tuple[str, str, tuple[str, ...]]] = []
        if row["email_key"]:
            checks.append(("same email", "s.email_key = ?", (row["email_key"],)))
        if row["name_key"]:
            checks.append(
                (
                    "same name and city",
                    "s.name_key = ? AND s.city_key = ?",
                    (row["name_key"], row["city_key"]),
                )
            )
        seen: set[int] = set()
        for reason, condition, params in checks:
            query = (
                _SIGNATURE_SELECT + f" WHERE {condition} AND s.id != ? AND s.deleted_at IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM duplicate_decisions d WHERE"
                " (d.signature_id = ? AND d.other_id = s.id)"
                " OR (d.signature_id = s.id AND d.other_id = ?))"
            )
            for other in self.conn.execute(
                query, (*params, signature.id, signature.id, signature.id)
            ):
                if other["id"] not in seen:
                    seen.add(other["id"])
                    found.append(Duplicate(Signature.from_row(other), reason))
        return found

    def decide_duplicate(
        self, signature_id: int, other_id: int, decision: str, reason: str = ""
    ) -> None:
        """Record that two rows are 'different_people' or the 'same_person'."""
        if decision not in ("different_people", "same_person"):
            raise StoreError("Decide 'different_people' or 'same_person'.")
        self.signature(signature_id)
        self.signature(other_id)
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO duplicate_decisions VALUES (?, ?, ?, ?, ?)",
                (signature_id, other_id, reason, decision, now()),
            )

    def same_person_ids(self) -> set[int]:
        """Rows judged the same person as an earlier row (left out of signer counts)."""
        return {
            int(r[0])
            for r in self.conn.execute(
                "SELECT MAX(signature_id, other_id) FROM duplicate_decisions"
                " WHERE decision = 'same_person'"
            )
        }

    def highest_row_id(self) -> int:
        """The newest row's id (0 in an empty store): what an export starting now covers."""
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM signatures").fetchone()[0])

    def log_export(
        self,
        file_name: str,
        fmt: str,
        filters: str,
        rows: int,
        protected: bool,
        *,
        event: str | None = None,
        consented_only: bool = False,
        preset: str = "",
        up_to: int | None = None,
    ) -> None:
        """Note a finished export: the filters as words and as fields, and the highest
        row id it covered (purge checks that against the rows entered since)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO exports (at, file_name, format, filters, rows, protected,"
                " event, consented_only, preset, up_to_row)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now(),
                    file_name,
                    fmt,
                    filters,
                    rows,
                    int(protected),
                    event or "",
                    int(consented_only),
                    preset,
                    up_to,
                ),
            )
