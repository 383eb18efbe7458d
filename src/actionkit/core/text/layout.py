"""Paragraph layout for print: break, order, shape, align, and fit into a box.

Lines are broken on the *logical* text by shaped widths; each line is then
split into bidi runs in visual order, each run into font segments (Vazirmatn,
then the fallback), and every segment is shaped by HarfBuzz in its direction.
Nothing is ever drawn outside the box a caller asks for: `fit` shrinks the
size down to a floor and, if the text still does not fit, says so
(`overflow`) and draws only the lines that fit.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from actionkit.core.text import bidi
from actionkit.core.text.breaks import opportunities
from actionkit.core.text.fonts import Face, face_for, primary
from actionkit.core.text.normalize import to_persian_digits
from actionkit.core.text.shaping import shape

# Characters trimmed at a line's end (the spaces UAX #14 breaks after). No-break
# spaces (U+00A0, U+2007, U+202F, as in French "maintenant !") are not among them.
_SPACES = frozenset(
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
)
# Characters that take no room of their own and belong with their neighbour's font.
_STICKY = {"Mn", "Me", "Cf"}
# Bidi marks, embeddings and isolates (FSI ... PDI around an inserted value) steer the
# levels and are never drawn: shaped, a font without their glyph would print a space.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class TextStyle:
    weight: str = "regular"
    size: float = 12.0
    leading: float = 1.3  # line distance as a multiple of the size
    # start | end (relative to the paragraph's direction) | center | left | right
    align: str = "start"
    language: str | None = None  # decides the paragraph direction; None: first strong letter
    persian_digits: bool = False
    paragraph_gap: float = 0.5  # extra space between paragraphs, in lines
    # Titles, demands and names: lines of even length (the narrowest measure that
    # keeps the line count) and never one word alone on the last line.
    balance: bool = False


@dataclass(frozen=True)
class Piece:
    x: float  # from the line's left edge
    font_name: str
    text: Any  # reportlab ShapedStr
    width: float


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: float
    rtl: bool
    gap_before: float = 0.0  # paragraph spacing above this line


@dataclass
class TextBlock:
    lines: list[Line]
    style: TextStyle
    box_width: float
    ascent: float
    descent: float  # positive distance below the last baseline
    missing: set[str] = field(default_factory=set)  # characters no bundled font has
    overflow: bool = False
    max_height: float | None = None
    # Set below fit()'s min_size (to this size) because a word, which is never
    # cut, was wider than the box at min_size.
    below_floor: bool = False
    # Paragraphs whose last line is one word alone though they have three or more
    # (balanced text only, where no measure could avoid it).
    widows: int = 0

    @property
    def size(self) -> float:
        return self.style.size

    @property
    def leading(self) -> float:
        return self.style.size * self.style.leading

    def line_tops(self) -> list[float]:
        """Distance from the block's top to each line's baseline."""
        tops, y = [], self.ascent
        for i, line in enumerate(self.lines):
            if i:
                y += self.leading + line.gap_before
            tops.append(y)
        return tops

    @property
    def height(self) -> float:
        if not self.lines:
            return 0.0
        return self.line_tops()[-1] + self.descent

    @property
    def widest(self) -> float:
        return max((line.width for line in self.lines), default=0.0)

    def visible_lines(self) -> list[tuple[Line, float]]:
        """Lines (with baseline offsets) that lie entirely inside max_height."""
        out = []
        for line, top in zip(self.lines, self.line_tops(), strict=True):
            if self.max_height is not None and top + self.descent > self.max_height + 0.01:
                break
            out.append((line, top))
        return out

    def line_x(self, line: Line) -> float:
        free = self.box_width - line.width
        align = self.style.align
        if align == "center":
            return free / 2
        if align in ("left", "right"):
            return free if align == "right" else 0.0
        at_right = (align == "start") == line.rtl
        return free if at_right else 0.0

    def draw(self, canvas: Any, x: float, y_top: float) -> None:
        """Draw at (x, y_top) = the box's top-left corner, in the current fill colour."""
        text = canvas.beginText()
        for line, top in self.visible_lines():
            left = x + self.line_x(line)
            for piece in line.pieces:
                text.setTextOrigin(left + piece.x, y_top - top)
                text.setFont(piece.font_name, self.size)
                text.textOut(piece.text)
        canvas.drawText(text)


class _Paragraph:
    """One paragraph, analysed once for every size: bidi levels, a font for each
    character, and the width of each word and space in font units (per 1000)."""

    def __init__(self, text: str, rtl: bool, weight: str) -> None:
        self.text = text
        self.rtl = rtl
        self.levels = bidi.levels(text, rtl)
        self.missing: frozenset[str] = frozenset()
        self.faces: list[Face | None] = []
        missing: set[str] = set()
        previous: Face | None = None
        for char in text:
            if char in _BIDI_CONTROLS:
                self.faces.append(None)
                continue
            sticky = unicodedata.category(char) in _STICKY or char.isspace()
            face = previous if sticky and previous else face_for(char, weight)
            if face is None and not sticky:
                missing.add(char)
            self.faces.append(face)
            previous = face or previous
        self.missing = frozenset(missing)
        # A chunk runs from one break opportunity (UAX #14) to the next: its text,
        # then the spaces a line may end with. (start, end of text, advance of the
        # text, advance of the spaces), per 1000 of size.
        self.chunks: list[tuple[int, int, float, float]] = []
        starts = [0, *opportunities(text)]
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            content_end = end
            while content_end > start and text[content_end - 1] in _SPACES:
                content_end -= 1
            self.chunks.append(
                (
                    start,
                    content_end,
                    self.advance(start, content_end) if content_end > start else 0.0,
                    self.advance(content_end, end) if end > content_end else 0.0,
                )
            )
        self.chunk_starts = [chunk[0] for chunk in self.chunks]
        # The widest text that can never be broken, per 1000 of size.
        self.longest = max((chunk[2] for chunk in self.chunks), default=0.0)
        self._lines: dict[tuple[int, int], tuple[list[tuple[float, str, Any, float]], float]] = {}
        self._breaks: dict[tuple[float, bool], list[tuple[int, int]]] = {}
        self.widowed: set[tuple[float, bool]] = set()

    def _segments(self, start: int, end: int) -> list[tuple[int, int, Face]]:
        """Stretches of one font within [start, end), skipping undrawable characters."""
        out: list[tuple[int, int, Face]] = []
        for i in range(start, end):
            face = self.faces[i]
            if face is None:
                continue
            if out and out[-1][2] is face and out[-1][1] == i:
                out[-1] = (out[-1][0], i + 1, face)
            else:
                out.append((i, i + 1, face))
        return out

    def advance(self, start: int, end: int) -> float:
        """Width per 1000 of size of text[start:end], shaped (order does not matter here)."""
        total = 0.0
        for run in bidi.runs(self.levels[start:end], int(self.rtl)):
            for s, e, face in self._segments(start + run.start, start + run.end):
                total += shape(face.name, self.text[s:e], run.rtl).advance
        return total

    def _line_units(
        self, start: int, end: int
    ) -> tuple[list[tuple[float, str, Any, float]], float]:
        """Pieces of text[start:end] in visual order, positioned in font units."""
        key = (start, end)
        if key not in self._lines:
            pieces: list[tuple[float, str, Any, float]] = []
            x = 0.0
            for run in bidi.runs(self.levels[start:end], int(self.rtl)):
                segments = self._segments(start + run.start, start + run.end)
                for s, e, face in reversed(segments) if run.rtl else segments:
                    shaped = shape(face.name, self.text[s:e], run.rtl)
                    pieces.append((x, face.name, shaped.text, shaped.advance))
                    x += shaped.advance
            self._lines[key] = (pieces, x)
        return self._lines[key]

    def line(self, start: int, end: int, size: float, gap: float) -> Line:
        units, total = self._line_units(start, end)
        scale = size / 1000
        pieces = tuple(Piece(x * scale, font, text, adv * scale) for x, font, text, adv in units)
        return Line(pieces, total * scale, self.rtl, gap)

    def breaks(self, max_advance: float, balance: bool = False) -> list[tuple[int, int]]:
        """Line spans, broken only at break opportunities. A chunk wider than the
        line is never cut: it takes a line of its own and the line is too wide
        (fit() then shrinks the text)."""
        key = (max_advance, balance)
        if key not in self._breaks:
            spans = self._greedy(max_advance)
            if balance and len(spans) > 1:
                spans = self._balanced(spans, max_advance)
                if self._widow(spans):
                    self.widowed.add(key)
            self._breaks[key] = spans
        return self._breaks[key]

    def _greedy(self, max_advance: float) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        line_start: int | None = None
        line_end = 0
        width = pending = 0.0
        for start, end, advance, spaces in self.chunks:
            if end == start:  # spaces alone: at a line's start they are dropped
                if line_start is not None:
                    pending += spaces
                continue
            if line_start is not None and width + pending + advance <= max_advance:
                width += pending + advance
                line_end, pending = end, spaces
                continue
            if line_start is not None:
                spans.append((line_start, line_end))
            line_start, line_end, width, pending = start, end, advance, spaces
        if line_start is not None:
            spans.append((line_start, line_end))
        # The sum of chunk widths can miss kerning or shaping across chunks: check
        # each line as it will be drawn, and break again where it is too wide.
        checked: list[tuple[int, int]] = []
        for start, end in spans:
            checked.extend(self._exact(start, end, max_advance))
        return checked

    def _balanced(self, spans: list[tuple[int, int]], max_advance: float) -> list[tuple[int, int]]:
        """As many lines as at full width, as even as they can be (the least sum of
        squared free space), and no short word alone on the last line when the
        paragraph has three words or more."""
        words = [chunk for chunk in self.chunks if chunk[1] > chunk[0]]
        count = len(spans)
        if len(words) > 40 or count > len(words):
            return spans  # a long text is not a title: greedy lines are fine
        # Widths by prefix sums: line i..j = text of i..j plus the spaces between.
        ends = [0.0]
        for _, _, advance, spaces in words:
            ends.append(ends[-1] + advance + spaces)

        def width(i: int, j: int) -> float:  # words i..j-1
            return ends[j] - ends[i] - words[j - 1][3]

        n = len(words)
        inf = float("inf")
        # best[l][j]: cost of setting words 0..j-1 in l lines; back[l][j]: where the last began.
        best = [[inf] * (n + 1) for _ in range(count + 1)]
        back = [[0] * (n + 1) for _ in range(count + 1)]
        best[0][0] = 0.0
        for lines in range(1, count + 1):
            for j in range(lines, n + 1):
                for i in range(j - 1, lines - 2, -1):
                    w = width(i, j)
                    if w > max_advance and j - i > 1:
                        break
                    if best[lines - 1][i] == inf:
                        continue
                    cost = best[lines - 1][i] + (max_advance - min(w, max_advance)) ** 2
                    if lines == count and j == n and j - i == 1 and n >= 3 and w < max_advance / 2:
                        cost += max_advance**2  # a word alone on the last line
                    if cost < best[lines][j]:
                        best[lines][j], back[lines][j] = cost, i
        if best[count][n] == inf:
            return spans
        cuts, j = [], n
        for lines in range(count, 0, -1):
            i = back[lines][j]
            cuts.append((words[i][0], words[j - 1][1]))
            j = i
        even = cuts[::-1]
        if any(self._line_units(a, b)[1] > max_advance for a, b in even if b > a):
            return spans  # kerning across words made a line too wide: keep the greedy one
        return even

    def _widow(self, spans: list[tuple[int, int]]) -> bool:
        """One short word alone on the last of several lines (under half the widest
        line: "now!", not a name bound with no-break spaces), in a paragraph of
        three words or more."""
        words = sum(1 for chunk in self.chunks if chunk[1] > chunk[0])
        if len(spans) < 2 or words < 3 or self._words_in(*spans[-1]) != 1:
            return False
        widest = max(self._line_units(*span)[1] for span in spans[:-1])
        return self._line_units(*spans[-1])[1] < widest / 2

    def _words_in(self, start: int, end: int) -> int:
        return bisect_left(self.chunk_starts, end) - bisect_left(self.chunk_starts, start)

    def _exact(self, start: int, end: int, max_advance: float) -> list[tuple[int, int]]:
        if self._line_units(start, end)[1] <= max_advance:
            return [(start, end)]
        inside = [c for c in self.chunks if start <= c[0] and c[1] <= end and c[1] > c[0]]
        if len(inside) < 2:
            return [(start, end)]
        return [*self._exact(start, inside[-2][1], max_advance), (inside[-1][0], end)]


@lru_cache(maxsize=4096)
def _paragraph(text: str, rtl: bool, weight: str) -> _Paragraph:
    return _Paragraph(text, rtl, weight)


@lru_cache(maxsize=4096)
def _clean(text: str) -> str:
    # Control characters (other than newline), lone surrogates and non-characters
    # have no place on paper.
    return "".join(
        ch
        for ch in text
        if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff")
    )


# Vazirmatn's ascent and descent make room for Persian marks and descenders;
# text without Arabic-script letters needs less, per 1000 of size.
LATIN_ASCENT = 950.0
LATIN_DESCENT = 280.0


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]")


def _arabic_script(texts: list[str]) -> bool:
    return any(_ARABIC_SCRIPT.search(text) for text in texts)


def layout(paragraphs: list[str] | str, style: TextStyle, width: float) -> TextBlock:
    """Lay out text in a box of `width` points at `style.size`.

    Items of a list are paragraphs (with `paragraph_gap` between them); a
    newline inside an item only breaks the line.
    """
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    face = primary(style.weight)
    if _arabic_script(paragraphs):
        ascent, descent = face.ascent, -face.descent
    else:
        ascent, descent = LATIN_ASCENT, LATIN_DESCENT
    block = TextBlock([], style, width, ascent * style.size / 1000, descent * style.size / 1000)
    max_advance = width * 1000 / style.size if style.size > 0 else 0.0
    for number, paragraph in enumerate(paragraphs):
        text = _clean(to_persian_digits(paragraph) if style.persian_digits else paragraph)
        gap = style.paragraph_gap * block.leading if number and block.lines else 0.0
        for chunk in text.split("\n"):
            para = _paragraph(chunk, bidi.base_is_rtl(chunk, style.language), style.weight)
            block.missing |= para.missing
            for start, end in para.breaks(max_advance, style.balance):
                block.lines.append(para.line(start, end, style.size, gap))
                gap = 0.0
            block.widows += (max_advance, style.balance) in para.widowed
    return block


def fit(
    paragraphs: list[str] | str,
    style: TextStyle,
    width: float,
    height: float,
    *,
    min_size: float,
    max_lines: int | None = None,
) -> TextBlock:
    """The largest size from style.size down to min_size at which the text fits the box
    (see `_fit`). The same text in the same box fits the same way: pieces try a layout
    before drawing it, and the Studio redraws its preview with every change, so results
    are kept (a copy each time: callers may set a block's fields)."""
    key = tuple(paragraphs) if isinstance(paragraphs, list) else paragraphs
    return copy(_fit_cached(key, style, width, height, min_size, max_lines))


@lru_cache(maxsize=2048)
def _fit_cached(
    paragraphs: tuple[str, ...] | str,
    style: TextStyle,
    width: float,
    height: float,
    min_size: float,
    max_lines: int | None,
) -> TextBlock:
    text = list(paragraphs) if isinstance(paragraphs, tuple) else paragraphs
    return _fit(text, style, width, height, min_size=min_size, max_lines=max_lines)


def _fit(
    paragraphs: list[str] | str,
    style: TextStyle,
    width: float,
    height: float,
    *,
    min_size: float,
    max_lines: int | None = None,
) -> TextBlock:
    """The largest size from style.size down to min_size at which the text fits the box.

    Words are never cut: if a word is wider than the box even at min_size, the
    text is set smaller still, just small enough for its widest word, and the
    block is marked `below_floor`. If it does not fit the height even at
    min_size, the block is marked `overflow` and draws only the lines that fit.
    """

    def fits(block: TextBlock) -> bool:
        lines_ok = max_lines is None or len(block.lines) <= max_lines
        return lines_ok and block.height <= height + 0.01 and block.widest <= width + 0.01

    def settle(block: TextBlock) -> TextBlock:
        if block.widest > width + 0.01:
            longest = _longest(paragraphs, block.style)
            if longest > 0:
                size = min(block.style.size, width * 1000 / longest * 0.999)
                block = layout(paragraphs, replace(block.style, size=size), width)
                block.below_floor = True
        block.max_height = height
        block.overflow = not fits(block)
        return block

    best = layout(paragraphs, style, width)
    if fits(best):
        best.max_height = height
        return _without_widows(best, paragraphs, width, min_size, fits)
    if style.size <= min_size:
        return settle(best)
    low, high = min_size, style.size
    best = layout(paragraphs, replace(style, size=low), width)
    if not fits(best):
        return settle(best)
    for _ in range(7):  # about 1% precision
        middle = (low + high) / 2
        candidate = layout(paragraphs, replace(style, size=middle), width)
        if fits(candidate):
            best, low = candidate, middle
        else:
            high = middle
    best.max_height = height
    return _without_widows(best, paragraphs, width, min_size, fits)


def _without_widows(
    block: TextBlock,
    paragraphs: list[str] | str,
    width: float,
    min_size: float,
    fits: Callable[[TextBlock], bool],
) -> TextBlock:
    """Balanced text with a word alone on its last line (a phrase bound by no-break
    spaces can force one): a slightly smaller size often avoids it."""
    if not block.widows or not block.style.balance:
        return block
    for factor in (0.96, 0.92, 0.88, 0.84, 0.8, 0.76, 0.72):
        size = block.style.size * factor
        if size < min_size:
            break
        candidate = layout(paragraphs, replace(block.style, size=size), width)
        if candidate.widows < block.widows and fits(candidate):
            candidate.max_height = block.max_height
            return candidate
    return block


def _longest(paragraphs: list[str] | str, style: TextStyle) -> float:
    """The advance, per 1000 of size, of the widest text that can never be broken."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    longest = 0.0
    for paragraph in paragraphs:
        text = _clean(to_persian_digits(paragraph) if style.persian_digits else paragraph)
        for chunk in text.split("\n"):
            para = _paragraph(chunk, bidi.base_is_rtl(chunk, style.language), style.weight)
            longest = max(longest, para.longest)
    return longest


def keep_together(text: str) -> str:
    """`text` with its spaces made no-break, so no line ever breaks inside it (a
    short phrase, a number and its unit, a first name and surname)."""
    return text.replace(" ", "\u00a0")
