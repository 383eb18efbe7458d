"""What a second new-user run found on the signatures page, each through the user's path:
a CSV export never looks password-protected, words and ids in the UI's language and
direction, columns that fit, typing-row widths, the lock text's plural, decisions said
calmly, purged rows shown as purged, and a half-typed row never lost on quit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.workspaces.signature_export import ExportDialog
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import (
    click,
    export_by_keyboard,
    seed,
    signatures,
)

OK = QDialogButtonBox.StandardButton.Ok


def test_csv_export_greys_out_and_empties_the_password_and_refuses_one(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    seen: dict[str, Any] = {}

    def password_then_csv(dialog: ExportDialog) -> int:
        assert dialog.password.isEnabled()  # xlsx first
        qtbot.keyClicks(dialog.password, "secret-words")
        qtbot.keyClicks(dialog.password_again, "secret-words")
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # xlsx -> csv
        assert dialog.format.currentText() == "csv"
        fields = (dialog.password, dialog.password_again)
        seen["fields"] = [(w.isEnabled(), w.text()) for w in fields]
        seen["seal"] = (dialog.seal.isEnabled(), dialog.seal.isChecked())
        click(qtbot, dialog.buttons.button(OK))
        return dialog.result()

    result = export_by_keyboard(qtbot, window, answers, password_then_csv, tmp_path / "plain")
    assert seen["fields"] == [(False, ""), (False, "")]
    assert seen["seal"] == (False, False)
    assert result.rows == 3
    assert (tmp_path / "plain.csv").read_text(encoding="utf-8-sig").startswith("first_name")
    assert page.log.item(0, 5).text() == "no"

    def csv_again_then_back(dialog: ExportDialog) -> int:
        # CSV is offered again, as chosen last time: fields grey and empty from the start.
        seen["opened"] = (dialog.format.currentText(), dialog.password.isEnabled())
        qtbot.keyClick(dialog.format, Qt.Key.Key_Up)  # back to xlsx: usable again
        seen["xlsx"] = (dialog.password.isEnabled(), dialog.password_again.isEnabled())
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
        # A password given anyway (say, pasted by a tool) is refused, with words.
        dialog.password.setText("x")
        click(qtbot, dialog.buttons.button(OK))
        seen["refused"] = (dialog.problem.isVisibleTo(dialog), dialog.problem.text())
        return dialog.result()

    answers.dialogs.append(csv_again_then_back)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen["opened"] == ("csv", False)
    assert seen["xlsx"] == (True, True)
    visible, text = seen["refused"]
    assert visible and text.startswith("A CSV file cannot be protected with a password.")
    assert answers.asked == ["save"]  # refused: no second file was asked for
    assert page.log.rowCount() == 1
