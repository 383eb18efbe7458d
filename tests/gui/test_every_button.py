"""Press every button and trigger every menu action in every workspace, as a user
clicking around would, with Qt's dialogs answered (files in a temporary folder,
or cancelled). Nothing may raise: an exception that reaches sys.excepthook (or
Qt's event loop, which pytest-qt watches) fails the test."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workers import Worker
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window

# Buttons whose click ends the session being tested, pressed on their own elsewhere.
LEFT_OUT = frozenset({"quit"})


def prepare_store(paths: AppPaths) -> None:
    """An event with a sheet and two signers, so export, purge and typing have work."""
    paths.ensure()
    with SignatureStore.open(paths) as store:
        event = store.create_event("Vigil", "2026-12-10", languages=("de", "fa"), city="Köln")
        (sheet,) = store.create_sheets(event.slug, ("de", "fa"), 1)
        for row, name in enumerate(("Sara", "Jan"), 1):
            signer = SignerInput(first_name=name, last_name="K", email=f"{name}@example.org")
            store.add_row(sheet.id, row, signer)


def idle(qtbot: QtBot) -> None:
    """Let every job a click started run to its end."""
    qtbot.waitUntil(lambda: not Worker._alive, timeout=60_000)
    QApplication.processEvents()


def visible_buttons(page: QWidget) -> list[QAbstractButton]:
    return [b for b in page.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]


def press_everything(qtbot: QtBot, window: MainWindow) -> int:
    pressed = 0
    for index in range(len(window.specs)):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        page = window.workspace(index)
        if index == 0:  # someone selected, so the buttons for one person are on
            table = page.table  # type: ignore[attr-defined]
            rect = table.visualRect(table.model().index(0, 0))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        tabs: list[QTabWidget | None] = [*page.findChildren(QTabWidget)] or [None]
        for tab_widget in tabs:
            for tab in range(tab_widget.count() if tab_widget else 1):
                if tab_widget is not None:
                    tab_widget.setCurrentIndex(tab)
                done: set[int] = set()
                while True:  # a click can show or enable other buttons: take them too
                    todo = [b for b in visible_buttons(page) if id(b) not in done]
                    if not todo:
                        break
                    button = todo[0]
                    done.add(id(button))
                    if page is not window.workspace(index) or not button.isVisible():
                        continue
                    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                    pressed += 1
                    idle(qtbot)
                    page = window.workspace(index)
    for name, action in window.actions_by_name.items():
        if name not in LEFT_OUT:
            action.trigger()
            pressed += 1
            idle(qtbot)
    return pressed


@pytest.fixture
def excepthook(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    caught: list[BaseException] = []

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        caught.append(value)

    monkeypatch.setattr(sys, "excepthook", hook)
    return caught


@pytest.mark.parametrize("answering", ["with files", "cancelling"])
def test_every_button_and_action_works_when_pressed(
    qtbot: QtBot,
    app_paths: AppPaths,
    answers: Answers,
    tmp_path: Path,
    excepthook: list[BaseException],
    answering: str,
) -> None:
    prepare_store(app_paths)
    if answering == "with files":
        out = tmp_path / "out"
        out.mkdir()
        answers.save_paths.extend(str(out / f"file{n}") for n in range(200))
        answers.folders.extend(str(out) for _ in range(20))
        answers.accept_other_dialogs = True
    window = make_window(qtbot, app_paths)
    window.show_workspace(0)
    pressed = press_everything(qtbot, window)

    assert pressed > 30
    assert excepthook == []
    assert not [m for m in answers.messages if "Something went wrong" in m.text]
    assert all(m.plain for m in answers.messages), "every box shows plain text"
    if answering == "with files":
        assert any(p.stat().st_size > 0 for p in out.iterdir()), "some clicks wrote files"
    window.actions_by_name["quit"].trigger()
    assert not window.isVisible()


def test_every_label_shows_plain_text(qtbot: QtBot, app_paths: AppPaths) -> None:
    """A name, a file name or an error can hold markup: no label may render it."""
    from PySide6.QtWidgets import QLabel

    window = make_window(qtbot, app_paths)
    for index in range(len(window.specs)):
        window.show_workspace(index)
    labels = [label for page in window._built.values() for label in page.findChildren(QLabel)]
    assert len(labels) > 20
    rich = [label.text() for label in labels if label.textFormat() != Qt.TextFormat.PlainText]
    assert rich == []
