"""Parts of a flyer that say one thing each: the person's demand with the name bound,
the status date in every language, the "when and where" block of an event, and a
text stack grown to fill its room."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from actionkit.core.dataset.model import Person
from actionkit.core.errors import Message
from actionkit.core.print import wording
from actionkit.core.print.context import EventInfo, PieceContext
from actionkit.core.print.drawing import (
    INK,
    RED,
    Box,
    Entry,
    draw_stack,
    fit_stack,
)
from actionkit.core.text.layout import TextStyle, keep_together

GROW_STEPS = 6  # bisection steps when a stack grows to fill its room


def demand(person: Person, language: str) -> str:
    """The person's demand with their name bound: "Narges / Mohammadi" never splits."""
    name = wording.name_in(person, language)
    text = wording.demand(person, language)
    return text.replace(wording.isolate(name), wording.isolate(keep_together(name)))


def status_lines(ctx: PieceContext, people: list[Person]) -> list[str]:
    """ "Status as of DATE" in each of the piece's languages (their own month words and
    digits), the newest event's date, or the range of dates for several people."""
    dates = sorted({p.status_as_of for p in people if p.status_as_of})
    if not dates:
        return []
    lines = []
    for lang in ctx.languages:
        when = keep_together(wording.date(dates[0], lang))
        if len(dates) > 1:
            when += " – " + keep_together(wording.date(dates[-1], lang))
        lines.append(wording.text(lang, "status_as_of", date=wording.isolate(when)))
    return list(dict.fromkeys(lines))


def event_entries(ctx: PieceContext, event: EventInfo, width: float, align: str) -> list[Entry]:
    """When and where, one fact a line: the event's name, the date and time in each
    language (its own words and digits), the place. Each value is isolated, and no
    separator is left to dangle at a line's end."""
    where = ", ".join(part for part in (event.place, event.city) if part)
    name = Entry(
        wording.isolate(event.name),
        TextStyle(weight="black", size=0.055 * width, leading=1.12, align=align, balance=True),
        RED,
        0.012 * width,
    )
    whens = list(dict.fromkeys(event.when(lang) for lang in ctx.languages))
    entries = [name]
    for index, when in enumerate(whens):
        lang = ctx.languages[index]
        entries.append(
            Entry(
                when,  # its date and time are isolated already; a line of their own
                TextStyle(
                    weight="bold",
                    size=0.045 * width,
                    language=lang,
                    leading=1.15,
                    align=align,
                    balance=True,
                ),
                INK,
                0.006 * width,
            )
        )
    if where:
        entries.append(
            Entry(
                wording.isolate(where),
                TextStyle(weight="bold", size=0.045 * width, leading=1.15, align=align),
                INK,
            )
        )
    return entries


def draw_event_block(
    canvas: Any, ctx: PieceContext, event: EventInfo, area: Box, width: float, min_scale: float
) -> float:
    """The event's block at the bottom of `area`, behind a red rule on the leading side;
    returns the height it takes (0 if it cannot be printed legibly there)."""
    rule, pad = 0.012 * width, 0.035 * width
    align = "right" if ctx.flip else "left"
    text_box = Box(area.x + rule + pad, area.y, area.w - rule - pad, area.h).mirrored(
        2 * area.x + area.w, ctx.flip
    )
    full = event_entries(ctx, event, width, align)
    whens = len(full) - 1 - (1 if event.place or event.city else 0)
    # Where room is short (six people with photos on an A6): the lead language's date
    # alone, then without the event's name; never a line under 6 pt.
    choices = [full, [full[0], full[1], *full[1 + whens :]], full[1:2] + full[1 + whens :]]
    for entries in choices:
        blocks = fit_stack(entries, text_box.w, text_box.h, min_scale)
        if blocks is not None:
            if entries is not full:
                ctx.notes.add(
                    Message(
                        f"The event ({event.name}) is shortened to fit the flyer; "
                        "choose a larger size or fewer people for all of it.",
                        key="print.flyer_event_short",
                        event=event.name,
                    )
                )
            break
    else:
        ctx.notes.add(
            Message(
                f"The event ({event.name}) does not fit the flyer; choose a larger size.",
                key="print.flyer_event_no_room",
                event=event.name,
            )
        )
        return 0.0
    used = sum(b.height for b in blocks) + sum(
        e.gap_after * blocks[0].style.size / entries[0].style.size for e in entries
    )
    bar = Box(area.x, area.y, rule, used).mirrored(2 * area.x + area.w, ctx.flip)
    canvas.setFillColorRGB(*RED)
    canvas.rect(bar.x, bar.y, bar.w, bar.h, stroke=0, fill=1)
    draw_stack(canvas, entries, blocks, Box(text_box.x, area.y, text_box.w, used))
    return used


def scaled(entries: list[Entry], factor: float) -> list[Entry]:
    return [
        replace(
            e, style=replace(e.style, size=e.style.size * factor), gap_after=e.gap_after * factor
        )
        for e in entries
    ]


def growth(entries: list[Entry], box: Box, most: float) -> float:
    """The largest factor (1 to `most`) by which `entries` grow and still fit `box`: a
    flyer without people fills its page with its words, not with white."""

    def fits(factor: float) -> bool:
        return fit_stack(scaled(entries, factor), box.w, box.h, 1.0) is not None

    low, high = 1.0, most
    if fits(high):
        return high
    for _ in range(GROW_STEPS):
        middle = (low + high) / 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low
