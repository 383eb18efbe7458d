"""Menus and keys: every command is an action with its key, in every language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.actions import COMMANDS
from tests.gui.conftest import Accepted, Answers
from tests.gui.test_main_window import make_window


def test_every_command_keeps_its_key_after_a_language_switch(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    for language in ("fa", "de", "en"):
        window.set_language(language)
        for spec in COMMANDS:
            action = window.actions_by_name[spec.name]
            assert action.shortcut() == QKeySequence(spec.keys), (language, spec.name)
            assert action.text() and not action.text().startswith("action.")
    assert window.menus["file"].title() == "&File"


def test_ctrl_and_a_number_switch_workspaces(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    for number in (3, 2, 4, 1):
        qtbot.keyClick(
            window, Qt.Key(Qt.Key.Key_0.value + number), Qt.KeyboardModifier.ControlModifier
        )
        assert window.navigation.currentRow() == number - 1
        assert window.stack.currentWidget() is window.workspace(number - 1)


def test_f1_lists_every_shortcut_in_the_ui_language(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    window.set_language("de")
    seen: list[list[str]] = []

    def read(dialog: Any) -> int:
        table = dialog.table
        seen.extend([table.item(r, c).text() for c in range(2)] for r in range(table.rowCount()))
        return Accepted

    answers.dialogs.append(read)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert ["Strg+S", "PDF speichern…"] in seen  # Qt names the keys in German too
    assert ["Strg+E", "Unterzeichnende exportieren…"] in seen
    assert any(keys == "Strg+Z" for keys, _ in seen)


def test_the_shortcuts_name_enter_in_the_ui_language(qtbot: QtBot, app_paths: AppPaths) -> None:
    from actionkit.gui.i18n import Translator
    from actionkit.gui.shortcuts import shortcut_rows

    rows = dict(shortcut_rows(Translator("es")))
    assert "Intro" in rows and "Retorno" not in rows  # Qt's own word reads oddly


def test_the_go_menu_shows_an_ampersand_as_itself(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    action = window.actions_by_name["go.2"]
    assert action.text() == "Events && signatures"  # Qt shows "&&" as one "&"
    assert action.iconText() == "Events & signatures"
