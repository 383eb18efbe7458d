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
from actionkit.core.signatures.store import DEFAULT_ROWS, Event, Sheet, SignatureStore
from actionkit.core.storage import atomic_write, check_target
from actionkit.core.text.layout import TextStyle

BLANK = "_" * 16  # a line to write on, where the sheet has no value to print
# (column key, share of the table width)
COLUMNS = (
    ("number", 0.045),
    ("first_name", 0.13),
    ("last_name", 0.14),
    ("email", 0.21),
    ("city", 0.11),
    ("postal_code", 0.07),
    ("country", 0.08),
    ("consent", 0.075),
    ("signature", 0.14),
)


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
    for sheet in sheets:
        for language in sheet.languages:
            wording.check_language(language)
        begin_page(canvas, setup)
        _draw_sheet(canvas, notes, sheet, event, url, controller or DataController(), *setup.trim)
        canvas.showPage()
    canvas.save()
    return SheetsResult(len(sheets), notes.warnings)


def _draw_sheet(
    canvas: Any,
    notes: Notes,
    sheet: Sheet,
    event: Event,
    url: str,
    controller: DataController,
    width: float,
    height: float,
) -> None:
    languages = list(sheet.languages)
    lead = languages[0]
    flip = wording.is_rtl(lead)
    m = 10 * MM
    qr_side = max(24 * MM, make_qr(url).min_side())
    caption_h = 3.2 * MM * len(languages) + 0.6 * MM  # "sign online", a line per language
    header_h = qr_side + caption_h + 4.5 * MM
    top = height - m

    # The appeal's QR code, for signers, alone in the trailing top corner with what
    # it does and its address under it (on one line, never broken inside a word).
    column_w = 52 * MM
    column = Box(width - m - column_w, top - header_h, column_w, header_h).mirrored(width, flip)
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
    text_w = width - 2 * m - column_w - 8 * MM
    text_box = Box(m, top - header_h, text_w, header_h).mirrored(width, flip)
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
    event_h = 4.6 * MM
    y = top - header_h - 1.5 * MM
    for lang in languages:
        y -= event_h
        put_text(
            canvas,
            notes,
            "Event",
            _event_line(event, lang),
            Box(m, y, width - 2 * m, event_h),
            TextStyle(size=8.5, language=lang, align="right" if wording.is_rtl(lang) else "left"),
            min_size=6,
            max_lines=1,
            colour=MUTED,
        )
    header_h = top - y + 2.5 * MM

    # The table.
    footer_h = (3 + 8 * len(languages)) * MM
    table = Box(m, m + footer_h, width - 2 * m, top - header_h - (m + footer_h))
    head_h = 11 * MM if len(languages) > 1 else 8 * MM
    row_h = (table.h - head_h) / sheet.printed_rows
    columns = list(reversed(COLUMNS)) if flip else list(COLUMNS)
    canvas.setFillColorRGB(*INK)
    canvas.rect(table.x, table.top - head_h, table.w, head_h, stroke=0, fill=1)
    x = table.x
    edges = [x]
    for key, share in columns:
        w = share * table.w
        labels = [wording.phrase(lang, "sheet_columns", key) for lang in languages]
        put_text(
            canvas,
            notes,
            f"Column {key}",
            labels,
            Box(x + 1 * MM, table.top - head_h, w - 2 * MM, head_h),
            TextStyle(weight="bold", size=8, align="center", leading=1.1, paragraph_gap=0),
            min_size=5,
            colour=WHITE,
            valign="middle",
        )
        x += w
        edges.append(x)
    canvas.setStrokeColorRGB(*INK)
    canvas.setLineWidth(0.6)
    for n in range(sheet.printed_rows + 1):
        y = table.top - head_h - n * row_h
        canvas.line(table.x, y, table.x + table.w, y)
    canvas.setLineWidth(0.3)
    canvas.setStrokeColorRGB(0.55, 0.57, 0.6)
    for edge in edges[1:-1]:
        canvas.line(edge, table.y, edge, table.top - head_h)
    number_col = next(i for i, (k, _) in enumerate(columns) if k == "number")
    consent_col = next(i for i, (k, _) in enumerate(columns) if k == "consent")
    box = min(row_h * 0.5, 5 * MM)
    for n in range(sheet.printed_rows):
        y = table.top - head_h - (n + 1) * row_h
        number = wording.localize_digits(str(n + 1), lead)
        put_text(
            canvas,
            notes,
            "Row number",
            number,
            Box(edges[number_col], y, edges[number_col + 1] - edges[number_col], row_h),
            TextStyle(weight="bold", size=10, align="center"),
            min_size=6,
            valign="middle",
            colour=INK,
        )
        cx = (edges[consent_col] + edges[consent_col + 1]) / 2
        canvas.setStrokeColorRGB(*INK)
        canvas.setLineWidth(0.8)
        canvas.rect(cx - box / 2, y + (row_h - box) / 2, box, box, stroke=1, fill=0)
    canvas.setLineWidth(1)
    canvas.rect(table.x, table.y, table.w, table.h, stroke=1, fill=0)

    # The sheet's id, for the organizers who type the sheet in: small, in the
    # bottom corner on the leading side, far from the appeal's code, and labelled
    # so that no signer takes it for the one to scan.
    label_w = 30 * MM
    align = "right" if flip else "left"
    label_entries = [
        Entry(
            wording.text(lang, "sheet_id_for_organizers"),
            TextStyle(size=6, leading=1.1, language=lang, align=align),
            colour=MUTED,
        )
        for lang in languages
    ]
    label_entries.append(
        Entry(sheet.id, TextStyle(weight="bold", size=9, language="en", align=align))
    )
    label_blocks = fit_stack(label_entries, label_w, 10_000, min_scale=1.0) or []
    used = sum(block.height for block in label_blocks)
    # The code as tall as its label (at least 13 mm, and 0.5 mm modules).
    id_side = max(13 * MM, make_qr(sheet.id, "Q").min_side(), used)
    id_block = Box(m, 3 * MM, id_side + label_w + 2 * MM, 0).mirrored(width, flip)
    id_x = id_block.x + label_w + 2 * MM if flip else id_block.x
    make_qr(sheet.id, "Q").draw(canvas, id_x, 3 * MM, id_side)
    label_x = id_block.x if flip else id_block.x + id_side + 2 * MM
    if label_blocks:
        label_box = Box(label_x, 3 * MM + id_side - used, label_w, used)
        draw_stack(canvas, label_entries, label_blocks, label_box)
    else:
        notes.add("Sheet id label: a word is wider than its column")

    # Consent wording and the privacy notice, in each of the sheet's languages: who
    # collects the details, for what, how long they are kept and how to withdraw;
    # each paragraph aligned by its own language's direction.
    notice = [(lang, wording.text(lang, "consent_note")) for lang in languages]
    notice += [(lang, _privacy_notice(controller, lang)) for lang in languages]
    notice_w = width - 2 * m - id_block.w - 4 * MM
    notice_box = Box(width - m - notice_w, 3 * MM, notice_w, m + footer_h - 5 * MM)
    notice_box = notice_box.mirrored(width, flip)
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
    _put_stack(canvas, notes, "Privacy notice", notice_entries, notice_box, min_size=6, bottom=True)


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
