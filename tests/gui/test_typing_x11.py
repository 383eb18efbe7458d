"""The typing fields under Qt's X11 platform, where a line edit claims more keys than
offscreen: run in a child process on a private Xvfb display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from actionkit.gui.workspaces.typing_row import FieldEdit

app = QApplication([])
assert app.platformName() == "xcb", app.platformName()
for widget in (QLineEdit(), FieldEdit()):
    widget.show()
    override = QKeyEvent(
        QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier, ""
    )
    override.ignore()
    QApplication.sendEvent(widget, override)
    print(type(widget).__name__, "takes" if override.isAccepted() else "leaves")
"""


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (scripts/test installs it)")
def test_ctrl_e_in_a_typing_field_is_left_to_the_windows_export() -> None:
    # Failed before (a volunteer's run-through under X11): the field took Ctrl+E as
    # "end of line", so File -> Export did nothing while the cursor was in a field.
    # A plain QLineEdit still takes it, which shows the check can tell the two apart.
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        display = server.stdout.readline().strip()
        env = {
            **os.environ,
            "DISPLAY": f":{display}",
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONPATH": str(Path(__file__).parents[2] / "src"),
        }
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["QLineEdit takes", "FieldEdit leaves"]
