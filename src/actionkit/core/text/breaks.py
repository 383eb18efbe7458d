"""Where a line may break: the rules of UAX #14 (Unicode line breaking) that
matter for the scripts we print, written from the standard's rule list.

A line breaks after spaces, after hyphens and dashes between words, and
between ideographs; never inside a word (Latin, Persian, Arabic, Sorani:
letters, digits, combining marks, ZWNJ and ZWJ hold together), never before
closing punctuation or "!" "?" "," "." (even after a space, as in French
"maintenant !"), never after opening punctuation or "¡" "¿", and never next
to a no-break space (U+00A0, U+202F, U+2007) or word joiner. A zero-width
space (U+200B) offers a break. Not covered: dictionary breaking for Thai and
its neighbours (their words hold together, as a whole line), East Asian
small-kana and iteration-mark subtleties, emoji modifiers. A soft hyphen
(U+00AD) is not a break here, because the engine would not print the hyphen.
Beyond UAX #14: an email or web address (a run without spaces holding "@",
"://" or "www.") is never broken, not even at its hyphens: "ai-" / "koeln.example"
cannot be typed back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ADDRESS = re.compile(r"[^\s]*(?:@|://|www\.)[^\s]*", re.IGNORECASE)

# Line-break classes (UAX #14 names), as small strings for readable rules.
AL, NU, SP, GL, ZW, CM = "AL", "NU", "SP", "GL", "ZW", "CM"
OP, CL, EX, IS, SY = "OP", "CL", "EX", "IS", "SY"
QU, PI, PF = "QU", "PI", "PF"  # ambiguous quote, initial quote (Pi), final quote (Pf)
HY, BA, BB, B2, IN, ID = "HY", "BA", "BB", "B2", "IN", "ID"

_FIXED = {
    **dict.fromkeys(" \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a", SP),
    **dict.fromkeys("\u205f\u3000", SP),
    **dict.fromkeys("\u00a0\u202f\u2007\u2011\u034f\u2060\ufeff\u0f0c", GL),
    "\u200b": ZW,
    **dict.fromkeys("\u00a1\u00bf", OP),  # Spanish ¡ ¿ open a sentence
    **dict.fromkeys("!?\u061f\u061b\u06d4\u203c\u2047\u2048\u2049", EX),
    **dict.fromkeys(",.:;\u037e\u0589\u060c\u060d\u066b\u066c\u2044\ufe10\ufe13\ufe14", IS),
    "/": SY,
    "-": HY,
    **dict.fromkeys("\u2010\u2012\u2013\u2027|\u058a", BA),
    **dict.fromkeys("\u00b4\u02c8\u02cc\u02df", BB),
    "\u2014": B2,
    **dict.fromkeys("\u2024\u2025\u2026", IN),
    **dict.fromkeys("\"'", QU),
}


def _ideographic(code: int) -> bool:
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7A3
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFD
    )


@lru_cache(maxsize=8192)
def line_class(char: str) -> str:
    if char in _FIXED:
        return _FIXED[char]
    category = unicodedata.category(char)
    if category in ("Mn", "Mc", "Me", "Cf"):
        return CM  # ZWNJ, ZWJ and bidi controls too: they stay with their letter
    if category == "Nd":
        return NU
    if category == "Ps":
        return OP  # also German „ and ‚
    if category == "Pe":
        return CL
    if category == "Pi":
        return PI
    if category == "Pf":
        return PF
    if _ideographic(ord(char)):
        return ID
    return AL


_QUOTES = (QU, PI, PF)
# An initial quote after these opens a quotation ("« mot", LB15a); a final quote
# before these closes one ("mot »", LB15b).
_BEFORE_OPENING = (SP, OP, QU, PI, PF, GL, ZW)
_AFTER_CLOSING = (SP, GL, CL, QU, PI, PF, EX, IS, SY, ZW)


@lru_cache(maxsize=4096)
def opportunities(text: str) -> tuple[int, ...]:
    """Indices where a new line may start (0 < i < len(text)), for text without
    newlines."""
    raw = [line_class(char) for char in text]
    # LB9/LB10: a combining mark takes its base's class; with no base it is a letter.
    resolved: list[str] = []
    for cls in raw:
        if cls == CM:
            base = resolved[-1] if resolved else SP
            cls = AL if base in (SP, ZW) else base
        resolved.append(cls)
    out: list[int] = []
    before_spaces, before_index = (resolved[0], 0) if text else (SP, 0)
    for i in range(1, len(text)):
        a, b = resolved[i - 1], resolved[i]
        if a != SP:
            before_spaces, before_index = a, i - 1
        if b == SP or (a == AL and raw[i] == AL):
            continue  # the common cases, decided as _allowed would (LB7, LB28)
        if _allowed(raw[i], a, b, before_spaces, before_index, i, resolved):
            out.append(i)
    if out and ("@" in text or "/" in text or "www." in text.lower()):
        inside = [(m.start(), m.end()) for m in _ADDRESS.finditer(text)]
        out = [i for i in out if not any(start < i < end for start, end in inside)]
    return tuple(out)


def _allowed(
    raw_b: str, a: str, b: str, before: str, before_index: int, i: int, resolved: list[str]
) -> bool:
    """A break between resolved classes a and b at i; `before` is the class of
    the last character that is not a space (at before_index)."""
    if raw_b == CM and a not in (SP, ZW):
        return False  # LB9
    if b in (SP, ZW):
        return False  # LB7
    if before == ZW:
        return True  # LB8
    if a == GL or (b == GL and a != SP):
        return False  # LB11, LB12, LB12a
    if b in (CL, EX, IS, SY):
        return False  # LB13
    if before == OP:
        return False  # LB14
    if before == PI and (before_index == 0 or resolved[before_index - 1] in _BEFORE_OPENING):
        return False  # LB15a
    if b == PF and (i + 1 == len(resolved) or resolved[i + 1] in _AFTER_CLOSING):
        return False  # LB15b
    if a == SP:
        return True  # LB18
    if a in _QUOTES or b in _QUOTES:
        return False  # LB19
    if b in (BA, HY, IN) or a == BB:
        return False  # LB21, LB22
    if a == HY and b == NU:
        return False  # LB25: "-5"
    if a in (HY, BA):
        return True  # after a hyphen or dash between words
    if a == B2 and b == B2:
        return False  # LB17
    if a == ID or b == ID:
        return True
    if a in (AL, NU, IS, CL) and b in (AL, NU):
        return False  # LB23, LB28, LB29, LB30: letters, digits, "a.b", "(a)b"
    if a in (AL, NU) and b == OP:
        return False  # LB30
    return not (a == SY and b == NU)  # LB25: "1/2"; otherwise LB31, break
