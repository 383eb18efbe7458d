"""Paper sizes, orientation, bleed and crop marks, and deterministic PDF canvases.

Boxes follow print-shop conventions: the TrimBox is the chosen paper size,
the BleedBox adds the bleed (3 mm) on every side, and the MediaBox adds room
for crop marks when they are asked for.

With `cmyk`, every colour is written as CMYK: the near-black ink of text and
QR codes becomes pure black (0 0 0 1 k) and greys a tint of black alone, so
they do not print from four plates out of register; other colours are
converted by formula (grey component replaced by black), not through an ICC
profile, and photos likewise. That is honest CMYK, not PDF/X: there is no
output intent (see the README for what PDF/X-4 would need).
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
    cmyk: bool = False

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


# A colour this dark and this close to grey is meant as black: text ink, QR modules.
BLACK_MAX = 0.2
# Greys with a slight tint (the muted small print) go on the black plate alone too:
# in three inks, small type prints muddy and out of register.
NEUTRAL_SPREAD = 0.1


def cmyk_of(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """An RGB colour as CMYK ink: near-blacks as pure black (0 0 0 1), greys and
    near-greys as a tint of black alone, other colours with their grey component
    replaced by black (a formula, not an ICC conversion)."""
    high, low = max(r, g, b), min(r, g, b)
    if high - low <= NEUTRAL_SPREAD:
        if high <= BLACK_MAX:
            return (0.0, 0.0, 0.0, 1.0)
        return (0.0, 0.0, 0.0, round(1.0 - (0.299 * r + 0.587 * g + 0.114 * b), 4))
    return (
        round((high - r) / high, 4),
        round((high - g) / high, 4),
        round((high - b) / high, 4),
        round(1.0 - high, 4),
    )


def _as_cmyk(colour: Any) -> Any:
    """reportlab's colour hook (enforceColorSpace): every colour set becomes CMYK."""
    from reportlab.lib.colors import CMYKColor, Color, toColor

    made = toColor(colour)
    if isinstance(made, CMYKColor):
        return made
    if isinstance(made, Color):
        return CMYKColor(*cmyk_of(made.red, made.green, made.blue), alpha=made.alpha)
    raise ActionKitError(f"Cannot print the colour {colour!r} in CMYK.")


def cmyk_image(image: Any) -> Any:
    """A photo (path, PIL image or reportlab ImageReader) as a CMYK image, by the same
    formula as `cmyk_of` (no colour profile)."""
    from PIL import Image, ImageChops, ImageMath
    from reportlab.lib.utils import ImageReader

    if isinstance(image, ImageReader):
        picture = getattr(image, "_image", None) or Image.open(image.fileName)
    elif isinstance(image, Image.Image):
        picture = image
    else:
        picture = Image.open(str(image))
    if picture.mode == "CMYK":
        return ImageReader(picture)
    r, g, b = picture.convert("RGB").split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)

    def ink(channel: Any) -> Any:
        # (high - channel) / high, scaled to 0..255; black pixels (high 0) take no colour
        def formula(v: dict[str, Any]) -> Any:
            return (v["h"] - v["c"]) * 255 / (v["h"] + (v["h"] == 0))

        if hasattr(ImageMath, "lambda_eval"):  # Pillow 10.3 and later
            return ImageMath.lambda_eval(formula, h=high, c=channel).convert("L")
        legacy = getattr(ImageMath, "eval")  # noqa: B009 (gone from new Pillow's stubs)
        return legacy("(h - c) * 255 / (h + (h == 0))", h=high, c=channel).convert("L")

    black = ImageChops.invert(high)
    return ImageReader(Image.merge("CMYK", (ink(r), ink(g), ink(b), black)))


def _canvas_class(cmyk: bool) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    if not cmyk:
        return Canvas

    class CMYKCanvas(Canvas):
        def drawImage(self, image: Any, *args: Any, **kwargs: Any) -> Any:
            return super().drawImage(cmyk_image(image), *args, **kwargs)

    return CMYKCanvas


def new_canvas(
    target: Path | Any,
    setup: PageSetup,
    *,
    title: str,
    subject: str = "",
    cmyk: bool | None = None,
) -> Any:
    """A reportlab canvas with identical bytes for identical input (invariant=1).

    `cmyk` (default: the setup's) writes every colour as CMYK ink (see `cmyk_of`)."""
    from actionkit.core.text.fonts import primary

    in_cmyk = setup.cmyk if cmyk is None else cmyk
    canvas = _canvas_class(in_cmyk)(
        str(target) if isinstance(target, Path) else target,
        pagesize=setup.media,
        invariant=1,
        pageCompression=1,
        # Our own font from the start, so the PDF never names an unembedded one.
        initialFontName=primary("regular").name,
        enforceColorSpace=_as_cmyk if in_cmyk else None,
    )
    canvas._doc.setProducer("ActionKit")  # no version, no date: byte-for-byte repeatable
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator("ActionKit")
    return canvas


def begin_page(canvas: Any, setup: PageSetup) -> None:
    """Set the page boxes; afterwards (0, 0) is the bottom-left corner of the trim."""

    begin_trimmed_page(canvas, setup.trim, setup.bleed_width, setup.margin)


def begin_trimmed_page(canvas: Any, trim: tuple[float, float], bleed: float, margin: float) -> None:
    """A page of any trim size with `bleed` around it and the trim `margin` from the
    media edge; afterwards (0, 0) is the trim's bottom-left corner."""
    tw, th = trim
    m, b = margin, bleed
    mw, mh = tw + 2 * m, th + 2 * m
    canvas.setPageSize((mw, mh))
    canvas.setTrimBox((m, m, m + tw, m + th))
    canvas.setBleedBox((m - b, m - b, m + tw + b, m + th + b))
    canvas.setCropBox((0, 0, mw, mh))
    canvas.translate(m, m)


def draw_crop_marks(canvas: Any, setup: PageSetup) -> None:
    """Hairlines at the trim lines, outside the bleed, in registration black."""
    if setup.crop_marks:
        draw_trim_marks(canvas, setup.trim, setup.bleed_width)


def draw_trim_marks(canvas: Any, trim: tuple[float, float], bleed: float) -> None:
    """Crop marks at the corners of a trim whose bottom-left corner is (0, 0)."""
    tw, th = trim
    gap = bleed + 1 * MM
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
