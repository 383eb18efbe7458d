"""The wall: many faces on one sheet, in a grid chosen to fill the page."""

from __future__ import annotations

import math
from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.print import wording
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    INK,
    MUTED,
    WHITE,
    Box,
    draw_labelled_portrait,
    put_text,
    short_url,
)
from actionkit.core.text.layout import TextStyle


def grid(count: int, width: float, height: float) -> tuple[int, int]:
    """Columns and rows whose cells come closest to a portrait 4:5 shape."""
    best: tuple[float, int, int] | None = None
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        cell_ratio = (height / rows) / (width / cols)
        score = abs(math.log(cell_ratio / 1.55)) + 0.05 * (cols * rows - count)
        if best is None or score < best[0]:
            best = (score, cols, rows)
    assert best is not None
    return best[1], best[2]


def draw_wall(
    canvas: Any, ctx: PieceContext, people: list[Person], width: float, height: float
) -> None:
    m = 0.045 * width
    b = ctx.bleed
    header_h = 0.11 * width
    canvas.setFillColorRGB(*INK)
    canvas.rect(-b, height - header_h, width + 2 * b, header_h + b, stroke=0, fill=1)
    titles = [wording.text(lang, "wall_title") for lang in ctx.languages]
    put_text(
        canvas,
        ctx.notes,
        "Wall title",
        titles,
        Box(m, height - header_h, width - 2 * m, header_h).inset(0.012 * width),
        TextStyle(
            weight="black",
            size=0.045 * width,
            align="center",
            leading=1.1,
            paragraph_gap=0.1,
        ),
        min_size=0.02 * width,
        colour=WHITE,
        valign="middle",
    )

    footer_h = 0.13 * width
    area = Box(m, footer_h, width - 2 * m, height - header_h - footer_h - 0.02 * width)
    cols, rows = grid(len(people), area.w, area.h)
    gap = 0.018 * width
    cell_w = (area.w - gap * (cols - 1)) / cols
    cell_h = (area.h - gap * (rows - 1)) / rows
    for index, person in enumerate(people):
        row, col = divmod(index, cols)
        if ctx.flip:
            col = cols - 1 - col
        cell = Box(
            area.x + col * (cell_w + gap), area.top - (row + 1) * cell_h - row * gap, cell_w, cell_h
        )
        text_h = cell.h * 0.30
        photo_h = cell.h - text_h
        photo_w = min(cell.w, photo_h * 0.8)
        photo = Box(cell.x + (cell.w - photo_w) / 2, cell.top - photo_h, photo_w, photo_h)
        label = wording.band(person, ctx.lead)
        photo_file = ctx.photo_for(person)
        draw_labelled_portrait(
            canvas, ctx.notes, photo, person, photo_file, label, text_h * 0.22, ctx.lead
        )
        names = [n for n in (person.name_latin, person.name_persian) if n]
        put_text(
            canvas,
            ctx.notes,
            f"Wall names for {person.display_name}",
            names,
            Box(cell.x, cell.y, cell.w, cell.h - photo_h - 0.004 * width),
            TextStyle(
                weight="bold", size=text_h * 0.3, align="center", leading=1.1, paragraph_gap=0
            ),
            min_size=4,
            colour=INK,
            valign="top",
        )

    qr_side = max(footer_h - 0.02 * width, ctx.qr.min_side())
    qr = Box(width - m - qr_side, 0.01 * width, qr_side, qr_side).mirrored(width, ctx.flip)
    ctx.qr.draw(canvas, qr.x, qr.y, qr_side)
    info = Box(m, 0.02 * width, width - 2 * m - qr_side - 0.03 * width, footer_h - 0.03 * width)
    info = info.mirrored(width, ctx.flip)
    lines = [wording.text(lang, "scan") for lang in ctx.languages] + [
        short_url(ctx.url),
        ctx.footer(people),
    ]
    put_text(
        canvas,
        ctx.notes,
        "Wall footer",
        lines,
        info,
        TextStyle(
            weight="bold",
            size=0.022 * width,
            leading=1.25,
            paragraph_gap=0,
            align="left" if not ctx.flip else "right",
        ),
        min_size=max(0.009 * width, ctx.min_print_size()),
        colour=MUTED,
        valign="middle",
    )
