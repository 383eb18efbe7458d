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
