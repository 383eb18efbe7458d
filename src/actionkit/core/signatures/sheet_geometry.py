"""Where each part of a printed signature sheet goes, computed once for the PDF and the scanner.

`sheet_geometry` places the header, the table, its rows and columns, the consent
boxes, the sheet id's code and the four registration marks, in PDF points (origin
bottom-left, as ReportLab draws). `SheetGeometry.layout()` gives the same places
as a `SheetLayout` in millimetres from the top-left corner, which the store keeps
with the sheet and the scanner reads back: one computation, two views of it.

Nothing printed comes near a registration mark: the header and the footer keep
clear of the corners (`CLEAR`), and the table stays between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from actionkit.core.print import wording
from actionkit.core.print.drawing import MUTED, Box, Entry, fit_stack
from actionkit.core.print.page import MM
from actionkit.core.print.qr import make_qr
from actionkit.core.signatures.sheet_layout import (
    MARK_DICTIONARY,
    MARK_INSET,
    MARK_QUIET,
    MARK_SIDE,
    ROW_FIELDS,
    SHEET_PAPERS,
    Mark,
    Rect,
    RowLayout,
    SheetLayout,
    registration_marks,
)
from actionkit.core.signatures.store import Sheet
from actionkit.core.text.layout import TextBlock, TextStyle

# (column key, share of the table width), left to right on a left-to-right sheet
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
MARGIN = 10 * MM  # the table's side margins and the header's top
# Header and footer content starts this far in from the side edges, past the marks
# and their quiet zone.
CLEAR = (MARK_INSET + MARK_SIDE + MARK_QUIET + 1) * MM
LABEL_W = 30 * MM  # the sheet id's label beside its code


@dataclass(frozen=True)
class SheetGeometry:
    width: float
    height: float
    flip: bool  # a right-to-left lead language: the columns and corners mirrored
    top: float  # where the header starts
    qr_side: float  # the appeal's code
    caption_h: float  # its "sign online" lines
    header_h: float  # the appeal and its code, without the event lines
    event_h: float  # one event line
    table: Box
    head_h: float  # the table's header row
    row_h: float
    rows: int
    columns: tuple[tuple[str, float], ...]  # in drawing order, left to right
    edges: tuple[float, ...]  # x of each column edge, len(columns) + 1
    consent_side: float
    id_side: float
    id_x: float
    id_y: float
    label_entries: tuple[Entry, ...]
    label_blocks: tuple[TextBlock, ...]  # empty when a word is wider than the label
    label_x: float
    notice_box: Box
    marks: tuple[Mark, ...]
    paper: str

    def column(self, key: str) -> tuple[float, float]:
        """The left and right x of a column."""
        index = next(i for i, (k, _) in enumerate(self.columns) if k == key)
        return self.edges[index], self.edges[index + 1]

    def row_bottom(self, number: int) -> float:
        """The y of the rule under 1-based row `number`."""
        return self.table.top - self.head_h - number * self.row_h

    def consent_box(self, number: int) -> Box:
        left, right = self.column("consent")
        side = self.consent_side
        y = self.row_bottom(number) + (self.row_h - side) / 2
        return Box((left + right) / 2 - side / 2, y, side, side)

    def _mm(self, box: Box) -> Rect:
        return Rect(box.x / MM, (self.height - box.top) / MM, box.w / MM, box.h / MM)

    def layout(self) -> SheetLayout:
        rows = []
        for number in range(1, self.rows + 1):
            bottom = self.row_bottom(number)
            fields = {}
            for key in ROW_FIELDS:
                left, right = self.column(key)
                fields[key] = self._mm(Box(left, bottom, right - left, self.row_h))
            row_box = Box(self.table.x, bottom, self.table.w, self.row_h)
            rows.append(
                RowLayout(number, self._mm(row_box), fields, self._mm(self.consent_box(number)))
            )
        return SheetLayout(
            paper=self.paper,
            width=self.width / MM,
            height=self.height / MM,
            marks=self.marks,
            id_code=self._mm(Box(self.id_x, self.id_y, self.id_side, self.id_side)),
            table=self._mm(self.table),
            rows=tuple(rows),
            rtl=self.flip,
        )


def sheet_geometry(sheet: Sheet, url: str, paper: str = "A4") -> SheetGeometry:
    languages = list(sheet.languages)
    flip = wording.is_rtl(languages[0])
    width, height = (side * MM for side in SHEET_PAPERS[paper])
    m = MARGIN
    top = height - m
    qr_side = max(24 * MM, make_qr(url).min_side())
    caption_h = 3.2 * MM * len(languages) + 0.6 * MM  # "sign online", a line per language
    header_h = qr_side + caption_h + 4.5 * MM
    event_h = 4.6 * MM
    # The header, then a line per language about the event, then a gap.
    table_top = top - header_h - 1.5 * MM - event_h * len(languages) - 2.5 * MM

    # The footer: the privacy notice, a line per language; never closer to the
    # table than the bottom marks' quiet zone. It runs between the marks, so three
    # languages or more take a little more height.
    footer_h = (3 + 8 * len(languages) + (5 if len(languages) >= 3 else 0)) * MM
    table_y = max(m + footer_h, (MARK_INSET + MARK_SIDE + MARK_QUIET + 1.5) * MM)
    table = Box(m, table_y, width - 2 * m, table_top - table_y)
    head_h = 11 * MM if len(languages) > 1 else 8 * MM
    row_h = (table.h - head_h) / sheet.printed_rows
    columns = tuple(reversed(COLUMNS)) if flip else COLUMNS
    edges = [table.x]
    for _, share in columns:
        edges.append(edges[-1] + share * table.w)

    # The sheet's id, for the organizers who type the sheet in: in the bottom corner
    # on the leading side, past the mark, labelled so that no signer takes it for
    # the code to scan; the code as tall as its label (at least 13 mm, 0.5 mm modules).
    label_entries, label_blocks = _id_label(sheet.id, tuple(languages), flip)
    used = sum(block.height for block in label_blocks)
    id_side = max(13 * MM, make_qr(sheet.id, "Q").min_side(), used)
    block_w = id_side + LABEL_W + 2 * MM
    block_x = width - CLEAR - block_w if flip else CLEAR
    id_x = block_x + LABEL_W + 2 * MM if flip else block_x
    label_x = block_x if flip else block_x + id_side + 2 * MM
    id_y = 3 * MM
    notice_w = width - 2 * CLEAR - block_w - 4 * MM
    notice_x = CLEAR if flip else width - CLEAR - notice_w
    notice_box = Box(notice_x, 3 * MM, notice_w, table_y - 5 * MM)
    return SheetGeometry(
        width=width,
        height=height,
        flip=flip,
        top=top,
        qr_side=qr_side,
        caption_h=caption_h,
        header_h=header_h,
        event_h=event_h,
        table=table,
        head_h=head_h,
        row_h=row_h,
        rows=sheet.printed_rows,
        columns=columns,
        edges=tuple(edges),
        consent_side=min(row_h * 0.5, 5 * MM),
        id_side=id_side,
        id_x=id_x,
        id_y=id_y,
        label_entries=label_entries,
        label_blocks=label_blocks,
        label_x=label_x,
        notice_box=notice_box,
        marks=registration_marks(paper),
        paper=paper,
    )


def _id_label(
    sheet_id: str, languages: tuple[str, ...], flip: bool
) -> tuple[tuple[Entry, ...], tuple[TextBlock, ...]]:
    align = "right" if flip else "left"
    entries = [
        Entry(
            wording.text(lang, "sheet_id_for_organizers"),
            TextStyle(size=6, leading=1.1, language=lang, align=align),
            colour=MUTED,
        )
        for lang in languages
    ]
    entries.append(Entry(sheet_id, TextStyle(weight="bold", size=9, language="en", align=align)))
    blocks = fit_stack(entries, LABEL_W, 10_000, min_scale=1.0) or []
    return tuple(entries), tuple(blocks)


@lru_cache(maxsize=8)
def marker_cells(marker_id: int) -> tuple[tuple[bool, ...], ...]:
    """The marker's cells, border included, row by row from the top: True is black."""
    import cv2

    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, MARK_DICTIONARY))
    image = cv2.aruco.generateImageMarker(dictionary, marker_id, 6, borderBits=1)
    return tuple(tuple(bool(value < 128) for value in row) for row in image)
