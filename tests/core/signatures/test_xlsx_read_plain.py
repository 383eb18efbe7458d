"""The plain path (regular expressions over a sheet's rows) against the streaming path
(lxml, row by row): the same rows, or the same error, for every sheet."""

from __future__ import annotations

import random
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures import xlsx_read
from actionkit.core.signatures.xlsx_read import XlsxReader

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# What volunteers type and what hostile files hold: Persian with its joiners,
# emoji, markup characters, line breaks, spreadsheet noise.
PIECES = [
    "نرگس",
    "محمدی\u200c",
    "José",
    "😀",
    "👩🏽‍⚖️",
    "a",
    " ",
    "  ",
    "<",
    ">",
    "&",
    '"',
    "'",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "]]",
    "\ufdd0",
    "\x85",
    "=1+1",
    "42.0",
    "3.5",
    ".0",
    "0",
]


def _escape(text: str, rng: random.Random) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">" and (rng.random() < 0.5 or "".join(out).endswith("]]")):
            out.append("&gt;")
        elif char in "\"'" and rng.random() < 0.3:
            out.append("&quot;" if char == '"' else "&apos;")
        elif (char == "\r" and rng.random() < 0.5) or rng.random() < 0.05:
            out.append(f"&#{code};" if rng.random() < 0.5 else f"&#x{code:X};")
        else:
            out.append(char)
    return "".join(out)


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, rng: random.Random, strings: int, odd: bool) -> str:
    style = f' s="{rng.randint(0, 30)}"' if rng.random() < 0.3 else ""
    kind = rng.choice([None, "n", "s", "inlineStr", "inlineStr", "str", "b", "e"])
    if kind == "s" and not strings:
        kind = "inlineStr"
    kinds = f' t="{kind}"' if kind else ""
    head = f'<c r="{ref}"{kinds}{style}' if rng.random() < 0.5 else f'<c r="{ref}"{style}{kinds}'
    if odd and rng.random() < 0.04:
        return rng.choice(
            [
                f'{head}><is><r><t>a</t></r><r><t xml:space="preserve"> b</t></r>'
                "<rPh><t>x</t></rPh></is></c>",
                f"{head}><f>1+1</f><v>2</v></c>",
                f"{head}><!-- note --><v>7</v></c>",
                f"{head}><v><![CDATA[<b>]]></v></c>",
                f'<c r="{ref.lower()}"><v>5.0</v></c>',
                f'{head} x:y="1"><v>1</v></c>',
                f'<c  r="{ref}"><v>1</v></c>',
                f"{head}><v>&#1;</v></c>",
                f"{head}><v>\x01</v></c>",
                f"{head}><v>\ufffe</v></c>",
                f"{head}><v>&#xFFFF;</v></c>",
                f"{head}><v>]]></v></c>",
                f"{head}><v>{strings + 5}</v></c>",
                f"{head}><is><t>x</t></is></c>",
                f'<c r="XFE{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><v>1</v></c>',
            ]
        )
    if rng.random() < 0.1 and kind != "s":  # an empty shared string cell is an error
        return f"{head}/>" if rng.random() < 0.5 else f"{head}></c>"
    if kind == "s":
        return f"{head}><v>{rng.randrange(strings)}</v></c>"
    if kind == "inlineStr":
        space = ' xml:space="preserve"' if rng.random() < 0.3 else ""
        return f"{head}><is><t{space}>{_escape(_text(rng), rng)}</t></is></c>"
    if kind in (None, "n"):
        number = rng.choice(["42.0", "3.5", "-0.0", "1e3", "7", "1.0E+2", ""])
        return f"{head}><v>{number}</v></c>"
    return f"{head}><v>{_escape(_text(rng), rng)}</v></c>"


def _sheet(rng: random.Random, strings: int, odd: bool) -> str:
    rows = []
    number = 0
    for _ in range(rng.randint(0, 12)):
        number += rng.choice([1, 1, 1, 2, 5])
        if odd and rng.random() < 0.05:
            number -= 3  # a row out of order
        cells = []
        column = -1
        for _ in range(rng.randint(0, 8)):
            column += rng.choice([1, 1, 1, 2, 30])
            cells.append(_cell(f"{_letters(column)}{number}", rng, strings, odd))
        attributes = rng.choice(
            [f' r="{number}"', f' r="{number}" spans="1:9"', f' ht="15" r="{number}"', ""]
        )
        if not cells and rng.random() < 0.5:
            rows.append(f"<row{attributes}/>")
        else:
            rows.append(f"<row{attributes}>{''.join(cells)}</row>")
    if odd and rng.random() < 0.2:
        rows.insert(rng.randint(0, len(rows)), rng.choice(["<!-- c -->", "\n  ", "<?pi x?>"]))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}">'
        f'<dimension ref="A1"/><sheetData>{"".join(rows)}</sheetData>'
        '<pageMargins left="0.7"/></worksheet>'
    )


def _shared(rng: random.Random, count: int) -> str:
    items = []
    for _ in range(count):
        if rng.random() < 0.2:
            items.append(
                f"<si><r><t>{_escape(_text(rng), rng)}</t></r><r><t>{_escape(_text(rng), rng)}"
                "</t></r><rPh><t>ruby</t></rPh></si>"
            )
        else:
            items.append(f"<si><t>{_escape(_text(rng), rng)}</t></si>")
    return f'<sst xmlns="{MAIN}">{"".join(items)}</sst>'


def _package(sheet_xml: str, shared: str | None) -> bytes:
    files = {
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        files["xl/sharedStrings.xml"] = shared
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def _printable(text: str) -> str:
    return "".join(c for c in text if c.isprintable() or c in "\t\n")


def _both(data: bytes, sheet: str = "Data") -> tuple[object, object, bool]:
    """What the reader gives (rows or the error's text), what the streaming path
    gives, and whether the plain path read the sheet."""
    results: list[object] = []
    for read in ("rows", "streamed"):
        try:
            book = XlsxReader(data)
            if read == "rows":
                rows = list(book.rows(sheet))
            else:
                rows = list(book._streamed_rows(sheet, book._shared_strings()))
            results.append(rows)
        except ActionKitError as exc:
            results.append(f"error: {exc}")
    book = XlsxReader(data)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        xml = archive.read(book._sheets[sheet])
    try:
        strings = book._shared_strings()
    except ActionKitError:
        return results[0], results[1], False
    plain = xlsx_read._plain_rows(xml, strings, lambda: None) is not None
    return results[0], results[1], plain


@pytest.mark.parametrize("odd", [False, True], ids=["plain", "with-odd-cells"])
def test_plain_and_streaming_paths_read_the_same(odd: bool) -> None:
    rng = random.Random(17 + odd)
    plain_read = errors = 0
    for _ in range(400):
        count = rng.choice([0, 0, 3, 20])
        data = _package(_sheet(rng, count, odd), _shared(rng, count) if count else None)
        read, streamed, plain = _both(data)
        assert read == streamed
        plain_read += plain
        errors += isinstance(read, str)
    if odd:
        # Both kinds occur: sheets the plain path leaves to the stream, and errors.
        assert 20 < plain_read < 350 and errors > 20
    else:
        assert plain_read == 400 and errors == 0


def test_files_written_by_xlsxwriter_and_openpyxl_take_the_plain_path(tmp_path: Path) -> None:
    rng = random.Random(7)
    table = [
        [
            rng.choice([_text(rng), rng.randint(-5, 10**6), rng.random() * 100, 2.0, None, True])
            for _ in range(12)
        ]
        for _ in range(300)
    ]
    for writer in ("xlsxwriter", "openpyxl"):
        path = tmp_path / f"{writer}.xlsx"
        if writer == "xlsxwriter":
            book = xlsxwriter.Workbook(str(path))
            sheet = book.add_worksheet("Data")
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    if isinstance(value, str):
                        sheet.write_string(r, c, value)
                    elif value is not None:
                        sheet.write(r, c, value)
            book.close()
        else:
            workbook = openpyxl.Workbook()
            active = workbook.active
            assert active is not None
            active.title = "Data"
            for row in table:
                # openpyxl refuses control characters and stores "=..." as a formula.
                active.append([_printable(v).lstrip("=") if isinstance(v, str) else v for v in row])
            workbook.save(path)
        read, streamed, plain = _both(path.read_bytes())
        assert plain, writer
        assert read == streamed
        assert isinstance(read, list) and len(read) == 300


def test_anything_around_the_rows_is_still_parsed_safely() -> None:
    """A DTD before the rows is refused, and rows under another namespace stay unread,
    whichever path reads them."""
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    doctype = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "A">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>{row}</sheetData></worksheet>'
    )
    with pytest.raises(ActionKitError, match="DTD"):
        list(XlsxReader(_package(doctype, None)).rows("Data"))
    elsewhere = (
        f'<worksheet xmlns="{MAIN}"><x xmlns="urn:other"><sheetData>{row}</sheetData></x>'
        "</worksheet>"
    )
    assert list(XlsxReader(_package(elsewhere, None)).rows("Data")) == []
    commented = f'<worksheet xmlns="{MAIN}"><!-- <sheetData>{row}</sheetData> --></worksheet>'
    assert list(XlsxReader(_package(commented, None)).rows("Data")) == []
    data = f"<sheetData>{row}</sheetData>"
    two = f'<worksheet xmlns="{MAIN}">{data}{data}</worksheet>'
    read, streamed, plain = _both(_package(two, None))
    assert read == streamed and not plain


NUMBER = ' t="n"'
ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'


@pytest.mark.parametrize(
    "rows, after",
    [
        ('<row r="1" r="2"><c r="A1"><v>1</v></c></row>', ""),
        ('<row r="1" xmlns="urn:other"><c r="A1"><v>1</v></c></row>', ""),
        (ROW, '<extLst><row r="2"><c r="A2"><v>2</v></c></row></extLst>'),
        (ROW, f"<sheetData>{ROW}</sheetData>"),
        ('<row r="1"><c r="XFE1"><v>1</v></c></row>', ""),
        ('<row r="1"><c r="XFD1"><v>1</v></c></row>', ""),
        (f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 32_768}</t></is></c></row>', ""),
        (f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 32_767}</t></is></c></row>', ""),
        ('<row r="1048577"><c r="A1"><v>1</v></c></row>', ""),
        ('<row r="2"/><row r="1"/>', ""),
        ('<row r="x"/>', ""),
        ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ""),
        # A row of more than a million characters is read a cell at a time.
        (
            '<row r="1">'
            + "".join(
                f'<c r="{_letters(n % 700)}1"{NUMBER if n % 3 else ""}><v>{n}.0</v></c>'
                for n in range(60_000)
            )
            + '</row><row r="2"><c r="B2"/><c r="C2" t="inlineStr"><is><t>z</t></is></c></row>',
            "",
        ),
    ],
)
def test_hostile_rows_are_read_or_refused_the_same(rows: str, after: str) -> None:
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{after}</worksheet>'
    read, streamed, plain = _both(_package(sheet, None))
    assert read == streamed
    if len(sheet) > 1_000_000:
        assert plain and isinstance(read, list) and read[1] == ["", "", "z"]


def test_a_row_that_fails_at_its_end_costs_one_pass() -> None:
    """Backtracking stays linear: a row of many cells that breaks only at its end
    (no </row>) is given up at once, without a search for later rows."""
    import time

    cells = '<c r="A1" t="inlineStr"><is><t>abc</t></is></c>' * 20_000
    rows = "".join(f'<row r="{n}">{cells}<row r="{n}"/>' for n in range(1, 21))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    start = time.process_time()
    assert xlsx_read._plain_rows(sheet, [], lambda: None) is None
    assert time.process_time() - start < 2.0
