"""The palm card: one person, pocket-sized (85 x 55 mm), handed out by the hundred.

The photo along the leading edge (or, without one, a narrow bar in the status
colour: no placeholder face), the names across the top (the lead language's
script first), the demand and hashtag below them (balanced lines, the name never
broken inside the demand), and a QR code to the appeal with "Sign the appeal" under
it; the code is never drawn with modules under 0.5 mm once printed, and no
word is printed under 6 pt.
"""

from __future__ import annotations

from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.print import wording
from actionkit.core.print.blocks import floor, put_first_fitting_at_6pt
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    INK,
    MUTED,
    RED,
    Box,
    Entry,
    draw_portrait,
    fit_stack,
    hashtags_for,
    line_height,
    name_entries,
    put_first_fitting,
    put_text,
    short_url,
    status_colour,
)
from actionkit.core.text.layout import TextStyle, layout


def draw_palmcard(
    canvas: Any, ctx: PieceContext, person: Person, width: float, height: float
) -> None:
    b = ctx.bleed
    m = 0.045 * width
    has_photo = ctx.photo_for(person) is not None
    colour = status_colour(person)
    edge_w = 0.3 * width if has_photo else 0.05 * width
    strip = Box(-b, -b, edge_w + b, height + 2 * b).mirrored(width, ctx.flip)
    if has_photo:
        trimmed = Box(0, 0, edge_w, height).mirrored(width, ctx.flip)
        draw_portrait(
            canvas, strip, person, ctx.photo_for(person), visible=trimmed, notes=ctx.notes
        )
    else:
        canvas.setFillColorRGB(*colour)
        canvas.rect(strip.x, strip.y, strip.w, strip.h, stroke=0, fill=1)
    align = "right" if ctx.flip else "left"
    region = Box(edge_w + m, m, width - edge_w - 2 * m, height - 2 * m).mirrored(width, ctx.flip)

    # The address on one line along the bottom: never broken inside the word.
    url_h = 0.045 * width
    put_text(
        canvas,
        ctx.notes,
        "Palm card address",
        short_url(ctx.url),
        Box(region.x, region.y, region.w, url_h),
        TextStyle(weight="bold", size=0.032 * width, language="en", align=align),
        min_size=floor(ctx, 0),
        max_lines=1,
        valign="bottom",
    )
    # "Status as of DATE" across the card, on the line above the address.
    status = TextStyle(size=floor(ctx, 0.027 * width), language=ctx.lead, align=align)
    line_h = line_height(ctx.status_line([person]), status)
    put_text(
        canvas,
        ctx.notes,
        "Status date",
        ctx.status_line([person]),
        Box(region.x, region.y + url_h, region.w, line_h),
        status,
        min_size=floor(ctx, 0),
        max_lines=1,
        colour=MUTED,
        valign="bottom",
    )
    bottom = region.y + url_h + line_h + 0.01 * width

    # The QR code on the trailing side, the call to action under it (never under 6 pt).
    cta_style = TextStyle(
        weight="bold", size=floor(ctx, 0.03 * width), leading=1.05, align="center", paragraph_gap=0
    )
    cta = [wording.text(lang, "scan") for lang in ctx.languages]
    cta_h = layout(cta, cta_style, 100_000).height
    names_h = (0.34 if has_photo else 0.4) * height
    side = ctx.qr_side(min(0.28 * width, region.top - names_h - 0.02 * width - bottom - cta_h))
    column_w = max(side, 0.34 * width)
    column = Box(region.x + region.w - column_w, bottom, column_w, side + cta_h)
    column = column.mirrored(2 * region.x + region.w, ctx.flip)
    ctx.qr.draw(canvas, column.x + (column_w - side) / 2, column.top - side, side)
    put_text(
        canvas,
        ctx.notes,
        "Palm card call to action",
        cta,
        Box(column.x, bottom, column_w, cta_h),
        cta_style,
        min_size=floor(ctx, 0),
        colour=INK,
    )
    scale = 1.0 if has_photo else 1.2
    entries_of_names = name_entries(
        person, 0.075 * width * scale, 0.06 * width * scale, align, 0.01 * width, lead=ctx.lead
    )
    min_scale = max(0.4, floor(ctx, 0) / (0.06 * width * scale))
    names = Box(region.x, region.top - names_h, region.w, names_h)
    blocks = fit_stack(entries_of_names, names.w, names.h, min_scale)
    used = sum(block.height for block in blocks) if blocks else names.h
    if column.top > region.top - used - 0.02 * width:  # the QR code reaches up beside the names
        names = Box(region.x, names.y, region.w - column_w - 0.02 * width, names_h)
        names = names.mirrored(2 * region.x + region.w, ctx.flip)
    put_first_fitting(
        canvas,
        ctx.notes,
        f"Palm card names of {person.display_name}",
        [entries_of_names],
        names,
        min_scale,
    )

    gap = 0.025 * width
    lower = Box(region.x, bottom, region.w - column_w - gap, region.top - names_h - gap - bottom)
    lower = lower.mirrored(2 * region.x + region.w, ctx.flip)
    demand_size = 0.052 * width

    def demands(bound: bool) -> list[Entry]:
        return [
            Entry(
                wording.demand(person, lang, bound=bound),
                TextStyle(
                    weight="black",
                    size=demand_size,
                    language=lang,
                    leading=1.1,
                    align=align,
                    balance=True,
                ),
                RED if person.status == "sentenced_to_death" else colour,
                0.012 * width,
            )
            for lang in ctx.languages
        ]

    tags = hashtags_for(person)[:1]
    tag = [
        Entry(
            tags[0],
            TextStyle(weight="black", size=0.04 * width, language="en", align=align),
            colour,
            0.01 * width,
        )
        for _ in tags
    ]
    # The smallest of the stack's sizes stays at 6 pt at least: with the hashtag if it
    # still fits so, else without it; the name kept whole, else (a small card, a long
    # name) free to break between its words.
    bound, loose = demands(bound=True), demands(bound=False)
    choices = [[*bound, *tag], bound, [*loose, *tag], loose] if tag else [bound, loose]
    put_first_fitting_at_6pt(
        canvas, ctx, f"Palm card text of {person.display_name}", choices, lower
    )
