"""After the hand-off: the export log, and purging an event's personal data.

Purging keeps what the campaign still needs locally (events, sheets, how many
rows each sheet had, consent ticks as counts) and blanks every personal field
of the event's rows. SQLite's secure_delete (on for this store) zeroes freed
content, and a VACUUM plus a WAL checkpoint rewrite the file, so the names
are gone from the bytes on disk, not only from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from actionkit.core.errors import Message
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import SignatureStore

PERSONAL = ("first_name", "last_name", "email", "city", "country", "postal_code", "entered_by")
KEYS = ("name_key", "email_key", "city_key")


@dataclass(frozen=True)
class ExportRecord:
    """One line of the export log: never the data, only what was written where."""

    at: str
    file_name: str
    format: str
    filters: str
    rows: int
    protected: bool


@dataclass(frozen=True)
class PurgePlan:
    event: str
    rows: int  # rows whose personal fields will be blanked
    sheets: int
    exported: list[ExportRecord]

    def describe(self) -> Message:
        """What the purge deletes, in whole sentences; keyed, so the GUI translates it."""
        return Message(
            f"This deletes the personal data of {self.rows} signer row(s) on {self.sheets} "
            f"sheet(s) of the event {self.event}: names, email addresses, cities, postal "
            "codes and countries, and who typed each row in. It cannot be undone. The "
            "event, its sheets and the number of rows on each sheet stay.",
            key="purge.plan",
            rows=self.rows,
            sheets=self.sheets,
            event=self.event,
        )


def export_log(store: SignatureStore) -> list[ExportRecord]:
    rows = store.conn.execute(
        "SELECT at, file_name, format, filters, rows, protected FROM exports ORDER BY id"
    ).fetchall()
    return [
        ExportRecord(
            r["at"], r["file_name"], r["format"], r["filters"], r["rows"], bool(r["protected"])
        )
        for r in rows
    ]


def _covers(record: ExportRecord, event: str) -> bool:
    """An export of this event, or of all events, with every signer (not consent-only)."""
    from actionkit.core.signatures.export import read_filters

    filters = read_filters(record.filters)
    return filters.get("event") in (event, "all") and filters.get("consented_only") == "no"


def plan_purge(store: SignatureStore, event: str) -> PurgePlan:
    store.event(event)  # a clear error for an unknown event
    rows = store.conn.execute(
        "SELECT COUNT(*) FROM signatures s JOIN sheets h ON h.id = s.sheet_id"
        " JOIN events e ON e.id = h.event_id WHERE e.slug = ?"
        " AND (s.first_name != '' OR s.last_name != '' OR s.email != '' OR s.city != '')",
        (event,),
    ).fetchone()[0]
    sheets = len(store.sheets(event))
    exported = [r for r in export_log(store) if _covers(r, event)]
    return PurgePlan(event, int(rows), sheets, exported)


def purge_event(store: SignatureStore, event: str, *, unexported_ok: bool = False) -> PurgePlan:
    """Blank the personal fields of an event's rows and scrub them from the file."""
    plan = plan_purge(store, event)
    if not plan.exported and not unexported_ok:
        raise StoreError(
            f"Event {event!r} has not been exported with all its signers yet; export it "
            "first (or confirm that its data may be lost).",
            key="purge.not_exported",
            event=event,
        )
    blank = ", ".join(f"{column} = ''" for column in (*PERSONAL, *KEYS))
    # Flagged, so an export leaves the row out instead of showing an empty signer.
    blank += (
        ", flags = CASE WHEN flags = '' THEN 'purged'"
        " WHEN (',' || flags || ',') LIKE '%,purged,%' THEN flags ELSE flags || ',purged' END"
    )
    with store._write() as conn:
        conn.execute(
            f"UPDATE signatures SET {blank} WHERE sheet_id IN ("
            " SELECT h.id FROM sheets h JOIN events e ON e.id = h.event_id WHERE e.slug = ?)",
            (event,),
        )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("VACUUM")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return plan
