"""Signer exports for the central campaign: .xlsx (and CSV), in a chosen column layout.

openpyxl is used in write-only mode (the normal mode keeps the whole sheet in
memory) and every user string is written as a text cell: openpyxl would
otherwise store "=HYPERLINK(...)" as a live formula. CSV has no cell types,
so a leading apostrophe guards text that a spreadsheet would run.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from actionkit import get_version
from actionkit.core.assets import asset_path
from actionkit.core.errors import ActionKitError
from actionkit.core.safe_text import spreadsheet_safe
from actionkit.core.signatures.store import SignatureStore, now
from actionkit.core.signatures.validation import SIGNER_FIELDS
from actionkit.core.storage import atomic_write, check_target, private_tempdir

SCHEMA = "actionkit-signers"
SCHEMA_VERSION = 1
NUMERIC_FIELDS = frozenset({"row"})

Progress = Callable[[int, int], None]


class ExportCancelled(ActionKitError):
    """The user stopped the export; nothing was written."""


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    columns: tuple[tuple[str, str], ...]  # (header, field)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    purged_left_out: int = 0  # rows whose personal data was purged: not signers any more


def load_presets(config_dir: Path | None = None) -> dict[str, Preset]:
    """Bundled presets, plus any the user (or the centre) added in the config folder."""
    sources = [asset_path("data", "export_presets.json")]
    if config_dir is not None and (config_dir / "export_presets.json").is_file():
        sources.append(config_dir / "export_presets.json")
    presets: dict[str, Preset] = {}
    for source in sources:
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
            for name, spec in data["presets"].items():
                columns = tuple((str(h), str(f)) for h, f in spec["columns"])
                unknown = [f for _, f in columns if f not in FIELDS]
                if unknown:
                    raise ValueError(f"preset {name!r} uses unknown field(s) {', '.join(unknown)}")
                presets[name] = Preset(name, str(spec.get("label", name)), columns)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ActionKitError(
                f"{source.name}: cannot read the export presets ({exc}).",
                key="export.presets",
                file=source.name,
                reason=str(exc),
            ) from exc
    return presets


FIELDS = frozenset(
    [
        *SIGNER_FIELDS,
        "flags",
        "duplicate_of",
        "event",
        "event_name",
        "event_date",
        "event_city",
        "sheet",
        "row",
        "entered_at",
        "entered_by",
    ]
)
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
    "duplicate_of": "s.id",
    "event": "e.slug",
    "event_name": "e.name",
    "event_date": "e.date",
    "event_city": "e.city",
    "sheet": "s.sheet_id",
    "row": "s.row_number",
    "entered_at": "s.entered_at",
    "entered_by": "s.entered_by",
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
    preset: Preset, event: str | None, consented_only: bool, *, purged: bool = False
) -> tuple[str, tuple[str, ...]]:
    """SQL selecting the preset's columns, in paper order, for live (not deleted) rows
    that are still signers (not purged); with `purged`, the purged rows instead."""
    columns = ", ".join(_FIELD_SQL[field] for _, field in preset.columns)
    where = ["s.deleted_at IS NULL", PURGED_SQL if purged else f"NOT {PURGED_SQL}"]
    params: tuple[str, ...] = ()
    if event:
        where.append("e.slug = ?")
        params = (event,)
    if consented_only:
        where.append("s.consent = 1")
    query = (
        f"SELECT {columns} FROM signatures s JOIN sheets sh ON sh.id = s.sheet_id"
        f" JOIN events e ON e.id = sh.event_id WHERE {' AND '.join(where)}"
        " ORDER BY e.date, sh.created_at, sh.id, s.row_number"
    )
    return query, params


def _rows(
    store: SignatureStore, preset: Preset, event: str | None, consented_only: bool
) -> tuple[list[str], int, Iterator[tuple[Any, ...]]]:
    if event:
        store.event(event)
    query, params = export_query(preset, event, consented_only)
    total = int(store.conn.execute(f"SELECT COUNT(*) FROM ({query})", params).fetchone()[0])
    headers = [header for header, _ in preset.columns]
    duplicate_columns = [i for i, (_, f) in enumerate(preset.columns) if f == "duplicate_of"]
    labels = _duplicate_labels(store) if duplicate_columns else {}

    def fetched() -> Iterator[tuple[Any, ...]]:
        # In batches: a cursor stepped one row at a time between Python work drops and
        # retakes the GIL for every row, and a window's thread waiting for the GIL then
        # starves (stalls of 100-500 ms measured); a batch gives it its turn.
        cursor = store.conn.execute(query, params)
        while batch := cursor.fetchmany(500):
            yield from batch

    def generate() -> Iterator[tuple[Any, ...]]:
        if not duplicate_columns:
            yield from fetched()
            return
        for row in fetched():
            values = list(row)
            for i in duplicate_columns:
                values[i] = labels.get(values[i], "")
            yield tuple(values)

    return headers, total, generate()


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
        ["preset", preset.name],
        ["event", event or "all events"],
        ["consented_only", "yes" if consented_only else "no"],
        ["rows", str(rows)],
    ]


def _cells(sheet: Any) -> Callable[[Any], Any]:
    """Values as openpyxl should write them: empty cells left out, and text that
    openpyxl would store as a formula (it starts with "=") forced to a text cell."""
    from openpyxl.cell import WriteOnlyCell

    def cell(value: Any) -> Any:
        if value == "":
            return None
        if isinstance(value, str) and value.startswith("="):
            forced = WriteOnlyCell(sheet, value=value)
            forced.data_type = "s"
            return forced
        return value

    return cell


def append_rows(sheet: Any, rows: Iterable[Iterable[Any]]) -> None:
    """Append rows to a write-only sheet, every string kept as text."""
    cell = _cells(sheet)
    for row in rows:
        sheet.append([cell(v) for v in row])


def export_xlsx(
    store: SignatureStore,
    target: Path,
    preset: Preset,
    *,
    event: str | None = None,
    consented_only: bool = False,
    password: str | None = None,
    seal_to: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ExportResult:
    """Signers, Sheets, Events and About sheets; rows stream through openpyxl's
    temporary files, kept in a private folder beside the store."""
    check_target(target)
    with private_tempdir(store.path.parent):
        count = _write_xlsx(
            store, target, preset, event, consented_only, password, seal_to, progress, cancelled
        )
    store.log_export(
        Path(target).name,
        "xlsx+age" if seal_to else "xlsx",
        _filters(event, consented_only, preset),
        count,
        bool(password or seal_to),
    )
    return ExportResult(Path(target), count, purged_rows(store, preset, event))


def _write_xlsx(
    store: SignatureStore,
    target: Path,
    preset: Preset,
    event: str | None,
    consented_only: bool,
    password: str | None,
    seal_to: str | None,
    progress: Progress | None,
    cancelled: Callable[[], bool],
) -> int:
    from openpyxl import Workbook

    headers, total, rows = _rows(store, preset, event, consented_only)
    book = Workbook(write_only=True)
    signers = book.create_sheet("Signers")
    cell = _cells(signers)
    signers.append([cell(h) for h in headers])
    count = 0
    for count, row in enumerate(rows, 1):
        signers.append([cell(v) for v in row])
        if count % 1000 == 0:
            if cancelled():
                signers.close()  # end openpyxl's streaming writer cleanly
                raise ExportCancelled(
                    "Export cancelled; no file was written.", key="export.cancelled"
                )
            if progress:
                progress(count, total)
    if progress:
        progress(count, total)
    sheets = book.create_sheet("Sheets")
    sheets.append(
        ["sheet", "event", "languages", "printed_rows", "paper_count", "entered", "state"]
    )
    append_rows(
        sheets,
        (
            (
                sheet.id,
                sheet.event_slug,
                ",".join(sheet.languages),
                sheet.printed_rows,
                sheet.paper_count if sheet.paper_count is not None else "",
                sheet.entered,
                sheet.state,
            )
            for sheet in store.sheets(event)
        ),
    )
    events = book.create_sheet("Events")
    events.append(["event", "name", "date", "place", "city", "country", "organizer", "languages"])
    append_rows(
        events,
        (
            (e.slug, e.name, e.date, e.place, e.city, e.country, e.organizer, ",".join(e.languages))
            for e in store.events()
            if event is None or e.slug == event
        ),
    )
    append_rows(book.create_sheet("About"), _about(preset, event, consented_only, count))

    def write(path: Path) -> None:
        if not (password or seal_to):
            book.save(path)
            return
        buffer = BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        if password:
            data = encrypt_with_password(data, password)
        if seal_to:
            from actionkit.core.signatures.sealing import seal

            data = seal(data, seal_to)
        path.write_bytes(data)

    atomic_write(Path(target), write)
    return count


def export_csv(
    store: SignatureStore,
    target: Path,
    preset: Preset,
    *,
    event: str | None = None,
    consented_only: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    check_target(target)
    headers, total, rows = _rows(store, preset, event, consented_only)
    count = 0

    def write(path: Path) -> None:
        nonlocal count
        # UTF-8 with a byte order mark: Excel then reads Persian and accents correctly.
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for count, row in enumerate(rows, 1):
                writer.writerow([spreadsheet_safe(v) if isinstance(v, str) else v for v in row])
                if progress and count % 5000 == 0:
                    progress(count, total)

    atomic_write(Path(target), write)
    store.log_export(
        Path(target).name, "csv", _filters(event, consented_only, preset), count, False
    )
    return ExportResult(Path(target), count, purged_rows(store, preset, event))


def _filters(event: str | None, consented_only: bool, preset: Preset) -> str:
    """The export log's record of what was exported; read_filters reads it back."""
    consent = "yes" if consented_only else "no"
    return f"event={event or 'all'}; consented_only={consent}; preset={preset.name}"


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
