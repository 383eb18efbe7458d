"""CSV import of signer rows: any line ending, long fields, odd row numbers and the
encodings Excel saves, each refused or read with a clear line and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.csv_import import (
    MAX_FIELD_CHARS,
    CsvRow,
    RefusedLine,
    decode_csv,
    read_csv_file,
    signer_rows,
)

FIELDS = ("first_name", "last_name", "email", "city", "consent")
ROWS = "first_name,last_name,city,row\nنرگس,Karimi,Köln,3\nSara,Müller,Zürich,\n"


def _read(text: str) -> list[CsvRow | RefusedLine]:
    return list(signer_rows(text, "rows.csv", FIELDS))


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_ending(ending: str) -> None:
    rows = _read(ROWS.replace("\n", ending))
    assert [(r.line, r.row, r.values["last_name"]) for r in rows if isinstance(r, CsvRow)] == [
        (2, 3, "Karimi"),
        (3, None, "Müller"),
    ]


def test_a_line_break_inside_quotes_refuses_both_halves() -> None:
    """No name, email or city holds a line break: a quote carried over one is broken
    quoting, and each half is refused on its own line rather than joined."""
    rows = _read('first_name,city\r"Sara\rMaria",Köln\rAli,Bonn\r')
    assert [r.values["first_name"] for r in rows if isinstance(r, CsvRow)] == ["Ali"]
    assert [r.line for r in rows if isinstance(r, RefusedLine)] == [2, 3]


@pytest.mark.parametrize("length", [MAX_FIELD_CHARS + 1, 200_000])
def test_a_long_field_refuses_its_row_only(length: int) -> None:
    rows = _read(f"first_name,city\nSara,{'x' * length}\nAli,Bonn\n")
    refused = [r for r in rows if isinstance(r, RefusedLine)]
    assert len(refused) == 1 and refused[0].line == 2
    assert f"{MAX_FIELD_CHARS:,}" in refused[0].reason and len(refused[0].reason) < 200
    assert [r.values["first_name"] for r in rows if isinstance(r, CsvRow)] == ["Ali"]


@pytest.mark.parametrize("number", ["²", "٣", "0", "-1", "3.5", "1e9", "99999999999999999999"])
def test_odd_row_numbers_are_refused_per_row(number: str) -> None:
    rows = _read(f"first_name,row\nSara,{number}\nAli,4\n")
    assert isinstance(rows[0], RefusedLine) and rows[0].line == 2
    assert "row number" in rows[0].reason
    assert isinstance(rows[1], CsvRow) and rows[1].row == 4


def test_hostile_content_is_quoted_short_and_escaped() -> None:
    rows = _read("first_name,row\nSara,\u202e\x1b[31m" + "9" * 500 + "\n")
    assert isinstance(rows[0], RefusedLine)
    assert "\u202e" not in rows[0].reason and "\x1b" not in rows[0].reason
    assert "\\u202e" in rows[0].reason and len(rows[0].reason) < 120


TEXT = "first_name,last_name,city\nنرگس,کریمی,تهران\nSara,Müller,Köln\n"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", TEXT),
        ("utf-8-sig", TEXT),
        ("utf-16", TEXT),  # Excel's "Unicode text", with its BOM
        ("utf-16-le", TEXT),  # without the BOM
        ("cp1252", "first_name,last_name,city\nJosé,Müller,Köln\nFrançois,Lefèvre,Genève\n"),
        ("cp1256", "first_name,last_name,city\nعلي,رضائي,تهران\nنرگس,محمدي,شيراز\n"),
    ],
)
def test_encodings_are_detected(encoding: str, text: str) -> None:
    assert decode_csv(text.encode(encoding), "rows.csv") == text


def test_utf32_is_named_as_unsupported() -> None:
    for encoding in ("utf-32", "utf-32-le"):
        with pytest.raises(ActionKitError, match="UTF-32 text, which ActionKit does not read"):
            decode_csv(TEXT.encode(encoding), "rows.csv")


def test_unsure_between_western_and_persian_says_so() -> None:
    mixed = "first_name,last_name\nJosé,Müller\nعلي,رضائي\n".encode("cp1256", "replace")
    with pytest.raises(ActionKitError, match="cannot tell whether it is Windows-1252"):
        decode_csv(mixed, "rows.csv")


def test_a_named_encoding_and_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(TEXT.replace("Müller", "Muller").replace("Köln", "Koln").encode("utf-8"))
    with pytest.raises(ActionKitError, match="not an encoding ActionKit knows"):
        read_csv_file(path, "klingon")
    path.write_bytes(b"first_name\nab\x00cd\n")
    with pytest.raises(ActionKitError, match="binary data"):
        read_csv_file(path)


def test_an_unclosed_quote_costs_its_own_line_only() -> None:
    """A security tester's file: a quote opened on line 2 and never closed folded the
    eleven signers below into one first name (with their emails) and said 'Imported 1'.
    Fails on the old code."""
    lines = ["row,first_name,last_name,email,city", '1,"Maryam,Ahmadi,m@x.org,Berlin']
    lines += [f"{n},S{n},L{n},s{n}@x.org,Bonn" for n in range(2, 13)]
    found = list(signer_rows("\r\n".join(lines), "quote.csv", FIELDS))
    refused = [r for r in found if isinstance(r, RefusedLine)]
    rows = [r for r in found if isinstance(r, CsvRow)]
    assert [r.line for r in refused] == [2]
    assert "not closed" in refused[0].reason
    assert [r.row for r in rows] == list(range(2, 13))
    assert all("@" not in r.values["first_name"] for r in rows)
