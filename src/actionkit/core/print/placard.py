"""The placard: carried in a march and read from ten metres.

The name is set so large that on A3 its capital letters are at least 4 cm
tall (scaled with the paper size); if a long name cannot reach that size on
the chosen paper, the placard says so instead of quietly shrinking it.
"""

from __future__ import annotations

from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.errors import Message
from actionkit.core.print import wording
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    MUTED,
    Box,
    draw_portrait,
    line_height,
    put_text,
    status_colour,
)
from actionkit.core.print.page import MM, PAPER_SIZES
from actionkit.core.print.poster import draw_band
from actionkit.core.text.fonts import primary
from actionkit.core.text.layout import TextStyle, fit

MIN_CAP_HEIGHT_A3 = 40 * MM  # readable from about ten metres


def min_name_size(width: float) -> float:
    """Font size whose capitals are 4 cm tall on A3, scaled to this paper width."""
    cap = primary("black").cap_height / 1000
    a3_width = PAPER_SIZES["A3"][0]
    return MIN_CAP_HEIGHT_A3 / cap * (min(width, 10_000) / a3_width)


def draw_placard(
    canvas: Any, ctx: PieceContext, person: Person, width: float, height: float
) -> None:
    """Top to bottom: band, name, portrait, Persian name, demand beside the QR code.

    Text is measured first; the portrait takes the height that is left, and is
    left out (with a note) rather than squeezed below a useful size.
    """
    m = 0.05 * width
    band_h = 0.08 * width
    draw_band(canvas, ctx, person, width, height, band_h)
    colour = status_colour(person)
    inner_w = width - 2 * m
    floor = min_name_size(width)
    latin = "\n".join((person.name_latin or person.display_name).split())
    name = fit(
        latin,
        TextStyle(weight="black", size=floor * 1.2, language="en", leading=0.95, align="center"),
        inner_w,
        0.6 * height,
        min_size=floor,
    )
    persian = None
    if person.name_persian:
        persian = fit(
            person.name_persian,
            TextStyle(
                weight="black", size=0.13 * width, language="fa", leading=1.0, align="center"
            ),
            inner_w,
            0.1 * height,
            min_size=0.06 * width,
            max_lines=1,
        )
    qr_side = max(0.16 * width, ctx.qr.min_side())
    demand_w = inner_w - qr_side - m
    demands = [wording.demand(person, lang) for lang in ctx.languages]
    demand = fit(
        demands,
        TextStyle(
            weight="black", size=0.06 * width, leading=1.1, paragraph_gap=0.2, align="center"
        ),
        demand_w,
        0.25 * height,
        min_size=0.028 * width,
    )
    bottom_h = max(qr_side, min(demand.height, 0.25 * height))
    status = TextStyle(
        size=max(0.014 * width, ctx.min_print_size()),
        language=ctx.lead,
        align="right" if ctx.flip else "left",
    )
    status_h = line_height(ctx.status_line([person]), status)

    y = height - band_h - m * 0.8
    name_h = min(name.height, 0.6 * height)
    put_text(
        canvas,
        ctx.notes,
        "Placard name",
        latin,
        Box(m, y - name_h, inner_w, name_h),
        name.style,
        min_size=floor,
        colour=colour,
    )
    y -= name_h + m * 0.5
    persian_h = min(persian.height, 0.1 * height) if persian else 0.0
    photo_h = y - persian_h - bottom_h - m * 1.6 - m * 0.6 - status_h
    if photo_h >= 0.12 * height:
        photo_w = min(photo_h * 0.8, inner_w)
        photo = Box((width - photo_w) / 2, y - photo_h, photo_w, photo_h)
        draw_portrait(canvas, photo, person, ctx.photo_for(person))
        y = photo.y - m * 0.5
    else:
        ctx.notes.add(
            Message(
                f"{person.display_name}: the name leaves no room for the portrait on this placard.",
                key="print.no_room_for_portrait",
                name=person.display_name,
            )
        )
    if persian is not None:
        put_text(
            canvas,
            ctx.notes,
            "Placard Persian name",
            person.name_persian or "",
            Box(m, y - persian_h, inner_w, persian_h),
            persian.style,
            min_size=0.06 * width,
            max_lines=1,
            colour=colour,
        )
    put_text(
        canvas,
        ctx.notes,
        "Status date",
        ctx.status_line([person]),
        Box(m, m * 0.35, inner_w, status_h),
        status,
        min_size=ctx.min_print_size(),
        max_lines=1,
        colour=MUTED,
        valign="bottom",
    )
    bottom = Box(m, m * 0.35 + status_h + m * 0.25, inner_w, bottom_h)
    demand_box = Box(bottom.x, bottom.y, demand_w, bottom.h).mirrored(width, ctx.flip)
    put_text(
        canvas,
        ctx.notes,
        "Placard demand",
        demands,
        demand_box,
        demand.style,
        min_size=0.028 * width,
        colour=colour,
        valign="middle",
    )
    qr_box = Box(width - m - qr_side, bottom.y + (bottom.h - qr_side) / 2, qr_side, qr_side)
    qr_box = qr_box.mirrored(width, ctx.flip)
    ctx.qr.draw(canvas, qr_box.x, qr_box.y, qr_side)
