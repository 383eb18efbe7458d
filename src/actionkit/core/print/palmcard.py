"""The palm card: one person, pocket-sized (85 x 55 mm), handed out by the hundred.

Portrait along the leading edge, the names across the top, the demand and
hashtag below them, and a QR code to the appeal that still scans at this
size (the code is never drawn with modules under 0.5 mm once printed).
"""

from __future__ import annotations

from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.print import wording
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    INK,
    MUTED,
    RED,
    Box,
    Entry,
    draw_portrait,
    hashtags_for,
    line_height,
    name_entries,
    put_first_fitting,
    put_text,
    short_url,
    status_colour,
)
from actionkit.core.text.layout import TextStyle


def draw_palmcard(
    canvas: Any, ctx: PieceContext, person: Person, width: float, height: float
) -> None:
    b = ctx.bleed
    m = 0.045 * width
    photo_w = 0.3 * width
    strip = Box(-b, -b, photo_w + b, height + 2 * b).mirrored(width, ctx.flip)
    trimmed = Box(0, 0, photo_w, height).mirrored(width, ctx.flip)
    draw_portrait(canvas, strip, person, ctx.photo_for(person), visible=trimmed, notes=ctx.notes)
    align = "right" if ctx.flip else "left"
    colour = status_colour(person)
    region = Box(photo_w + m, m, width - photo_w - 2 * m, height - 2 * m).mirrored(width, ctx.flip)

    names_h = 0.34 * height
    names = Box(region.x, region.top - names_h, region.w, names_h)
    entries_of_names = name_entries(person, 0.075 * width, 0.06 * width, align, 0.01 * width)
    put_first_fitting(
        canvas,
        ctx.notes,
        f"Palm card names of {person.display_name}",
        [entries_of_names],
        names,
        0.4,
    )

    # The address on one line along the bottom: never broken inside the word.
    url_h = 0.045 * width
    put_text(
        canvas,
        ctx.notes,
        "Palm card address",
        short_url(ctx.url),
        Box(region.x, region.y, region.w, url_h),
        TextStyle(weight="bold", size=0.032 * width, language="en", align=align),
        min_size=4,
        max_lines=1,
        valign="bottom",
    )
    # "Status as of DATE" across the card, on the line above the address.
    status = TextStyle(
        size=max(0.027 * width, ctx.min_print_size()), language=ctx.lead, align=align
    )
    line_h = line_height(ctx.status_line([person]), status)
    put_text(
        canvas,
        ctx.notes,
        "Status date",
        ctx.status_line([person]),
        Box(region.x, region.y + url_h, region.w, line_h),
        status,
        min_size=ctx.min_print_size(),
        max_lines=1,
        colour=MUTED,
        valign="bottom",
    )
    bottom = region.y + url_h + line_h + 0.01 * width
    side = ctx.qr_side(min(0.3 * width, region.top - names_h - 0.03 * width - bottom))
    qr = Box(region.x + region.w - side, bottom, side, side).mirrored(
        2 * region.x + region.w, ctx.flip
    )
    ctx.qr.draw(canvas, qr.x, qr.y, side)
    gap = 0.03 * width
    lower = Box(region.x, bottom, region.w - side - gap, region.top - names_h - gap - bottom)
    lower = lower.mirrored(2 * region.x + region.w, ctx.flip)
    entries = [
        Entry(
            wording.demand(person, lang),
            TextStyle(weight="black", size=0.052 * width, language=lang, leading=1.1, align=align),
            RED if person.status == "sentenced_to_death" else colour,
            0.012 * width,
        )
        for lang in ctx.languages
    ]
    tags = hashtags_for(person)[:1]
    scan = Entry(
        [wording.text(lang, "scan") for lang in ctx.languages],
        TextStyle(weight="bold", size=0.03 * width, leading=1.1, align=align, paragraph_gap=0),
        INK,
    )
    tag = (
        [
            Entry(
                tags[0] if tags else "",
                TextStyle(weight="black", size=0.04 * width, language="en", align=align),
                colour,
                0.01 * width,
            )
        ]
        if tags
        else []
    )
    put_first_fitting(
        canvas,
        ctx.notes,
        f"Palm card text of {person.display_name}",
        [[*entries, *tag, scan], [*entries, scan], entries],
        lower,
        0.45,
    )
