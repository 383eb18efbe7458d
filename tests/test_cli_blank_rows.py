"""A paper row with nobody on it, marked blank (`signatures add --flag blank`): it
completes the sheet, is never exported as a signer and never counted as a signature.

Fails on the code before the mark: `--flag blank` was not a choice, and a row saved
without a name or a mark was refused.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.test_cli_signatures import run, sheet_id  # noqa: F401  (a fixture)


def three_rows(capsys: pytest.CaptureFixture[str], sheet: str) -> None:
    """Row 1 Sara, row 2 empty on paper, row 3 Jan; 3 rows on paper."""
    add = ("signatures", "add", "--sheet", sheet)
    sara = ("--first-name", "Sara", "--email", "sara@example.org", "--consent")
    assert run(capsys, *add, "--row", "1", *sara)[0] == 0
    code, _, err = run(capsys, *add, "--row", "2", "--flag", "blank")
    assert code == 0, err
    jan = ("--first-name", "Jan", "--email", "jan@example.org", "--consent")
    assert run(capsys, *add, "--row", "3", *jan)[0] == 0
    assert run(capsys, "sheets", "count", sheet, "3")[0] == 0  # complete: exit status 0


def test_a_blank_row_completes_the_sheet_and_nothing_may_be_typed_in_it(
    capsys: pytest.CaptureFixture[str],
    sheet_id: str,  # noqa: F811
) -> None:
    three_rows(capsys, sheet_id)
    code, out, _ = run(capsys, "sheets", "list", "--format", "json")
    listed = next(s for s in json.loads(out) if s["sheet"] == sheet_id)
    assert (listed["entered"], listed["marked"], listed["state"]) == (3, 1, "complete")
    add = ("signatures", "add", "--sheet", sheet_id, "--row", "4", "--flag", "blank")
    code, _, err = run(capsys, *add, "--first-name", "Crossed")
    assert code == 1 and "A row marked empty keeps nothing" in err
    code, out, _ = run(capsys, "signatures", "list", "--format", "json")
    listed_rows = [(r["row"], r["marked"]) for r in json.loads(out)]
    assert listed_rows == [("1", ""), ("2", "empty or crossed-out row"), ("3", "")]


def test_a_blank_row_is_not_exported_and_not_counted(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,  # noqa: F811
) -> None:
    three_rows(capsys, sheet_id)
    code, out, err = run(capsys, "export", "-o", str(tmp_path / "e.xlsx"))
    assert code == 0, err
    book = load_workbook(tmp_path / "e.xlsx")
    signers = list(book["Signers"].iter_rows(values_only=True))
    header = signers[0]
    rows = [dict(zip(header, row, strict=True)) for row in signers[1:]]
    assert [(r["first_name"], r["row"]) for r in rows] == [("Sara", 1), ("Jan", 3)]
    sheets = list(book["Sheets"].iter_rows(values_only=True))
    sheet = dict(zip(sheets[0], next(r for r in sheets[1:] if r[0] == sheet_id), strict=True))
    assert (sheet["entered"], sheet["marked"], sheet["state"]) == (3, 1, "complete")

    # A CRM file has no row for it either.
    out_file = tmp_path / "an.csv"
    code, _, err = run(
        capsys, "export", "--preset", "action_network", "--format", "csv", "-o", str(out_file)
    )
    assert code == 0, err
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 2

    # The totals from the store and from the exported file: 2 signatures, 3 rows typed
    # against 3 on paper (none left to type).
    for source in ((), (str(tmp_path / "e.xlsx"),)):
        code, out, err = run(capsys, "report", *source, "--format", "json")
        assert code == 0, err
        total = json.loads(out)["total"]
        assert (total["signatures"], total["consented"]) == (2, 2)
        assert (total["typed"], total["paper"], total["to_type"]) == (3, 3, 0)
