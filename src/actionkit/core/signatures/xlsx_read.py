"""A small, strict reader for the cells of an .xlsx sheet, values as text.

Merging reads files that came from other people's machines, so the reader is
careful: the zip is checked for size and compression ratio before anything is
inflated, and the XML parser never loads a DTD, expands an entity or touches
the network. It streams a sheet row by row with lxml, which is several times
faster than openpyxl's read-only mode on the files we merge, and it only reads
what we need: sheet names, shared strings and cell values (no styles, no
formulas evaluated; a formula's cached value is what a spreadsheet shows).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import IO

from lxml import etree

from actionkit.core.errors import ActionKitError

MAX_INFLATED_BYTES = 1024 * 1024 * 1024
# What a damaged or crafted zip raises while a member is being read.
_BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)
MAX_RATIO = 200  # an honest spreadsheet's XML compresses about 10-30 times

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v"
_TEXT, _PHONETIC = f"{_MAIN}t", f"{_MAIN}rPh"
_DIGITS = "0123456789"


def _parser_options() -> dict[str, bool]:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
    }


def _column(ref: str) -> int:
    """0-based column of a cell reference like "AB12"."""
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number - 1


def _text_of(element: etree._Element) -> str:
    """The text of an inline string or shared string item (plain or rich runs)."""
    runs = list(element.iter(_TEXT))
    if len(runs) == 1:
        return runs[0].text or ""
    # Rich text: the runs joined, leaving out phonetic guides (rPh) for East Asian text.
    return "".join(t.text or "" for t in runs if t.getparent().tag != _PHONETIC)


class XlsxReader:
    """Open a workbook from bytes; read sheets by name as rows of strings."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise ActionKitError("is not an .xlsx file", key="xlsx.not_xlsx") from exc
        inflated = 0
        for info in self._zip.infolist():
            inflated += info.file_size
            big = info.file_size > 4 * 1024 * 1024
            if big and info.file_size / max(info.compress_size, 1) > MAX_RATIO:
                raise ActionKitError(
                    "is compressed suspiciously well (a zip bomb?)", key="xlsx.bomb"
                )
        if inflated > MAX_INFLATED_BYTES:
            raise ActionKitError(
                f"would unpack to more than {MAX_INFLATED_BYTES // 2**20} MB",
                key="xlsx.too_large",
                megabytes=MAX_INFLATED_BYTES // 2**20,
            )
        self._sheets = self._sheet_paths()
        self._strings: list[str] | None = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def _open(self, member: str) -> IO[bytes]:
        try:
            return self._zip.open(member)
        except KeyError as exc:
            raise ActionKitError(
                f"is damaged ({member} is missing)", key="xlsx.missing", member=member
            ) from exc
        except _BROKEN_ZIP as exc:
            raise ActionKitError(
                f"is damaged ({member}: {exc})", key="xlsx.damaged", detail=f"{member}: {exc}"
            ) from exc

    def _parse(self, member: str) -> etree._Element:
        try:
            with self._open(member) as stream:
                return etree.parse(stream, etree.XMLParser(**_parser_options())).getroot()
        except etree.XMLSyntaxError as exc:
            raise ActionKitError(
                f"is damaged ({member}: {exc.msg})",
                key="xlsx.damaged",
                detail=f"{member}: {exc.msg}",
            ) from exc
        except _BROKEN_ZIP as exc:
            raise ActionKitError(
                f"is damaged ({member}: {exc})", key="xlsx.damaged", detail=f"{member}: {exc}"
            ) from exc

    def _sheet_paths(self) -> dict[str, str]:
        book = self._parse("xl/workbook.xml")
        rels = self._parse("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        sheets = {}
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            if not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheets[sheet.get("name", "")] = posixpath.normpath(path)
        return sheets

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if "xl/sharedStrings.xml" in self._zip.namelist():
                with self._open("xl/sharedStrings.xml") as stream:
                    for _, item in self._events(stream, f"{_MAIN}si"):
                        self._strings.append(_text_of(item))
                        item.clear()
        return self._strings

    def _events(self, stream: IO[bytes], tag: str) -> Iterator[tuple[str, etree._Element]]:
        try:
            yield from etree.iterparse(stream, events=("end",), tag=tag, **_parser_options())
        except etree.XMLSyntaxError as exc:
            raise ActionKitError(
                f"is damaged ({exc.msg})", key="xlsx.damaged", detail=str(exc.msg)
            ) from exc
        except _BROKEN_ZIP as exc:
            raise ActionKitError(
                f"is damaged ({exc})", key="xlsx.damaged", detail=str(exc)
            ) from exc

    def rows(self, name: str) -> Iterator[list[str]]:
        """The rows of a sheet as lists of strings, empty cells as ""; blank rows kept."""
        if name not in self._sheets:
            raise ActionKitError(f"has no {name} sheet", key="xlsx.no_sheet", sheet=name)
        strings = self._shared_strings()
        expected = 1
        columns: dict[str, int] = {}
        with self._open(self._sheets[name]) as stream:
            for _, row in self._events(stream, _ROW):
                number = int(row.get("r") or expected)
                while expected < number:  # rows left out of the file are empty
                    yield []
                    expected += 1
                expected = number + 1
                values: list[str] = []
                for cell in row:
                    if cell.tag != _CELL:
                        continue
                    ref = cell.get("r")
                    column = columns.get(ref.rstrip(_DIGITS)) if ref else len(values)
                    if column is None:
                        column = columns[ref.rstrip(_DIGITS)] = _column(ref)
                    kind = cell.get("t")
                    if kind == "inlineStr":
                        # <c><is><t>text</t></is></c>, or rich text runs
                        inline = cell[0] if len(cell) == 1 else None
                        if inline is not None and len(inline) == 1 and inline[0].tag == _TEXT:
                            text = inline[0].text or ""
                        else:
                            text = _text_of(cell)
                    else:
                        raw = cell.findtext(_VALUE) or ""
                        if kind == "s":
                            try:
                                text = strings[int(raw)]
                            except (ValueError, IndexError) as exc:
                                raise ActionKitError("is damaged (a bad shared string)") from exc
                        elif kind in (None, "n") and raw.endswith(".0"):
                            text = raw[:-2]
                        else:
                            text = raw
                    if column == len(values):
                        values.append(text)
                    else:
                        if column > len(values):
                            values.extend([""] * (column - len(values) + 1))
                        values[column] = text
                row.clear()
                while row.getprevious() is not None:  # keep memory flat on long sheets
                    del row.getparent()[0]
                yield values
