"""The frozen Linux app: folder size, and cold start beside the unfrozen app.

Uses dist/actionkit from scripts/package when it is there; otherwise builds
one into a temporary folder first (about 20 s).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.startup import _env, _time_to_window
from benchmarks.table import Row

ROOT = Path(__file__).resolve().parent.parent


def _frozen(work: Path) -> Path:
    built = ROOT / "dist" / "actionkit" / "actionkit"
    if built.exists():
        return built
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "ERROR", "--distpath", str(work / "dist"),
         "--workpath", str(work / "build"), str(ROOT / "packaging/pyinstaller/actionkit.spec")],
        check=True, capture_output=True,
    )  # fmt: skip
    return work / "dist" / "actionkit" / "actionkit"


def _size_mb(folder: Path) -> float:
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 2**20


def run(repeats: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as work, tempfile.TemporaryDirectory() as home:
        app = _frozen(Path(work))
        env = _env(home)
        subprocess.run([str(app), "--smoke-test"], env=env, check=True, capture_output=True)
        frozen = _time_to_window([str(app), "--smoke-test"], env, repeats)
        unfrozen_cmd = [str(Path(sys.executable).with_name("actionkit")), "--smoke-test"]
        unfrozen = _time_to_window(unfrozen_cmd, env, repeats)
        size = _size_mb(app.parent)
    return [
        Row(
            "frozen app folder (Linux, one-folder)",
            size,
            "MB",
            target="< 250 MB",
            passed=size < 250,
        ),
        Row(
            "frozen app: main window shown, cold (median)",
            frozen.median,
            "s",
            target="<= 1.5x unfrozen",
            passed=frozen.median <= 1.5 * unfrozen.median,
            baseline_name="the same app unfrozen",
            baseline_value=unfrozen.median,
        ),
    ]
