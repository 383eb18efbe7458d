"""First start: who organizes, where, which paper and languages, the appeal URL. Skippable."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from actionkit.core.settings import PAPER_SIZES, Settings
from actionkit.gui.i18n import Translator


def locale_paper() -> str:
    """Letter where the locale measures in inches (the US), A4 everywhere else."""
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if imperial else "A4"


class WelcomeDialog(QDialog):
    def __init__(self, settings: Settings, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(t("welcome.title"))
        intro = QLabel(t("welcome.intro"))
        intro.setWordWrap(True)
        self.organizer = QLineEdit(settings.organizer_name)
        self.city = QLineEdit(settings.organizer_city)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPER_SIZES))
        self.paper.setCurrentText(settings.paper_size or locale_paper())
        self.languages = QLineEdit(", ".join(settings.print_languages))
        self.url = QLineEdit(settings.appeal_url)
        self.passphrase_field = QLineEdit()
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setPlaceholderText(t("welcome.passphrase_hint"))
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(t("settings.organizer"), self.organizer)
        form.addRow(t("settings.city"), self.city)
        form.addRow(t("settings.paper"), self.paper)
        form.addRow(t("settings.print_languages"), self.languages)
        form.addRow(t("settings.appeal_url"), self.url)
        form.addRow(t("welcome.passphrase"), self.passphrase_field)
        buttons = QDialogButtonBox()
        self.start = buttons.addButton(t("welcome.start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip = buttons.addButton(t("welcome.skip"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def passphrase(self) -> str:
        """A passphrase to lock the signature store with, if one was given (and accepted)."""
        accepted = self.result() == QDialog.DialogCode.Accepted
        return self.passphrase_field.text() if accepted else ""

    def chosen(self) -> Settings:
        """The settings after this step: what was entered, or only the paper if skipped."""
        if self.result() != QDialog.DialogCode.Accepted:
            paper = self.settings.paper_size or locale_paper()
            return replace(self.settings, paper_size=paper, welcome_done=True)
        languages = [c.strip().lower() for c in self.languages.text().split(",") if c.strip()]
        return replace(
            self.settings,
            organizer_name=self.organizer.text().strip(),
            organizer_city=self.city.text().strip(),
            paper_size=self.paper.currentText(),
            print_languages=languages or ["en"],
            appeal_url=self.url.text().strip() or self.settings.appeal_url,
            welcome_done=True,
        )
