"""Temporary files are named so a later start finds what a killed run left, and only that."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from actionkit.core.storage import PENDING_FOLDER, atomic_write, remove_stale_partials


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def test_a_failed_write_leaves_nothing_and_names_its_temporary_file(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    out.mkdir()
    seen: list[Path] = []

    def fail(tmp: Path) -> None:
        seen.append(tmp)
        (note,) = (data / PENDING_FOLDER).iterdir()
        assert note.read_text(encoding="utf-8") == str(tmp.resolve())
        tmp.write_text("Golnar", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(out / "list.csv", fail, pending=data)
    assert seen[0].name.startswith(f".list.csv.actionkit-partial-{os.getpid()}-")
    assert not list(out.iterdir()) and not list((data / PENDING_FOLDER).iterdir())


def test_the_next_start_removes_what_a_killed_run_left_and_nothing_else(tmp_path: Path) -> None:
    """Nothing cleaned up after a killed export (16 of 17 left rows in data/); fails on
    the old code, which had no clean-up."""
    data, out = tmp_path / "data", tmp_path / "out"
    (data / PENDING_FOLDER).mkdir(parents=True)
    out.mkdir()
    dead, alive = _dead_pid(), os.getppid()
    left = out / f".list.xlsx.actionkit-partial-{dead}-abc_12.tmp"
    running = out / f".list2.xlsx.actionkit-partial-{alive}-xyz.tmp"
    for path in (left, running):
        path.write_text("Golnar", encoding="utf-8")
    (data / PENDING_FOLDER / f"{dead}-a.note").write_text(str(left), encoding="utf-8")
    (data / PENDING_FOLDER / f"{alive}-b.note").write_text(str(running), encoding="utf-8")
    # A note never removes a file not named as ours, whatever it says.
    mine = out / "thesis.docx"
    mine.write_text("keep", encoding="utf-8")
    (data / PENDING_FOLDER / f"{dead}-c.note").write_text(str(mine), encoding="utf-8")
    in_data = data / f".settings.json.actionkit-partial-{dead}-q.tmp"
    in_data.write_text("{}", encoding="utf-8")
    old_folder = data / ".actionkit-tmp-abcd"
    old_folder.mkdir()
    (old_folder / "openpyxl.x.xml").write_text("<row>Golnar</row>", encoding="utf-8")

    assert remove_stale_partials(data) == 3
    assert not left.exists() and not in_data.exists() and not old_folder.exists()
    assert running.exists() and mine.exists()
    assert [p.name for p in (data / PENDING_FOLDER).iterdir()] == [f"{alive}-b.note"]
    assert remove_stale_partials(tmp_path / "missing") == 0


def test_every_command_starts_by_removing_leftovers(tmp_path: Path) -> None:
    from actionkit.cli import main

    data = tmp_path / "data"
    data.mkdir()
    left = data / f".signatures.sqlite3.actionkit-partial-{_dead_pid()}-zz.tmp"
    left.write_text("Golnar", encoding="utf-8")
    assert main(["--home", str(tmp_path), "exports"]) == 0
    assert not left.exists()
