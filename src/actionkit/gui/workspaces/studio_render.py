"""What the print studio renders: the form's choices as plain data, and the job
that turns them into the PDF and its preview images (run in a worker thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize

from actionkit.core.dataset import LoadedDataset

HANDOUTS = ("flyer", "palmcard")
# The first page comes with the render at this many pixels along its longest side,
# enough for "fit page" on a large screen; zooming in renders a page sharper, lazily.
PREVIEW_PIXELS = 1600
PRINT_DPI = 300
PRINT_BAND = 512  # rows of pixels drawn to the printer at a time
# PDFium is not thread-safe: the preview worker and printing take turns.
PDFIUM = threading.Lock()


@dataclass
class Choice:
    """Everything the form says, as plain data for the render job."""

    kind: str = "poster"
    people: list[Any] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["en"])
    paper: str = "A4"
    landscape: bool = False  # the poster, placard and wall
    flyer_size: str = "A6"
    per_sheet: int | None = None  # handouts: None for as many as print at full size
    bleed: bool = False
    crop_marks: bool = False
    tile: str | None = None
    duplex: bool = False
    track: bool = False
    url: str = ""
    one_up: bool = False  # handouts: one piece per page, with bleed, for a print shop
    cmyk: bool = False


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    images: list[QImage]  # the first page only; the preview renders others when shown
    warnings: list[str]
    sizes: list[tuple[float, float]] = field(default_factory=list)  # each page, in points


def render_choice(choice: Choice, loaded: LoadedDataset, photo_for: Callable[..., Any]) -> Rendered:
    """Render the chosen piece to PDF bytes and preview images (runs in a worker)."""

    from actionkit.core.print.handouts import HandoutJob, render_handouts
    from actionkit.core.print.page import PageSetup
    from actionkit.core.print.render import PrintJob, render
    from actionkit.core.print.tracking import Tags

    out = BytesIO()
    if choice.kind in HANDOUTS:
        job = HandoutJob(
            choice.kind,
            choice.people,
            choice.languages,
            size=choice.flyer_size,
            per_sheet=choice.per_sheet,
            paper=choice.paper,
            duplex=choice.duplex,
            bleed=choice.bleed,
            url=choice.url,
            track=choice.track,
            one_up=choice.one_up,
            crop_marks=choice.crop_marks,
            cmyk=choice.cmyk,
        )
        result = render_handouts(job, out, loaded.dataset.info, photo_for=photo_for)
    else:
        tags = Tags(choice.kind, "", "+".join(choice.languages)) if choice.track else None
        setup = PageSetup(
            choice.paper,
            landscape=choice.landscape,
            bleed=choice.bleed,
            crop_marks=choice.crop_marks,
            cmyk=choice.cmyk,
        )
        piece = PrintJob(
            choice.kind,
            choice.people,
            choice.languages,
            setup,
            choice.url,
            tile=choice.tile,
            tags=tags,
        )
        result = render(piece, out, loaded.dataset.info, photo_for=photo_for)
    data = out.getvalue()
    with PDFIUM:
        return _preview(data, result.warnings)


def _preview(data: bytes, warnings: list[str]) -> Rendered:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
        sizes = [tuple(document[i].get_size()) for i in range(pages)]
        first = page_image(document[0], PREVIEW_PIXELS / max(sizes[0])) if pages else None
    finally:
        document.close()
    return Rendered(data, pages, [first] if first is not None else [], warnings, sizes)


def page_image(page: Any, scale: float) -> QImage:
    """One PDF page as a QImage that owns its pixels (PDFium's BGRx is Qt's RGB32)."""
    return as_qimage(page.render(scale=scale, prefer_bgrx=True, fill_color=(255, 255, 255, 255)))


def as_qimage(bitmap: Any) -> QImage:
    """A PDFium bitmap as a QImage with its own copy of the pixels (BGRx is Qt's RGB32)."""
    rgb32 = QImage.Format.Format_RGB32
    return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, rgb32).copy()


def render_page(pdf: bytes, index: int, longest_side: int) -> tuple[int, QImage]:
    """Page `index` with its longest side `longest_side` pixels (a worker job for zooming in)."""
    import pypdfium2

    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[index]
            return index, page_image(page, longest_side / max(page.get_size()))
        finally:
            document.close()


def save_each(
    choice: Choice,
    loaded: LoadedDataset,
    photo_for: Callable[..., Any],
    folder: Path,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    """One PDF per person in `folder` (the batch save); returns how many were written."""
    from dataclasses import replace

    from actionkit.core.storage import atomic_write_bytes

    total = len(choice.people)
    for done, person in enumerate(choice.people):
        if cancelled():
            return done
        progress(done, total)
        rendered = render_choice(replace(choice, people=[person]), loaded, photo_for)
        atomic_write_bytes(folder / f"{person.id}-{choice.kind}.pdf", rendered.pdf)
    progress(total, total)
    return total


def page_size_points(pdf: bytes) -> tuple[float, float]:
    """The first page's width and height in points (what the printer's paper should be)."""
    import pypdfium2

    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            width, height = document[0].get_size()
        finally:
            document.close()
    return float(width), float(height)


def page_layout_for(width: float, height: float) -> QPageLayout:
    """The paper for a page of `width` x `height` points: a named size where one fits
    (A3, Letter, ...), in the page's orientation, with no margins of its own (a real
    printer keeps its unprintable edge; `print_pdf` scales into what is left)."""
    portrait = QSizeF(min(width, height), max(width, height))
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Portrait
    if width > height:
        orientation = QPageLayout.Orientation.Landscape
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def print_pdf(
    pdf: bytes,
    printer: Any,
    progress: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Send every page to a QPrinter, rendered by PDFium at up to 300 dpi; returns pages sent.

    Runs in a worker: Qt allows painting on a QPrinter outside the GUI thread. Each
    page goes to the printer in bands, so no single call holds the interpreter long
    enough to stall the window.
    """
    import pypdfium2
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    scale = min(PRINT_DPI, max(printer.resolution(), 72)) / 72  # pixels per point
    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        with PDFIUM:
            document.close()
        raise OSError("The printer could not be opened.")
    sent = 0
    try:
        total = len(document)
        for index in range(total):
            if cancelled():
                printer.abort()  # nothing half-printed reaches the printer
                break
            progress(index, total)
            if index:
                printer.newPage()
            with PDFIUM:
                page = document[index]
                width, height = page.get_size()
            target = QRectF(painter.viewport())
            fit = min(target.width() / width, target.height() / height)  # device px per point
            left = target.x() + (target.width() - width * fit) / 2
            top = target.y() + (target.height() - height * fit) / 2
            rows = round(height * scale)
            for first in range(0, rows, PRINT_BAND):
                y0, y1 = first / scale, min(first + PRINT_BAND, rows) / scale
                with PDFIUM:
                    bitmap = page.render(
                        scale=scale,
                        crop=(0, height - y1, 0, y0),
                        prefer_bgrx=True,
                        fill_color=(255, 255, 255, 255),
                    )
                    band = as_qimage(bitmap)
                    bitmap.close()
                box = QRectF(left, top + y0 * fit, width * fit, (y1 - y0) * fit)
                painter.drawImage(box, band)
            sent += 1
        progress(sent, total)
    finally:
        painter.end()
        with PDFIUM:
            document.close()
    return sent
