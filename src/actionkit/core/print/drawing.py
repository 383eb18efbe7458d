"""Shared drawing pieces: boxes that mirror for right-to-left layouts, colours,
portraits, and text that is fitted into its box (with a warning if it cannot)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from actionkit.core.dataset.model import MEMORIAL_STATUSES, Crop, Person
from actionkit.core.dataset.photos import (
    PLACEHOLDER_BACKGROUND,
    PLACEHOLDER_FIGURE,
    SILHOUETTE,
    frame_crop,
)
from actionkit.core.errors import Message
from actionkit.core.print import wording
from actionkit.core.text.layout import TextBlock, TextStyle, fit, layout

INK = (0x1D / 255, 0x24 / 255, 0x30 / 255)
RED = (0xB3 / 255, 0x26 / 255, 0x1E / 255)
BLACK = (0.07, 0.07, 0.07)
GREY = (0x5B / 255, 0x64 / 255, 0x70 / 255)
MUTED = (0.38, 0.40, 0.44)
WHITE = (1.0, 1.0, 1.0)


def status_colour(person: Person) -> tuple[float, float, float]:
    if person.status == "sentenced_to_death":
        return RED
    if person.status in MEMORIAL_STATUSES:
        return BLACK
    if person.is_imprisoned:
        return INK
    return GREY


@dataclass(frozen=True)
class Box:
    x: float
    y: float  # bottom
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    def mirrored(self, page_width: float, flip: bool) -> Box:
        """The same box seen in a mirror, when a right-to-left language leads."""
        return Box(page_width - self.x - self.w, self.y, self.w, self.h) if flip else self

    def inset(self, d: float) -> Box:
        return Box(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)


@dataclass
class Notes:
    """What a piece could not do as asked; shown to the user, never silently dropped."""

    warnings: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def put_text(
    canvas: Any,
    notes: Notes,
    label: str,
    text: list[str] | str,
    box: Box,
    style: TextStyle,
    *,
    min_size: float,
    max_lines: int | None = None,
    colour: tuple[float, float, float] = INK,
    valign: str = "top",
) -> TextBlock:
    """Fit `text` into `box` (shrinking down to min_size) and draw it; never outside the box."""
    block = fit(text, style, box.w, box.h, min_size=min_size, max_lines=max_lines)
    report_fit(notes, label, block, min_size)
    height = min(block.height, box.h)
    top = box.top
    if valign == "middle":
        top -= (box.h - height) / 2
    elif valign == "bottom":
        top = box.y + height
    canvas.setFillColorRGB(*colour)
    block.draw(canvas, box.x, top)
    return block


def report_fit(notes: Notes, label: str, block: TextBlock, min_size: float) -> None:
    """Say what fit() had to do: lines left out, a size under the floor (a word is
    never cut, so a long one makes the text smaller), characters no font has."""
    if block.below_floor:
        notes.add(
            Message(
                f"{label} is set at {block.size:.1f} pt, under its {min_size:.0f} pt, "
                "so that no word is cut. Shorten it or use a larger paper size.",
                key="print.below_floor",
                part=label,
                size=f"{block.size:.1f}",
                floor=f"{min_size:.0f}",
            )
        )
    if block.overflow:
        shown = len(block.visible_lines())
        notes.add(
            Message(
                f"{label} does not fit even at {min_size:.0f} pt; "
                f"{shown} of {len(block.lines)} lines are printed. "
                "Shorten it or use a larger paper size.",
                key="print.does_not_fit",
                part=label,
                size=f"{min_size:.0f}",
                shown=shown,
                lines=len(block.lines),
            )
        )
    if block.missing:
        missing = " ".join(sorted(block.missing))
        notes.add(
            Message(
                f"{label}: no bundled font has {missing}; left out.",
                key="print.missing_glyphs",
                part=label,
                characters=missing,
            )
        )


def line_height(text: str, style: TextStyle) -> float:
    """The height one line of `text` takes at the style's size (a Persian font runs
    taller than a Latin one at the same size)."""
    return layout(text, style, 100_000).height if text else 0.0


# A photo credit is printed at this size or larger (print check: nothing under 6 pt).
CREDIT_MIN_SIZE = 6.0
CREDIT_MAX_SIZE = 8.0
CREDIT_MAX_LINES = 4
CREDIT_BAND = (0.12, 0.12, 0.13)
# Pixels per inch kept of a photo at the size it is printed: enough for any press,
# and what is cut away by the crop never reaches the PDF (it may show someone else).
PHOTO_PPI = 300
SHORT_LICENCE = 16  # characters: a licence this short is printed on one line


def draw_portrait(
    canvas: Any,
    box: Box,
    person: Person,
    photo: Path | None,
    *,
    visible: Box | None = None,
    notes: Notes | None = None,
    credit_above: float = 0.0,
) -> None:
    """The person's photo, its crop fitted to the box without distortion, with its credit
    and licence printed small at the bottom; or the neutral silhouette.

    `visible` is the part of the box left after trimming (when the box runs into the
    bleed), where the credit must stay; `credit_above` keeps the credit clear of
    something drawn over the bottom of the portrait (a status strip)."""
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(box.x, box.y, box.w, box.h)
    canvas.clipPath(clip, stroke=0, fill=0)
    notes = notes or Notes()
    jpeg = _photo_part(photo, person, box, notes) if photo is not None else None
    if jpeg is not None:
        from reportlab.lib.utils import ImageReader

        canvas.drawImage(ImageReader(BytesIO(jpeg)), box.x, box.y, box.w, box.h)
    else:
        canvas.setFillColorRGB(*(c / 255 for c in PLACEHOLDER_BACKGROUND))
        canvas.rect(box.x, box.y, box.w, box.h, stroke=0, fill=1)
        canvas.setFillColorRGB(*(c / 255 for c in PLACEHOLDER_FIGURE))
        for shape in SILHOUETTE:
            canvas.ellipse(
                box.x + shape.left * box.w,
                box.top - shape.bottom * box.h,
                box.x + shape.right * box.w,
                box.top - shape.top * box.h,
                stroke=0,
                fill=1,
            )
    canvas.restoreState()
    if jpeg is not None and person.photo is not None:
        _draw_credit(canvas, visible or box, person, notes, credit_above)


def _photo_part(photo: Path, person: Person, box: Box, notes: Notes) -> bytes | None:
    """The JPEG to place in `box`, or None (with a note) when the stored photo can no
    longer be read: the piece is still printed, with the placeholder."""
    from PIL import Image

    crop = person.photo.crop if person.photo else None
    try:
        stat = photo.stat()
        return _cropped_jpeg(str(photo), stat.st_mtime_ns, stat.st_size, crop, box.w, box.h)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        notes.add(
            Message(
                f"The photo of {person.display_name} cannot be read ({exc}); "
                "the placeholder is printed. Attach it again.",
                key="print.photo_unreadable",
                name=person.display_name,
                reason=str(exc),
            )
        )
        return None


@lru_cache(maxsize=64)
def _cropped_jpeg(
    path: str, mtime_ns: int, size: int, crop: Crop | None, frame_w: float, frame_h: float
) -> bytes:
    """The part of the photo the frame shows (see frame_crop), at most PHOTO_PPI at the
    printed size, as a JPEG. Cached: a wall or a sheet of cards repeats the same frame."""
    from PIL import Image

    with Image.open(path) as image:
        box = frame_crop(image.width, image.height, crop, frame_w / frame_h)
        wanted_w = max(1, round(frame_w / 72 * PHOTO_PPI))
        pixels_w = box[2] - box[0]
        out_w = max(1, min(round(pixels_w), wanted_w))
        out_h = max(1, round(out_w * frame_h / frame_w))
        part = image.convert("RGB").resize((out_w, out_h), Image.Resampling.LANCZOS, box=box)
    out = BytesIO()
    part.save(out, "JPEG", quality=90)
    return out.getvalue()


def credit_line(person: Person) -> str:
    """What is printed about the photo on one line: its credit and licence, each kept
    whole in its own direction (a Persian credit beside a Latin licence)."""
    assert person.photo is not None
    credit, licence = person.photo.credit, _bound(person.photo.licence)
    return f"\u2068{credit}\u2069\u00a0\u00b7 \u2068{licence}\u2069"


def _bound(licence: str) -> str:
    """A short licence ("CC BY 4.0") is never broken across lines."""
    return licence.replace(" ", "\u00a0") if len(licence) <= SHORT_LICENCE else licence


def _draw_credit(
    canvas: Any, visible: Box, person: Person, notes: Notes, credit_above: float
) -> None:
    """The credit in white on a dark band along the bottom of the photo, at least 6 pt:
    "credit · licence" on one line where it fits, else the credit above the licence
    (at most CREDIT_MAX_LINES lines; what does not fit is reported)."""
    assert person.photo is not None
    pad = max(2.0, visible.w * 0.02)
    size = min(CREDIT_MAX_SIZE, max(CREDIT_MIN_SIZE, visible.w * 0.022))
    style = TextStyle(size=size, leading=1.2, align="center", paragraph_gap=0.0)
    width = visible.w - 2 * pad
    text: str | list[str] = credit_line(person)
    one = fit(text, style, width, size * 1.2 + 0.5, min_size=CREDIT_MIN_SIZE, max_lines=1)
    if one.overflow:
        text = [person.photo.credit, _bound(person.photo.licence)]
    room = CREDIT_MAX_LINES * CREDIT_MIN_SIZE * 1.2 + 0.5
    block = fit(text, style, width, max(room, size * 1.2 + 0.5), min_size=CREDIT_MIN_SIZE)
    inner = min(block.height, room) + 0.5
    band = Box(visible.x, visible.y + credit_above, visible.w, inner + 1.2 * pad)
    # Opaque: transparency is lost inside the forms handouts are imposed with, and
    # print shops' PDF/X checks prefer none.
    canvas.setFillColorRGB(*CREDIT_BAND)
    canvas.rect(band.x, band.y, band.w, band.h, stroke=0, fill=1)
    put_text(
        canvas,
        notes,
        f"Photo credit of {person.display_name}",
        text,
        Box(band.x + pad, band.y + pad * 0.6, width, inner),
        style,
        min_size=CREDIT_MIN_SIZE,
        max_lines=CREDIT_MAX_LINES,
        colour=WHITE,
        valign="middle",
    )


def draw_labelled_portrait(
    canvas: Any,
    notes: Notes,
    photo: Box,
    person: Person,
    photo_file: Path | None,
    label: str,
    label_h: float,
    language: str,
) -> None:
    """A portrait with the person's status on a coloured strip along its bottom."""
    draw_portrait(canvas, photo, person, photo_file, notes=notes, credit_above=label_h)
    canvas.setFillColorRGB(*status_colour(person))
    canvas.rect(photo.x, photo.y, photo.w, label_h, stroke=0, fill=1)
    put_text(
        canvas,
        notes,
        f"Status of {person.display_name}",
        label,
        Box(photo.x, photo.y, photo.w, label_h).inset(label_h * 0.13),
        TextStyle(weight="bold", size=label_h * 0.6, language=language, align="center"),
        min_size=3.5,
        max_lines=1,
        colour=WHITE,
        valign="middle",
    )


def hashtags_for(person: Person) -> list[str]:
    """The person's hashtags, without the ones their situation no longer fits:
    #Free…/#Save… once they are not imprisoned, #WhereIs… once it is known."""
    stale: tuple[str, ...] = ()
    if not person.is_imprisoned:
        stale += ("#free", "#save")
    if person.status != "whereabouts_unknown":
        stale += ("#whereis",)
    return [h for h in person.hashtags if not h.lower().startswith(stale)]


def short_url(url: str) -> str:
    """The address as people type it: no scheme, no 'www.', no trailing slash."""
    for prefix in ("https://", "http://"):
        url = url.removeprefix(prefix)
    return url.removeprefix("www.").rstrip("/")


@dataclass(frozen=True)
class Entry:
    """One block of a text stack: its text, style at full size, colour, space after."""

    text: list[str] | str
    style: TextStyle
    colour: tuple[float, float, float] = INK
    gap_after: float = 0.0
    max_lines: int | None = None


def fit_stack(
    entries: list[Entry], width: float, height: float, min_scale: float
) -> list[TextBlock] | None:
    """The blocks at the largest common scale (down to min_scale) at which the
    whole stack fits `height`; None if it does not fit even at min_scale."""

    def attempt(scale: float) -> list[TextBlock] | None:
        blocks, used = [], 0.0
        for entry in entries:
            block = layout(entry.text, replace(entry.style, size=entry.style.size * scale), width)
            if block.widest > width + 0.01 or (
                entry.max_lines is not None and len(block.lines) > entry.max_lines
            ):
                return None
            blocks.append(block)
            used += block.height + entry.gap_after * scale
        return blocks if used <= height + 0.01 else None

    best = attempt(1.0)
    if best is not None:
        return best
    low, high = min_scale, 1.0
    best = attempt(low)
    if best is None:
        return None
    for _ in range(6):
        middle = (low + high) / 2
        candidate = attempt(middle)
        if candidate is not None:
            best, low = candidate, middle
        else:
            high = middle
    return best


def draw_stack(canvas: Any, entries: list[Entry], blocks: list[TextBlock], box: Box) -> float:
    """Draw fitted blocks from the top of `box`; returns the height used. The gaps
    shrink with the text: by the scale fit_stack chose, read off the first block."""
    scale_of = blocks[0].style.size / entries[0].style.size if entries else 1.0
    y = box.top
    for entry, block in zip(entries, blocks, strict=True):
        canvas.setFillColorRGB(*entry.colour)
        block.draw(canvas, box.x, y)
        y -= block.height + entry.gap_after * scale_of
    return box.top - y


def put_first_fitting(
    canvas: Any,
    notes: Notes,
    label: str,
    choices: list[list[Entry]],
    box: Box,
    min_scale: float,
) -> int:
    """Draw the first stack of `choices` that fits `box` (the fuller texts come
    first); if none fits, the last one at min_scale with a note. Returns its index."""
    for index, entries in enumerate(choices):
        blocks = fit_stack(entries, box.w, box.h, min_scale)
        if blocks is not None:
            draw_stack(canvas, entries, blocks, box)
            return index
    # Nothing fits: the shortest choice's first block, shrunk as far as allowed,
    # with put_text's note saying how much was left out.
    entry = choices[-1][0]
    style = replace(entry.style, size=entry.style.size * min_scale)
    put_text(canvas, notes, label, entry.text, box, style, min_size=style.size, colour=entry.colour)
    return len(choices) - 1


def name_entries(
    person: Person, latin: float, persian: float, align: str, gap: float, lead: str = "en"
) -> list[Entry]:
    """The person's names as a text stack, the lead language's script first (black, at
    the first size `latin`), the other after it (bold, at `persian`); each name is kept
    set in balanced lines, so no word of a name stands alone on its last line."""
    entries = []
    for n, (name, script) in enumerate(wording.names_in_lead_order(person, lead)):
        entries.append(
            Entry(
                name,
                TextStyle(
                    weight="black" if n == 0 else "bold",
                    size=latin if n == 0 else persian,
                    language=script,
                    leading=1.05,
                    align=align,
                    balance=True,
                ),
                INK,
                gap,
                2,
            )
        )
    return entries
