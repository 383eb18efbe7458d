"""What the print studio renders: the form's choices as plain data, and the job
that turns them into the PDF and its preview images (run in a worker thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from actionkit.core.dataset import LoadedDataset

HANDOUTS = ("flyer", "palmcard")
PREVIEW_DPI = 60
# PDFium is not thread-safe: the preview worker and printing take turns.
PDFIUM = threading.Lock()


@dataclass
class Choice:
    """Everything the form says, as plain data for the render job."""

    kind: str = "poster"
    people: list[Any] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["en"])
    paper: str = "A4"
    flyer_size: str = "A6"
    bleed: bool = False
    crop_marks: bool = False
    tile: str | None = None
    duplex: bool = False
    track: bool = False
    url: str = ""


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    images: list[QImage]
    warnings: list[str]


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
            paper=choice.paper,
            duplex=choice.duplex,
            bleed=choice.bleed,
            url=choice.url,
            track=choice.track,
        )
        result = render_handouts(job, out, loaded.dataset.info, photo_for=photo_for)
    else:
        tags = Tags(choice.kind, "", "+".join(choice.languages)) if choice.track else None
        setup = PageSetup(choice.paper, bleed=choice.bleed, crop_marks=choice.crop_marks)
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
    images = []
    for index in range(min(len(document), 2)):
        image = document[index].render(scale=PREVIEW_DPI / 72 * 2).to_pil().convert("RGB")
        raw = image.tobytes()
        qimage = QImage(
            raw, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888
        )
        images.append(qimage.copy())  # own the pixels: `raw` goes away
    pages = len(document)
    document.close()
    return Rendered(data, pages, images, warnings)


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


def print_pdf(pdf: bytes, printer: Any) -> None:
    """Send every page to a QPrinter, rendered by PDFium at 300 dpi."""
    import pypdfium2
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter

    document = pypdfium2.PdfDocument(pdf)
    painter = QPainter(printer)
    with PDFIUM:
        try:
            for index in range(len(document)):
                if index:
                    printer.newPage()
                image = document[index].render(scale=300 / 72).to_pil().convert("RGB")
                rgb = QImage.Format.Format_RGB888
                page = QImage(image.tobytes(), image.width, image.height, 3 * image.width, rgb)
                target = painter.viewport()
                size = page.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), page.scaled(size))
        finally:
            painter.end()
