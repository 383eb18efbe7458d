"""`sheets list` and `sheets count` show a sheet at a glance (issue 15)."""

from __future__ import annotations

import json

import pytest

from tests.test_cli_signatures import run, sheet_id  # noqa: F401  (a fixture)


def test_sheets_list_shows_marked_flagged_and_why_a_sheet_is_not_complete(
    capsys: pytest.CaptureFixture[str],
    sheet_id: str,  # noqa: F811
) -> None:
    """Fails on the old code: it had no marked or flagged counts, and rows 1 and 3
    typed for 2 on paper counted as 'complete'."""
    add = ("signatures", "add", "--sheet", sheet_id)
    assert run(capsys, *add, "--row", "1", "--first-name", "Sara", "--email", "s@gmial.com")[0] == 0
    assert run(capsys, *add, "--row", "3", "--flag", "illegible")[0] == 0
    code, out, _ = run(capsys, "sheets", "count", sheet_id, "2")
    assert code == 3 and "extra (1 row(s) beyond the paper count)" in out
    code, out, _ = run(capsys, "sheets", "list", "--format", "json")
    listed = next(s for s in json.loads(out) if s["sheet"] == sheet_id)
    assert {k: listed[k] for k in ("entered", "marked", "flagged", "missing", "extra")} == {
        "entered": 2,
        "marked": 1,
        "flagged": 1,
        "missing": 1,
        "extra": 1,
    }
    assert listed["state"] == "extra"
    code, out, _ = run(capsys, "sheets", "list")
    assert "marked" in out.splitlines()[0] and "flagged" in out.splitlines()[0]
