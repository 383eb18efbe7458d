"""`actionkit merge` with hostile workbooks among good ones: the good ones merge, each
hostile one gets one line saying why it was skipped, and the exit status is 3 (done,
with something left out: issue 17's documented exit codes; it was 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.cli import main
from tests.core.hostile_workbooks import good_export, hostile_workbooks


def test_merge_skips_hostile_files_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chosen = ["row-1e12.xlsx", "xxe.xlsx", "far-column.xlsx", "plain-excel.xlsx"]
    hostile = hostile_workbooks(chosen)
    files = [tmp_path / "good.xlsx"]
    files[0].write_bytes(good_export("Sara", "sara@example.org"))
    for name in chosen:
        files.append(tmp_path / name)
        files[-1].write_bytes(hostile[name])
    target = tmp_path / "central.xlsx"

    code = main(["merge", *map(str, files), "-o", str(target)])

    out, err = capsys.readouterr()
    assert code == 3, err
    skipped = [line for line in out.splitlines() if line.strip().startswith("skipped ")]
    assert [line.split(":")[0].split()[-1] for line in skipped] == chosen
    assert "1 rows read from 1 file(s)" in out
    rows = list(load_workbook(target, read_only=True)["Signers"].iter_rows(values_only=True))
    assert rows[1][2] == "sara@example.org" and len(rows) == 2
