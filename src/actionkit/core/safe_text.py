"""Make user-supplied strings safe to put in a spreadsheet cell or CSV field.

Excel and LibreOffice treat a cell starting with = + - @ (or a tab or carriage
return before them) as a formula, even in a CSV file. A leading apostrophe
makes them show the text as typed.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value
