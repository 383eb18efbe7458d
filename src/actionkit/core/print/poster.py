"""The poster: status band, the names in both scripts, the demand, the story in
one or two languages, the call to action beside a QR code, and the provenance line.

Four layouts: portrait or landscape, each with the person's photo or, without
one, typographic (the names and the demand take the photo's room; no
placeholder face). Sizes are fractions of the short side, so one layout
serves A4 to A2, Letter and Tabloid. When the leading language is right to
left, the layout is mirrored.
"""

from __future__ import annotations

from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.print import wording
from actionkit.core.print.blocks import (
    align_of,
    call_strip,
    floor,
    headline_entries,
    stories,
)
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    MUTED,
    WHITE,
    Box,
    draw_portrait,
    draw_stack,
    fit_stack,
    put_first_fitting,
    put_text,
    status_colour,
)
from actionkit.core.text.layout import TextStyle


def draw_band(
    canvas: Any, ctx: PieceContext, person: Person, width: float, top: float, height: float
) -> None:
    """A full-bleed bar across the top saying what happened, in each language."""
    unit = min(width, top)
    b = ctx.bleed
    canvas.setFillColorRGB(*status_colour(person))
    canvas.rect(-b, top - height, width + 2 * b, height + b, stroke=0, fill=1)
    margin = 0.055 * unit
    inner = Box(margin, top - height, width - 2 * margin, height)
    labels = [wording.band(person, lang) for lang in ctx.languages]
    halves = (
        [inner]
        if len(labels) == 1
        else [
            Box(inner.x, inner.y, inner.w / 2 - margin / 2, inner.h),
            Box(inner.x + inner.w / 2 + margin / 2, inner.y, inner.w / 2 - margin / 2, inner.h),
        ]
    )
    for n, (label, lang) in enumerate(zip(labels, ctx.languages, strict=True)):
        half = halves[n].mirrored(width, ctx.flip) if len(halves) > 1 else halves[0]
        style = TextStyle(
            weight="bold",
            size=0.034 * unit,
            language=lang,
            leading=1.1,
            align=align_of(ctx, leading=n == 0),
        )
        put_text(
            canvas,
            ctx.notes,
            f"Status band ({lang})",
            label.upper() if lang != "fa" else label,
            half,
            style,
            min_size=floor(ctx, 0.02 * unit),
            max_lines=1,
            colour=WHITE,
            valign="middle",
        )


def _photo(canvas: Any, ctx: PieceContext, person: Person, box: Box, unit: float) -> None:
    """The photo; draw_portrait prints its credit and licence on it."""
    draw_portrait(canvas, box, person, ctx.photo_for(person), notes=ctx.notes)


def _headline(
    canvas: Any,
    ctx: PieceContext,
    person: Person,
    box: Box,
    unit: float,
    *,
    names: float,
    part: slice = slice(None),
) -> float:
    """Names and demands (or the `part` of them) from the top of `box`, as large as
    fits; returns the height used."""
    entries = headline_entries(
        ctx, person, unit, names=names, demand=names * 0.5, align=align_of(ctx)
    )[part]
    blocks = fit_stack(entries, box.w, box.h, 0.3)
    if blocks is None:
        put_first_fitting(canvas, ctx.notes, "Names and demand", [entries], box, 0.3)
        return box.h
    return draw_stack(canvas, entries, blocks, box)


def _footer(canvas: Any, ctx: PieceContext, person: Person, box: Box, unit: float) -> None:
    put_text(
        canvas,
        ctx.notes,
        "Footer",
        ctx.footer([person]),
        box,
        TextStyle(size=floor(ctx, 0.0125 * unit), language=ctx.lead, align=align_of(ctx)),
        min_size=floor(ctx, 0.008 * unit),
        max_lines=2,
        colour=MUTED,
        valign="bottom",
    )


def draw_poster(
    canvas: Any, ctx: PieceContext, person: Person, width: float, height: float
) -> None:
    unit = min(width, height)
    m = 0.055 * unit
    band_h = 0.085 * unit
    draw_band(canvas, ctx, person, width, height, band_h)
    footer_h = 0.03 * unit
    _footer(canvas, ctx, person, Box(m, 0.4 * m, width - 2 * m, footer_h), unit)
    body = Box(m, 0.4 * m + footer_h + 0.03 * unit, width - 2 * m, 0)
    body = Box(body.x, body.y, body.w, height - band_h - m - body.y)
    strip_h = ctx.qr_side(0.2 * unit)
    has_photo = ctx.photo_for(person) is not None
    if width > height:
        _landscape(canvas, ctx, person, body, unit, strip_h, has_photo)
    else:
        _portrait(canvas, ctx, person, body, unit, strip_h, has_photo)


def _portrait(
    canvas: Any,
    ctx: PieceContext,
    person: Person,
    body: Box,
    unit: float,
    strip_h: float,
    has_photo: bool,
) -> None:
    gutter = 0.04 * unit
    strip = Box(body.x, body.y, body.w, strip_h)
    call_strip(canvas, ctx, person, strip, unit)
    if has_photo:
        photo_w = 0.42 * body.w
        photo = Box(body.x, body.top - photo_w * 1.25, photo_w, photo_w * 1.25)
        photo = photo.mirrored(2 * body.x + body.w, ctx.flip)
        _photo(canvas, ctx, person, photo, unit)
        side = Box(body.x + photo_w + gutter, photo.y, body.w - photo_w - gutter, photo.h)
        side = side.mirrored(2 * body.x + body.w, ctx.flip)
        _headline(canvas, ctx, person, side, unit, names=0.085 * unit)
        story_top = photo.y - 0.05 * unit
    else:
        head = Box(body.x, body.top - 0.5 * body.h, body.w, 0.5 * body.h)
        used = _headline(canvas, ctx, person, head, unit, names=0.14 * unit)
        rule_y = body.top - used - 0.01 * unit
        canvas.setFillColorRGB(*status_colour(person))
        canvas.rect(
            body.x if not ctx.flip else body.x + body.w - 0.18 * body.w,
            rule_y,
            0.18 * body.w,
            0.008 * unit,
            stroke=0,
            fill=1,
        )
        story_top = rule_y - 0.04 * unit
    area = Box(body.x, strip.top + 0.05 * unit, body.w, 0)
    stories(
        canvas, ctx, person, Box(area.x, area.y, area.w, story_top - area.y), unit, stacked=False
    )


def _landscape(
    canvas: Any,
    ctx: PieceContext,
    person: Person,
    body: Box,
    unit: float,
    strip_h: float,
    has_photo: bool,
) -> None:
    """Two columns: the photo (if any), the names, the demand and the call to action on
    the leading side; the stories, one above the other, on the trailing side."""
    gutter = 0.06 * unit
    lead_w = 0.54 * body.w
    lead = Box(body.x, body.y, lead_w, body.h).mirrored(2 * body.x + body.w, ctx.flip)
    trail = Box(body.x + lead_w + gutter, body.y, body.w - lead_w - gutter, body.h)
    trail = trail.mirrored(2 * body.x + body.w, ctx.flip)
    call_strip(canvas, ctx, person, Box(lead.x, lead.y, lead.w, strip_h), unit)
    head = Box(lead.x, lead.y + strip_h + 0.06 * unit, lead.w, 0)
    head = Box(head.x, head.y, head.w, lead.top - head.y)
    if has_photo:
        # The photo at the leading edge with the names beside it; the demands below.
        photo_w = 0.36 * lead.w
        photo = Box(lead.x, lead.top - photo_w * 1.25, photo_w, photo_w * 1.25)
        photo = photo.mirrored(2 * lead.x + lead.w, ctx.flip)
        _photo(canvas, ctx, person, photo, unit)
        side = Box(lead.x + photo_w + gutter / 2, photo.y, lead.w - photo_w - gutter / 2, photo.h)
        side = side.mirrored(2 * lead.x + lead.w, ctx.flip)
        count = 2 if person.name_persian else 1
        _headline(canvas, ctx, person, side, unit, names=0.1 * unit, part=slice(0, count))
        below = Box(head.x, head.y, head.w, photo.y - 0.05 * unit - head.y)
        _headline(canvas, ctx, person, below, unit, names=0.1 * unit, part=slice(count, None))
    else:
        _headline(canvas, ctx, person, head, unit, names=0.13 * unit)
    # A thin rule in the status colour separates the stories from the names.
    canvas.setFillColorRGB(*status_colour(person))
    rule_x = (lead.x - gutter / 2 if ctx.flip else lead.x + lead.w + gutter / 2) - 0.002 * unit
    canvas.rect(rule_x, body.y, 0.004 * unit, body.h, stroke=0, fill=1)
    stories(canvas, ctx, person, trail, unit, stacked=True)
