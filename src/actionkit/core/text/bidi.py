"""The Unicode bidirectional algorithm, as levels per character and runs in visual order.

Levels come from python-bidi's Rust engine (the unicode-bidi crate), which
implements the current UAX #9 including bracket pairs (rule N0); the package's
older pure-Python module does not, and puts the closing bracket of "(Hello)"
inside Persian text in the wrong run. The Rust engine only exposes levels in
its debug report, so they are read from there; the report's structure is
pinned with the package version in constraints.txt and checked by the tests.

Reordering is done here on *runs*, not characters: a right-to-left run keeps
its logical order and HarfBuzz lays its glyphs out right to left, which is
what joins Persian letters and mirrors brackets correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bidi import get_base_level
from bidi.bidi import get_display_inner

# User text appears in the report with newlines escaped, so a line that
# starts with exactly this indentation can only be the report's own field.
_LEVELS_FIELD = re.compile(r"\n    levels: \[\n(.*?)\n    \],\n", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")

RTL_LANGUAGES = frozenset({"fa", "ar", "ckb", "ps", "ur", "he", "yi"})


@dataclass(frozen=True)
class Run:
    """A stretch of one line with one embedding level (odd = right to left)."""

    start: int
    end: int
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def base_is_rtl(text: str, language: str | None = None) -> bool:
    """Paragraph direction: from the language if known, else the first strong letter."""
    if language is not None:
        return language.split("-")[0] in RTL_LANGUAGES
    return bool(text) and get_base_level(text) == 1


def levels(text: str, rtl: bool) -> list[int]:
    """Resolved embedding level of every character of one paragraph (no newlines)."""
    if not text:
        return []
    report = get_display_inner(text, "R" if rtl else "L", True)
    field = _LEVELS_FIELD.search(report)
    if field is None:
        raise RuntimeError("python-bidi's report has an unexpected form; check its version")
    per_byte = [int(level) for level in _LEVEL.findall(field.group(1))]
    resolved = []
    offset = 0
    for char in text:
        resolved.append(per_byte[offset])
        offset += len(char.encode("utf-8"))
    if offset != len(per_byte):
        raise RuntimeError("python-bidi's levels do not match the text")
    return resolved


def runs(line_levels: list[int], base_level: int) -> list[Run]:
    """Runs of equal level in *visual* order (rule L2), for one line."""
    if not line_levels:
        return []
    found: list[Run] = []
    start = 0
    for i in range(1, len(line_levels) + 1):
        if i == len(line_levels) or line_levels[i] != line_levels[start]:
            found.append(Run(start, i, line_levels[start]))
            start = i
    highest = max(r.level for r in found)
    lowest_odd = min((r.level for r in found if r.level % 2), default=highest + 1)
    lowest_odd = min(lowest_odd, base_level | 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(found):
            if found[i].level >= level:
                j = i
                while j < len(found) and found[j].level >= level:
                    j += 1
                found[i:j] = reversed(found[i:j])
                i = j
            else:
                i += 1
    return found
