"""Dialogs for the People workspace: a new status (with its source), a photo (with credit)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from actionkit.core.dataset import STATUSES
from actionkit.core.dataset.model import Person
from actionkit.core.dataset.overlay import LocalSource
from actionkit.gui.i18n import Translator


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class StatusDialog(QDialog):
    """A changed status needs the date it was last known true and where it was learned."""

    def __init__(self, person: Person | None, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("people.update_status" if person else "people.add"))
        self.latin = QLineEdit()
        self.persian = QLineEdit()
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(t(f"status.{status}"), status)
        current = person.status if person else "detained"
        self.status.setCurrentIndex(max(self.status.findData(current), 0))
        self.as_of = QLineEdit(dt.date.today().isoformat())
        self.title = QLineEdit()
        self.publisher = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        form = QFormLayout(self)
        if person is None:  # adding someone: their names first
            form.addRow(t("people.col.name"), self.latin)
            form.addRow(t("people.col.persian"), self.persian)
        form.addRow(t("people.col.status"), self.status)
        form.addRow(t("people.status_as_of"), self.as_of)
        form.addRow(t("people.source_title"), self.title)
        form.addRow(t("people.source_publisher"), self.publisher)
        form.addRow(t("people.source_url"), self.url)
        form.addRow(_buttons(self))

    def changes(self) -> dict[str, str]:
        return {"status": self.status.currentData(), "status_as_of": self.as_of.text().strip()}

    def source(self) -> LocalSource:
        return LocalSource(
            title=self.title.text().strip(),
            publisher=self.publisher.text().strip(),
            date=self.as_of.text().strip(),
            url=self.url.text().strip() or None,
        )


class PhotoDialog(QDialog):
    """A photo may only be printed with its credit and licence."""

    def __init__(self, path: str, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("people.attach_photo"))
        self.path = path
        self.credit = QLineEdit()
        self.licence = QLineEdit()
        self.licence.setPlaceholderText("CC BY 4.0")
        form = QFormLayout(self)
        form.addRow(t("people.photo_credit"), self.credit)
        form.addRow(t("people.photo_licence"), self.licence)
        form.addRow(_buttons(self))
