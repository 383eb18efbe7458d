"""Flyers (A5, A6) and the one-page appeal: the campaign's words, the people, a QR code.

A flyer features no one (the appeal alone) or 1 to 6 people, in one language
or two side by side (front/back flyers are two one-language sides, see
render). The text is chosen to fit: the appeal's summary and "what you can
do" when there is room, shorter texts when there is not, never overflowing.
Measures are fractions of the width, so A5 and A6 share one layout.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.errors import Message
from actionkit.core.print import flyer_parts, wording
from actionkit.core.print.blocks import (
    floor,
    labelled_portrait,
    name_tile,
    put_first_fitting_at_6pt,
    tile_names,
    tile_names_box,
    tile_style,
)
from actionkit.core.print.context import EventInfo, PieceContext
from actionkit.core.print.drawing import (
    INK,
    MUTED,
    RED,
    WHITE,
    Box,
    Entry,
    draw_portrait,
    draw_stack,
    fit_stack,
    name_entries,
    put_first_fitting,
    put_text,
    short_url,
    status_colour,
)
from actionkit.core.print.flyer_parts import growth, scaled
from actionkit.core.text.layout import TextStyle, fit, layout

MIN_BODY_PT = 7.0  # smallest printed size for running text


def _align(ctx: PieceContext) -> str:
    return "right" if ctx.flip else "left"


def _header(
    canvas: Any, ctx: PieceContext, people: list[Person], width: float, height: float, band_h: float
) -> None:
    """A full-bleed band with the appeal's title in each language; red when
    someone on the piece is sentenced to death."""
    b = ctx.bleed
    urgent = any(p.status == "sentenced_to_death" for p in people)
    canvas.setFillColorRGB(*(RED if urgent else INK))
    canvas.rect(-b, height - band_h, width + 2 * b, band_h + b, stroke=0, fill=1)
    m = 0.06 * width
    titles = [wording.text(lang, "appeal_title") for lang in ctx.languages]
    put_text(
        canvas,
        ctx.notes,
        "Title",
        titles,
        Box(m, height - band_h, width - 2 * m, band_h).inset(0.025 * width),
        TextStyle(
            weight="black",
            size=0.075 * width,
            leading=1.12,
            align="center",
            paragraph_gap=0.25,
            balance=True,
        ),
        min_size=0.03 * width,
        colour=WHITE,
        valign="middle",
    )


def text_choices(lang: str, width: float, *, with_demand: bool) -> list[list[Entry]]:
    """What a text column may hold, fullest first: summary and actions; the
    summary alone; the demand and actions; the demand alone. Without people the
    appeal's demand is the headline (red, balanced); beside people it is body text,
    quieter than the person's own demand."""
    body = TextStyle(size=0.036 * width, language=lang, leading=1.34, align="start")
    head = TextStyle(weight="bold", size=0.04 * width, language=lang, leading=1.2, align="start")
    if with_demand:
        demand = Entry(
            wording.text(lang, "appeal_demand"),
            TextStyle(
                weight="bold",
                size=0.045 * width,
                language=lang,
                leading=1.25,
                align="start",
                balance=True,
            ),
            RED,
            0.03 * width,
        )
    else:
        demand = Entry(
            wording.text(lang, "appeal_demand"),
            replace(body, weight="bold", leading=1.25),
            INK,
            0.02 * width,
        )
    summary = Entry(wording.text(lang, "appeal_summary"), body, INK, 0.03 * width)
    actions = [Entry(wording.text(lang, "what_you_can_do"), head, INK, 0.012 * width)]
    for item in wording.actions(lang):
        actions.append(Entry(item["title"], head, INK, 0.004 * width))
        actions.append(Entry(item["text"], body, INK, 0.016 * width))
    lead = [demand] if with_demand else []
    choices = [[*lead, summary, *actions], [*lead, summary], [*lead, *actions]]
    choices.append([demand])
    return choices


MOST_GROWTH = 1.6  # how far the appeal's words may grow to fill a flyer without people


def _text_columns(
    canvas: Any, ctx: PieceContext, area: Box, width: float, people: list[Person]
) -> None:
    """One column per language; every column uses the same (fullest fitting) choice.
    Without people the words then grow, all columns alike, to fill the room."""
    if area.h <= 0:
        return
    columns = len(ctx.languages)
    gap = 0.05 * width
    col_w = (area.w - gap * (columns - 1)) / columns
    boxes = [
        Box(area.x + n * (col_w + gap), area.y, col_w, area.h).mirrored(
            2 * area.x + area.w, ctx.flip
        )
        for n in range(columns)
    ]
    min_scale = min(1.0, MIN_BODY_PT / ctx.print_scale / (0.036 * width))
    per_lang = [text_choices(lang, width, with_demand=not people) for lang in ctx.languages]
    for index in range(len(per_lang[0])):
        fitted = []
        for choices, box in zip(per_lang, boxes, strict=True):
            blocks = fit_stack(choices[index], box.w, box.h, min_scale)
            if blocks is None:
                break
            fitted.append(blocks)
        else:  # this choice fits every column: draw the blocks just fitted
            stacks = [choices[index] for choices in per_lang]
            if not people:
                factor = min(
                    growth(stack, box, MOST_GROWTH)
                    for stack, box in zip(stacks, boxes, strict=True)
                )
                if factor > 1.0:
                    stacks = [scaled(stack, factor) for stack in stacks]
                    fitted = [
                        fit_stack(s, b.w, b.h, 1.0) or f
                        for s, b, f in zip(stacks, boxes, fitted, strict=True)
                    ]
            for stack, blocks, box in zip(stacks, fitted, boxes, strict=True):
                draw_stack(canvas, stack, blocks, box)
            return
    if people:  # beside people the appeal is extra: left out rather than cramped
        return
    for choices, box, lang in zip(per_lang, boxes, ctx.languages, strict=True):
        put_first_fitting(canvas, ctx.notes, f"Flyer text ({lang})", choices[-1:], box, min_scale)


def _people(canvas: Any, ctx: PieceContext, people: list[Person], area: Box, width: float) -> float:
    """Portraits with status and names; returns the height used from the top of `area`."""
    if len(people) == 1:
        return _one_person(canvas, ctx, people[0], area, width)
    cols = len(people) if len(people) <= 3 else math.ceil(len(people) / 2)
    rows = math.ceil(len(people) / cols)
    gap = 0.03 * width
    cell_w = (area.w - gap * (cols - 1)) / cols
    name_h = (0.1 if rows == 1 else 0.08) * width
    photos = any(ctx.photo_for(person) is not None for person in people)
    if not photos:  # name tiles, as tall as they need to be, not as tall as a photo
        name_h = 0
    photo_h = min(cell_w * (1.2 if photos else 0.75), (area.h - gap * (rows - 1)) / rows - name_h)
    photo_w = min(cell_w, photo_h / 1.2)
    places = []
    for index in range(len(people)):
        row, col = divmod(index, cols)
        if ctx.flip:
            col = cols - 1 - col
        x = area.x + col * (cell_w + gap)
        top = area.top - row * (photo_h + name_h + gap)
        places.append((x, top))
    # One size for every name on the flyer: the largest at which all of them fit.
    boxes = [
        Box(x, top - photo_h - name_h, cell_w, name_h - 0.01 * width)
        if photos
        else tile_names_box(ctx, Box(x, top - photo_h, cell_w, photo_h), width)
        for x, top in places
    ]
    names_size = min(
        fit(
            tile_names(person, ctx.lead),
            tile_style(0.036 * width if photos else 0.06 * width),
            box.w,
            box.h,
            min_size=floor(ctx, 0),
        ).size
        for person, box in zip(people, boxes, strict=True)
    )
    for person, (x, top), box in zip(people, places, boxes, strict=True):
        photo = Box(x + (cell_w - photo_w) / 2, top - photo_h, photo_w, photo_h)
        if not photos:
            tile = Box(x, top - photo_h, cell_w, photo_h)
            name_tile(canvas, ctx, tile, person, names_size, width)
            continue
        label = wording.band(person, ctx.lead)
        labelled_portrait(canvas, ctx, photo, person, label, 0.045 * width)
        put_text(
            canvas,
            ctx.notes,
            f"Names of {person.display_name}",
            tile_names(person, ctx.lead),
            box,
            tile_style(names_size),
            min_size=names_size,
            valign="top",
        )
    return rows * (photo_h + name_h) + (rows - 1) * gap


def _band(person: Person, lang: str) -> str:
    """The status label: capitals where the script has them."""
    label = wording.band(person, lang)
    return label if wording.is_rtl(lang) else label.upper()


def _one_person(canvas: Any, ctx: PieceContext, person: Person, area: Box, width: float) -> float:
    has_photo = ctx.photo_for(person) is not None
    photo_w = 0.36 * width
    photo_h = min(photo_w * 1.25, area.h)
    photo = Box(area.x, area.top - photo_h, photo_w, photo_h).mirrored(
        2 * area.x + area.w, ctx.flip
    )
    gap = 0.04 * width
    if has_photo:
        draw_portrait(canvas, photo, person, ctx.photo_for(person))
    else:  # no placeholder face: the words take the photo's room, all of it
        photo_w, gap, photo_h = 0.0, 0.0, area.h
    side = Box(
        area.x + photo_w + gap, area.top - photo_h, area.w - photo_w - gap, photo_h
    ).mirrored(2 * area.x + area.w, ctx.flip)
    align = _align(ctx)
    colour = status_colour(person)
    # The status in every language, small and in the status colour; then the person's
    # demand, the loudest words after the name, in ink (red for a death sentence).
    bands = list(dict.fromkeys(_band(person, lang) for lang in ctx.languages))

    def stack(grow: float, band_lines: list[str], demand: float = 0.058) -> list[Entry]:
        entries = name_entries(
            person, 0.07 * width * grow, 0.06 * width * grow, align, 0.015 * width, ctx.lead
        )
        entries.append(
            Entry(
                band_lines,
                TextStyle(weight="bold", size=0.034 * width, align=align, paragraph_gap=0.15),
                colour,
                0.025 * width,
            )
        )
        for lang in ctx.languages:
            entries.append(
                Entry(
                    flyer_parts.demand(person, lang),
                    TextStyle(
                        weight="black",
                        size=demand * width,
                        language=lang,
                        leading=1.15,
                        align=align,
                        balance=True,
                    ),
                    RED if person.status == "sentenced_to_death" else INK,
                    0.018 * width,
                )
            )
        return entries

    # Fullest first: larger names without a photo; where room is short (an A6 printed
    # 4-up at 88 %), names at their usual size, smaller demands, then the status in the
    # lead language alone.
    choices = [
        stack(1.0 if has_photo else 1.3, bands),
        stack(1.0, bands),
        stack(1.0, bands, 0.046),
        stack(1.0, bands[:1], 0.04),
        stack(0.8, bands[:1], 0.036),
    ]
    for entries in choices:
        smallest = min(entry.style.size for entry in entries)
        min_scale = max(0.45, floor(ctx, 0) / smallest)
        blocks = fit_stack(entries, side.w, side.h, min_scale)
        if blocks is not None:
            if len(bands) > 1 and any(entries is short for short in choices[-2:]):
                language = wording.text(ctx.lead, "language_name")
                ctx.notes.add(
                    Message(
                        f"The status of {person.display_name} is printed in {language} "
                        "only, to fit the flyer; choose a larger size for every language.",
                        key="print.flyer_status_lead_only",
                        name=person.display_name,
                        language=language,
                    )
                )
            used = draw_stack(canvas, entries, blocks, side)
            return max(used, photo_h if has_photo else 0.0)
    put_first_fitting(
        canvas, ctx.notes, f"Flyer names of {person.display_name}", choices[-1:], side, min_scale
    )
    return photo_h


def _footer(canvas: Any, ctx: PieceContext, width: float, bottom: float) -> float:
    """QR code on the trailing side, what it is for beside it; returns the top."""
    m = 0.06 * width
    side = ctx.qr_side(0.25 * width)
    qr = Box(width - m - side, bottom, side, side).mirrored(width, ctx.flip)
    ctx.qr.draw(canvas, qr.x, qr.y, side)
    info = Box(m, bottom, width - 2 * m - side - 0.04 * width, side).mirrored(width, ctx.flip)
    align = _align(ctx)
    entries = [
        Entry(
            [wording.text(lang, "scan") for lang in ctx.languages],
            TextStyle(
                weight="black", size=0.045 * width, leading=1.15, align=align, paragraph_gap=0
            ),
            INK,
            0.008 * width,
        ),
        Entry(
            short_url(ctx.url),
            TextStyle(weight="bold", size=0.03 * width, language="en", align=align),
            INK,
            0.012 * width,
            1,
        ),
    ]
    entries.append(
        Entry(
            wording.text(ctx.lead, "appeal_from"),
            TextStyle(size=floor(ctx, 0.022 * width), language=ctx.lead, align=align),
            MUTED,
        )
    )
    # Fullest first; the small "from the appeal" line goes first.
    choices = [entries, entries[:2]]
    put_first_fitting_at_6pt(canvas, ctx, "Flyer footer", choices, info)
    return qr.top


def _status_lines(
    canvas: Any, ctx: PieceContext, people: list[Person], box: Box, style: TextStyle
) -> None:
    """ "Status as of DATE" in each language, just below the people it is about."""
    put_text(
        canvas,
        ctx.notes,
        "Status date",
        flyer_parts.status_lines(ctx, people),
        box,
        style,
        min_size=ctx.min_print_size(),
        colour=MUTED,
        valign="bottom",
    )


def _event(
    canvas: Any, ctx: PieceContext, event: EventInfo, body: Box, width: float, share: float
) -> Box:
    """When and where at the bottom of `body` (at most `share` of it); returns what is
    left of `body` above it."""
    min_scale = min(1.0, floor(ctx, 0) / (0.045 * width))
    room = Box(body.x, body.y, body.w, min(body.h * share, 0.4 * width))
    used = flyer_parts.draw_event_block(canvas, ctx, event, room, width, min_scale)
    if not used:
        return body
    gap = 0.05 * width
    return Box(body.x, body.y + used + gap, body.w, body.h - used - gap)


def draw_flyer(
    canvas: Any, ctx: PieceContext, people: list[Person], width: float, height: float
) -> None:
    """One message, top to bottom: the people (names, status, their demand), when and
    where the event is, the appeal as body text, the QR code."""
    m = 0.06 * width
    band_h = 0.2 * width if len(ctx.languages) == 1 else 0.27 * width
    _header(canvas, ctx, people, width, height, band_h)
    footer_top = _footer(canvas, ctx, width, 0.05 * width)
    body = Box(
        m, footer_top + 0.05 * width, width - 2 * m, height - band_h - footer_top - 0.1 * width
    )
    # One person or none: when and where is placed first (above the QR code), the
    # person's words take what they need of the rest. Several people keep their share
    # (their photos and status strips must not shrink) and the event takes what is left.
    if ctx.event is not None and len(people) <= 1:
        body = _event(canvas, ctx, ctx.event, body, width, 0.3 if people else 0.4)
    if people:
        share = 0.7 if len(people) == 1 else 0.62 if len(people) <= 3 else 0.72
        if ctx.event is not None and len(people) == 1:
            share = 1.0
        status = TextStyle(
            size=max(0.026 * width, ctx.min_print_size()),
            align=_align(ctx) if len(people) == 1 else "center",
            paragraph_gap=0.1,
        )
        lines = flyer_parts.status_lines(ctx, people)
        line_h = (layout(lines, status, 100_000).height if lines else 0) + 0.015 * width
        # The people's room is what it was with one status line: the second language's
        # line is taken from the appeal's text below, not from the photos.
        one_line = (layout(lines[:1], status, 100_000).height if lines else 0) + 0.015 * width
        room = body.h * share - one_line
        used = _people(canvas, ctx, people, Box(body.x, body.top - room, body.w, room), width)
        if lines:
            _status_lines(
                canvas, ctx, people, Box(body.x, body.top - used - line_h, body.w, line_h), status
            )
        used += line_h
        body = Box(body.x, body.y, body.w, body.h - used - 0.04 * width)
    if ctx.event is not None and len(people) > 1:
        body = _event(canvas, ctx, ctx.event, body, width, 1.0)
    _text_columns(canvas, ctx, body, width, people)


def draw_appeal(
    canvas: Any, ctx: PieceContext, people: list[Person], width: float, height: float
) -> None:
    """The appeal as a one-page print (A4 or Letter): title, demand, summary,
    what you can do, and a large QR code."""
    m = 0.07 * width
    band_h = 0.16 * width if len(ctx.languages) == 1 else 0.22 * width
    _header(canvas, ctx, people, width, height, band_h)
    footer_top = _footer(canvas, ctx, width, 0.06 * width)
    body = Box(
        m, footer_top + 0.05 * width, width - 2 * m, height - band_h - footer_top - 0.1 * width
    )
    if ctx.event is not None:
        body = _event(canvas, ctx, ctx.event, body, width * 0.6, 0.2)
    _text_columns(canvas, ctx, body, width * 0.8, [])
