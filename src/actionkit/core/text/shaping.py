"""HarfBuzz shaping of one run, handed to reportlab as a ShapedStr.

reportlab's own `shapeStr` guesses the direction from the text, which is wrong
for a run of brackets or digits inside right-to-left text; here the bidi
level decides. Glyphs without a code point of their own (joined Persian
forms) get private-use codes in the embedded subset, as reportlab does.
Results are cached in font units, so every size reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

FEATURES = {"kern": True, "liga": True, "calt": True}


@dataclass(frozen=True)
class Shaped:
    """A run ready to draw: its string for reportlab and its advance per 1000 of size."""

    text: Any  # reportlab ShapedStr (a str subclass carrying glyph positions)
    advance: float

    def width(self, size: float) -> float:
        return self.advance * size / 1000


@cache
def _hb_font(font_name: str) -> Any:
    # hbFont() also installs reportlab's private-use mapper on the font.
    return pdfmetrics.getFont(font_name).hbFont(10)


@lru_cache(maxsize=65536)
def shape(font_name: str, text: str, rtl: bool) -> Shaped:
    ttf = pdfmetrics.getFont(font_name)
    hb_font = _hb_font(font_name)
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hb_font, buf, FEATURES)
    chars: list[str] = []
    data: list[ShapeData] = []
    advance = 0.0
    face = ttf.face
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        codes = face.glyphToChar.get(gid)
        code = (
            codes[0]
            if codes
            else ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, pos.x_advance)
        )
        x_advance = ttf.pdfScale(pos.x_advance)
        advance += x_advance
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                x_advance,
                ttf.pdfScale(pos.y_advance),
                ttf.pdfScale(pos.x_offset),
                ttf.pdfScale(pos.y_offset),
                face.charWidths[code],
            )
        )
    return Shaped(ShapedStr("".join(chars), shapeData=data), advance)
