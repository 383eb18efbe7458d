"""Shared drawing pieces: boxes that mirror for right-to-left layouts, colours,
portraits, and text that is fitted into its box (with a warning if it cannot)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from actionkit.core.dataset.model import MEMORIAL_STATUSES, Person
from actionkit.core.dataset.photos import PLACEHOLDER_BACKGROUND, PLACEHOLDER_FIGURE, SILHOUETTE
from actionkit.core.errors import Message
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


def draw_portrait(canvas: Any, box: Box, person: Person, photo: Path | None) -> None:
    """The person's photo, cropped to fill the box, or the neutral silhouette."""
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(box.x, box.y, box.w, box.h)
    canvas.clipPath(clip, stroke=0, fill=0)
    if photo is not None:
        from reportlab.lib.utils import ImageReader

        image = ImageReader(str(photo))
        iw, ih = image.getSize()
        scale = max(box.w / iw, box.h / ih)
        w, h = iw * scale, ih * scale
        canvas.drawImage(image, box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)
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
    draw_portrait(canvas, photo, person, photo_file)
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
    person: Person, latin: float, persian: float, align: str, gap: float
) -> list[Entry]:
    """The person's name in Latin script (black) and Persian script (bold), as a text stack."""
    entries = [
        Entry(
            person.name_latin or person.display_name,
            TextStyle(
                weight="black", size=latin, language="en", leading=1.05, align=align, balance=True
            ),
            INK,
            gap,
            2,
        )
    ]
    if person.name_persian:
        entries.append(
            Entry(
                person.name_persian,
                TextStyle(
                    weight="bold",
                    size=persian,
                    language="fa",
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
