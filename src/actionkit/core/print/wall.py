"""The wall: many people on one sheet, in a grid that fills the page evenly.

Rows hold the same number of people, or one fewer (centred); every name on
the wall is printed at one size, the largest at which all of them fit. With
photos, each cell is a portrait with the status along its bottom and the
names below; without, a tile in the status colour with the names in white.
Landscape and portrait pages share the layout: the grid adapts to the page.
"""

from __future__ import annotations

import math
from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.dataset.vocabulary import IMPRISONED_STATUSES
from actionkit.core.print import wording
from actionkit.core.print.blocks import (
    floor,
    labelled_portrait,
    paint_name_tile,
    tile_names,
    tile_style,
)
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    INK,
    MUTED,
    WHITE,
    Box,
    Entry,
    put_first_fitting,
    put_text,
    short_url,
)
from actionkit.core.text.layout import TextStyle, fit

TILE_INSET = 0.07  # of a tile's width, all round
LABEL_SIZE = 0.017  # a tile's status label, as a share of the page's short side
PHOTO_CELL = 1.55  # height / width of a cell that holds a 4:5 portrait and two names
TILE_CELL = 1.0  # a name tile without a photo


def grid(count: int, width: float, height: float, shape: float = PHOTO_CELL) -> tuple[int, int]:
    """Columns and rows whose cells come closest to `shape` (height / width), with
    as few empty places as can be: the rows then differ by at most one person."""
    best: tuple[float, int, int] | None = None
    for rows in range(1, count + 1):
        cols = math.ceil(count / rows)
        cell_ratio = (height / rows) / (width / cols)
        score = abs(math.log(cell_ratio / shape)) + 0.05 * (cols * rows - count)
        if best is None or score < best[0]:
            best = (score, cols, rows)
    assert best is not None
    return best[1], best[2]


def row_counts(count: int, rows: int) -> list[int]:
    """How many people each row holds: the fuller rows first, none more than one
    fuller than another (8 in two rows: 4 + 4, never 6 + 2)."""
    base, extra = divmod(count, rows)
    return [base + 1 if row < extra else base for row in range(rows)]


def cells(count: int, area: Box, gap: float, shape: float, flip: bool) -> list[Box]:
    """The cells of the grid in reading order; shorter rows are centred."""
    cols, rows = grid(count, area.w, area.h, shape)
    cell_w = (area.w - gap * (cols - 1)) / cols
    cell_h = (area.h - gap * (rows - 1)) / rows
    out = []
    for row, in_row in enumerate(row_counts(count, rows)):
        offset = (cols - in_row) * (cell_w + gap) / 2
        for col in range(in_row):
            place = in_row - 1 - col if flip else col
            x = area.x + offset + place * (cell_w + gap)
            out.append(Box(x, area.top - (row + 1) * cell_h - row * gap, cell_w, cell_h))
    return out


# Who a call to free them fits: held, or still under their sentence (bail, furlough), or
# disappeared. A wall that also shows people executed, killed, died in custody, released,
# abroad or of unknown status takes a heading that is true of everyone on it.
FREE_CALL_STATUSES = IMPRISONED_STATUSES | {"on_bail", "on_furlough", "whereabouts_unknown"}


def wall_title_key(people: list[Person]) -> str:
    """ "wall_title" (free them) when everyone shown can be freed, else the neutral
    "wall_title_remember" (we remember, we demand justice)."""
    if all(person.status in FREE_CALL_STATUSES for person in people):
        return "wall_title"
    return "wall_title_remember"


def _header(
    canvas: Any, ctx: PieceContext, people: list[Person], width: float, height: float, unit: float
) -> float:
    m = 0.045 * unit
    b = ctx.bleed
    header_h = 0.11 * unit
    canvas.setFillColorRGB(*INK)
    canvas.rect(-b, height - header_h, width + 2 * b, header_h + b, stroke=0, fill=1)
    put_text(
        canvas,
        ctx.notes,
        "Wall title",
        [wording.text(lang, wall_title_key(people)) for lang in ctx.languages],
        Box(m, height - header_h, width - 2 * m, header_h).inset(0.012 * unit),
        TextStyle(
            weight="black", size=0.045 * unit, align="center", leading=1.1, paragraph_gap=0.1
        ),
        min_size=floor(ctx, 0.02 * unit),
        colour=WHITE,
        valign="middle",
    )
    return header_h


def _footer(
    canvas: Any, ctx: PieceContext, people: list[Person], width: float, unit: float
) -> float:
    """The QR code on the trailing side; the call to action, large, beside it, then the
    address and the provenance line. Returns the footer's height."""
    m = 0.045 * unit
    footer_h = 0.13 * unit
    side = ctx.qr_side(footer_h - 0.02 * unit)
    qr = Box(width - m - side, 0.01 * unit, side, side).mirrored(width, ctx.flip)
    ctx.qr.draw(canvas, qr.x, qr.y, side)
    info = Box(m, 0.015 * unit, width - 2 * m - side - 0.03 * unit, footer_h - 0.025 * unit)
    info = info.mirrored(width, ctx.flip)
    align = "right" if ctx.flip else "left"
    small = floor(ctx, 0.016 * unit)
    entries = [
        Entry(
            [wording.text(lang, "scan") for lang in ctx.languages],
            TextStyle(weight="black", size=0.034 * unit, leading=1.1, align=align, paragraph_gap=0),
            INK,
            0.006 * unit,
        ),
        Entry(
            short_url(ctx.url),
            TextStyle(weight="bold", size=small, language="en", align=align),
            INK,
            0.004 * unit,
            1,
        ),
        Entry(
            ctx.footer(people),
            TextStyle(size=small, language=ctx.lead, align=align),
            MUTED,
            0.0,
            2,
        ),
    ]
    put_first_fitting(canvas, ctx.notes, "Wall footer", [entries], info, floor(ctx, 0) / small)
    return footer_h


def draw_wall(
    canvas: Any, ctx: PieceContext, people: list[Person], width: float, height: float
) -> None:
    unit = min(width, height)
    m = 0.045 * unit
    header_h = _header(canvas, ctx, people, width, height, unit)
    footer_h = _footer(canvas, ctx, people, width, unit)
    area = Box(m, footer_h + 0.01 * unit, width - 2 * m, 0)
    area = Box(area.x, area.y, area.w, height - header_h - 0.025 * unit - area.y)
    photos = [ctx.photo_for(person) is not None for person in people]
    gap = 0.018 * unit
    boxes = cells(len(people), area, gap, PHOTO_CELL if any(photos) else TILE_CELL, ctx.flip)

    # Where each person's names go, then the one size at which every name fits.
    layouts = []
    for cell, has_photo in zip(boxes, photos, strict=True):
        if has_photo:
            text_h = cell.h * 0.30
            photo_h = cell.h - text_h
            photo_w = min(cell.w, photo_h * 0.8)
            photo = Box(cell.x + (cell.w - photo_w) / 2, cell.top - photo_h, photo_w, photo_h)
            names = Box(cell.x, cell.y, cell.w, cell.h - photo_h - 0.006 * unit)
            layouts.append((photo, names, text_h * 0.3))
        else:
            layouts.append((cell, Box(0, 0, 0, 0), 0.0))
    tiles = [not has_photo for has_photo in photos]

    def names_size(label_h: float) -> float:
        sizes = []
        for person, cell, (_, names, start), has_photo in zip(
            people, boxes, layouts, photos, strict=True
        ):
            box = names if has_photo else _tile_names_box(cell, label_h, unit)
            wanted = start if has_photo else 0.07 * unit
            style = tile_style(wanted)
            text = tile_names(person, ctx.lead)
            sizes.append(fit(text, style, box.w, box.h, min_size=floor(ctx, 0)).size)
        return min(sizes)

    # The status labels as large as the tiles allow, but well below the names: first the
    # names' size beside a small label, then labels of at most 70 % of it.
    least = floor(ctx, 0)
    first = names_size(_tile_label(ctx, people, boxes, tiles, unit, least)[1])
    label_size, label_h = _tile_label(ctx, people, boxes, tiles, unit, max(least, 0.7 * first))
    size = names_size(label_h)

    for person, cell, (photo, names, _), has_photo in zip(
        people, boxes, layouts, photos, strict=True
    ):
        if has_photo:
            labelled_portrait(
                canvas, ctx, photo, person, wording.band(person, ctx.lead), cell.h * 0.3 * 0.22
            )
            put_text(
                canvas,
                ctx.notes,
                f"Wall names for {person.display_name}",
                tile_names(person, ctx.lead),
                names,
                tile_style(size),
                min_size=size,
                colour=INK,
                valign="top",
            )
        else:
            _name_tile(canvas, ctx, cell, person, size, label_size, label_h, unit)


def _label_style(ctx: PieceContext, size: float) -> TextStyle:
    return TextStyle(
        weight="bold", size=size, language=ctx.lead, align="center", leading=1.15, balance=True
    )


def _tile_label(
    ctx: PieceContext,
    people: list[Person],
    cells: list[Box],
    tiles: list[bool],
    unit: float,
    largest: float,
) -> tuple[float, float]:
    """One size for every status label on the wall, as large as the tiles allow up to
    `largest` (a wall is read from a few steps away: up to 1.7 % of the page's short
    side, 14 pt on A3, in two lines at most), and the height the labels take."""
    shown = [(p, c) for p, c, tile in zip(people, cells, tiles, strict=True) if tile]
    if not shown:
        return 0.0, 0.0
    least = floor(ctx, 0)
    sizes = []
    for person, cell in shown:
        inner = cell.inset(TILE_INSET * cell.w)
        wanted = max(least, min(largest, LABEL_SIZE * unit, 0.09 * inner.w, 0.12 * inner.h))
        text = wording.band(person, ctx.lead)
        block = fit(
            text, _label_style(ctx, wanted), inner.w, 3 * wanted, min_size=least, max_lines=2
        )
        sizes.append(block.size)
    size = min(sizes)
    heights = [
        fit(
            wording.band(person, ctx.lead),
            _label_style(ctx, size),
            cell.inset(TILE_INSET * cell.w).w,
            cell.h,
            min_size=size,
            max_lines=2,
        ).height
        for person, cell in shown
    ]
    return size, max(heights)


def _tile_names_box(cell: Box, label_h: float, unit: float) -> Box:
    """The part of a name tile that holds the names, below the status label."""
    inner = cell.inset(TILE_INSET * cell.w)
    return Box(inner.x, inner.y, inner.w, inner.h - label_h - 0.02 * unit)


def _name_tile(
    canvas: Any,
    ctx: PieceContext,
    tile: Box,
    person: Person,
    names_size: float,
    label_size: float,
    label_h: float,
    unit: float,
) -> None:
    """A person without a photo, as a wall shows one: the status label one size across
    the wall (see `blocks.paint_name_tile`)."""
    inner = tile.inset(TILE_INSET * tile.w)
    label = Box(inner.x, inner.top - label_h, inner.w, label_h)
    names = _tile_names_box(tile, label_h, unit)
    paint_name_tile(
        canvas,
        ctx,
        tile,
        person,
        (label, _label_style(ctx, label_size), label_size),
        names,
        names_size,
    )
