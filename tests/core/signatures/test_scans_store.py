"""Scans in the signature store: the photo stays inside it, rows crop right, answers are kept,
a locked store shows no image bytes on disk, and purge deletes the photos."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from actionkit.core.errors import Message
from actionkit.core.scan import PageScan, RowReading
from actionkit.core.signatures.lock import lock_store
from actionkit.core.signatures.purge import plan_purge, purge_event
from actionkit.core.signatures.scans import (
    CROP_MARGIN_MM,
    FIELD_RULE_MM,
    ROW_IMAGE_FIELDS,
    add_scan,
    field_boxes,
    latest_scan,
    misreads,
    row_image,
    scans_of,
    set_misread,
    sheet_image,
    sheet_layout,
)
from actionkit.core.signatures.sheet_layout import SheetLayout
from actionkit.core.signatures.sheets_pdf import print_new_sheets
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

PX = 8
URL = "https://example.org/appeal"
MAGENTA = (255, 0, 255)  # BGR: ink no printed sheet has


def _sheet(
    store: SignatureStore, tmp_path: Path, languages: tuple[str, ...] = ("en",)
) -> tuple[str, SheetLayout, np.ndarray]:
    event = store.create_event("Vigil", "2026-12-10", languages=languages, city="Köln")
    out = tmp_path / f"{event.slug}.pdf"
    sheets, _ = print_new_sheets(store, event.slug, out, count=1, url=URL)
    layout = sheet_layout(store, sheets[0].id)
    assert layout is not None
    page = pdfium.PdfDocument(str(out))[0]
    rgb = np.array(page.render(scale=PX * 25.4 / 72).to_pil().convert("RGB"))
    return sheets[0].id, layout, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _page(sheet_id: str, layout: SheetLayout, image: np.ndarray, ink_row: int) -> PageScan:
    """Magenta 'handwriting' in one row's email field; the rows found where printed."""
    email = next(r for r in layout.rows if r.number == ink_row).fields["email"]
    cx, cy = int(email.centre[0] * PX), int(email.centre[1] * PX)
    cv2.rectangle(image, (cx - 60, cy - 12), (cx + 60, cy + 12), MAGENTA, -1)
    readings = [
        RowReading(r.number, r.number == ink_row, r.number == ink_row, False) for r in layout.rows
    ]
    boxes = {r.number: r.rect for r in layout.rows}
    return PageScan("IMG_0001.jpg", sheet_id, None, image=image, rows=readings, row_boxes=boxes)


def _decode(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def _magenta(png: bytes) -> int:
    crop = _decode(png)
    return int(
        np.count_nonzero((crop[:, :, 1] < 80) & (crop[:, :, 0] > 180) & (crop[:, :, 2] > 180))
    )


def test_a_scan_is_kept_with_its_readings_and_rows_crop_where_written(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        sheet_id, layout, image = _sheet(store, tmp_path)
        stored = add_scan(store, _page(sheet_id, layout, image, ink_row=3))
        assert latest_scan(store, sheet_id) == stored == scans_of(store, sheet_id)[0]
        assert stored.filled == 1 and stored.ticked == 1 and stored.source == "IMG_0001.jpg"

        whole = _decode(sheet_image(store, stored.id))
        assert whole.shape[:2] == image.shape[:2]
        assert _magenta(row_image(store, stored.id, 3)) > 1000
        assert _magenta(row_image(store, stored.id, 4)) == 0
        assert _magenta(row_image(store, stored.id, 2)) == 0
        # The crop holds the name, email and city fields side by side, a thin rule
        # between two, a margin above and below.
        crop = _decode(row_image(store, stored.id, 3))
        fields = layout.rows[2].fields
        span = sum(fields[key].w for key in ROW_IMAGE_FIELDS) + 3 * FIELD_RULE_MM
        assert crop.shape[1] == pytest.approx(span * PX, abs=6)
        assert crop.shape[0] == pytest.approx(
            (layout.rows[2].rect.h + 2 * CROP_MARGIN_MM) * PX, abs=3
        )


FIELD_INK = {  # BGR: each field's "handwriting" in a colour of its own
    "first_name": (0, 0, 255),
    "last_name": (0, 255, 0),
    "email": (255, 0, 0),
    "city": (0, 255, 255),
}


def _field_order(png: bytes) -> list[str]:
    """The fields in a row image, left to right, by where each one's colour is."""
    crop = _decode(png).astype(int)
    where = {}
    for key, colour in FIELD_INK.items():
        mask = np.all(np.abs(crop - np.array(colour)) < 60, axis=2)
        assert mask.sum() > 100, key
        where[key] = float(np.nonzero(mask)[1].mean())
    return sorted(where, key=where.__getitem__)


def _ink_fields(layout: SheetLayout, image: np.ndarray, row: int) -> None:
    """Each name, email and city field of `row` inked in its colour, in the field's
    first (left) third only: a mirrored crop would show it on the right."""
    fields = next(r for r in layout.rows if r.number == row).fields
    for key, colour in FIELD_INK.items():
        box = fields[key]
        x0, x1 = int((box.x + 1) * PX), int((box.x + box.w / 3) * PX)
        y0, y1 = int((box.y + 2) * PX), int((box.bottom - 2) * PX)
        image[y0:y1, x0:x1] = colour


@pytest.mark.parametrize("languages", [("fa", "de"), ("en",)])
def test_a_rows_fields_are_set_in_the_typing_order_unmirrored_on_any_sheet(
    tmp_path: Path, languages: tuple[str, ...]
) -> None:
    """A sheet printed right to left has its columns the other way round: its row
    image still reads first name, last name, email, city, as the typing fields do (it
    showed city ... first name), each field's ink where it was written."""
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        sheet_id, layout, image = _sheet(store, tmp_path, languages)
        assert layout.rtl == (languages[0] == "fa")
        _ink_fields(layout, image, 5)
        stored = add_scan(store, _page(sheet_id, layout, image, ink_row=5))
        png = row_image(store, stored.id, 5)
        assert _field_order(png) == list(ROW_IMAGE_FIELDS)
        # A right-to-left interface runs its fields from the right: the image too.
        flipped = row_image(store, stored.id, 5, right_to_left=True)
        assert _field_order(flipped) == list(reversed(ROW_IMAGE_FIELDS))
        # Not mirrored: the first name's ink stays in the first third of its part.
        crop = _decode(png).astype(int)
        red = np.all(np.abs(crop - np.array(FIELD_INK["first_name"])) < 60, axis=2)
        first_w = layout.rows[4].fields["first_name"].w * PX
        assert np.nonzero(red)[1].max() < first_w / 2
        # The fields follow the row as found, in the typing order.
        boxes = field_boxes(store, stored, 5)
        printed = layout.rows[4].fields
        assert [b.x for b in boxes] == pytest.approx([printed[k].x for k in ROW_IMAGE_FIELDS])


def test_the_typists_answer_and_the_typed_rows_scan_are_kept(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        sheet_id, layout, image = _sheet(store, tmp_path)
        stored = add_scan(store, _page(sheet_id, layout, image, ink_row=1))
        set_misread(store, stored.id, 1, "wrong")
        signer = SignerInput(first_name="Ana", last_name="Ruiz", email="ana@example.org")
        saved = store.add_row(sheet_id, 1, signer, scan_id=stored.id)
        row = store.conn.execute(
            "SELECT scan_id FROM signatures WHERE id = ?", (saved.signature.id,)
        ).fetchone()
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        assert latest_scan(store, sheet_id).row(1).misread == "wrong"  # type: ignore[union-attr]
        assert misreads(store) == [(sheet_id, 1, "IMG_0001.jpg")]
        assert row["scan_id"] == stored.id
        with pytest.raises(ValueError):
            set_misread(store, stored.id, 1, "maybe")


def test_what_the_scanner_was_unsure_of_is_kept_with_each_row(tmp_path: Path) -> None:
    # The typist is shown a row's doubts while typing it (a new user found them only in
    # the results window, once): they are kept with the scan, and read back after reopening.
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        sheet_id, layout, image = _sheet(store, tmp_path)
        page = _page(sheet_id, layout, image, ink_row=1)
        page.rows[0].doubts = ("ticked",)
        page.rows[2].doubts = ("filled", "covered")
        stored = add_scan(store, page)
        assert stored.row(1).doubts == ("ticked",)  # type: ignore[union-attr]
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        again = latest_scan(store, sheet_id)
        assert again is not None
        assert {r.number: r.doubts for r in again.rows if r.doubts} == {
            1: ("ticked",),
            3: ("filled", "covered"),
        }
        assert again.row(2).doubts == ()  # type: ignore[union-attr]


def test_a_refused_page_is_never_stored(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        sheet_id, layout, image = _sheet(store, tmp_path)
        page = _page(sheet_id, layout, image, ink_row=1)
        page.refused = Message(
            "The bottom left corner is outside the photo: take it again.", key="scan.corner"
        )
        with pytest.raises(ValueError):
            add_scan(store, page)
        assert scans_of(store, sheet_id) == []


def _disk(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_locked_store_holds_the_photo_where_no_byte_of_it_shows(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "signatures.sqlite3"
    with SignatureStore(path) as store:
        sheet_id, layout, image = _sheet(store, folder)
        for pdf in folder.glob("*.pdf"):
            pdf.unlink()  # the printed sheet is not signer data; keep only the store here
    lock_store(path, "correct horse battery")
    with SignatureStore(path, "correct horse battery") as store:
        stored = add_scan(store, _page(sheet_id, layout, image, ink_row=2))
        jpeg = sheet_image(store, stored.id)
        png = row_image(store, stored.id, 2)
        raw_open = _disk(folder)
    assert len(jpeg) > 50_000 and png
    for raw in (raw_open, _disk(folder)):
        for start in range(1000, len(jpeg) - 64, len(jpeg) // 7):
            assert jpeg[start : start + 32] not in raw
        assert b"JFIF" not in raw and b"\x89PNG" not in raw
    assert {p.name for p in folder.iterdir()} <= {
        "signatures.sqlite3",
        "signatures.sqlite3.salt",
        "signatures.sqlite3-wal",
        "signatures.sqlite3-shm",
        "actionkit.lock",  # the profile lock: a pid, no data
    }


def test_purge_deletes_the_events_photos_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with SignatureStore(path) as store:
        sheet_id, layout, image = _sheet(store, tmp_path)
        stored = add_scan(store, _page(sheet_id, layout, image, ink_row=1))
        jpeg = sheet_image(store, stored.id)
        store.add_row(
            sheet_id, 1, SignerInput(first_name="Ana", email="ana@example.org"), scan_id=stored.id
        )
        event = store.sheet(sheet_id).event_slug
        plan = plan_purge(store, event)
        assert plan.scans == 1 and "1 photo(s)" in str(plan.describe())
        purge_event(store, event, unexported_ok=True)
        assert scans_of(store, sheet_id) == []
        assert store.conn.execute("SELECT COUNT(*) FROM scan_rows").fetchone()[0] == 0
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("s.sqlite3*"))
    assert jpeg[2000:2032] not in raw and b"JFIF" not in raw


def test_the_suggested_paper_count_runs_to_the_last_row_written_in(tmp_path: Path) -> None:
    """Found by the new user's run-through: rows 1 and 9 crossed out and 3 empty gave a
    paper count of 2 (the live rows), so the sheet read 'complete' with row 4 untyped.
    The store counts rows 1..N, so the count is the last row with anything in it."""
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        sheet_id, layout, image = _sheet(store, tmp_path)
        page = _page(sheet_id, layout, image, ink_row=2)
        written = {1: "crossed", 2: "filled", 4: "filled", 9: "crossed"}
        page.rows = [
            RowReading(r.number, written.get(r.number) == "filled", False,
                       written.get(r.number) == "crossed")
            for r in layout.rows
        ]  # fmt: skip
        stored = add_scan(store, page)
        assert stored.filled == 2 and stored.paper_rows == 9
