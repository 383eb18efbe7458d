"""Dialogs for the People workspace: a new status (with its source), a photo (with credit)."""

from __future__ import annotations

import datetime as dt
import re

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
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator

DIALOG_MIN_WIDTH = 520  # a web address and a source title show whole, not 20 characters
PARTIAL_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
WEB_ADDRESS = re.compile(r"^https?://\S+$")


def date_problem(text: str, today: dt.date | None = None) -> bool:
    """True unless `text` is a real date written YYYY, YYYY-MM or YYYY-MM-DD, not in the
    future (what the dataset accepts as 'known true on')."""
    match = PARTIAL_DATE.match(text)
    if match is None:
        return True
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        earliest = dt.date(year, month, day)
    except ValueError:
        return True
    return earliest > (today or dt.date.today())


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
        self.t = t
        self.adding = person is None
        self.setWindowTitle(t("people.update_status" if person else "people.add"))
        self.setMinimumWidth(DIALOG_MIN_WIDTH)
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

    def problems(self) -> list[str]:
        """What must be put right before OK can save, in the interface language."""
        t, found = self.t, []
        if self.adding and not (self.latin.text().strip() or self.persian.text().strip()):
            found.append(t("people.needs_name"))
        if len(self.title.text().strip()) < 3 or len(self.publisher.text().strip()) < 2:
            found.append(t("people.needs_source"))
        if date_problem(self.as_of.text().strip()):
            found.append(t("people.bad_date", date=self.as_of.text().strip()))
        url = self.url.text().strip()
        if url and not WEB_ADDRESS.match(url):
            found.append(t("people.bad_url"))
        return found

    def accept(self) -> None:
        """OK saves only what the dataset will take; otherwise the dialog says what is
        missing and stays open with everything typed still in it."""
        problems = self.problems()
        if problems:
            dialogs.warn(self, self.t("error.title"), "\n".join(problems))
            return
        super().accept()

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
