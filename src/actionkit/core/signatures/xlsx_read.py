"""A small, strict reader for the cells of an .xlsx sheet, values as text.

Merging reads files that came from other people's machines, so the reader is
careful: the zip is checked for size and compression ratio before anything is
inflated, and the XML parser never loads a DTD, expands an entity or touches
the network. It streams a sheet row by row with lxml, which is several times
faster than openpyxl's read-only mode on the files we merge, and it only reads
what we need: sheet names, shared strings and cell values (no styles, no
formulas evaluated; a formula's cached value is what a spreadsheet shows).
A sheet of plain cells (what we, XlsxWriter and openpyxl write) up to 64 MB is
read twice as fast by strict regular expressions instead (see "The plain path").
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from io import BytesIO
from typing import IO

from lxml import etree

from actionkit.core.errors import ActionKitError

MAX_INFLATED_BYTES = 1024 * 1024 * 1024
# Excel's own limits: nothing an honest workbook holds goes beyond them.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767
MAX_SHARED_STRINGS = 1_000_000  # a 250,000-row export has fewer
MAX_SHARED_STRINGS_BYTES = 100 * 1024 * 1024  # unpacked sharedStrings.xml
MAX_CELLS = 20_000_000  # per sheet, empty ones included
MAX_ELEMENT_BYTES = 8 * 1024 * 1024  # one row's XML (16,384 cells of text are ~3 MB)
_CHUNK = 64 * 1024
MAX_SECONDS = 60.0  # per workbook: a backstop behind the limits above
# Office's default is 100,000; every extra round costs the same, before the
# password can even be checked (10 million rounds took 13 s).
MAX_SPIN_COUNT = 1_000_000
# What a damaged or crafted zip raises while a member is being read.
_BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)
MAX_RATIO = 200  # an honest spreadsheet's XML compresses about 10-30 times

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v"
_TEXT, _PHONETIC = f"{_MAIN}t", f"{_MAIN}rPh"
_DIGITS = "0123456789"
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{0,7})")


def _parser_options() -> dict[str, bool]:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
    }


def _column(letters: str) -> int:
    """0-based column of the letters of a cell reference ("AB" of "AB12"), any case."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number - 1


def _too_big(what: str, limit: int) -> ActionKitError:
    detail = f"{what}; the limit is {limit:,}"
    return ActionKitError(
        f"is beyond what a spreadsheet holds ({detail})", key="xlsx.damaged", detail=detail
    )


def _short(message: object) -> str:
    """A parser's or zip's message, which may quote the file: short, printable, escaped."""
    text = str(message)
    shown = "".join(c if c.isprintable() and c.isascii() else ascii(c)[1:-1] for c in text[:80])
    return shown + ("…" if len(text) > 80 else "")


def _excerpt(raw: str) -> str:
    """A short, escaped piece of what a hostile file holds, safe to show."""
    return ascii(raw[:12])


def _text_of(element: etree._Element) -> str:
    """The text of an inline string or shared string item (plain or rich runs)."""
    runs = list(element.iter(_TEXT))
    if len(runs) == 1:
        return runs[0].text or ""
    # Rich text: the runs joined, leaving out phonetic guides (rPh) for East Asian text.
    return "".join(t.text or "" for t in runs if t.getparent().tag != _PHONETIC)


def _no_doctype(root: etree._Element | None) -> None:
    """Refuse any DTD (None: one was seen in the raw text): no spreadsheet needs one,
    and it is where entity bombs (billion laughs) and external entities (XXE) live.
    Nothing was expanded or fetched."""
    if root is None or root.getroottree().docinfo.doctype:
        raise ActionKitError(
            "is damaged (it declares a DTD, which spreadsheets never do)",
            key="xlsx.damaged",
            detail="a DTD",
        )


def check_office_encryption(data: bytes) -> None:
    """Refuse a password-protected workbook whose key derivation would take too long,
    before deriving the key (the spin count is set by whoever made the file)."""
    import msoffcrypto

    try:
        office = msoffcrypto.OfficeFile(BytesIO(data))
        spins = int(getattr(office, "info", {}).get("spinValue", 0) or 0)
    # olefile and msoffcrypto report a damaged container in many ways; none of
    # them may stop a merge, and the reason is kept.
    except Exception as exc:
        raise ActionKitError(
            f"is damaged (its encryption header cannot be read: {type(exc).__name__})",
            key="xlsx.damaged",
            detail=type(exc).__name__,
        ) from exc
    if spins > MAX_SPIN_COUNT:
        raise _too_big(f"a password spin count of {spins:,}", MAX_SPIN_COUNT)


class XlsxReader:
    """Open a workbook from bytes; read sheets by name as rows of strings.

    Every limit that the zip directory can show is checked before anything is
    inflated; the others (rows, columns, cells, shared strings, time) while
    streaming, so a crafted file stops early instead of growing."""

    def __init__(self, data: bytes, *, max_seconds: float = MAX_SECONDS) -> None:
        self._deadline = time.monotonic() + max_seconds
        self._max_seconds = max_seconds
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            members = self._zip.infolist()
        except (*_BROKEN_ZIP, ValueError) as exc:
            raise ActionKitError("is not an .xlsx file", key="xlsx.not_xlsx") from exc
        inflated = 0
        for info in members:
            inflated += info.file_size
            big = info.file_size > 4 * 1024 * 1024
            if big and info.file_size / max(info.compress_size, 1) > MAX_RATIO:
                raise ActionKitError(
                    "is compressed suspiciously well (a zip bomb?)", key="xlsx.bomb"
                )
            if info.filename == "xl/sharedStrings.xml" and info.file_size > (
                MAX_SHARED_STRINGS_BYTES
            ):
                raise _too_big(
                    f"{info.file_size // 2**20:,} MB of shared strings",
                    MAX_SHARED_STRINGS_BYTES // 2**20,
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

    def _check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise ActionKitError(
                f"took longer than {self._max_seconds:.0f} s to read",
                key="xlsx.damaged",
                detail=f"took longer than {self._max_seconds:.0f} s",
            )

    def _open(self, member: str) -> IO[bytes]:
        try:
            return self._zip.open(member)
        except KeyError as exc:
            raise ActionKitError(
                f"is damaged ({member} is missing)", key="xlsx.missing", member=member
            ) from exc
        except (*_BROKEN_ZIP, ValueError) as exc:
            raise ActionKitError(
                f"is damaged ({member}: {_short(exc)})",
                key="xlsx.damaged",
                detail=f"{member}: {_short(exc)}",
            ) from exc

    def _parse(self, member: str) -> etree._Element:
        try:
            with self._open(member) as stream:
                root = etree.parse(stream, etree.XMLParser(**_parser_options())).getroot()
        except etree.XMLSyntaxError as exc:
            raise ActionKitError(
                f"is damaged ({member}: {_short(exc.msg)})",
                key="xlsx.damaged",
                detail=f"{member}: {_short(exc.msg)}",
            ) from exc
        except (*_BROKEN_ZIP, ValueError) as exc:
            raise ActionKitError(
                f"is damaged ({member}: {_short(exc)})",
                key="xlsx.damaged",
                detail=f"{member}: {_short(exc)}",
            ) from exc
        if root is None:
            raise ActionKitError(
                f"is damaged ({member} is empty)", key="xlsx.missing", member=member
            )
        _no_doctype(root)
        return root

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
            strings: list[str] = []
            if "xl/sharedStrings.xml" in self._zip.namelist():
                with self._open("xl/sharedStrings.xml") as stream:
                    for item in self._events(stream, f"{_MAIN}si"):
                        if len(strings) >= MAX_SHARED_STRINGS:
                            raise _too_big("too many shared strings", MAX_SHARED_STRINGS)
                        first = item[0] if len(item) == 1 else None
                        if first is not None and first.tag == _TEXT:
                            text = first.text or ""
                        else:
                            text = _text_of(item)
                        if len(text) > MAX_CELL_CHARS:
                            raise _too_big("a text longer than a cell holds", MAX_CELL_CHARS)
                        strings.append(text)
                        _forget(item)
                        if not len(strings) % 4096:
                            self._check_time()
            self._strings = strings
        return self._strings

    def _events(self, stream: IO[bytes], tag: str) -> Iterator[etree._Element]:
        try:
            # Fed in chunks rather than read by iterparse, so that an element that
            # never ends (a row of millions of cells) is refused while it streams.
            parser = etree.XMLPullParser(events=("end",), tag=tag, **_parser_options())
            checked = False
            unfinished = 0  # bytes fed since an element last ended
            while chunk := stream.read(_CHUNK):
                if not checked and b"<!DOCTYPE" in chunk:
                    _no_doctype(None)  # before the parser reads a single declaration
                parser.feed(chunk)
                unfinished += len(chunk)
                for _, element in parser.read_events():
                    if not checked:
                        _no_doctype(element)
                        checked = True
                    unfinished = 0
                    yield element
                if unfinished > MAX_ELEMENT_BYTES:
                    raise _too_big(
                        f"a row or text of more than {MAX_ELEMENT_BYTES // 2**20} MB",
                        MAX_ELEMENT_BYTES // 2**20,
                    )
            root = parser.close()
            for _, element in parser.read_events():
                yield element
            if not checked and root is not None:
                _no_doctype(root)
        except etree.XMLSyntaxError as exc:
            raise ActionKitError(
                f"is damaged ({_short(exc.msg)})", key="xlsx.damaged", detail=_short(exc.msg)
            ) from exc
        except (*_BROKEN_ZIP, ValueError) as exc:
            raise ActionKitError(
                f"is damaged ({_short(exc)})", key="xlsx.damaged", detail=_short(exc)
            ) from exc

    def rows(self, name: str) -> Iterator[list[str]]:
        """The rows of a sheet as lists of strings, empty cells as ""; blank rows kept."""
        if name not in self._sheets:
            raise ActionKitError(f"has no {name} sheet", key="xlsx.no_sheet", sheet=name)
        strings = self._shared_strings()
        fast = self._read_plain(self._sheets[name], strings)
        if fast is not None:
            return iter(fast)
        return self._streamed_rows(name, strings)

    def _read_plain(self, member: str, strings: list[str]) -> list[list[str]] | None:
        """A sheet of plain cells read at once (see xlsx_plain), or None: stream it."""
        try:
            size = self._zip.getinfo(member).file_size
        except KeyError:
            return None  # the streaming path names what is missing
        if size > PLAIN_SHEET_BYTES:
            return None
        try:
            with self._zip.open(member) as stream:
                xml = stream.read(PLAIN_SHEET_BYTES + 1)
        except (*_BROKEN_ZIP, ValueError):
            return None  # the streaming path says how the file is damaged
        if len(xml) > PLAIN_SHEET_BYTES:
            return None
        return _plain_rows(xml, strings, self._check_time)

    def _streamed_rows(self, name: str, strings: list[str]) -> Iterator[list[str]]:
        """Any sheet, row by row through lxml, every limit checked as it streams."""
        expected = 1
        cells = 0
        columns: dict[str, int] = {}
        with self._open(self._sheets[name]) as stream:
            for row in self._events(stream, _ROW):
                number = _row_number(row.get("r"), expected)
                while expected < number:  # rows left out of the file are empty
                    yield []
                    expected += 1
                expected = number + 1
                values: list[str] = []
                for cell in row:
                    if cell.tag != _CELL:
                        continue
                    cells += 1
                    ref = cell.get("r")
                    if ref:
                        # Cells of one column share their letters: parsed once per sheet.
                        column = columns.get(ref.rstrip(_DIGITS), -1)
                        if column < 0:
                            column = columns[ref.rstrip(_DIGITS)] = _column_of(ref)
                    else:
                        column = len(values)
                    if column >= MAX_COLUMNS:
                        raise _too_big(f"a cell in column {column + 1:,}", MAX_COLUMNS)
                    # The common cell, an inline string of one run (what we write), read
                    # here without a call; every other kind goes through _cell_text.
                    text = None
                    if len(cell) == 1 and cell.get("t") == "inlineStr":
                        inline = cell[0]
                        if len(inline) == 1:
                            run = inline[0]
                            if run.tag == _TEXT:
                                text = run.text or ""
                                if len(text) > MAX_CELL_CHARS:
                                    raise _too_big(
                                        "a text longer than a cell holds", MAX_CELL_CHARS
                                    )
                    if text is None:
                        text = self._cell_text(cell, strings)
                    if column == len(values):
                        values.append(text)
                    else:
                        if column > len(values):
                            values.extend([""] * (column - len(values) + 1))
                        values[column] = text
                if cells > MAX_CELLS:
                    raise _too_big(f"more than {MAX_CELLS:,} cells in {name}", MAX_CELLS)
                _forget(row)
                if not number % 1024:
                    self._check_time()
                yield values

    @staticmethod
    def _cell_text(cell: etree._Element, strings: list[str]) -> str:
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
                if not raw.isdigit() or not raw.isascii() or int(raw) >= len(strings):
                    raise ActionKitError(
                        "is damaged (a bad shared string)",
                        key="xlsx.damaged",
                        detail="a bad shared string",
                    )
                return strings[int(raw)]
            text = raw[:-2] if kind in (None, "n") and raw.endswith(".0") else raw
        if len(text) > MAX_CELL_CHARS:
            raise _too_big("a text longer than a cell holds", MAX_CELL_CHARS)
        return text


def _forget(element: etree._Element) -> None:
    """Drop a streamed element and the ones before it, so memory stays flat."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _row_number(raw: str | None, expected: int) -> int:
    if raw is None:
        return expected
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 8:
        if raw.isascii() and raw.isdigit():
            raise _too_big(f"row {raw if len(raw) <= 15 else raw[:12] + '…'}", MAX_ROWS)
        raise ActionKitError(
            f"is damaged (a row numbered {_excerpt(raw)})",
            key="xlsx.damaged",
            detail=f"a row numbered {_excerpt(raw)}",
        )
    number = int(raw)
    if number > MAX_ROWS:
        raise _too_big(f"row {number:,}", MAX_ROWS)
    if number < expected:
        raise ActionKitError(
            f"is damaged (row {number} comes after row {expected - 1})",
            key="xlsx.damaged",
            detail=f"row {number} after row {expected - 1}",
        )
    return number


def _column_of(ref: str) -> int:
    match = _REF.fullmatch(ref)
    if match is None:
        if ref[:1].isalpha() and ref.rstrip(_DIGITS).isalpha() and ref.isascii():
            raise _too_big(f"a cell at column {_excerpt(ref)}", MAX_COLUMNS)
        raise ActionKitError(
            f"is damaged (a cell at {_excerpt(ref)})",
            key="xlsx.damaged",
            detail=f"a cell at {_excerpt(ref)}",
        )
    return _column(match.group(1))


# The plain path. Building lxml's tree costs about as much as everything else in a
# merge, so a sheet of at most PLAIN_SHEET_BYTES whose rows are written in the plain
# form every writer we know uses (ours, XlsxWriter, openpyxl) is read with the
# regular expressions below instead. They accept a strict subset of XML: no
# comments, CDATA, processing instructions, prefixes, namespace declarations or
# entities other than XML's five and character references, one space between
# attributes; a sheet with anything else, or anything wrong (a limit, a bad shared
# string, bytes that are not UTF-8), goes down the streaming path, which gives the
# errors. What surrounds <sheetData> is still parsed by lxml with the safe options
# (so a DTD is refused as before), and must put the rows in the main namespace.
PLAIN_SHEET_BYTES = 64 * 1024 * 1024
# The cells of a row: checked in one pass against the plain form (an inline string
# holds one <is><t>, any other cell at most one <v>), then read with a looser
# pattern that finds the same cells faster.
_PLAIN_TEXT = rb"[^<&]*+(?:&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}+|#x[0-9a-fA-F]{1,6}+);[^<&]*+)*+"
_PLAIN_STYLE = rb' s="[0-9]{1,9}"'


def _plain_cell_form(kinds: bytes, content: bytes, *, typed: bool) -> bytes:
    """A cell of the plain form: its reference; its type (required if `typed`) and
    style in either order, each at most once; then nothing or `content`."""
    kind = b' t="(?:' + kinds + b')"'
    later_kind = kind if typed else b"(?:" + kind + b")?"
    attributes = b"(?:" + kind + _PLAIN_STYLE + b"|(?:" + _PLAIN_STYLE + b")?" + later_kind + b")"
    return b'<c r="[A-Z]{1,3}[0-9]{1,7}"' + attributes + b"(?:/>|>(?:" + content + b")?</c>)"


_PLAIN_INLINE = b'<is><t(?: xml:space="preserve")?>' + _PLAIN_TEXT + b"</t></is>"
# Each cell is atomic and the cells possessive: a cell can be read one way only, so
# no backtracking state is kept per cell (a row of 700,000 cells took 300 MB).
_PLAIN_ROW = re.compile(
    rb'<row((?: [A-Za-z]{1,32}="[^"<&]{0,64}")*+)(?:/>|>((?:(?>'
    + _plain_cell_form(b"inlineStr", _PLAIN_INLINE, typed=True)
    + b")|(?>"
    + _plain_cell_form(b"s|n|str|b|e|d", b"<v>" + _PLAIN_TEXT + b"</v>", typed=False)
    + rb"))*+)</row>)"
)
_PLAIN_CELL = re.compile(
    r'<c r="([A-Z]++)[0-9]++"(?: s="[0-9]++")?+(?: t="(\w++)")?+(?: s="[0-9]++")?+'
    r"(?:/>|>(?:<v>|<is><t[^>]*+>)?+([^<]*+))"
)
_PLAIN_FINDALL_CHARS = 1024 * 1024  # longer rows are read a cell at a time
# Control characters XML refuses (all but tab, newline and carriage return).
_PLAIN_CONTROLS = bytes(range(9)) + b"\x0b\x0c" + bytes(range(14, 32))
_PLAIN_ATTRIBUTE = re.compile(r'([A-Za-z]+)="([^"]*)"')
_PLAIN_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_PLAIN_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _NotPlain(Exception):
    """The sheet is not in the plain form: read it through the streaming path."""


def _entity(match: re.Match[str]) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _PLAIN_NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        raise _NotPlain  # lxml refuses it: the streaming path says so
    return chr(code)


def _plain_frame(xml: bytes) -> tuple[int, int] | None:
    """Where the <sheetData> rows of a sheet start and end, once what surrounds them
    has been parsed safely and shown to put them in the main namespace; None if the
    sheet is not plain."""
    start = xml.find(b"<sheetData>")
    end = xml.find(b"</sheetData>", start)
    if start < 0 or end < 0:
        return None
    before, after = xml[:start], xml[end + len(b"</sheetData>") :]
    if b"<sheetData" in before or b"<sheetData" in after or b"<!DOCTYPE" in before:
        return None
    try:
        root = etree.fromstring(
            before + b"<sheetData/>" + after, etree.XMLParser(**_parser_options())
        )
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    tree = root.getroottree()
    if tree.docinfo.doctype or (tree.docinfo.encoding or "").upper() not in ("UTF-8", "UTF8"):
        return None
    # Exactly one sheetData, ours, in the main namespace (not in a comment, not under
    # another default namespace), and no row anywhere else.
    if len(list(root.iter(f"{_MAIN}sheetData"))) != 1 or next(root.iter(_ROW), None) is not None:
        return None
    return start + len(b"<sheetData>"), end


def _plain_rows(
    xml: bytes, strings: list[str], check_time: Callable[[], None]
) -> list[list[str]] | None:
    """The rows of a plain sheet, exactly as the streaming path reads them; None if
    the sheet is not plain or breaks a limit (the streaming path gives the error)."""
    frame = _plain_frame(xml)
    if frame is None:
        return None
    try:
        return _plain_cells(xml, frame, strings, check_time)
    except (_NotPlain, ActionKitError, UnicodeDecodeError, ValueError):
        return None


def _plain_cells(
    xml: bytes, frame: tuple[int, int], strings: list[str], check_time: Callable[[], None]
) -> list[list[str]]:
    rows: list[list[str]] = []
    columns: dict[str, int] = {}
    expected = 1
    cells = 0
    position, end = frame
    while position < end:
        # Each row must start where the last one ended: nothing is skipped over.
        row = _PLAIN_ROW.match(xml, position, end)
        if row is None or row.end() - position > MAX_ELEMENT_BYTES:
            raise _NotPlain
        position = row.end()
        attributes, content = row.group(1, 2)
        if _has_controls(attributes) or (content and _has_controls(content)):
            raise _NotPlain
        number = _plain_row_number(attributes, expected)
        while expected < number:
            rows.append([])
            expected += 1
        expected = number + 1
        values: list[str] = []
        if content:
            text = content.decode("utf-8")
            if "\ufffe" in text or "\uffff" in text:
                raise _NotPlain  # not characters XML allows
            if "\r" in text:  # XML reads every line break as a newline
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if len(text) < _PLAIN_FINDALL_CHARS:
                found: Iterable[tuple[str, ...]] = _PLAIN_CELL.findall(text)
            else:  # one cell at a time: a list of a huge row's cells would take memory
                found = (match.groups("") for match in _PLAIN_CELL.finditer(text))
            # No cell of a row shorter than a cell's limit can pass it (shared
            # strings were checked when read).
            check_length = len(text) > MAX_CELL_CHARS
            for letters, kind, raw in found:
                cells += 1
                column = columns.get(letters, -1)
                if column < 0:
                    column = columns[letters] = _column(letters)
                    if column >= MAX_COLUMNS:
                        raise _NotPlain
                value = _PLAIN_ENTITY.sub(_entity, raw) if "&" in raw else raw
                if kind == "inlineStr":
                    pass
                elif kind == "s":
                    if not value.isdigit() or not value.isascii() or int(value) >= len(strings):
                        raise _NotPlain
                    value = strings[int(value)]
                elif kind in ("", "n") and value.endswith(".0"):
                    value = value[:-2]
                if check_length and len(value) > MAX_CELL_CHARS:
                    raise _NotPlain
                if column == len(values):
                    values.append(value)
                else:
                    if column > len(values):
                        values.extend([""] * (column - len(values) + 1))
                    values[column] = value
        if cells > MAX_CELLS:
            raise _NotPlain
        if not number % 1024:
            check_time()
        rows.append(values)
    return rows


def _has_controls(raw: bytes) -> bool:
    """Whether raw XML holds what lxml refuses: a control character (but tab,
    newline and carriage return) or the end of a CDATA section in text."""
    return len(raw.translate(None, _PLAIN_CONTROLS)) != len(raw) or b"]]>" in raw


def _plain_row_number(attributes: bytes, expected: int) -> int:
    if attributes.startswith(b' r="') and attributes.count(b"=") == 1:
        return _row_number(attributes[4:-1].decode("ascii"), expected)  # the common row
    pairs = _PLAIN_ATTRIBUTE.findall(attributes.decode("ascii"))
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names) or any(n.startswith("xmlns") for n in names):
        raise _NotPlain  # lxml refuses a repeated attribute; xmlns moves the rows
    return _row_number(dict(pairs).get("r"), expected)
