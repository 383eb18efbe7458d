"""Answer Qt's own dialogs the way a user would, by patching Qt (never the app's methods).

A test queues what the user would type or pick (`answers.save_paths.append(...)`,
`answers.texts.append(...)`, `answers.dialogs.append(fill_and_accept)`), presses
the real buttons and keys, then reads `answers.messages` for what was shown.
An unexpected file dialog is cancelled; an unexpected custom dialog is
rejected (or accepted, with `answers.accept_other_dialogs = True`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

Accepted = QDialog.DialogCode.Accepted.value
Rejected = QDialog.DialogCode.Rejected.value


@dataclass
class Shown:
    title: str
    text: str
    plain: bool  # shown as plain text, never as rich text with links


@dataclass
class Answers:
    save_paths: list[str] = field(default_factory=list)
    save_filters: list[str] = field(default_factory=list)  # the file type picked, if any
    open_paths: list[list[str]] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)  # None: the user cancels
    dialogs: list[Callable[[Any], int]] = field(default_factory=list)
    yes: bool = True  # how questions are answered
    accept_other_dialogs: bool = False
    messages: list[Shown] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # every file/text dialog, by kind
    starts: list[str] = field(default_factory=list)  # where each file dialog opened

    def message_texts(self) -> str:
        return "\n".join(m.text for m in self.messages)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    given = Answers()

    def save_name(*args: Any, **kwargs: Any) -> tuple[str, str]:
        given.asked.append("save")
        given.starts.append(str(args[2]) if len(args) > 2 else str(kwargs.get("dir", "")))
        chosen = given.save_filters.pop(0) if given.save_filters else ""
        return (given.save_paths.pop(0) if given.save_paths else "", chosen)

    def open_name(*args: Any, **kwargs: Any) -> tuple[str, str]:
        given.asked.append("open")
        return ((given.open_paths.pop(0) or [""])[0] if given.open_paths else "", "")

    def open_names(*args: Any, **kwargs: Any) -> tuple[list[str], str]:
        given.asked.append("open")
        return (given.open_paths.pop(0) if given.open_paths else [], "")

    def folder(*args: Any, **kwargs: Any) -> str:
        given.asked.append("folder")
        return given.folders.pop(0) if given.folders else ""

    def text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        given.asked.append("text")
        answer = given.texts.pop(0) if given.texts else None
        return (answer or "", answer is not None)

    def box_exec(box: QMessageBox) -> int:
        plain = box.textFormat() == Qt.TextFormat.PlainText
        given.messages.append(Shown(box.windowTitle(), box.text(), plain))
        buttons = box.standardButtons()
        yes = QMessageBox.StandardButton.Yes
        if buttons & yes:
            return (yes if given.yes else QMessageBox.StandardButton.No).value
        return QMessageBox.StandardButton.Ok.value

    def static_box(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        # The app shows boxes through gui/dialogs.py; a static one is recorded as rich text.
        given.messages.append(Shown(str(args[1]), str(args[2]), plain=False))
        return QMessageBox.StandardButton.Yes if given.yes else QMessageBox.StandardButton.No

    def dialog_exec(dialog: QDialog) -> int:
        if given.dialogs:
            result = given.dialogs.pop(0)(dialog)
        else:
            result = Accepted if given.accept_other_dialogs else Rejected
        dialog.setResult(result)
        if result == Accepted:
            if isinstance(dialog, QPrintDialog):  # its `accepted` carries the printer
                dialog.accepted.emit(dialog.printer())
            else:
                dialog.accepted.emit()
        return result

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_names))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(text))
    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    for name in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(static_box))
    monkeypatch.setattr(QDialog, "exec", dialog_exec)
    monkeypatch.setattr(QPrintDialog, "exec", dialog_exec)
    return given


@pytest.fixture(autouse=True)
def clean_qt_afterwards() -> Iterator[None]:
    """What one test leaves must not reach the next: its jobs finish, and its garbage is
    collected now, while no worker thread runs (collected later, in the middle of the
    next test's render, it crashed the interpreter now and then). A language switch
    changes the whole QApplication (Qt's translations, the layout direction): both go
    back to English, left to right."""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    from actionkit.gui.i18n import install_qt_translations
    from actionkit.gui.workers import Worker

    deadline = QDeadlineTimer(60_000)
    while Worker._alive and not deadline.hasExpired():
        QCoreApplication.processEvents()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_qt_translations(app, "en")
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        app.processEvents()
    gc.collect()
