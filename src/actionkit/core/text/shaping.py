"""HarfBuzz shaping of one run, handed to reportlab as a ShapedStr.

reportlab's own `shapeStr` guesses the direction from the text, which is wrong
for a run of brackets or digits inside right-to-left text; here the bidi
level decides. Glyphs without a code point of their own (joined Persian
forms) get private-use codes in the embedded subset, as reportlab does.
Results are cached in font units, so every size reuses them.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

FEATURES = {"kern": True, "liga": True, "calt": True}
# The narrow no-break space French sets before ; ! ? (and in « »). Vazirmatn draws it
# 0.064 em wide, which reads as no space at all; a typographic fine space is about a
# sixth of an em (Noto Sans: 0.166 em), so it is never drawn narrower than that.
NARROW_NBSP = "\u202f"
FINE_SPACE = 1000 / 6  # per 1000 of the size

# The text each private-use glyph code stands for, per font face, so that the
# PDF's ToUnicode map lets readers and search get the logical text back.
_SOURCES: dict[str, dict[int, str]] = {}


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
    sources = _SOURCES.setdefault(face.name.decode("latin-1"), {})
    starts = sorted({info.cluster for info in buf.glyph_infos})
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        codes = face.glyphToChar.get(gid)
        after = bisect_right(starts, info.cluster)
        end = starts[after] if after < len(starts) else len(text)
        cluster = text[info.cluster : end]
        if (
            len(cluster) == 1
            and unicodedata.category(cluster) == "Cf"
            and ord(cluster) in face.charToGlyph
        ):
            # HarfBuzz draws ZWNJ and other invisible marks as a zero-width space;
            # keep the mark itself, so the PDF's text still has it.
            code = ord(cluster)
        elif codes:
            code = codes[0]
        else:
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, pos.x_advance)
        if 0xE000 <= code <= 0xF8FF:
            # Either reportlab gave this glyph a private-use code, or the font
            # itself maps a contextual alternate there: remember the text.
            sources.setdefault(code, cluster)
        x_advance = ttf.pdfScale(pos.x_advance)
        if cluster == NARROW_NBSP:
            x_advance = max(x_advance, FINE_SPACE)
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


def _unicode_of(code: int, sources: dict[int, str]) -> str:
    if code in sources:
        text = sources[code]
    else:
        text = chr(code)
        # Arabic presentation forms (a letter's joined shape) read as the letter itself.
        if "\ufb50" <= text <= "\ufdff" or "\ufe70" <= text <= "\ufeff":
            text = unicodedata.normalize("NFKC", text) or text
    if len(text) > 1 and unicodedata.bidirectional(text[0]) in ("R", "AL"):
        # Text extractors put a right-to-left line back in logical order by
        # reversing it character by character, a ligature's letters included:
        # so the lam-alef glyph must read "alef, lam" to come out as "lam-alef".
        return text[::-1]
    return text


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """ToUnicode CMap for one embedded subset, with real text for private-use glyphs."""
    sources = _SOURCES.get(font_name.split("+", 1)[-1], {})
    entries = [
        f"<{index:02X}> <{_unicode_of(code, sources).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name})",
            "/Supplement 0 >> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# reportlab calls this module-level function when it embeds a font subset.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap
