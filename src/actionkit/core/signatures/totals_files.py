"""Totals from files received at the centre: exports (xlsx or CSV, any preset) and
merged workbooks, read as the merge reads them (merge.read_export), plus what only
a workbook says: the paper counts (Sheets), the events' dates and cities (Events),
the rows judged the same person (duplicate_of) and the duplicate decisions of a
merge (Merged). Protected files are opened in memory only, as the merge does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.totals import EventInfo, Totals, totals_from_rows

if TYPE_CHECKING:
    from actionkit.core.signatures.xlsx_read import XlsxReader

# A merged workbook's Merged sheet lists every duplicate decision, one a line; its
# "decision" column says which pairs were kept apart to decide (the others are
# decided: merged, or different people). Older merges list merged rows only.
DUPLICATES_SHEET = "Merged"
OFFICE_ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a password-protected file starts
TO_DECIDE = "kept apart: possible duplicate"


def _duplicates(book: XlsxReader) -> tuple[int, int]:
    """(decided, pending) from a merged workbook's Merged sheet."""
    decided = pending = 0
    for line in _table(book, DUPLICATES_SHEET):
        if line.get("decision", "").startswith(TO_DECIDE):
            pending += 1
        else:
            decided += 1
    return decided, pending


@dataclass
class FileTotals:
    """Totals over files, and the files left out with the reason."""

    totals: Totals
    failed: list[tuple[str, str]]


def _workbook(path: Path, password: str | None, identity: str | None) -> XlsxReader | None:
    """The workbook behind an export (unsealed, decrypted), for its Sheets, Events
    and duplicate lists; None for a CSV file or one read_export already refused."""
    from actionkit.core.signatures.export import decrypt_with_password
    from actionkit.core.signatures.sealing import is_sealed, unseal
    from actionkit.core.signatures.xlsx_read import XlsxReader

    try:
        raw = path.read_bytes()
        if is_sealed(raw):
            raw = unseal(raw, identity or "")
        if raw[: len(OFFICE_ENCRYPTED)] == OFFICE_ENCRYPTED:
            raw = decrypt_with_password(raw, password or "")
        if not raw.startswith(b"PK"):
            return None
        return XlsxReader(raw)
    except (ActionKitError, OSError, ValueError):
        return None


def _table(book: XlsxReader, name: str) -> Iterator[dict[str, str]]:
    rows = book.rows(name)
    header = next(rows, [])
    for row in rows:
        yield dict(zip(header, row, strict=False))


def _with_provenance(values: Mapping[str, str], provenance: Sequence[str]) -> dict[str, str]:
    """A signer's values with the event, sheet and row its export gave it (merge's
    reader keeps them as the provenance: file, event, sheet, row)."""
    row = dict(values)
    for name, value in zip(("event", "sheet", "row"), provenance[1:4], strict=False):
        if value and not row.get(name):
            row[name] = str(value)
    return row


def _mark_same_person(book: XlsxReader, rows: list[dict[str, str]]) -> None:
    """An export says in duplicate_of which rows were judged the same person as an
    earlier one; the merge's reader keeps only the signer's fields, so that column is
    read here and set on the rows again (matched by sheet and row)."""
    rows_read = book.rows("Signers")
    header = next(rows_read, [])
    if "duplicate_of" not in header:
        return
    column = header.index("duplicate_of")
    place = [header.index(h) if h in header else -1 for h in ("sheet", "row")]
    if -1 in place:
        place = [header.index(h) if h in header else -1 for h in ("source_sheet", "source_row")]
    if -1 in place:
        return
    same = {
        (row[place[0]], row[place[1]]): row[column]
        for row in rows_read
        if len(row) > max(column, *place) and row[column]
    }
    if same:
        for values in rows:
            earlier = same.get((values.get("sheet", ""), values.get("row", "")))
            if earlier:
                values["duplicate_of"] = earlier


def totals_from_files(
    paths: Sequence[Path],
    *,
    password: str | None = None,
    identity: str | None = None,
    today: dt.date | None = None,
) -> FileTotals:
    """Totals over exports and merged workbooks (read as merge reads them). An
    export's Sheets sheet gives the paper counts (each sheet counted once, even
    when two files carry it), its Events sheet the events' dates and cities; a
    merged workbook's Merged sheet the duplicates merged. A file that cannot be
    read is left out and listed in `failed`."""
    from actionkit.core.signatures.merge_read import FIELD_COUNT, MERGED_FIELDS, read_file

    rows: list[Mapping[str, str]] = []
    failed: list[tuple[str, str]] = []
    events: dict[str, EventInfo] = {}
    sheets: dict[str, tuple[str, int | None, int, int]] = {}  # id -> event, paper, untyped, typed
    decided = pending = 0
    read: list[str] = []
    for path in paths:
        try:
            signers, context = read_file(Path(path), password, identity)
        except ActionKitError as exc:
            failed.append((Path(path).name, str(exc)))
            continue
        read.append(Path(path).name)
        found = [
            _with_provenance(
                dict(zip(MERGED_FIELDS, map(str, row[:FIELD_COUNT]), strict=True)),
                [str(v) for v in row[FIELD_COUNT:]],
            )
            for row in signers
        ]
        rows.extend(found)
        # The events as the file gives them (an export's Events sheet, a CSV's event
        # columns): the event's own name, date and city, not its first signer's city.
        for slug, name, date, city, _country in context.events:
            if slug not in events or not events[slug].city:
                events[slug] = EventInfo(name, date, city)
        book = _workbook(Path(path), password, identity)
        if book is None:
            continue
        names = book.sheet_names
        try:
            _mark_same_person(book, found)
            if "Events" in names:
                for line in _table(book, "Events"):
                    get = line.get
                    info = EventInfo(get("name", ""), get("date", ""), get("city", ""))
                    events.setdefault(line.get("event", ""), info)
            if "Sheets" in names:
                for sheet in _table(book, "Sheets"):
                    written = sheet.get("paper_count", "")
                    missing, entered = sheet.get("missing", ""), sheet.get("entered", "")
                    sheets[sheet.get("sheet", "")] = (
                        sheet.get("event", ""),
                        int(written) if written.isdigit() else None,
                        int(missing) if written.isdigit() and missing.isdigit() else 0,
                        int(entered) if entered.isdigit() else 0,
                    )
            if DUPLICATES_SHEET in names:
                more_decided, more_pending = _duplicates(book)
                decided, pending = decided + more_decided, pending + more_pending
        except ActionKitError as exc:
            failed.append((Path(path).name, f"its Sheets or Events sheet: {exc}"))
    paper: dict[str, tuple[int | None, int, int]] = {}
    for slug, count, untyped, typed in sheets.values():
        counted, before_untyped, before_typed = paper.get(slug, (None, 0, 0))
        if count is not None:
            counted = (counted or 0) + count
        paper[slug] = (counted, before_untyped + untyped, before_typed + typed)
    totals = totals_from_rows(
        rows,
        decided=decided,
        pending=pending,
        events=events,
        paper=paper,
        today=today,
        sources=read,
    )
    return FileTotals(totals, failed)
