"""Start-up: `actionkit --version` and the main window, each beside a bare baseline."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.table import Row, Timing

BARE_WINDOW = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1180, 760)
window.show()
app.processEvents()
print(f"window shown: True at {time.time():.6f}", flush=True)
"""


def _env(home: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACTIONKIT_HOME": home}


def _command_time(command: list[str], env: dict[str, str], repeats: int) -> Timing:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return Timing(samples)


def _time_to_window(command: list[str], env: dict[str, str], repeats: int) -> Timing:
    samples = []
    for _ in range(repeats):
        start = time.time()
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        stamp = float(done.stdout.strip().rsplit(" at ", 1)[1])
        samples.append(stamp - start)
    return Timing(samples)


def run(repeats: int) -> list[Row]:
    actionkit = str(Path(sys.executable).with_name("actionkit"))
    with tempfile.TemporaryDirectory() as home:
        env = _env(home)
        # An installed app has its bytecode compiled (pip and the packagers do it);
        # this checkout may run with PYTHONDONTWRITEBYTECODE, so compile it here.
        import actionkit as package

        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(Path(package.__file__).parent)],
            env=dict(env, PYTHONDONTWRITEBYTECODE=""),
            check=True,
            capture_output=True,
        )
        # Warm the OS file cache once so every sample measures the same thing.
        subprocess.run([actionkit, "--version"], env=env, check=True, capture_output=True)
        subprocess.run([actionkit, "--smoke-test"], env=env, check=True, capture_output=True)
        subprocess.run(
            [sys.executable, "-c", BARE_WINDOW], env=env, check=True, capture_output=True
        )

        bare_python = _command_time([sys.executable, "-c", "pass"], env, repeats * 2)
        version = _command_time([actionkit, "--version"], env, repeats * 2)
        bare_window = _time_to_window([sys.executable, "-c", BARE_WINDOW], env, repeats)
        app_window = _time_to_window([actionkit, "--smoke-test"], env, repeats)

    return [
        Row(
            "actionkit --version, cold process (median)",
            version.median,
            "s",
            target="< 300 ms",
            passed=version.median < 0.3,
            baseline_name="python -c pass",
            baseline_value=bare_python.median,
        ),
        Row(
            "main window shown, offscreen (median)",
            app_window.median,
            "s",
            target="<= 1.5x bare window",
            passed=app_window.median <= 1.5 * bare_window.median,
            baseline_name="bare PySide6 window",
            baseline_value=bare_window.median,
        ),
    ]
