"""The poster: status band, the names in both scripts, the demand, the story in
one or two languages, the call to action beside a QR code, and the provenance line.

Four layouts: portrait or landscape, each with the person's photo or, without
one, typographic (the names and the demand take the photo's room; no
placeholder face). Sizes are fractions of the short side, so one layout
serves A4 to A2, Letter and Tabloid. When the leading language is right to
left, the layout is mirrored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
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
    Notes,
    draw_portrait,
    draw_stack,
    fit_stack,
    put_first_fitting,
    put_text,
    status_colour,
)
from actionkit.core.text.layout import TextStyle

# The stories' floor, as a fraction of the short side, tried from the largest: a story
# that does not fit takes more room from the headline first, then gets smaller, down
# to the last (about 6.5 pt on A4 and Letter; floor() keeps 6 pt printed).
STORY_FLOORS = (0.0165, 0.0145, 0.0125, 0.011)


class _Probe:
    """A canvas that draws nothing: the stories are laid out on it to see if they fit."""

    def __getattr__(self, name: str) -> Callable[..., _Probe]:
        return lambda *args, **kwargs: self


def _stories_fit(
    ctx: PieceContext, person: Person, area: Box, unit: float, stacked: bool, floor_size: float
) -> bool:
    notes = Notes()
    stories(
        _Probe(),
        replace(ctx, notes=notes),
        person,
        area,
        unit,
        stacked=stacked,
        min_size=floor_size,
    )
    return not any(getattr(n, "key", "") == "print.does_not_fit" for n in notes.warnings)


def _first_fitting(
    attempts: Iterator[tuple[float, float]],
    story_area: Callable[[float], Box],
    ctx: PieceContext,
    person: Person,
    unit: float,
    stacked: bool,
) -> tuple[float, float]:
    """The first (layout share, story floor) whose stories fit whole; else the last
    one (put_text then says how many lines are left out)."""
    share, floor_size = next(attempts)
    while not _stories_fit(ctx, person, story_area(share), unit, stacked, floor_size):
        step = next(attempts, None)
        if step is None:
            break
        share, floor_size = step
    return share, floor_size


def _story_ladder(choices: tuple[float, ...], unit: float) -> Iterator[tuple[float, float]]:
    """Layout shares (each giving the stories more room) and story floors, in turn:
    the first layout at the normal floor, then each step either makes room or lowers
    the floor, so the text shrinks only as much as it must."""
    floors = [f * unit for f in STORY_FLOORS]
    i = j = 0
    yield choices[0], floors[0]
    while i < len(choices) - 1 or j < len(floors) - 1:
        if i < len(choices) - 1 and (i <= j or j == len(floors) - 1):
            i += 1
        else:
            j += 1
        yield choices[i], floors[j]


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
    story_y = strip.top + 0.05 * unit

    def story_area(top: float) -> Box:
        return Box(body.x, story_y, body.w, top - story_y)

    if has_photo:
        # A long story makes the photo (and the names beside it) smaller.
        def photo_story_top(share: float) -> float:
            return body.top - share * body.w * 1.25 - 0.05 * unit

        share, story_floor = _first_fitting(
            _story_ladder((0.42, 0.37, 0.32), unit),
            lambda share: story_area(photo_story_top(share)),
            ctx,
            person,
            unit,
            False,
        )
        photo_w = share * body.w
        photo = Box(body.x, body.top - photo_w * 1.25, photo_w, photo_w * 1.25)
        photo = photo.mirrored(2 * body.x + body.w, ctx.flip)
        _photo(canvas, ctx, person, photo, unit)
        side = Box(body.x + photo_w + gutter, photo.y, body.w - photo_w - gutter, photo.h)
        side = side.mirrored(2 * body.x + body.w, ctx.flip)
        _headline(canvas, ctx, person, side, unit, names=0.085 * unit)
        story_top = photo_story_top(share)
    else:
        # The headline may take up to half the body; a long story takes room from it.
        def head_box(share: float) -> Box:
            return Box(body.x, body.top - share * body.h, body.w, share * body.h)

        def rule_y(used: float) -> float:
            return body.top - used - 0.01 * unit

        def probe_story_top(share: float) -> float:
            probe = replace(ctx, notes=Notes())
            used = _headline(_Probe(), probe, person, head_box(share), unit, names=0.14 * unit)
            return rule_y(used) - 0.04 * unit

        share, story_floor = _first_fitting(
            _story_ladder((0.5, 0.43, 0.36, 0.3), unit),
            lambda share: story_area(probe_story_top(share)),
            ctx,
            person,
            unit,
            False,
        )
        used = _headline(canvas, ctx, person, head_box(share), unit, names=0.14 * unit)
        canvas.setFillColorRGB(*status_colour(person))
        canvas.rect(
            body.x if not ctx.flip else body.x + body.w - 0.18 * body.w,
            rule_y(used),
            0.18 * body.w,
            0.008 * unit,
            stroke=0,
            fill=1,
        )
        story_top = rule_y(used) - 0.04 * unit
    stories(
        canvas,
        ctx,
        person,
        story_area(story_top),
        unit,
        stacked=False,
        min_size=story_floor,
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
    the leading side; the stories, one above the other, on the trailing side (wider
    when they are long)."""
    gutter = 0.06 * unit

    def trail_box(share: float) -> Box:
        lead_w = share * body.w
        trail = Box(body.x + lead_w + gutter, body.y, body.w - lead_w - gutter, body.h)
        return trail.mirrored(2 * body.x + body.w, ctx.flip)

    share, story_floor = _first_fitting(
        _story_ladder((0.54, 0.5, 0.46), unit), trail_box, ctx, person, unit, True
    )
    lead_w = share * body.w
    lead = Box(body.x, body.y, lead_w, body.h).mirrored(2 * body.x + body.w, ctx.flip)
    trail = trail_box(share)
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
    stories(canvas, ctx, person, trail, unit, stacked=True, min_size=story_floor)
