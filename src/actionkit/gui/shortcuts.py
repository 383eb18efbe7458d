"""Help -> Keyboard shortcuts: every key the app answers to, from gui/actions.py."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from actionkit.gui.actions import COMMANDS, LOCAL_KEYS
from actionkit.gui.i18n import Translator


def key_text(keys: str, enter: str = "Enter") -> str:
    """A key as this platform writes it ('Ctrl+Space', 'Strg+Leertaste'), Return named
    `enter` (Qt's own word for it reads oddly in some languages: 'Retorno')."""
    native = QKeySequence.SequenceFormat.NativeText
    text = QKeySequence(keys).toString(native) or keys
    if "Return" in keys:
        text = text.replace(QKeySequence("Return").toString(native), enter)
    return text


def shortcut_rows(t: Translator) -> list[tuple[str, str]]:
    """(keys as this platform writes them, what they do), in the UI language."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = []
    for spec in COMMANDS:
        if not spec.keys:  # a menu item with no key of its own
            continue
        keys = QKeySequence(spec.keys).toString(native)
        rows.append((keys, t(spec.text_key)))
    for keys, text_key in LOCAL_KEYS:
        # Qt's name for Return is odd in some languages (Spanish "Retorno"): ours is "Enter".
        rows.append((key_text(keys, t("keys.enter")), t(text_key)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("action.shortcuts"))
        rows = shortcut_rows(t)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([t("keys.keys"), t("keys.does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.table.setWordWrap(True)
        self.resize(720, 560)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Measured once the columns have their widths: a long line wraps, whole.
        self.table.resizeRowsToContents()
