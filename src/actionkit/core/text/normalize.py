"""Folding text for matching, in any script: one place for every comparison.

Stored text is never changed by these functions; they make keys to compare.
Persian and Arabic keyboards type different code points for the same letter
(ي/ی, ك/ک), words are joined with or without ZWNJ, digits come in three
alphabets, and Latin spellings of Persian names vary (Raoof/Raouf). The
`skeleton` key lets a Latin query find a name written only in Persian.
"""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"

# Arabic-keyboard and presentation variants -> the Persian letter.
_LETTER_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک
        "\u0629": "\u0647",  # ة teh marbuta -> ه
        "\u06c0": "\u0647",  # ۀ heh with yeh -> ه
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u06d5": "\u0647",  # ە ae (Sorani) -> ه for matching only
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u06cc",  # ئ -> ی
    }
)

_DIGITS = str.maketrans(
    {chr(0x06F0 + i): str(i) for i in range(10)} | {chr(0x0660 + i): str(i) for i in range(10)}
)

# Removed entirely: joiners, tatweel, bidi controls, soft hyphen.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200c\u200d\u0640\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\ufeff",
    ),
    None,
)

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


class _FoldTable(dict[int, "int | str | None"]):
    """One str.translate table for everything fold removes or replaces one character at
    a time: joiners and controls, combining marks (filled in as characters are met),
    letter variants and digits. One pass in C instead of four (three translates and a
    test of each character in Python): a merge folds two keys for each of 100,000 rows.
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < 65536:  # a hostile text of every code point cannot grow it further
            self[code] = kept
        return kept


# The maps' keys are disjoint and none maps to another's key or to a mark, so one pass
# gives what applying them one after the other gave.
_FOLD = _FoldTable({**_INVISIBLE, **_LETTER_FOLD, **_DIGITS})


def fold(text: str) -> str:
    """A matching key: case, accents, letter variants, joiners and digits folded.

    Words stay separated by single spaces; punctuation becomes a space.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():  # most keys are plain Latin: nothing to remove or replace
        # NFD splits Latin accents and Arabic harakat/hamza-above into combining marks.
        text = unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).translate(_FOLD))
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def compact(folded: str) -> str:
    """`fold` output without spaces, so Nasr-Azadani, Nasr Azadani and Nasrazadani meet."""
    return folded.replace(" ", "")


# Consonant skeletons: Persian omits short vowels and Latin spellings disagree
# on long ones, so both sides are reduced to consonant classes.
_PERSIAN_SKELETON = str.maketrans(
    {
        "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "c", "ح": "h", "خ": "x",
        "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "s", "ص": "s",
        "ض": "z", "ط": "t", "ظ": "z", "غ": "q", "ف": "f", "ق": "q", "ک": "k", "گ": "g",
        "ل": "l", "م": "m", "ن": "n", "ه": "h",
        "ا": None, "و": None, "ی": None, "ع": None, "ء": None,
    }
)  # fmt: skip

_LATIN_DIGRAPHS = (
    ("kh", "x"), ("gh", "q"), ("sh", "s"), ("ch", "c"), ("zh", "j"), ("dj", "j"),
    ("ph", "f"), ("th", "t"), ("ck", "k"),
)  # fmt: skip
_LATIN_SKELETON = str.maketrans(
    {"c": "k", "v": None, "w": None, "y": None, "a": None, "e": None, "i": None, "o": None,
     "u": None, "'": None}
)  # fmt: skip
_REPEATS = re.compile(r"(.)\1+")


def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded string, the same for a Persian name and its
    Latin spellings: توماج صالحی, Toomaj Salehi and Tumaj Salehy all give "tmj slh".
    """
    words = []
    for word in folded.split():
        if word.isascii():
            for digraph, letter in _LATIN_DIGRAPHS:
                word = word.replace(digraph, "\0" + letter)
            # A digraph's letter must not be dropped as a vowel-like letter below.
            word = word.translate(_LATIN_SKELETON).replace("\0", "")
        else:
            word = word.translate(_PERSIAN_SKELETON)
            word = "".join(ch for ch in word if ch.isascii())
        word = _REPEATS.sub(r"\1", word)
        if word:
            words.append(word)
    return " ".join(words)


def to_persian_digits(text: str) -> str:
    """Write Latin digits as Persian (۰–۹); everything else unchanged."""
    return text.translate(str.maketrans("0123456789", PERSIAN_DIGITS))
