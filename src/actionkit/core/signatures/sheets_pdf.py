"""Printed signature sheets: the appeal, numbered rows, consent boxes, two QR codes.

One page per sheet id. The sheet id is printed as text and as a QR code, so a
sheet found in a pile can always be matched to its event. Rows are tall
enough to write by hand; a right-to-left sheet mirrors its columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from actionkit.core.errors import ActionKitError, Message
from actionkit.core.print import wording
from actionkit.core.print.context import EventInfo
from actionkit.core.print.drawing import (
    INK,
    MUTED,
    WHITE,
    Box,
    Entry,
    Notes,
    draw_stack,
    fit_stack,
    put_text,
    short_url,
)
from actionkit.core.print.page import MM, PageSetup, begin_page, new_canvas
from actionkit.core.print.qr import make_qr
from actionkit.core.signatures.scans import save_layouts
from actionkit.core.signatures.sheet_geometry import (
    CLEAR,
    LABEL_W,
    SheetGeometry,
    marker_cells,
    sheet_geometry,
)
from actionkit.core.signatures.sheet_layout import SheetLayout
from actionkit.core.signatures.store import DEFAULT_ROWS, Event, Sheet, SignatureStore
from actionkit.core.storage import atomic_write, check_target
from actionkit.core.text.layout import TextStyle

BLANK = "_" * 16  # a line to write on, where the sheet has no value to print


@dataclass(frozen=True)
class DataController:
    """Who collects the signers' details (the data controller, in EU law) and where a
    signer writes to withdraw. From Settings; an empty name means the campaign itself,
    named in each sheet language, and an empty contact prints a line to fill in by hand."""

    name: str = ""
    contact: str = ""


@dataclass(frozen=True)
class SheetsResult:
    pages: int
    warnings: list[str]
    layouts: dict[str, SheetLayout]  # sheet id -> where its rows and boxes were printed


def print_new_sheets(
    store: SignatureStore,
    event_slug: str,
    target: Path | IO[bytes],
    *,
    count: int,
    url: str,
    languages: tuple[str, ...] | None = None,
    rows: int = DEFAULT_ROWS,
    paper: str = "A4",
    controller: DataController | None = None,
) -> tuple[list[Sheet], SheetsResult]:
    """Create `count` new sheet ids for an event and write them as one PDF, to a file
    (atomically) or to a stream (whole, once rendered: `-o -`). If the PDF cannot be
    written the new ids are discarded: no id exists without its paper."""
    if isinstance(target, Path):
        check_target(target)
    event = store.event(event_slug)
    sheets = store.create_sheets(event.slug, languages or event.languages, count, rows)

    def draw(out: Path | IO[bytes]) -> SheetsResult:
        return render_sheets(sheets, event, out, url=url, paper=paper, controller=controller)

    try:
        if isinstance(target, Path):
            result = atomic_write(target, draw)
        else:
            buffer = BytesIO()
            result = draw(buffer)
            target.write(buffer.getvalue())
            target.flush()
    except BaseException:
        store.discard_sheets([s.id for s in sheets])
        raise
    save_layouts(store, result.layouts)
    return sheets, result


def render_sheets(
    sheets: list[Sheet],
    event: Event,
    target: Path | Any,
    *,
    url: str,
    paper: str = "A4",
    controller: DataController | None = None,
) -> SheetsResult:
    if paper not in ("A4", "Letter"):
        raise ActionKitError("Signature sheets print on A4 or Letter.", key="sheets.paper")
    if not sheets:
        raise ActionKitError("No sheets to print.", key="sheets.none")
    setup = PageSetup(paper, landscape=True)
    canvas = new_canvas(
        target, setup, title=f"Signature sheets: {event.name}", subject="Printed with ActionKit"
    )
    notes = Notes()
    layouts: dict[str, SheetLayout] = {}
    for sheet in sheets:
        for language in sheet.languages:
            wording.check_language(language)
        begin_page(canvas, setup)
        geometry = sheet_geometry(sheet, url, paper)
        layouts[sheet.id] = geometry.layout()
        _draw_sheet(canvas, notes, sheet, event, url, controller or DataController(), geometry)
        canvas.showPage()
    canvas.save()
    return SheetsResult(len(sheets), notes.warnings, layouts)


def _draw_sheet(
    canvas: Any,
    notes: Notes,
    sheet: Sheet,
    event: Event,
    url: str,
    controller: DataController,
    geometry: SheetGeometry,
) -> None:
    g = geometry
    languages = list(sheet.languages)
    lead = languages[0]
    width, flip, top = g.width, g.flip, g.top
    _draw_marks(canvas, g)

    # The appeal's QR code, for signers, alone in the trailing top corner (past the
    # registration mark) with what it does and its address under it (on one line,
    # never broken inside a word).
    column_w = 52 * MM
    column = Box(width - CLEAR - column_w, top - g.header_h, column_w, g.header_h)
    column = column.mirrored(width, flip)
    qr_side, caption_h = g.qr_side, g.caption_h
    qr_box = Box(column.x + (column_w - qr_side) / 2, top - qr_side, qr_side, qr_side)
    make_qr(url).draw(canvas, qr_box.x, qr_box.y, qr_side)
    put_text(
        canvas,
        notes,
        "Sign online",
        [wording.text(lang, "scan_sign_online") for lang in languages],
        Box(column.x, qr_box.y - caption_h - 0.5 * MM, column_w, caption_h),
        TextStyle(size=6.5, align="center", paragraph_gap=0, leading=1.15),
        min_size=6,
    )
    put_text(
        canvas,
        notes,
        "Appeal address",
        short_url(url),
        Box(column.x, qr_box.y - caption_h - 4 * MM, column_w, 3.5 * MM),
        TextStyle(size=7.5, align="center", language="en"),
        min_size=6,
        max_lines=1,
    )

    # The appeal on the leading side: in each language the slogan, then the demand
    # smaller; each paragraph aligned by its own language's direction.
    text_w = width - 2 * CLEAR - column_w - 8 * MM
    text_box = Box(CLEAR, top - g.header_h, text_w, g.header_h).mirrored(width, flip)
    entries = []
    for index, lang in enumerate(languages):
        align = "right" if wording.is_rtl(lang) else "left"
        last = index == len(languages) - 1
        entries += [
            Entry(
                wording.text(lang, "appeal_title"),
                TextStyle(weight="black", size=17, leading=1.1, language=lang, align=align),
                gap_after=0.8 * MM,
            ),
            Entry(
                wording.text(lang, "appeal_demand"),
                TextStyle(size=9.5, leading=1.2, language=lang, align=align),
                gap_after=0.0 if last else 2.5 * MM,
            ),
        ]
    _put_stack(canvas, notes, "Appeal on the sheet", entries, text_box, min_size=6)

    # The event under the header, one line per language in its own words, digits
    # and direction: name, date and time, place (each value isolated); a blank line
    # to fill in for whatever the event does not say.
    table = g.table
    y = top - g.header_h - 1.5 * MM
    for lang in languages:
        y -= g.event_h
        put_text(
            canvas,
            notes,
            "Event",
            _event_line(event, lang),
            Box(table.x, y, table.w, g.event_h),
            TextStyle(size=8.5, language=lang, align="right" if wording.is_rtl(lang) else "left"),
            min_size=6,
            max_lines=1,
            colour=MUTED,
        )

    # The table.
    head_h, row_h, edges = g.head_h, g.row_h, g.edges
    canvas.setFillColorRGB(*INK)
    canvas.rect(table.x, table.top - head_h, table.w, head_h, stroke=0, fill=1)
    for (key, _), x, right in zip(g.columns, edges, edges[1:], strict=False):
        labels = [wording.phrase(lang, "sheet_columns", key) for lang in languages]
        put_text(
            canvas,
            notes,
            f"Column {key}",
            labels,
            Box(x + 1 * MM, table.top - head_h, right - x - 2 * MM, head_h),
            TextStyle(weight="bold", size=8, align="center", leading=1.1, paragraph_gap=0),
            min_size=5,
            colour=WHITE,
            valign="middle",
        )
    canvas.setStrokeColorRGB(*INK)
    canvas.setLineWidth(0.6)
    for n in range(g.rows + 1):
        y = table.top - head_h - n * row_h
        canvas.line(table.x, y, table.x + table.w, y)
    canvas.setLineWidth(0.3)
    canvas.setStrokeColorRGB(0.55, 0.57, 0.6)
    for edge in edges[1:-1]:
        canvas.line(edge, table.y, edge, table.top - head_h)
    number_left, number_right = g.column("number")
    for n in range(1, g.rows + 1):
        put_text(
            canvas,
            notes,
            "Row number",
            wording.localize_digits(str(n), lead),
            Box(number_left, g.row_bottom(n), number_right - number_left, row_h),
            TextStyle(weight="bold", size=10, align="center"),
            min_size=6,
            valign="middle",
            colour=INK,
        )
        box = g.consent_box(n)
        canvas.setStrokeColorRGB(*INK)
        canvas.setLineWidth(0.8)
        canvas.rect(box.x, box.y, box.w, box.h, stroke=1, fill=0)
    canvas.setLineWidth(1)
    canvas.rect(table.x, table.y, table.w, table.h, stroke=1, fill=0)

    # The sheet's id, for the organizers who type the sheet in (placed by the geometry).
    make_qr(sheet.id, "Q").draw(canvas, g.id_x, g.id_y, g.id_side)
    if g.label_blocks:
        used = sum(block.height for block in g.label_blocks)
        label_box = Box(g.label_x, g.id_y + g.id_side - used, LABEL_W, used)
        draw_stack(canvas, list(g.label_entries), list(g.label_blocks), label_box)
    else:
        notes.add("Sheet id label: a word is wider than its column")

    # Consent wording and the privacy notice, in each of the sheet's languages: who
    # collects the details, for what, how long they are kept and how to withdraw;
    # each paragraph aligned by its own language's direction.
    notice = [(lang, wording.text(lang, "consent_note")) for lang in languages]
    notice += [(lang, _privacy_notice(controller, lang)) for lang in languages]
    notice_entries = [
        Entry(
            paragraph,
            TextStyle(
                size=7,
                leading=1.2,
                language=lang,
                align="right" if wording.is_rtl(lang) else "left",
            ),
            colour=MUTED,
            gap_after=0.5 * MM,
        )
        for lang, paragraph in notice
    ]
    _put_stack(
        canvas, notes, "Privacy notice", notice_entries, g.notice_box, min_size=6, bottom=True
    )


def _draw_marks(canvas: Any, g: SheetGeometry) -> None:
    """The four registration marks, cell by cell, in pure black."""
    canvas.setFillColorRGB(0, 0, 0)
    for mark in g.marks:
        cells = marker_cells(mark.marker_id)
        cell = mark.rect.w * MM / len(cells)
        left = mark.rect.x * MM
        top = g.height - mark.rect.y * MM
        for r, row in enumerate(cells):
            for c, black in enumerate(row):
                if black:
                    canvas.rect(left + c * cell, top - (r + 1) * cell, cell, cell, stroke=0, fill=1)


def _put_stack(
    canvas: Any,
    notes: Notes,
    label: str,
    entries: list[Entry],
    box: Box,
    *,
    min_size: float,
    bottom: bool = False,
) -> None:
    """Paragraphs each in its own style (language, direction), at the largest common
    scale that fits `box` with the smallest at `min_size` or more; from the top of the
    box, or resting on its bottom. Under the floor rather than a word cut or a line
    left out, and then the sheet says so."""
    smallest = min(entry.style.size for entry in entries)
    blocks = fit_stack(entries, box.w, box.h, min_scale=min_size / smallest)
    if blocks is None:
        blocks = fit_stack(entries, box.w, box.h, min_scale=0.2) or []
        if not blocks:
            return
        size = min(block.style.size for block in blocks)
        notes.add(
            Message(
                f"{label} is set at {size:.1f} pt, under its {min_size:.0f} pt, "
                "so that no word is cut. Shorten it or use a larger paper size.",
                key="print.below_floor",
                part=label,
                size=f"{size:.1f}",
                floor=f"{min_size:.0f}",
            )
        )
    scale = blocks[0].style.size / entries[0].style.size
    used = sum(block.height for block in blocks)
    used += sum(entry.gap_after for entry in entries[:-1]) * scale
    if bottom:
        box = Box(box.x, box.y, box.w, min(used, box.h))
    draw_stack(canvas, entries, blocks, box)


def _labelled_blank(language: str, key: str) -> str:
    colon = "\u00a0:" if language == "fr" else ":"
    return f"{wording.phrase(language, key)}{colon} {BLANK}"


def _event_line(event: Event, language: str) -> str:
    """Name · date and time · place, each value isolated; a labelled blank line for the
    date, the time or the place the event does not give, to fill in by hand."""
    info = EventInfo.of(event)
    when = info.when(language) if info.date else _labelled_blank(language, "sheet_date")
    parts = [info.name, when]
    if not info.start_time:
        parts.append(_labelled_blank(language, "sheet_time"))
    where = ", ".join(part for part in (info.place, info.city) if part)
    parts.append(where or _labelled_blank(language, "sheet_place"))
    return " · ".join(wording.isolate(part) for part in parts if part)


def _privacy_notice(controller: DataController, language: str) -> str:
    name = controller.name or wording.phrase(language, "campaign_name")
    # A name that ends in a full stop ("… e.V.") takes the sentence's own.
    who = wording.text(language, "privacy", controller=name).replace(
        f".{wording.PDI}.", f".{wording.PDI}"
    )
    sentences = (
        who,
        wording.text(language, "data_kept"),
        wording.text(language, "data_withdraw", contact=controller.contact or BLANK),
    )
    return " ".join(sentences)
