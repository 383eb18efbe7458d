"""Print a big piece across home-printer pages, with overlap and assembly marks.

Each tile redraws the piece (vectors stay sharp) through a window. Tiles
overlap by 10 mm: cut the white margin off a tile's left and top edges at
the cut marks, lay it over the dashed zone of its neighbour, line up the
crosses, and glue. Every tile is labelled with its place in the grid.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from actionkit.core.print.page import MM, PageSetup, begin_page
from actionkit.core.text.layout import TextStyle, layout

PRINTER_MARGIN = 8 * MM  # most home printers cannot print closer to the edge
OVERLAP = 10 * MM


def _grid(piece: tuple[float, float], tile: tuple[float, float]) -> tuple[int, int]:
    cw, ch = tile[0] - 2 * PRINTER_MARGIN, tile[1] - 2 * PRINTER_MARGIN
    cols = max(1, math.ceil((piece[0] - OVERLAP) / (cw - OVERLAP)))
    rows = max(1, math.ceil((piece[1] - OVERLAP) / (ch - OVERLAP)))
    return cols, rows


def tile_plan(piece: PageSetup, paper: str) -> tuple[PageSetup, int, int]:
    """The tile paper (portrait or landscape, whichever needs fewer sheets) and the grid."""
    options = []
    for landscape in (False, True):
        setup = PageSetup(paper, landscape=landscape)
        cols, rows = _grid(piece.trim, setup.trim)
        options.append((cols * rows, landscape, setup, cols, rows))
    _, _, setup, cols, rows = min(options, key=lambda o: (o[0], o[1]))
    return setup, cols, rows


def _label(canvas: Any, text: str, x: float, y: float, size: float = 7) -> None:
    block = layout(text, TextStyle(size=size, language="en"), 400)
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    block.draw(canvas, x, y + block.ascent)


def _cross(canvas: Any, x: float, y: float, r: float = 3 * MM) -> None:
    canvas.line(x - r, y, x + r, y)
    canvas.line(x, y - r, x, y + r)
    canvas.circle(x, y, r * 0.5, stroke=1, fill=0)


def draw_tiles(
    canvas: Any, piece: PageSetup, paper: PageSetup, paint: Callable[[Any], None]
) -> int:
    """Draw every tile of one piece as its own page; returns the number of pages."""
    tile, cols, rows = tile_plan(piece, paper.size)
    height = piece.trim[1]
    cw, ch = tile.trim[0] - 2 * PRINTER_MARGIN, tile.trim[1] - 2 * PRINTER_MARGIN
    m = PRINTER_MARGIN
    for row in range(rows):
        for col in range(cols):
            x0 = col * (cw - OVERLAP)
            y0 = height - ch - row * (ch - OVERLAP)
            begin_page(canvas, tile)
            canvas.saveState()
            clip = canvas.beginPath()
            clip.rect(m, m, cw, ch)
            canvas.clipPath(clip, stroke=0, fill=0)
            canvas.translate(m - x0, m - y0)
            paint(canvas)
            canvas.restoreState()

            canvas.saveState()
            canvas.setLineWidth(0.4)
            canvas.setStrokeColorRGB(0.2, 0.2, 0.2)
            if col:  # cut here, then lay over the left neighbour's dashed zone
                canvas.line(m, 2, m, m - 2)
                canvas.line(m, m + ch + 2, m, tile.trim[1] - 2)
            if row:
                canvas.line(2, m + ch, m - 2, m + ch)
                canvas.line(m + cw + 2, m + ch, tile.trim[0] - 2, m + ch)
            canvas.setDash(3, 2)
            if col < cols - 1:
                canvas.line(m + cw - OVERLAP, m, m + cw - OVERLAP, m + ch)
            if row < rows - 1:
                canvas.line(m, m + OVERLAP, m + cw, m + OVERLAP)
            canvas.setDash()
            # Crosses sit in the middle of each overlap zone, at the same point of
            # the piece on both neighbours, so they cover each other when glued.
            seams: list[tuple[float | None, float | None]] = []
            if col < cols - 1:
                seams.append((m + cw - OVERLAP / 2, None))
            if col:
                seams.append((m + OVERLAP / 2, None))
            if row < rows - 1:
                seams.append((None, m + OVERLAP / 2))
            if row:
                seams.append((None, m + ch - OVERLAP / 2))
            for sx, sy in seams:
                for share in (0.25, 0.75):
                    _cross(
                        canvas,
                        sx if sx is not None else m + share * cw,
                        sy if sy is not None else m + share * ch,
                    )
            name = f"{chr(ord('A') + row)}{col + 1}"
            _label(
                canvas,
                f"Tile {name}  (row {row + 1} of {rows}, column {col + 1} of {cols}) · cut the "
                "left and top margins at the marks, overlap the dashed zone, match the crosses",
                m,
                2.5,
            )
            canvas.restoreState()
            canvas.showPage()
    return rows * cols
