"""The merge reader: other writers' files, rich text, gaps, and hostile files."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import xlsxwriter

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.merge import merge_exports, read_export
from actionkit.core.signatures.xlsx_read import XlsxReader

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _package(
    sheet_xml: str, shared: str | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """A minimal workbook with one sheet called Data, written by hand."""
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
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_rich_text_phonetics_gaps_numbers_and_shared_strings() -> None:
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is>'
        "<r><t>Nar</t></r><r><t>ges</t></r><rPh><t>phonetic</t></rPh></is></c></row>"
        '<row r="3"><c r="B3"><v>42.0</v></c><c r="AA3" t="s"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    shared = (
        f'<sst xmlns="{MAIN}"><si><t>نرگس محمدی</t></si>'
        "<si><r><t>a</t></r><r><t>b</t></r></si></sst>"
    )
    rows = list(XlsxReader(_package(sheet, shared)).rows("Data"))
    assert rows[0] == ["نرگس محمدی", "", "Narges"]
    assert rows[1] == [], "a row left out of the file is an empty row"
    assert rows[2][1] == "42" and rows[2][26] == "ab" and len(rows[2]) == 27


def test_entities_are_never_expanded() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "AAAAAAAAAA">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&c;</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>'
    )
    try:
        rows = list(XlsxReader(_package(laughs)).rows("Data"))
    except ActionKitError:
        return  # refusing the file is as good as reading it safely
    text = "".join(rows[0])
    assert "AAAAAAAAAA" not in text and "root:" not in text


def test_zip_bombs_and_non_zips_are_refused() -> None:
    bomb = _package(f'<worksheet xmlns="{MAIN}"/>', extra={"xl/media/big.bin": bytes(50 * 2**20)})
    with pytest.raises(ActionKitError, match="zip bomb"):
        XlsxReader(bomb)
    with pytest.raises(ActionKitError, match=r"not an \.xlsx"):
        XlsxReader(b"PK\x03\x04 nothing")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ActionKitError, match=r"xl/workbook\.xml is missing"):
        XlsxReader(buffer.getvalue())


def test_a_file_saved_by_another_program_merges(tmp_path: Path) -> None:
    """Shared strings and numbers as another writer (here XlsxWriter) stores them,
    as when someone opened an export in a spreadsheet program and saved it."""
    path = tmp_path / "resaved.xlsx"
    book = xlsxwriter.Workbook(str(path))
    signers = book.add_worksheet("Signers")
    table: list[list[str | int]] = [
        ["first_name", "last_name", "email", "city", "sheet", "row"],
        ["نرگس", "محمدی", "n@example.org", "Tehran", "K7Q2-9XHM", 3],
        ["José", "Muñoz", "jose@example.org", "Cali", "K7Q2-9XHM", 4],
    ]
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            signers.write(r, c, value)
    about = book.add_worksheet("About")
    about.write_row(0, 0, ("schema", "actionkit-signers"))
    about.write_row(1, 0, ("schema_version", "1"))
    book.close()
    signers_read = read_export(path)
    assert [s.values["first_name"] for s in signers_read] == ["نرگس", "José"]
    assert signers_read[0].provenance == ("resaved.xlsx", "", "K7Q2-9XHM", "3")
    report = merge_exports([path, path], tmp_path / "central.xlsx", parallel=False)
    assert (report.rows_in, report.rows_out) == (4, 2)
