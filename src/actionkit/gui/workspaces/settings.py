"""Settings: who organizes, paper size, print languages and the appeal URL."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from actionkit.core.paths import AppPaths
from actionkit.core.settings import PAPER_SIZES, Settings, save_settings
from actionkit.gui.workspaces.base import Workspace


class SettingsWorkspace(Workspace):
    saved = Signal(object)

    def __init__(
        self, *, paths: AppPaths, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__("Settings", parent)
        self.paths = paths
        self.settings = settings

        self.organizer_name = QLineEdit(settings.organizer_name)
        self.organizer_city = QLineEdit(settings.organizer_city)
        self.paper_size = QComboBox()
        self.paper_size.addItems(list(PAPER_SIZES))
        if settings.paper_size in PAPER_SIZES:
            self.paper_size.setCurrentText(settings.paper_size)
        self.print_languages = QLineEdit(", ".join(settings.print_languages))
        self.print_languages.setPlaceholderText("e.g. fa, de")
        self.appeal_url = QLineEdit(settings.appeal_url)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        form.addRow("Organizer name", self.organizer_name)
        form.addRow("City", self.organizer_city)
        form.addRow("Paper size", self.paper_size)
        form.addRow("Print languages", self.print_languages)
        form.addRow("Appeal URL", self.appeal_url)

        self.status = QLabel("")
        self.status.setObjectName("settingsStatus")
        save = QPushButton("Save settings")
        save.setObjectName("primaryButton")
        save.clicked.connect(self.save)
        actions = QHBoxLayout()
        actions.addWidget(save)
        actions.addWidget(self.status, 1)

        where = QLabel(f"Stored in {paths.settings_file}")
        where.setObjectName("hint")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form_box = QWidget()
        form_box.setLayout(form)
        form_box.setMaximumWidth(680)
        self.body.addWidget(form_box)
        self.body.addLayout(actions)
        self.body.addWidget(where)
        self.body.addStretch(1)

    def current_settings(self) -> Settings:
        languages = [
            code.strip().lower() for code in self.print_languages.text().split(",") if code.strip()
        ]
        return replace(
            self.settings,
            organizer_name=self.organizer_name.text().strip(),
            organizer_city=self.organizer_city.text().strip(),
            paper_size=self.paper_size.currentText(),
            print_languages=languages or ["en"],
            appeal_url=self.appeal_url.text().strip() or self.settings.appeal_url,
        )

    def save(self) -> None:
        self.settings = self.current_settings()
        try:
            save_settings(self.settings, self.paths.settings_file)
        except OSError as exc:
            self.status.setText(f"Could not save: {exc.strerror or exc}")
            return
        self.status.setText("Saved.")
        self.saved.emit(self.settings)
