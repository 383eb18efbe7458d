"""Importing photos of filled sheets: a real printed sheet, written on and photographed at an
angle, is matched to its sheet, read and stored; what is not a sheet is refused with a reason;
paper counts are only written when confirmed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from actionkit.core.signatures.scan_import import (
    apply_paper_counts,
    import_photos,
    suggested_counts,
)
from actionkit.core.signatures.scans import row_image, scans_of, sheet_layout
from actionkit.core.signatures.sheet_layout import Rect, SheetLayout
from actionkit.core.signatures.sheets_pdf import print_new_sheets
from actionkit.core.signatures.store import SignatureStore

K = 10  # px per mm of the "printed" page before it is photographed


def _scrawl(page: np.ndarray, rect: Rect, rng: np.random.Generator) -> None:
    xs = np.linspace(rect.x + 2, rect.x + rect.w * rng.uniform(0.5, 0.9), 14)
    ys = rect.y + rect.h * (0.5 + 0.22 * np.sin(np.cumsum(rng.uniform(0.6, 1.4, xs.size))))
    points = np.stack([xs * K, ys * K], axis=1).astype(np.int32)
    cv2.polylines(page, [points], False, (140, 40, 20), 3, cv2.LINE_AA)


def _tick(page: np.ndarray, box: Rect) -> None:
    a = (int((box.x + 0.6) * K), int((box.y + box.h * 0.55) * K))
    b = (int((box.x + box.w * 0.4) * K), int((box.bottom - 0.6) * K))
    c = (int((box.right + 0.8) * K), int((box.y - 0.8) * K))
    cv2.polylines(page, [np.array([a, b, c])], False, (120, 30, 10), 4, cv2.LINE_AA)


def _shadow_edge(page: np.ndarray, layout: SheetLayout, rows: range) -> None:
    """A hard shadow (a person standing by the table) over the rows `rows`, its edge
    running down the consent column through the boxes' middle, softened 1 mm."""
    first, last = layout.rows[rows.start - 1], layout.rows[rows.stop - 2]
    box = first.consent
    lit = np.ones(page.shape[:2], np.float32)
    edge = int((box.x + box.w * 0.55) * K)
    lit[int(first.rect.y * K) : int(last.rect.bottom * K), :edge] = 0.3
    shade = np.asarray(cv2.GaussianBlur(lit, (0, 0), 1.0 * K), np.float32)
    page[:] = (page.astype(np.float32) * shade[:, :, None]).astype(np.uint8)


def _photo(
    pdf: Path,
    layout: SheetLayout,
    filled: int,
    ticked: set[int],
    shadow: range | None = None,
) -> bytes:
    page = np.array(pdfium.PdfDocument(str(pdf))[0].render(scale=K * 25.4 / 72).to_pil())
    page = cv2.cvtColor(page, cv2.COLOR_RGB2BGR)
    rng = np.random.default_rng(7)
    for row in layout.rows[:filled]:
        for key in ("first_name", "last_name", "email"):
            _scrawl(page, row.fields[key], rng)
        if row.number in ticked:
            _tick(page, row.consent)
    if shadow is not None:
        _shadow_edge(page, layout, shadow)
    # Photographed from the side, on a grey table: a 3000 x 2250 photo.
    h, w = page.shape[:2]
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    placed = np.array([[420, 260], [2640, 380], [2560, 1980], [330, 1890]], np.float32)
    photo = cv2.warpPerspective(
        page,
        cv2.getPerspectiveTransform(corners, placed),
        (3000, 2250),
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(90, 100, 110),
    )
    ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 88])
    assert ok
    return jpeg.tobytes()


def test_photos_are_matched_read_stored_and_counts_wait_for_confirmation(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", languages=("de", "fa"), city="Köln")
        pdf = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, pdf, count=1, url="https://example.org/a")
        layout = sheet_layout(store, sheets[0].id)
        assert layout is not None
        photo = tmp_path / "IMG_2041.jpg"
        photo.write_bytes(_photo(pdf, layout, filled=5, ticked={1, 2, 4}))
        noise = tmp_path / "holiday.png"
        _, png = cv2.imencode(
            ".png", np.random.default_rng(1).integers(0, 255, (600, 800, 3), np.uint8)
        )
        noise.write_bytes(png.tobytes())
        notes = tmp_path / "notes.txt"
        notes.write_text("not a photo")

        seen: list[tuple[int, int]] = []
        results = import_photos(store, [photo, noise, notes], lambda d, t: seen.append((d, t)))

        assert seen == [(1, 3), (2, 3), (3, 3)]
        assert [r.source for r in results] == ["IMG_2041.jpg", "holiday.png", "notes.txt"]
        read, not_a_sheet, not_an_image = results
        assert read.ok and read.sheet_id == sheets[0].id and read.scan is not None
        assert read.scan.filled == 5 and read.scan.ticked == 3
        assert [r.number for r in read.scan.rows if r.ticked] == [1, 2, 4]
        for refused in (not_a_sheet, not_an_image):
            assert not refused.ok and refused.refused and refused.refused.key
        assert scans_of(store, sheets[0].id) == [read.scan]

        # Nothing is counted until the user confirms.
        assert store.sheet(sheets[0].id).paper_count is None
        counts = suggested_counts(results)
        assert counts == {sheets[0].id: 5}
        apply_paper_counts(store, counts)
        assert store.sheet(sheets[0].id).paper_count == 5


def test_the_same_sheet_twice_is_kept_and_said(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        pdf = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, pdf, count=1, url="https://example.org/a")
        layout = sheet_layout(store, sheets[0].id)
        assert layout is not None
        first, second = tmp_path / "a.jpg", tmp_path / "b.jpg"
        first.write_bytes(_photo(pdf, layout, filled=2, ticked=set()))
        second.write_bytes(_photo(pdf, layout, filled=3, ticked={1}))
        results = import_photos(store, [first, second])
        assert [r.ok for r in results] == [True, True]
        assert any(w.key == "scan.same_sheet_twice" for w in results[1].warnings)
        assert suggested_counts(results) == {sheets[0].id: 3}


def test_an_unfilled_copy_or_an_earlier_photo_is_refused_and_lowers_no_count(
    tmp_path: Path,
) -> None:
    # Found by a new user's run-through: the printed PDF (an unfilled copy) scanned after
    # the sheets were typed replaced their photo (the typing view showed empty rows and
    # flagged the typed ticks), and its count of 0 replaced the confirmed paper count.
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        pdf = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, pdf, count=1, url="https://example.org/a")
        sheet_id = sheets[0].id
        layout = sheet_layout(store, sheet_id)
        assert layout is not None
        filled, blank, fewer = tmp_path / "a.jpg", tmp_path / "blank.jpg", tmp_path / "c.jpg"
        filled.write_bytes(_photo(pdf, layout, filled=5, ticked={1}))
        blank.write_bytes(_photo(pdf, layout, filled=0, ticked=set()))
        fewer.write_bytes(_photo(pdf, layout, filled=3, ticked=set()))
        first = import_photos(store, [filled])
        apply_paper_counts(store, suggested_counts(first))
        assert store.sheet(sheet_id).paper_count == 5

        refused = import_photos(store, [blank])
        assert not refused[0].ok and refused[0].refused is not None
        assert refused[0].refused.key == "scan.unfilled_copy"
        assert "unfilled copy" in str(refused[0].refused)
        assert suggested_counts(refused) == {}
        assert scans_of(store, sheet_id) == [first[0].scan], "the filled sheet's photo stays"

        # Found by the next new user: a photo taken before the sheet was full was kept
        # and replaced the photo the typed rows came from (their ticks then flagged).
        earlier = import_photos(store, [fewer])
        assert not earlier[0].ok and earlier[0].refused is not None
        assert earlier[0].refused.key == "scan.fewer_rows_than_known"
        assert "up to row 3" in str(earlier[0].refused) and "up to row 5" in str(earlier[0].refused)
        assert scans_of(store, sheet_id) == [first[0].scan]
        assert store.sheet(sheet_id).paper_count == 5


def test_a_photo_with_fewer_rows_than_an_earlier_photo_only_is_kept_with_a_warning(
    tmp_path: Path,
) -> None:
    # Nothing confirmed by a person yet: the earlier photo may have been the misread
    # one, so the new photo is kept (and used for typing), said, and suggests no count.
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        pdf = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, pdf, count=1, url="https://example.org/a")
        sheet_id = sheets[0].id
        layout = sheet_layout(store, sheet_id)
        assert layout is not None
        five, three = tmp_path / "a.jpg", tmp_path / "c.jpg"
        five.write_bytes(_photo(pdf, layout, filled=5, ticked={1}))
        three.write_bytes(_photo(pdf, layout, filled=3, ticked=set()))
        import_photos(store, [five])
        kept = import_photos(store, [three])
        assert kept[0].ok
        assert [w.key for w in kept[0].warnings] == ["scan.fewer_rows_than_seen"]
        assert suggested_counts(kept) == {}
        assert store.sheet(sheet_id).paper_count is None


def test_a_blank_photo_of_a_sheet_with_nothing_known_is_read(tmp_path: Path) -> None:
    # A sheet no one has written on yet: its photo is no copy of anything, and is read.
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        pdf = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, pdf, count=1, url="https://example.org/a")
        layout = sheet_layout(store, sheets[0].id)
        assert layout is not None
        blank = tmp_path / "blank.jpg"
        blank.write_bytes(_photo(pdf, layout, filled=0, ticked=set()))
        results = import_photos(store, [blank])
        assert results[0].ok and not results[0].warnings
        assert suggested_counts(results) == {sheets[0].id: 0}


def test_a_shadow_edge_down_the_consent_column_is_no_tick(tmp_path: Path) -> None:
    # Found by a new user's run-through: a hard shadow whose edge ran down the
    # "Contact me" column, through the boxes, read four empty boxes as ticked and
    # flagged none of them (the paper's brightness was taken from the lit side of
    # the edge, so the shaded half of each box read as ink).
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        pdf = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, pdf, count=1, url="https://example.org/a")
        layout = sheet_layout(store, sheets[0].id)
        assert layout is not None
        photo = tmp_path / "IMG_2080.jpg"
        photo.write_bytes(_photo(pdf, layout, filled=8, ticked={2, 3, 8}, shadow=range(2, 12)))
        (result,) = import_photos(store, [photo])
        assert result.scan is not None
        ticked = {row.number for row in result.scan.rows if row.ticked}
        unsure = {row.number for row in result.scan.rows if row.doubts}
        # Read right, or at least never silently wrong.
        wrong = ticked ^ {2, 3, 8}
        assert wrong <= unsure, f"ticks read {sorted(ticked)}, unsure {sorted(unsure)}"
        assert ticked == {2, 3, 8}


def test_a_row_in_shadow_is_shown_with_its_paper_white(tmp_path: Path) -> None:
    # Found by a new user's run-through: under a heavy shadow the row's image above the
    # typing fields was dark-blue writing on near-black, readable only with effort.
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        pdf = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, pdf, count=1, url="https://example.org/a")
        layout = sheet_layout(store, sheets[0].id)
        assert layout is not None
        photo = tmp_path / "IMG_2081.jpg"
        photo.write_bytes(_photo(pdf, layout, filled=6, ticked=set(), shadow=range(4, 7)))
        (result,) = import_photos(store, [photo])
        assert result.scan is not None
        for number in (2, 5):  # in the light, in the shadow
            png = np.frombuffer(row_image(store, result.scan.id, number), np.uint8)
            gray = np.asarray(cv2.imdecode(png, cv2.IMREAD_GRAYSCALE), np.float32)
            paper, ink = float(np.percentile(gray, 75)), float(np.percentile(gray, 1))
            assert paper > 200, f"row {number}: its paper is {paper:.0f} of 255"
            assert paper - ink > 100, f"row {number}: the writing stands out by {paper - ink:.0f}"
