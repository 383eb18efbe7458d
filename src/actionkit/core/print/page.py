"""Paper sizes, orientation, bleed and crop marks, and deterministic PDF canvases.

Boxes follow print-shop conventions: the TrimBox is the chosen paper size,
the BleedBox adds the bleed (3 mm) on every side, and the MediaBox adds room
for crop marks when they are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actionkit.core.errors import ActionKitError

MM = 72 / 25.4
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A5": (148 * MM, 210 * MM),
    "A4": (210 * MM, 297 * MM),
    "A3": (297 * MM, 420 * MM),
    "A2": (420 * MM, 594 * MM),
    "Letter": (8.5 * 72, 11 * 72),
    "Tabloid": (11 * 72, 17 * 72),
}
BLEED = 3 * MM
MARK_ROOM = 9 * MM  # outside the bleed, for crop marks
MARK_LENGTH = 5 * MM


@dataclass(frozen=True)
class PageSetup:
    size: str = "A4"
    landscape: bool = False
    bleed: bool = False
    crop_marks: bool = False

    def __post_init__(self) -> None:
        if self.size not in PAPER_SIZES:
            raise ActionKitError(
                f"Unknown paper size {self.size!r}; choose one of {', '.join(PAPER_SIZES)}."
            )

    @property
    def trim(self) -> tuple[float, float]:
        w, h = PAPER_SIZES[self.size]
        return (h, w) if self.landscape else (w, h)

    @property
    def bleed_width(self) -> float:
        return BLEED if self.bleed else 0.0

    @property
    def margin(self) -> float:
        """Distance from the media edge to the trim edge."""
        return self.bleed_width + (MARK_ROOM if self.crop_marks else 0.0)

    @property
    def media(self) -> tuple[float, float]:
        w, h = self.trim
        return (w + 2 * self.margin, h + 2 * self.margin)


def new_canvas(target: Path | Any, setup: PageSetup, *, title: str, subject: str = "") -> Any:
    """A reportlab canvas with identical bytes for identical input (invariant=1)."""
    from reportlab.pdfgen.canvas import Canvas

    from actionkit.core.text.fonts import primary

    canvas = Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=setup.media,
        invariant=1,
        pageCompression=1,
        # Our own font from the start, so the PDF never names an unembedded one.
        initialFontName=primary("regular").name,
    )
    canvas._doc.setProducer("ActionKit")  # no version, no date: byte-for-byte repeatable
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator("ActionKit")
    return canvas


def begin_page(canvas: Any, setup: PageSetup) -> None:
    """Set the page boxes; afterwards (0, 0) is the bottom-left corner of the trim."""

    mw, mh = setup.media
    m, b = setup.margin, setup.bleed_width
    tw, th = setup.trim
    canvas.setPageSize((mw, mh))
    canvas.setTrimBox((m, m, m + tw, m + th))
    canvas.setBleedBox((m - b, m - b, m + tw + b, m + th + b))
    canvas.setCropBox((0, 0, mw, mh))
    canvas.translate(m, m)


def draw_crop_marks(canvas: Any, setup: PageSetup) -> None:
    """Hairlines at the trim lines, outside the bleed, in registration black."""
    if not setup.crop_marks:
        return
    tw, th = setup.trim
    gap = setup.bleed_width + 1 * MM
    canvas.saveState()
    canvas.setLineWidth(0.25)
    canvas.setStrokeColorCMYK(1, 1, 1, 1)
    for x in (0.0, tw):
        for y, direction in ((0.0, -1), (th, 1)):
            canvas.line(x, y + direction * gap, x, y + direction * (gap + MARK_LENGTH))
    for y in (0.0, th):
        for x, direction in ((0.0, -1), (tw, 1)):
            canvas.line(x + direction * gap, y, x + direction * (gap + MARK_LENGTH), y)
    canvas.restoreState()
