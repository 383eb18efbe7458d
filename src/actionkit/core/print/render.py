"""Turn a print job into a PDF: one page per piece, or tiles for a home printer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from actionkit.core.dataset.model import DatasetInfo, Person
from actionkit.core.errors import ActionKitError
from actionkit.core.print import wording
from actionkit.core.print.context import EventInfo, PieceContext
from actionkit.core.print.guard import status_warnings
from actionkit.core.print.page import PageSetup, begin_page, draw_crop_marks, new_canvas
from actionkit.core.print.qr import make_qr
from actionkit.core.print.tracking import Tags, tagged_url

KINDS = ("poster", "placard", "wall", "appeal")
DEFAULT_URL = "https://www.freeiranspoliticalprisonersnow.org"
GROUP_KINDS = ("wall", "appeal")  # one page shows all the job's people


@dataclass
class PrintJob:
    kind: str
    people: list[Person]
    languages: list[str]
    setup: PageSetup = field(default_factory=PageSetup)
    url: str = DEFAULT_URL
    tile: str | None = None  # paper size to tile the piece onto, e.g. "A4"
    qr_level: str = "M"
    event: EventInfo | None = None
    tags: Tags | None = None  # tracking parameters for the QR code's address


@dataclass
class RenderResult:
    path: Path | None
    pages: int
    warnings: list[str]


def _draw_function(kind: str) -> Callable[..., None]:
    if kind == "poster":
        from actionkit.core.print.poster import draw_poster

        return draw_poster
    if kind == "placard":
        from actionkit.core.print.placard import draw_placard

        return draw_placard
    if kind == "wall":
        from actionkit.core.print.wall import draw_wall

        return draw_wall
    if kind == "appeal":
        from actionkit.core.print.flyer import draw_appeal

        return draw_appeal
    raise ActionKitError(f"Unknown piece {kind!r}; choose one of {', '.join(KINDS)}.")


def refuse_repeats(people: list[Person], piece: str) -> None:
    """A piece that shows several people shows each once: someone chosen twice (two
    `--person` with one id, a list pasted twice) would be printed twice without a word,
    taking a place from someone else. Refused rather than quietly dropped, so the count
    the volunteer meant and the count printed never differ; the message names them."""
    seen: set[str] = set()
    repeated: list[Person] = []
    for person in people:
        if person.id in seen and all(p.id != person.id for p in repeated):
            repeated.append(person)
        seen.add(person.id)
    if repeated:
        names = ", ".join(p.display_name for p in repeated)
        raise ActionKitError(
            f"{names} {'was' if len(repeated) == 1 else 'were'} chosen more than once: "
            f"a {piece} shows each person once. Remove the repeats and print again.",
            key="print.repeated_people",
            names=names,
        )


def _check(job: PrintJob) -> None:
    if job.kind in GROUP_KINDS:
        refuse_repeats(job.people, "wall" if job.kind == "wall" else "flyer")
    if not job.people and job.kind != "appeal":
        raise ActionKitError("Choose at least one person to print.", key="print.no_people")
    wording.check_languages(job.languages, "A piece")
    if job.tile and (job.setup.bleed or job.setup.crop_marks):
        raise ActionKitError(
            "Tiles are for a home printer and are trimmed at their own cut marks: bleed and "
            "crop marks are for a print shop, which prints the piece whole. Leave out tiling, "
            "or bleed and crop marks.",
            key="print.tile_bleed",
        )
    if job.kind == "wall" and not 4 <= len(job.people) <= 24:
        count = len(job.people)
        raise ActionKitError(
            f"A wall shows 4 to 24 people; {count} {'was' if count == 1 else 'were'} chosen.",
            key="print.wall_count",
            count=count,
        )


def render(
    job: PrintJob,
    target: Path | Any,
    dataset: DatasetInfo,
    *,
    photo_for: Callable[[Person], Path | None] = lambda person: None,
) -> RenderResult:
    """Write the job's PDF to `target` (a path or a binary file object)."""
    _check(job)
    draw = _draw_function(job.kind)
    ctx = PieceContext(
        languages=list(job.languages),
        url=job.url,
        qr=make_qr(tagged_url(job.url, job.tags), job.qr_level),
        dataset=dataset,
        bleed=job.setup.bleed_width,
        photo_for=photo_for,
        event=job.event,
    )
    groups = [job.people] if job.kind in GROUP_KINDS else [[p] for p in job.people]
    names = ", ".join(p.display_name for p in job.people[:3]) or "the Emergency Appeal"
    canvas = new_canvas(
        target,
        job.setup if not job.tile else PageSetup(job.tile),
        title=f"{job.kind.capitalize()}: {names}",
        subject="Printed with ActionKit",
        cmyk=job.setup.cmyk,
    )

    def paint(c: Any, group: list[Person]) -> None:
        width, height = job.setup.trim
        arg: Any = group if job.kind in GROUP_KINDS else group[0]
        draw(c, ctx, arg, width, height)

    pages = 0
    for group in groups:
        if job.tile:
            from actionkit.core.print.tiling import draw_tiles

            pages += draw_tiles(
                canvas, job.setup, PageSetup(job.tile), partial(paint, group=group), job.languages
            )
        else:
            begin_page(canvas, job.setup)
            paint(canvas, group)
            draw_crop_marks(canvas, job.setup)
            canvas.showPage()
            pages += 1
    canvas.save()
    warnings = status_warnings(job.people) + ctx.notes.warnings
    return RenderResult(target if isinstance(target, Path) else None, pages, warnings)
