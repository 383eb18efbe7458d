"""Key names in the typing view follow a live language switch made in Settings: after
Persian and back to English, no Persian key names ("Delete row (حذف)") are left."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.workspaces.settings import SettingsWorkspace
from tests.gui.conftest import Answers
from tests.gui.test_typing_keys import open_sheet

PERSIAN = re.compile("[\u0600-\u06ff]")


def _switch(qtbot: QtBot, window: object, language: str) -> None:
    page = window.show_workspace(3)  # type: ignore[attr-defined]
    assert isinstance(page, SettingsWorkspace)
    page.ui_language.setCurrentIndex(page.ui_language.findData(language))
    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def test_key_names_follow_the_language_back_to_english(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: the labels were retranslated while Qt's Persian key names were
    # still installed ("Undo last row (کنترل+شیفت+Backspace)", "خانه first, پایان newest").
    window, typist = open_sheet(qtbot, app_paths, rows=2)
    _switch(qtbot, window, "fa")
    words = [typist.delete_button.text(), typist.undo_button.text(), typist.rows_title.text()]
    assert all(PERSIAN.search(w) for w in words), words
    _switch(qtbot, window, "en")
    window.show_workspace(2)
    words = [
        typist.delete_button.text(),
        typist.undo_button.text(),
        typist.rows_title.text(),
        typist.row.consent_key.text(),
    ]
    assert not [w for w in words if PERSIAN.search(w)], words
    assert typist.delete_button.text() == "Delete row (Del)"
    assert typist.undo_button.text() == "Undo last row (Ctrl+Shift+Backspace)"
    assert "Home first, End newest" in typist.rows_title.text()
    assert typist.row.consent_key.text() == "Ctrl+Space"
