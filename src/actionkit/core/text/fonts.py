"""The fonts print pieces use: Vazirmatn first, Noto Sans for what it lacks.

Fonts are registered with reportlab the first time a weight is used (parsing
a font costs milliseconds), and each character is drawn with the first font
in the chain whose character map has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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


@cache
def _register(file_name: str) -> Face:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "AK-" + file_name.removesuffix(".ttf")
    font = TTFont(name, str(font_path(file_name)))
    pdfmetrics.registerFont(font)
    face = font.face
    cap = face.capHeight if getattr(face, "capHeight", 0) else face.ascent * 0.7
    return Face(name, file_name, float(face.ascent), float(face.descent), float(cap))


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
