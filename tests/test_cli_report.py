"""`actionkit report`: the totals from the store and from files, as a person reads
them (a sentence and tables), and as JSON and CSV for scripts and spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from actionkit.cli import main
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(app_paths: AppPaths) -> AppPaths:
    """Köln today (8 rows, 6 consented, 10 on paper), Bonn a month ago (4, 1)."""
    today = dt.date.today()
    with SignatureStore.open(app_paths) as store:
        for name, city, days, rows, consented, paper in (
            ("Rally", "Köln", 0, 8, 6, 10),
            ("Vigil", "Bonn", 30, 4, 1, None),
        ):
            date = (today - dt.timedelta(days=days)).isoformat()
            event = store.create_event(name, date, city=city)
            (sheet,) = store.create_sheets(event.slug, ("de",), 1)
            for row in range(1, rows + 1):
                store.add_row(
                    sheet.id,
                    row,
                    SignerInput(
                        first_name=f"{city}{row}",
                        last_name="Signer",
                        email=f"{city.lower()}{row}@example.org",
                        consent=row <= consented,
                    ),
                )
            if paper:
                store.set_paper_count(sheet.id, paper)
    return app_paths


def test_report_from_the_store_starts_with_a_sentence(
    capsys: pytest.CaptureFixture[str], filled: AppPaths
) -> None:
    code, out, err = run(capsys, "report")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "12 signatures from 2 cities (2 events), 58% agreed to be contacted; this week +8; "
        "on paper 10, typed 8 (2 to type) at the 1 event with a paper count."
    )
    for title in ("Per event", "Per city", "Per day"):
        assert title in lines
    koln = next(line for line in lines if line.startswith("Köln "))
    assert koln.split()[1:5] == ["1", "8", "6", "75%"]  # events, signatures, consented, share


def test_report_of_an_empty_store_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report")
    assert code == 0
    assert out.splitlines()[0] == "No signatures yet: no event has rows to count."


def test_report_as_json_and_csv(capsys: pytest.CaptureFixture[str], filled: AppPaths) -> None:
    code, out, _ = run(capsys, "report", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"]["signatures"] == 12 and data["total"]["consented"] == 7
    assert data["total"]["this_week"] == 8 and data["total"]["to_type"] == 2
    assert [e["city"] for e in data["by_event"]] == ["Bonn", "Köln"]
    assert data["headline"].startswith("12 signatures from 2 cities")

    code, out, _ = run(capsys, "report", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    total = next(r for r in rows if r["by"] == "total")
    assert (total["signatures"], total["consented"], total["share"]) == ("12", "7", "58")
    assert {r["key"] for r in rows if r["by"] == "city"} == {"Köln", "Bonn"}


def test_report_from_exports_and_a_merged_workbook(
    capsys: pytest.CaptureFixture[str], filled: AppPaths, tmp_path: Path
) -> None:
    export = tmp_path / "all.xlsx"
    assert run(capsys, "export", "-o", str(export))[0] == 0
    code, out, err = run(capsys, "report", str(export))
    assert code == 0, err
    # The export's Sheets sheet gives the paper count, its Events sheet the dates.
    assert out.splitlines()[0].startswith("12 signatures from 2 cities (2 events), 58%")
    assert (
        "on paper 10, typed 8 (2 to type) at the 1 event with a paper count" in out.splitlines()[0]
    )

    central = tmp_path / "central.xlsx"
    assert run(capsys, "merge", str(export), str(export), "-o", str(central))[0] in (0, 3)
    code, out, _ = run(capsys, "report", str(central), "--format", "json")
    data = json.loads(out)
    assert data["total"]["signatures"] == 12  # the second copy was merged away
    assert data["duplicates_decided"] == 12  # each of its rows is in the Merged sheet


def test_a_file_that_cannot_be_read_is_skipped_and_said(
    capsys: pytest.CaptureFixture[str], filled: AppPaths, tmp_path: Path
) -> None:
    export = tmp_path / "all.xlsx"
    assert run(capsys, "export", "-o", str(export))[0] == 0
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    code, out, err = run(capsys, "report", str(export), str(broken))
    assert code == 3  # done, with something left out
    assert "skipped broken.xlsx" in err
    assert out.startswith("12 signatures")
    code, out, err = run(capsys, "report", str(broken))
    assert code == 1 and out == ""
    assert "No file could be read" in err


def test_report_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["report", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "actionkit report koln.xlsx bonn.csv  # exports received at the centre" in out
    assert "{table,json,csv}" in out


def test_report_opens_a_password_protected_export(
    capsys: pytest.CaptureFixture[str], filled: AppPaths, tmp_path: Path
) -> None:
    password = tmp_path / "pw.txt"
    password.write_text("a long password for the centre\n", encoding="utf-8")
    export = tmp_path / "koln.xlsx"
    assert run(capsys, "export", "--password-file", str(password), "-o", str(export))[0] == 0
    code, out, err = run(capsys, "report", str(export))
    assert code == 1 and "password" in err
    code, out, err = run(capsys, "report", "--password-file", str(password), str(export))
    assert code == 0, err
    # Its Sheets sheet was read too (decrypted in memory): the paper count is there.
    assert out.splitlines()[0].endswith(
        "on paper 10, typed 8 (2 to type) at the 1 event with a paper count."
    )
