"""The merge facing hostile workbooks: each is skipped with a one-line reason, within
10 s and 500 MB (measured in its own process), while the honest files still merge."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.core.signatures.merge import merge_exports, read_export
from actionkit.core.signatures.xlsx_read import XlsxReader
from tests.core.hostile_workbooks import good_export, hostile_workbooks

# The work runs in a fork of a small interpreter, so the peak measured is its own
# (ru_maxrss of a process started from pytest would include pytest's own peak).
CHILD = """
import os, resource, sys, time
from pathlib import Path
from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.merge import read_export
read, write = os.pipe()
started = time.perf_counter()
if os.fork() == 0:
    try:
        read_export(Path(sys.argv[1]), password="secret")
    except ActionKitError as exc:
        outcome = "refused: " + str(exc)
    else:
        outcome = "accepted"
    os.write(write, outcome.encode())
    os._exit(0)
os.close(write)
os.wait()
outcome = os.read(read, 4096).decode()
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
peak_mb = peak // 2**20 if sys.platform == "darwin" else peak // 1024
print(f"{outcome}\\t{time.perf_counter() - started:.2f}\\t{peak_mb}")
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for name, data in hostile_workbooks().items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="measured with fork and getrusage")
def test_each_hostile_workbook_is_refused_within_10_s_and_500_mb(
    hostile: dict[str, Path],
) -> None:
    measured = []
    for name, path in hostile.items():
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, f"{name}: {result.stderr[-500:]}"
        outcome, seconds, peak_mb = result.stdout.strip().split("\t")
        measured.append((name, outcome, seconds, peak_mb))
        assert outcome.startswith("refused"), f"{name}: {outcome}"
        assert "\n" not in outcome and len(outcome) < 200, f"{name}: {outcome!r}"
        assert float(seconds) < 10, f"{name} took {seconds} s"
        assert int(peak_mb) < 500, f"{name} peaked at {peak_mb} MB"
    print("\n".join("\t".join(m) for m in measured))


def test_the_good_files_merge_and_every_hostile_one_is_skipped(
    hostile: dict[str, Path], tmp_path: Path
) -> None:
    good = []
    for n in range(2):
        good.append(tmp_path / f"good-{n}.xlsx")
        good[-1].write_bytes(good_export(f"Person{n}", f"p{n}@example.org"))
    target = tmp_path / "merged.xlsx"
    report = merge_exports(
        [good[0], *hostile.values(), good[1]], target, password="secret", parallel=False
    )
    assert report.files_read == [("good-0.xlsx", 1), ("good-1.xlsx", 1)]
    skipped = dict(report.files_failed)
    assert set(skipped) == set(hostile)
    for reason in skipped.values():
        assert "\n" not in reason and len(reason) < 160, reason
    book = load_workbook(target, read_only=True)
    emails = [row[2] for row in book["Signers"].iter_rows(min_row=2, values_only=True)]
    assert emails == ["p0@example.org", "p1@example.org"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("row-1e12.xlsx", "row 1000000000000"),
        ("far-column.xlsx", "column"),
        ("far-column-3.xlsx", "column 18,278"),
        ("lowercase-refs.xlsx", "column 18,278"),
        ("shared-strings.xlsx", "MB of shared strings"),
        ("many-shared-strings.xlsx", "too many shared strings; the limit is 1,000,000"),
        ("spin-10M.xlsx", "spin count of 9,999,999"),
        ("billion-laughs.xlsx", "DTD"),
        ("xxe.xlsx", "DTD"),
        ("laughs-in-workbook.xlsx", "DTD"),
        ("zip-bomb.xlsx", "zip bomb"),
        ("missing-parts.xlsx", "xl/workbook.xml is missing"),
        ("missing-sheet.xlsx", "missing"),
        ("plain-excel.xlsx", "not an ActionKit export"),
        ("row-word.xlsx", "a row numbered '\\xb2'"),
        ("huge-row.xlsx", "a row or text of more than 8 MB"),
    ],
)
def test_each_hostile_workbook_says_why(hostile: dict[str, Path], name: str, reason: str) -> None:
    with pytest.raises(Exception) as refused:
        read_export(hostile[name], password="secret")
    assert type(refused.value).__name__ == "ActionKitError"
    assert reason in str(refused.value)


def test_lowercase_references_are_read_as_their_columns() -> None:
    from tests.core.hostile_workbooks import _book, _cell, _signers

    row = f'<row r="2">{_cell("c2", "c@example.org")}{_cell("a2", "Ann")}</row>'
    book = XlsxReader(_book({"xl/worksheets/sheet2.xml": _signers(row)}))
    assert list(book.rows("Signers"))[1] == ["Ann", "", "c@example.org"]


def test_checking_a_password_does_not_spin_ten_million_rounds(hostile: dict[str, Path]) -> None:
    """The GUI checks typed passwords first: a crafted spin count is left for the merge
    to skip and explain (answered at once, not after 13 s of key derivation)."""
    import time

    from actionkit.core.signatures.merge import password_opens

    started = time.perf_counter()
    assert password_opens(hostile["spin-10M.xlsx"], "secret")
    assert time.perf_counter() - started < 1
