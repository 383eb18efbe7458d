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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from actionkit.core.text import bidi
from actionkit.core.text.fonts import Face, face_for, primary
from actionkit.core.text.normalize import to_persian_digits
from actionkit.core.text.shaping import shape

# Lines break at ordinary spaces only; no-break spaces (U+00A0, U+2007, U+202F,
# as in French "maintenant !") keep their neighbours together.
_BREAKABLE = "[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]"
# A word also ends after a hyphen followed by a letter: "Nasr-" | "Azadani".
_SPACE = re.compile(f"{_BREAKABLE}+")
_TOKENS = re.compile(
    f"{_BREAKABLE}+|(?:(?!{_BREAKABLE}).)+?[-\u2010](?=\\w)|(?:(?!{_BREAKABLE}).)+", re.S
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
        # (start, end, is a breakable space, advance per 1000 of size)
        self.tokens = [
            (m.start(), m.end(), _SPACE.fullmatch(m.group()) is not None, self.advance(*m.span()))
            for m in _TOKENS.finditer(text)
        ]
        self._lines: dict[tuple[int, int], tuple[list[tuple[float, str, Any, float]], float]] = {}

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

    def breaks(self, max_advance: float) -> list[tuple[int, int]]:
        """Greedy line breaks at spaces, from the words' widths; words longer than a
        line are cut by character."""
        spans: list[tuple[int, int]] = []
        line_start: int | None = None
        line_end = 0
        width = pending = 0.0
        for start, end, is_space, advance in self.tokens:
            if is_space:
                if line_start is not None:
                    pending += advance
                continue
            if line_start is not None and width + pending + advance <= max_advance:
                width += pending + advance
                line_end, pending = end, 0.0
                continue
            if line_start is not None:
                spans.append((line_start, line_end))
            line_start, line_end, width, pending = start, end, advance, 0.0
            while width > max_advance and line_end - line_start > 1:
                cut = self._cut(line_start, line_end, max_advance)
                spans.append((line_start, cut))
                line_start = cut
                width = self.advance(line_start, line_end)
        if line_start is not None:
            spans.append((line_start, line_end))
        # The sum of word widths can miss kerning or shaping across words: check
        # each line as it will be drawn, and break again where it is too wide.
        checked: list[tuple[int, int]] = []
        for start, end in spans:
            checked.extend(self._exact(start, end, max_advance))
        return checked

    def _exact(self, start: int, end: int, max_advance: float) -> list[tuple[int, int]]:
        if self._line_units(start, end)[1] <= max_advance:
            return [(start, end)]
        words = [t for t in self.tokens if not t[2] and start <= t[0] and t[1] <= end]
        if len(words) < 2:
            return [(start, end)]
        head_end = words[-2][1]
        return [*self._exact(start, head_end, max_advance), (words[-1][0], end)]

    def _cut(self, start: int, end: int, max_advance: float) -> int:
        """The last place in [start, end) where a too-long word can be cut."""
        cut = start + 1
        for i in range(start + 1, end):
            if unicodedata.combining(self.text[i]) or unicodedata.category(self.text[i]) == "Cf":
                continue
            if self.advance(start, i) > max_advance:
                break
            cut = i
        return cut


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
            for start, end in para.breaks(max_advance):
                block.lines.append(para.line(start, end, style.size, gap))
                gap = 0.0
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
    """The largest size from style.size down to min_size at which the text fits the box.

    If it does not fit even at min_size, the block is laid out at min_size,
    marked `overflow`, and draws only the lines that fit.
    """

    def fits(block: TextBlock) -> bool:
        lines_ok = max_lines is None or len(block.lines) <= max_lines
        return lines_ok and block.height <= height + 0.01 and block.widest <= width + 0.01

    best = layout(paragraphs, style, width)
    if fits(best) or style.size <= min_size:
        best.max_height = height
        best.overflow = not fits(best)
        return best
    low, high = min_size, style.size
    best = layout(paragraphs, replace(style, size=low), width)
    if not fits(best):
        best.overflow = True
        best.max_height = height
        return best
    for _ in range(7):  # about 1% precision
        middle = (low + high) / 2
        candidate = layout(paragraphs, replace(style, size=middle), width)
        if fits(candidate):
            best, low = candidate, middle
        else:
            high = middle
    best.max_height = height
    return best
