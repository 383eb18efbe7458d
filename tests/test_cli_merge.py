"""`actionkit merge` at the centre: possible duplicates named and decided, output through
presets and formats, `-o -`, a JSON summary, and the exit status when files are skipped."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.cli import main
from actionkit.core.signatures.csv_write import detect_delimiter
from tests.core.signatures.test_merge_decisions import book_rows, write_export_csv


@pytest.fixture
def koln_bonn(tmp_path: Path) -> list[Path]:
    return [
        write_export_csv(
            tmp_path / "koln.csv",
            [
                ("José", "Núñez", "jn1975@example.org", "Köln", False),
                ("Sara", "Karimi", "sara@example.org", "Köln", False),
            ],
        ),
        write_export_csv(
            tmp_path / "bonn.csv",
            [
                ("Jose", "Nunez", "jose.nunez@example.org", "Köln", True),
                ("Sara", "Karimi", "SARA@example.org", "Bonn", True),
                ("Jan", "Weber", "jan@example.org", "Bonn", False),
            ],
        ),
    ]


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(tmp_path / "home"), "merge", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_possible_duplicate_is_named_then_decided(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, koln_bonn: list[Path]
) -> None:
    target = tmp_path / "central.xlsx"
    code, out, _ = run(capsys, tmp_path, *map(str, koln_bonn), "-o", str(target))
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith(
        "5 rows read from 2 file(s): 5 rows in, 4 rows out: 4 signatures; 1 merged"
    )
    assert "(same email 1); 1 possible duplicate(s) kept apart, to decide: p-" in first
    pair = first.rsplit(": ", 1)[1].rstrip(".")
    line = next(x for x in out.splitlines() if x.strip().startswith(pair))
    assert "jose.nunez@example.org, agreed to contact (bonn.csv, sheet BONN-1 row 1)" in line
    assert "jn1975@example.org, no contact (koln.csv, sheet KOLN-1 row 1)" in line
    signers = book_rows(target, "Signers")
    assert {s["email"] for s in signers if s["consent"] == "yes"} == {
        "jose.nunez@example.org",
        "SARA@example.org",  # the consented row's email, as it was written
    }

    code, out, _ = run(capsys, tmp_path, *map(str, koln_bonn), "-o", str(target), "--same", pair)
    assert code == 0 and "merged (same email 1, same person (your decision) 1)" in out
    jose = [s for s in book_rows(target, "Signers") if s["last_name"].startswith("N")]
    assert [(s["email"], s["consent"]) for s in jose] == [("jose.nunez@example.org", "yes")]

    code, out, _ = run(
        capsys, tmp_path, *map(str, koln_bonn), "-o", str(target), "--different", pair
    )
    assert code == 0 and "1 pair(s) kept apart as you decided" in out
    assert "to decide" not in out

    code, _, err = run(
        capsys, tmp_path, *map(str, koln_bonn), "-o", str(tmp_path / "x.xlsx"), "--same", "p-0"
    )
    assert code == 1 and "No possible duplicate is named p-0" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_format_follows_the_name_and_a_mismatch_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, koln_bonn: list[Path]
) -> None:
    """`-o central.csv` wrote an xlsx workbook under a .csv name. Fails on the old code."""
    target = tmp_path / "central.csv"
    code, _, err = run(
        capsys, tmp_path, *map(str, koln_bonn), "-o", str(target), "--format", "xlsx"
    )
    assert code == 1 and "is named like a csv file but --format is xlsx" in err
    assert not target.exists()
    code, out, _ = run(
        capsys,
        tmp_path,
        *map(str, koln_bonn),
        "-o",
        str(target),
        "--preset",
        "crm",
        "--consented-only",
        "--delimiter",
        ";",
        "--decisions-out",
        str(tmp_path / "decisions.csv"),
    )
    assert code == 0, out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"PK")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["first_name", "last_name", "email"]
    assert sorted(r[2] for r in rows[1:]) == ["SARA@example.org", "jose.nunez@example.org"]
    assert "2 signer(s) left out: only those who agreed to be contacted were asked for" in out
    # A CSV for people: spreadsheet rules (a byte order mark, the delimiter asked for).
    raw = (tmp_path / "decisions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert detect_delimiter(text) == ";"
    decisions = list(csv.DictReader(text.splitlines(), delimiter=";"))
    assert [d["decision"] for d in decisions] == [
        "kept apart: possible duplicate, to decide",
        "merged",
    ]
    code, _, err = run(capsys, tmp_path, str(koln_bonn[0]), "-o", str(tmp_path / "c.txt"))
    assert code == 1 and "Cannot tell the format from" in err


def test_summary_as_json_and_exit_3_when_a_file_is_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, koln_bonn: list[Path]
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    code, out, _ = run(
        capsys,
        tmp_path,
        *map(str, koln_bonn),
        str(broken),
        "-o",
        str(tmp_path / "central.xlsx"),
        "--summary",
        "json",
    )
    assert code == 3
    summary = json.loads(out)
    assert summary["rows_in"] == 5 and summary["signers"] == 4 and summary["to_decide"] == 1
    assert summary["merged"] == {
        "total": 1,
        "same_email": 1,
        "same_name_and_city": 0,
        "your_decision": 0,
    }
    assert summary["files"][-1]["file"] == "broken.xlsx"
    assert summary["files"][-1]["result"].startswith("skipped: ")
    (pair,) = summary["possible_duplicates"]
    assert {pair["first"]["email"], pair["second"]["email"]} == {
        "jn1975@example.org",
        "jose.nunez@example.org",
    }


def _actionkit(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "actionkit", "--home", str(tmp_path / "home"), "merge", *args],
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


def test_dash_writes_the_merge_to_standard_output_and_no_file(
    tmp_path: Path, koln_bonn: list[Path]
) -> None:
    """`-o -` made a file named '-'. Fails on the old code."""
    files = [str(p) for p in koln_bonn]
    before = set(tmp_path.iterdir())
    done = _actionkit(tmp_path, *files, "-o", "-", "--format", "csv", "--summary", "json")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8-sig")  # the locale's delimiter: ; in Germany
    rows = list(csv.reader(text.splitlines(), delimiter=detect_delimiter(text)))
    assert rows[0][:3] == ["first_name", "last_name", "email"] and len(rows) == 1 + 4
    summary = json.loads(done.stderr.decode()[done.stderr.decode().index("{") :])
    assert summary["output"] == "standard output"
    assert set(tmp_path.iterdir()) - before <= {tmp_path / "home"}
    workbook = _actionkit(tmp_path, *files, "-o", "-", "--format", "xlsx")
    assert workbook.returncode == 0, workbook.stderr
    book = load_workbook(BytesIO(workbook.stdout))
    assert book.sheetnames == [
        "Summary",
        "Signers",
        "Merged",
        "Report",
        "Events",
        "Sheets",
        "About",
    ]
    assert b"rows out: 4 signatures" in workbook.stderr
    refused = _actionkit(tmp_path, *files, "-o", "-")
    assert refused.returncode == 1 and b"give --format xlsx or --format csv" in refused.stderr
    assert not (tmp_path / "-").exists()


def test_a_merge_for_mailchimp_holds_only_opted_in_people_and_merges_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, koln_bonn: list[Path]
) -> None:
    """Mailchimp takes only opted-in contacts: the merge leaves the others out and says
    so; its file (no consent column) merges again as opted-in people."""
    upload = tmp_path / "mailchimp.csv"
    code, out, _ = run(
        capsys, tmp_path, *map(str, koln_bonn), "--preset", "mailchimp", "-o", str(upload)
    )
    assert code == 0, out
    assert "2 signer(s) left out: the preset takes only those who agreed to be contacted" in out
    text = upload.read_text("utf-8-sig")
    rows = list(csv.reader(text.splitlines()))  # a CRM's CSV: always commas
    assert rows[0] == ["Email Address", "First Name", "Last Name"]
    assert sorted(r[0] for r in rows[1:]) == ["SARA@example.org", "jose.nunez@example.org"]
    again = tmp_path / "again.xlsx"
    code, out, _ = run(capsys, tmp_path, str(upload), "-o", str(again))
    assert code == 0 and "2 rows in, 2 rows out: 2 signatures" in out
    assert {s["consent"] for s in book_rows(again, "Signers")} == {"yes"}
