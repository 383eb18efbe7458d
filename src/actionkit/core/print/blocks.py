"""Blocks the name-bearing pieces share: the call to action beside its QR code,
the stories (a missing translation gives its room to the others), a person's
tile on a wall or flyer with or without a photo, and the 6 pt floor.

Sizes are fractions of a unit, the short side of the piece, so a portrait and
a landscape page of one paper size print their words at the same size.
"""

from __future__ import annotations

from typing import Any

from actionkit.core.dataset.model import MEMORIAL_STATUSES, Person
from actionkit.core.errors import Message
from actionkit.core.print import wording
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    INK,
    RED,
    WHITE,
    Box,
    Entry,
    draw_portrait,
    draw_stack,
    fit_stack,
    hashtags_for,
    put_first_fitting,
    put_text,
    short_url,
    status_colour,
)
from actionkit.core.text.layout import TextStyle

MIN_PRINT_PT = 6.0  # nothing printed is smaller than this
CTA_OVER_TAG = 1.5  # the call to action is this much larger than the hashtags


def floor(ctx: PieceContext, size: float) -> float:
    """`size`, or the drawing size that prints at 6 pt once the piece is scaled."""
    return max(size, ctx.min_print_size(MIN_PRINT_PT))


def put_first_fitting_at_6pt(
    canvas: Any, ctx: PieceContext, label: str, choices: list[list[Entry]], box: Box
) -> None:
    """The first stack of `choices` that fits `box` with its smallest words still
    printed at 6 pt at least; if none does, the last one, with a note."""
    for entries in choices:
        smallest = min(entry.style.size for entry in entries)
        blocks = fit_stack(entries, box.w, box.h, min(1.0, floor(ctx, 0) / smallest))
        if blocks is not None:
            draw_stack(canvas, entries, blocks, box)
            return
    smallest = min(entry.style.size for entry in choices[-1])
    put_first_fitting(canvas, ctx.notes, label, choices[-1:], box, floor(ctx, 0) / smallest)


def align_of(ctx: PieceContext, leading: bool = True) -> str:
    left = not ctx.flip
    return ("left" if left else "right") if leading else ("right" if left else "left")


def demand_colour(person: Person) -> tuple[float, float, float]:
    return RED if person.status == "sentenced_to_death" else status_colour(person)


def headline_entries(
    ctx: PieceContext, person: Person, unit: float, *, names: float, demand: float, align: str
) -> list[Entry]:
    """The names in both scripts, the lead language's script first and largest (see
    `wording.names_in_lead_order`), then the demand in each language (the lead's
    largest): one stack that shrinks as a whole, so the names always stay the largest
    words. Names and demands are set in balanced lines, a name never broken inside."""
    entries: list[Entry] = []
    for n, (name, script) in enumerate(wording.names_in_lead_order(person, ctx.lead)):
        entries.append(
            Entry(
                name,
                TextStyle(
                    weight="black" if n == 0 else "bold",
                    size=names if n == 0 else names * 0.8,
                    language=script,
                    leading=1.02 if n == 0 else 1.05,
                    align=align,
                    balance=True,
                ),
                INK,
                0.015 * unit if n == 0 else 0.04 * unit,
                2,
            )
        )
    colour = demand_colour(person)
    texts = [(wording.demand(person, lang), lang) for lang in ctx.languages]
    if person.status in MEMORIAL_STATUSES:
        texts.append((wording.text(ctx.lead, "memorial_line"), ctx.lead))
    for n, (text, lang) in enumerate(texts):
        size = demand if n == 0 else demand * 0.75
        entries.append(
            Entry(
                text,
                TextStyle(
                    weight="black",
                    size=size,
                    language=lang,
                    leading=1.12,
                    align=align,
                    balance=True,
                ),
                colour,
                0.02 * unit,
            )
        )
    return entries


def call_strip(canvas: Any, ctx: PieceContext, person: Person, box: Box, unit: float) -> None:
    """The QR code on the trailing side of `box` (as tall as the box), and beside it
    the call to action in each language, the address and the hashtags, smaller."""
    side = ctx.qr_side(box.h)
    qr = Box(box.x + box.w - side, box.y, side, side).mirrored(2 * box.x + box.w, ctx.flip)
    ctx.qr.draw(canvas, qr.x, qr.y, side)
    gap = 0.035 * unit
    words = Box(box.x, box.y, box.w - side - gap, box.h).mirrored(2 * box.x + box.w, ctx.flip)
    align = align_of(ctx)
    cta_size = 0.05 * unit
    cta = Entry(
        [wording.text(lang, "scan") for lang in ctx.languages],
        TextStyle(weight="black", size=cta_size, leading=1.08, align=align, paragraph_gap=0.1),
        INK,
        0.012 * unit,
    )
    url = Entry(
        short_url(ctx.url),
        TextStyle(weight="bold", size=0.022 * unit, language="en", align=align),
        INK,
        0.02 * unit,
        1,
    )
    tags = hashtags_for(person)
    tag = Entry(
        "  ".join(wording.isolate(tag) for tag in tags),  # each kept whole, in its order
        TextStyle(
            weight="black", size=cta_size / CTA_OVER_TAG, language="en", leading=1.1, align=align
        ),
        status_colour(person),
        0.0,
        2,
    )
    choices = [[cta, url, tag], [cta, url]] if tags else [[cta, url]]
    put_first_fitting(canvas, ctx.notes, "Call to action", choices, words, 0.4)


def stories(
    canvas: Any,
    ctx: PieceContext,
    person: Person,
    area: Box,
    unit: float,
    *,
    stacked: bool,
    min_size: float | None = None,
) -> None:
    """The person's story in each language that has one: side by side, or one above the
    other when `stacked`. A language without a story gives its room to the others.
    `min_size` lowers the stories' floor (never under 6 pt printed)."""
    present = []
    for lang in ctx.languages:
        story = person.story_in(lang)
        if story is None:
            ctx.notes.add(
                Message(
                    f"{person.display_name} has no story in {lang}; "
                    "the other languages take its room.",
                    key="print.no_story",
                    name=person.display_name,
                    language=lang,
                )
            )
        else:
            present.append((lang, wording.typeset(story.text, lang)))
    if not present or area.h <= 0:
        return
    gap = 0.04 * unit
    size = (0.036 if len(present) == 1 else 0.03) * unit
    if stacked:
        total = sum(len(text) for _, text in present)
        free = area.h - gap * (len(present) - 1)
        y = area.top
        boxes = []
        for _, text in present:
            h = free * max(len(text) / total, 0.3 / len(present)) if len(present) > 1 else free
            boxes.append(Box(area.x, y - h, area.w, h))
            y -= h + gap
    else:
        col_w = (area.w - gap * (len(present) - 1)) / len(present)
        boxes = [
            Box(area.x + n * (col_w + gap), area.y, col_w, area.h).mirrored(
                2 * area.x + area.w, ctx.flip
            )
            for n in range(len(present))
        ]
    for (lang, text), box in zip(present, boxes, strict=True):
        put_text(
            canvas,
            ctx.notes,
            f"Story of {person.display_name} ({lang})",
            text,
            box,
            TextStyle(size=size, language=lang, leading=1.36),
            min_size=floor(ctx, 0.0165 * unit if min_size is None else min_size),
        )


def labelled_portrait(
    canvas: Any,
    ctx: PieceContext,
    photo: Box,
    person: Person,
    label: str,
    label_h: float,
) -> None:
    """The person's photo with their status on a coloured strip along its bottom,
    the label never printed under 6 pt (the strip grows to hold it)."""
    photo_file = ctx.photo_for(person)
    if photo_file is not None:
        draw_portrait(canvas, photo, person, photo_file)
    else:  # beside others' photos: a quiet panel in the status colour, never a fake face
        canvas.setFillColorRGB(*(0.82 + 0.18 * c for c in status_colour(person)))
        canvas.rect(photo.x, photo.y, photo.w, photo.h, stroke=0, fill=1)
    label_h = min(max(label_h, floor(ctx, 0) / 0.55), photo.h / 3)
    canvas.setFillColorRGB(*status_colour(person))
    canvas.rect(photo.x, photo.y, photo.w, label_h, stroke=0, fill=1)
    put_text(
        canvas,
        ctx.notes,
        f"Status of {person.display_name}",
        label,
        Box(photo.x, photo.y, photo.w, label_h).inset(label_h * 0.12),
        TextStyle(weight="bold", size=label_h * 0.6, language=ctx.lead, align="center"),
        min_size=floor(ctx, 0),
        max_lines=1,
        colour=WHITE,
        valign="middle",
    )


def name_tile(
    canvas: Any, ctx: PieceContext, tile: Box, person: Person, names_size: float, unit: float
) -> None:
    """A person without a photo, as flyers show one (see `paint_name_tile`)."""
    names = tile_names_box(ctx, tile, unit)
    label = Box(names.x, names.top + 0.02 * unit, names.w, tile.inset(0.07 * tile.w).top)
    label = Box(label.x, label.y, label.w, label.h - label.y)
    label_style = TextStyle(
        weight="bold", size=label.h * 0.38, language=ctx.lead, align="center", leading=1.15
    )
    paint_name_tile(
        canvas, ctx, tile, person, (label, label_style, floor(ctx, 0)), names, names_size
    )


def paint_name_tile(
    canvas: Any,
    ctx: PieceContext,
    tile: Box,
    person: Person,
    label: tuple[Box, TextStyle, float],
    names: Box,
    names_size: float,
) -> None:
    """A person without a photo: a tile in their status colour, the status at the top
    (`label`: its box, style and smallest size) and the names large in white in `names`;
    nothing pretends to be a face. Flyers and walls place the parts each their own way."""
    label_box, label_style, label_min = label
    canvas.setFillColorRGB(*status_colour(person))
    canvas.rect(tile.x, tile.y, tile.w, tile.h, stroke=0, fill=1)
    put_text(
        canvas,
        ctx.notes,
        f"Status of {person.display_name}",
        wording.band(person, ctx.lead),
        label_box,
        label_style,
        min_size=label_min,
        max_lines=2,
        colour=WHITE,
        valign="top",
    )
    put_text(
        canvas,
        ctx.notes,
        f"Names of {person.display_name}",
        tile_names(person, ctx.lead),
        names,
        tile_style(names_size),
        min_size=names_size,
        colour=WHITE,
        valign="middle",
    )


def tile_names_box(ctx: PieceContext, tile: Box, unit: float) -> Box:
    """The part of a name tile that holds the names, below the status label."""
    inner = tile.inset(0.07 * tile.w)
    label_h = max(0.12 * inner.h, floor(ctx, 0) * 2.9)
    return Box(inner.x, inner.y, inner.w, inner.h - label_h - 0.02 * unit)


def tile_names(person: Person, lead: str = "en") -> list[str]:
    """The names on a tile, the lead language's script first."""
    return [name for name, _ in wording.names_in_lead_order(person, lead)]


def tile_style(size: float) -> TextStyle:
    return TextStyle(
        weight="black", size=size, align="center", leading=1.08, paragraph_gap=0.15, balance=True
    )
