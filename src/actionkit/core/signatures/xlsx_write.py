"""A small streaming .xlsx writer that never touches a temporary file.

openpyxl's write-only mode streams each sheet through a temporary file on disk;
for signer data that file is plaintext outside the store (and a crash leaves it
behind). This writer deflates each sheet straight into the file object it is
given: the output's own temporary file, or memory when the workbook is then
encrypted or sealed, so memory holds the compressed workbook only (about 4 MB
for 100,000 signers).

Every string is an inline string cell: never a formula, whatever it starts with.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

# Characters XML 1.0 cannot carry at all (spreadsheet programs refuse the file).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _escape(text: str) -> str:
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


# Column widths in characters: wide enough for a header and typical values, never
# wider than MAX_WIDTH (a long value is cut on screen, as in any spreadsheet).
MIN_WIDTH = 8.0
MAX_WIDTH = 50.0
# What a column of a kind typically holds, by a word in its header.
_KIND_WIDTHS = (
    ("email", 30.0),
    ("flagged", 36.0),
    ("reason", 30.0),
    ("decision", 30.0),
    ("name", 16.0),
    ("city", 14.0),
    ("event", 22.0),
    ("sheet", 12.0),
    ("date", 12.0),
    ("time", 12.0),
    ("country", 10.0),
    ("postal", 10.0),
    ("zip", 10.0),
    ("consent", 9.0),
)


def column_widths(
    header: Sequence[Any], sample: Iterable[Sequence[Any]] = (), *, kinds: bool = True
) -> list[float]:
    """Widths for a sheet's columns: from its header, the kind of value its header names
    (an email column is wide before a single row is written), and a few sample rows;
    capped at MAX_WIDTH. Declared before the rows, so a streamed sheet needs no buffer."""
    widths = [max(MIN_WIDTH, len(str(h)) + 2.0) for h in header]
    if kinds:
        for i, h in enumerate(header):
            word = str(h).casefold()
            for kind, width in _KIND_WIDTHS:
                if kind in word:
                    widths[i] = max(widths[i], width)
                    break
    for row in sample:
        for i, value in enumerate(row):
            if value is None or value == "":
                continue
            if i >= len(widths):
                widths.extend([MIN_WIDTH] * (i + 1 - len(widths)))
            widths[i] = max(widths[i], len(str(value)) + 2.0)
    return [min(w, MAX_WIDTH) for w in widths]


def _cols(widths: Sequence[float]) -> str:
    if not widths:
        return ""
    return (
        "<cols>"
        + "".join(
            f'<col min="{n}" max="{n}" width="{w:.1f}" customWidth="1"/>'
            for n, w in enumerate(widths, 1)
        )
        + "</cols>"
    )


def _column_letters(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class SheetWriter:
    """Rows appended to one sheet; `None` and "" leave the cell out."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._row = 0
        self._columns: list[str] = []
        self._pending: list[str] = []
        self._pending_size = 0

    def append(self, values: Iterable[Any]) -> None:
        self._row += 1
        r = str(self._row)
        cells = [f'<row r="{r}">']
        columns = self._columns
        for i, value in enumerate(values):
            if value is None or value == "":
                continue
            if i >= len(columns):
                columns.extend(_column_letters(n) for n in range(len(columns), i + 1))
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, int | float):
                cells.append(f'<c r="{columns[i]}{r}"><v>{value!r}</v></c>')
            else:
                text = str(value)
                escaped = _escape(text)
                # Whitespace at either end is kept only with xml:space="preserve",
                # written there alone as Excel, openpyxl and XlsxWriter do: the sheet
                # is smaller and reads a tenth faster.
                if text.strip() != text or (escaped is not text and escaped.strip() != escaped):
                    cells.append(
                        f'<c r="{columns[i]}{r}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{escaped}</t></is></c>"
                    )
                else:
                    cells.append(
                        f'<c r="{columns[i]}{r}" t="inlineStr"><is><t>{escaped}</t></is></c>'
                    )
        cells.append("</row>")
        text = "".join(cells)
        self._pending.append(text)
        self._pending_size += len(text)
        if self._pending_size > 1 << 16:
            self.flush()

    def extend(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.append(row)

    def flush(self) -> None:
        if self._pending:
            self._stream.write("".join(self._pending).encode("utf-8"))
            self._pending.clear()
            self._pending_size = 0


class XlsxWriter:
    """Sheets written one after the other into `fileobj`; used as a context manager,
    the file is finished when the block ends, and left unfinished (the caller removes
    it) when the block fails."""

    def __init__(self, fileobj: IO[bytes], *, compresslevel: int = 1, min_size: int = 0) -> None:
        self._zip = zipfile.ZipFile(
            fileobj, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self._names: list[str] = []
        self._min_size = min_size
        # Parts beyond the sheets (a chart, its drawing): name -> content type; and
        # what the sheet being written carries after its rows (its <drawing/>).
        self._parts: dict[str, str] = {}
        self._sheet_tail = ""
        self._first = ""  # the sheet shown first (its tab first, and open)

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.close()
        else:
            self._zip.fp = None  # nothing more is written: the caller drops the file

    @contextmanager
    def sheet(
        self, name: str, widths: Sequence[float] = (), *, fit_width: bool = False
    ) -> Iterator[SheetWriter]:
        """A sheet; `widths` its columns' widths in characters (column_widths), written
        before its rows; `fit_width`: printed landscape, its width on one page."""
        self._names.append(name)
        member = f"xl/worksheets/sheet{len(self._names)}.xml"
        head = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fit_width else ""
        with self._zip.open(member, "w", force_zip64=True) as stream:
            stream.write(
                f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">{head}{_cols(widths)}'
                "<sheetData>".encode()
            )
            writer = SheetWriter(stream)
            yield writer
            writer.flush()
            page = (
                '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3"'
                ' footer="0.3"/><pageSetup orientation="landscape" fitToWidth="1"'
                ' fitToHeight="0"/>'
                if fit_width
                else ""
            )
            stream.write(f"</sheetData>{page}{self._sheet_tail}</worksheet>".encode())
            self._sheet_tail = ""

    @property
    def sheet_number(self) -> int:
        """The number of the sheet being written (or last written): sheet{n}.xml."""
        return len(self._names)

    def add_part(self, member: str, xml: str, content_type: str = "") -> None:
        """Another part of the package (xl/charts/chart1.xml, a relationships file);
        with a content type, [Content_Types].xml names it."""
        self._zip.writestr(member, xml)
        if content_type:
            self._parts["/" + member] = content_type

    def end_sheet_with(self, xml: str) -> None:
        """XML the sheet being written ends with, after its rows (<drawing r:id=.../>)."""
        self._sheet_tail = xml

    def show_first(self, name: str) -> None:
        """Put the sheet `name` first among the tabs, open when the workbook opens
        (sheets are still written, and read by name, in their own order)."""
        self._first = name

    def close(self) -> None:
        """Write the parts that name the sheets, and the zip's directory."""
        sheets = range(1, len(self._names) + 1)
        # The tab order is the order <sheets> lists them; the first tab is opened.
        tabs = sorted(zip(sheets, self._names, strict=True), key=lambda s: s[1] != self._first)
        self._zip.writestr(
            "[Content_Types].xml",
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType='
                '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for n in sheets
            )
            + "".join(
                f'<Override PartName="{part}" ContentType="{kind}"/>'
                for part, kind in self._parts.items()
            )
            + "</Types>",
        )
        self._zip.writestr(
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>',
        )
        self._zip.writestr(
            "xl/workbook.xml",
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            + "".join(
                f'<sheet name="{_attribute(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, name in tabs
            )
            + "</sheets></workbook>",
        )
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{_REL}/worksheet"'
                f' Target="worksheets/sheet{n}.xml"/>'
                for n in sheets
            )
            + f'<Relationship Id="rId{len(self._names) + 1}" Type="{_REL}/styles"'
            ' Target="styles.xml"/></Relationships>',
        )
        self._zip.writestr(
            "xl/styles.xml",
            f'{_XML}<styleSheet xmlns="{_MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"'
            ' xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>",
        )
        written = self._zip.fp.tell() if self._zip.fp is not None else 0
        if written < self._min_size:  # a zip comment pads it; readers ignore it
            self._zip.comment = b" " * min(self._min_size - written, 65535)
        self._zip.close()
