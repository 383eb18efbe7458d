"""The purge confirmation: what will be deleted, in wrapped sentences, and the event's
id shown (selectable) above the field where the user types it to confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from actionkit.core.errors import Message
from actionkit.gui.i18n import Translator, isolated


class PurgeDialog(QDialog):
    def __init__(self, t: Translator, plan: Message, event: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.event_slug = event
        self.setWindowTitle(t("purge.button"))
        params = {**plan.params, "event": isolated(event)}
        self.plan = QLabel(t.text(Message(str(plan), key=plan.key, **params)))
        self.plan.setWordWrap(True)
        self.plan.setTextFormat(Qt.TextFormat.PlainText)
        self.plan.setMinimumWidth(420)
        self.plan.setMaximumWidth(560)
        self.question = QLabel(t("purge.type_id", event=isolated(event)))
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.event_id = QLabel(event)
        self.event_id.setObjectName("eventId")
        self.event_id.setTextFormat(Qt.TextFormat.PlainText)
        self.event_id.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # as it is typed
        self.event_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.typed = QLineEdit()
        self.typed.setAccessibleName(t("purge.type_id", event=event))
        self.typed.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ids are Latin
        self.question.setBuddy(self.typed)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plan)
        layout.addSpacing(8)
        layout.addWidget(self.question)
        layout.addWidget(self.event_id)
        layout.addWidget(self.typed)
        layout.addWidget(buttons)

    def confirmed(self) -> bool:
        return self.typed.text().strip() == self.event_slug
