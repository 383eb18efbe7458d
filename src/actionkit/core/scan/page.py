"""One photo of a sheet: find it, straighten it, identify it, read its rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from actionkit.core.errors import Message
from actionkit.core.scan.marks import (
    Perspective,
    best_perspective,
    find_marks,
    fit_perspective,
    mark_points,
    project,
)
from actionkit.core.scan.photos import Photo
from actionkit.core.scan.rows import RowReader, RowReading
from actionkit.core.signatures.sheet_layout import (
    CORNERS,
    MARK_QUIET,
    MARK_SIDE,
    SHEET_PAPERS,
    Rect,
    SheetLayout,
    registration_marks,
)
from actionkit.core.signatures.store import SHEET_ALPHABET

PX_PER_MM = 8
# A sheet id as the store makes them: 4 + 4 characters of its alphabet.
SHEET_ID = re.compile(rf"^[{SHEET_ALPHABET}]{{4}}-[{SHEET_ALPHABET}]{{4}}$")
# The sheet id's code sits in a bottom corner, in this band of the page (mm).
ID_BAND = 40.0
# Where else it is looked for: each bottom corner (mm from the side edge, from..to;
# and up from the bottom), cut from the photo at these scales (px/mm).
ID_CORNER = (14.0, 52.0)
ID_CORNER_H = 36.0
ID_SCALES = (12.0, 6.0)
# The marks' edges: wider than this (mm, 10% to 90% of the step) is too blurred to
# read the rows, wider than the warning one is worth a word.
BLUR_REFUSE = 1.6
BLUR_WARN = 0.6
# The marks' fit (RMS as a share of a mark's side): worse is not a flat sheet.
FIT_REFUSE = 0.2
FIT_WARN = 0.08

CORNER_WORDS = {
    "top_left": "top left",
    "top_right": "top right",
    "bottom_left": "bottom left",
    "bottom_right": "bottom right",
}


@dataclass
class PageScan:
    source: str
    sheet_id: str | None
    refused: Message | None
    warnings: list[Message] = field(default_factory=list)
    image: np.ndarray | None = None  # the straightened page (BGR), PX_PER_MM
    px_per_mm: float = PX_PER_MM
    rows: list[RowReading] = field(default_factory=list)
    row_boxes: dict[int, Rect] = field(default_factory=dict)
    measures: dict[str, float] = field(default_factory=dict)

    @property
    def filled(self) -> int:
        return sum(1 for r in self.rows if r.filled and not r.crossed_out)


def _refuse(
    photo: Photo, text: str, key: str, sheet_id: str | None = None, **params: object
) -> PageScan:
    return PageScan(photo.source, sheet_id, Message(text, key=key, **params))


def scan_photo(photo: Photo, layout_for: Callable[[str], SheetLayout | None]) -> PageScan:
    image = photo.image
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    found = find_marks(gray)
    if found.duplicates:
        return _refuse(
            photo,
            "More than one sheet is in the photo: take one sheet at a time.",
            "scan.many_sheets",
        )
    sharpness = _edge_width(gray, found.corners)
    if sharpness is not None and sharpness > BLUR_REFUSE:
        return _refuse(
            photo,
            "The photo is too blurred to read: hold the phone still and take it again.",
            "scan.blurred",
        )
    if not found.corners:
        return _refuse(
            photo,
            "No ActionKit sheet found: none of the four corner marks is visible.",
            "scan.no_sheet",
        )
    if len(found.corners) < 3:
        blurred = sharpness is not None and sharpness > BLUR_WARN
        return _few_marks(photo, found.corners, gray.shape, blurred)
    perspective = best_perspective(found.corners)
    if perspective is None or perspective.error > FIT_REFUSE:
        return _refuse(
            photo,
            "The sheet's corner marks do not line up: flatten the sheet and take the photo again.",
            "scan.marks_misfit",
        )
    warnings: list[Message] = []
    height, width = gray.shape
    missing_outside: str | None = None
    for index, corner in enumerate(CORNERS):
        if index in found.corners:
            continue
        words = CORNER_WORDS[corner]
        mark = next(m for m in perspective.marks if m.marker_id == index)
        r = mark.rect
        q = MARK_QUIET
        place = project(
            perspective,
            np.array(
                [
                    [r.x - q, r.y - q],
                    [r.right + q, r.y - q],
                    [r.right + q, r.bottom + q],
                    [r.x - q, r.bottom + q],
                ]
            ),
        )
        inside = bool(
            np.all(
                (place[:, 0] >= 0)
                & (place[:, 0] < width)
                & (place[:, 1] >= 0)
                & (place[:, 1] < height)
            )
        )
        if inside:
            warnings.append(
                Message(
                    f"The {words} corner is covered or in deep shadow: the sheet was read from "
                    "the other three.",
                    key="scan.corner_covered",
                    corner=corner,
                )
            )
        else:
            missing_outside = corner
    if perspective.error > FIT_WARN:
        warnings.append(
            Message(
                "The sheet is not flat (folded or crumpled): check the rows it reads.",
                key="scan.not_flat",
            )
        )

    page = _straighten(image, perspective)
    page_gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    if sharpness is not None and sharpness > BLUR_WARN:
        warnings.append(
            Message("The photo is a little blurred: check the rows it reads.", key="scan.blur_warn")
        )

    sheet_id = _read_sheet_id(page_gray, gray, perspective)
    if sheet_id is None and missing_outside is not None:
        return _corner_outside(photo, missing_outside, None)
    if sheet_id is None and sharpness is not None and sharpness > BLUR_WARN:
        return _refuse(
            photo,
            "The photo is too blurred to read the sheet's id code: hold the phone still and take "
            "it again.",
            "scan.blurred_id",
        )
    if sheet_id is None:
        return _refuse(
            photo,
            "The sheet's id code (the small QR code in a bottom corner) cannot be read: "
            "take the photo again, closer and in better light.",
            "scan.no_id",
        )
    layout = layout_for(sheet_id)
    if layout is None:
        return _refuse(
            photo,
            f"Sheet {sheet_id} is not in this store (printed from another store, or before sheets "
            "could be scanned).",
            "scan.unknown_sheet",
            sheet_id=sheet_id,
            sheet=sheet_id,
        )
    if _marks_differ(layout, perspective):
        refit = fit_perspective(found.corners, layout.marks, layout.paper)
        if refit is None or refit.error > FIT_REFUSE:
            return _refuse(
                photo,
                "The sheet's corner marks do not line up: flatten the sheet and take the photo "
                "again.",
                "scan.marks_misfit",
                sheet_id,
            )
        perspective = refit
        page = _straighten(image, perspective)
    if missing_outside is not None and not _rows_in_photo(layout, perspective, width, height):
        return _corner_outside(photo, missing_outside, sheet_id)
    if missing_outside is not None:
        warnings.append(
            Message(
                f"The {CORNER_WORDS[missing_outside]} corner is outside the photo: the rows were "
                "read, "
                "but take it again if any looks wrong.",
                key="scan.corner_outside_warn",
                corner=missing_outside,
            )
        )

    reader = RowReader(page, layout, PX_PER_MM, blur=sharpness or 0.0)
    rows = [reader.read_row(i, row) for i, row in enumerate(layout.rows)]
    boxes = {row.number: reader.row_box(i) for i, row in enumerate(layout.rows)}
    warnings.extend(doubt_messages(rows))
    measures = {"fit": round(perspective.error, 4)}
    if sharpness is not None:
        measures["edge_mm"] = round(sharpness, 3)
    return PageScan(photo.source, sheet_id, None, warnings, page, PX_PER_MM, rows, boxes, measures)


def _few_marks(
    photo: Photo, corners: dict[int, np.ndarray], shape: tuple[int, ...], blurred: bool
) -> PageScan:
    """One or two marks: where the others would be (from an affine fit of the seen
    marks' corners), to say whether they are outside the photo or covered."""
    marks = registration_marks("A4")
    page = np.concatenate([mark_points(marks[i]) for i in sorted(corners)])
    seen = np.concatenate([corners[i] for i in sorted(corners)])
    affine, _inliers = cv2.estimateAffine2D(page, seen)
    height, width = shape[:2]
    outside: list[str] = []
    hidden: list[str] = []
    for index, corner in enumerate(CORNERS):
        if index in corners:
            continue
        if affine is None:
            hidden.append(corner)
            continue
        place = mark_points(marks[index]) @ affine[:, :2].T + affine[:, 2]
        inside = np.all(
            (place[:, 0] >= 0) & (place[:, 0] < width) & (place[:, 1] >= 0) & (place[:, 1] < height)
        )
        (hidden if inside else outside).append(corner)
    if outside:
        words = _corner_list(outside)
        plural = "corners are" if len(outside) > 1 else "corner is"
        return _refuse(
            photo,
            f"The {words} {plural} outside the photo: take it again.",
            "scan.corners_outside",
            corners=", ".join(outside),
        )
    if blurred:
        return _refuse(
            photo,
            "The photo is too blurred to find the sheet's corner marks: hold the phone still and "
            "take it again.",
            "scan.blurred_marks",
        )
    words = _corner_list(hidden)
    return _refuse(
        photo,
        f"Only {len(corners)} of the sheet's four corner marks can be seen (the {words} ones are "
        "covered or in deep shadow): take the photo again with the whole sheet in view.",
        "scan.few_marks",
        count=len(corners),
        corners=", ".join(hidden),
    )


def _corner_list(corners: list[str]) -> str:
    words = [CORNER_WORDS[c] for c in corners]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _corner_outside(photo: Photo, corner: str, sheet_id: str | None) -> PageScan:
    return _refuse(
        photo,
        f"The {CORNER_WORDS[corner]} corner is outside the photo: take it again.",
        "scan.corner_outside",
        sheet_id,
        corner=corner,
    )


# What the scanner may be unsure of about a row, in this order, and how it asks.
DOUBTS = {
    "filled": ("is it filled in?", "are they filled in?"),
    "ticked": ("is the consent box ticked?", "are their consent boxes ticked?"),
    "crossed_out": ("is it crossed out?", "are they crossed out?"),
    "covered": ("part of it is covered or in shadow.", "part of each is covered or in shadow."),
}


def row_ranges(numbers: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Row numbers as runs: (1, 2, 3, 7, 9, 10) -> ((1, 3), (7, 7), (9, 10))."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return tuple(runs)


def rows_words(ranges: Sequence[tuple[int, int]]) -> str:
    """Runs of rows in English: '1–15', '3 and 5', '3, 7 and 9–11'."""
    parts = [str(a) if a == b else f"{a}\u2013{b}" for a, b in ranges]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def doubt_messages(rows: Sequence[RowReading]) -> list[Message]:
    """One message per kind of doubt on the page, naming its rows: a big shadow over
    the table is one line ('Rows 1–15: ...'), never one per row. A message about
    several rows carries their runs as `ranges` ((first, last) pairs), for the GUI to
    write them in its language."""
    messages = []
    for doubt, (one, many) in DOUBTS.items():
        numbers = [reading.number for reading in rows if doubt in reading.doubts]
        if len(numbers) == 1:
            messages.append(
                Message(
                    f"Row {numbers[0]}: {one} Check it on the sheet.",
                    key=f"scan.row_unsure_{doubt}",
                    row=numbers[0],
                )
            )
        elif numbers:
            ranges = row_ranges(numbers)
            words = rows_words(ranges)
            messages.append(
                Message(
                    f"Rows {words}: {many} Check them on the sheet.",
                    key=f"scan.rows_unsure_{doubt}",
                    rows=words,
                    ranges=ranges,
                )
            )
    return messages


def _straighten(image: np.ndarray, perspective: Perspective) -> np.ndarray:
    width_mm, height_mm = SHEET_PAPERS[perspective.paper]
    scale = np.diag([1.0 / PX_PER_MM, 1.0 / PX_PER_MM, 1.0])
    to_photo = perspective.homography @ scale
    size = (round(width_mm * PX_PER_MM), round(height_mm * PX_PER_MM))
    return cv2.warpPerspective(
        image,
        to_photo,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


def _marks_differ(layout: SheetLayout, perspective: Perspective) -> bool:
    mine = {m.marker_id: m.rect for m in perspective.marks}
    for mark in layout.marks:
        other = mine.get(mark.marker_id)
        if other is None or max(abs(other.x - mark.rect.x), abs(other.y - mark.rect.y)) > 0.05:
            return True
    return layout.paper != perspective.paper


def _rows_in_photo(layout: SheetLayout, perspective: Perspective, width: int, height: int) -> bool:
    t = layout.table
    corners = project(
        perspective, np.array([[t.x, t.y], [t.right, t.y], [t.right, t.bottom], [t.x, t.bottom]])
    )
    return bool(
        np.all(
            (corners[:, 0] >= 0)
            & (corners[:, 0] < width)
            & (corners[:, 1] >= 0)
            & (corners[:, 1] < height)
        )
    )


def _edge_width(gray: np.ndarray, corners: dict[int, np.ndarray]) -> float | None:
    """How wide the marks' black-to-white edges are (mm, 10% to 90%), the median
    over the seen marks' sides. Each mark is straightened on its own from its four
    corners, so this works with any number of marks."""
    k = PX_PER_MM
    side = MARK_SIDE
    span = 1.6
    pad = span + 0.4
    size = round((side + 2 * pad) * k)
    square = np.array([[0, 0], [side, 0], [side, side], [0, side]], np.float32)
    to_patch = np.array([[k, 0, pad * k], [0, k, pad * k], [0, 0, 1]])
    widths = []
    for quad in corners.values():
        to_photo = cv2.getPerspectiveTransform(square, quad.astype(np.float32))
        patch = cv2.warpPerspective(
            gray,
            to_photo @ np.linalg.inv(to_patch),
            (size, size),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        ).astype(np.float32)
        a0, a1 = int((pad + 3.0) * k), int((pad + side - 3.0) * k)
        e0, e1 = int((pad - span) * k), int((pad + span) * k)
        f0, f1 = int((pad + side - span) * k), int((pad + side + span) * k)
        cuts = (
            patch[a0:a1, e0:e1].mean(axis=0),
            patch[a0:a1, f0:f1].mean(axis=0)[::-1],
            patch[e0:e1, a0:a1].mean(axis=1),
            patch[f0:f1, a0:a1].mean(axis=1)[::-1],
        )
        for profile in cuts:
            if profile.size < 6:
                continue
            light, dark = float(profile[:3].mean()), float(profile[-3:].mean())
            if light - dark < 25:
                continue
            level = (profile - dark) / (light - dark)
            widths.append((_crossing(level, 0.1) - _crossing(level, 0.9)) / k)
    return float(np.median(widths)) if widths else None


def _crossing(level: np.ndarray, value: float) -> float:
    """Where a falling profile first goes under `value`, to a fraction of a pixel."""
    under = np.nonzero(level < value)[0]
    if under.size == 0:
        return float(len(level))
    i = int(under[0])
    if i == 0:
        return 0.0
    a, b = float(level[i - 1]), float(level[i])
    return i - 1 + (a - value) / max(a - b, 1e-6)


def _read_sheet_id(
    page: np.ndarray, photo_gray: np.ndarray, perspective: Perspective
) -> str | None:
    """The sheet id from its QR code in a bottom corner: first on the straightened
    page, then (a small or blurred code) on each bottom corner cut afresh from the
    photo at a finer and a coarser scale."""
    height = page.shape[0]
    band = page[max(0, height - int(ID_BAND * PX_PER_MM)) :, :]
    width = band.shape[1]
    for part in (band[:, : width // 3], band[:, width - width // 3 :]):
        found = _sheet_id_in(part)
        if found:
            return found
    width_mm, height_mm = SHEET_PAPERS[perspective.paper]
    for x0 in (ID_CORNER[0], width_mm - ID_CORNER[1]):
        for scale in ID_SCALES:
            corner = np.array(
                [[1 / scale, 0, x0], [0, 1 / scale, height_mm - ID_CORNER_H], [0, 0, 1]]
            )
            size = (int((ID_CORNER[1] - ID_CORNER[0]) * scale), int(ID_CORNER_H * scale))
            cut = cv2.warpPerspective(
                photo_gray,
                perspective.homography @ corner,
                size,
                flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP,
                borderMode=cv2.BORDER_REPLICATE,
            )
            found = _sheet_id_in(cut)
            if found:
                return found
    return None


def _sheet_id_in(image: np.ndarray) -> str | None:
    import zxingcpp

    qr = zxingcpp.BarcodeFormat.QRCode
    for result in zxingcpp.read_barcodes(image, formats=qr):  # type: ignore[arg-type]
        text = result.text.strip()
        if SHEET_ID.match(text):
            return text
    return None
