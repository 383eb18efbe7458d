"""Dialogs for the People workspace: what happened to someone (an event on their timeline,
with its source), someone the dataset lacks, a photo (with credit)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.dataset import STATUSES
from actionkit.core.dataset.model import Crop, Person
from actionkit.core.dataset.overlay import LocalSource
from actionkit.core.dataset.vocabulary import EVENT_TYPES
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator
from actionkit.gui.workspaces.photo_crop import CropView, load_upright

DIALOG_MIN_WIDTH = 520  # a web address and a source title show whole, not 20 characters
PARTIAL_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
WEB_ADDRESS = re.compile(r"^https?://\S+$")
# "events[4] (release, 2026-11-30): " before the validator's reason: the organizer
# knows which event they mean.
TIMELINE_PLACE = re.compile(r"^events\[\d+\] \([a-z_]+, [0-9-]+\): ")


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


HINT_WIDTH = 260  # the column of words and fields beside the picture

# Events after which the person is held somewhere the organizer may name.
PRISON_EVENTS = frozenset({"arrest", "held", "transfer", "return_to_prison"})


class StatusDialog(QDialog):
    """What happened to someone, on which date, and where it was learned.

    For a person in the list it adds an event to their timeline (the status
    follows from it); for someone new it asks their names and their status.
    """

    def __init__(
        self,
        person: Person | None,
        t: Translator,
        parent: QWidget | None = None,
        check: Callable[[StatusDialog], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = t
        self.adding = person is None
        self.check = check  # why the dataset would refuse what is typed (stays open if so)
        self.setWindowTitle(
            t("people.what_happened_to", name=person.display_name) if person else t("people.add")
        )
        self.setMinimumWidth(DIALOG_MIN_WIDTH)
        self.latin = QLineEdit()
        self.persian = QLineEdit()
        self.status = QComboBox()
        if self.adding:
            for status in STATUSES:
                if status != "unknown":
                    self.status.addItem(t(f"status.{status}"), status)
            self.status.setCurrentIndex(max(self.status.findData("detained"), 0))
        else:
            for kind in EVENT_TYPES:
                self.status.addItem(t(f"event.{kind}"), kind)
            usual = "transfer" if person and person.is_imprisoned else "arrest"
            self.status.setCurrentIndex(self.status.findData(usual))
        self.as_of = QLineEdit(dt.date.today().isoformat())
        self.prison = QLineEdit(person.prison or "" if person else "")
        self.note = QLineEdit()
        self.title = QLineEdit()
        self.publisher = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.quote = QLineEdit()
        form = QFormLayout(self)
        if self.adding:  # adding someone: their names first
            form.addRow(t("people.col.name"), self.latin)
            form.addRow(t("people.col.persian"), self.persian)
            form.addRow(t("people.col.status"), self.status)
            form.addRow(t("people.status_as_of"), self.as_of)
        else:
            form.addRow(t("people.what_happened"), self.status)
            form.addRow(t("people.event_date"), self.as_of)
            form.addRow(t("people.prison"), self.prison)
            form.addRow(t("people.event_note"), self.note)
            self.status.currentIndexChanged.connect(self._show_prison)
            self._show_prison()
        form.addRow(t("people.source_title"), self.title)
        form.addRow(t("people.source_publisher"), self.publisher)
        form.addRow(t("people.source_url"), self.url)
        form.addRow(t("people.source_quote"), self.quote)
        form.addRow(_buttons(self))

    def _show_prison(self) -> None:
        self.prison.setEnabled(self.status.currentData() in PRISON_EVENTS)

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
        if not problems and self.check is not None:
            refused = [TIMELINE_PLACE.sub("", p) for p in self.check(self)]
            problems = [self.t("people.event_refused"), *refused] if refused else []
        if problems:
            dialogs.warn(self, self.t("error.title"), "\n".join(problems))
            return
        super().accept()

    def changes(self) -> dict[str, str]:
        """For someone new: the status and the date it was known true."""
        return {"status": self.status.currentData(), "status_as_of": self.as_of.text().strip()}

    def timeline_event(self) -> dict[str, str]:
        """For someone listed: the event to add to their timeline."""
        kind = self.status.currentData()
        event = {"date": self.as_of.text().strip(), "type": kind}
        if kind in PRISON_EVENTS and self.prison.text().strip():
            event["prison"] = self.prison.text().strip()
        if self.note.text().strip():
            event["note"] = self.note.text().strip()
        return event

    def source(self) -> LocalSource:
        return LocalSource(
            title=self.title.text().strip(),
            publisher=self.publisher.text().strip(),
            date=self.as_of.text().strip(),
            url=self.url.text().strip() or None,
            quote=self.quote.text().strip() or None,
        )


class PhotoDialog(QDialog):
    """A photo may only be printed with its credit and licence; the part of it to print
    is chosen here too (a frame over the picture, see photo_crop). The same dialog
    attaches a photo and, later, edits all three ("Edit photo…").

    The picture has a column of its own beside the words and fields: stacked above
    them, a window capped at two thirds of a 768 px screen squeezed the picture under
    the "Photo credit" row once the wrapped hint took four lines."""

    def __init__(
        self,
        path: str,
        t: Translator,
        parent: QWidget | None = None,
        *,
        crop: Crop | None = None,
        credit: str = "",
        licence: str = "",
        title_key: str = "people.attach_photo",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(t(title_key))
        self.path = path
        hint = QLabel(t("people.crop_hint"))
        hint.setWordWrap(True)
        hint.setMinimumWidth(HINT_WIDTH)
        self.crop_view = CropView(load_upright(Path(path)), crop)
        self.crop_view.setAccessibleName(t("people.crop_photo"))
        self.crop_view.setAccessibleDescription(t("people.crop_hint"))
        self.credit = QLineEdit(credit)
        self.licence = QLineEdit(licence)
        # An example, said as one: a bare "CC BY 4.0" in grey read as already filled in.
        self.licence.setPlaceholderText(t("people.photo_licence_example"))
        self.credit.setPlaceholderText(t("people.photo_credit_example"))
        credit_label = QLabel(t("people.photo_credit"))
        licence_label = QLabel(t("people.photo_licence"))
        credit_label.setBuddy(self.credit)
        licence_label.setBuddy(self.licence)
        side = QVBoxLayout()
        side.addWidget(hint)
        side.addSpacing(8)
        side.addWidget(credit_label)
        side.addWidget(self.credit)
        side.addWidget(licence_label)
        side.addWidget(self.licence)
        side.addStretch(1)
        buttons = _buttons(self)
        side.addWidget(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.crop_view, 1)
        layout.addLayout(side)
        # Both are printed beside the photo: without them it is not attached.
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        for field in (self.credit, self.licence):
            field.textChanged.connect(self._enable_ok)
        self._enable_ok()
        self.crop_view.setFocus()
        # The picture at its usual size where the screen allows (Qt's own first size
        # stops at two thirds of the screen and gave the picture only its minimum).
        self.resize(self.sizeHint())

    def _enable_ok(self) -> None:
        given = (self.credit.text().strip(), self.licence.text().strip())
        self.ok.setEnabled(all(len(text) >= 2 for text in given))

    def crop(self) -> Crop:
        return self.crop_view.crop()
