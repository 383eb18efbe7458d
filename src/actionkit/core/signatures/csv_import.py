"""Reading a CSV of typed-in signer rows, whatever Excel or a phone saved it as.

The file may come from anyone's machine: it is decoded with a stated set of
encodings (UTF-8 with or without BOM, UTF-16, Windows-1252, Windows-1256),
split on any line ending (CR, LF, CRLF) and on the delimiter its header uses
(comma, semicolon as German or French Excel writes, or tab), and every row that cannot be used
is refused on its own with a one-line reason; nothing in it reaches a
traceback, and what is quoted back from it is short and escaped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.csv_write import DELIMITER_NAMES, detect_delimiter

MAX_CSV_BYTES = 20 * 1024 * 1024  # about 200,000 rows: far more than any street table
MAX_FIELD_CHARS = 1_000  # a name or an address is far shorter; validation allows 300
MAX_ROW_NUMBER = 100_000
ROW_COLUMN = "row"
CONSENT_WORDS = ("1", "yes", "y", "true", "x", "ja", "sí", "si", "oui", "بله")

# Runs of ASCII letters and non-ASCII bytes: the words of a legacy-encoded file.
_WORD = re.compile(rb"[^\x00-\x40\x5b-\x60\x7b-\x7f]+")
_ASCII_LETTER = re.compile(rb"[A-Za-z]")


@dataclass(frozen=True)
class CsvRow:
    """One usable line: its line number in the file, the sheet row it names (or None),
    and its values by lower-case header."""

    line: int
    row: int | None
    values: dict[str, str]


@dataclass(frozen=True)
class RefusedLine:
    """A line that was not used, and why (one line, hostile content escaped)."""

    line: int
    reason: str


def excerpt(text: str, limit: int = 20) -> str:
    """A short, escaped piece of what a file holds: safe to print or show."""
    short = text[:limit]
    escaped = "".join(
        c
        if c.isprintable() and c not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        else ascii(c)[1:-1]
        for c in short
    )
    return f"'{escaped}{'…' if len(text) > limit else ''}'"


def _legacy_encoding(raw: bytes, name: str) -> str:
    """Windows-1252 (Western Europe) or Windows-1256 (Persian, Arabic), judged by the
    words: accented letters sit inside Latin words, Persian words are all high bytes."""
    latin = persian = 0
    for word in _WORD.findall(raw):
        high = sum(b >= 0x80 for b in word)
        if not high:
            continue
        if _ASCII_LETTER.search(word):
            latin += 1
        elif high >= 2:
            persian += 1
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        latin = 0  # bytes Windows-1252 does not define: it is not that
    if persian and persian >= 9 * latin:
        return "cp1256"
    if latin and latin >= 9 * persian:
        return "cp1252"
    raise ActionKitError(
        f"{name} is not UTF-8, and ActionKit cannot tell whether it is Windows-1252 "
        "(Western European) or Windows-1256 (Persian or Arabic). Give --encoding cp1252 "
        "or --encoding cp1256, or save it from Excel as 'CSV UTF-8'.",
        key="csv.encoding_unsure",
        file=name,
    )


def decode_csv(raw: bytes, name: str, encoding: str | None = None) -> str:
    """The text of a CSV file; ActionKitError with a clear reason when it cannot be read."""
    if len(raw) > MAX_CSV_BYTES:
        raise ActionKitError(
            f"{name} is larger than the {MAX_CSV_BYTES // 2**20} MB limit for a CSV import.",
            key="csv.too_large",
            file=name,
        )
    if encoding:
        try:
            text = raw.decode(encoding)
        except LookupError:
            raise ActionKitError(
                f"{excerpt(encoding)} is not an encoding ActionKit knows (try cp1256, cp1252 "
                "or utf-8).",
                key="csv.encoding_unknown",
            ) from None
        except UnicodeDecodeError as exc:
            raise ActionKitError(
                f"{name} is not readable as {encoding} (byte {exc.start:,} does not fit).",
                key="csv.not_encoding",
                file=name,
            ) from None
    elif raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or (
        len(raw) >= 8 and raw[0] != 0 and raw[4] != 0 and raw[1:4] == raw[5:8] == b"\x00\x00\x00"
    ):
        raise ActionKitError(
            f"{name} is UTF-32 text, which ActionKit does not read. Save it as 'CSV UTF-8' "
            "(or UTF-16) and import it again.",
            key="csv.utf32",
            file=name,
        )
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ActionKitError(
                f"{name} starts like UTF-16 text but is not.", key="csv.bad_utf16", file=name
            ) from None
    else:
        text = _decode_without_bom(raw, name)
    if "\x00" in text:
        raise ActionKitError(
            f"{name} holds binary data, not CSV text.", key="csv.binary", file=name
        )
    return text.removeprefix("\ufeff")


def _decode_without_bom(raw: bytes, name: str) -> str:
    sample = raw[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        # UTF-16 without its mark: every other byte of Latin text is zero.
        odd_zeros = sample[1::2].count(0) > sample[0::2].count(0)
        try:
            return raw.decode("utf-16-le" if odd_zeros else "utf-16-be")
        except UnicodeDecodeError:
            raise ActionKitError(
                f"{name} holds binary data, not CSV text.", key="csv.binary", file=name
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    return raw.decode(_legacy_encoding(raw, name))


def read_csv_file(path: Path, encoding: str | None = None) -> str:
    """Decode the CSV at `path` (see decode_csv), refusing an oversized file unread."""
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ActionKitError(
                f"{path.name} is larger than the {MAX_CSV_BYTES // 2**20} MB limit for a "
                "CSV import.",
                key="csv.too_large",
                file=path.name,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ActionKitError(
            f"Cannot read {path.name}: {exc.strerror or exc}.", key="csv.unreadable"
        ) from exc
    return decode_csv(raw, path.name, encoding)


LINE_END = re.compile(r"\r\n|\r|\n")


def _cells(line: str, delimiter: str = ",") -> list[str]:
    """One physical line as cells; csv.Error when its quoting is broken. A signer's
    name, email or city never holds a line break, so a quote may not carry a field on
    to the next line: one stray quote must not fold the signers below into one field."""
    return next(csv.reader([line], delimiter=delimiter, strict=True), [])


def _header(line: str) -> tuple[list[str], str] | None:
    """The header's column names and the delimiter that splits it into a header naming
    first_name or last_name: the likeliest first (German Excel writes ";", some tools
    tab), then comma, semicolon, tab. None when none of them does."""
    likeliest = detect_delimiter(line)
    for delimiter in dict.fromkeys((likeliest, *DELIMITER_NAMES)):
        try:
            header = [h.strip().casefold() for h in _cells(line, delimiter)]
        except csv.Error:
            continue
        if {"first_name", "last_name"} & set(header):
            return header, delimiter
    return None


def signer_rows(text: str, name: str, fields: tuple[str, ...]) -> Iterator[CsvRow | RefusedLine]:
    """The rows of a decoded CSV: usable ones, and refused lines with their reason.
    The header must name first_name and/or last_name; other known columns are `fields`
    and `row` (the row number on the paper sheet)."""
    lines = LINE_END.split(text)
    found = _header(lines[0]) if lines else None
    if found is None:
        raise ActionKitError(
            f"{name} needs a header row with first_name and/or last_name "
            f"(and any of: {', '.join(fields)}, {ROW_COLUMN}); its first line, split by "
            "comma, by semicolon and by tab, names neither.",
            key="csv.no_header",
            file=name,
        )
    header, delimiter = found
    for line, physical in enumerate(lines[1:], start=2):
        if not physical.strip():
            continue
        if len(physical) > csv.field_size_limit():
            yield RefusedLine(
                line,
                f"a field too long to read (the line has {len(physical):,} characters; the "
                f"limit for a field is {MAX_FIELD_CHARS:,}), starting {excerpt(physical)}; "
                "not saved",
            )
            continue
        try:
            if physical.count('"') % 2:  # a quote opened or closed on another line
                raise csv.Error("unbalanced quote")
            cells = _cells(physical, delimiter)
        except csv.Error:
            yield RefusedLine(
                line,
                f"a quote that is not closed on this line, starting {excerpt(physical)}; "
                "not saved (the lines around it are read on their own)",
            )
            continue
        if not any(c.strip() for c in cells):
            continue
        long = next((c for c in cells if len(c) > MAX_FIELD_CHARS), None)
        if long is not None:
            yield RefusedLine(
                line,
                f"a field of {len(long):,} characters (the limit is {MAX_FIELD_CHARS:,}), "
                f"starting {excerpt(long)}; not saved",
            )
            continue
        values = {h: c for h, c in zip(header, cells, strict=False) if h}
        number = values.get(ROW_COLUMN, "").strip()
        if not number:
            yield CsvRow(line, None, values)
        elif number.isascii() and number.isdigit() and 1 <= int(number) <= MAX_ROW_NUMBER:
            yield CsvRow(line, int(number), values)
        else:
            yield RefusedLine(
                line, f"the row number {excerpt(number)} is not a whole number from 1; not saved"
            )


def consent_given(text: str) -> bool:
    """Whether a consent cell says yes, in any of our languages."""
    return text.strip().casefold() in CONSENT_WORDS
