"""Flyers and palm cards, imposed several to a home-printer sheet.

Each distinct piece is drawn once, as a PDF form, and placed in every slot
that shows it: a 100-page batch stays small and renders in a moment. With
`duplex`, every front page is followed by its back page (the second
language), laid out for "flip on long edge".

With `one_up`, each piece gets a page of its own for a print shop: the page
is the piece with 3 mm bleed around it, its TrimBox the piece's nominal size
and its BleedBox the bleed (crop marks outside, if asked for).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actionkit.core.dataset.model import DatasetInfo, Person
from actionkit.core.errors import ActionKitError
from actionkit.core.print import wording
from actionkit.core.print.context import EventInfo, PieceContext
from actionkit.core.print.drawing import Notes
from actionkit.core.print.guard import status_warnings
from actionkit.core.print.impose import (
    ITEM_SIZES,
    Imposition,
    Slot,
    draw_cut_marks,
    impose,
    place,
)
from actionkit.core.print.page import (
    BLEED,
    MARK_ROOM,
    PageSetup,
    begin_trimmed_page,
    draw_trim_marks,
    new_canvas,
)
from actionkit.core.print.qr import make_qr
from actionkit.core.print.render import DEFAULT_URL, RenderResult, refuse_repeats
from actionkit.core.print.tracking import Tags, tagged_url

MAX_SHEETS = 500
MAX_FLYER_PEOPLE = 6


@dataclass
class HandoutJob:
    kind: str  # "flyer" or "palmcard"
    people: list[Person]
    languages: list[str]
    size: str = "A6"  # A5 or A6 for flyers; palm cards have their own size
    per_sheet: int | None = None  # None: the most that fit the sheet
    paper: str = "A4"
    duplex: bool = False
    bleed: bool = False
    sheets: int = 1  # pages of fronts per design
    url: str = DEFAULT_URL
    track: bool = False
    event_slug: str = ""
    event: EventInfo | None = None
    qr_level: str = "M"
    one_up: bool = False  # one piece per page, with bleed and trim boxes, for a print shop
    crop_marks: bool = False  # with one_up: crop marks outside the bleed
    cmyk: bool = False  # colours as CMYK ink, text and QR codes in black alone

    @property
    def item(self) -> str:
        return "palmcard" if self.kind == "palmcard" else self.size


def _check(job: HandoutJob) -> None:
    if job.kind not in ("flyer", "palmcard"):
        raise ActionKitError(f"Unknown handout {job.kind!r}; choose flyer or palmcard.")
    if job.kind == "flyer" and job.size not in ("A5", "A6"):
        raise ActionKitError(f"Flyers are A5 or A6, not {job.size!r}.")
    wording.check_languages(job.languages, "A handout")
    if job.duplex and len(job.languages) != 2:
        raise ActionKitError(
            "Front and back need two languages: the second goes on the back.",
            key="print.duplex_languages",
        )
    if job.kind == "palmcard" and not job.people:
        raise ActionKitError(
            "A palm card is for one person; choose at least one.", key="print.palmcard_people"
        )
    if job.kind == "flyer":
        refuse_repeats(job.people, "flyer")
    if job.kind == "flyer" and len(job.people) > MAX_FLYER_PEOPLE:
        raise ActionKitError(
            f"A flyer features up to {MAX_FLYER_PEOPLE} people; {len(job.people)} were chosen.",
            key="print.flyer_people",
            limit=MAX_FLYER_PEOPLE,
            count=len(job.people),
        )
    if not 1 <= job.sheets <= MAX_SHEETS:
        raise ActionKitError(
            f"Print 1 to {MAX_SHEETS} sheets at a time, not {job.sheets}.",
            key="print.sheets",
            limit=MAX_SHEETS,
            count=job.sheets,
        )


def _sides(job: HandoutJob) -> list[list[str]]:
    """The languages of each side: both side by side, or one per side."""
    return [[lang] for lang in job.languages] if job.duplex else [list(job.languages)]


def _designs(job: HandoutJob) -> list[list[Person]]:
    """Who each design features: everyone on one flyer; one palm card per person."""
    return [[p] for p in job.people] if job.kind == "palmcard" else [list(job.people)]


def render_handouts(
    job: HandoutJob,
    target: Path | Any,
    dataset: DatasetInfo,
    *,
    photo_for: Callable[[Person], Path | None] = lambda person: None,
) -> RenderResult:
    """Write the imposed sheets to `target` (a path or a binary file object)."""
    _check(job)
    layout = impose(job.item, job.per_sheet, job.paper, bleed=job.bleed)
    sides = _sides(job)
    designs = _designs(job)
    names = ", ".join(p.display_name for p in job.people[:3]) or "the appeal"
    canvas = new_canvas(
        target,
        PageSetup(job.paper),
        title=f"{job.kind.capitalize()}: {names}",
        subject="Printed with ActionKit",
        cmyk=job.cmyk,
    )
    draw = _draw_function(job.kind)
    notes = Notes()  # shared by every piece: a warning is listed once
    forms: dict[tuple[int, int], str] = {}
    item_w, item_h = ITEM_SIZES[job.item]
    # Imposed pieces paint into the gutters too (clipped at the middle, see `_sheet`).
    bleed, scale = (BLEED, 1.0) if job.one_up else (layout.drawn_bleed, layout.scale)
    shrunk = None if job.one_up else layout.shrink_note()
    if shrunk is not None:
        notes.add(shrunk)

    def form_for(design: int, side: int) -> str:
        key = (design, side)
        if key not in forms:
            languages = sides[side]
            tags = Tags(job.kind, job.event_slug, "+".join(languages)) if job.track else None
            ctx = PieceContext(
                languages=languages,
                url=job.url,  # printed as people type it; the code carries the tags
                qr=make_qr(tagged_url(job.url, tags), job.qr_level),
                dataset=dataset,
                bleed=bleed,
                photo_for=photo_for,
                event=job.event,
                print_scale=scale,
                notes=notes,
            )
            name = f"piece{design}side{side}"
            b = bleed
            canvas.beginForm(name, lowerx=-b, lowery=-b, upperx=item_w + b, uppery=item_h + b)
            people = designs[design]
            draw(canvas, ctx, people, item_w, item_h)
            canvas.endForm()
            forms[key] = name
        return forms[key]

    pages = 0
    if job.one_up:
        margin = BLEED + (MARK_ROOM if job.crop_marks else 0.0)
        for design in range(len(designs)):
            for side in range(len(sides)):
                begin_trimmed_page(canvas, (item_w, item_h), BLEED, margin)
                canvas.doForm(form_for(design, side))
                if job.crop_marks:
                    draw_trim_marks(canvas, (item_w, item_h), BLEED)
                canvas.showPage()
                pages += 1
    for design in range(len(designs) if not job.one_up else 0):
        for _ in range(job.sheets):
            for side in range(len(sides)):
                slots = layout.fronts if side == 0 else layout.backs
                _sheet(canvas, layout, slots, form_for(design, side), cut_marks=side == 0)
                pages += 1
    canvas.save()
    warnings = status_warnings(job.people) + notes.warnings
    return RenderResult(target if isinstance(target, Path) else None, pages, warnings)


def _sheet(
    canvas: Any, layout: Imposition, slots: tuple[Slot, ...], form: str, *, cut_marks: bool
) -> None:
    canvas.setPageSize(layout.sheet)
    for slot in slots:
        canvas.saveState()
        x0, y0, x1, y1 = layout.drawn_area(slot)
        clip = canvas.beginPath()
        clip.rect(x0, y0, x1 - x0, y1 - y0)
        canvas.clipPath(clip, stroke=0, fill=0)
        place(canvas, slot, layout.scale)
        canvas.doForm(form)
        canvas.restoreState()
    if cut_marks:
        draw_cut_marks(canvas, layout)
    canvas.showPage()


def _draw_function(kind: str) -> Callable[..., None]:
    if kind == "palmcard":
        from actionkit.core.print.palmcard import draw_palmcard

        def card(canvas: Any, ctx: PieceContext, people: list[Person], w: float, h: float) -> None:
            draw_palmcard(canvas, ctx, people[0], w, h)

        return card
    from actionkit.core.print.flyer import draw_flyer

    return draw_flyer
