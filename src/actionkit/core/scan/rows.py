"""Reading the rows of a straightened page: filled, ticked, crossed out.

Everything works on an "ink" map: how much darker than the paper around it each
pixel is (the paper's own brightness is estimated locally, so shadows and uneven
street light do not read as ink). The printed rules are found near where the
layout says (a crumpled page bends the rows), and each cell is read inside its
rules, away from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import cv2
import numpy as np

from actionkit.core.signatures.sheet_layout import Rect, RowLayout, SheetLayout

# A pixel this much darker than its paper is ink (or print).
INK_LEVEL = 0.16
# On a noisy photo (dim light, a small sensor), a blot of ink must somewhere stand
# this many times the paper's own spread of darkness above the paper: grain is not
# a signature.
NOISE_SIGMAS = 5.0
GRAIN_SMOOTH = 0.15  # mm
# How far from the layout's place a printed rule is looked for (mm; less when rows are short).
RULE_SEARCH = 3.0
# A rule is a ridge this much narrower than its surroundings (mm either side).
RULE_RIDGE = 0.6
# Across the table, the rules are found in this many segments.
RULE_SEGMENTS = 28
# A found rule offset this far from its neighbours' is a stroke, not the rule (mm).
RULE_OUTLIER = 0.8
# How far from the layout's place a column rule is looked for (mm).
EDGE_SEARCH = 2.5
# Cells are read this far inside their rules (mm): the rules and their blur stay out.
CELL_INSET_X = 0.9
CELL_INSET_Y = 0.7
# A sharp photo's mark edge (mm, 10% to 90%); blur beyond it widens the insets.
SHARP_EDGE = 0.4
# A printed rule's piece inside a cell is at most this thick (mm).
RULE_PIECE = 0.7
# Ink blobs smaller than this are paper grain or JPEG noise (mm^2).
SPECK = 0.08
# Name and email ink that makes a row filled, and the band where it is unsure (mm^2).
FILLED_INK = 2.0
FILLED_UNSURE = (0.9, 3.5)
# Ink well inside the consent box that makes it ticked, and the unsure band (mm^2).
TICK_INK = 0.55
TICK_UNSURE = (0.3, 0.9)
# How far around its place (moved with its row and column) the box is looked for (mm).
TICK_SEARCH = 1.6
# How far inside the printed square the box is read (mm).
TICK_INSET = 0.65
# A piece of the square's side come inside the box runs along this share of it.
BOX_SIDE = 0.7
# A stroke this long across the row (share of the table's width) crosses it out.
STRIKE_SHARE = 0.55
STRIKE_UNSURE = (0.42, 0.62)
# The level runs a stroke across the row is made of, and the gaps bridged (mm).
STRIKE_RUN = 3.0
STRIKE_GAP = 2.5
# The stroke is looked for this far inside the row's rules (mm): a blurred rule, or
# the header's dark band above the first row, stays out.
STRIKE_INSET = 1.1
# This much dark paper in a name cell (mm^2) flags the row as covered.
DARK_COVER = 3.0
# A cell whose paper is this much darker than the sheet's is covered or in shadow.
COVERED_PAPER = 0.55
# Skin over the sheet: broad patches (wider than any pen stroke) this much warmer
# (red over blue, as a share of the brightness) than the sheet's paper...
SKIN_TINT = 0.06
SKIN_BREADTH = 2.5  # mm
# ...and light: its red at least this share of the paper around it (dark print, such
# as the table's header band, is not skin whatever its tint).
SKIN_LIGHT = 0.45
# ...covering this much of a row's fields or its consent box (mm^2) flag the row.
SKIN_COVER = 1.0

NAME_FIELDS = ("first_name", "last_name", "email")


@dataclass
class RowReading:
    number: int
    filled: bool
    ticked: bool
    crossed_out: bool
    measures: dict[str, float] = field(default_factory=dict)
    # What could not be read surely: "filled", "ticked", "crossed_out", "covered".
    doubts: tuple[str, ...] = ()


class BoxInk(NamedTuple):
    ink: float  # mm^2 of ink inside the box, at the page's level
    faint: float  # the same at the plain level
    paper: float  # its paper's lightness, as a share of the sheet's
    found: bool  # the printed square was seen


def ink_map(page: np.ndarray, px_per_mm: float) -> tuple[np.ndarray, np.ndarray]:
    """(darkness in 0..1 as float32, the paper's brightness around) of a straightened page.

    Ink is judged against the paper's light where it lies, measured with a closing:
    it fills in pen strokes and keeps a shadow's edge where it is (a spread of the
    lightest nearby would carry the lit side's light into the shade, and the shaded
    half of a consent box would read as ink). The brightness returned, for telling a
    covered or shaded cell, is the lightest paper nearby: a printed dark band (the
    table's header) is not taken for a shadow over the row under it."""
    if page.ndim == 2:
        darkest = page
    else:
        # The darkest channel: blue or red ink is as dark there as black ink.
        blue, green, red = cv2.split(page)
        darkest = cv2.min(cv2.min(blue, green), red)
    small = cv2.resize(darkest, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    reach = max(3, round(px_per_mm * 0.25 * 3.5) | 1)
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach))
    size = (darkest.shape[1], darkest.shape[0])
    light = cv2.GaussianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, square), (0, 0), reach / 4)
    light = cv2.resize(light, size, interpolation=cv2.INTER_LINEAR)
    darkness = 1.0 - darkest.astype(np.float32) / np.maximum(light.astype(np.float32), 8.0)
    np.clip(darkness, 0.0, 1.0, out=darkness)
    lightest = cv2.GaussianBlur(cv2.dilate(small, square), (0, 0), reach / 2)
    return darkness, cv2.resize(lightest, size, interpolation=cv2.INTER_LINEAR)


class RowReader:
    def __init__(
        self, page: np.ndarray, layout: SheetLayout, px_per_mm: float, blur: float = 0.0
    ) -> None:
        self.layout = layout
        # A blurred photo spreads the rules: the cells are read further inside them.
        self.spread = max(0.0, blur - SHARP_EDGE)
        self.k = px_per_mm
        self.darkness, self.paper = ink_map(page, px_per_mm)
        h, w = self.darkness.shape
        self.size = (w, h)
        table = layout.table
        self.faint_ink = (self.darkness > INK_LEVEL).astype(np.uint8)
        # The grain is judged on a slightly smoothed page: it averages out there, a
        # pen's stroke (several pixels wide) keeps its darkness.
        smooth = cv2.GaussianBlur(self.darkness, (0, 0), GRAIN_SMOOTH * px_per_mm)
        self.level = self._ink_level(smooth, table)
        self.ink = self.faint_ink
        if self.level > INK_LEVEL:
            # A noisy photo: ink is what is dark at the plain level and, somewhere in
            # the same blot, dark beyond the grain. Read plainly too: where the two
            # disagree, the row is in doubt.
            count, labels = cv2.connectedComponents(self.faint_ink, connectivity=8)
            keep = np.zeros(count, np.uint8)
            keep[np.unique(labels[smooth > self.level])] = 1
            keep[0] = 0
            self.ink = keep[labels]
        inner = self.paper[
            self._py(table.y) : self._py(table.bottom), self._px(table.x) : self._px(table.right)
        ]
        self.sheet_paper = float(np.percentile(inner, 75)) if inner.size else 255.0
        self.skin = self._skin(page, table)
        self.rules_mm = (
            [r.rect.y for r in layout.rows] + [layout.rows[-1].rect.bottom] if layout.rows else []
        )
        self.seg_x = np.linspace(table.x, table.right, RULE_SEGMENTS + 1)
        self.offsets = self._find_rules()
        self.edges_mm = self._edges()
        self.edge_offsets = self._find_edges()

    def _ink_level(self, darkness: np.ndarray, table: Rect) -> float:
        """The darkness that is ink on this page: INK_LEVEL, or more on a noisy photo
        (the table's paper measured: its typical darkness and spread, robustly)."""
        sample = darkness[
            self._py(table.y) : self._py(table.bottom) : 3,
            self._px(table.x) : self._px(table.right) : 3,
        ]
        if sample.size < 100:
            return INK_LEVEL
        typical = float(np.median(sample))
        spread = 1.4826 * float(np.median(np.abs(sample - typical)))
        return max(INK_LEVEL, typical + NOISE_SIGMAS * spread)

    def _skin(self, page: np.ndarray, table: Rect) -> np.ndarray | None:
        """Where a finger (or a hand) lies on the page, at a quarter of its scale: broad
        patches warmer than the table's paper. Ink is blue or black, and its strokes
        are narrow; a finger at a sheet's edge is neither. None for a grey page."""
        if page.ndim != 3:
            return None
        small = cv2.resize(page, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
        blue, green, red = cv2.split(small.astype(np.float32))
        warmth = (red - blue) / (blue + green + red + 1.0)
        paper_around = cv2.resize(
            self.paper, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_AREA
        ).astype(np.float32)
        q = self.k / 4
        inner = warmth[
            int(table.y * q) : int(table.bottom * q), int(table.x * q) : int(table.right * q)
        ]
        paper = float(np.median(inner)) if inner.size else 0.0
        warm = ((warmth > paper + SKIN_TINT) & (red >= SKIN_LIGHT * paper_around)).astype(np.uint8)
        reach = max(3, round(SKIN_BREADTH * q) | 1)
        patch = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach))
        opened: np.ndarray = cv2.morphologyEx(warm, cv2.MORPH_OPEN, patch)
        return opened

    def _skin_area(self, rects: list[Rect]) -> float:
        """Skin over these places (mm^2)."""
        if self.skin is None:
            return 0.0
        q = self.k / 4
        h, w = self.skin.shape
        total = 0
        for r in rects:
            x0, x1 = max(0, int(r.x * q)), min(w, int(np.ceil(r.right * q)))
            y0, y1 = max(0, int(r.y * q)), min(h, int(np.ceil(r.bottom * q)))
            if x1 > x0 and y1 > y0:
                total += int(np.count_nonzero(self.skin[y0:y1, x0:x1]))
        return total / (q * q)

    def _px(self, mm: float) -> int:
        return int(np.clip(round(mm * self.k), 0, self.size[0]))

    def _py(self, mm: float) -> int:
        return int(np.clip(round(mm * self.k), 0, self.size[1]))

    # -- the printed rules ---------------------------------------------------------

    def _find_rules(self) -> np.ndarray:
        """Offsets (mm) of each rule in each segment from the layout's place."""
        rules = self.rules_mm
        found = np.full((len(rules), RULE_SEGMENTS), np.nan)
        if not rules:
            return found
        row_h = min(r.rect.h for r in self.layout.rows)
        reach = min(RULE_SEARCH, 0.42 * row_h)
        d = max(2, round(RULE_RIDGE * self.k))
        for j, y in enumerate(rules):
            y0, y1 = self._py(y - reach), self._py(y + reach)
            if y1 - y0 < 3:
                continue
            for s in range(RULE_SEGMENTS):
                x0, x1 = self._px(self.seg_x[s] + 1.0), self._px(self.seg_x[s + 1] - 1.0)
                if x1 - x0 < 4:
                    continue
                # The median along the rule: a printed rule is dark at every x, a
                # sloping or wavy stroke is not.
                profile = np.median(self.darkness[y0:y1, x0:x1], axis=1)
                # A thin ridge, not a broad dark band (a thick stroke, a shadow's edge).
                ridge = profile.copy()
                ridge[d:-d] -= 0.5 * (profile[: -2 * d] + profile[2 * d :])
                ridge[:d] = ridge[-d:] = 0.0
                i = int(np.argmax(ridge))
                if float(ridge[i]) < 0.08:
                    continue
                shift = 0.0
                if 0 < i < len(profile) - 1:
                    a, b, c = profile[i - 1], profile[i], profile[i + 1]
                    denominator = a - 2 * b + c
                    if denominator < 0:
                        shift = float(0.5 * (a - c) / denominator)
                found[j, s] = (y0 + i + shift + 0.5) / self.k - y
        return self._clean(found)

    @staticmethod
    def _clean(found: np.ndarray) -> np.ndarray:
        """Strokes across a rule, or a rule not seen: take the neighbours' offset."""
        rows, cols = found.shape
        cleaned = found.copy()
        for j in range(rows):
            for s in range(cols):
                near = found[max(0, j - 1) : j + 2, max(0, s - 1) : s + 2]
                values = near[~np.isnan(near)]
                if values.size == 0:
                    continue
                median = float(np.median(values))
                if np.isnan(found[j, s]) or abs(found[j, s] - median) > RULE_OUTLIER:
                    cleaned[j, s] = median
        # Whatever is still unknown follows the rule's other segments, or stays put.
        for j in range(rows):
            known = cleaned[j][~np.isnan(cleaned[j])]
            cleaned[j][np.isnan(cleaned[j])] = float(np.median(known)) if known.size else 0.0
        return cleaned

    def _edges(self) -> list[float]:
        """The column rules' places (mm): every field's sides inside the table."""
        if not self.layout.rows:
            return []
        table = self.layout.table
        row = self.layout.rows[0]
        sides = {round(v, 2) for r in row.fields.values() for v in (r.x, r.right)}
        inner = [x for x in sides if table.x + 1.0 < x < table.right - 1.0]
        # The table's own frame too: a row's box runs from one side of it to the other.
        return sorted([table.x, table.right, *inner])

    def _find_edges(self) -> np.ndarray:
        """Offsets (mm) of each column rule in each row from the layout's place."""
        rows = self.layout.rows
        found = np.full((len(rows), len(self.edges_mm)), np.nan)
        for i, row in enumerate(rows):
            centre = row.rect.centre[0]
            top = float(self.rule_y(i, centre)) + 1.2
            bottom = float(self.rule_y(i + 1, centre)) - 1.2
            y0, y1 = self._py(top), self._py(bottom)
            if y1 - y0 < 4:
                continue
            for e, x in enumerate(self.edges_mm):
                x0, x1 = self._px(x - EDGE_SEARCH), self._px(x + EDGE_SEARCH)
                profile = self.darkness[y0:y1, x0:x1]
                if profile.size == 0:
                    continue
                # A rule is dark all along the row; a letter's stroke is not.
                column = np.median(profile, axis=0)
                best = int(np.argmax(column))
                if float(column[best]) < 0.08:
                    continue
                found[i, e] = (x0 + best + 0.5) / self.k - x
        return self._clean(found)

    def edge_x(self, index: int, x_mm: float) -> float:
        """Where the column rule the layout puts at `x_mm` is in row `index`."""
        if not self.edges_mm:
            return x_mm
        e = int(np.argmin([abs(x_mm - x) for x in self.edges_mm]))
        if abs(self.edges_mm[e] - x_mm) > 0.5:
            return x_mm
        return x_mm + float(self.edge_offsets[index, e])

    def rule_y(self, j: int, x_mm: np.ndarray | float) -> np.ndarray:
        centres = (self.seg_x[:-1] + self.seg_x[1:]) / 2
        found: np.ndarray = self.rules_mm[j] + np.interp(x_mm, centres, self.offsets[j])
        return found

    def row_box(self, index: int) -> Rect:
        table = self.layout.table
        xs = np.linspace(table.x, table.right, 40)
        top = float(np.mean(self.rule_y(index, xs)))
        bottom = float(np.mean(self.rule_y(index + 1, xs)))
        left = self.edge_x(index, table.x)
        right = self.edge_x(index, table.right)
        return Rect(left, top, right - left, bottom - top)

    # -- reading -------------------------------------------------------------------

    def _cell(self, index: int, rect: Rect) -> tuple[slice, slice]:
        x0 = self.edge_x(index, rect.x) + CELL_INSET_X + self.spread
        x1 = self.edge_x(index, rect.right) - CELL_INSET_X - self.spread
        across = np.linspace(x0, x1, 9)
        # A bent rule: the cell ends where the rule comes closest.
        inset = CELL_INSET_Y + self.spread
        top = float(np.max(self.rule_y(index, across))) + inset
        bottom = float(np.min(self.rule_y(index + 1, across))) - inset
        return slice(self._py(top), self._py(bottom)), slice(self._px(x0), self._px(x1))

    def _ink_area(
        self, ys: slice, xs: slice, ink: np.ndarray | None = None, along: float = 0.25
    ) -> float:
        """Ink in a cell (mm^2): specks and pieces of printed rules at its edges left out
        (a piece of rule runs along at least the share `along` of the cell's side)."""
        cell = (self.ink if ink is None else ink)[ys, xs]
        if cell.size == 0:
            return 0.0
        h, w = cell.shape
        count, _labels, stats, _ = cv2.connectedComponentsWithStats(cell, connectivity=8)
        speck = SPECK * self.k * self.k
        thin = (RULE_PIECE + self.spread) * self.k
        total = 0
        for i in range(1, count):
            x, y, bw, bh, area = (int(v) for v in stats[i, :5])
            if area < speck:
                continue
            at_side = x == 0 or x + bw == w
            at_end = y == 0 or y + bh == h
            # A rule come inside is a thin piece along the cell's edge; in a small
            # cell (the consent box) a tick can touch every edge and is not one.
            if at_side and bw <= min(thin, 0.4 * w) and bh >= max(0.3, along) * h:
                continue  # a column rule come inside
            if at_end and bh <= min(thin, 0.4 * h) and bw >= along * w:
                continue  # a row rule come inside
            total += area
        return total / (self.k * self.k)

    def _dark_paper(self, ys: slice, xs: slice) -> float:
        """Paper much darker than the sheet's (mm^2): under a finger, in deep shadow."""
        dark = self.paper[ys, xs] < COVERED_PAPER * self.sheet_paper
        return float(np.count_nonzero(dark)) / (self.k * self.k)

    def _paper_share(self, ys: slice, xs: slice) -> float:
        cell = self.paper[ys, xs]
        return float(np.median(cell)) / max(self.sheet_paper, 1.0) if cell.size else 1.0

    def read_row(self, index: int, row: RowLayout) -> RowReading:
        measures: dict[str, float] = {}
        doubts: list[str] = []
        covered = False
        name_ink = faint_ink = 0.0
        for key in NAME_FIELDS:
            rect = row.fields.get(key)
            if rect is None:
                continue
            ys, xs = self._cell(index, rect)
            area = self._ink_area(ys, xs)
            measures[f"ink_{key}"] = round(area, 3)
            name_ink += area
            if self.faint_ink is not self.ink:
                faint_ink += self._ink_area(ys, xs, self.faint_ink)
            share = self._paper_share(ys, xs)
            measures[f"paper_{key}"] = round(share, 3)
            dark = self._dark_paper(ys, xs)
            measures[f"dark_{key}"] = round(dark, 3)
            covered = covered or share < COVERED_PAPER or dark > DARK_COVER
        measures["ink_name_email"] = round(name_ink, 3)
        filled = name_ink >= FILLED_INK
        if FILLED_UNSURE[0] <= name_ink <= FILLED_UNSURE[1] or (
            self.faint_ink is not self.ink and (faint_ink >= FILLED_INK) != filled
        ):
            doubts.append("filled")

        box = self._tick(index, row.consent)
        measures["ink_consent"] = round(box.ink, 3)
        ticked = box.ink >= TICK_INK
        if (
            TICK_UNSURE[0] <= box.ink <= TICK_UNSURE[1]
            or (box.faint >= TICK_INK) != ticked
            or not box.found
        ):
            doubts.append("ticked")
        covered = covered or box.paper < COVERED_PAPER

        skin = self._skin_area(
            [rect for key, rect in row.fields.items() if key != "signature"] + [row.consent]
        )
        measures["skin"] = round(skin, 2)
        covered = covered or skin >= SKIN_COVER

        strike = self._strike(index)
        measures["strike"] = round(strike, 3)
        crossed = strike >= STRIKE_SHARE
        if STRIKE_UNSURE[0] <= strike <= STRIKE_UNSURE[1]:
            doubts.append("crossed_out")
        if covered:
            doubts.append("covered")
        return RowReading(row.number, filled, ticked, crossed, measures, tuple(doubts))

    def _column_shift(self, index: int, box: Rect) -> float:
        """How far (mm) the column holding `box` has moved sideways in this row (a
        crumpled page): its two found rules' offsets, averaged."""
        left = [x for x in self.edges_mm if x <= box.x]
        right = [x for x in self.edges_mm if x >= box.right]
        sides = ([max(left)] if left else []) + ([min(right)] if right else [])
        if not sides:
            return 0.0
        return float(np.mean([self.edge_x(index, x) - x for x in sides]))

    def _tick(self, index: int, box: Rect) -> BoxInk:
        """Ink well inside the consent box (mm^2), at this page's level and at the
        plain level; how light its paper is; whether the printed square was found."""
        k = self.k
        margin = TICK_SEARCH
        box = Rect(box.x + self._column_shift(index, box), box.y, box.w, box.h)
        centre = np.array([box.centre[0]])
        shift_y = float(
            np.mean(
                [
                    self.rule_y(index, centre)[0] - self.rules_mm[index],
                    self.rule_y(index + 1, centre)[0] - self.rules_mm[index + 1],
                ]
            )
        )
        x0, y0 = box.x - margin, box.y + shift_y - margin
        ys = slice(self._py(y0), self._py(box.bottom + shift_y + margin))
        xs = slice(self._px(x0), self._px(box.right + margin))
        area = self.darkness[ys, xs]
        side = round(box.w * k)
        line = max(2, round(0.35 * k))
        if area.shape[0] <= side + 2 or area.shape[1] <= side + 2 or side < 3 * line:
            return BoxInk(0.0, 0.0, 1.0, found=False)
        template = np.zeros((side + line, side + line), np.float32)
        cv2.rectangle(
            template,
            (line // 2, line // 2),
            (side + line // 2 - 1, side + line // 2 - 1),
            1.0,
            line,
        )
        score = cv2.matchTemplate(area, template, cv2.TM_CCORR)
        _min, _max, _loc, best = cv2.minMaxLoc(score)
        # The best place on the search's border: the square was not seen there.
        found = 0 < best[0] < score.shape[1] - 1 and 0 < best[1] < score.shape[0] - 1
        bx = xs.start + best[0] + line / 2
        by = ys.start + best[1] + line / 2
        inset = round((TICK_INSET + self.spread / 2) * k)
        inner_ys = slice(int(by + inset), int(by + side - inset))
        inner_xs = slice(int(bx + inset), int(bx + side - inset))
        # Inside the box, only the printed square's own sides can come in, and
        # they run along most of it; a tick's end in a corner does not.
        return BoxInk(
            self._ink_area(inner_ys, inner_xs, along=BOX_SIDE),
            self._ink_area(inner_ys, inner_xs, self.faint_ink, along=BOX_SIDE),
            self._paper_share(inner_ys, inner_xs),
            found,
        )

    def _strike(self, index: int) -> float:
        """The longest stroke across the row, as a share of the table's width."""
        table = self.layout.table
        k = self.k
        xs_mm = (np.arange(self._px(table.x), self._px(table.right)) + 0.5) / k
        top = self.rule_y(index, xs_mm) + STRIKE_INSET + self.spread
        bottom = self.rule_y(index + 1, xs_mm) - STRIKE_INSET - self.spread
        y0, y1 = self._py(float(top.min())), self._py(float(bottom.max()))
        x0 = self._px(table.x)
        band = self.ink[y0:y1, x0 : x0 + len(xs_mm)].copy()
        if band.size == 0:
            return 0.0
        ys = (np.arange(y0, y1) + 0.5)[:, None] / k
        band[(ys < top[None, :]) | (ys > bottom[None, :])] = 0
        # The printed column rules: cleared, then small gaps bridged.
        for edge in self.edges_mm:
            c = round(self.edge_x(index, edge) * k) - x0
            band[:, max(0, c - 4) : max(0, c + 5)] = 0
        # A stroke across the row runs nearly level for millimetres at a time;
        # handwriting seldom does. Keep the level runs, then bridge small gaps (the
        # cleared rules, a pen's skip).
        level = cv2.getStructuringElement(cv2.MORPH_RECT, (int(STRIKE_RUN * k), 1))
        band = cv2.morphologyEx(band, cv2.MORPH_OPEN, level)  # type: ignore[assignment]
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (int(STRIKE_GAP * k), 3))
        band = cv2.morphologyEx(band, cv2.MORPH_CLOSE, bridge)  # type: ignore[assignment]
        count, _labels, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
        if count <= 1:
            return 0.0
        widest = float(stats[1:count, cv2.CC_STAT_WIDTH].max())
        return widest / max(1.0, table.w * k)
