"""Marks: a paper row saved without a signer to type, so that its sheet can be complete.

The store counts a sheet's rows 1 to its paper count, so every one of them needs a
saved row. A row with no signer to type is saved with a mark instead: "illegible"
(written in, but it cannot be read), "declined" (the signer asked to be left out)
or "blank" (nobody on it: an empty row between filled ones, or a row crossed out).
A marked row counts toward its sheet being complete and never as a signature; a
blank row holds nothing at all and is never exported. Stored flags are codes
separated by commas; every list of marks in the code comes from MARKS.
"""

from __future__ import annotations

BLANK = "blank"
MARKS = ("illegible", "declined", BLANK)
# Each mark in the words an export shows (English: the file goes to a campaign's
# office, whatever language the organizer's interface speaks). No code is part of
# another code's words: the export swaps codes for words in SQL.
MARK_WORDS = {
    "illegible": "marked illegible",
    "declined": "signer declined",
    BLANK: "empty or crossed-out row",
}
# The marks in one phrase, for a message that counts marked rows.
MARKED_PHRASE = "marked illegible, declined or empty"


def flag_sql(code: str, flags: str = "s.flags") -> str:
    """SQL that is true when the stored flags `flags` (a column) hold `code`."""
    return f"((',' || {flags} || ',') LIKE '%,{code},%')"


def marked_sql(flags: str = "s.flags") -> str:
    """SQL that is true (1) for a row carrying any mark (most rows have no flags at
    all: that is tested first)."""
    any_mark = " OR ".join(flag_sql(code, flags) for code in MARKS)
    return f"(CASE WHEN {flags} = '' THEN 0 ELSE ({any_mark}) END)"


def is_marked(flags: str | frozenset[str]) -> bool:
    """Whether stored flags ("illegible,warn:did_you_mean") or a row's flag set carry a mark."""
    codes = {f.strip() for f in flags.split(",")} if isinstance(flags, str) else flags
    return not codes.isdisjoint(MARKS)
