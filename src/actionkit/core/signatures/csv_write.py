"""CSV files for spreadsheets and for CRMs: one writer, with the delimiter, byte order
mark and formula rule an export's preset asks for.

A spreadsheet CSV (a preset whose formula rule is "guard") is opened by people in
Excel or LibreOffice: it starts with a UTF-8 byte order mark (without one, Excel and
LibreOffice read UTF-8 as Windows-1252 and Persian turns into mojibake), its delimiter
is the one the user's spreadsheet program expects (";" where the decimal separator is a
comma, see `default_delimiter`), and a value a spreadsheet would run as a formula gets
a leading apostrophe. A CRM CSV ("flag" or "refuse") is read by an importer that takes
every byte as data: no byte order mark, a comma (what every CRM documents), and values
exactly as typed; one that starts like a formula is reported ("flag") or the export is
refused ("refuse"), naming the line, never the value.

Postcodes: a CSV cell has no type, so Excel and LibreOffice read "01067" as the number
1067 when the file is opened by double-click. The value is written as it is (a CRM
keeps it); a spreadsheet user exports .xlsx, whose cells are text (README).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from actionkit.core.errors import ActionKitError
from actionkit.core.safe_text import FORMULA_STARTS, spreadsheet_safe

BOM = "\ufeff"
# The delimiters ActionKit writes and reads, by the word the CLI takes for each.
DELIMITERS = {",": ",", "comma": ",", ";": ";", "semicolon": ";", "tab": "\t", "\t": "\t"}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
FORMULA_RULES = ("guard", "flag", "refuse")

# Languages whose number format uses a decimal comma: there Excel's list separator
# (which Excel uses to split a CSV opened by double-click) is ";". Regions of these
# languages that write a decimal point instead (Mexico, the US, Central America and
# the Caribbean for Spanish) keep ",".
_DECIMAL_COMMA = frozenset(
    "af az be bg bs ca cs da de el es et eu fi fo fr gl hr hu hy id is it ka kk ky lt lv "  # noqa: SIM905
    "mk mn nb nl nn no pl pt ro ru sk sl sq sr sv tr uk uz vi".split()
)
_DECIMAL_POINT_REGIONS = {"es": frozenset({"MX", "US", "PR", "DO", "GT", "HN", "NI", "PA", "SV"})}
_NO_LOCALE = frozenset({"", "c", "posix"})
_LINE_END = re.compile(r"\r\n|\r|\n")


def _language_region(locale_name: str) -> tuple[str, str]:
    """("de", "AT") from "de_AT.UTF-8", "de-AT", "de_AT@euro" or "de"."""
    base = locale_name.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    language, _, region = base.partition("_")
    return language.lower(), region.upper()


def system_locale() -> str:
    """The system's locale name for numbers ("de_DE.UTF-8", "en-US"), "" if it names none.

    POSIX: LC_ALL, then LC_NUMERIC, then LANG, as the C library reads them. Windows:
    the user's regional format (what Excel's list separator follows). The app passes
    Qt's QLocale.system().name() instead, which reads each platform's own setting."""
    for variable in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return value
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        buffer = ctypes.create_unicode_buffer(85)
        if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, 85):  # type: ignore[attr-defined]
            return buffer.value
    return ""


def csv_locale(system: str, ui_language: str) -> str:
    """The locale a spreadsheet CSV's delimiter follows: the system's, which is what
    Excel and LibreOffice take their list separator from (an English-speaking volunteer
    in Köln with a German system has a German Excel); ActionKit's UI language only
    when the system names no locale (C, POSIX, unset)."""
    if _language_region(system)[0] not in _NO_LOCALE:
        return system
    return ui_language


def default_delimiter(locale_name: str | None = None) -> str:
    """ ";" where Excel splits CSV on semicolons (decimal-comma locales: de, fr, es, it,
    nl, pt, ru, ...), "," otherwise. Without a name, the system's locale."""
    if locale_name is None:
        locale_name = system_locale()
    language, region = _language_region(locale_name)
    if language in _DECIMAL_COMMA and region not in _DECIMAL_POINT_REGIONS.get(language, ()):
        return ";"
    return ","


def parse_delimiter(word: str) -> str:
    """The delimiter a user named (",", ";", "tab", "comma", "semicolon")."""
    try:
        return DELIMITERS[word.strip().lower() if word.strip() else word]
    except KeyError:
        raise ActionKitError(
            f"{word!r} is not a delimiter ActionKit writes; use ',', ';' or 'tab'.",
            key="csv.bad_delimiter",
            delimiter=word,
        ) from None


def detect_delimiter(text: str) -> str:
    """The delimiter of a CSV, judged from its header line: the one of ",", ";" and tab
    that splits it into the most fields (outside quotes). "," when none splits it."""
    header = _LINE_END.split(text.lstrip(BOM), maxsplit=1)[0]
    best, most = ",", 1
    for delimiter in (",", ";", "\t"):
        try:
            fields = len(next(csv.reader([header], delimiter=delimiter), []))
        except csv.Error:
            continue
        if fields > most:
            best, most = delimiter, fields
    return best


@dataclass(frozen=True)
class FormulaCell:
    """A value that a spreadsheet or an importer would take as a formula: where it is
    (the file's line, the header's line being 1; its column; the paper sheet and row it
    came from, when the preset has those columns), never what it holds."""

    line: int
    column: str
    sheet: str = ""
    row: str = ""

    def describe(self) -> str:
        if self.sheet:
            origin = f"sheet {self.sheet}" + (f" row {self.row}" if self.row else "")
            return f"line {self.line} ({self.column}, {origin})"
        return f"line {self.line} ({self.column})"


def describe_cells(cells: Sequence[FormulaCell], limit: int = 10) -> str:
    """'line 7 (first_name), line 9 (city) and 3 more': for a message, one line."""
    shown = ", ".join(c.describe() for c in cells[:limit])
    return shown + (f" and {len(cells) - limit} more" if len(cells) > limit else "")


class FormulaRefused(ActionKitError):
    """A CRM preset refuses values that its importer could run as formulas."""

    def __init__(self, cells: Sequence[FormulaCell]) -> None:
        self.cells = tuple(cells)
        where = describe_cells(self.cells)
        lines = [str(line) for line in dict.fromkeys(c.line for c in self.cells)]
        super().__init__(
            f"Not written: {len(self.cells)} value(s) start like a spreadsheet formula "
            f"(= + - @), which this preset's CRM may run: {where}. Correct those rows, or "
            "export with a spreadsheet preset (which writes them as text).",
            key="csv.formula_refused",
            count=len(self.cells),
            lines=", ".join(lines[:20]) + (" …" if len(lines) > 20 else ""),
        )


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def formula_cells(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    origin: Callable[[Sequence[Any]], tuple[str, str]] | None = None,
) -> list[FormulaCell]:
    """Every formula-looking value of `rows`, without writing anything: for a "refuse"
    export to stdout, where nothing written can be taken back."""
    found: list[FormulaCell] = []
    for line, row in enumerate(rows, 2):
        for column, value in zip(headers, row, strict=False):
            if looks_like_formula(value):
                found.append(FormulaCell(line, column, *(origin(row) if origin else ())))
    return found


class _Utf8:
    """What csv.writer writes to: text, encoded onto a binary stream."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(text.encode("utf-8", "replace"))


def write_csv(
    stream: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ",",
    bom: bool = True,
    formulas: str = "guard",
    flagged: list[FormulaCell] | None = None,
    origin: Callable[[Sequence[Any]], tuple[str, str]] | None = None,
) -> int:
    """Write a header and rows as CSV (CRLF line ends, quoted where needed); the number
    of rows written. `formulas`: "guard" puts an apostrophe before a value starting
    with = + - @ (a spreadsheet shows it as text); "flag" writes it as it is and adds
    where it is to `flagged`; "refuse" stops writing at the first and raises
    FormulaRefused naming all of them (the caller discards what was written: an atomic
    file's temporary file; for stdout, check with `formula_cells` first). `origin`
    gives a row's paper sheet and row number, for the report."""
    if delimiter not in DELIMITER_NAMES:
        raise ActionKitError(
            f"{delimiter!r} is not a delimiter ActionKit writes; use ',', ';' or 'tab'.",
            key="csv.bad_delimiter",
            delimiter=delimiter,
        )
    if formulas not in FORMULA_RULES:
        raise ValueError(f"formula rule {formulas!r} is not one of {', '.join(FORMULA_RULES)}")
    out = _Utf8(stream)
    if bom:
        out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    found: list[FormulaCell] = []
    count = 0
    for line, row in enumerate(rows, 2):
        if formulas == "guard":
            writer.writerow([spreadsheet_safe(v) if isinstance(v, str) else v for v in row])
            count += 1
            continue
        for column, value in zip(headers, row, strict=False):
            if looks_like_formula(value):
                found.append(FormulaCell(line, column, *(origin(row) if origin else ())))
        if formulas == "flag" or not found:
            writer.writerow(row)
            count += 1
    if formulas == "refuse" and found:
        raise FormulaRefused(found)
    if flagged is not None and formulas == "flag":
        flagged.extend(found)
    return count
