"""The printed sheet agrees with the layout the store keeps: read off the PDF's pixels.

The scanner trusts the stored layout to find marks, rows and consent boxes on a
photo, so these tests rasterize the real PDF and find each thing where the layout
says it is: the four ArUco marks (detected by OpenCV), the rules between rows, the
consent boxes' outlines and the sheet id's code (decoded).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
import zxingcpp

from actionkit.core.signatures.scans import sheet_layout
from actionkit.core.signatures.sheet_layout import CORNERS, MARK_QUIET, SheetLayout
from actionkit.core.signatures.sheets_pdf import print_new_sheets
from actionkit.core.signatures.store import SignatureStore

PX = 8  # pixels per mm
URL = "https://example.org/appeal/free-all"


def _printed(
    tmp_path: Path, languages: tuple[str, ...], paper: str
) -> tuple[np.ndarray, SheetLayout, str]:
    with SignatureStore(tmp_path / "s.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", languages=languages, city="Köln")
        out = tmp_path / "sheets.pdf"
        sheets, _ = print_new_sheets(store, event.slug, out, count=1, url=URL, paper=paper)
        layout = sheet_layout(store, sheets[0].id)
    assert layout is not None
    page = pdfium.PdfDocument(str(out))[0]
    image = np.array(page.render(scale=PX * 25.4 / 72, grayscale=True).to_pil())
    return image, layout, sheets[0].id


@pytest.mark.parametrize(
    ("languages", "paper"), [(("en",), "A4"), (("fa", "de"), "A4"), (("de", "es", "fr"), "Letter")]
)
def test_the_marks_rows_boxes_and_id_are_where_the_layout_says(
    tmp_path: Path, languages: tuple[str, ...], paper: str
) -> None:
    image, layout, sheet_id = _printed(tmp_path, languages, paper)
    assert image.shape[1] == pytest.approx(layout.width * PX, abs=2)

    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50))
    corners, ids, _ = detector.detectMarkers(image)
    assert ids is not None and sorted(ids.ravel().tolist()) == [0, 1, 2, 3]
    for found, marker_id in zip(corners, ids.ravel(), strict=True):
        mark = layout.mark(CORNERS[int(marker_id)])
        top_left = found[0][0] / PX
        assert top_left == pytest.approx([mark.rect.x, mark.rect.y], abs=0.3)
        # Nothing printed in the quiet zone around it.
        r = mark.rect
        x0, y0 = int((r.x - MARK_QUIET) * PX), int((r.y - MARK_QUIET) * PX)
        x1, y1 = int((r.right + MARK_QUIET) * PX), int((r.bottom + MARK_QUIET) * PX)
        ring = image[max(0, y0) : y1, max(0, x0) : x1].copy()
        ring[
            int(r.y * PX) - max(0, y0) - 2 : int(r.bottom * PX) - max(0, y0) + 2,
            int(r.x * PX) - max(0, x0) - 2 : int(r.right * PX) - max(0, x0) + 2,
        ] = 255
        assert ring.min() > 200, f"ink in the quiet zone of the {mark.corner} mark"

    # The rule under each row is a dark line across the name field, at the layout's y.
    for row in layout.rows:
        field = row.fields["last_name"]
        x = int(field.centre[0] * PX)
        y = row.rect.bottom * PX
        column = image[int(y) - 4 : int(y) + 5, x]
        assert column.min() < 100, f"no rule under row {row.number}"
        assert abs(int(y) - 4 + int(column.argmin()) - y) <= 2  # within 0.25 mm
        # The consent box's outline: dark at its left edge, paper in its middle.
        box = row.consent
        mid_y = int(box.centre[1] * PX)
        assert image[mid_y, int(box.x * PX) - 2 : int(box.x * PX) + 3].min() < 120
        assert image[mid_y, int(box.centre[0] * PX)] > 200

    # The sheet id's code sits in the layout's id_code square and says the id.
    code = layout.id_code
    crop = image[
        int(code.y * PX) - 8 : int(code.bottom * PX) + 8,
        int(code.x * PX) - 8 : int(code.right * PX) + 8,
    ]
    assert [r.text for r in zxingcpp.read_barcodes(crop)] == [sheet_id]


def test_a_right_to_left_sheet_mirrors_its_fields_in_the_layout(tmp_path: Path) -> None:
    _, layout, _ = _printed(tmp_path, ("fa", "de"), "A4")
    row = layout.rows[0]
    assert layout.rtl
    assert row.fields["first_name"].x > row.fields["email"].x > row.fields["signature"].x


def test_layouts_survive_the_store_round_trip(tmp_path: Path) -> None:
    _, layout, _ = _printed(tmp_path, ("en",), "A4")
    assert SheetLayout.from_json(layout.to_json()) == layout
    assert len(layout.rows) == 15 and layout.paper == "A4"
