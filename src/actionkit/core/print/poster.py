"""The portrait poster: status band, portrait, names in both scripts, the demand,
the story in one or two languages, a QR code to the appeal and the provenance line.

Every measure is a fraction of the page width, so one layout serves A4 to A2,
Letter and Tabloid. When the leading language is right to left, the layout
is mirrored.
"""

from __future__ import annotations

from typing import Any

from actionkit.core.dataset.model import MEMORIAL_STATUSES, Person
from actionkit.core.errors import Message
from actionkit.core.print import wording
from actionkit.core.print.context import PieceContext
from actionkit.core.print.drawing import (
    MUTED,
    RED,
    WHITE,
    Box,
    draw_portrait,
    hashtags_for,
    put_text,
    short_url,
    status_colour,
)
from actionkit.core.text.layout import TextStyle


def _align(ctx: PieceContext, leading: bool = True) -> str:
    left = not ctx.flip
    return ("left" if left else "right") if leading else ("right" if left else "left")


def draw_band(
    canvas: Any, ctx: PieceContext, person: Person, width: float, top: float, height: float
) -> None:
    """A full-bleed bar across the top saying what happened, in each language."""
    b = ctx.bleed
    canvas.setFillColorRGB(*status_colour(person))
    canvas.rect(-b, top - height, width + 2 * b, height + b, stroke=0, fill=1)
    margin = 0.055 * width
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
            size=0.034 * width,
            language=lang,
            leading=1.1,
            align=_align(ctx, leading=n == 0),
        )
        put_text(
            canvas,
            ctx.notes,
            f"Status band ({lang})",
            label.upper() if lang != "fa" else label,
            half,
            style,
            min_size=0.02 * width,
            max_lines=1,
            colour=WHITE,
            valign="middle",
        )


def draw_poster(
    canvas: Any, ctx: PieceContext, person: Person, width: float, height: float
) -> None:
    m = 0.055 * width
    band_h = 0.085 * width
    draw_band(canvas, ctx, person, width, height, band_h)

    # Portrait on the leading side, names and demands beside it.
    photo_w = 0.42 * width
    photo_h = photo_w * 1.25
    top = height - band_h - m
    photo = Box(m, top - photo_h, photo_w, photo_h).mirrored(width, ctx.flip)
    draw_portrait(canvas, photo, person, ctx.photo_for(person), notes=ctx.notes)

    gutter = 0.04 * width
    side = Box(m + photo_w + gutter, top - photo_h, width - 2 * m - photo_w - gutter, photo_h)
    side = side.mirrored(width, ctx.flip)
    align = _align(ctx)
    y = side.top
    for label, text, lang, share, weight in (
        ("Latin name", person.name_latin, "en", 0.30, "black"),
        ("Persian name", person.name_persian, "fa", 0.24, "bold"),
    ):
        if not text:
            continue
        box = Box(side.x, y - share * side.h, side.w, share * side.h)
        block = put_text(
            canvas,
            ctx.notes,
            label,
            text,
            box,
            TextStyle(weight=weight, size=0.085 * width, language=lang, leading=1.08, align=align),
            min_size=0.035 * width,
            max_lines=2,
        )
        y -= min(block.height, box.h) + 0.02 * width
    demand_colour = RED if person.status == "sentenced_to_death" else status_colour(person)
    demands = [wording.demand(person, lang) for lang in ctx.languages]
    if person.status in MEMORIAL_STATUSES:
        demands.append(wording.text(ctx.lead, "memorial_line"))
    remaining = y - side.y
    share = remaining / len(demands)
    for n, (text, lang) in enumerate(zip(demands, [*ctx.languages, ctx.lead], strict=False)):
        box = Box(side.x, y - share * (n + 1), side.w, share - 0.01 * width)
        put_text(
            canvas,
            ctx.notes,
            f"Demand ({lang})",
            text,
            box,
            TextStyle(
                weight="black",
                size=(0.052 if n == 0 else 0.038) * width,
                language=lang,
                leading=1.15,
                align=align,
            ),
            min_size=0.022 * width,
            colour=demand_colour,
            valign="top",
        )

    # Bottom strip: QR to the appeal on the trailing side, hashtags on the leading side.
    footer_h = 0.03 * width
    qr_side = max(0.2 * width, ctx.qr.min_side())
    qr_box = Box(width - m - qr_side, footer_h + m * 0.6 + 0.03 * width, qr_side, qr_side)
    qr_box = qr_box.mirrored(width, ctx.flip)
    ctx.qr.draw(canvas, qr_box.x, qr_box.y, qr_side)
    url_box = Box(
        qr_box.x - 0.05 * width, qr_box.y - 0.03 * width, qr_side + 0.1 * width, 0.026 * width
    )
    put_text(
        canvas,
        ctx.notes,
        "Appeal address",
        short_url(ctx.url),
        url_box,
        TextStyle(weight="bold", size=0.016 * width, language="en", align="center"),
        min_size=0.009 * width,
        max_lines=1,
    )
    scan_box = Box(
        qr_box.x - 0.05 * width, qr_box.top + 0.008 * width, qr_side + 0.1 * width, 0.05 * width
    )
    put_text(
        canvas,
        ctx.notes,
        "QR label",
        [wording.text(lang, "scan") for lang in ctx.languages],
        scan_box,
        TextStyle(weight="bold", size=0.02 * width, align="center", paragraph_gap=0),
        min_size=0.012 * width,
        valign="bottom",
    )

    story_top = photo.y - 0.045 * width
    story_bottom = qr_box.top + 0.07 * width
    text_w = width - 2 * m
    hashtag_box = Box(m, qr_box.y, text_w - qr_side - gutter, qr_side * 0.45).mirrored(
        width, ctx.flip
    )
    tags = hashtags_for(person)
    if tags:
        put_text(
            canvas,
            ctx.notes,
            "Hashtags",
            "  ".join(tags),
            hashtag_box,
            TextStyle(weight="black", size=0.045 * width, language="en", align=_align(ctx)),
            min_size=0.02 * width,
            colour=status_colour(person),
            valign="bottom",
        )
    columns = len(ctx.languages)
    col_w = (text_w - gutter * (columns - 1)) / columns
    for n, lang in enumerate(ctx.languages):
        story = person.story_in(lang)
        if story is None:
            ctx.notes.add(
                Message(
                    f"{person.display_name} has no story in {lang}; that column is left empty.",
                    key="print.no_story",
                    name=person.display_name,
                    language=lang,
                )
            )
            continue
        box = Box(m + n * (col_w + gutter), story_bottom, col_w, story_top - story_bottom).mirrored(
            width, ctx.flip
        )
        put_text(
            canvas,
            ctx.notes,
            f"Story of {person.display_name} ({lang})",
            story.text,
            box,
            TextStyle(size=(0.036 if columns == 1 else 0.03) * width, language=lang, leading=1.36),
            min_size=0.0165 * width,
        )

    footer = Box(m, 0.4 * m, text_w, footer_h)
    put_text(
        canvas,
        ctx.notes,
        "Footer",
        ctx.footer([person]),
        footer,
        TextStyle(
            size=max(0.0125 * width, ctx.min_print_size()), language=ctx.lead, align=_align(ctx)
        ),
        min_size=max(0.008 * width, ctx.min_print_size()),
        max_lines=2,
        colour=MUTED,
        valign="bottom",
    )
