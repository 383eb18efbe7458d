"""Refusing the passphrases anyone would try first.

Not a strength meter: scrypt makes every guess slow, so what matters is that
a passphrase is not among the first few thousand guesses. A passphrase is
refused when, with its spaces and letter case ignored, it is a keyboard or
counting run ("1234567890", "qwertyuiop", "azertyuiop"), one character or a
short group repeated ("aaaaaaaaaa", "abcabcabcabc"), or one of the most used
passwords with digits or signs around it ("password123!", "iloveyou2026").
"""

from __future__ import annotations

import unicodedata

# Rows of the keyboards organizers use (US, German, French, Persian), the
# alphabet and the digits; a passphrase inside one of them, in either
# direction, is a run.
RUNS = (
    "1234567890",
    "۱۲۳۴۵۶۷۸۹۰",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl;",
    "zxcvbnm",
    "qwertzuiop",
    "yxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "1qaz2wsx3edc4rfv5tgb",
    "ضصثقفغعهخحجچ",
    "شسیبلاتنمکگ",
    "ظطزرذدپو",
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
)

# The most used passwords (and the campaign's own words, the first a guesser
# of this app's users would try), compared with spaces and case ignored.
COMMON = frozenset(
    {
        "password",
        "passwort",
        "motdepasse",
        "contrasena",
        "contraseña",
        "passphrase",
        "secret",
        "geheim",
        "iloveyou",
        "letmein",
        "welcome",
        "admin",
        "administrator",
        "qwerty",
        "azerty",
        "qwertz",
        "abc",
        "princess",
        "sunshine",
        "football",
        "baseball",
        "monkey",
        "dragon",
        "master",
        "superman",
        "trustno",
        "shadow",
        "starwars",
        "whatever",
        "changeme",
        "actionkit",
        "freedom",
        "freiheit",
        "liberte",
        "liberté",
        "libertad",
        "iran",
        "azadi",
        "آزادی",
        "womanlifefreedom",
        "frauenlebenfreiheit",
        "femmevieliberte",
        "femmevieliberté",
        "mujervidalibertad",
        "zanzendegiazadi",
        "زنزندگیآزادی",
    }
)


def _folded(passphrase: str) -> str:
    """The passphrase as it is compared: no spaces, no case, one form of each letter."""
    text = unicodedata.normalize("NFKC", passphrase).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch != "\u200c")


def _unit(text: str) -> str:
    """The shortest group that `text` repeats ("abab" -> "ab"); `text` itself if none."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def _is_run(text: str) -> bool:
    for run in RUNS:
        for row in (run, run[::-1]):
            if text in row * (len(text) // len(row) + 2):  # a run may wrap around
                return True
    return False


def _core(text: str) -> str:
    """`text` without the digits and signs commonly put around a word ("!pass123")."""
    return text.strip("0123456789۰۱۲۳۴۵۶۷۸۹!?@#$%&*._-+=~^'\"")


def is_obvious(passphrase: str) -> bool:
    """True for a passphrase among the first that anyone would try."""
    text = _folded(passphrase)
    if not text:
        return False  # blank: refused for its length, with its own message
    unit = _unit(text)
    if len(unit) <= 3 and len(text) > len(unit):
        return True
    if _is_run(unit) or _is_run(text):
        return True
    core = _unit(_core(unit))
    return core in COMMON or _core(core) in COMMON


def length_without_spaces(passphrase: str) -> int:
    return sum(1 for ch in passphrase if not ch.isspace())
