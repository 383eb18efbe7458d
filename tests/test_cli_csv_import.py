"""`actionkit signatures import-csv` on the files volunteers really have: old Mac line
endings, a pasted essay, a superscript row number, Windows-1252 (all tracebacks before)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.test_cli_signatures import run, sheet_id

__all__ = ["sheet_id"]  # the fixture, shared with the signature commands' tests


def _import(capsys: pytest.CaptureFixture[str], path: Path, sheet: str) -> tuple[int, str, str]:
    return run(capsys, "signatures", "import-csv", str(path), "--sheet", sheet)


def _last_names(capsys: pytest.CaptureFixture[str]) -> list[str]:
    _, out, _ = run(capsys, "signatures", "list", "--format", "csv")
    return [row[4] for row in list(csv.reader(out.splitlines()))[1:]]


def test_classic_mac_line_endings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b"first_name,last_name,city\rSara,Karimi,Bonn\rAli,Rezaei,Koeln\r")
    code, out, err = _import(capsys, path, sheet_id)
    assert code == 0, err
    assert "Imported 2 row(s)" in out
    assert _last_names(capsys) == ["Karimi", "Rezaei"]


def test_a_long_field_and_an_odd_row_number_are_refused_by_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    path = tmp_path / "rows.csv"
    lines = [
        "first_name,last_name,row",
        f"Sara,{'x' * 200_000},1",
        "Ali,Rezaei,²",
        "Neda,Karimi,4",
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    code, out, err = _import(capsys, path, sheet_id)
    assert code == 3  # done, with lines left out
    assert "Traceback" not in err
    assert "line 2: a field" in err and "1,000" in err
    assert "line 3: the row number '²'" in err
    assert len(err) < 1000  # nothing of the 200,000 characters is echoed
    assert "Imported 1 row(s)" in out and "2 not saved" in out
    assert _last_names(capsys) == ["Karimi"]


def test_windows_1252_is_detected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes("first_name,last_name,city\r\nJosé,Müller,Köln\r\n".encode("cp1252"))
    code, _out, err = _import(capsys, path, sheet_id)
    assert code == 0, err
    assert _last_names(capsys) == ["Müller"]


def test_utf32_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes("first_name\nSara\n".encode("utf-32"))
    code, _, err = _import(capsys, path, sheet_id)
    assert code == 1 and "UTF-32" in err and "Traceback" not in err


def test_a_german_excel_file_semicolons_bom_crlf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    # What German Excel's "CSV UTF-8" writes: a BOM, ";" between fields, CRLF; a city
    # holding a comma. Before, the whole line was one field and the header had no names.
    path = tmp_path / "Unterschriften.csv"
    lines = [
        "first_name;last_name;city;postal_code;consent;row",
        "Jürgen;Weiß;Köln, Altstadt;01067;ja;1",
        'Sara;"Karimi; Tehrani";Bonn;53111;;2',
        "نرگس;محمدی;Köln;50667;بله;3",
    ]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    code, out, err = _import(capsys, path, sheet_id)
    assert code == 0, err
    assert "Imported 3 row(s)" in out
    _, listed, _ = run(capsys, "signatures", "list", "--format", "csv")
    rows = list(csv.reader(listed.splitlines()))
    header = rows[0]
    got = [tuple(r[header.index(h)] for h in ("last_name", "city", "consent")) for r in rows[1:]]
    assert got == [
        ("Weiß", "Köln, Altstadt", "yes"),
        ("Karimi; Tehrani", "Bonn", "no"),
        ("محمدی", "Köln", "yes"),
    ]


def test_a_tab_separated_file_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text("first_name\tlast_name\tcity\nAli\tRezaei\tKöln, Süd\n", encoding="utf-8")
    code, _out, err = _import(capsys, path, sheet_id)
    assert code == 0, err
    assert _last_names(capsys) == ["Rezaei"]


def test_a_header_no_delimiter_splits_says_which_were_tried(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("first_name|last_name\nAli|Rezaei\n", encoding="utf-8")
    code, _out, err = _import(capsys, path, sheet_id)
    assert code == 1
    assert "split by comma, by semicolon and by tab" in err
