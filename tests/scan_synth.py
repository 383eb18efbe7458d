"""A synthetic set of phone photos of filled signature sheets, with their ground truth.

No real signer's handwriting anywhere: a sheet page (rendered by the app from its
PDF, or drawn here to the agreed geometry) is filled with synthetic pen strokes
(cursive-like pen paths in the name and email fields and sometimes the others,
ticks and crosses of several shapes in some consent boxes, crossed-out rows, empty
rows) and then "photographed" in simulation: tilted up to 30 degrees, turned by any
angle, placed on a table, crumpled, lit unevenly, shadowed, held by a finger, cut
by the frame, blurred, noisy and JPEG-compressed.

Everything is seeded and deterministic: `make_photo(page, seed)` gives the same bytes
and the same truth every time. Only numpy, OpenCV and Pillow (through OpenCV's own
JPEG codec) are used, and nothing is written to a file: the photo is JPEG bytes in
memory (the scanner's own loader reads it from bytes).

Units of the truth are the sheet layout's: millimetres on the trimmed page, origin
top-left, y down. A row's true box is given in millimetres of the *straightened*
page (the page as a perspective fit to the four registration marks sees it), which
is the frame the scanner reports `row_boxes` in: on a flat page it is the printed
row; on a crumpled one it is where the row really landed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Any, ClassVar

import cv2
import numpy as np

from actionkit.core.signatures.sheet_geometry import COLUMNS
from actionkit.core.signatures.sheet_layout import (
    CORNERS,
    ROW_FIELDS,
    SHEET_PAPERS,
    Rect,
    RowLayout,
    SheetLayout,
    registration_marks,
)

PAGE_PX_PER_MM = 10  # the resolution the sheet page is rendered and filled at
PHOTO_SIZES = ((4032, 3024), (3264, 2448), (2592, 1944), (2048, 1536))
TICK_SHAPES = ("check", "cross", "blob", "slanted", "small_check", "scrawl")
# --------------------------------------------------------------------------- pages


@dataclass
class SheetPage:
    """A printed sheet as an image: what the photo is taken of."""

    sheet_id: str
    layout: SheetLayout
    image: np.ndarray  # BGR uint8, the trimmed page at `px_per_mm`
    px_per_mm: float = PAGE_PX_PER_MM


# Sheets the set is printed from: languages (the first leads: Persian and Arabic print
# right to left) and paper.
SHEET_KINDS = ((("en",), "A4"), (("fa", "de"), "A4"), (("de", "en"), "Letter"),
               (("ar", "en"), "A4"), (("de", "es", "fr"), "A4"))  # fmt: skip
APPEAL_URL = "https://example.org/appeal/free-all"


def printed_pages(folder: Path, kinds: Iterable[tuple[tuple[str, ...], str]] = SHEET_KINDS,
                  ) -> list[SheetPage]:  # fmt: skip
    """Real sheets: printed by the app into a store in `folder` (one sheet of each kind),
    each with the layout the store kept for it. The sheet ids are the same every time."""
    import random
    from unittest import mock

    from actionkit.core.signatures import store as store_module
    from actionkit.core.signatures.scans import sheet_layout
    from actionkit.core.signatures.sheets_pdf import print_new_sheets
    from actionkit.core.signatures.store import SignatureStore

    pages = []
    # Fixed sheet ids (the store draws them with `secrets`): the same set every run.
    chooser = random.Random(18)
    with (
        mock.patch.object(store_module.secrets, "choice", chooser.choice),
        SignatureStore(folder / "signatures.sqlite3") as store,
    ):
        for n, (languages, paper) in enumerate(kinds):
            event = store.create_event(f"Vigil {n}", "2026-12-10", languages=languages, city="Köln")
            out = BytesIO()
            sheets, _ = print_new_sheets(
                store, event.slug, out, count=1, url=APPEAL_URL, paper=paper
            )
            layout = sheet_layout(store, sheets[0].id)
            assert layout is not None
            pages.append(page_from_pdf(out.getvalue(), layout, sheets[0].id))
    return pages


def page_from_pdf(
    pdf: bytes, layout: SheetLayout, sheet_id: str, index: int = 0, px_per_mm: float = 10
) -> SheetPage:
    """Rasterize page `index` of a sheets PDF made by the app (its media box is the
    trimmed page: sheets print without bleed)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[index]
        bitmap = page.render(scale=px_per_mm * 25.4 / 72)
        rgb = np.array(bitmap.to_pil().convert("RGB"))
    finally:
        document.close()
    image = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    expected = (round(layout.height * px_per_mm), round(layout.width * px_per_mm))
    if abs(image.shape[0] - expected[0]) > 2 or abs(image.shape[1] - expected[1]) > 2:
        raise ValueError(f"page is {image.shape[:2]} px, the layout says {expected}")
    return SheetPage(sheet_id, layout, image, px_per_mm)


def drawn_layout(paper: str = "A4", rows: int = 15) -> SheetLayout:
    """A layout close to the app's sheet, for the page drawn here."""
    width, height = SHEET_PAPERS[paper]
    table = Rect(10.0, 52.0, width - 20.0, height - 52.0 - 30.0)
    head_h = 8.0
    row_h = (table.h - head_h) / rows
    edges = [table.x]
    for _, share in COLUMNS:  # the app's own column shares
        edges.append(edges[-1] + share * table.w)
    keys = [k for k, _ in COLUMNS]
    box = min(row_h * 0.5, 5.0)
    made = []
    for n in range(rows):
        y = table.y + head_h + n * row_h
        cells = {k: Rect(edges[i], y, edges[i + 1] - edges[i], row_h) for i, k in enumerate(keys)}
        consent = cells["consent"]
        cx, cy = consent.centre
        made.append(
            RowLayout(
                n + 1,
                Rect(table.x, y, table.w, row_h),
                {k: cells[k] for k in ROW_FIELDS},
                Rect(cx - box / 2, cy - box / 2, box, box),
            )
        )
    marks = registration_marks(paper)
    id_code = Rect(22.0, height - 3.0 - 15.0, 15.0, 15.0)
    return SheetLayout(paper, width, height, marks, id_code, table, tuple(made))


def drawn_page(sheet_id: str = "K7Q2-9XHM", paper: str = "A4", rows: int = 15) -> SheetPage:
    """A white page with the agreed ArUco marks, a sheet-id QR code, an appeal QR code
    and a ruled table: stands in for the app's sheet where no PDF is at hand."""
    layout = drawn_layout(paper, rows)
    ppm = PAGE_PX_PER_MM
    image = np.full((round(layout.height * ppm), round(layout.width * ppm), 3), 255, np.uint8)

    def px(v: float) -> int:
        return round(v * ppm)

    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    for mark in layout.marks:
        side = px(mark.rect.w)
        marker = cv2.aruco.generateImageMarker(dictionary, mark.marker_id, side)
        x, y = px(mark.rect.x), px(mark.rect.y)
        image[y : y + side, x : x + side] = marker[:, :, None]

    def put_qr(text: str, rect: Rect) -> None:
        code = cv2.QRCodeEncoder.create().encode(text)  # 1 module quiet zone each side
        side = px(rect.w)
        scaled = cv2.resize(code, (side, side), interpolation=cv2.INTER_NEAREST)
        image[px(rect.y) : px(rect.y) + side, px(rect.x) : px(rect.x) + side] = scaled[:, :, None]

    put_qr(sheet_id, layout.id_code)
    put_qr("https://example.org/free-narges", Rect(layout.width - 62.0, 8.0, 24.0, 24.0))
    ink = (40, 30, 30)
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(image, "FREE NARGES MOHAMMADI", (px(24), px(18)), font, 2.2, ink, 8, cv2.LINE_AA)
    for i, line in enumerate(("We demand the release of all", "prisoners of conscience.")):
        cv2.putText(image, line, (px(24), px(28 + 6 * i)), font, 1.2, ink, 2, cv2.LINE_AA)
    cv2.putText(image, "Rally for Narges - 10 December 2026, Koeln", (px(10), px(48)), font,
                1.0, (110, 110, 110), 2, cv2.LINE_AA)  # fmt: skip
    table = layout.table
    head = layout.rows[0].rect.y
    cv2.rectangle(image, (px(table.x), px(table.y)), (px(table.right), px(head)), ink, -1)
    for row in layout.rows:
        y = px(row.rect.bottom)
        cv2.line(image, (px(table.x), y), (px(table.right), y), ink, 2)
        cv2.putText(image, str(row.number), (px(table.x + 2), px(row.rect.y + row.rect.h * 0.7)),
                    font, 1.0, ink, 3, cv2.LINE_AA)  # fmt: skip
        c = row.consent
        cv2.rectangle(image, (px(c.x), px(c.y)), (px(c.right), px(c.bottom)), ink, 3)
    first = layout.rows[0]
    xs = sorted({r.x for r in first.fields.values()} | {first.consent.x})
    for edge in xs:
        if edge > table.x + 1:
            cv2.line(image, (px(edge), px(head)), (px(edge), px(table.bottom)), (150, 145, 140), 1)
    cv2.rectangle(image, (px(table.x), px(table.y)), (px(table.right), px(table.bottom)), ink, 3)
    for i in range(4):
        cv2.putText(image, "Your details are kept by the campaign for this petition only.",
                    (px(45), px(layout.height - 22 + 4 * i)), font, 0.6, (110, 110, 110), 1,
                    cv2.LINE_AA)  # fmt: skip
    return SheetPage(sheet_id, layout, image, ppm)


# --------------------------------------------------------------------------- truth


@dataclass
class RowTruth:
    number: int
    filled: bool  # handwriting in the name and email fields
    ticked: bool
    crossed_out: bool
    tick_shape: str = ""
    faint: bool = False
    small: bool = False
    box: Rect | None = None  # where the row is on the straightened page, mm
    bend: float = 0.0  # how far the row's rules stray from straight lines there, mm


@dataclass
class SyntheticPhoto:
    name: str
    seed: int
    jpeg: bytes
    sheet_id: str
    known: bool  # the store knows the sheet (layout_for gives its layout)
    rows: list[RowTruth]
    # "read": must be read right; "either": may be refused (with a reason) or must be
    # read right; "refuse": must be refused with a reason.
    expect: str
    why: list[str]  # what makes it hard or unreadable: "corner_out", "finger_on_mark", ...
    distortions: dict[str, Any] = field(default_factory=dict)
    size: tuple[int, int] = (0, 0)  # width, height in px
    page_to_photo: np.ndarray | None = None  # 3x3, straightened page mm -> photo px

    @property
    def filled_count(self) -> int:
        return sum(1 for r in self.rows if r.filled and not r.crossed_out)

    def describe(self) -> str:
        rows = " ".join(
            f"{r.number}{'F' if r.filled else '-'}{'T' if r.ticked else ''}"
            f"{'X' if r.crossed_out else ''}"
            for r in self.rows
        )
        d = ", ".join(f"{k}={v}" for k, v in self.distortions.items())
        return f"{self.name} sheet={self.sheet_id} expect={self.expect} {self.why} | {d} | {rows}"


# ----------------------------------------------------------------------- the pen


def _smooth_noise(rng: np.random.Generator, n: int, scale: float, smooth: int = 9) -> np.ndarray:
    raw = rng.normal(0, 1, n + 2 * smooth)
    kernel = np.hanning(2 * smooth + 1)
    kernel /= kernel.sum()
    return np.convolve(raw, kernel, mode="same")[smooth : smooth + n] * scale * 3


def _cursive(
    rng: np.random.Generator, rect: Rect, *, small: bool, length: float
) -> list[np.ndarray]:
    """Cursive-like pen paths (prolate cycloids with varying loops, slant and jitter)
    written on the cell's baseline: a word or two, as polylines in mm."""
    height = rect.h * (rng.uniform(0.12, 0.18) if small else rng.uniform(0.2, 0.32))
    loop = height * rng.uniform(0.35, 0.6)  # one letter's advance
    slant = rng.uniform(-0.1, 0.45)
    baseline = rect.y + rect.h * rng.uniform(0.62, 0.78)
    x = rect.x + rng.uniform(0.8, 0.12 * rect.w + 1.0)
    end = min(rect.right - 0.8, x + length)
    paths = []
    while x < end - loop:
        word_len = min(end - x, rng.uniform(0.35, 1.0) * (end - x) + loop * 2)
        letters = max(2, int(word_len / loop))
        xs, ys = [], []
        at = x
        for _ in range(letters):
            kind = rng.uniform()
            amp = height * (
                rng.uniform(1.5, 2.0)
                if kind < 0.2
                else -rng.uniform(0.6, 1.0)
                if kind < 0.3
                else rng.uniform(0.6, 1.1)
            )
            advance = loop * rng.uniform(0.7, 1.4)
            r = advance * rng.uniform(0.2, 0.75)
            t = np.linspace(0, 2 * math.pi, 14, endpoint=False)
            xs.append(at + advance * t / (2 * math.pi) - r * np.sin(t))
            ys.append(baseline - amp * (1 - np.cos(t)) / 2)
            at += advance
        px_ = np.concatenate(xs)
        py = np.concatenate(ys)
        steps = len(px_)
        py += _smooth_noise(rng, steps, height * 0.06)
        px_ += _smooth_noise(rng, steps, loop * 0.05) + (baseline - py) * slant
        paths.append(np.stack([px_, py], axis=1))
        x = at + loop * rng.uniform(0.8, 1.6)
    return paths


def _tick(rng: np.random.Generator, box: Rect, shape: str) -> tuple[list[np.ndarray], bool]:
    """A tick in the consent box: polylines in mm and whether it is a filled blob."""
    s = box.w
    cx, cy = box.centre

    def jitter(points: list[tuple[float, float]], amount: float = 0.06) -> np.ndarray:
        arr = np.array(points, float)
        return arr + rng.normal(0, amount * s, arr.shape)

    def curve(points: np.ndarray, n: int = 12) -> np.ndarray:
        out = [points[0]]
        for a, b in pairwise(points):
            for k in range(1, n + 1):
                out.append(a + (b - a) * k / n)
        arr = np.array(out)
        bow = _smooth_noise(rng, len(arr), s * 0.02)
        arr[:, 0] += bow
        return arr

    x0, y0 = box.x, box.y
    if shape == "check":
        pts = jitter([(x0 + 0.15 * s, y0 + 0.5 * s), (x0 + 0.4 * s, y0 + 0.85 * s),
                      (x0 + 0.9 * s, y0 + 0.05 * s)])  # fmt: skip
        return [curve(pts)], False
    if shape == "small_check":
        k = rng.uniform(0.45, 0.6)
        pts = jitter([(cx - 0.3 * k * s, cy), (cx - 0.05 * k * s, cy + 0.3 * k * s),
                      (cx + 0.4 * k * s, cy - 0.4 * k * s)], 0.03)  # fmt: skip
        return [curve(pts)], False
    if shape == "slanted":
        # A big tick whose long arm leaves the box over its top or right edge.
        k = rng.uniform(1.2, 1.7)
        ox, oy = rng.uniform(-0.15, 0.25) * s, rng.uniform(-0.1, 0.15) * s
        pts = jitter([(cx - 0.35 * s + ox, cy + oy), (cx - 0.1 * s + ox, cy + 0.3 * s + oy),
                      (cx + 0.55 * k * s + ox, cy - 0.6 * k * s + oy)])  # fmt: skip
        return [curve(pts)], False
    if shape == "cross":
        over = rng.uniform(-0.1, 0.25) * s
        a = jitter(
            [(x0 - over + 0.1 * s, y0 - over + 0.1 * s), (x0 + 0.9 * s + over, y0 + 0.9 * s + over)]
        )
        b = jitter(
            [(x0 + 0.9 * s + over, y0 - over + 0.1 * s), (x0 - over + 0.1 * s, y0 + 0.9 * s + over)]
        )
        return [curve(a), curve(b)], False
    if shape == "blob":
        n = 14
        angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
        radius = s * rng.uniform(0.22, 0.42) * (1 + _smooth_noise(rng, n, 0.1, 3))
        pts = np.stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)], axis=1)
        return [pts], True
    # "scrawl": a quick zigzag filling most of the box
    n = int(rng.integers(3, 6))
    xs = np.linspace(x0 + 0.15 * s, x0 + 0.85 * s, n * 2)
    ys = np.where(np.arange(n * 2) % 2 == 0, y0 + 0.2 * s, y0 + 0.8 * s)
    return [curve(jitter(list(zip(xs, ys, strict=True)), 0.05), 4)], False


INKS = {"blue": (150, 70, 25), "black": (35, 35, 38), "dark_blue": (105, 45, 30)}


class _Ink:
    """Strokes drawn on the page, blended in as ink (multiplicative, over the rules)."""

    def __init__(self, page: np.ndarray, ppm: float) -> None:
        self.page = page
        self.ppm = ppm

    def draw(self, paths: list[np.ndarray], colour: tuple[int, int, int], width_mm: float,
             strength: float, *, filled: bool = False) -> None:  # fmt: skip
        if not paths:
            return
        shift = 4
        scale = self.ppm * (1 << shift)
        allpts = np.concatenate(paths)
        pad = width_mm * 2 + 1
        x0 = max(0, int((allpts[:, 0].min() - pad) * self.ppm))
        y0 = max(0, int((allpts[:, 1].min() - pad) * self.ppm))
        x1 = min(self.page.shape[1], int((allpts[:, 0].max() + pad) * self.ppm) + 1)
        y1 = min(self.page.shape[0], int((allpts[:, 1].max() + pad) * self.ppm) + 1)
        if x1 <= x0 or y1 <= y0:
            return
        mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
        offset = np.array([x0, y0]) * (1 << shift)
        polys = [np.round(p * scale - offset).astype(np.int32) for p in paths]
        thickness = max(1, round(width_mm * self.ppm))
        if filled:
            cv2.fillPoly(mask, polys, 255, cv2.LINE_AA, shift)
        cv2.polylines(mask, polys, False, 255, thickness, cv2.LINE_AA, shift)
        alpha = mask.astype(np.float32) * (strength / 255.0)
        region = self.page[y0:y1, x0:x1].astype(np.float32)
        tint = np.array(colour, np.float32) / 255.0
        region *= 1.0 - alpha[:, :, None] * (1.0 - tint)
        self.page[y0:y1, x0:x1] = np.clip(region, 0, 255).astype(np.uint8)


def fill_page(page: SheetPage, rng: np.random.Generator) -> tuple[np.ndarray, list[RowTruth]]:
    """Fill a copy of the page with synthetic writing; the truth per printed row."""
    image = page.image.copy()
    ink = _Ink(image, page.px_per_mm)
    rows = page.layout.rows
    style = rng.uniform()
    if style < 0.08:
        count = 0
    elif style < 0.25:
        count = len(rows)
    else:
        count = int(rng.integers(1, len(rows) + 1))
    # Mostly top-down; sometimes a gap (a row left empty between filled ones).
    filled = [i < count for i in range(len(rows))]
    if count and rng.uniform() < 0.3:
        for _ in range(int(rng.integers(1, 3))):
            i = int(rng.integers(0, len(rows)))
            filled[i] = not filled[i]
    truths = []
    crossed_budget = int(rng.choice([0, 0, 1, 1, 2]))
    for row, is_filled in zip(rows, filled, strict=True):
        colour = INKS[str(rng.choice(list(INKS), p=[0.55, 0.3, 0.15]))]
        width = rng.uniform(0.25, 0.75)
        faint = rng.uniform() < 0.1
        strength = rng.uniform(0.3, 0.5) if faint else rng.uniform(0.75, 1.0)
        small = rng.uniform() < 0.12
        truth = RowTruth(row.number, is_filled, False, False, faint=faint, small=small)
        if is_filled:
            paths: list[np.ndarray] = []
            for key in ("first_name", "last_name", "email"):
                cell = row.fields[key]
                length = cell.w * (rng.uniform(0.15, 0.45) if small else rng.uniform(0.35, 0.9))
                paths += _cursive(rng, cell, small=small, length=length)
            for key in ("city", "postal_code", "country", "signature"):
                if rng.uniform() < (0.6 if key == "signature" else 0.45):
                    cell = row.fields[key]
                    paths += _cursive(rng, cell, small=small,
                                      length=cell.w * rng.uniform(0.3, 0.85))  # fmt: skip
            ink.draw(paths, colour, width, strength)
            if rng.uniform() < 0.72:
                shape = str(rng.choice(TICK_SHAPES, p=[0.3, 0.25, 0.1, 0.15, 0.1, 0.1]))
                tick_paths, blob = _tick(rng, row.consent, shape)
                ink.draw(tick_paths, colour, max(width, 0.35), max(strength, 0.6), filled=blob)
                truth.ticked, truth.tick_shape = True, shape
            if crossed_budget and rng.uniform() < 0.2:
                crossed_budget -= 1
                truth.crossed_out = True
                ink.draw(_cross_out(rng, row), colour, rng.uniform(0.45, 1.0), 1.0)
        truths.append(truth)
    return image, truths


def _cross_out(rng: np.random.Generator, row: RowLayout) -> list[np.ndarray]:
    """One or two strokes across the whole row (through the name and email fields)."""
    strokes = []
    for _ in range(int(rng.integers(1, 3))):
        start = row.fields["first_name"].x + rng.uniform(-4, 6)
        end = row.fields["signature"].right - rng.uniform(2, 25) if not _rtl_row(row) else 0
        if _rtl_row(row):
            start, end = (
                row.fields["signature"].x + rng.uniform(2, 25),
                row.fields["first_name"].right,
            )
        n = 40
        xs = np.linspace(start, end, n)
        cy = row.rect.y + row.rect.h * rng.uniform(0.35, 0.65)
        ys = cy + np.linspace(0, 1, n) * rng.uniform(-0.3, 0.3) * row.rect.h
        ys += _smooth_noise(rng, n, row.rect.h * 0.03, 4)
        strokes.append(np.stack([xs, ys], axis=1))
    return strokes


def _rtl_row(row: RowLayout) -> bool:
    return row.fields["first_name"].x > row.fields["signature"].x


# ------------------------------------------------------------------ the camera


def _rotation(axis: np.ndarray, angle: float) -> np.ndarray:
    axis = axis / np.linalg.norm(axis)
    vec = np.array(axis * angle, np.float64).reshape(3, 1)
    return cv2.Rodrigues(vec)[0]


def _project(h: np.ndarray, pts: Any) -> np.ndarray:
    arr = np.asarray(pts, np.float64).reshape(-1, 2)
    homog = np.hstack([arr, np.ones((len(arr), 1))]) @ h.T
    out: np.ndarray = homog[:, :2] / homog[:, 2:3]
    return out


class _Crumple:
    """A smooth displacement field in mm: the page point seen at flat position w is
    w + D(w) (a crumpled page, seen as if it were flat)."""

    def __init__(self, rng: np.random.Generator, amplitude: float) -> None:
        self.waves = []
        n = int(rng.integers(2, 5))
        for _ in range(n):
            direction = rng.uniform(0, 2 * math.pi)
            wavelength = rng.uniform(100, 300)
            k = np.array([math.cos(direction), math.sin(direction)]) * 2 * math.pi / wavelength
            disp = rng.normal(0, 1, 2)
            disp = (
                disp
                / (np.linalg.norm(disp) + 1e-9)
                * amplitude
                * rng.uniform(0.4, 1.0)
                / math.sqrt(n)
            )
            self.waves.append((k, disp, rng.uniform(0, 2 * math.pi)))

    def __call__(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx = np.zeros_like(x)
        dy = np.zeros_like(y)
        for k, disp, phase in self.waves:
            s = np.sin(k[0] * x + k[1] * y + phase)
            dx = dx + disp[0] * s
            dy = dy + disp[1] * s
        return dx, dy

    def shade(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Light on the folds: brighter or darker where the page slopes."""
        out = np.zeros_like(x)
        for k, disp, phase in self.waves:
            c = np.cos(k[0] * x + k[1] * y + phase)
            out = out + (k[0] * disp[0] + k[1] * disp[1]) * c
        return out

    def inverse(self, pts: np.ndarray) -> np.ndarray:
        """Where page points appear on the flat page: solve w + D(w) = p."""
        w = pts.copy()
        for _ in range(30):
            dx, dy = self(w[:, 0], w[:, 1])
            w = pts - np.stack([dx, dy], axis=1)
        return w


def _camera(rng: np.random.Generator, layout: SheetLayout, size: tuple[int, int],
            rotation: float, tilt: float, fill: float) -> np.ndarray:  # fmt: skip
    """Homography from flat page mm to photo px: the page turned by `rotation`, tilted
    by `tilt` degrees about a random axis in its plane, seen by a pinhole camera, and
    scaled so that it takes `fill` of the frame."""
    cx, cy = layout.width / 2, layout.height / 2
    diag = math.hypot(layout.width, layout.height)
    axis_angle = rng.uniform(0, math.pi)
    spin = _rotation(np.array([0.0, 0.0, 1.0]), math.radians(rotation))
    lean = _rotation(np.array([math.cos(axis_angle), math.sin(axis_angle), 0.0]),
                     math.radians(tilt))  # fmt: skip
    r = lean @ spin
    distance = diag * rng.uniform(0.9, 1.5)
    # [r1 r2 t] with the page centred: X' = R (X - c) + (0, 0, d)
    centred = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]], np.float64)
    h0 = np.column_stack([r[:, 0], r[:, 1], np.array([0.0, 0.0, distance])]) @ centred
    corners = _project(
        h0, [(0, 0), (layout.width, 0), (0, layout.height), (layout.width, layout.height)]
    )
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    w, h = size
    scale = fill * min(w / (hi[0] - lo[0]), h / (hi[1] - lo[1]))
    span = (hi - lo) * scale
    slack = np.array([w, h]) - span
    offset = np.array([rng.uniform(0.1, 0.9) * slack[0], rng.uniform(0.1, 0.9) * slack[1]])
    place = np.array(
        [[scale, 0, offset[0] - lo[0] * scale], [0, scale, offset[1] - lo[1] * scale], [0, 0, 1]]
    )
    return place @ h0


def _background(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A table: a base colour with wood-like grain and blotches (uint8, w x h)."""
    palette = [(60, 95, 140), (40, 60, 90), (120, 130, 135), (30, 30, 32), (190, 195, 200),
               (80, 110, 150), (150, 160, 120), (210, 215, 215)]  # fmt: skip
    base = np.array(palette[int(rng.integers(len(palette)))], np.float32)
    sw, sh = max(8, w // 4), max(8, h // 4)
    grain = rng.normal(0, 1, (max(2, sh // 24), max(2, sw // 2))).astype(np.float32)
    blotch = rng.normal(0, 1, (max(2, sh // 50), max(2, sw // 50))).astype(np.float32)
    texture: np.ndarray = cv2.resize(grain, (sw, sh), interpolation=cv2.INTER_CUBIC) * rng.uniform(
        4, 18
    )
    texture += cv2.resize(blotch, (sw, sh), interpolation=cv2.INTER_CUBIC) * rng.uniform(3, 12)
    if rng.uniform() < 0.5:
        texture = cv2.rotate(cv2.resize(texture, (sh, sw)), cv2.ROTATE_90_CLOCKWISE)
    small = np.clip(base[None, None, :] + texture[:, :, None], 0, 255).astype(np.uint8)
    out: np.ndarray = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return out


def _motion_kernel(length: float, angle: float) -> np.ndarray:
    size = max(3, math.ceil(length) | 1)
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
    cv2.line(kernel, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1,
             cv2.LINE_AA)  # fmt: skip
    out: np.ndarray = kernel / kernel.sum()
    return out


@dataclass
class Options:
    """Chances and ranges of the photo set; the defaults are the benchmark's mix."""

    crumple: float = 0.4
    crumple_mm: float = 2.0
    finger: float = 0.2
    corner_out: float = 0.06
    heavy_blur: float = 0.03
    unknown_sheet: float = 0.02
    no_sheet: float = 0.01
    shadow: float = 0.45
    max_tilt: float = 30.0
    sizes: tuple[tuple[int, int], ...] = PHOTO_SIZES
    size_weights: tuple[float, ...] = (0.35, 0.25, 0.25, 0.15)
    plain: bool = False  # square on, even light, no blur or noise (with the chances above)


# A flat page, square on, nothing in the way: for the generator's own tests.
PLAIN = Options(crumple=0, finger=0, corner_out=0, heavy_blur=0, unknown_sheet=0, no_sheet=0,
                shadow=0, plain=True)  # fmt: skip


# The slow accuracy test's mix: the benchmark's, with fewer full 12 MP photos so that
# the set runs in minutes on two cores (the benchmark times the 12 MP ones).
ACCURACY = Options(size_weights=(0.15, 0.2, 0.35, 0.3))


def _choose_rotation(rng: np.random.Generator) -> float:
    r = rng.uniform()
    if r < 0.4:
        return float(rng.normal(0, 5))
    if r < 0.85:
        return float(rng.choice([90, 180, 270]) + rng.normal(0, 6))
    return float(rng.uniform(0, 360))


def make_photo(
    page: SheetPage, seed: int, options: Options | None = None, *, known: bool = True
) -> SyntheticPhoto:
    """One synthetic photo of `page` filled by hand, with its truth."""
    opts = options or Options()
    rng = np.random.default_rng(seed)
    layout = page.layout
    filled_page, truths = fill_page(page, rng)
    why: list[str] = []
    dist: dict[str, Any] = {}
    expect = "read"

    index = int(rng.choice(len(opts.sizes), p=np.array(opts.size_weights) / sum(opts.size_weights)))
    w, h = opts.sizes[index]
    if rng.uniform() < 0.35:
        w, h = h, w
    no_sheet = rng.uniform() < opts.no_sheet
    if not no_sheet and rng.uniform() < opts.unknown_sheet:
        known = False
    if opts.plain:
        rotation, tilt, fill = 0.0, 0.0, 0.9
    else:
        rotation = _choose_rotation(rng)
        tilt = float(opts.max_tilt * min(1.0, rng.uniform(0, 1.15)))
        fill = float(rng.uniform(0.62, 0.96))
    dist.update(size=f"{w}x{h}", rotation=round(rotation), tilt=round(tilt), fill=round(fill, 2))
    homography = _camera(rng, layout, (w, h), rotation, tilt, fill)

    corner_out = rng.uniform() < opts.corner_out
    if corner_out:
        corner = str(rng.choice(CORNERS))
        mark = layout.mark(corner)
        pts = _project(homography, _rect_points(mark.rect))
        centre = _project(homography, [layout.width / 2, layout.height / 2])[0]
        # Push the page towards the corner's side until the whole mark and some more
        # are out of the frame.
        direction = pts.mean(axis=0) - centre
        direction /= np.linalg.norm(direction)
        for _ in range(400):
            pts = _project(homography, _rect_points(mark.rect))
            if _all_outside(pts, w, h, margin=rng.uniform(2, 40)):
                break
            homography = (
                np.array([[1, 0, direction[0] * 10], [0, 1, direction[1] * 10], [0, 0, 1]])
                @ homography
            )
        dist["corner_out"] = corner

    crumple = None
    if rng.uniform() < opts.crumple:
        amplitude = float(rng.uniform(0.5, opts.crumple_mm))
        crumple = _Crumple(rng, amplitude)
        dist["crumple_mm"] = round(amplitude, 1)

    # --- render: photo px -> flat page mm -> page mm -> page px
    px_per_mm = _local_scale(homography, layout)
    step = 8
    gw, gh = w // step + 2, h // step + 2
    # Grid points where cv2.resize puts the coarse samples: (k + 0.5) * step - 0.5.
    at = (step - 1) / 2
    gx, gy = np.meshgrid(np.arange(gw) * step + at, np.arange(gh) * step + at)
    flat = _project(np.linalg.inv(homography), np.stack([gx.ravel(), gy.ravel()], axis=1))
    fx, fy = flat[:, 0], flat[:, 1]
    shade = np.zeros((gh, gw), np.float32)
    if crumple is not None:
        dx, dy = crumple(fx, fy)
        fx, fy = fx + dx, fy + dy
        on_page = (fx >= 0) & (fx <= layout.width) & (fy >= 0) & (fy <= layout.height)
        raw = crumple.shade(flat[:, 0], flat[:, 1]) * on_page
        shade = (np.clip(raw, -0.2, 0.2) * rng.uniform(1.0, 3.0)).reshape(gh, gw).astype(np.float32)
    # Shrink the page to about the photo's scale first (remap does no anti-aliasing).
    source = filled_page
    if px_per_mm * 1.3 < page.px_per_mm:
        target = (round(layout.width * px_per_mm * 1.3), round(layout.height * px_per_mm * 1.3))
        source = cv2.resize(source, target, interpolation=cv2.INTER_AREA)
    sx, sy = source.shape[1] / layout.width, source.shape[0] / layout.height
    # Paper is a little off-white.
    tone = rng.uniform(0.86, 1.0, 3) if not opts.plain else np.ones(3)
    source = cv2.transform(source, np.diag(tone).astype(np.float32))
    source = cv2.cvtColor(source, cv2.COLOR_BGR2BGRA)
    full = (gw * step, gh * step)
    map_x = cv2.resize((fx * sx - 0.5).reshape(gh, gw).astype(np.float32), full)[:h, :w]
    map_y = cv2.resize((fy * sy - 0.5).reshape(gh, gw).astype(np.float32), full)[:h, :w]
    warped = cv2.remap(source, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                       borderValue=(0, 0, 0, 0))  # fmt: skip
    del map_x, map_y
    alpha = warped[:, :, 3].astype(np.float32) * (1 / 255.0)
    if no_sheet:
        alpha[:] = 0
        why.append("no_sheet")
    photo = cv2.blendLinear(warped[:, :, :3].copy(), _background(rng, w, h), alpha, 1.0 - alpha)
    del warped, alpha

    # --- a finger over one corner region of the page
    finger_poly_mm = None
    if rng.uniform() < opts.finger:
        corner = str(rng.choice(CORNERS))
        finger_poly_mm = _finger(rng, layout, corner)
        _draw_finger(rng, photo, _project(homography, finger_poly_mm))
        dist["finger"] = corner

    # --- light: a gradient, a vignette, a shadow, the folds, a colour cast
    light = _lighting(rng, gw, gh, shadow=rng.uniform() < opts.shadow)
    light *= 1.0 + shade
    cast = rng.uniform([0.75, 0.9, 0.95], [1.05, 1.0, 1.08])
    if opts.plain:
        light[:] = 1.0
        cast[:] = 1.0
    light = cv2.resize(light, full, interpolation=cv2.INTER_LINEAR)[:h, :w]
    photo = cv2.multiply(photo, cv2.merge([light * float(c) for c in cast]), dtype=cv2.CV_8U)

    # --- blur, noise, JPEG
    heavy = rng.uniform() < opts.heavy_blur
    if heavy:
        sigma = float(rng.uniform(0.6, 1.0)) * px_per_mm
        photo = cv2.GaussianBlur(photo, (0, 0), sigma)
        dist["heavy_blur_px"] = round(sigma, 1)
        why.append("heavy_blur")
    elif not opts.plain:
        if rng.uniform() < 0.35:
            length = float(rng.uniform(1, 0.3 * px_per_mm + 2))
            photo = cv2.filter2D(photo, -1, _motion_kernel(length, rng.uniform(0, math.pi)))
            dist["motion_px"] = round(length, 1)
        else:
            sigma = float(rng.uniform(0.3, 0.1 * px_per_mm + 0.5))
            photo = cv2.GaussianBlur(photo, (0, 0), sigma)
            dist["blur_px"] = round(sigma, 1)
    noise = 0.0 if opts.plain else float(rng.uniform(1, 7))
    if noise:
        # Sensor noise: a random tile repeated (cheap; no pattern survives the JPEG).
        tile = rng.normal(0, noise, (509, 509)).astype(np.float32)
        reps = (h // 509 + 1, w // 509 + 1)
        grain = np.tile(tile, reps)[:h, :w]
        photo = cv2.add(photo, cv2.merge([grain, grain, grain]), dtype=cv2.CV_8U)
    quality = 95 if opts.plain else int(rng.integers(40, 96))
    ok, encoded = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    dist.update(noise=round(noise, 1), jpeg=quality, px_per_mm=round(px_per_mm, 1))

    # --- truth: what a good scanner must see, and whether it may refuse
    marks_corners = np.concatenate([_rect_points(m.rect, 0.0) for m in layout.marks])
    seen = marks_corners if crumple is None else crumple.inverse(marks_corners)
    seen_px = _project(homography, seen)
    fitted, _ = cv2.findHomography(marks_corners, seen_px, 0)
    straight_inv = np.linalg.inv(fitted)
    for truth, row in zip(truths, layout.rows, strict=True):
        truth.box, truth.bend = _true_box(row.rect, homography, crumple, straight_inv)

    for mark in layout.marks:
        quiet = _rect_points(_grow(mark.rect, 1.5))
        if not _all_inside(_project(homography, _maybe_inverse(crumple, quiet)), w, h, margin=1):
            why.append(f"mark_out:{mark.corner}")
    code = _rect_points(_grow(layout.id_code, 1.0))
    if not _all_inside(_project(homography, _maybe_inverse(crumple, code)), w, h, margin=1):
        why.append("id_code_out")
    if finger_poly_mm is not None:
        covered = _covered(finger_poly_mm, layout)
        why += covered
    if not known:
        why.append("unknown_sheet")
    if heavy or any(k.startswith(("mark_out", "id_code_out", "finger_on")) for k in why):
        expect = "either"
    if no_sheet or not known:
        expect = "refuse"
    if px_per_mm < 3.5:
        why.append("page_too_small")
        expect = "refuse" if expect == "refuse" else "either"
    # The sheet id's code must be resolved to be read: its modules (about 1/29 of its
    # side) at least 2 px across where it is, and smeared by less than a module.
    module = _id_module_px(homography, layout)
    smear = max(float(dist.get("motion_px", 0)), 2.0 * float(dist.get("blur_px", 0)))
    dist["id_module_px"] = round(module, 1)
    if module < 2.0 or smear > module:
        why.append("id_code_unresolved")
        expect = "refuse" if expect == "refuse" else "either"
    return SyntheticPhoto(
        name=f"synth-{seed:05d}",
        seed=seed,
        jpeg=encoded.tobytes(),
        sheet_id=page.sheet_id,
        known=known,
        rows=truths,
        expect=expect,
        why=why,
        distortions=dist,
        size=(w, h),
        page_to_photo=fitted,
    )


def _id_module_px(homography: np.ndarray, layout: SheetLayout) -> float:
    """The id code's module size in photo px, along its most foreshortened direction."""
    cx, cy = layout.id_code.centre
    p = _project(homography, [(cx, cy), (cx + 1, cy), (cx, cy + 1)])
    jacobian = np.column_stack([p[1] - p[0], p[2] - p[0]])
    smallest = float(np.linalg.svd(jacobian, compute_uv=False).min())
    return smallest * layout.id_code.w / 29


def _local_scale(homography: np.ndarray, layout: SheetLayout) -> float:
    """Photo pixels per page millimetre at the page's centre."""
    cx, cy = layout.width / 2, layout.height / 2
    p = _project(homography, [(cx, cy), (cx + 1, cy), (cx, cy + 1)])
    (ax, ay), (bx, by) = p[1] - p[0], p[2] - p[0]
    return float(math.sqrt(abs(ax * by - ay * bx)))


def _rect_points(rect: Rect, inset: float = 0.0, per_side: int = 1) -> np.ndarray:
    x0, y0, x1, y1 = rect.x + inset, rect.y + inset, rect.right - inset, rect.bottom - inset
    if per_side <= 1:
        return np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], np.float64)
    t = np.linspace(0, 1, per_side)
    return np.concatenate(
        [
            np.stack([x0 + (x1 - x0) * t, np.full_like(t, y0)], axis=1),
            np.stack([np.full_like(t, x1), y0 + (y1 - y0) * t], axis=1),
            np.stack([x0 + (x1 - x0) * t, np.full_like(t, y1)], axis=1),
            np.stack([np.full_like(t, x0), y0 + (y1 - y0) * t], axis=1),
        ]
    )


def _grow(rect: Rect, by: float) -> Rect:
    return Rect(rect.x - by, rect.y - by, rect.w + 2 * by, rect.h + 2 * by)


def _maybe_inverse(crumple: _Crumple | None, pts: np.ndarray) -> np.ndarray:
    return pts if crumple is None else crumple.inverse(pts)


def _all_inside(pts: np.ndarray, w: int, h: int, margin: float) -> bool:
    return bool(
        np.all(pts[:, 0] >= margin) and np.all(pts[:, 0] <= w - 1 - margin)
        and np.all(pts[:, 1] >= margin) and np.all(pts[:, 1] <= h - 1 - margin)
    )  # fmt: skip


def _all_outside(pts: np.ndarray, w: int, h: int, margin: float) -> bool:
    """Every point beyond the same frame edge by at least `margin`."""
    return bool(
        np.all(pts[:, 0] < -margin) or np.all(pts[:, 0] > w + margin)
        or np.all(pts[:, 1] < -margin) or np.all(pts[:, 1] > h + margin)
    )  # fmt: skip


def _true_box(rect: Rect, homography: np.ndarray, crumple: _Crumple | None,
              straight_inv: np.ndarray) -> tuple[Rect, float]:  # fmt: skip
    """The row's box on the straightened page: each edge where the printed rule really
    lies, on average along it; and how far the rule strays from that (mm)."""
    n = 25
    pts = _rect_points(rect, per_side=n)
    seen = _project(straight_inv, _project(homography, _maybe_inverse(crumple, pts)))
    top, right, bottom, left = (seen[i * n : (i + 1) * n] for i in range(4))
    t, b = float(top[:, 1].mean()), float(bottom[:, 1].mean())
    l_, r = float(left[:, 0].mean()), float(right[:, 0].mean())
    bend = max(
        float(np.abs(top[:, 1] - t).max()), float(np.abs(bottom[:, 1] - b).max()),
        float(np.abs(left[:, 0] - l_).max()), float(np.abs(right[:, 0] - r).max()),
    )  # fmt: skip
    return Rect(l_, t, r - l_, b - t), bend


def _finger(rng: np.random.Generator, layout: SheetLayout, corner: str) -> np.ndarray:
    """A finger (a rounded strip 15-20 mm wide) holding the page near the given corner:
    a third of the time over the corner itself (hiding its mark), otherwise on one of
    the two edges a few centimetres from it, its tip up to 25 mm in. A polygon in page mm."""
    cx = 0.0 if "left" in corner else layout.width
    cy = 0.0 if "top" in corner else layout.height
    if rng.uniform() < 0.35:
        inward = np.array([layout.width / 2 - cx, layout.height / 2 - cy])
        angle = math.atan2(inward[1], inward[0]) + rng.uniform(-0.6, 0.6)
        direction = np.array([math.cos(angle), math.sin(angle)])
        tip = np.array([cx, cy]) + direction * rng.uniform(6, 40)
        tip += np.array([-direction[1], direction[0]]) * rng.uniform(-12, 12)
    else:
        along_x = rng.uniform() < 0.5  # on the top or bottom edge, else on a side
        away = rng.uniform(30, 75)
        if along_x:
            inward_normal = np.array([0.0, 1.0 if cy == 0 else -1.0])
            edge_point = np.array([cx + (away if cx == 0 else -away), cy])
        else:
            inward_normal = np.array([1.0 if cx == 0 else -1.0, 0.0])
            edge_point = np.array([cx, cy + (away if cy == 0 else -away)])
        angle = math.atan2(inward_normal[1], inward_normal[0]) + rng.uniform(-0.35, 0.35)
        direction = np.array([math.cos(angle), math.sin(angle)])
        tip = edge_point + direction * rng.uniform(3, 25)
    width = rng.uniform(15, 20)
    normal = np.array([-direction[1], direction[0]])
    base = tip - direction * 160
    arc = [tip + (normal * math.cos(a) + direction * math.sin(a)) * width / 2
           for a in np.linspace(0, math.pi, 12)]  # fmt: skip
    return np.array([base + normal * width / 2, *arc, base - normal * width / 2])


def _draw_finger(rng: np.random.Generator, photo: np.ndarray, poly_px: np.ndarray) -> None:
    h, w = photo.shape[:2]
    x0, y0 = np.floor(poly_px.min(axis=0)).astype(int)
    x1, y1 = np.ceil(poly_px.max(axis=0)).astype(int) + 1
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    pts = np.round((poly_px - [x0, y0]) * 16).astype(np.int32)
    cv2.fillPoly(mask, [pts], 255, cv2.LINE_AA, 4)
    sub = mask.astype(np.float32) / 255.0
    span = max(3, int(min(x1 - x0, y1 - y0) * 0.08))
    soft = cv2.GaussianBlur(sub, (0, 0), span / 3 + 0.5)
    inner = cv2.GaussianBlur(sub, (0, 0), span + 1.0)  # darker towards the finger's edges
    skin = np.array(
        [rng.uniform(90, 150), rng.uniform(120, 170), rng.uniform(170, 225)], np.float32
    )
    colour = skin[None, None, :] * (0.65 + 0.4 * inner[:, :, None])
    region = photo[y0:y1, x0:x1].astype(np.float32)
    mixed = region * (1 - soft[:, :, None]) + colour * soft[:, :, None]
    photo[y0:y1, x0:x1] = np.clip(mixed, 0, 255).astype(np.uint8)


def _covered(poly_mm: np.ndarray, layout: SheetLayout) -> list[str]:
    """What the finger hides: marks, the id code, rows' cells."""
    scale = 2  # px per mm
    canvas = np.zeros((int(layout.height * scale) + 1, int(layout.width * scale) + 1), np.uint8)
    cv2.fillPoly(canvas, [np.round(poly_mm * scale).astype(np.int32)], 1)

    def hit(rect: Rect, grow: float = 0.0) -> bool:
        r = _grow(rect, grow)
        x0, y0 = max(0, int(r.x * scale)), max(0, int(r.y * scale))
        x1, y1 = math.ceil(r.right * scale), math.ceil(r.bottom * scale)
        return bool(canvas[y0:y1, x0:x1].any())

    out = [f"finger_on_mark:{m.corner}" for m in layout.marks if hit(m.rect, 1.5)]
    if hit(layout.id_code, 1.0):
        out.append("finger_on_id_code")
    # The cells the scanner reads (a finger over the row number hides nothing).
    rows = [
        r.number
        for r in layout.rows
        if hit(r.consent) or any(hit(r.fields[k]) for k in ("first_name", "last_name", "email"))
    ]
    if rows:
        out.append("finger_on_rows:" + ",".join(map(str, rows)))
    return out


def _lighting(rng: np.random.Generator, small_w: int, small_h: int, *, shadow: bool) -> np.ndarray:
    """A light field of the given (coarse) size."""
    yy, xx = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    xx /= small_w
    yy /= small_h
    base = rng.uniform(0.55, 1.15)
    gx, gy = rng.uniform(-0.35, 0.35, 2)
    light = base * (1 + gx * (xx - 0.5) + gy * (yy - 0.5))
    vx, vy = rng.uniform(0.2, 0.8, 2)
    light *= 1 - rng.uniform(0, 0.35) * ((xx - vx) ** 2 + (yy - vy) ** 2)
    if shadow:
        mask = np.zeros((small_h, small_w), np.float32)
        n = int(rng.integers(3, 7))
        centre = rng.uniform([0, 0], [small_w, small_h])
        radius = rng.uniform(0.15, 0.6) * small_w
        angles = np.sort(rng.uniform(0, 2 * math.pi, n))
        poly = np.stack(
            [centre[0] + radius * np.cos(angles) * rng.uniform(0.5, 2.0, n),
             centre[1] + radius * np.sin(angles) * rng.uniform(0.5, 2.0, n)], axis=1
        )  # fmt: skip
        cv2.fillPoly(mask, [np.round(poly).astype(np.int32)], 1.0)
        soft = cv2.GaussianBlur(mask, (0, 0), rng.uniform(0.01, 0.06) * small_w)
        light *= 1 - rng.uniform(0.25, 0.6) * soft
    out: np.ndarray = light.astype(np.float32)
    return out


# ------------------------------------------------------------------ the set


def synthetic_set(pages: list[SheetPage], count: int, seed: int = 18,
                  options: Options | None = None) -> Iterator[SyntheticPhoto]:  # fmt: skip
    """`count` photos, cycling through the pages, each from its own seed."""
    for i in range(count):
        s = seed * 100_000 + i
        yield make_photo(pages[s % len(pages)], s, options)


# ------------------------------------------------------------------ grading

CROP_TOLERANCE_MM = 1.5


@dataclass
class Grade:
    """One photo's scan against its truth."""

    photo: str
    expect: str
    refused: bool
    reason: str  # the refusal's text ('' when read)
    reason_key: str
    id_right: bool
    count_right: bool
    ticks_right: int
    ticks_total: int
    crops_right: int
    crops_total: int
    rows_wrong: list[str]  # e.g. "3 ticked read True, truly False (flagged)"
    unflagged: int  # rows read wrong without a doubt said about them
    flagged: int  # rows read wrong, but flagged as unsure
    warnings: int
    seconds: float = 0.0
    why: list[str] = field(default_factory=list)
    description: str = ""
    distortions: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Anything short of the goals: a readable image refused, a misread, a crop off,
        an unreadable one read, a refusal without a reason."""
        if self.refused:
            return self.expect == "read" or not self.reason.strip()
        return self.misread or self.crops_right < self.crops_total

    @property
    def misread(self) -> bool:
        """Read (not refused) and wrong somewhere: the id, the count, a row."""
        return (not self.refused) and (
            not self.id_right or not self.count_right or self.unflagged + self.flagged > 0
            or self.expect == "refuse"
        )  # fmt: skip

    @property
    def silently_misread(self) -> bool:
        """Read, and wrong where the scan said nothing: a wrong sheet id, a row read
        wrong without a doubt about it, or an image that had to be refused."""
        return (not self.refused) and (
            not self.id_right or self.unflagged > 0 or self.expect == "refuse"
        )

    @property
    def refused_right(self) -> bool:
        return self.refused and bool(self.reason.strip()) and self.expect in ("either", "refuse")


def grade(photo: SyntheticPhoto, scan: Any, seconds: float = 0.0) -> Grade:
    """Compare a PageScan (duck-typed: refused, sheet_id, rows with doubts, row_boxes,
    warnings) with the photo's truth."""
    refused = scan.refused is not None
    reason = str(scan.refused) if refused else ""
    key = str(getattr(scan.refused, "key", "") or "") if refused else ""
    rows = {r.number: r for r in getattr(scan, "rows", []) or []}
    boxes = getattr(scan, "row_boxes", {}) or {}
    ticks_right = ticks_total = crops_right = crops_total = unflagged = flagged = 0
    wrong = []
    if not refused:
        for truth in photo.rows:
            got = rows.get(truth.number)
            if got is None:
                wrong.append(f"{truth.number} missing")
                unflagged += 1
                continue
            doubts = set(getattr(got, "doubts", ()) or ())
            errors = []
            for what in ("filled", "ticked", "crossed_out"):
                if what == "ticked" and truth.crossed_out:
                    continue  # a crossed-out row's box is not read
                if bool(getattr(got, what)) != getattr(truth, what):
                    errors.append(what)
                    said = what in doubts or "covered" in doubts
                    how = " ".join(
                        [*(["faint"] if truth.faint else []), *(["small"] if truth.small else []),
                         *([truth.tick_shape] if what == "ticked" and truth.tick_shape else []),
                         "(flagged)" if said else "(silent)"]
                    )  # fmt: skip
                    wrong.append(f"{truth.number} {what} read {bool(getattr(got, what))} {how}")
            if errors:
                if all(e in doubts or "covered" in doubts for e in errors):
                    flagged += 1
                else:
                    unflagged += 1
            if not truth.crossed_out:
                ticks_total += 1
                ticks_right += "ticked" not in errors
            crops_total += 1
            box = boxes.get(truth.number)
            if truth.box is None:
                crops_total -= 1
            elif box is not None and _box_error(box, truth.box) <= CROP_TOLERANCE_MM:
                crops_right += 1
            else:
                err = _box_error(box, truth.box) if box is not None else float("inf")
                edges = "" if box is None else _edges_off(box, truth.box)
                wrong.append(f"{truth.number} crop off by {err:.1f} mm ({edges})")
        count = sum(1 for r in rows.values() if r.filled and not r.crossed_out)
        count_right = count == photo.filled_count
        id_right = scan.sheet_id == photo.sheet_id
    else:
        count_right = id_right = False
    return Grade(
        photo=photo.name,
        expect=photo.expect,
        refused=refused,
        reason=reason,
        reason_key=key,
        id_right=id_right,
        count_right=count_right,
        ticks_right=ticks_right,
        ticks_total=ticks_total,
        crops_right=crops_right,
        crops_total=crops_total,
        rows_wrong=wrong,
        unflagged=unflagged,
        flagged=flagged,
        warnings=len(getattr(scan, "warnings", []) or []),
        seconds=seconds,
        why=list(photo.why),
        description=photo.describe(),
        distortions=dict(photo.distortions),
    )


def _box_error(box: Any, truth: Rect) -> float:
    return float(max(
        abs(box.x - truth.x), abs(box.y - truth.y),
        abs(box.right - truth.right), abs(box.bottom - truth.bottom),
    ))  # fmt: skip


def _edges_off(box: Any, truth: Rect) -> str:
    pairs = [("left", box.x - truth.x), ("top", box.y - truth.y),
             ("right", box.right - truth.right), ("bottom", box.bottom - truth.bottom)]  # fmt: skip
    return " ".join(f"{name} {value:+.1f}" for name, value in pairs if abs(value) > 0.5)


@dataclass
class Summary:
    images: int
    readable: int  # expected to be read
    identified: float  # % of the readable ones whose sheet id was read right
    counted: float  # % of the readable ones whose filled count was right
    ticks: float  # % of rows (of images read) whose tick was read right
    crops: float  # % of rows (of images read) whose box is within tolerance
    refused_with_reason: int
    refused_readable: int  # refusals of images that should have been read
    unreadable_not_refused: int  # "refuse" images that were read
    misread: int
    silently_misread: int
    median_seconds: float

    GOALS: ClassVar[dict[str, float]] = {
        "identified": 99.0,
        "counted": 98.0,
        "ticks": 99.5,
        "crops": 99.0,
    }

    def meets_goals(self) -> list[str]:
        """The goals missed (empty when all are met)."""
        missed = [f"{k} {getattr(self, k):.2f}% < {v}%" for k, v in self.GOALS.items()
                  if getattr(self, k) < v]  # fmt: skip
        if self.silently_misread:
            missed.append(f"{self.silently_misread} image(s) silently misread")
        if self.unreadable_not_refused:
            missed.append(f"{self.unreadable_not_refused} unreadable image(s) not refused")
        return missed


def summarize(grades: Iterable[Grade]) -> Summary:
    grades = list(grades)
    readable = [g for g in grades if g.expect == "read"]
    read = [g for g in grades if not g.refused and g.expect != "refuse"]

    def pct(part: float, whole: float) -> float:
        return 100.0 * part / whole if whole else 100.0

    seconds = sorted(g.seconds for g in grades)
    return Summary(
        images=len(grades),
        readable=len(readable),
        identified=pct(sum(g.id_right for g in readable), len(readable)),
        counted=pct(sum(g.count_right for g in readable), len(readable)),
        ticks=pct(sum(g.ticks_right for g in read), sum(g.ticks_total for g in read)),
        crops=pct(sum(g.crops_right for g in read), sum(g.crops_total for g in read)),
        refused_with_reason=sum(1 for g in grades if g.refused and g.reason.strip()),
        refused_readable=sum(1 for g in readable if g.refused),
        unreadable_not_refused=sum(1 for g in grades if g.expect == "refuse" and not g.refused),
        misread=sum(g.misread for g in grades),
        silently_misread=sum(g.silently_misread for g in grades),
        median_seconds=seconds[len(seconds) // 2] if seconds else 0.0,
    )


def run_set(photos: Iterable[SyntheticPhoto], scan: Callable[[SyntheticPhoto], Any]) -> list[Grade]:
    """Scan each photo (timing the call) and grade it."""
    out = []
    for photo in photos:
        started = time.perf_counter()
        result = scan(photo)
        out.append(grade(photo, result, time.perf_counter() - started))
    return out


def scan_synthetic(photo: SyntheticPhoto, layouts: dict[str, SheetLayout]) -> Any:
    """What the app does with a photo: load it from its bytes, then scan it against the
    store's layouts (a sheet the store does not know has none)."""
    from actionkit.core.scan import load_photos, scan_photo

    loaded = load_photos(photo.jpeg, f"{photo.name}.jpg")
    assert len(loaded) == 1
    return scan_photo(loaded[0], lambda sheet_id: layouts.get(sheet_id) if photo.known else None)


_WORKER: dict[str, Any] = {}


def _worker_start(pages: list[SheetPage], options: Options | None) -> None:
    cv2.setNumThreads(1)
    _WORKER["pages"] = pages
    _WORKER["options"] = options


def _grade_one(seed: int) -> Grade:
    pages: list[SheetPage] = _WORKER["pages"]
    photo = make_photo(pages[seed % len(pages)], seed, _WORKER["options"])
    layouts = {p.sheet_id: p.layout for p in pages}
    started = time.perf_counter()
    scan = scan_synthetic(photo, layouts)
    return grade(photo, scan, time.perf_counter() - started)


def evaluate(pages: list[SheetPage], count: int, seed: int = 18, options: Options | None = None,
             workers: int = 2) -> list[Grade]:  # fmt: skip
    """Generate `count` photos and scan each, in `workers` processes (started afresh:
    OpenCV's threads do not survive a fork; the pages are handed over once, nothing is
    written anywhere). Seeds are `seed * 100_000 + i`, so one photo can be made again
    alone with `make_photo(pages[s % len(pages)], s)`."""
    seeds = [seed * 100_000 + i for i in range(count)]
    if workers <= 1:
        _worker_start(pages, options)
        return [_grade_one(s) for s in seeds]
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_start, initargs=(pages, options)) as pool:
        return pool.map(_grade_one, seeds, chunksize=2)


def _traits(g: Grade) -> list[str]:
    d = g.distortions
    out = [f"size {d.get('size', '?')}"]
    rotation = float(d.get("rotation", 0)) % 360
    nearest = min((0, 90, 180, 270, 360), key=lambda r: abs(rotation - r)) % 360
    off = abs(((rotation - nearest + 180) % 360) - 180)
    out.append(f"rotation ~{nearest}" if off < 20 else "rotation oblique")
    out.append("tilt > 20" if float(d.get("tilt", 0)) > 20 else "tilt <= 20")
    names = {"crumple_mm": "crumple", "finger": "finger", "corner_out": "corner out",
             "motion_px": "motion blur", "heavy_blur_px": "heavy blur"}  # fmt: skip
    out += [name for key, name in names.items() if key in d]
    if float(d.get("px_per_mm", 99)) < 5:
        out.append("px/mm < 5")
    if int(d.get("jpeg", 100)) < 55:
        out.append("jpeg < 55")
    return out


def failure_table(grades: list[Grade]) -> str:
    """How often images with each trait failed (where the scanner has trouble), and
    what went wrong, most frequent first."""
    counts: dict[str, list[int]] = {}
    for g in grades:
        for trait in _traits(g):
            tally = counts.setdefault(trait, [0, 0])
            tally[0] += 1
            tally[1] += g.failed
    lines = [f"{'trait':<22} {'images':>6} {'failed':>6} {'rate':>6}"]
    for trait, (n, bad) in sorted(counts.items(), key=lambda kv: -kv[1][1] / kv[1][0]):
        lines.append(f"{trait:<22} {n:>6} {bad:>6} {100 * bad / n:>5.0f}%")
    kinds: dict[str, int] = {}

    def add(kind: str) -> None:
        kinds[kind] = kinds.get(kind, 0) + 1

    for g in grades:
        if g.refused and g.expect == "read":
            add("readable image refused: " + (g.reason_key or g.reason[:40]))
        if not g.refused and g.expect == "refuse":
            add("unreadable image read: " + ", ".join(g.why))
        for w in g.rows_wrong:
            words = w.split()
            if words[1] == "crop":
                add("row crop off > 1.5 mm")
            else:
                add(
                    f"row {words[1]} read {words[3]}"
                    + (" (silent)" if w.endswith("(silent)") else "")
                )
        if not g.refused and not g.id_right and g.expect != "refuse":
            add("wrong or no sheet id, not refused")
    lines += ["", "what went wrong (rows or images):"]
    lines += [f"  {n:>5}  {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)
