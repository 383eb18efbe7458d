"""Paper sizes, orientation, bleed and crop marks, and deterministic PDF canvases.

Boxes follow print-shop conventions: the TrimBox is the chosen paper size,
the BleedBox adds the bleed (3 mm) on every side, and the MediaBox adds room
for crop marks when they are asked for.

With `cmyk`, every colour is written as CMYK: the colours of our palette
take the inks chosen for them in `PRINT_INKS` (the campaign red a clean print
red, the text ink and greys on the black plate alone, so they do not print
from four plates out of register), and so do their light tints; any other
colour is converted by formula (grey component replaced by black), not
through an ICC profile, and photos likewise. That is honest CMYK, not PDF/X:
there is no output intent (see the README for what PDF/X-4 would need).
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


CMYK = tuple[float, float, float, float]

# The inks chosen for the colours of our palette (print/drawing.py and the placeholder
# portrait), keyed by their 8-bit RGB. The formula below would turn the campaign red
# #B3261E into 0/79/83/30: 30 % black under a red muddies it into brick. A print red
# has no cyan (cyan greys red) and nearly full magenta and yellow; a touch of black
# (10 %) gives the depth of #B3261E on screen without the mud: 0/95/90/10. The text
# ink (a navy so dark it reads as black), the memorial black and every grey go on the
# black plate alone: type and hairlines in one ink never print out of register.
PRINT_INKS: dict[tuple[int, int, int], CMYK] = {
    (0xB3, 0x26, 0x1E): (0.0, 0.95, 0.90, 0.10),  # RED: sentenced to death, urgent
    (0x1D, 0x24, 0x30): (0.0, 0.0, 0.0, 1.0),  # INK: text, QR codes, headers, in custody
    (18, 18, 18): (0.0, 0.0, 0.0, 1.0),  # BLACK (0.07): executed, died in custody
    (0x5B, 0x64, 0x70): (0.0, 0.0, 0.0, 0.65),  # GREY: released, abroad, unknown
    (97, 102, 112): (0.0, 0.0, 0.0, 0.62),  # MUTED (0.38/0.40/0.44): small print
    (31, 31, 33): (0.0, 0.0, 0.0, 0.90),  # CREDIT_BAND (0.12/0.12/0.13), under photo credits
    (226, 226, 222): (0.0, 0.0, 0.0, 0.12),  # the placeholder portrait's background
    (150, 152, 156): (0.0, 0.0, 0.0, 0.40),  # and its figure
}
# Chromatic palette colours whose light tints (1 - t * (1 - colour), the pale bands of
# a status colour) take a tint of the same chosen ink rather than the formula.
_TINTED = [(rgb, ink) for rgb, ink in PRINT_INKS.items() if max(rgb) - min(rgb) > 40]


def _palette_ink(r: float, g: float, b: float) -> CMYK | None:
    key = (round(r * 255), round(g * 255), round(b * 255))
    if key in PRINT_INKS:
        return PRINT_INKS[key]
    for rgb, ink in _TINTED:
        amounts = [(1 - v) / (1 - c / 255) for v, c in zip((r, g, b), rgb, strict=True)]
        if 0 < amounts[0] < 1 and max(amounts) - min(amounts) < 0.02:
            t = sum(amounts) / 3
            return (
                round(ink[0] * t, 4),
                round(ink[1] * t, 4),
                round(ink[2] * t, 4),
                round(ink[3] * t, 4),
            )
    return None


def cmyk_of(r: float, g: float, b: float) -> CMYK:
    """An RGB colour as CMYK ink: a palette colour (or a light tint of one) as the ink
    chosen for it (`PRINT_INKS`); near-blacks as pure black (0 0 0 1), greys and
    near-greys as a tint of black alone, other colours with their grey component
    replaced by black (a formula, not an ICC conversion)."""
    chosen = _palette_ink(r, g, b)
    return chosen if chosen is not None else formula_cmyk(r, g, b)


def formula_cmyk(r: float, g: float, b: float) -> CMYK:
    """The formula alone (what photos get, pixel by pixel, in `cmyk_image`)."""
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
    formula as `formula_cmyk` (no colour profile; a red in a photo is not the palette's)."""
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
