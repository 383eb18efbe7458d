"""CSV that opens right where people are, and goes into a CRM as it is: the delimiter
from the locale, the byte order mark, the formula rule per preset; read back."""

from __future__ import annotations

import csv
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.csv_write import (
    FormulaCell,
    FormulaRefused,
    csv_locale,
    default_delimiter,
    detect_delimiter,
    parse_delimiter,
    write_csv,
)
from actionkit.core.signatures.export import export_csv, load_presets
from actionkit.core.signatures.purge import export_log
from actionkit.core.signatures.store import Sheet, SignatureStore
from actionkit.core.signatures.validation import SignerInput

HEADERS = ["first_name", "last_name", "city", "postal_code", "sheet", "row"]
ROWS = [
    ["نرگس", "محمدی", "Köln; Altstadt", "01067", "K-1", "1"],
    ["José", 'Muñoz "Pepe", Peña', "Bonn", "53111", "K-1", "2"],
    ['=HYPERLINK("http://evil.example","x")', "Weiß", "+49 221", "50667", "K-1", "3"],
    ["Jan", "@SUM(A1)", "Köln", "50667", "K-2", "4"],
]


def where(row: object) -> tuple[str, str]:
    cells = list(row)  # type: ignore[call-overload]
    return cells[4], cells[5]


def read_back(data: bytes, delimiter: str) -> list[list[str]]:
    text = data.decode("utf-8")
    return list(csv.reader(text.removeprefix("\ufeff").splitlines(), delimiter=delimiter))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("de_DE.UTF-8", ";"),
        ("de-AT", ";"),
        ("fr_FR", ";"),
        ("fr_CA.UTF-8", ";"),
        ("es_ES", ";"),
        ("es_CO.UTF-8", ";"),  # Bogotá and Cali: decimal comma
        ("es_MX", ","),  # Mexico writes a decimal point
        ("it_IT", ";"),
        ("nl_NL", ";"),
        ("pt_BR", ";"),
        ("ru_RU", ";"),
        ("sv_SE.UTF-8", ";"),
        ("en_US.UTF-8", ","),
        ("en_GB", ","),
        ("fa_IR", ","),
        ("C.UTF-8", ","),
        ("", ","),
        ("de", ";"),
    ],
)
def test_the_default_delimiter_is_a_semicolon_where_excel_expects_one(
    name: str, expected: str
) -> None:
    assert default_delimiter(name) == expected


def test_the_system_locale_decides_and_the_ui_language_fills_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("LC_ALL", "LC_NUMERIC", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert default_delimiter() == ";"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL overrides LANG, as in C
    assert default_delimiter() == ","
    # An English UI on a German system: the system's spreadsheet splits on ";".
    assert csv_locale("de_DE.UTF-8", "en") == "de_DE.UTF-8"
    # No system locale at all (a bare container): the UI language's.
    assert csv_locale("C.UTF-8", "fr") == "fr"
    assert csv_locale("POSIX", "en") == "en"
    assert default_delimiter(csv_locale("C", "de")) == ";"


def test_delimiters_by_name() -> None:
    assert [parse_delimiter(w) for w in (",", ";", "tab", "TAB", "semicolon")] == [
        ",",
        ";",
        "\t",
        "\t",
        ";",
    ]
    with pytest.raises(ActionKitError, match="not a delimiter"):
        parse_delimiter("|")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_spreadsheet_csv_has_a_bom_and_reads_back_exactly(delimiter: str) -> None:
    out = BytesIO()
    plain = [r for r in ROWS if not r[0].startswith("=") and not r[1].startswith("@")]
    assert write_csv(out, HEADERS, plain, delimiter=delimiter) == len(plain)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM: Excel and LibreOffice read Persian"
    assert data.count(b"\r\n") == len(plain) + 1
    assert read_back(data, delimiter) == [HEADERS, *plain]
    assert detect_delimiter(data.decode("utf-8")) == delimiter


def test_guard_puts_an_apostrophe_before_a_formula() -> None:
    out = BytesIO()
    write_csv(out, HEADERS, ROWS, delimiter=";", formulas="guard")
    rows = read_back(out.getvalue(), ";")
    assert rows[3][0] == "'" + ROWS[2][0] and rows[3][2] == "'+49 221"
    assert rows[4][1] == "'@SUM(A1)"
    assert rows[1][3] == "01067", "the postcode is written as it is"


def test_flag_writes_values_as_they_are_and_says_where_they_are() -> None:
    out = BytesIO()
    flagged: list[FormulaCell] = []
    written = write_csv(
        out, HEADERS, ROWS, bom=False, formulas="flag", flagged=flagged, origin=where
    )
    assert written == len(ROWS)
    data = out.getvalue()
    assert not data.startswith(b"\xef\xbb\xbf"), "a CRM importer takes a BOM as data"
    assert read_back(data, ",") == [HEADERS, *ROWS], "no apostrophe travels into the CRM"
    assert [(c.line, c.column, c.sheet, c.row) for c in flagged] == [
        (4, "first_name", "K-1", "3"),
        (4, "city", "K-1", "3"),
        (5, "last_name", "K-2", "4"),
    ]
    assert flagged[0].describe() == "line 4 (first_name, sheet K-1 row 3)"


def test_refuse_names_the_lines_never_the_values() -> None:
    out = BytesIO()
    with pytest.raises(FormulaRefused) as refused:
        write_csv(out, HEADERS, ROWS, bom=False, formulas="refuse", origin=where)
    message = str(refused.value)
    assert "line 4 (first_name, sheet K-1 row 3)" in message
    assert "line 5 (last_name, sheet K-2 row 4)" in message
    assert "HYPERLINK" not in message and "SUM" not in message and "+49" not in message
    assert b"HYPERLINK" not in out.getvalue(), "nothing after the first is written"


def test_detect_delimiter_on_headers_from_real_programs() -> None:
    assert detect_delimiter("\ufefffirst_name;last_name;email\r\nSara;Karimi;s@x.org") == ";"
    assert detect_delimiter("first_name\tlast_name\tcity, state\n") == "\t"
    assert detect_delimiter('"last, first";city;row\n') == ";"
    assert detect_delimiter("first_name,last_name;email,city\n") == ","
    assert detect_delimiter("name\n") == ","
    assert detect_delimiter("first_name;last_name\rSara;Karimi, Tehrani\r") == ";"  # old Mac


def fill(store: SignatureStore, sheet: Sheet) -> None:
    people = [
        ("Sara", "Karimi", "01067", True),
        ("=HYPERLINK(1)", "Weiß", "50667", True),
        ("نرگس", "-Mohammadi", "53111", False),
    ]
    for row, (first, last, postcode, consent) in enumerate(people, 1):
        signer = SignerInput(
            first_name=first,
            last_name=last,
            email=f"p{row}@example.org",
            city="Köln",
            postal_code=postcode,
            consent=consent,
        )
        store.add_row(sheet.id, row, signer)


def test_export_csv_follows_the_locale_for_a_spreadsheet_preset(
    store: SignatureStore, sheet: Sheet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store, sheet)
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    result = export_csv(store, tmp_path / "koeln.csv", load_presets()["generic"])
    data = (tmp_path / "koeln.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbffirst_name;last_name;")
    rows = read_back(data, ";")
    header = rows[0]
    assert [r[header.index("postal_code")] for r in rows[1:]] == ["01067", "50667", "53111"]
    assert rows[2][header.index("first_name")] == "'=HYPERLINK(1)"
    assert result.rows == 3 and result.formulas_flagged == ()
    written = export_csv(store, tmp_path / "comma.csv", load_presets()["generic"], delimiter=",")
    assert written.rows == 3
    assert read_back((tmp_path / "comma.csv").read_bytes(), ",")[0] == header


def test_export_csv_flags_or_refuses_for_a_crm(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    fill(store, sheet)
    crm = load_presets()["crm"]
    result = export_csv(store, tmp_path / "crm.csv", crm, formulas="flag")
    data = (tmp_path / "crm.csv").read_bytes()
    assert data.startswith(b"first_name,"), "comma, no BOM: what CRMs document"
    rows = read_back(data, ",")
    assert rows[2][0] == "=HYPERLINK(1)" and rows[3][1] == "-Mohammadi"
    assert [c.describe() for c in result.formulas_flagged] == [
        f"line 3 (first_name, sheet {sheet.id} row 2)",
        f"line 4 (last_name, sheet {sheet.id} row 3)",
    ]
    logged = len(export_log(store))
    with pytest.raises(FormulaRefused, match=r"line 3 \(first_name"):
        export_csv(store, tmp_path / "refused.csv", crm, formulas="refuse")
    assert not (tmp_path / "refused.csv").exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    assert len(export_log(store)) == logged, "a refused export is not logged as written"


def test_export_csv_to_a_stream_writes_no_file_and_logs_stdout(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    fill(store, sheet)
    files = {p.name for p in tmp_path.iterdir() if "sqlite" not in p.name}
    out = BytesIO()
    result = export_csv(store, out, load_presets()["crm"], delimiter=";", formulas="flag")
    assert result.rows == 3 and len(result.formulas_flagged) == 2
    assert read_back(out.getvalue(), ";")[1][:2] == ["Sara", "Karimi"]
    assert {p.name for p in tmp_path.iterdir() if "sqlite" not in p.name} == files
    assert export_log(store)[-1].file_name == "stdout"


def libreoffice_reads(csv_file: Path, options: str, tmp_path: Path) -> list[list[object]]:
    """`csv_file` opened by LibreOffice headless with CSV filter `options`, saved as xlsx
    and read back: what a LibreOffice user sees in the cells."""
    from openpyxl import load_workbook

    out = tmp_path / "lo"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            f"--infilter=CSV:{options}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(csv_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = load_workbook(out / f"{csv_file.stem}.xlsx").active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_in_a_semicolon_locale_reads_every_value_but_the_postcode_zero(
    tmp_path: Path,
) -> None:
    path = tmp_path / "koeln.csv"
    with path.open("wb") as fh:
        write_csv(fh, HEADERS, ROWS, delimiter=";")
    # 59 ";", 34 '"', 76 UTF-8, from line 1, German (1031): a German user's import.
    cells = libreoffice_reads(path, "59,34,76,1,,1031", tmp_path)
    assert cells[0] == HEADERS
    for got, sent in zip(cells[1:], ROWS, strict=True):
        assert [got[0], got[1], got[2]] == [
            v if not v.startswith(("=", "+", "-", "@")) else "'" + v for v in sent[:3]
        ], "names, a city holding ';', Persian and accents arrive whole; formulas as text"
    # What the README says: a CSV cell has no type, so the leading zero is lost.
    assert cells[1][3] == 1067 and cells[2][3] == 53111
    # Only an import with the column set to Text (the dialog's column type) keeps it.
    as_text = libreoffice_reads(path, "59,34,76,1,4/2,1031", tmp_path / "text")
    assert as_text[1][3] == "01067"
