"""Print a big piece across home-printer pages, with overlap and assembly marks.

The first page is the assembly map: the whole piece in miniature with the
tiles drawn over it by name (A1, A2, ... row A at the top), and the steps in
the piece's languages. Each tile then redraws the piece (vectors stay sharp)
through a window; the windows share the piece evenly (no nearly blank last
row or column) on the sheets' orientation that needs fewest. Tiles overlap
by 10 mm: cut the white margin off a tile's
left and top edges at the cut marks, lay it over the dashed glue zone of its
neighbour, line up the crosses, and glue. Every tile is labelled with its
name in the margin.

Bleed and crop marks belong to a print shop's single sheet; a tiled piece is
refused them (`render` says why) rather than printed with marks that would
land in the middle of the glued poster.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from actionkit.core.print import wording
from actionkit.core.print.page import MM, PageSetup, begin_page
from actionkit.core.text.layout import TextStyle, layout

PRINTER_MARGIN = 8 * MM  # most home printers cannot print closer to the edge
OVERLAP = 10 * MM
FSI, PDI = "\u2068", "\u2069"
GREY = (0.3, 0.3, 0.3)
MAP_INK = (0.75, 0.1, 0.1)
STEPS = ("tile_step_print", "tile_step_lay_out", "tile_step_cut", "tile_step_glue")


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


def tile_name(row: int, col: int) -> str:
    """Row letter and column number, as on the map: A1 is the top-left tile."""
    return f"{chr(ord('A') + row)}{col + 1}"


def _window(
    piece: tuple[float, float], tile: PageSetup, row: int, col: int
) -> tuple[float, float, float, float]:
    """The part of the piece (x, y, w, h in the piece's points) that a tile prints.

    The piece is shared evenly between the tiles of a row (and of a column), each
    overlapping the next by OVERLAP: an A2 poster on eight A4 sheets is four rows of
    156 mm, not three full rows and a fourth 42 mm strip on a nearly blank sheet."""
    cols, rows = _grid(piece, tile.trim)
    cw = (piece[0] + (cols - 1) * OVERLAP) / cols
    ch = (piece[1] + (rows - 1) * OVERLAP) / rows
    return col * (cw - OVERLAP), piece[1] - ch - row * (ch - OVERLAP), cw, ch


def window_bottom(tile: PageSetup, window_height: float) -> float:
    """Where a tile's window starts on the sheet: it hangs from the top of the printable
    area, so the white a shorter window leaves is at the bottom, under the next row's
    tiles (or cut off on the last row)."""
    return tile.trim[1] - PRINTER_MARGIN - window_height


def _text(
    canvas: Any,
    text: str,
    x: float,
    y_top: float,
    width: float,
    *,
    size: float,
    language: str,
    weight: str = "regular",
    colour: tuple[float, float, float] = GREY,
    align: str = "start",
) -> float:
    """Draw a paragraph from its top-left corner; returns its height."""
    style = TextStyle(weight=weight, size=size, language=language, align=align)
    block = layout(text, style, width)
    canvas.setFillColorRGB(*colour)
    block.draw(canvas, x, y_top)
    return float(block.height)


def _cross(canvas: Any, x: float, y: float, r: float = 3 * MM) -> None:
    canvas.line(x - r, y, x + r, y)
    canvas.line(x, y - r, x, y + r)
    canvas.circle(x, y, r * 0.5, stroke=1, fill=0)


def _assembly_map(
    canvas: Any,
    piece: PageSetup,
    tile: PageSetup,
    grid: tuple[int, int],
    paint: Callable[[Any], None],
    languages: list[str],
) -> None:
    """Page one: the piece in miniature with every tile outlined and named, and the steps."""
    cols, rows = grid
    begin_page(canvas, tile)
    m = PRINTER_MARGIN
    width, height = tile.trim
    inner = width - 2 * m
    lead = languages[0]
    y = height - m
    y -= _text(
        canvas,
        wording.text(lead, "tile_title"),
        m,
        y,
        inner,
        size=14,
        language=lead,
        weight="bold",
        colour=(0.1, 0.1, 0.1),
    )
    y -= 4 * MM
    pw, ph = piece.trim
    steps_room = 30 * MM * len(languages)
    scale = min(inner / pw, (y - m - steps_room) / ph)
    left = m + (inner - pw * scale) / 2
    bottom = y - ph * scale
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(left, bottom, pw * scale, ph * scale)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(left, bottom)
    canvas.scale(scale, scale)
    paint(canvas)
    canvas.restoreState()

    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(*GREY)
    canvas.rect(left, bottom, pw * scale, ph * scale, stroke=1, fill=0)
    canvas.setStrokeColorRGB(*MAP_INK)
    canvas.setLineWidth(1)
    for row in range(rows):
        for col in range(cols):
            x0, y0, w, h = _window(piece.trim, tile, row, col)
            vx0, vy0 = max(x0, 0.0), max(y0, 0.0)
            vx1, vy1 = min(x0 + w, pw), min(y0 + h, ph)
            x1, y1 = left + vx0 * scale, bottom + vy0 * scale
            w, h = (vx1 - vx0) * scale, (vy1 - vy0) * scale
            canvas.rect(x1, y1, w, h, stroke=1, fill=0)
            # The name sits in the middle of its window, kept inside the map when the
            # window is a narrow strip at the edge.
            cx = min(max(x1 + w / 2, left + 9 * MM), left + pw * scale - 9 * MM)
            cy = min(max(y1 + h / 2, bottom + 5 * MM), bottom + ph * scale - 5 * MM)
            canvas.setFillColorRGB(1, 1, 1)
            canvas.roundRect(cx - 9 * MM, cy - 5 * MM, 18 * MM, 10 * MM, 2 * MM, stroke=1, fill=1)
            _text(
                canvas,
                tile_name(row, col),
                cx - 9 * MM,
                cy + 4 * MM,
                18 * MM,
                size=16,
                language="en",
                weight="bold",
                colour=MAP_INK,
                align="center",
            )
    canvas.restoreState()

    y = bottom - 5 * MM
    for index, language in enumerate(languages):
        if index:  # the title above is the lead language's; each other has its own
            y -= _text(
                canvas,
                wording.text(language, "tile_title"),
                m,
                y,
                inner,
                size=10,
                language=language,
                weight="bold",
                colour=(0.1, 0.1, 0.1),
            )
            y -= 1.5 * MM
        for n, key in enumerate(STEPS, start=1):
            line = f"{wording.localize_digits(str(n), language)}. {wording.text(language, key)}"
            y -= _text(canvas, line, m, y, inner, size=9, language=language) + 1
        y -= 3 * MM


def _tile_marks(
    canvas: Any,
    tile: PageSetup,
    place: tuple[int, int],
    grid: tuple[int, int],
    piece: tuple[float, float],
    lead: str,
) -> None:
    """Cut lines, the dashed glue zones with their word, the matching crosses, the name."""
    row, col = place
    cols, rows = grid
    m = PRINTER_MARGIN
    _, _, cw, ch = _window(piece, tile, row, col)
    width, height = tile.trim
    base = window_bottom(tile, ch)  # the window hangs from the top of the printable area
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setStrokeColorRGB(0.2, 0.2, 0.2)
    cuts_x = [m] if col else []  # cut here, then lay over the left neighbour's glue zone
    cuts_y = [base + ch] if row else []
    if col == cols - 1:  # the piece ends on this tile: cut off the white beyond
        cuts_x.append(m + cw)
    if row == rows - 1:
        cuts_y.append(base)
    for x in cuts_x:
        canvas.line(x, 2, x, m - 2)
        canvas.line(x, height - m + 2, x, height - 2)
    for y in cuts_y:
        canvas.line(2, y, m - 2, y)
        canvas.line(width - m + 2, y, width - 2, y)
    canvas.setDash(3, 2)
    glue = wording.text(lead, "tile_glue")
    if col < cols - 1:  # the right neighbour is laid over this zone
        canvas.rect(m + cw - OVERLAP, base, OVERLAP, ch, stroke=1, fill=0)
        for share in (0.1, 0.5, 0.9):
            canvas.saveState()
            canvas.translate(m + cw - OVERLAP / 2, base + share * ch)
            canvas.rotate(90)
            _text(canvas, glue, -15 * MM, 3.5, 30 * MM, size=7, language=lead, align="center")
            canvas.restoreState()
    if row < rows - 1:  # the tile below is laid over this zone
        canvas.rect(m, base, cw, OVERLAP, stroke=1, fill=0)
        for share in (0.1, 0.5, 0.9):
            _text(
                canvas,
                glue,
                m + share * cw - 15 * MM,
                base + OVERLAP / 2 + 3.5,
                30 * MM,
                size=7,
                language=lead,
                align="center",
            )
    canvas.setDash()
    # Crosses sit in the middle of each overlap zone, at the same point of the
    # piece on both neighbours, so they cover each other when glued.
    seams: list[tuple[float | None, float | None]] = []
    if col < cols - 1:
        seams.append((m + cw - OVERLAP / 2, None))
    if col:
        seams.append((m + OVERLAP / 2, None))
    if row < rows - 1:
        seams.append((None, base + OVERLAP / 2))
    if row:
        seams.append((None, base + ch - OVERLAP / 2))
    for sx, sy in seams:
        for share in (0.25, 0.75):
            _cross(
                canvas,
                sx if sx is not None else m + share * cw,
                sy if sy is not None else base + share * ch,
            )
    name = tile_name(row, col)
    label = wording.text(lead, "tile_label", tile=f"{FSI}{name}{PDI}")
    _text(canvas, label, m, m - 1.5 * MM, cw, size=9, language=lead, weight="bold")
    canvas.restoreState()


def draw_tiles(
    canvas: Any,
    piece: PageSetup,
    paper: PageSetup,
    paint: Callable[[Any], None],
    languages: list[str] | None = None,
) -> int:
    """Draw the assembly map and every tile of one piece, each as its own page; returns
    the number of pages."""
    languages = languages or ["en"]
    tile, cols, rows = tile_plan(piece, paper.size)
    _assembly_map(canvas, piece, tile, (cols, rows), paint, languages)
    canvas.showPage()
    m = PRINTER_MARGIN
    for row in range(rows):
        for col in range(cols):
            x0, y0, cw, ch = _window(piece.trim, tile, row, col)
            base = window_bottom(tile, ch)
            begin_page(canvas, tile)
            canvas.saveState()
            clip = canvas.beginPath()
            clip.rect(m, base, cw, ch)
            canvas.clipPath(clip, stroke=0, fill=0)
            canvas.translate(m - x0, base - y0)
            paint(canvas)
            canvas.restoreState()
            _tile_marks(canvas, tile, (row, col), (cols, rows), piece.trim, languages[0])
            canvas.showPage()
    return rows * cols + 1
