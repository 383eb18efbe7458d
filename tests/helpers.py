"""Run the real `actionkit` command in a child process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_actionkit(
    *args: str, home: Path, timeout: float = 120, module: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACTIONKIT_HOME": str(home)}
    if module:
        command = [sys.executable, "-m", "actionkit", *args]
    else:
        command = [str(Path(sys.executable).with_name("actionkit")), *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
