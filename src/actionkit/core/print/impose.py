"""Imposition: several small pieces on one home-printer sheet, with cut marks.

Sheets are always portrait, so "flip on long edge" duplex printing works the
same way for every layout: a back item sits at the mirrored column of its
front, on the same row. Items that fit better turned (two A5 on A4) are
rotated a quarter turn; their backs are turned the other way, so that a cut
piece turned over like a book page reads upright on both sides.

Items keep their nominal size (an A6 flyer is 105 x 148 mm) wherever the
sheet holds them with a gutter between neighbours (so a cut a little off
leaves white or the piece's own bleed, never a sliver of the next piece)
and a margin for the printer and the cut marks. Only when it cannot (four A6
on A4) are they scaled down, and `Imposition.shrink_note` says by how much.
Cut marks sit outside the grid, one at each edge of each piece. Each piece's
colour runs half the gutter past its cut lines into the gutters (see
`Imposition.drawn_area`): a cut a little off never leaves a white sliver
at the edge of a header band.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actionkit.core.errors import ActionKitError, Message
from actionkit.core.print.page import BLEED, MM, PAPER_SIZES

# Item trim sizes in points, as designed (width, height).
ITEM_SIZES: dict[str, tuple[float, float]] = {
    "A5": (148 * MM, 210 * MM),
    "A6": (105 * MM, 148 * MM),
    "palmcard": (85 * MM, 55 * MM),
}
PER_SHEET: dict[str, tuple[int, ...]] = {"A5": (1, 2), "A6": (1, 2, 4), "palmcard": (8, 10)}
SHEETS = ("A4", "Letter")
SHEET_MARGIN = 10 * MM  # printer margin (about 4 mm) plus room for the marks
GUTTER = 2 * BLEED  # between neighbours: room for both bleeds, or a cutting error
FULL_SIZE = 0.9995  # a scale at least this is the nominal size (rounding aside)
ITEM_NAMES = {"A5": "A5 flyers", "A6": "A6 flyers", "palmcard": "Palm cards"}
MARK_GAP = 1 * MM
MARK_LENGTH = 4 * MM


@dataclass(frozen=True)
class Slot:
    """Where one item's trim lands on the sheet, and how it is turned."""

    x: float
    y: float
    w: float  # extent on the sheet (already turned and scaled)
    h: float
    turn: int  # 0, 90 (item top to the sheet's left) or -90 (to its right)


@dataclass(frozen=True)
class Imposition:
    item: str
    paper: str
    item_size: tuple[float, float]  # the item's own trim, unscaled
    scale: float
    bleed: float  # per item, unscaled
    fronts: tuple[Slot, ...]

    @property
    def sheet(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    @property
    def backs(self) -> tuple[Slot, ...]:
        """Back positions for long-edge duplex: mirrored columns, the turn reversed."""
        width = self.sheet[0]
        return tuple(Slot(width - s.x - s.w, s.y, s.w, s.h, -s.turn) for s in self.fronts)

    @property
    def per_sheet(self) -> int:
        return len(self.fronts)

    @property
    def printed_size_mm(self) -> tuple[int, int]:
        """The item's trim as printed, in whole millimetres."""
        w, h = self.item_size
        return round(w * self.scale / MM), round(h * self.scale / MM)

    def shrink_note(self) -> Message | None:
        """None at full size; otherwise a sentence saying by how much the pieces shrink."""
        if self.scale >= FULL_SIZE:
            return None
        nominal = f"{round(self.item_size[0] / MM)} × {round(self.item_size[1] / MM)} mm"
        printed = "{} × {} mm".format(*self.printed_size_mm)
        percent = round(self.scale * 100)
        full = full_size_count(self.item, self.paper, bleed=self.bleed > 0)
        advice = (
            f"for full size print {full} per sheet, or save each piece 1-up for a print shop"
            if full
            else "for full size save each piece 1-up for a print shop"
        )
        what = ITEM_NAMES[self.item]
        return Message(
            f"{what} print at {percent}% ({printed} instead of {nominal}): {self.per_sheet} per "
            f"{self.paper} sheet at full size leave no room for gutters and a printer "
            f"margin; {advice}.",
            key="print.shrunk",
            item=what,
            percent=percent,
            printed=printed,
            nominal=nominal,
            count=self.per_sheet,
            paper=self.paper,
            full=full or 1,
        )

    def drawn_area(self, slot: Slot) -> tuple[float, float, float, float]:
        """Where a piece may paint on the sheet (x0, y0, x1, y1): its trim and half the
        gutter around it. Colour runs past the cut, so a cut a little off leaves no white
        sliver, and never reaches the neighbour's half of the gutter; at the edge of the
        grid it runs as far into the margin, inside the cut marks."""
        reach = self.drawn_bleed * self.scale
        return (slot.x - reach, slot.y - reach, slot.x + slot.w + reach, slot.y + slot.h + reach)

    @property
    def drawn_bleed(self) -> float:
        """How far each piece's colour runs past its trim, unscaled: the bleed asked for
        and half the gutter are the same 3 mm."""
        return max(self.bleed, GUTTER / 2)

    def cut_lines(self) -> tuple[list[float], list[float]]:
        """The x positions of vertical cuts and y positions of horizontal cuts."""
        xs = sorted({round(v, 3) for s in self.fronts for v in (s.x, s.x + s.w)})
        ys = sorted({round(v, 3) for s in self.fronts for v in (s.y, s.y + s.h)})
        return xs, ys


def impose(
    item: str, per_sheet: int | None = None, paper: str = "A4", *, bleed: bool = False
) -> Imposition:
    """Where each piece lands; `per_sheet` None means the most that fit at full size
    (`default_per_sheet`): a volunteer who asks for nothing gets pieces at their nominal
    size; more to a sheet is a choice, and `shrink_note` then says by how much."""
    if item not in ITEM_SIZES:
        raise ActionKitError(f"Unknown item size {item!r}; choose one of {', '.join(ITEM_SIZES)}.")
    if paper not in SHEETS:
        raise ActionKitError(f"Pieces are imposed on {' or '.join(SHEETS)} paper, not {paper!r}.")
    if per_sheet is None:
        per_sheet = default_per_sheet(item, paper, bleed=bleed)
    if per_sheet not in PER_SHEET[item]:
        choices = ", ".join(str(n) for n in PER_SHEET[item])
        raise ActionKitError(f"{item} goes {choices} to a sheet, not {per_sheet}.")
    sheet_w, sheet_h = PAPER_SIZES[paper]
    item_w, item_h = ITEM_SIZES[item]
    gutter = GUTTER
    outer = BLEED if bleed else 0.0
    best: tuple[float, int, int, int] | None = None
    for turn in (0, 90):
        w, h = (item_w, item_h) if turn == 0 else (item_h, item_w)
        for cols in range(1, per_sheet + 1):
            if per_sheet % cols:
                continue
            rows = per_sheet // cols
            total_w = cols * w + (cols - 1) * gutter + 2 * outer
            total_h = rows * h + (rows - 1) * gutter + 2 * outer
            scale = min(
                1.0,
                (sheet_w - 2 * SHEET_MARGIN) / total_w,
                (sheet_h - 2 * SHEET_MARGIN) / total_h,
            )
            if best is None or scale > best[0] + 1e-9:
                best = (scale, turn, cols, rows)
    assert best is not None
    scale, turn, cols, rows = best
    w, h = (item_w, item_h) if turn == 0 else (item_h, item_w)
    step_x, step_y = (w + gutter) * scale, (h + gutter) * scale
    grid_w = cols * step_x - gutter * scale
    grid_h = rows * step_y - gutter * scale
    left = (sheet_w - grid_w) / 2
    top = (sheet_h + grid_h) / 2
    fronts = tuple(
        Slot(left + c * step_x, top - (r + 1) * step_y + gutter * scale, w * scale, h * scale, turn)
        for r in range(rows)
        for c in range(cols)
    )
    return Imposition(item, paper, (item_w, item_h), scale, BLEED if bleed else 0.0, fronts)


def default_per_sheet(item: str, paper: str, *, bleed: bool = False) -> int:
    """The most pieces that print at full size, or the fewest there are (the shrink said)."""
    return full_size_count(item, paper, bleed=bleed) or PER_SHEET[item][0]


def full_size_count(item: str, paper: str, *, bleed: bool = False) -> int | None:
    """The most pieces per sheet that print at their nominal size, or None."""
    for count in reversed(PER_SHEET[item]):
        if impose(item, count, paper, bleed=bleed).scale >= FULL_SIZE:
            return count
    return None


def place(c: Any, slot: Slot, scale: float) -> None:
    """Move the canvas so that the item's own (0, 0)..(w, h) lands in `slot`."""
    if slot.turn == 90:
        c.translate(slot.x + slot.w, slot.y)
        c.rotate(90)
    elif slot.turn == -90:
        c.translate(slot.x, slot.y + slot.h)
        c.rotate(-90)
    else:
        c.translate(slot.x, slot.y)
    c.scale(scale, scale)


def draw_cut_marks(c: Any, imposition: Imposition) -> None:
    """Hairlines on every cut line, in the margin outside the grid (and its bleed)."""
    xs, ys = imposition.cut_lines()
    away = imposition.drawn_bleed * imposition.scale + MARK_GAP
    grid_left, grid_right = xs[0] - away, xs[-1] + away
    grid_bottom, grid_top = ys[0] - away, ys[-1] + away
    length = min(MARK_LENGTH, grid_bottom - 4 * MM, grid_left - 4 * MM)
    c.saveState()
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0, 0, 0)
    for x in xs:
        c.line(x, grid_bottom, x, grid_bottom - length)
        c.line(x, grid_top, x, grid_top + length)
    for y in ys:
        c.line(grid_left, y, grid_left - length, y)
        c.line(grid_right, y, grid_right + length, y)
    c.restoreState()
