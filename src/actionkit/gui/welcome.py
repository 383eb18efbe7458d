"""First start: who organizes, where, which paper and languages, the appeal URL. Skippable."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLocale, Qt
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
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator
from actionkit.gui.print_languages import PrintLanguages

MIN_WIDTH = 560


def locale_paper() -> str:
    """Letter where the locale measures in inches (the US), A4 everywhere else."""
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if imperial else "A4"


class WelcomeDialog(QDialog):
    def __init__(self, settings: Settings, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.t = t
        self.setWindowTitle(t("welcome.title"))
        self.setMinimumWidth(MIN_WIDTH)
        rtl = Qt.LayoutDirection.RightToLeft
        self.setLayoutDirection(rtl if t.rtl else Qt.LayoutDirection.LeftToRight)
        intro = QLabel(t("welcome.intro"))
        intro.setWordWrap(True)
        intro.setObjectName("workspaceIntro")
        self.organizer = QLineEdit(settings.organizer_name)
        self.city = QLineEdit(settings.organizer_city)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPER_SIZES))
        self.paper.setCurrentText(settings.paper_size or locale_paper())
        self.languages = PrintLanguages(settings.print_languages, t)
        self.url = QLineEdit(settings.appeal_url)
        self.url.setCursorPosition(0)  # the start of the address, not its tail
        self.passphrase_field = QLineEdit()
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setPlaceholderText(t("welcome.passphrase_hint"))
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        form.setContentsMargins(24, 20, 24, 20)
        form.addRow(intro)
        for key, widget in (
            ("settings.organizer", self.organizer),
            ("settings.city", self.city),
            ("settings.paper", self.paper),
            ("settings.print_first", self.languages.first),
            ("settings.print_second", self.languages.second),
            ("settings.appeal_url", self.url),
            ("welcome.passphrase", self.passphrase_field),
            ("welcome.passphrase_again", self.passphrase_again),
        ):
            label = QLabel(t(key))
            label.setBuddy(widget)
            widget.setAccessibleName(t(key))
            form.addRow(label, widget)
        buttons = QDialogButtonBox()
        self.start = buttons.addButton(t("welcome.start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip = buttons.addButton(t("welcome.skip"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        """Start, unless the passphrase is typed differently twice or is too weak."""
        problem = self.passphrase_problem()
        if problem:
            dialogs.warn(self, self.t("welcome.title"), problem)
            self.passphrase_field.setFocus()
            return
        super().accept()

    def passphrase_problem(self) -> str:
        """Why the typed passphrase cannot lock the store (empty when it can, or none was typed)."""
        from actionkit.core.signatures.lock import check_new_passphrase
        from actionkit.core.signatures.schema import StoreError

        first, again = self.passphrase_field.text(), self.passphrase_again.text()
        if not first and not again:
            return ""
        if first != again:
            return self.t("welcome.passphrase_mismatch")
        try:
            check_new_passphrase(first)
        except StoreError as exc:
            return self.t.error(exc)
        return ""

    def passphrase(self) -> str:
        """A passphrase to lock the signature store with, if one was given (and accepted)."""
        accepted = self.result() == QDialog.DialogCode.Accepted
        return self.passphrase_field.text() if accepted else ""

    def chosen(self) -> Settings:
        """The settings after this step: what was entered, or only the paper if skipped."""
        if self.result() != QDialog.DialogCode.Accepted:
            paper = self.settings.paper_size or locale_paper()
            return replace(self.settings, paper_size=paper, welcome_done=True)
        return replace(
            self.settings,
            organizer_name=self.organizer.text().strip(),
            organizer_city=self.city.text().strip(),
            paper_size=self.paper.currentText(),
            print_languages=self.languages.languages(),
            appeal_url=self.url.text().strip() or self.settings.appeal_url,
            welcome_done=True,
        )
