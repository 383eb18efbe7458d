"""CI's print check: the sample of the print matrix has no defect a print designer
would reject (issue 16, item 8). `actionkit print-check` shows what it found."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.core.paths import resolve_paths
from actionkit.core.print.check import run_check


@pytest.mark.slow
def test_the_print_check_sample_finds_no_defects(tmp_path: Path) -> None:
    report = run_check(resolve_paths(tmp_path), jobs=2)
    assert report.pages > 150
    assert report.ok, report.summary(examples=5)
