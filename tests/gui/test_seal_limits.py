"""The export dialog says plainly what a seal does not prove: who made the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.sealing import generate_identity
from actionkit.gui.workspaces.signature_export import ExportDialog
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import click, export_by_keyboard, seed, signatures


def test_the_export_dialog_says_a_seal_does_not_prove_who_made_the_file(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    page.settings = replace(page.settings, centre_public_key=generate_identity()[1])
    seen: dict[str, Any] = {}

    def look(dialog: ExportDialog) -> int:
        seen["xlsx"] = (dialog.seal.isChecked(), dialog.seal_limit.isVisibleTo(dialog))
        seen["text"] = dialog.seal_limit.text()
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(tmp_path / "export-dialog.png"))
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # xlsx -> csv: nothing is sealed
        seen["csv"] = (dialog.seal.isChecked(), dialog.seal_limit.isVisibleTo(dialog))
        qtbot.keyClick(dialog.format, Qt.Key.Key_Up)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        return dialog.result()

    export_by_keyboard(qtbot, window, answers, look, tmp_path / "signers")
    assert seen["xlsx"] == (True, True)
    assert "does not show who made it" in seen["text"]
    assert seen["csv"] == (False, False)
    assert (tmp_path / "signers.xlsx.age").read_bytes().startswith(b"age-encryption.org/v1")
