"""Scanned sheets in the signature store: the printed layout, the straightened photo, what was read.

A photo of a filled sheet is signer data (names, handwriting). It lives only here,
in the store: as a JPEG in `sheet_scans.image` (encrypted with the store when it
is locked, deleted by `purge`), decoded in memory when shown, never written to a
loose or temporary file. `scan_rows` keeps what was read per row, what the
scanner was unsure of (`doubts`), and the typist's answer to "Is this right?" (`misread`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from actionkit.core.errors import Message
from actionkit.core.signatures.records import now
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.sheet_layout import Rect, SheetLayout
from actionkit.core.signatures.store import SignatureStore

JPEG_QUALITY = 85
# A row's image shows these fields, with this much of the page around them (mm).
ROW_IMAGE_FIELDS = ("first_name", "last_name", "email", "city")
CROP_MARGIN_MM = 2.0
# Between two fields' crops in a row's image: a rule this wide (mm), in this grey.
FIELD_RULE_MM = 0.6
RULE_GREY = 110
# A row's image has its light evened out over this reach (mm), its paper made this white.
EVEN_LIGHT_MM = 3.0
PAPER_WHITE = 245.0
MISREAD = ("", "right", "wrong")


class RowReadingLike(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def filled(self) -> bool: ...
    @property
    def ticked(self) -> bool: ...
    @property
    def crossed_out(self) -> bool: ...
    @property
    def measures(self) -> Mapping[str, float]: ...
    @property
    def doubts(self) -> Sequence[str]: ...


class PageScanLike(Protocol):
    """What `actionkit.core.scan.PageScan` gives (kept as a protocol: the store does
    not depend on the scanner). `image`: a numpy array, BGR or grey, at px_per_mm."""

    @property
    def source(self) -> str: ...
    @property
    def sheet_id(self) -> str | None: ...
    @property
    def refused(self) -> Message | None: ...
    @property
    def warnings(self) -> Sequence[Message]: ...
    @property
    def image(self) -> Any: ...
    @property
    def px_per_mm(self) -> float: ...
    @property
    def rows(self) -> Sequence[RowReadingLike]: ...
    @property
    def row_boxes(self) -> Mapping[int, Rect]: ...


def rows_written_up_to(rows: Iterable[RowReadingLike | StoredRow]) -> int:
    """The paper count a photo suggests: the last row with anything written in it,
    crossed out or not. The store counts rows 1 to the paper count, so an empty or
    crossed-out row in between is saved marked blank (marks.BLANK), never skipped
    silently."""
    return max((row.number for row in rows if row.filled or row.crossed_out), default=0)


@dataclass(frozen=True)
class StoredRow:
    number: int
    filled: bool
    ticked: bool
    crossed_out: bool
    misread: str  # '' (not asked), 'right' or 'wrong': the typist's "Is this right?"
    # What the scanner could not read surely: "filled", "ticked", "crossed_out", "covered".
    doubts: tuple[str, ...] = ()

    @property
    def counts(self) -> bool:
        """A signer on paper: filled in and not crossed out."""
        return self.filled and not self.crossed_out


@dataclass(frozen=True)
class StoredScan:
    id: int
    sheet_id: str
    source: str
    scanned_at: str
    px_per_mm: float
    warnings: list[str]
    rows: list[StoredRow]
    row_boxes: dict[int, Rect]

    @property
    def filled(self) -> int:
        """Rows with a signer on them: the paper count the scan suggests."""
        return sum(1 for row in self.rows if row.counts)

    @property
    def paper_rows(self) -> int:
        """The paper count this scan suggests (`rows_written_up_to`)."""
        return rows_written_up_to(self.rows)

    @property
    def ticked(self) -> int:
        return sum(1 for row in self.rows if row.counts and row.ticked)

    def row(self, number: int) -> StoredRow | None:
        return next((row for row in self.rows if row.number == number), None)


# Layouts ---------------------------------------------------------------------


def save_layouts(store: SignatureStore, layouts: Mapping[str, SheetLayout]) -> None:
    """Keep each printed sheet's layout with it (one transaction)."""
    with store._write() as conn:
        conn.executemany(
            "UPDATE sheets SET layout = ? WHERE id = ?",
            [(layout.to_json(), sheet_id) for sheet_id, layout in layouts.items()],
        )


def sheet_layout(store: SignatureStore, sheet_id: str) -> SheetLayout | None:
    """The layout a sheet was printed with; None for an unknown sheet or one printed
    before layouts were kept (it has no registration marks)."""
    row = store.conn.execute("SELECT layout FROM sheets WHERE id = ?", (sheet_id,)).fetchone()
    if row is None or not row["layout"]:
        return None
    return SheetLayout.from_json(row["layout"])


# Scans -----------------------------------------------------------------------


def add_scan(store: SignatureStore, page: PageScanLike) -> StoredScan:
    """Store a read page: its straightened image (JPEG) and what was read per row."""
    import cv2

    if page.refused is not None or page.sheet_id is None:
        raise ValueError("a refused page is not stored")
    sheet = store.sheet(page.sheet_id)
    ok, encoded = cv2.imencode(".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise StoreError("The straightened photo could not be encoded.", key="scan.encode")
    boxes = {str(number): rect.as_list() for number, rect in page.row_boxes.items()}
    warnings = "\n".join(str(message) for message in page.warnings)
    with store._write() as conn:
        cursor = conn.execute(
            "INSERT INTO sheet_scans (sheet_id, source, scanned_at, image, px_per_mm,"
            " row_boxes, warnings) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                sheet.id,
                page.source,
                now(),
                encoded.tobytes(),
                float(page.px_per_mm),
                json.dumps(boxes),
                warnings,
            ),
        )
        scan_id = int(cursor.lastrowid or 0)
        conn.executemany(
            "INSERT INTO scan_rows (scan_id, row_number, filled, ticked, crossed_out, measures,"
            " doubts) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    scan_id,
                    reading.number,
                    int(reading.filled),
                    int(reading.ticked),
                    int(reading.crossed_out),
                    json.dumps({k: round(float(v), 4) for k, v in reading.measures.items()}),
                    ",".join(reading.doubts),
                )
                for reading in page.rows
            ],
        )
    return scan(store, scan_id)


def scan(store: SignatureStore, scan_id: int) -> StoredScan:
    row = store.conn.execute(
        "SELECT id, sheet_id, source, scanned_at, px_per_mm, row_boxes, warnings"
        " FROM sheet_scans WHERE id = ?",
        (scan_id,),
    ).fetchone()
    if row is None:
        raise StoreError(f"There is no scan {scan_id}.", key="scan.unknown", scan=scan_id)
    rows = [
        StoredRow(
            r["row_number"],
            bool(r["filled"]),
            bool(r["ticked"]),
            bool(r["crossed_out"]),
            r["misread"],
            tuple(doubt for doubt in r["doubts"].split(",") if doubt),
        )
        for r in store.conn.execute(
            "SELECT row_number, filled, ticked, crossed_out, misread, doubts FROM scan_rows"
            " WHERE scan_id = ? ORDER BY row_number",
            (scan_id,),
        )
    ]
    boxes = {int(k): Rect.of(v) for k, v in json.loads(row["row_boxes"]).items()}
    return StoredScan(
        row["id"],
        row["sheet_id"],
        row["source"],
        row["scanned_at"],
        float(row["px_per_mm"]),
        [line for line in row["warnings"].split("\n") if line],
        rows,
        boxes,
    )


def scans_of(store: SignatureStore, sheet_id: str) -> list[StoredScan]:
    """A sheet's scans, oldest first."""
    ids = store.conn.execute(
        "SELECT id FROM sheet_scans WHERE sheet_id = ? ORDER BY id", (sheet_id,)
    ).fetchall()
    return [scan(store, r["id"]) for r in ids]


def latest_scan(store: SignatureStore, sheet_id: str) -> StoredScan | None:
    row = store.conn.execute(
        "SELECT MAX(id) FROM sheet_scans WHERE sheet_id = ?", (sheet_id,)
    ).fetchone()
    return scan(store, int(row[0])) if row and row[0] is not None else None


def sheet_image(store: SignatureStore, scan_id: int) -> bytes:
    """The straightened photo of the whole sheet, as JPEG bytes."""
    row = store.conn.execute("SELECT image FROM sheet_scans WHERE id = ?", (scan_id,)).fetchone()
    if row is None:
        raise StoreError(f"There is no scan {scan_id}.", key="scan.unknown", scan=scan_id)
    return bytes(row["image"])


def field_boxes(store: SignatureStore, stored: StoredScan, row_number: int) -> list[Rect]:
    """Where a row's name, email and city were written on the scan (mm of the
    straightened page), one box per field in ROW_IMAGE_FIELDS order: the printed
    fields, moved to the row as found."""
    layout = sheet_layout(store, stored.sheet_id)
    found = stored.row_boxes.get(row_number)
    printed = next((r for r in layout.rows if r.number == row_number), None) if layout else None
    if printed is None or found is None:
        raise _no_row(stored, row_number)
    # The row as found may sit a little off the printed one (a bent page): the fields
    # move by the same amount.
    shift = found.x - printed.rect.x
    return [
        Rect(printed.fields[key].x + shift, found.y, printed.fields[key].w, found.h)
        for key in ROW_IMAGE_FIELDS
    ]


def row_image(
    store: SignatureStore, scan_id: int, row_number: int, *, right_to_left: bool = False
) -> bytes:
    """A row's name, email and city fields cut from the scan and set side by side as
    PNG bytes, in the order the typing fields run: first name, last name, email, city
    from the left (from the right when the interface reads right to left). A sheet
    printed right to left has its columns the other way round; each field's
    handwriting is kept as written (never mirrored), with a thin rule between fields
    and a little of the page above and below."""
    import cv2
    import numpy as np

    stored = scan(store, scan_id)
    boxes = field_boxes(store, stored, row_number)
    if right_to_left:
        boxes.reverse()
    image = _decode(sheet_image(store, scan_id))
    scale = stored.px_per_mm
    height, width = image.shape[:2]
    y0 = max(0, int((boxes[0].y - CROP_MARGIN_MM) * scale))
    y1 = min(height, int((boxes[0].bottom + CROP_MARGIN_MM) * scale))
    if y1 <= y0:
        raise _no_row(stored, row_number)
    band = _even_light(image[y0:y1], scale)
    rule = np.full((y1 - y0, max(2, round(FIELD_RULE_MM * scale)), 3), RULE_GREY, np.uint8)
    parts: list[Any] = []
    for box in boxes:
        x0 = min(max(0, int(box.x * scale)), width - 1)
        x1 = max(x0 + 1, min(width, int(box.right * scale)))
        if parts:
            parts.append(rule)
        parts.append(band[:, x0:x1])
    ok, png = cv2.imencode(".png", np.hstack(parts))
    if not ok:
        raise StoreError("The row's image could not be made.", key="scan.encode")
    return png.tobytes()


def _even_light(band: Any, px_per_mm: float) -> Any:
    """A strip of the photo with its paper brought to white: under a shadow or in dim
    light the handwriting keeps its contrast (the paper's light is measured around
    the strokes, wider than a pen's line, and divided out)."""
    import cv2
    import numpy as np

    reach = max(3, round(EVEN_LIGHT_MM * px_per_mm) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach))
    paper = cv2.morphologyEx(band, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (0, 0), reach / 4)
    evened = band.astype(np.float32) * (PAPER_WHITE / np.maximum(paper, 16).astype(np.float32))
    return np.clip(evened, 0, 255).astype(np.uint8)


def _no_row(stored: StoredScan, row_number: int) -> StoreError:
    return StoreError(
        f"Row {row_number} was not found on this scan of sheet {stored.sheet_id}.",
        key="scan.no_row",
        row=row_number,
        sheet=stored.sheet_id,
    )


def _decode(jpeg: bytes) -> Any:
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(jpeg, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise StoreError("The scan's image cannot be read.", key="scan.decode")
    return image


def set_misread(store: SignatureStore, scan_id: int, row_number: int, value: str) -> None:
    """Keep the typist's answer to "Is this right?" for a row's reading."""
    if value not in MISREAD:
        raise ValueError(f"misread must be one of {MISREAD}")
    with store._write() as conn:
        cursor = conn.execute(
            "UPDATE scan_rows SET misread = ? WHERE scan_id = ? AND row_number = ?",
            (value, scan_id, row_number),
        )
    if cursor.rowcount == 0:
        raise StoreError(
            f"Row {row_number} is not on scan {scan_id}.", key="scan.no_row", row=row_number
        )


def misreads(store: SignatureStore) -> list[tuple[str, int, str]]:
    """Rows whose reading the typist marked wrong: (sheet id, row, source photo)."""
    return [
        (r["sheet_id"], r["row_number"], r["source"])
        for r in store.conn.execute(
            "SELECT s.sheet_id, r.row_number, s.source FROM scan_rows r"
            " JOIN sheet_scans s ON s.id = r.scan_id WHERE r.misread = 'wrong'"
            " ORDER BY s.sheet_id, r.row_number"
        )
    ]
