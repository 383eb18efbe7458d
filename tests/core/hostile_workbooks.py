"""Hostile workbooks, made by code: each one attacks the merge's reader in its own way.

`hostile_workbooks()` maps a file name to its bytes; `good_export()` is an honest
ActionKit export to merge beside them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from actionkit.core.signatures.export import SCHEMA, encrypt_with_password

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_WORKBOOK = (
    f'<?xml version="1.0"?><workbook {_NS} {_R}><sheets>'
    '<sheet name="About" sheetId="1" r:id="rId1"/>'
    '<sheet name="Signers" sheetId="2" r:id="rId2"/></sheets></workbook>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/>'
    '<Relationship Id="rId2" Target="worksheets/sheet2.xml" Type="x"/></Relationships>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


_ABOUT = (
    f'<?xml version="1.0"?><worksheet {_NS}><sheetData>'
    f'<row r="1">{_cell("A1", "key")}{_cell("B1", "value")}</row>'
    f'<row r="2">{_cell("A2", "schema")}{_cell("B2", SCHEMA)}</row>'
    f'<row r="3">{_cell("A3", "schema_version")}{_cell("B3", "1")}</row>'
    "</sheetData></worksheet>"
)
_HEADER = (
    f'<row r="1">{_cell("A1", "first_name")}{_cell("B1", "last_name")}{_cell("C1", "email")}</row>'
)


def _signers(rows: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{prolog}<worksheet {_NS}><sheetData>{_HEADER}{rows}'
        "</sheetData></worksheet>"
    )


def _book(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types '
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ),
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _RELS,
        "xl/worksheets/sheet1.xml": _ABOUT,
        "xl/worksheets/sheet2.xml": _signers(""),
    }
    parts.update(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            if data is not None:
                archive.writestr(name, data)
    return out.getvalue()


def good_export(first: str, email: str) -> bytes:
    row = f'<row r="2">{_cell("A2", first)}{_cell("B2", "Tester")}{_cell("C2", email)}</row>'
    return _book({"xl/worksheets/sheet2.xml": _signers(row)})


def _plain_excel() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "Phone"])
    book.active.append(["Someone", "0912"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _spin_count(spins: int) -> bytes:
    """A password-protected export whose key derivation asks for `spins` rounds."""
    data = encrypt_with_password(good_export("Spin", "spin@example.org"), "secret")
    old = b'spinCount="100000"'
    new = b'spinCount="%d"' % spins
    declaration = b'standalone="yes"?>\n'
    assert old in data and declaration in data and len(new) - len(old) == 1
    # the same length: one byte longer here, the newline after the declaration dropped
    return data.replace(old, new).replace(declaration, declaration[:-1])


def hostile_workbooks(names: list[str] | None = None) -> dict[str, bytes]:
    """The hostile files by name (all, or only `names`: the big ones take a while)."""
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "' + "A" * 100 + '">'
        + "".join(
            f'<!ENTITY e{n} "{(f"&e{n - 1};" if n else "&a;") * 10}">' for n in range(9)
        )
        + "]>"
    )  # fmt: skip
    xxe = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'

    def shared() -> str:
        many = "".join(f"<si><t>{n:07d}{'x' * 40}</t></si>" for n in range(3_000_000))
        return f'<?xml version="1.0"?><sst {_NS}>{many}</sst>'

    def tiny_strings() -> str:
        return "".join(f"<si><t>{n}</t></si>" for n in range(1_200_000))

    def bomb() -> bytes:
        return b"<a/>" + b" " * (300 * 2**20)

    def huge_row() -> str:
        # varied text, so the zip is not a suspiciously good compression
        import random

        rng = random.Random(14)
        cells = "".join(
            f'<c r="A2" t="inlineStr"><is><t>{rng.getrandbits(64):x}</t></is></c>'
            for _ in range(2_000_000)
        )
        return _signers(f'<row r="2">{cells}</row>')

    makers: dict[str, Callable[[], bytes]] = {
        "row-1e12.xlsx": lambda: _book(
            {
                "xl/worksheets/sheet2.xml": _signers(
                    f'<row r="1000000000000">{_cell("A1000000000000", "x")}</row>'
                )
            }
        ),
        "far-column.xlsx": lambda: _book(
            {"xl/worksheets/sheet2.xml": _signers(f'<row r="2">{_cell("XFDXFD2", "x")}</row>')}
        ),
        "far-column-3.xlsx": lambda: _book(
            {"xl/worksheets/sheet2.xml": _signers(f'<row r="2">{_cell("ZZZ2", "x")}</row>')}
        ),
        "lowercase-refs.xlsx": lambda: _book(
            {"xl/worksheets/sheet2.xml": _signers(f'<row r="2">{_cell("zzz2", "x")}</row>')}
        ),
        "shared-strings.xlsx": lambda: _book(
            {
                "xl/sharedStrings.xml": shared(),
                "xl/worksheets/sheet2.xml": _signers(
                    '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
                ),
            }
        ),
        "spin-10M.xlsx": lambda: _spin_count(9_999_999),
        "billion-laughs.xlsx": lambda: _book(
            {
                "xl/worksheets/sheet2.xml": _signers(
                    f'<row r="2">{_cell("A2", "&e8;")}</row>', laughs
                )
            }
        ),
        "xxe.xlsx": lambda: _book(
            {"xl/worksheets/sheet2.xml": _signers(f'<row r="2">{_cell("A2", "&x;")}</row>', xxe)}
        ),
        "laughs-in-workbook.xlsx": lambda: _book(
            {"xl/workbook.xml": _WORKBOOK.replace("<workbook", laughs + "<workbook", 1)}
        ),
        "many-shared-strings.xlsx": lambda: _book(
            {"xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {_NS}>{tiny_strings()}</sst>'}
        ),
        "row-word.xlsx": lambda: _book(
            {"xl/worksheets/sheet2.xml": _signers(f'<row r="²">{_cell("A2", "x")}</row>')}
        ),
        "zip-bomb.xlsx": lambda: _book({"xl/worksheets/sheet2.xml": bomb()}),
        "missing-parts.xlsx": lambda: _book({"xl/workbook.xml": None}),  # type: ignore[dict-item]
        "missing-sheet.xlsx": lambda: _book({"xl/worksheets/sheet2.xml": None}),  # type: ignore[dict-item]
        "plain-excel.xlsx": lambda: _plain_excel(),
        "huge-row.xlsx": lambda: _book({"xl/worksheets/sheet2.xml": huge_row()}),
        "not-a-zip.xlsx": lambda: b"PK\x03\x04" + b"\x00" * 200,
    }
    return {name: make() for name, make in makers.items() if names is None or name in names}
