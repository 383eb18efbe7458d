"""The fonts print pieces use: Vazirmatn first, Noto Sans for what it lacks.

Fonts are registered with reportlab the first time a weight is used (parsing
a font costs milliseconds), and each character is drawn with the first font
in the chain whose character map has it.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from actionkit.core.assets import FALLBACK_FONT_FILES, FONT_FILES, font_path

WEIGHTS = tuple(FONT_FILES)


@dataclass(frozen=True)
class Face:
    """One registered font: its reportlab name and the characters it can draw."""

    name: str
    file_name: str
    ascent: float  # per 1000 units of font size
    descent: float  # negative, per 1000
    cap_height: float  # per 1000

    def has(self, char: str) -> bool:
        return ord(char) in _charset(self.name)


@cache
def _charset(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


# While a font writes its subsets into a PDF: its name and the characters of each subset.
_WRITING: ContextVar[tuple[bytes, list[list[int]]] | None] = ContextVar("_WRITING", default=None)


def subset_tag(font_name: bytes, characters: list[int]) -> bytes:
    """Six capital letters that name one subset of one font by what it holds.

    reportlab names every first subset AAAAAA+, so two files merged by a print
    shop carry two different fonts under one name. A tag taken from the font
    and the subset's characters differs between pieces yet is the same every
    run (identical tags mean identical subsets, which may safely be merged).
    """
    digest = hashlib.sha256(font_name + b"|" + ",".join(map(str, characters)).encode()).digest()
    return bytes(65 + b % 26 for b in digest[:6])


@cache
def _subset_font_class() -> Any:
    from reportlab.pdfbase import ttfonts

    numbered = ttfonts.SUBSETN

    def named(n: int, *args: Any, **kwargs: Any) -> bytes:
        writing = _WRITING.get()
        if writing is None or not 0 <= n < len(writing[1]):
            return bytes(numbered(n, *args, **kwargs))
        return subset_tag(writing[0], writing[1][n])

    # reportlab looks the function up by name as it writes each subset; outside our
    # fonts' writing (the context variable unset) it numbers subsets as before.
    ttfonts.SUBSETN = named

    class SubsetNamedFont(ttfonts.TTFont):
        def addObjects(self, doc: Any) -> None:
            state = self.state.get(doc)
            subsets = [list(s) for s in state.subsets] if state is not None else []
            token = _WRITING.set((bytes(self.face.name), subsets))
            try:
                super().addObjects(doc)
            finally:
                _WRITING.reset(token)

    return SubsetNamedFont


@cache
def _register(file_name: str) -> Face:
    from reportlab.pdfbase import pdfmetrics

    name = "AK-" + file_name.removesuffix(".ttf")
    font = _subset_font_class()(name, str(font_path(file_name)))
    pdfmetrics.registerFont(font)
    face = font.face
    # The header's capHeight is a rounded guess (Vazirmatn says 0.80 em); a size
    # promised in millimetres needs the drawn H.
    cap = glyph_top(file_name, "H") or face.ascent * 0.7
    return Face(name, file_name, float(face.ascent), float(face.descent), float(cap))


@cache
def _outlines(file_name: str) -> tuple[Any, float]:
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(font_path(file_name))))
    return uharfbuzz.Font(face), float(face.upem)


@cache
def glyph_top(file_name: str, char: str) -> float:
    """How far the outline of `char` rises above the baseline, per 1000 of size,
    measured on the glyph itself (0 if the font lacks it)."""
    font, upem = _outlines(file_name)
    glyph = font.get_nominal_glyph(ord(char))
    if not glyph:
        return 0.0
    extents = font.get_glyph_extents(glyph)
    return extents.y_bearing * 1000 / upem if extents else 0.0


# Persian and Arabic letters have no capitals. What the eye reads as the height
# of a Persian word is its tall strokes: alef, lam, the stem of kaf and gaf,
# which all rise to the alef's height (dots, the madda and gaf's bar are marks
# above it, like accents on Latin capitals). So the alef stands for the cap
# height there; Vazirmatn Black measures H 0.711 em and alef 0.687 em.
_HEIGHT_LETTER = {"latin": "H", "arabic": "\u0627"}


def reading_height(weight: str, script: str) -> float:
    """The height, per 1000 of size, that a reader takes for the size of a name in
    `script` ("latin" or "arabic"): the capital H, or the alef."""
    return glyph_top(chain(weight)[0], _HEIGHT_LETTER[script])


def chain(weight: str) -> tuple[str, ...]:
    """The font files tried, in order, for a weight."""
    if weight not in FONT_FILES:
        raise ValueError(f"unknown font weight {weight!r}; use one of {', '.join(WEIGHTS)}")
    return (FONT_FILES[weight], FALLBACK_FONT_FILES[weight])


def primary(weight: str) -> Face:
    return _register(chain(weight)[0])


def face_for(char: str, weight: str) -> Face | None:
    """The first font of the weight's chain that can draw `char`, or None.

    A fallback font is only loaded when an earlier one lacks the character.
    """
    for file_name in chain(weight):
        face = _register(file_name)
        if face.has(char):
            return face
    return None
