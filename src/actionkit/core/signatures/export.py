"""Signer exports for the central campaign: .xlsx (and CSV), in a chosen column layout.

Workbooks are written by xlsx_write, which deflates the rows straight into
the output's own temporary file (or into memory, when the workbook is then
encrypted or sealed): no row is ever written to any other file. Every user
string is a text cell, so "=HYPERLINK(...)" is never a live formula. CSV has
no cell types, so a leading apostrophe guards text that a spreadsheet would run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from actionkit import get_version
from actionkit.core.errors import ActionKitError, Message
from actionkit.core.signatures.csv_write import (
    FormulaCell,
    FormulaRefused,
    default_delimiter,
    formula_cells,
    write_csv,
)
from actionkit.core.signatures.marks import BLANK, flag_sql
from actionkit.core.signatures.presets import (
    FIELDS,
    PRESETS_FILE,
    Column,
    Preset,
    PresetError,
    ValueRefused,
    about_rows,
    load_presets,
    match_preset,
)
from actionkit.core.signatures.records import Sheet
from actionkit.core.signatures.store import SignatureStore, now
from actionkit.core.signatures.totals import add_summary_sheet, store_totals
from actionkit.core.signatures.validation import FLAG_WORDS, WARN_PREFIX, WARNED_WORDS
from actionkit.core.signatures.xlsx_write import XlsxWriter, column_widths
from actionkit.core.storage import atomic_write, check_target

# Moved to presets.py; still importable from here.
__all__ = [
    "FIELDS",
    "Column",
    "ExportResult",
    "Preset",
    "PresetError",
    "export_csv",
    "export_xlsx",
    "load_presets",
    "match_preset",
]

SCHEMA = "actionkit-signers"
SCHEMA_VERSION = 1
NUMERIC_FIELDS = frozenset({"row"})
PASSWORD_MIN_SIZE = 4608

Progress = Callable[[int, int], None]


class ExportCancelled(ActionKitError):
    """The user stopped the export; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    purged_left_out: int = 0  # rows whose personal data was purged: not signers any more
    # Signers left out because they did not consent (asked for, or the preset's
    # receiving system takes only opted-in people).
    unconsented_left_out: int = 0
    # What the preset's value forms could not do as asked, in words, one per value
    # (a country left as typed, a value cut to the receiving system's limit).
    notes: tuple[Message, ...] = ()
    # Rows left out for a flag the preset names (marked illegible or declined, say).
    flagged_left_out: int = 0
    # CSV for a CRM whose rule is "flag": values written as they are that start like a
    # formula (where they are, never what they hold).
    formulas_flagged: tuple[FormulaCell, ...] = ()
    # Rows left out for want of a field the preset requires (no email for a CRM that
    # keys people by email). Disjoint from the counts above: a row marked illegible, or
    # without consent where only opt-ins go, is counted there.
    missing_left_out: int = 0


# The Sheets sheet of an xlsx export: each sheet at a glance.
EVENT_COLUMNS = (
    "event",
    "name",
    "date",
    "start_time",
    "end_time",
    "place",
    "city",
    "country",
    "organizer",
    "languages",
)
SHEET_COLUMNS = (
    "sheet",
    "event",
    "languages",
    "printed_rows",
    "paper_count",
    "entered",
    "marked",
    "flagged",
    "missing",
    "extra",
    "state",
)


def export_columns(preset: Preset) -> tuple[tuple[str, str], ...]:
    """The (header, field) columns an export of `preset` writes, in order ("" as
    the field of a constant column): the one place both xlsx and CSV take them from."""
    return tuple((c.header, c.field) for c in preset.columns)


def _flagged_sql() -> str:
    """SQL giving a row's flags in words, as validation.flags_in_words does (a test
    holds them equal): in SQL, so a 100,000-row export spends no Python on the
    column. Stored flags are sorted, and no code is part of another code's words."""

    def quoted(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    expression = "s.flags"
    for code, words in FLAG_WORDS.items():
        expression = f"replace({expression}, {quoted(code)}, {quoted(words)})"
    expression = f"replace({expression}, ',', '; ')"
    expression = f"replace({expression}, {quoted(WARN_PREFIX)}, {quoted(WARNED_WORDS)})"
    return f"CASE s.flags WHEN '' THEN '' ELSE {expression} END"


# Each export field as SQL over signatures s, sheets sh, events e
# ("duplicate_of" selects the row id; the label is filled in in Python).
_FIELD_SQL = {
    "first_name": "s.first_name",
    "last_name": "s.last_name",
    "email": "s.email",
    "city": "s.city",
    "postal_code": "s.postal_code",
    "country": "s.country",
    "consent": "CASE s.consent WHEN 1 THEN 'yes' ELSE 'no' END",
    "flags": "s.flags",
    "flagged": _flagged_sql(),
    "duplicate_of": "s.id",
    "event": "e.slug",
    "event_name": "e.name",
    "event_date": "e.date",
    "event_city": "e.city",
    "sheet": "s.sheet_id",
    "row": "s.row_number",
    "entered_at": "s.entered_at",
    "entered_by": "s.entered_by",
    "": "''",  # a constant column: the preset fills it in
}


def _duplicate_labels(store: SignatureStore) -> dict[int, str]:
    """For rows judged the same person as an earlier row: where that earlier row is."""
    labels: dict[int, str] = {}
    for later, earlier in store.conn.execute(
        "SELECT MAX(d.signature_id, d.other_id), s.sheet_id || ' row ' || s.row_number"
        " FROM duplicate_decisions d JOIN signatures s ON s.id = MIN(d.signature_id, d.other_id)"
        " WHERE d.decision = 'same_person'"
    ):
        labels[int(later)] = str(earlier)
    return labels


# A row whose personal data was purged (purge.py flags it; a store purged before the
# flag existed shows it as a row with every personal field blank and no flag saying the
# paper was illegible or declined). Exported, it would count as a consenting signer.
PURGED_SQL = (
    "((',' || s.flags || ',') LIKE '%,purged,%' OR (s.first_name = '' AND s.last_name = ''"
    " AND s.email = '' AND s.city = '' AND s.postal_code = '' AND s.country = ''"
    " AND s.flags = ''))"
)


def export_query(
    preset: Preset,
    event: str | None,
    consented_only: bool,
    *,
    purged: bool = False,
    up_to: int | None = None,
    unconsented: bool = False,
    flagged: bool = False,
    missing: bool = False,
    select: str | None = None,
) -> tuple[str, tuple[str | int, ...]]:
    """SQL selecting the preset's columns (or `select`), in paper order, for live (not
    deleted) rows that are still signers (not purged, not marked blank: an empty or
    crossed-out paper row has nobody to export) and carry no flag the preset leaves
    out; with `purged`, the purged rows instead; with `unconsented`, only those
    without consent; with `flagged`, only those the preset leaves out for a flag; with
    `missing`, only those lacking a field the preset requires (the export itself leaves
    them out). With `up_to`, only rows whose id is at most that (what the export log
    says it covered)."""
    columns = select or ", ".join(_FIELD_SQL[field] for _, field in export_columns(preset))
    where = [
        "s.deleted_at IS NULL",
        f"NOT {flag_sql(BLANK)}",
        PURGED_SQL if purged else f"NOT {PURGED_SQL}",
    ]
    if preset.leave_out_flags and not purged:
        any_flag = " OR ".join(flag_sql(flag) for flag in preset.leave_out_flags)
        where.append(f"({any_flag})" if flagged else f"NOT ({any_flag})")
    if preset.requires and not (purged or flagged or unconsented):
        lacking = " OR ".join(f"trim({_FIELD_SQL[name]}) = ''" for name in preset.requires)
        where.append(f"({lacking})" if missing else f"NOT ({lacking})")
    params: tuple[str | int, ...] = ()
    if event:
        where.append("e.slug = ?")
        params = (event,)
    if up_to is not None:
        where.append("s.id <= ?")
        params = (*params, up_to)
    if consented_only:
        where.append("s.consent = 1")
    if unconsented:
        where.append("s.consent <> 1")
    query = (
        f"SELECT {columns} FROM signatures s JOIN sheets sh ON sh.id = s.sheet_id"
        f" JOIN events e ON e.id = sh.event_id WHERE {' AND '.join(where)}"
        " ORDER BY e.date, sh.created_at, sh.id, s.row_number"
    )
    return query, params


def _rows(
    store: SignatureStore,
    preset: Preset,
    event: str | None,
    consented_only: bool,
    up_to: int,
    notes: list[Message] | None = None,
) -> tuple[list[str], int, Iterator[tuple[Any, ...]]]:
    """The export's headers, row count and rows (cells, the preset's value forms
    applied). A preset whose receiving system takes only opted-in people always
    leaves the others out. What a value form could not do goes to `notes` and,
    when the preset has the flagged column, to that row's flagged words."""
    if event:
        store.event(event)
    consented_only = consented_only or preset.consented_only
    query, params = export_query(preset, event, consented_only, up_to=up_to)
    total = int(store.conn.execute(f"SELECT COUNT(*) FROM ({query})", params).fetchone()[0])
    columns = export_columns(preset)
    headers = [header for header, _ in columns]
    duplicate_columns = [i for i, (_, f) in enumerate(columns) if f == "duplicate_of"]
    labels = _duplicate_labels(store) if duplicate_columns else {}
    row_notes: list[Message] = []
    render = preset.row_function(row_notes)
    flagged = next((i for i, (_, f) in enumerate(columns) if f == "flagged"), None)

    def fetched() -> Iterator[tuple[Any, ...]]:
        # In batches: a cursor stepped one row at a time between Python work drops and
        # retakes the GIL for every row, and a window's thread waiting for the GIL then
        # starves (stalls of 100-500 ms measured); a batch gives it its turn.
        cursor = store.conn.execute(query, params)
        while batch := cursor.fetchmany(500):
            yield from batch

    def labelled() -> Iterator[tuple[Any, ...]]:
        if not duplicate_columns:
            yield from fetched()
            return
        for row in fetched():
            values = list(row)
            for i in duplicate_columns:
                values[i] = labels.get(values[i], "")
            yield tuple(values)

    def generate() -> Iterator[tuple[Any, ...]]:
        if render is None:
            yield from labelled()
            return
        for position, row in enumerate(labelled(), 1):
            try:
                cells = render(row)
            except ValueRefused as exc:
                where = _row_at(store, preset, event, consented_only, up_to, position)
                raise ValueRefused(
                    f"Not exported: {where}: {exc} Shorten it on that row, or let the export"
                    f" cut it: in {PRESETS_FILE} in the ActionKit config folder, set"
                    f' "too_long": "cut" on the column {exc.params.get("header", "")} of'
                    f" the layout {preset.name}.",
                    key=f"{exc.key}_at",
                    where=where,
                    preset=preset.name,
                    **exc.params,
                ) from exc
            if row_notes:
                if notes is not None:
                    notes.extend(row_notes)
                if flagged is not None:
                    said = str(cells[flagged] or "")
                    cells = (
                        *cells[:flagged],
                        "; ".join([said, *row_notes] if said else row_notes),
                        *cells[flagged + 1 :],
                    )
                row_notes.clear()
            yield cells

    return headers, total, generate()


def _row_at(
    store: SignatureStore,
    preset: Preset,
    event: str | None,
    consented_only: bool,
    up_to: int,
    position: int,
) -> str:
    """Where the export's `position`th signer is on paper ("sheet X row Y")."""
    query, params = export_query(
        preset, event, consented_only, up_to=up_to, select="s.sheet_id, s.row_number"
    )
    found = store.conn.execute(f"{query} LIMIT 1 OFFSET ?", (*params, position - 1)).fetchone()
    return f"sheet {found[0]} row {found[1]}" if found else f"signer {position}"


def flagged_rows(store: SignatureStore, preset: Preset, event: str | None, up_to: int) -> int:
    """How many rows an export leaves out for a flag its preset names (a row marked
    illegible or declined has no person a CRM could take)."""
    if not preset.leave_out_flags:
        return 0
    query, params = export_query(preset, event, False, up_to=up_to, flagged=True)
    return int(store.conn.execute(f"SELECT COUNT(*) FROM ({query})", params).fetchone()[0])


def missing_rows(
    store: SignatureStore, preset: Preset, event: str | None, consented_only: bool, up_to: int
) -> int:
    """How many rows an export leaves out for want of a field its preset requires
    (those without consent, where only opt-ins go, are counted as unconsented)."""
    if not preset.requires:
        return 0
    consented_only = consented_only or preset.consented_only
    query, params = export_query(preset, event, consented_only, up_to=up_to, missing=True)
    return int(store.conn.execute(f"SELECT COUNT(*) FROM ({query})", params).fetchone()[0])


def unconsented_rows(
    store: SignatureStore, preset: Preset, event: str | None, consented_only: bool, up_to: int
) -> int:
    """How many signers an export leaves out because they did not consent."""
    if not (consented_only or preset.consented_only):
        return 0
    query, params = export_query(preset, event, False, up_to=up_to, unconsented=True)
    return int(store.conn.execute(f"SELECT COUNT(*) FROM ({query})", params).fetchone()[0])


def _result(
    store: SignatureStore,
    target: Path,
    count: int,
    preset: Preset,
    event: str | None,
    consented_only: bool,
    up_to: int,
    notes: list[Message],
) -> ExportResult:
    return ExportResult(
        target,
        count,
        purged_rows(store, preset, event),
        unconsented_rows(store, preset, event, consented_only, up_to),
        tuple(notes),
        flagged_rows(store, preset, event, up_to),
        missing_left_out=missing_rows(store, preset, event, consented_only, up_to),
    )


def purged_rows(store: SignatureStore, preset: Preset, event: str | None) -> int:
    """How many rows an export leaves out because their personal data was purged."""
    query, params = export_query(preset, event, False, purged=True)
    return int(store.conn.execute(f"SELECT COUNT(*) FROM ({query})", params).fetchone()[0])


def _about(preset: Preset, event: str | None, consented_only: bool, rows: int) -> list[list[str]]:
    return [
        ["key", "value"],
        ["schema", SCHEMA],
        ["schema_version", str(SCHEMA_VERSION)],
        ["app", f"ActionKit {get_version()}"],
        ["exported_at", now()],
        *about_rows(preset),
        ["event", event or "all events"],
        ["consented_only", "yes" if consented_only else "no"],
        ["rows", str(rows)],
    ]


def export_xlsx(
    store: SignatureStore,
    target: Path | IO[bytes],
    preset: Preset,
    *,
    event: str | None = None,
    consented_only: bool = False,
    password: str | None = None,
    seal_to: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ExportResult:
    """Signers, Sheets, Events and About sheets. A plain workbook streams into its own
    temporary file beside `target`; a protected or sealed one is built in memory and
    only its encrypted bytes are written. A binary stream (stdout) gets the workbook
    straight, and the export log says "stdout"."""
    consented_only = consented_only or preset.consented_only
    up_to = store.highest_row_id()
    count = 0
    notes: list[Message] = []

    def build(out: IO[bytes]) -> None:
        nonlocal count
        notes.clear()
        count = _write_xlsx(
            store, out, preset, event, consented_only, up_to, progress, cancelled, notes
        )

    def write_to(out: IO[bytes]) -> None:
        if not (password or seal_to):
            build(out)
            return
        buffer = BytesIO()
        build(buffer)
        data = buffer.getvalue()
        del buffer
        if password:
            data = encrypt_with_password(data, password)
        if seal_to:
            from actionkit.core.signatures.sealing import seal

            data = seal(data, seal_to)
        out.write(data)

    if not isinstance(target, Path):
        # A value the preset refuses stops the export before a byte goes to stdout.
        for _ in _rows(store, preset, event, consented_only, up_to)[2]:
            pass
    name = _deliver(target, write_to, store)
    store.log_export(
        name,
        "xlsx+age" if seal_to else "xlsx",
        _filters(event, consented_only, preset),
        count,
        bool(password or seal_to),
        event=event,
        consented_only=consented_only,
        preset=preset.name,
        up_to=up_to,
    )
    path = target if isinstance(target, Path) else Path("-")
    return _result(store, path, count, preset, event, consented_only, up_to, notes)


def _write_xlsx(
    store: SignatureStore,
    out: IO[bytes],
    preset: Preset,
    event: str | None,
    consented_only: bool,
    up_to: int,
    progress: Progress | None,
    cancelled: Callable[[], bool],
    notes: list[Message],
) -> int:
    headers, total, rows = _rows(store, preset, event, consented_only, up_to, notes)
    # msoffcrypto cannot read back a password-protected workbook under 4 KB (it is
    # then kept in the container's small-stream area): pad small ones past that.
    with XlsxWriter(out, min_size=PASSWORD_MIN_SIZE) as book:
        count = 0
        with book.sheet("Signers", column_widths(headers)) as signers:
            signers.append(headers)
            for count, row in enumerate(rows, 1):
                signers.append(row)
                if count % 1000 == 0:
                    if cancelled():
                        raise ExportCancelled(
                            "Export cancelled; no file was written.", key="export.cancelled"
                        )
                    if progress:
                        progress(count, total)
        if progress:
            progress(count, total)
        with book.sheet("Sheets", column_widths(SHEET_COLUMNS)) as sheets:
            sheets.append(SHEET_COLUMNS)
            sheets.extend(
                tuple(_sheet_value(sheet, column) for column in SHEET_COLUMNS)
                for sheet in store.sheets(event)
            )
        with book.sheet("Events", column_widths(EVENT_COLUMNS)) as events:
            events.append(EVENT_COLUMNS)
            events.extend(
                (
                    e.slug,
                    e.name,
                    e.date,
                    e.start_time,
                    e.end_time,
                    e.place,
                    e.city,
                    e.country,
                    e.organizer,
                    ",".join(e.languages),
                )
                for e in store.events()
                if event is None or e.slug == event
            )
        with book.sheet("About") as about:
            about.extend(_about(preset, event, consented_only, count))
        add_summary_sheet(book, store_totals(store, event=event))
    return count


def _sheet_value(sheet: Sheet, column: str) -> Any:
    if column == "sheet":
        return sheet.id
    if column == "event":
        return sheet.event_slug
    if column == "languages":
        return ",".join(sheet.languages)
    return getattr(sheet, column)


def export_csv(
    store: SignatureStore,
    target: Path | IO[bytes],
    preset: Preset,
    *,
    event: str | None = None,
    consented_only: bool = False,
    progress: Progress | None = None,
    delimiter: str | None = None,
    formulas: str | None = None,
) -> ExportResult:
    """Signers as CSV (csv_write: the delimiter, byte order mark and formula rule of a
    spreadsheet or a CRM preset) into `target`'s own temporary file, or straight into a
    binary stream (stdout: logged as "stdout"). `delimiter` None: the locale's for a
    spreadsheet preset, "," for a CRM preset. `formulas` None: the preset's rule."""
    rule = formulas or preset.formulas
    spreadsheet = rule == "guard"
    if delimiter is None:
        delimiter = default_delimiter() if spreadsheet else ","
    consented_only = consented_only or preset.consented_only
    up_to = store.highest_row_id()
    notes: list[Message] = []
    headers, total, rows = _rows(store, preset, event, consented_only, up_to, notes)
    origin = _origin(preset)
    flagged: list[FormulaCell] = []
    count = 0
    if rule == "refuse" or not isinstance(target, Path):
        # Checked before a byte is written, as what went to stdout cannot be taken back:
        # the formula rule, and any value the preset refuses (reading the rows raises).
        found = formula_cells(headers, rows, origin)
        if rule == "refuse" and found:
            raise FormulaRefused(found)
        notes.clear()
        headers, total, rows = _rows(store, preset, event, consented_only, up_to, notes)

    def counted() -> Iterator[tuple[Any, ...]]:
        for done, row in enumerate(rows, 1):
            yield row
            if progress and done % 5000 == 0:
                progress(done, total)

    def write_to(out: IO[bytes]) -> None:
        nonlocal count
        count = write_csv(
            out,
            headers,
            counted(),
            delimiter=delimiter,
            bom=spreadsheet,
            formulas=rule,
            flagged=flagged,
            origin=origin,
        )

    name = _deliver(target, write_to, store)
    if progress and count >= 5000:  # ends the progress line it started
        progress(count, total)
    store.log_export(
        name,
        "csv",
        _filters(event, consented_only, preset),
        count,
        False,
        event=event,
        consented_only=consented_only,
        preset=preset.name,
        up_to=up_to,
    )
    path = target if isinstance(target, Path) else Path("-")
    result = _result(store, path, count, preset, event, consented_only, up_to, notes)
    return replace(result, formulas_flagged=tuple(flagged))


def _deliver(
    target: Path | IO[bytes], write_to: Callable[[IO[bytes]], None], store: SignatureStore
) -> str:
    """Write an export: to a file through its own temporary file beside it (replaced
    whole, and removed on the next start if this run is killed), or straight to a
    stream (standard output), never to any other file. The name the log records."""
    if not isinstance(target, Path):
        write_to(target)
        target.flush()
        return "stdout"
    target = check_target(target)

    def write(path: Path) -> None:
        with path.open("wb") as fh:
            write_to(fh)

    atomic_write(target, write, pending=store.path.parent)
    return target.name


def _origin(preset: Preset) -> Callable[[Sequence[Any]], tuple[str, str]] | None:
    """Where an exported row came from, from the preset's sheet and row columns (for a
    report of formula-looking values: never the value itself)."""
    fields = [field for _, field in export_columns(preset)]
    if "sheet" not in fields:
        return None
    sheet = fields.index("sheet")
    row = fields.index("row") if "row" in fields else None

    def where(cells: Sequence[Any]) -> tuple[str, str]:
        return str(cells[sheet]), "" if row is None else str(cells[row])

    return where


def _filters(event: str | None, consented_only: bool, preset: Preset) -> str:
    """The export log's record of what was exported; read_filters reads it back."""
    consent = "yes" if consented_only else "no"
    logged = f"event={event or 'all'}; consented_only={consent}; preset={preset.name}"
    if preset.requires:  # rows without these were left out: not a hand-off of everyone
        logged += f"; requires={','.join(preset.requires)}"
    return logged


def read_filters(logged: str) -> dict[str, str]:
    """The filters of an export log entry, as written by _filters."""
    return dict(part.strip().split("=", 1) for part in logged.split(";") if "=" in part)


def encrypt_with_password(xlsx: bytes, password: str) -> bytes:
    """Encrypt an .xlsx with a password (Office's standard encryption; LibreOffice opens it)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    if not password:
        raise ActionKitError("The password is empty.", key="export.empty_password")
    out = BytesIO()
    OOXMLFile(BytesIO(xlsx)).encrypt(password, out)
    return out.getvalue()


def decrypt_with_password(data: bytes, password: str, name: str = "the file") -> bytes:
    """The plain .xlsx inside a password-protected one."""
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    office = msoffcrypto.OfficeFile(BytesIO(data))
    try:
        office.load_key(password=password, verify_password=True)
        out = BytesIO()
        office.decrypt(out)
    except (InvalidKeyError, ValueError) as exc:
        raise ActionKitError(
            f"{name}: wrong password.", key="export.wrong_password", file=name
        ) from exc
    return out.getvalue()
