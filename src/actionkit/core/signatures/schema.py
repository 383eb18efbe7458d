"""The signature store's tables, and forward migrations from every earlier version.

The schema version is SQLite's `user_version`. A store written by a newer
ActionKit is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from actionkit.core.errors import ActionKitError


# SQLCipher is SQLite with page encryption; without a key it is plain SQLite.
# Where its wheels do not exist the store works unencrypted and locking says so.
def _driver() -> tuple[Any, bool]:
    try:
        import sqlcipher3.dbapi2 as cipher
    except ImportError:  # pragma: no cover - platform dependent
        return sqlite3, False
    return cipher, True


sqlite, CAN_ENCRYPT = _driver()

# Each entry moves the store from version N to N + 1. Never edit a released
# entry: add a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: events, the sheets printed for them, and the signatures typed in.
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        date TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        organizer TEXT NOT NULL DEFAULT '',
        languages TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE sheets (
        id TEXT PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id),
        languages TEXT NOT NULL,
        printed_rows INTEGER NOT NULL CHECK (printed_rows > 0),
        paper_count INTEGER CHECK (paper_count >= 0),
        created_at TEXT NOT NULL
    );
    CREATE TABLE signatures (
        id INTEGER PRIMARY KEY,
        sheet_id TEXT NOT NULL REFERENCES sheets(id),
        row_number INTEGER NOT NULL CHECK (row_number > 0),
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        postal_code TEXT NOT NULL DEFAULT '',
        consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
        flags TEXT NOT NULL DEFAULT '',
        entered_by TEXT NOT NULL DEFAULT '',
        entered_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        name_key TEXT NOT NULL DEFAULT '',
        email_key TEXT NOT NULL DEFAULT '',
        city_key TEXT NOT NULL DEFAULT ''
    );
    CREATE UNIQUE INDEX signatures_sheet_row ON signatures (sheet_id, row_number)
        WHERE deleted_at IS NULL;
    CREATE INDEX signatures_email_key ON signatures (email_key) WHERE email_key != '';
    CREATE INDEX signatures_name_key ON signatures (name_key, city_key) WHERE name_key != '';
    """,
    # 2: campaign settings, decisions on possible duplicates, and the export log.
    """
    CREATE TABLE campaign (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE duplicate_decisions (
        signature_id INTEGER NOT NULL REFERENCES signatures(id),
        other_id INTEGER NOT NULL REFERENCES signatures(id),
        reason TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('different_people', 'same_person')),
        decided_at TEXT NOT NULL,
        PRIMARY KEY (signature_id, other_id)
    );
    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        format TEXT NOT NULL,
        filters TEXT NOT NULL,
        rows INTEGER NOT NULL,
        protected INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 3: the export log's filters as fields, and the highest row id each export
    # covered, so purge can tell whether rows were entered after the last export.
    # Older entries: their filters are read from the text (as `read_filters` does)
    # and they covered the rows entered up to their time.
    """
    ALTER TABLE exports ADD COLUMN event TEXT NOT NULL DEFAULT '';
    ALTER TABLE exports ADD COLUMN consented_only INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE exports ADD COLUMN preset TEXT NOT NULL DEFAULT '';
    ALTER TABLE exports ADD COLUMN up_to_row INTEGER;
    UPDATE exports SET
        event = CASE WHEN instr(filters, 'event=all;') = 1 THEN ''
            ELSE substr(filters, 7, instr(filters, ';') - 7) END,
        consented_only = (instr(filters, 'consented_only=yes') > 0),
        preset = substr(filters, instr(filters, 'preset=') + 7),
        up_to_row = (SELECT MAX(s.id) FROM signatures s WHERE s.entered_at <= exports.at);
    """,
    # 4: typing sheets (issue 15). Events get a start and end time (HH:MM, or
    # empty) and may ask for a second, blind typing of every sheet. A corrected
    # row keeps what it said before in row_history. A second typing's rows live
    # in second_pass until each difference is decided. Both hold signer data:
    # purge blanks them with the rows.
    """
    ALTER TABLE events ADD COLUMN start_time TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN end_time TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN double_entry INTEGER NOT NULL DEFAULT 0
        CHECK (double_entry IN (0, 1));
    CREATE TABLE row_history (
        id INTEGER PRIMARY KEY,
        signature_id INTEGER NOT NULL REFERENCES signatures(id),
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        postal_code TEXT NOT NULL DEFAULT '',
        consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
        flags TEXT NOT NULL DEFAULT '',
        was_updated_at TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        replaced_by TEXT NOT NULL DEFAULT '',
        why TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX row_history_signature ON row_history (signature_id);
    CREATE TABLE second_pass (
        id INTEGER PRIMARY KEY,
        sheet_id TEXT NOT NULL REFERENCES sheets(id),
        row_number INTEGER NOT NULL CHECK (row_number > 0),
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        postal_code TEXT NOT NULL DEFAULT '',
        consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
        flags TEXT NOT NULL DEFAULT '',
        entered_by TEXT NOT NULL DEFAULT '',
        entered_at TEXT NOT NULL,
        decided TEXT NOT NULL DEFAULT '' CHECK (decided IN ('', 'first', 'second')),
        decided_at TEXT
    );
    CREATE UNIQUE INDEX second_pass_sheet_row ON second_pass (sheet_id, row_number);
    """,
    # 5: scanned sheets (issue 18). A sheet keeps the layout it was printed with
    # (sheet_layout.SheetLayout as JSON; '' for sheets printed before). A scan is
    # the straightened photo of a sheet (JPEG, signer data: only ever in here, so
    # encrypted with the store, and deleted by purge), where its rows were found,
    # and what was read per row. `misread` is the typist's answer to "Is this
    # right?" for the row's reading. A typed row keeps the scan it was typed from.
    """
    ALTER TABLE sheets ADD COLUMN layout TEXT NOT NULL DEFAULT '';
    CREATE TABLE sheet_scans (
        id INTEGER PRIMARY KEY,
        sheet_id TEXT NOT NULL REFERENCES sheets(id),
        source TEXT NOT NULL,
        scanned_at TEXT NOT NULL,
        image BLOB NOT NULL,
        px_per_mm REAL NOT NULL,
        row_boxes TEXT NOT NULL,
        warnings TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX sheet_scans_sheet ON sheet_scans (sheet_id);
    CREATE TABLE scan_rows (
        scan_id INTEGER NOT NULL REFERENCES sheet_scans(id),
        row_number INTEGER NOT NULL CHECK (row_number > 0),
        filled INTEGER NOT NULL CHECK (filled IN (0, 1)),
        ticked INTEGER NOT NULL CHECK (ticked IN (0, 1)),
        crossed_out INTEGER NOT NULL CHECK (crossed_out IN (0, 1)),
        measures TEXT NOT NULL DEFAULT '',
        misread TEXT NOT NULL DEFAULT '' CHECK (misread IN ('', 'right', 'wrong')),
        PRIMARY KEY (scan_id, row_number)
    );
    ALTER TABLE signatures ADD COLUMN scan_id INTEGER REFERENCES sheet_scans(id);
    """,
    # 6: what the scanner was unsure of about each row ("filled", "ticked",
    # "crossed_out", "covered"; comma-separated, '' when sure), shown with the row
    # while it is typed. Rows scanned before say nothing ('').
    """
    ALTER TABLE scan_rows ADD COLUMN doubts TEXT NOT NULL DEFAULT '';
    """,
)
VERSION = len(MIGRATIONS)


class StoreError(ActionKitError):
    """The signature store cannot be opened or used as asked."""


class StoreLocked(StoreError):
    """The store is encrypted and the passphrase is missing or wrong."""


def connect(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """Open (creating if needed) with the settings signer data needs; `key` opens
    an encrypted store (a wrong key fails here, before anything is written)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        path.touch(mode=0o600)  # readable by this user only, from the first byte
    if key is not None and not CAN_ENCRYPT:
        raise StoreError(
            "This ActionKit cannot open encrypted stores (SQLCipher is missing).",
            key="store.no_sqlcipher",
        )
    try:
        conn = sqlite.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        conn.row_factory = sqlite.Row
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # Refuse a store from a newer ActionKit before anything (even the journal
        # mode, which rewrites the header) touches the file.
        _check_version(conn, path.name, locked=key is not None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        # Every confirmed row must survive a crash or a pulled plug.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
    except sqlite.DatabaseError as exc:
        raise StoreError(
            f"{path.name} is not a signature store ActionKit can open ({exc}).",
            key="store.cannot_open",
            file=path.name,
            reason=str(exc),
        ) from exc
    migrate(conn, path.name)
    opened: sqlite3.Connection = conn  # SQLCipher's connection has the sqlite3 interface
    return opened


def _check_version(conn: sqlite3.Connection, label: str, *, locked: bool = False) -> int:
    try:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads page 1
    except sqlite.DatabaseError as exc:
        conn.close()
        if locked:
            raise StoreLocked(
                "This passphrase does not open the signature store. Nothing was changed.",
                key="lock.wrong_passphrase",
                file=label,
            ) from exc
        raise StoreError(
            f"{label} is damaged or not a signature store ({exc}).",
            key="store.damaged",
            file=label,
            reason=str(exc),
        ) from exc
    if current > VERSION:
        conn.close()
        raise StoreError(
            f"{label} was written by a newer ActionKit (store version {current}, this "
            f"version knows up to {VERSION}). Update ActionKit; the file was not changed.",
            key="store.newer",
            file=label,
            found=current,
            known=VERSION,
        )
    return current


def migrate(conn: sqlite3.Connection, label: str) -> None:
    current = _check_version(conn, label)
    for version in range(current, VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    # Our own scripts: statements end with ";" at the end of a line.
    return [s.strip() for s in script.split(";\n") if s.strip()]
