"""The synthetic photo set's own checks: the truth it hands the accuracy test is what
it drew. Read back from the photos themselves (straightened with the truth's own
homography), not from the generator's bookkeeping."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from actionkit.core.signatures.sheet_layout import Rect
from tests.scan_synth import PLAIN, Options, SheetPage, drawn_page, make_photo, printed_pages

PPM = 4  # px per mm of the straightened check image


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> SheetPage:
    """A real sheet, printed by the app (English, A4)."""
    return printed_pages(tmp_path_factory.mktemp("store"), [(("en",), "A4")])[0]


def decoded(jpeg: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    return image


def straightened(photo_jpeg: bytes, homography: np.ndarray, page: SheetPage) -> np.ndarray:
    image = decoded(photo_jpeg)
    # Output pixel j holds the page at (j + 0.5) / PPM mm, as cv2.resize's INTER_AREA does.
    shift = np.array([[1, 0, -0.5], [0, 1, -0.5], [0, 0, 1]])
    to_px = shift @ np.diag([PPM, PPM, 1.0]) @ np.linalg.inv(homography)
    size = (round(page.layout.width * PPM), round(page.layout.height * PPM))
    return cv2.warpPerspective(image, to_px, size, flags=cv2.INTER_AREA)


def blank(page: SheetPage) -> np.ndarray:
    gray = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    size = (round(page.layout.width * PPM), round(page.layout.height * PPM))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


def ink(diff: np.ndarray, rect: Rect, inset: float = 1.0) -> int:
    """Pixels inside `rect` (less `inset` mm) darker than the blank page by 40+."""
    x0, y0 = round((rect.x + inset) * PPM), round((rect.y + inset) * PPM)
    x1, y1 = round((rect.right - inset) * PPM), round((rect.bottom - inset) * PPM)
    return int((diff[y0:y1, x0:x1] > 40).sum())


def test_the_same_seed_gives_the_same_photo_and_truth(page: SheetPage) -> None:
    one, two = make_photo(page, 41), make_photo(page, 41)
    assert one.jpeg == two.jpeg
    assert one.rows == two.rows and one.expect == two.expect
    assert make_photo(page, 42).jpeg != one.jpeg


def test_the_drawn_page_has_its_layouts_marks_and_code() -> None:
    drawn = drawn_page("K7Q2-9XHM")
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50))
    corners, ids, _ = detector.detectMarkers(cv2.cvtColor(drawn.image, cv2.COLOR_BGR2GRAY))
    assert ids is not None and sorted(ids.ravel().tolist()) == [0, 1, 2, 3]
    for found, marker_id in zip(corners, ids.ravel(), strict=True):
        rect = next(m.rect for m in drawn.layout.marks if m.marker_id == marker_id)
        assert found[0][0] / drawn.px_per_mm == pytest.approx([rect.x, rect.y], abs=0.3)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(drawn.image)
    assert text == "K7Q2-9XHM" or text.startswith("https://")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_truth_is_what_was_drawn(page: SheetPage, seed: int) -> None:
    photo = make_photo(page, seed, PLAIN)
    assert photo.page_to_photo is not None
    diff = blank(page).astype(int) - straightened(photo.jpeg, photo.page_to_photo, page)
    for truth, row in zip(photo.rows, page.layout.rows, strict=True):
        names = sum(ink(diff, row.fields[k]) for k in ("first_name", "last_name", "email"))
        if truth.filled:
            assert names > 30, truth
        else:
            assert names <= 5, truth  # a pixel or two of JPEG fringe on the rules
        inside = ink(diff, row.consent, inset=0.6)
        if truth.ticked:
            assert inside > 4, truth
        elif not truth.crossed_out:
            assert inside == 0, truth
    assert any(t.filled for t in photo.rows) or seed == 0


def test_a_crossed_out_row_has_a_stroke_across_it(page: SheetPage) -> None:
    crossed = 0
    for seed in range(1, 30):
        photo = make_photo(page, seed, PLAIN)
        assert photo.page_to_photo is not None
        diff = blank(page).astype(int) - straightened(photo.jpeg, photo.page_to_photo, page)
        for truth, row in zip(photo.rows, page.layout.rows, strict=True):
            # Ink in the country and postal code cells' middle band, where names rarely reach.
            band = row.rect
            y0, y1 = round((band.y + 1) * PPM), round((band.bottom - 1) * PPM)
            cols = row.fields["postal_code"]
            x0, x1 = round(cols.x * PPM), round(cols.right * PPM)
            through = (diff[y0:y1, x0:x1] > 40).any(axis=0).mean()
            if truth.crossed_out:
                crossed += 1
                assert through > 0.9, (seed, truth)
    assert crossed >= 3


def rule_near(gray: np.ndarray, y_mm: float, x0: float, x1: float) -> float:
    """Where (mm) the darkest horizontal line within 2.5 mm of `y_mm` is, between x0 and x1."""
    strip = 255.0 - gray[:, round(x0 * PPM) : round(x1 * PPM)].mean(axis=1)
    lo, hi = round((y_mm - 2.5) * PPM), round((y_mm + 2.5) * PPM)
    return (lo + int(np.argmax(strip[lo:hi])) + 0.5) / PPM


def test_row_boxes_follow_the_rules_on_a_crumpled_page(page: SheetPage) -> None:
    options = replace(PLAIN, crumple=1.0, crumple_mm=3.0)
    printed_off = 0.0
    for seed in (5, 6, 7, 8):
        photo = make_photo(page, seed, options)
        assert "crumple_mm" in photo.distortions
        assert photo.page_to_photo is not None
        gray = straightened(photo.jpeg, photo.page_to_photo, page)
        for truth, row in zip(photo.rows, page.layout.rows, strict=True):
            assert truth.box is not None
            # The ruled line under the row, found near where the truth says it is, in
            # the number column (no handwriting there): where the truth says, give or
            # take how far the rule bends along the row.
            x0, x1 = row.rect.x + 1, row.fields["first_name"].x - 1
            found = rule_near(gray, truth.box.bottom, x0, x1)
            assert abs(found - truth.box.bottom) <= truth.bend + 0.4, (seed, found, truth)
            printed_off = max(printed_off, abs(truth.box.bottom - row.rect.bottom))
    # The crumple really moved rows, so the truth is not merely the printed layout.
    assert printed_off > 0.4


def test_a_corner_out_of_the_frame_loses_its_mark_and_may_be_refused(page: SheetPage) -> None:
    options = Options(corner_out=1.0, finger=0, heavy_blur=0, unknown_sheet=0, no_sheet=0)
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50))
    for seed in (11, 12):
        photo = make_photo(page, seed, options)
        corner = photo.distortions["corner_out"]
        assert photo.expect == "either" and f"mark_out:{corner}" in photo.why
        image = decoded(photo.jpeg)
        _, ids, _ = detector.detectMarkers(image)
        seen = set() if ids is None else {int(i) for i in ids.ravel()}
        assert page.layout.mark(corner).marker_id not in seen


def test_an_ordinary_photo_shows_all_four_marks(page: SheetPage) -> None:
    options = Options(corner_out=0, finger=0, heavy_blur=0, unknown_sheet=0, no_sheet=0)
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50))
    for seed in (21, 22, 23):
        photo = make_photo(page, seed, options)
        assert photo.expect == "read", photo.describe()
        image = decoded(photo.jpeg)
        _, ids, _ = detector.detectMarkers(image)
        assert ids is not None and {0, 1, 2, 3} <= {int(i) for i in ids.ravel()}, photo.describe()
