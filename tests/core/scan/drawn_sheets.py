"""Sheets drawn directly with OpenCV (marks, rules, boxes, id code) and "photographed"
with a known perspective, for the scanner's tests. No signer data: the ink is drawn
strokes."""

from __future__ import annotations

import cv2
import numpy as np

from actionkit.core.signatures.sheet_layout import (
    SHEET_PAPERS,
    Rect,
    RowLayout,
    SheetLayout,
    registration_marks,
)

COLUMNS = (
    ("number", 0.045),
    ("first_name", 0.13),
    ("last_name", 0.14),
    ("email", 0.21),
    ("city", 0.11),
    ("postal_code", 0.07),
    ("country", 0.08),
    ("consent", 0.075),
    ("signature", 0.14),
)


def drawn_layout(paper: str = "A4", rows: int = 12) -> SheetLayout:
    width, height = SHEET_PAPERS[paper]
    table = Rect(10.0, 52.0, width - 20.0, height - 52.0 - 30.0)
    head = 8.0
    row_h = (table.h - head) / rows
    made = []
    for n in range(rows):
        y = table.y + head + n * row_h
        x = table.x
        fields = {}
        consent = Rect(0, 0, 0, 0)
        for key, share in COLUMNS:
            w = share * table.w
            if key == "consent":
                box = min(row_h * 0.5, 5.0)
                consent = Rect(x + w / 2 - box / 2, y + (row_h - box) / 2, box, box)
            elif key != "number":
                fields[key] = Rect(x, y, w, row_h)
            x += w
        made.append(RowLayout(n + 1, Rect(table.x, y, table.w, row_h), fields, consent))
    return SheetLayout(
        paper,
        width,
        height,
        registration_marks(paper),
        Rect(26.0, height - 22.0, 16.0, 16.0),
        table,
        tuple(made),
    )


def draw_page(layout: SheetLayout, sheet_id: str, k: float = 12.0) -> np.ndarray:
    """The printed sheet at k px/mm, gray."""
    page = np.full((int(layout.height * k), int(layout.width * k)), 255, np.uint8)
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    for mark in layout.marks:
        side = int(round(mark.rect.w * k))
        marker = cv2.aruco.generateImageMarker(dictionary, mark.marker_id, side)
        x, y = int(round(mark.rect.x * k)), int(round(mark.rect.y * k))
        page[y : y + side, x : x + side] = marker
    t = layout.table

    def p(x: float, y: float) -> tuple[int, int]:
        return int(round(x * k)), int(round(y * k))

    cv2.rectangle(page, p(t.x, t.y), p(t.right, t.y + 8.0), 40, -1)
    for row in layout.rows:
        cv2.line(page, p(t.x, row.rect.y), p(t.right, row.rect.y), 0, max(1, int(0.21 * k)))
        for rect in row.fields.values():
            cv2.line(page, p(rect.x, row.rect.y), p(rect.x, row.rect.bottom), 140, 1)
        c = row.consent
        cv2.rectangle(page, p(c.x, c.y), p(c.right, c.bottom), 0, max(1, int(0.28 * k)))
        cv2.putText(
            page,
            str(row.number),
            p(t.x + 3, row.rect.y + row.rect.h * 0.7),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.04 * k,
            0,
            2,
        )
    cv2.line(page, p(t.x, t.bottom), p(t.right, t.bottom), 0, max(1, int(0.21 * k)))
    cv2.rectangle(page, p(t.x, t.y), p(t.right, t.bottom), 0, max(1, int(0.35 * k)))
    qr = cv2.QRCodeEncoder.create().encode(sheet_id)
    side = int(round(layout.id_code.w * k))
    qr = cv2.resize(qr, (side, side), interpolation=cv2.INTER_NEAREST)
    x, y = p(layout.id_code.x, layout.id_code.y)
    page[y : y + side, x : x + side] = qr
    # The appeal's code at the top, to be ignored.
    top = cv2.resize(
        cv2.QRCodeEncoder.create().encode("https://example.org/sign"),
        (int(24 * k),) * 2,
        interpolation=cv2.INTER_NEAREST,
    )
    page[int(8 * k) : int(8 * k) + top.shape[0], int(230 * k) : int(230 * k) + top.shape[1]] = top
    return page


def write_in(
    page: np.ndarray, rect: Rect, k: float, rng: np.random.Generator, ink: int = 30
) -> None:
    """A scrawl in a cell: a random pen path along the cell."""
    x = rect.x + 2 + rng.uniform(0, 3)
    end = rect.x + rng.uniform(0.5, 0.9) * rect.w
    base = rect.y + rect.h * 0.65
    points = []
    while x < end:
        points.append((x, base - rng.uniform(0, rect.h * 0.45)))
        x += rng.uniform(0.6, 1.6)
    pts = (np.array(points) * k).astype(np.int32)
    cv2.polylines(page, [pts], False, ink, max(1, int(0.45 * k)), cv2.LINE_AA)


def tick(page: np.ndarray, box: Rect, k: float, ink: int = 30) -> None:
    a = (box.x + box.w * 0.2, box.y + box.h * 0.55)
    b = (box.x + box.w * 0.45, box.y + box.h * 0.85)
    c = (box.x + box.w * 1.1, box.y - box.h * 0.2)
    pts = (np.array([a, b, c]) * k).astype(np.int32)
    cv2.polylines(page, [pts], False, ink, max(1, int(0.45 * k)), cv2.LINE_AA)


def strike(page: np.ndarray, row: Rect, k: float, ink: int = 30) -> None:
    a = (row.x + 5, row.y + row.h * 0.6)
    b = (row.right - 8, row.y + row.h * 0.35)
    cv2.line(
        page,
        (int(a[0] * k), int(a[1] * k)),
        (int(b[0] * k), int(b[1] * k)),
        ink,
        max(1, int(0.5 * k)),
        cv2.LINE_AA,
    )


def photograph(
    page: np.ndarray,
    k: float,
    size: tuple[int, int] = (4000, 3000),
    tilt: float = 0.0,
    spin: float = 0.0,
    fill: float = 0.85,
    shift: tuple[float, float] = (0.0, 0.0),
    blur: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """The page seen by a camera: (BGR photo, homography from page mm to photo px)."""
    h, w = page.shape[:2]
    width_mm, height_mm = w / k, h / k
    out_w, out_h = size
    scale = fill * min(out_w / width_mm, out_h / height_mm)
    corners = np.array([[0, 0], [width_mm, 0], [width_mm, height_mm], [0, height_mm]], np.float64)
    centred = (corners - [width_mm / 2, height_mm / 2]) * scale
    angle = np.radians(spin)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centred = centred @ rot.T
    # Tilt: the top edge further away (shorter).
    factor = 1 - tilt
    centred[:2, 0] *= factor
    centred[:2, 1] *= 1 - tilt / 2
    placed = centred + [out_w / 2 + shift[0] * out_w, out_h / 2 + shift[1] * out_h]
    homography = cv2.getPerspectiveTransform(corners.astype(np.float32), placed.astype(np.float32))
    to_photo = homography @ np.diag([1 / k, 1 / k, 1.0])
    photo = cv2.warpPerspective(page, to_photo, size, flags=cv2.INTER_AREA, borderValue=90)
    if blur:
        photo = cv2.GaussianBlur(photo, (0, 0), blur)
    return cv2.cvtColor(photo, cv2.COLOR_GRAY2BGR), homography
