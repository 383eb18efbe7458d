"""Where everything on a printed signature sheet sits: one source for the PDF and the scanner.

The sheet drawing (`sheets_pdf`) computes a `SheetLayout` and draws from it; the
store keeps each sheet's layout as JSON when the sheet is printed; the scanner
reads it back to find the registration marks, the rows, the fields and the
consent boxes on a photo. Units are millimetres on the trimmed page, origin at
its top-left corner, y growing down (the way an image is addressed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

LAYOUT_VERSION = 1
CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")
# Sheets print landscape on these papers (trimmed size in mm, width x height).
SHEET_PAPERS = {"A4": (297.0, 210.0), "Letter": (279.4, 215.9)}
# The registration marks: ArUco markers from OpenCV's 4x4_50 dictionary, the id
# being the corner's index in CORNERS. Their place depends on the paper alone, so a
# photo can be straightened before the sheet is known. 6.5 mm from the edges clears
# the unprintable border of office printers (a quarter inch on some); the white
# quiet zone around each is kept free of anything printed.
MARK_DICTIONARY = "DICT_4X4_50"
MARK_SIDE = 12.0
MARK_INSET = 6.5
MARK_QUIET = 2.5
# The signer fields a row has on paper, in reading order of a left-to-right sheet.
ROW_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "city",
    "postal_code",
    "country",
    "signature",
)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def as_list(self) -> list[float]:
        return [round(self.x, 3), round(self.y, 3), round(self.w, 3), round(self.h, 3)]

    @classmethod
    def of(cls, values: list[float]) -> Rect:
        x, y, w, h = (float(v) for v in values)
        return cls(x, y, w, h)


@dataclass(frozen=True)
class Mark:
    """A registration mark: an ArUco marker (OpenCV's 4x4_50 dictionary) whose id
    says which corner it is; `rect` is the marker's black square, without the white
    quiet zone around it."""

    corner: str
    marker_id: int
    rect: Rect


def registration_marks(paper: str) -> tuple[Mark, ...]:
    """The four marks of a sheet printed on `paper` ("A4" or "Letter")."""
    width, height = SHEET_PAPERS[paper]
    far_x = width - MARK_INSET - MARK_SIDE
    far_y = height - MARK_INSET - MARK_SIDE
    places = {
        "top_left": (MARK_INSET, MARK_INSET),
        "top_right": (far_x, MARK_INSET),
        "bottom_left": (MARK_INSET, far_y),
        "bottom_right": (far_x, far_y),
    }
    return tuple(
        Mark(corner, index, Rect(*places[corner], MARK_SIDE, MARK_SIDE))
        for index, corner in enumerate(CORNERS)
    )


@dataclass(frozen=True)
class RowLayout:
    number: int  # 1-based, as printed
    rect: Rect  # the whole row, between its two ruled lines
    fields: dict[str, Rect]  # ROW_FIELDS -> the cell, between the column rules
    consent: Rect  # the printed tick box itself


@dataclass(frozen=True)
class SheetLayout:
    paper: str
    width: float
    height: float
    marks: tuple[Mark, ...]
    id_code: Rect  # the sheet id's QR code
    table: Rect  # the table's outer frame, header included
    rows: tuple[RowLayout, ...]
    rtl: bool = False  # columns mirrored for a right-to-left lead language
    version: int = LAYOUT_VERSION

    def mark(self, corner: str) -> Mark:
        return next(m for m in self.marks if m.corner == corner)

    def to_json(self) -> str:
        data = {
            "version": self.version,
            "paper": self.paper,
            "width": self.width,
            "height": self.height,
            "rtl": self.rtl,
            "marks": [
                {"corner": m.corner, "id": m.marker_id, "rect": m.rect.as_list()}
                for m in self.marks
            ],
            "id_code": self.id_code.as_list(),
            "table": self.table.as_list(),
            "rows": [
                {
                    "number": r.number,
                    "rect": r.rect.as_list(),
                    "consent": r.consent.as_list(),
                    "fields": {k: v.as_list() for k, v in r.fields.items()},
                }
                for r in self.rows
            ],
        }
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SheetLayout:
        data = json.loads(text)
        if data.get("version") != LAYOUT_VERSION:
            raise ValueError(f"sheet layout version {data.get('version')!r} is not known")
        return cls(
            paper=data["paper"],
            width=float(data["width"]),
            height=float(data["height"]),
            rtl=bool(data.get("rtl", False)),
            marks=tuple(Mark(m["corner"], int(m["id"]), Rect.of(m["rect"])) for m in data["marks"]),
            id_code=Rect.of(data["id_code"]),
            table=Rect.of(data["table"]),
            rows=tuple(
                RowLayout(
                    int(r["number"]),
                    Rect.of(r["rect"]),
                    {k: Rect.of(v) for k, v in r["fields"].items()},
                    Rect.of(r["consent"]),
                )
                for r in data["rows"]
            ),
        )
