"""Printed signature sheets: the appeal, numbered rows, consent boxes, two QR codes.

One page per sheet id. The sheet id is printed as text and as a QR code, so a
sheet found in a pile can always be matched to its event. Rows are tall
enough to write by hand; a right-to-left sheet mirrors its columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actionkit.core.errors import ActionKitError
from actionkit.core.print import wording
from actionkit.core.print.context import EventInfo
from actionkit.core.print.drawing import INK, MUTED, WHITE, Box, Notes, put_text, short_url
from actionkit.core.print.page import MM, PageSetup, begin_page, new_canvas
from actionkit.core.print.qr import make_qr
from actionkit.core.signatures.store import DEFAULT_ROWS, Event, Sheet, SignatureStore
from actionkit.core.storage import atomic_write, check_target
from actionkit.core.text.layout import TextStyle

DEFAULT_RECIPIENT = "the International Emergency Campaign to Free Iran's Political Prisoners"
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
class SheetsResult:
    pages: int
    warnings: list[str]


def print_new_sheets(
    store: SignatureStore,
    event_slug: str,
    target: Path,
    *,
    count: int,
    url: str,
    languages: tuple[str, ...] | None = None,
    rows: int = DEFAULT_ROWS,
    paper: str = "A4",
) -> tuple[list[Sheet], SheetsResult]:
    """Create `count` new sheet ids for an event and write them as one PDF. If the
    PDF cannot be written the new ids are discarded: no id exists without its paper."""
    target = check_target(Path(target))
    event = store.event(event_slug)
    sheets = store.create_sheets(event.slug, languages or event.languages, count, rows)
    try:
        result = atomic_write(
            target, lambda tmp: render_sheets(sheets, event, tmp, url=url, paper=paper)
        )
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
    recipient: str = DEFAULT_RECIPIENT,
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
        _draw_sheet(canvas, notes, sheet, event, url, recipient, *setup.trim)
        canvas.showPage()
    canvas.save()
    return SheetsResult(len(sheets), notes.warnings)


def _draw_sheet(
    canvas: Any,
    notes: Notes,
    sheet: Sheet,
    event: Event,
    url: str,
    recipient: str,
    width: float,
    height: float,
) -> None:
    languages = list(sheet.languages)
    lead = languages[0]
    flip = wording.is_rtl(lead)
    m = 10 * MM
    qr_side = max(24 * MM, make_qr(url).min_side())
    id_side = max(20 * MM, make_qr(sheet.id, "Q").min_side())
    header_h = max(qr_side, id_side) + 6 * MM
    top = height - m

    # Appeal QR and the sheet's own id on the trailing side.
    qr_box = Box(width - m - qr_side, top - qr_side, qr_side, qr_side).mirrored(width, flip)
    make_qr(url).draw(canvas, qr_box.x, qr_box.y, qr_side)
    put_text(
        canvas,
        notes,
        "Sign online",
        [wording.text(lang, "scan_sign_online") for lang in languages] + [short_url(url)],
        Box(qr_box.x - 2 * MM, qr_box.y - 9 * MM, qr_side + 4 * MM, 8.5 * MM),
        TextStyle(size=6.5, align="center", paragraph_gap=0, leading=1.15),
        min_size=4,
    )
    id_box = Box(qr_box.x - id_side - 6 * MM, top - id_side, id_side, id_side)
    if flip:
        id_box = Box(qr_box.x + qr_side + 6 * MM, top - id_side, id_side, id_side)
    make_qr(sheet.id, "Q").draw(canvas, id_box.x, id_box.y, id_side)
    label = wording.text(lead, "sheet_label", id=sheet.id)
    put_text(
        canvas,
        notes,
        "Sheet id",
        [label],
        Box(id_box.x - 6 * MM, id_box.y - 6 * MM, id_side + 12 * MM, 5 * MM),
        TextStyle(weight="bold", size=9, align="center"),
        min_size=6,
        max_lines=1,
    )

    # The appeal on the leading side.
    text_w = width - 2 * m - qr_side - id_side - 16 * MM
    text_box = Box(m, top - header_h, text_w, header_h).mirrored(width, flip)
    paragraphs = []
    for lang in languages:
        paragraphs += [wording.text(lang, "appeal_title"), wording.text(lang, "appeal_demand")]
    block_style = TextStyle(
        weight="bold", size=15, leading=1.2, paragraph_gap=0.15, align="right" if flip else "left"
    )
    put_text(
        canvas,
        notes,
        "Appeal on the sheet",
        paragraphs,
        text_box,
        block_style,
        min_size=7,
        colour=INK,
    )

    # Event line under the header: name, date and time, place (each value isolated).
    event_line = EventInfo.of(event).line(lead)
    put_text(
        canvas,
        notes,
        "Event",
        event_line,
        Box(m, top - header_h - 6 * MM, width - 2 * m, 5 * MM),
        TextStyle(size=8.5, language=lead, align="right" if flip else "left"),
        min_size=6,
        max_lines=1,
        colour=MUTED,
    )

    # The table.
    footer_h = 16 * MM
    table = Box(m, m + footer_h, width - 2 * m, top - header_h - 9 * MM - (m + footer_h))
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

    # Consent wording and the privacy line.
    lines = [wording.text(lang, "consent_note") for lang in languages]
    lines += [wording.text(lang, "privacy", recipient=recipient) for lang in languages]
    put_text(
        canvas,
        notes,
        "Privacy line",
        lines,
        Box(m, 3 * MM, width - 2 * m, footer_h - 4 * MM),
        TextStyle(size=7, leading=1.2, paragraph_gap=0, align="right" if flip else "left"),
        min_size=4.5,
        colour=MUTED,
    )
