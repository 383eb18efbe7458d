"""Message boxes that show text as text.

QMessageBox guesses whether a string is rich text; a link planted in a merged
workbook, a dataset or a file name would become clickable. Every message the
app shows goes through here, with the text format fixed to plain text. The
boxes are ordinary QMessageBox objects run with `exec()`, so tests answer
them by patching Qt, not these functions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Icon = QMessageBox.Icon
Button = QMessageBox.StandardButton


def _box(parent: QWidget | None, icon: Icon, title: str, text: str, buttons: Button) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, Icon.Warning, title, text, Button.Ok).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, Icon.Information, title, text, Button.Ok).exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; True only for an explicit Yes."""
    box = _box(parent, Icon.Question, title, text, Button.Yes | Button.No)
    box.setDefaultButton(Button.No)
    return Button(box.exec()) == Button.Yes
