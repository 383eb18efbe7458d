"""The placard: carried in a march and read from ten metres.

The name in the leading language's script is the headline: on A3 its
capitals (for Persian, Arabic and Sorani: its alef, see fonts.reading_height)
are set 40 mm tall when the name allows, and never under 25 mm, the height
that reads from ten metres, unless the paper is too narrow for the longest
word; then the placard says how tall the name came out. A word of a name is
never cut: the name shrinks, or takes one more line.

Portrait and landscape are two layouts: in portrait the photo sits between
the names and the demand; in landscape it takes a column on the leading
side. Without a photo there is no placeholder: the names and the demand take
its room.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.errors import Message
from actionkit.core.print import wording
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    GREY,
    INK,
    MUTED,
    Box,
    Notes,
    draw_portrait,
    line_height,
    put_text,
    report_fit,
    status_colour,
)
from actionkit.core.print.page import MM, PAPER_SIZES
from actionkit.core.print.poster import draw_band
from actionkit.core.text.fonts import reading_height
from actionkit.core.text.layout import TextBlock, TextStyle, fit, keep_together

MIN_CAP_HEIGHT_A3 = 40 * MM  # the headline name's capitals on A3, where it fits
READABLE_CAP_HEIGHT = 25 * MM  # reads from about ten metres: the floor on any paper
ARABIC_SCRIPT = ("fa", "ar", "ckb")  # leads whose readers read the Persian-script name


def _script(language: str) -> str:
    return "arabic" if language in ARABIC_SCRIPT else "latin"


def size_for_cap_height(height: float, script: str = "latin", weight: str = "black") -> float:
    """The font size whose capitals (or alef) are `height` points tall."""
    return height / (reading_height(weight, script) / 1000)


def min_name_size(width: float) -> float:
    """Font size whose capitals are 4 cm tall on A3, scaled to this paper width."""
    a3_width = PAPER_SIZES["A3"][0]
    return size_for_cap_height(MIN_CAP_HEIGHT_A3) * (min(width, 10_000) / a3_width)


@dataclass(frozen=True)
class _Name:
    text: str
    script: str  # "latin" or "arabic"
    language: str


def text_colour(person: Person) -> tuple[float, float, float]:
    """The names and the demand in a tone that reads from ten metres: the status
    colour where it is dark (red for a death sentence, black in memory, ink), ink
    where it is the mid-grey of a released or bailed person (the band keeps it)."""
    colour = status_colour(person)
    return INK if colour == GREY else colour


def _names(ctx: PieceContext, person: Person) -> list[_Name]:
    """Headline first: the Persian-script name when a Persian, Arabic or Sorani
    reader leads, else the Latin one. A person with no Persian spelling in the
    dataset leads with the Latin name, and the placard says so (none is invented)."""
    latin = _Name(person.name_latin or person.display_name, "latin", "en")
    if not person.name_persian:
        if _script(ctx.lead) == "arabic":
            ctx.notes.add(
                Message(
                    f"{person.display_name}: the dataset has no Persian spelling of this "
                    "name, so the placard leads with the Latin name. Add the Persian name "
                    "to the dataset to print it.",
                    key="print.placard_no_persian_name",
                    name=person.display_name,
                )
            )
        return [latin]
    persian = _Name(person.name_persian, "arabic", "fa")
    return [persian, latin] if _script(ctx.lead) == "arabic" else [latin, persian]


def _fit_name(
    notes: Notes, person: Person, name: _Name, target: float, floor: float, box: Box, lead: bool
) -> TextBlock:
    """The name at the largest size up to `target` that fits `box`, one more line
    if it must, never a word cut and never a line dropped: below `floor` (or
    any height) the placard says how tall it came out."""
    style = TextStyle(
        weight="black",
        size=target,
        language=name.language,
        leading=0.98 if name.script == "latin" else 1.05,
        align="center",
        balance=True,
    )
    words = len(name.text.split())
    # The headline may take two lines at full size; the other name prefers one.
    first = min(words, 2) if lead else 1
    block = fit(name.text, style, box.w, box.h, min_size=floor, max_lines=first)
    if block.overflow or block.below_floor:
        block = fit(name.text, style, box.w, box.h, min_size=floor, max_lines=words)
    if block.overflow or block.below_floor:
        # Smaller than the floor is still better than a name cut or left out.
        block = fit(name.text, replace(style, size=floor), box.w, box.h, min_size=floor * 0.2)
    if lead and block.size < floor - 0.01:
        height = block.size * reading_height("black", name.script) / 1000 / MM
        wanted = floor * reading_height("black", name.script) / 1000 / MM
        notes.add(
            Message(
                f"{person.display_name}: the name on this placard is {height:.0f} mm tall, "
                f"under the {wanted:.0f} mm that reads from ten metres. "
                "Use a larger paper size.",
                key="print.placard_name_small",
                name=person.display_name,
                height=f"{height:.0f}",
                wanted=f"{wanted:.0f}",
            )
        )
    return block


def _paint(canvas: Any, block: TextBlock, box: Box, colour: tuple[float, float, float]) -> float:
    """Draw a fitted block centred vertically in `box`; returns its height."""
    height = min(block.height, box.h)
    canvas.setFillColorRGB(*colour)
    block.draw(canvas, box.x, box.top - (box.h - height) / 2)
    return height


def draw_placard(
    canvas: Any, ctx: PieceContext, person: Person, width: float, height: float
) -> None:
    """Band, names, (photo), demand beside the QR code, status line."""
    short = min(width, height)
    scale = short / PAPER_SIZES["A3"][0]
    m = 0.05 * short
    band_h = 0.08 * short
    draw_band(canvas, ctx, person, width, height, band_h)
    photo_file = ctx.photo_for(person)
    landscape = width > height

    status = TextStyle(
        size=max(0.014 * short, ctx.min_print_size()),
        language=ctx.lead,
        align="right" if ctx.flip else "left",
    )
    status_text = ctx.status_line([person])
    status_h = line_height(status_text, status)
    put_text(
        canvas,
        ctx.notes,
        "Status date",
        status_text,
        Box(m, m * 0.35, width - 2 * m, status_h),
        status,
        min_size=ctx.min_print_size(),
        max_lines=1,
        colour=MUTED,
        valign="bottom",
    )
    # The room between the band and the status line.
    area = Box(m, m * 0.35 + status_h + m * 0.3, width - 2 * m, 0.0)
    area = Box(area.x, area.y, area.w, height - band_h - m * 0.7 - area.y)

    column = area
    if photo_file is not None and landscape:
        photo_w = min(0.3 * width, area.h * 0.8)
        photo = Box(area.x, area.y, photo_w, area.h).mirrored(width, ctx.flip)
        draw_portrait(canvas, photo, person, photo_file)
        column = Box(area.x + photo_w + m, area.y, area.w - photo_w - m, area.h)
        column = column.mirrored(width, ctx.flip)

    # The QR code is for the one who walks up to the placard: a corner of the
    # bottom row, never on the axis the names and the demand are centred on.
    qr_side = ctx.qr_side(0.13 * short)
    gap = m * 0.4
    portrait_photo = photo_file is not None and not landscape
    ink = text_colour(person)

    # The names: the headline at up to 40 mm capitals on A3 (more without a
    # photo; with a portrait photo the face takes the room and the name keeps
    # the 25 mm that reads from ten metres), the other script at about 60% of
    # its height. They may take the room above a bottom row as tall as the QR code.
    names_room = column.h - qr_side - m * 0.8
    names = _names(ctx, person)
    head = names[0]
    # A long surname may come closer to the edges than the rest (13 letters reach
    # 25 mm capitals across A3 this way).
    pad = 0.02 * short if column is area else 0.0
    name_x, name_w = column.x - pad, column.w + 2 * pad
    share = 0.3 if portrait_photo else (0.62 if len(names) > 1 else 0.9)
    cap = MIN_CAP_HEIGHT_A3 * scale * (0.7 if portrait_photo else 1.0 if photo_file else 1.25)
    floor = size_for_cap_height(READABLE_CAP_HEIGHT, head.script)
    target = max(size_for_cap_height(cap, head.script), floor)

    def fit_head(room: float, notes: Notes) -> TextBlock:
        return _fit_name(notes, person, head, target, floor, Box(name_x, 0, name_w, room), True)

    trial = Notes()
    head_block = fit_head(names_room * share, trial)
    if portrait_photo and head_block.size < floor - 0.01:
        # A long name that needs a third line keeps its 25 mm: the photo gives way.
        head_block = fit_head(names_room * 0.55, ctx.notes)
    else:
        for warning in trial.warnings:
            ctx.notes.add(warning)
    blocks = [head_block]
    # The demand's letters stay well under the names' (name > demand): at most
    # 55% of the headline and 75% of the other name, measured as drawn heights.
    demand_size = min(0.09 * short, blocks[0].size * 0.55)
    if len(names) > 1:
        second = names[1]
        # Persian letters run smaller than Latin capitals at one size: match heights.
        ratio = reading_height("black", head.script) / reading_height("black", second.script)
        second_target = blocks[0].size * (0.5 if portrait_photo else 0.62) * ratio
        second_h = names_room * 0.1 if portrait_photo else names_room * 0.9 - blocks[0].height - gap
        blocks.append(
            _fit_name(
                ctx.notes,
                person,
                second,
                second_target,
                second_target * 0.5,
                Box(name_x, 0, name_w, max(second_h, 1.0)),
                lead=False,
            )
        )
        second_height = blocks[1].size * reading_height("black", second.script)
        demand_size = min(demand_size, 0.75 * second_height / reading_height("black", "latin"))
    names_h = sum(block.height for block in blocks) + gap * (len(blocks) - 1)

    # Bottom row: the demand in every language, centred on the column's axis (the
    # names' axis) in the width the QR code in the trailing corner leaves on both
    # sides, as large as the room under the names allows.
    demand_w = column.w - 2 * (qr_side + m * 0.6)
    demands = [wording.demand(person, lang) for lang in ctx.languages]
    for name in (person.name_latin, person.name_persian, person.display_name):
        if name:
            demands = [d.replace(name, keep_together(name)) for d in demands]
    demand_room = column.h - names_h - m * 1.2
    if portrait_photo:
        demand_room = min(demand_room, 0.15 * column.h)
    demand_floor = min(0.028 * short, demand_size)
    demand_style = TextStyle(
        weight="black",
        size=max(demand_size, demand_floor),
        leading=1.1,
        paragraph_gap=0.25,
        align="center",
        balance=True,
    )
    demand = fit(demands, demand_style, demand_w, max(demand_room, qr_side), min_size=demand_floor)
    bottom_h = max(qr_side, min(demand.height, max(demand_room, qr_side)))
    demand_box = Box(column.x + (column.w - demand_w) / 2, column.y, demand_w, bottom_h)
    qr_box = Box(column.x + column.w - qr_side, column.y, qr_side, 0)
    if ctx.flip:
        qr_box = Box(column.x, column.y, qr_side, 0)
    # A demand held back by the QR code beside it, with room to spare above: it
    # takes the column's full width, the QR code goes under it, on the same axis.
    stacked_room = demand_room - qr_side - m * 0.5
    if demand.size < demand_style.size * 0.9 and stacked_room > qr_side:
        wide = fit(demands, demand_style, column.w, stacked_room, min_size=demand_floor)
        if wide.size > demand.size * 1.15 and not (wide.overflow or wide.below_floor):
            demand = wide
            bottom_h = wide.height + m * 0.5 + qr_side
            demand_box = Box(column.x, column.y + qr_side + m * 0.5, column.w, wide.height)
            qr_box = Box(column.x + (column.w - qr_side) / 2, column.y, qr_side, 0)
    report_fit(ctx.notes, "Placard demand", demand, demand_floor)
    _paint(canvas, demand, demand_box, ink)
    ctx.qr.draw(canvas, qr_box.x, qr_box.y, qr_side)

    # Names from the top; what is left over goes above them (a little) and
    # between them and the demand, or to the photo in portrait.
    free = column.top - (column.y + bottom_h) - names_h
    photo_h = free - m * 1.4
    y = column.top
    if not portrait_photo:
        y -= max(0.0, free) * 0.5
    for index, block in enumerate(blocks):
        box = Box(name_x, y - block.height, name_w, block.height)
        y -= _paint(canvas, block, box, ink) + gap
        if index == len(blocks) - 1 and portrait_photo:
            if photo_h >= 0.12 * height:
                photo_w = min(photo_h * 0.8, column.w)
                y -= m * 0.3
                photo = Box(column.x + (column.w - photo_w) / 2, y - photo_h, photo_w, photo_h)
                draw_portrait(canvas, photo, person, photo_file)
                y = photo.y - m * 0.5
            else:
                ctx.notes.add(
                    Message(
                        f"{person.display_name}: the name leaves no room for the portrait "
                        "on this placard.",
                        key="print.no_room_for_portrait",
                        name=person.display_name,
                    )
                )
