"""Signer exports for the central campaign: .xlsx (and CSV), in a chosen column layout.

openpyxl is used in write-only mode (the normal mode keeps the whole sheet in
memory) and every user string is written as a text cell: openpyxl would
otherwise store "=HYPERLINK(...)" as a live formula. CSV has no cell types,
so a leading apostrophe guards text that a spreadsheet would run.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from actionkit import get_version
from actionkit.core.assets import asset_path
from actionkit.core.errors import ActionKitError
from actionkit.core.safe_text import spreadsheet_safe
from actionkit.core.signatures.store import Signature, SignatureStore, now

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
            raise ActionKitError(f"{source.name}: cannot read the export presets ({exc}).") from exc
    return presets


def _fields(store: SignatureStore) -> Callable[[Signature], dict[str, Any]]:
    events = {e.slug: e for e in store.events()}
    same = store.same_person_ids()
    first_of: dict[int, str] = {}
    if same:
        for row in store.conn.execute(
            "SELECT MAX(signature_id, other_id), MIN(signature_id, other_id)"
            " FROM duplicate_decisions WHERE decision = 'same_person'"
        ):
            other = store.signature(int(row[1]))
            first_of[int(row[0])] = f"{other.sheet_id} row {other.row_number}"

    def values(s: Signature) -> dict[str, Any]:
        event = events[s.event_slug]
        return {
            "first_name": s.first_name,
            "last_name": s.last_name,
            "email": s.email,
            "city": s.city,
            "postal_code": s.postal_code,
            "country": s.country,
            "consent": "yes" if s.consent else "no",
            "flags": ",".join(sorted(s.flags)),
            "duplicate_of": first_of.get(s.id, ""),
            "event": event.slug,
            "event_name": event.name,
            "event_date": event.date,
            "event_city": event.city,
            "sheet": s.sheet_id,
            "row": s.row_number,
            "entered_at": s.entered_at,
            "entered_by": s.entered_by,
        }

    return values


FIELDS = frozenset(
    [
        "first_name",
        "last_name",
        "email",
        "city",
        "postal_code",
        "country",
        "consent",
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


def _rows(
    store: SignatureStore, preset: Preset, event: str | None, consented_only: bool
) -> tuple[list[str], int, Iterator[list[Any]]]:
    values = _fields(store)
    where = "e.slug = ?" if event else "1"
    params = (event,) if event else ()
    if event:
        store.event(event)
    consent = " AND s.consent = 1" if consented_only else ""
    total = int(
        store.conn.execute(
            "SELECT COUNT(*) FROM signatures s JOIN sheets sh ON sh.id = s.sheet_id"
            f" JOIN events e ON e.id = sh.event_id WHERE {where} AND s.deleted_at IS NULL{consent}",
            params,
        ).fetchone()[0]
    )
    headers = [header for header, _ in preset.columns]

    def generate() -> Iterator[list[Any]]:
        for signature in store.signatures(event, consented_only=consented_only):
            data = values(signature)
            yield [data[field] for _, field in preset.columns]

    return headers, total, generate()


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


def _text_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_xlsx(
    store: SignatureStore,
    target: Path,
    preset: Preset,
    *,
    event: str | None = None,
    consented_only: bool = False,
    password: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ExportResult:
    from openpyxl import Workbook

    headers, total, rows = _rows(store, preset, event, consented_only)
    book = Workbook(write_only=True)
    signers = book.create_sheet("Signers")
    signers.append([_text_cell(signers, h) for h in headers])
    count = 0
    for count, row in enumerate(rows, 1):
        signers.append([_text_cell(signers, v) for v in row])
        if count % 1000 == 0:
            if cancelled():
                signers.close()  # end openpyxl's streaming writer cleanly
                raise ExportCancelled("Export cancelled; no file was written.")
            if progress:
                progress(count, total)
    if progress:
        progress(count, total)
    sheets = book.create_sheet("Sheets")
    sheets.append(
        ["sheet", "event", "languages", "printed_rows", "paper_count", "entered", "state"]
    )
    for sheet in store.sheets(event):
        sheets.append(
            [
                _text_cell(sheets, v)
                for v in (
                    sheet.id,
                    sheet.event_slug,
                    ",".join(sheet.languages),
                    sheet.printed_rows,
                    sheet.paper_count if sheet.paper_count is not None else "",
                    sheet.entered,
                    sheet.state,
                )
            ]
        )
    events = book.create_sheet("Events")
    events.append(["event", "name", "date", "place", "city", "country", "organizer", "languages"])
    for e in store.events():
        if event is None or e.slug == event:
            events.append(
                [
                    _text_cell(events, v)
                    for v in (
                        e.slug,
                        e.name,
                        e.date,
                        e.place,
                        e.city,
                        e.country,
                        e.organizer,
                        ",".join(e.languages),
                    )
                ]
            )
    about = book.create_sheet("About")
    for line in _about(preset, event, consented_only, count):
        about.append([_text_cell(about, v) for v in line])

    def write(path: Path) -> None:
        if password:
            buffer = BytesIO()
            book.save(buffer)
            protect(buffer.getvalue(), path, password)
        else:
            book.save(path)

    _atomic(Path(target), write)
    store.log_export(
        Path(target).name, "xlsx", _filters(event, consented_only, preset), count, bool(password)
    )
    return ExportResult(Path(target), count)


def export_csv(
    store: SignatureStore,
    target: Path,
    preset: Preset,
    *,
    event: str | None = None,
    consented_only: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
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

    _atomic(Path(target), write)
    store.log_export(
        Path(target).name, "csv", _filters(event, consented_only, preset), count, False
    )
    return ExportResult(Path(target), count)


def _filters(event: str | None, consented_only: bool, preset: Preset) -> str:
    consent = "yes" if consented_only else "no"
    return f"event={event or 'all'}; consented_only={consent}; preset={preset.name}"


def protect(xlsx: bytes, target: Path, password: str) -> None:
    """Encrypt an .xlsx with a password (Office's standard encryption; LibreOffice opens it)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    if not password:
        raise ActionKitError("The password is empty.")
    office = OOXMLFile(BytesIO(xlsx))
    with target.open("wb") as out:
        office.encrypt(password, out)


def unprotect(source: Path, password: str) -> bytes:
    """The plain .xlsx inside a password-protected file."""
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    with source.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        try:
            office.load_key(password=password, verify_password=True)
            out = BytesIO()
            office.decrypt(out)
        except (InvalidKeyError, ValueError) as exc:
            raise ActionKitError(f"{source.name}: wrong password.") from exc
    return out.getvalue()
