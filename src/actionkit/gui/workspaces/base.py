"""The small base every workspace shares: a heading and a body."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from actionkit.gui.i18n import Translator


class Workspace(QWidget):
    """A page of the main window. Subclasses fill `body` and set their title.

    Slots connected to `clicked`/`triggered` take no arguments: they ask for
    paths, passwords and confirmations through dialogs, then call a plain
    operation (a method or a core function) that tests may call too.
    """

    status_message = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self._title = title
        self.heading = QLabel(title)
        self.heading.setObjectName("workspaceHeading")
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(16)
        layout.addWidget(self.heading)
        layout.addLayout(self.body, 1)

    def title(self) -> str:
        return self._title

    def set_title(self, title: str) -> None:
        self._title = title
        self.heading.setText(title)

    def retranslate(self) -> None:
        """Re-read every visible word after the user switched the UI language."""

    def commands(self) -> dict[str, QWidget]:
        """The main window's commands this page carries out (see gui/actions.py), each
        by the widget that does it: a button is clicked (the key does what the click
        does, and is off while the button is off); any other widget takes the focus."""
        return {}

    def has_unsaved_row(self) -> bool:
        """Something typed that is not saved yet (closing would lose it)."""
        return False

    def busy_with_job(self) -> bool:
        """A long job the user started (an export, a batch) is still running."""
        return False

    def close_resources(self) -> None:
        """Release files and connections when the window closes."""


class PlannedWorkspace(Workspace):
    """A page that only says something (e.g. the signature store is locked).

    Given `t` and the keys of its words, it re-reads them after a language
    switch, buttons added with `add_button` included."""

    def __init__(
        self,
        title: str,
        description: str,
        parent: QWidget | None = None,
        *,
        t: Translator | None = None,
        title_key: str = "",
        text_key: str = "",
    ) -> None:
        super().__init__(title, parent)
        self.t = t
        self._keys = (title_key, text_key)
        self._buttons: list[tuple[QPushButton, str]] = []
        self.text = QLabel(description)
        self.text.setObjectName("workspaceIntro")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.text)
        self.body.addStretch(1)

    def add_button(self, key: str, clicked: Callable[[], object]) -> QPushButton:
        """A button under the text; `clicked` takes no arguments."""
        button = QPushButton(self.t(key) if self.t else key)
        button.clicked.connect(lambda: clicked())
        self.body.insertWidget(1 + len(self._buttons), button, 0, Qt.AlignmentFlag.AlignLeft)
        self._buttons.append((button, key))
        return button

    def retranslate(self) -> None:
        if self.t is None:
            return
        title_key, text_key = self._keys
        if title_key:
            self.set_title(self.t(title_key))
        if text_key:
            self.text.setText(self.t(text_key))
        for button, key in self._buttons:
            button.setText(self.t(key))
