"""What the signatures page shows while the store is locked after a quiet while."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from actionkit.gui.i18n import Translator


class LockScreen(QWidget):
    """Says why the page is hidden and that nothing typed was lost; Unlock brings it back."""

    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t, self.minutes = t, 0
        self.text = QLabel()
        self.text.setObjectName("workspaceIntro")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setMaximumWidth(640)
        self.button = QPushButton()
        self.button.setObjectName("primaryButton")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
        self.retranslate()

    def show_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setText(self.t.plural("lock.idle_text", self.minutes, minutes=self.minutes))
        self.button.setText(self.t("lock.unlock"))
