"""The scanner on real sheets printed by the app: what it reads, and what it refuses
(with the reason) rather than misread."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest

from actionkit.core.scan import Photo, load_photos, scan_photo
from actionkit.core.scan.page import PageScan, doubt_messages, row_ranges, rows_words
from actionkit.core.scan.rows import RowReading
from actionkit.core.signatures.sheet_layout import SheetLayout
from tests.scan_synth import PLAIN, Options, SheetPage, make_photo, printed_pages

KINDS = [(("en",), "A4"), (("fa", "de"), "A4"), (("de", "en"), "Letter")]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[SheetPage]:
    return printed_pages(tmp_path_factory.mktemp("store"), KINDS)


def layouts(pages: list[SheetPage]) -> dict[str, SheetLayout]:
    return {p.sheet_id: p.layout for p in pages}


def decoded(jpeg: bytes, name: str = "IMG_1.jpg") -> Photo:
    return load_photos(jpeg, name)[0]


def shoot(
    page: SheetPage, corners: list[tuple[float, float]], size: tuple[int, int] = (3000, 2250)
) -> tuple[np.ndarray, np.ndarray]:
    """The page photographed so that its corners (TL, TR, BR, BL) land on `corners`
    (photo px); a grey table around it. Returns the photo and page mm -> photo px."""
    w, h = page.layout.width, page.layout.height
    mm = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    to_photo = cv2.getPerspectiveTransform(mm, np.array(corners, np.float32))
    from_px = np.diag([1 / page.px_per_mm, 1 / page.px_per_mm, 1.0])
    photo = cv2.warpPerspective(
        page.image, to_photo @ from_px, size, flags=cv2.INTER_AREA, borderValue=(90, 100, 110)
    )
    return photo, to_photo


def square_on(page: SheetPage) -> tuple[np.ndarray, np.ndarray]:
    return shoot(page, [(150, 200), (2850, 180), (2870, 2100), (130, 2080)])


def assert_read_right(scan: PageScan, truth: list, sheet_id: str) -> None:
    assert scan.refused is None, scan.refused
    assert scan.sheet_id == sheet_id
    got = {r.number: (r.filled, r.crossed_out) for r in scan.rows}
    assert got == {t.number: (t.filled, t.crossed_out) for t in truth}
    ticks = {r.number: r.ticked for r in scan.rows if not r.crossed_out}
    assert ticks == {t.number: t.ticked for t in truth if not t.crossed_out}
    for t in truth:
        box = scan.row_boxes[t.number]
        assert abs(box.y - t.box.y) <= 1.5 and abs(box.bottom - t.box.bottom) <= 1.5
        assert abs(box.x - t.box.x) <= 1.5 and abs(box.right - t.box.right) <= 1.5


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_filled_sheet_photographed_square_on_is_read_row_by_row(
    pages: list[SheetPage], index: int
) -> None:
    photo = make_photo(pages[index], (7, 8, 10)[index], PLAIN)
    scan = scan_photo(decoded(photo.jpeg), layouts(pages).get)
    assert_read_right(scan, photo.rows, photo.sheet_id)
    # Rows of every kind were on the sheet, or the test proves little.
    assert any(t.filled for t in photo.rows) and any(not t.filled for t in photo.rows)
    assert any(t.ticked for t in photo.rows)
    assert scan.image is not None and scan.px_per_mm == 8
    w, h = pages[index].layout.width, pages[index].layout.height
    assert scan.image.shape[:2] == (round(h * 8), round(w * 8))
    assert scan.filled == photo.filled_count


# Seeds whose photos are tilted, turned, crumpled, shadowed, blurred a little and
# JPEG-compressed (no finger, no corner out): each must be read right.
HARD = Options(finger=0, corner_out=0, heavy_blur=0, unknown_sheet=0, no_sheet=0, crumple=0.7)


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_tilted_crumpled_shadowed_photos_are_read_right(pages: list[SheetPage], seed: int) -> None:
    photo = make_photo(pages[seed % 3], seed, HARD)
    assert photo.expect == "read", photo.describe()
    scan = scan_photo(decoded(photo.jpeg), layouts(pages).get)
    assert_read_right(scan, photo.rows, photo.sheet_id)


def test_a_two_page_pdf_of_blank_printed_sheets_reads_both_empty(tmp_path: Path) -> None:
    from actionkit.core.signatures.scans import sheet_layout
    from actionkit.core.signatures.sheets_pdf import print_new_sheets
    from actionkit.core.signatures.store import SignatureStore

    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", languages=("en",), city="Köln")
        out = io.BytesIO()
        sheets, _ = print_new_sheets(store, event.slug, out, count=2, url="https://example.org/a")
        photos = load_photos(out.getvalue(), "scans.pdf")
        assert [p.source for p in photos] == ["scans.pdf page 1", "scans.pdf page 2"]
        scans = [scan_photo(p, lambda sid: sheet_layout(store, sid)) for p in photos]
    assert [s.sheet_id for s in scans] == [sheet.id for sheet in sheets]
    for scan in scans:
        assert scan.refused is None and scan.warnings == []
        assert scan.rows and not any(r.filled or r.ticked or r.crossed_out for r in scan.rows)


def test_a_heic_photo_is_read(pages: list[SheetPage]) -> None:
    import pillow_heif
    from PIL import Image

    photo = make_photo(pages[0], 21, PLAIN)
    pixels = cv2.imdecode(np.frombuffer(photo.jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert pixels is not None
    rgb = cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB)
    out = io.BytesIO()
    pillow_heif.from_pillow(Image.fromarray(rgb)).save(out, quality=92)
    scan = scan_photo(decoded(out.getvalue(), "IMG_4.heic"), layouts(pages).get)
    assert scan.source == "IMG_4.heic"
    assert_read_right(scan, photo.rows, photo.sheet_id)


# ------------------------------------------------------------------ refusals


def test_a_photo_without_a_sheet_is_refused(pages: list[SheetPage]) -> None:
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 255, (1500, 2000, 3), dtype=np.uint8)
    scan = scan_photo(Photo("cat.jpg", noise), layouts(pages).get)
    assert scan.refused is not None and scan.refused.key == "scan.no_sheet"
    assert "No ActionKit sheet" in scan.refused
    assert scan.rows == [] and scan.image is None


def test_a_sheet_from_another_store_is_refused_by_its_id(pages: list[SheetPage]) -> None:
    photo, _ = square_on(pages[0])
    scan = scan_photo(Photo("IMG_5.jpg", photo), lambda sheet_id: None)
    assert scan.refused is not None and scan.refused.key == "scan.unknown_sheet"
    assert pages[0].sheet_id in scan.refused and scan.sheet_id == pages[0].sheet_id


def test_a_corner_outside_the_photo_is_named(pages: list[SheetPage]) -> None:
    # The bottom left corner (and the rows' ends there) off the photo's left side.
    photo, _ = shoot(pages[0], [(150, 200), (2850, 180), (2870, 2100), (-160, 2080)])
    scan = scan_photo(Photo("IMG_6.jpg", photo), layouts(pages).get)
    assert scan.refused == "The bottom left corner is outside the photo: take it again."
    assert scan.refused.key == "scan.corner_outside"


def test_two_corners_outside_are_named(pages: list[SheetPage]) -> None:
    photo, _ = shoot(pages[0], [(-400, 200), (2450, 180), (2470, 2100), (-420, 2080)])
    scan = scan_photo(Photo("IMG_7.jpg", photo), layouts(pages).get)
    assert (
        scan.refused == "The top left and bottom left corners are outside the photo: take it again."
    )


def test_a_covered_corner_is_said_and_the_sheet_still_read(pages: list[SheetPage]) -> None:
    photo, to_photo = square_on(pages[0])
    mark = pages[0].layout.mark("top_right").rect
    centre = cv2.perspectiveTransform(np.array([[mark.centre]], np.float64), to_photo)[0, 0]
    # A thumb over the mark: a dark rounded blob.
    cv2.ellipse(photo, (int(centre[0]), int(centre[1])), (160, 110), 30, 0, 360, (60, 70, 95), -1)
    scan = scan_photo(Photo("IMG_8.jpg", photo), layouts(pages).get)
    assert scan.refused is None
    assert [w.key for w in scan.warnings][:1] == ["scan.corner_covered"]
    assert scan.warnings[0].startswith("The top right corner is covered or in deep shadow")
    assert scan.sheet_id == pages[0].sheet_id and len(scan.rows) == len(pages[0].layout.rows)


def test_a_blurred_photo_is_refused(pages: list[SheetPage]) -> None:
    photo, _ = square_on(pages[0])
    scale = 2700 / pages[0].layout.width  # px per mm on this photo
    blurred = cv2.GaussianBlur(photo, (0, 0), 0.8 * scale)
    scan = scan_photo(Photo("IMG_9.jpg", blurred), layouts(pages).get)
    assert scan.refused is not None and (scan.refused.key or "").startswith("scan.blurred")
    assert "blurred" in scan.refused


def test_a_little_blur_is_read_with_a_word(pages: list[SheetPage]) -> None:
    photo, _ = square_on(pages[0])
    scale = 2700 / pages[0].layout.width
    scan = scan_photo(
        Photo("IMG_10.jpg", cv2.GaussianBlur(photo, (0, 0), 0.25 * scale)), layouts(pages).get
    )
    assert scan.refused is None
    assert "scan.blur_warn" in [w.key for w in scan.warnings]


def test_two_sheets_in_one_photo_are_refused(pages: list[SheetPage]) -> None:
    left, _ = shoot(pages[0], [(50, 300), (1450, 300), (1450, 1290), (50, 1290)], (3000, 1600))
    right, _ = shoot(pages[1], [(1550, 300), (2950, 300), (2950, 1290), (1550, 1290)], (3000, 1600))
    both = np.where(np.arange(3000)[None, :, None] < 1500, left, right).astype(np.uint8)
    scan = scan_photo(Photo("IMG_11.jpg", both), layouts(pages).get)
    assert scan.refused is not None and scan.refused.key == "scan.many_sheets"


def test_only_two_marks_seen_is_refused_not_guessed(pages: list[SheetPage]) -> None:
    photo, to_photo = square_on(pages[0])
    for corner in ("top_left", "bottom_right"):
        mark = pages[0].layout.mark(corner).rect
        centre = cv2.perspectiveTransform(np.array([[mark.centre]], np.float64), to_photo)[0, 0]
        cv2.circle(photo, (int(centre[0]), int(centre[1])), 110, (40, 40, 40), -1)
    scan = scan_photo(Photo("IMG_12.jpg", photo), layouts(pages).get)
    assert scan.refused is not None and scan.refused.key == "scan.few_marks"
    assert "top left and bottom right" in scan.refused


def test_a_finger_over_rows_flags_them(pages: list[SheetPage]) -> None:
    photo = make_photo(pages[0], 31, PLAIN)
    image = decoded(photo.jpeg).image.copy()
    scan_clean = scan_photo(Photo("a", image.copy()), layouts(pages).get)
    row = pages[0].layout.rows[4]
    box = scan_clean.row_boxes[row.number]
    # Find row 5's first name cell on the photo from the clean scan's straightened frame:
    # simpler, cover it on the straightened page's source by re-reading a copy where
    # a dark finger lies over the middle of the table.
    h, w = image.shape[:2]
    cv2.ellipse(image, (w // 2, h // 2), (w // 3, 90), 0, 0, 360, (70, 90, 140), -1)
    scan = scan_photo(Photo("b", image), layouts(pages).get)
    assert scan.refused is None
    flagged = {r.number for r in scan.rows if "covered" in r.doubts}
    assert flagged, "a finger across the table flags the rows under it"
    unsure = "scan.rows_unsure_covered" if len(flagged) > 1 else "scan.row_unsure_covered"
    assert any(w.key == unsure for w in scan.warnings)
    assert box.h > 0


def test_a_shadow_over_many_rows_is_one_problem_naming_them(pages: list[SheetPage]) -> None:
    # A new user's photo: a big shadow over the table gave one "Row N: part of it is
    # covered or in shadow" per row, 15 lines. One line per kind of doubt names its rows.
    image = decoded(make_photo(pages[0], 31, PLAIN).jpeg).image.copy()
    h, w = image.shape[:2]
    cv2.ellipse(image, (w // 2, h // 2), (w // 3, h // 5), 0, 0, 360, (70, 90, 140), -1)
    scan = scan_photo(Photo("IMG_7.jpg", image), layouts(pages).get)
    assert scan.refused is None
    covered = [r.number for r in scan.rows if "covered" in r.doubts]
    assert len(covered) > 2, "the shadow lies over several rows"
    said = [w for w in scan.warnings if w.key and "unsure_covered" in w.key]
    assert len(said) == 1, said
    assert said[0].key == "scan.rows_unsure_covered"
    assert said[0].params["ranges"] == row_ranges(covered)
    assert said[0] == (
        f"Rows {rows_words(row_ranges(covered))}: part of each is covered or in shadow. "
        "Check them on the sheet."
    )
    kinds = [w.key for w in scan.warnings if w.key and "unsure" in w.key]
    assert len(kinds) == len(set(kinds)), "never two lines about the same kind of doubt"


def test_doubts_are_said_once_per_kind_with_their_rows_in_runs() -> None:
    rows = [
        RowReading(n, filled=False, ticked=False, crossed_out=False,
                   doubts=("covered",) + (("ticked",) if n in (3, 7, 9, 10, 11) else ()))
        for n in range(1, 16)
    ]  # fmt: skip
    rows.append(RowReading(16, filled=True, ticked=False, crossed_out=False, doubts=("filled",)))
    said = doubt_messages(rows)
    assert [str(m) for m in said] == [
        "Row 16: is it filled in? Check it on the sheet.",  # one row: as before
        "Rows 3, 7 and 9–11: are their consent boxes ticked? Check them on the sheet.",
        "Rows 1–15: part of each is covered or in shadow. Check them on the sheet.",
    ]
    assert said[0].key == "scan.row_unsure_filled" and said[0].params == {"row": 16}
    assert said[2].key == "scan.rows_unsure_covered" and said[2].params["ranges"] == ((1, 15),)
    assert (
        row_ranges([5, 3, 4, 9]) == ((3, 5), (9, 9)) and rows_words(((2, 2), (4, 4))) == "2 and 4"
    )
