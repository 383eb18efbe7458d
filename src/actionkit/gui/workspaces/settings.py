"""Settings: who organizes, paper size, print languages, the appeal URL, and where
the campaign's dataset updates come from (checked only when the user asks)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from actionkit.core.paths import AppPaths
from actionkit.core.settings import PAPER_SIZES, Settings, save_settings
from actionkit.gui import dialogs
from actionkit.gui.i18n import LANGUAGES, Translator, isolated
from actionkit.gui.print_languages import PrintLanguages
from actionkit.gui.workspaces.base import Workspace
from actionkit.gui.workspaces.dataset_update import UpdatePanel

if TYPE_CHECKING:
    from actionkit.core.dataset.store import DatasetStore


class SettingsWorkspace(Workspace):
    saved = Signal(object)
    lock_requested = Signal(str)
    dataset_updated = Signal()

    def __init__(
        self,
        *,
        paths: AppPaths,
        settings: Settings,
        t: Translator,
        store: DatasetStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(t("nav.settings"), parent)
        self.paths = paths
        self.settings = settings
        self.t = t
        self.ui_language = QComboBox()
        for code, name in LANGUAGES.items():
            self.ui_language.addItem(name, code)
        self.ui_language.setCurrentIndex(max(self.ui_language.findData(settings.ui_language), 0))

        self.organizer_name = QLineEdit(settings.organizer_name)
        self.organizer_city = QLineEdit(settings.organizer_city)
        self.data_controller = QLineEdit(settings.data_controller)
        self.data_contact = QLineEdit(settings.data_controller_contact)
        self.organizer_name.textChanged.connect(self._show_controller_default)
        self.paper_size = QComboBox()
        self.paper_size.addItems(list(PAPER_SIZES))
        if settings.paper_size in PAPER_SIZES:
            self.paper_size.setCurrentText(settings.paper_size)
        self.print_languages = PrintLanguages(settings.print_languages, t)
        self.appeal_url = QLineEdit(settings.appeal_url)
        self.centre_key = QLineEdit(settings.centre_public_key)
        self.centre_key.setPlaceholderText("age1…")
        self.centre_key.textChanged.connect(self._show_fingerprint)
        self.centre_fingerprint = QLabel()
        self.centre_fingerprint.setObjectName("hint")
        self.dataset_url = QLineEdit(settings.dataset_url)
        self.dataset_url.setPlaceholderText("https://…")
        if store is None:
            from actionkit.core.dataset.store import DatasetStore

            store = DatasetStore(paths)
        self.updates = UpdatePanel(store=store, url=self.dataset_url.text, t=t)
        self.updates.dataset_updated.connect(self.dataset_updated)
        self.lock_after = QSpinBox()
        self.lock_after.setRange(1, 240)
        self.lock_after.setValue(settings.lock_after_minutes)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        self.form_labels: dict[str, QLabel] = {}
        for key, widget in (
            ("settings.organizer", self.organizer_name),
            ("settings.city", self.organizer_city),
            ("settings.data_controller", self.data_controller),
            ("settings.data_contact", self.data_contact),
            ("settings.paper", self.paper_size),
            ("settings.print_first", self.print_languages.first),
            ("settings.print_second", self.print_languages.second),
            ("settings.ui_language", self.ui_language),
            ("settings.appeal_url", self.appeal_url),
            ("settings.dataset_url", self.dataset_url),
            ("settings.lock_after", self.lock_after),
            ("settings.centre_key", self.centre_key),
        ):
            label = QLabel()
            label.setBuddy(widget)
            self.form_labels[key] = label
            form.addRow(label, widget)
            if widget is self.dataset_url:  # its button right under it
                form.addRow("", self.updates)

        self.status = QLabel("")
        self.status.setObjectName("settingsStatus")
        self._status: tuple[str, dict[str, str]] | None = None  # re-read after a switch
        self.save_button = QPushButton()
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        self.lock_button = QPushButton()
        self.lock_button.clicked.connect(self.ask_lock)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.lock_button)
        actions.addWidget(self.status, 1)

        self.where = QLabel()
        self.where.setObjectName("hint")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form.addRow("", self.centre_fingerprint)
        form_box = QWidget()
        form_box.setObjectName("settingsForm")
        form_box.setLayout(form)
        form_box.setMaximumWidth(680)
        self.body.addWidget(form_box)
        self.body.addLayout(actions)
        self.body.addWidget(self.where)
        self.body.addStretch(1)
        self.retranslate()

    def _show_controller_default(self) -> None:
        """The empty field says who the sheets name instead: the organizer as typed
        above (the first-start dialog asks for it), else the campaign."""
        organizer = self.organizer_name.text().strip()
        if organizer:
            hint = self.t("settings.data_controller_default", organizer=isolated(organizer))
        else:
            hint = self.t("settings.data_controller_hint")
        self.data_controller.setPlaceholderText(hint)

    def retranslate(self) -> None:
        self.set_title(self.t("nav.settings"))
        for key, label in self.form_labels.items():
            label.setText(self.t(key))
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(self.t(key))
        self._show_controller_default()
        self.data_contact.setPlaceholderText(self.t("settings.data_contact_hint"))
        self.save_button.setText(self.t("settings.save"))
        self.lock_button.setText(self.t("settings.lock"))
        self.where.setText(self.t("settings.where", path=str(self.paths.settings_file)))
        self.print_languages.retranslate()
        self.updates.retranslate()
        self._show_fingerprint()
        self.status.setText(self.t(self._status[0], **self._status[1]) if self._status else "")

    def busy_with_job(self) -> bool:
        return self.updates.busy()

    def show_status(self, key: str, **values: str) -> None:
        """A short word beside Save, kept by key so a language switch re-reads it."""
        self._status = (key, values)
        self.status.setText(self.t(key, **values))

    def _show_fingerprint(self) -> None:
        """The centre key's fingerprint, to read out and compare by phone."""
        from actionkit.core.signatures.sealing import SealError, fingerprint, read_recipient

        text = self.centre_key.text().strip()
        if not text:
            self.centre_fingerprint.setText("")
            return
        try:
            shown = self.t("settings.fingerprint", fingerprint=fingerprint(read_recipient(text)))
        except SealError as exc:
            shown = self.t.error(exc)
        self.centre_fingerprint.setText(shown)

    def ask_lock(self) -> None:
        """A new passphrase, typed twice, to encrypt the signature store with."""
        from PySide6.QtWidgets import QInputDialog

        from actionkit.core.signatures.lock import check_new_passphrase
        from actionkit.core.signatures.schema import StoreError

        echo = QLineEdit.EchoMode.Password
        first, ok = QInputDialog.getText(self, self.t("settings.lock"), self.t("lock.new"), echo)
        if not ok:
            return
        try:
            check_new_passphrase(first)  # refused before it is typed a second time
        except StoreError as exc:
            dialogs.warn(self, self.t("settings.lock"), self.t.error(exc))
            return
        again, ok = QInputDialog.getText(self, self.t("settings.lock"), self.t("lock.again"), echo)
        if not ok:
            return
        if again != first:
            dialogs.warn(self, self.t("settings.lock"), self.t("lock.mismatch"))
            return
        self.lock_requested.emit(first)

    def current_settings(self) -> Settings:
        return replace(
            self.settings,
            organizer_name=self.organizer_name.text().strip(),
            organizer_city=self.organizer_city.text().strip(),
            data_controller=self.data_controller.text().strip(),
            data_controller_contact=self.data_contact.text().strip(),
            paper_size=self.paper_size.currentText(),
            print_languages=self.print_languages.languages(),
            appeal_url=self.appeal_url.text().strip() or self.settings.appeal_url,
            ui_language=self.ui_language.currentData() or "en",
            lock_after_minutes=self.lock_after.value(),
            centre_public_key=self.centre_key.text().strip(),
            dataset_url=self.dataset_url.text().strip(),
        )

    def save(self) -> None:
        key = self.centre_key.text().strip()
        if key and not key.startswith("age1"):
            self.show_status("settings.bad_centre_key")
            return
        self.settings = self.current_settings()
        try:
            save_settings(self.settings, self.paths.settings_file)
        except OSError as exc:
            self.show_status("settings.not_saved", reason=str(exc.strerror or exc))
            return
        self.show_status("settings.saved_short")
        self.saved.emit(self.settings)
