"""Our streaming xlsx writer: whitespace at the ends of a text survives in any reader."""

from __future__ import annotations

import zipfile
from io import BytesIO

from openpyxl import load_workbook

from actionkit.core.signatures.xlsx_write import XlsxWriter

VALUES = [" leading", "trailing ", "\tTab", "line\n", "inner  spaces", "plain", "a\u00a0", "x\x01 "]


def _book() -> bytes:
    out = BytesIO()
    with XlsxWriter(out) as book, book.sheet("Data") as sheet:
        sheet.append(VALUES)
    return out.getvalue()


def test_edge_whitespace_is_marked_preserve_and_plain_text_is_not() -> None:
    data = _book()
    xml = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    for text in (" leading", "trailing ", "\tTab", "line\n", "a\u00a0", "x "):
        assert f'<t xml:space="preserve">{text}</t>' in xml, text
    for text in ("inner  spaces", "plain"):
        assert f"<t>{text}</t>" in xml, text
    cells = [c.value for c in next(load_workbook(BytesIO(data))["Data"].iter_rows())]
    assert cells == [*VALUES[:-1], "x "]  # the control character is dropped
