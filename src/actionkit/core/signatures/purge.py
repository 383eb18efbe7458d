"""After the hand-off: the export log, and purging an event's personal data.

Purging keeps what the campaign still needs locally (events, sheets, how many
rows each sheet had, consent ticks as counts), blanks every personal field
of the event's rows, and deletes what corrected rows said before (row_history)
and the rows of a second, blind typing of its sheets (second_pass). SQLite's
secure_delete (on for this store) zeroes freed content, and a VACUUM plus a WAL
checkpoint rewrite the file, so the names are gone from the bytes on disk, not
only from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from actionkit.core.errors import Message
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import SignatureStore

PERSONAL = ("first_name", "last_name", "email", "city", "country", "postal_code", "entered_by")
KEYS = ("name_key", "email_key", "city_key")
_PERSONAL_SQL = (
    "(s.first_name != '' OR s.last_name != '' OR s.email != '' OR s.city != ''"
    " OR s.postal_code != '' OR s.country != '')"
)


@dataclass(frozen=True)
class ExportRecord:
    """One line of the export log: never the data, only what was written where."""

    at: str
    file_name: str
    format: str
    filters: str
    rows: int
    protected: bool
    event: str = ""  # "" for all events
    consented_only: bool = False
    preset: str = ""
    up_to_row: int | None = None  # the highest row id the export covered


@dataclass(frozen=True)
class PurgePlan:
    event: str
    rows: int  # rows whose personal fields will be blanked
    sheets: int
    exported: list[ExportRecord]  # complete exports covering the event, oldest first
    unexported: int = 0  # rows entered (or corrected) after the last of them
    scans: int = 0  # photos of the event's sheets, deleted whole

    def describe(self) -> Message:
        """What the purge deletes, in whole sentences; keyed, so the GUI translates it."""
        return Message(
            f"This deletes the personal data of {self.rows} signer row(s) on {self.sheets} "
            f"sheet(s) of the event {self.event}: names, email addresses, cities, postal "
            "codes and countries, who typed each row in, and the "
            f"{self.scans} photo(s) of its sheets. It cannot be undone. The "
            "event, its sheets and the number of rows on each sheet stay.",
            key="purge.plan",
            rows=self.rows,
            sheets=self.sheets,
            event=self.event,
            scans=self.scans,
        )


def export_log(store: SignatureStore) -> list[ExportRecord]:
    rows = store.conn.execute(
        "SELECT at, file_name, format, filters, rows, protected, event, consented_only,"
        " preset, up_to_row FROM exports ORDER BY id"
    ).fetchall()
    return [
        ExportRecord(
            r["at"],
            r["file_name"],
            r["format"],
            r["filters"],
            r["rows"],
            bool(r["protected"]),
            r["event"],
            bool(r["consented_only"]),
            r["preset"],
            r["up_to_row"],
        )
        for r in rows
    ]


def _covers(record: ExportRecord, event: str) -> bool:
    """An export of this event, or of all events, with every signer (not consent-only,
    not a layout that leaves out rows lacking a field it requires)."""
    return (
        record.event in (event, "")
        and not record.consented_only
        and "requires=" not in record.filters
    )


def _unexported(store: SignatureStore, event: str, last: ExportRecord | None) -> int:
    """The event's rows with personal data that the last covering export did not hold:
    entered after it (a higher row id), or corrected after it was written."""
    query = (
        "SELECT COUNT(*) FROM signatures s JOIN sheets h ON h.id = s.sheet_id"
        " JOIN events e ON e.id = h.event_id WHERE e.slug = ? AND s.deleted_at IS NULL"
        f" AND {_PERSONAL_SQL}"
    )
    if last is None:
        return int(store.conn.execute(query, (event,)).fetchone()[0])
    query += " AND (s.id > ? OR s.updated_at > ?)"
    params = (event, last.up_to_row or 0, last.at)
    return int(store.conn.execute(query, params).fetchone()[0])


def plan_purge(store: SignatureStore, event: str) -> PurgePlan:
    store.event(event)  # a clear error for an unknown event
    rows = store.conn.execute(
        "SELECT COUNT(*) FROM signatures s JOIN sheets h ON h.id = s.sheet_id"
        f" JOIN events e ON e.id = h.event_id WHERE e.slug = ? AND {_PERSONAL_SQL}",
        (event,),
    ).fetchone()[0]
    sheets = len(store.sheets(event))
    exported = [r for r in export_log(store) if _covers(r, event)]
    unexported = _unexported(store, event, exported[-1] if exported else None)
    scans = store.conn.execute(
        "SELECT COUNT(*) FROM sheet_scans c JOIN sheets h ON h.id = c.sheet_id"
        " JOIN events e ON e.id = h.event_id WHERE e.slug = ?",
        (event,),
    ).fetchone()[0]
    return PurgePlan(event, int(rows), sheets, exported, unexported, int(scans))


def purge_event(store: SignatureStore, event: str, *, unexported_ok: bool = False) -> PurgePlan:
    """Blank the personal fields of an event's rows and scrub them from the file."""
    from actionkit.core.storage import remove_stale_partials

    remove_stale_partials(store.path.parent)  # what killed exports left, with names in it
    plan = plan_purge(store, event)
    if not plan.exported and not unexported_ok:
        raise StoreError(
            f"Event {event!r} has not been exported with all its signers yet; export it "
            "first (or confirm that its data may be lost).",
            key="purge.not_exported",
            event=event,
        )
    if plan.unexported and not unexported_ok:
        raise StoreError(
            f"{plan.unexported} row(s) of the event {event!r} were entered or corrected "
            "after its last export with all signers; export it again first (or confirm "
            "that their data may be lost).",
            key="purge.rows_since_export",
            event=event,
            rows=plan.unexported,
        )
    blank = ", ".join(f"{column} = ''" for column in (*PERSONAL, *KEYS))
    # Flagged, so an export leaves the row out instead of showing an empty signer.
    blank += (
        ", flags = CASE WHEN flags = '' THEN 'purged'"
        " WHEN (',' || flags || ',') LIKE '%,purged,%' THEN flags ELSE flags || ',purged' END"
    )
    event_sheets = "SELECT h.id FROM sheets h JOIN events e ON e.id = h.event_id WHERE e.slug = ?"
    with store._write() as conn:
        conn.execute(f"UPDATE signatures SET {blank} WHERE sheet_id IN ({event_sheets})", (event,))
        # What corrected rows said before, and a second typing's rows: signer data too.
        conn.execute(
            "DELETE FROM row_history WHERE signature_id IN"
            f" (SELECT id FROM signatures WHERE sheet_id IN ({event_sheets}))",
            (event,),
        )
        conn.execute(f"DELETE FROM second_pass WHERE sheet_id IN ({event_sheets})", (event,))
        # The photos of the sheets (handwriting) and what was read off them.
        event_scans = f"SELECT id FROM sheet_scans WHERE sheet_id IN ({event_sheets})"
        conn.execute(
            f"UPDATE signatures SET scan_id = NULL WHERE scan_id IN ({event_scans})", (event,)
        )
        conn.execute(f"DELETE FROM scan_rows WHERE scan_id IN ({event_scans})", (event,))
        conn.execute(f"DELETE FROM sheet_scans WHERE sheet_id IN ({event_sheets})", (event,))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("VACUUM")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return plan
