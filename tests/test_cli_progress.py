"""What the CLI tells a log: progress that does not run together when stderr is not a
terminal, and an import that says the paper count was passed (issue 17's testers)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.test_cli_merge import koln_bonn
from tests.test_cli_merge import run as run_merge
from tests.test_cli_signatures import run, sheet_id

__all__ = ["koln_bonn", "sheet_id"]  # the fixtures, shared with those commands' tests


def test_merge_progress_in_a_log_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, koln_bonn: list[Path]
) -> None:
    code, _, err = run_merge(capsys, tmp_path, *map(str, koln_bonn), "-o", str(tmp_path / "m.xlsx"))
    assert code == 0, err
    assert "\r" not in err  # before: "merging files: 1/2\rmerging files: 2/2" in one line
    assert err.count("merging files") == 1
    assert "merging files: 2/2\n" in err


def test_merge_progress_on_a_terminal_is_rewritten_in_place(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    koln_bonn: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = run_merge(capsys, tmp_path, *map(str, koln_bonn), "-o", str(tmp_path / "m.xlsx"))
    assert code == 0, err
    assert "\rmerging files: 1/2\rmerging files: 2/2\n" in err


def _rows(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "typed.csv"
    lines = ["first_name,last_name,city"] + [f"Sara{i},Karimi,Bonn" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_past_the_paper_count_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    assert run(capsys, "sheets", "count", sheet_id, "2")[0] == 3  # 0 of 2 typed: missing
    code, out, err = run(
        capsys, "signatures", "import-csv", str(_rows(tmp_path, 3)), "--sheet", sheet_id
    )
    assert code == 3, err  # before: exit 0, and "0 not saved (see above)" with nothing above
    assert "Imported 3 row(s)" in out
    assert "not saved" not in out
    assert "1 row(s) beyond the paper count (2 on paper)" in out


def test_import_that_fits_says_nothing_of_unsaved_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    code, out, err = run(
        capsys, "signatures", "import-csv", str(_rows(tmp_path, 2)), "--sheet", sheet_id
    )
    assert code == 0, err
    assert out == f"Imported 2 row(s) into sheet {sheet_id}.\n"
