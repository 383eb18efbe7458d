"""Events & signatures: events, their sheets, typing sheets in, and exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.settings import Settings
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.i18n import Translator
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces.base import Workspace
from actionkit.gui.workspaces.transcribe import Transcriber


class ExportDialog(QDialog):
    def __init__(
        self,
        t: Translator,
        presets: list[str],
        parent: QWidget | None = None,
        centre_key: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("sign.export"))
        self.preset = QComboBox()
        self.preset.addItems(presets)
        self.format = QComboBox()
        self.format.addItems(["xlsx", "csv"])
        self.consented_only = QCheckBox(t("sign.consented_only"))
        self.seal = QCheckBox(t("sign.seal"))
        self.seal.setEnabled(bool(centre_key))
        self.seal.setChecked(bool(centre_key))
        if not centre_key:
            self.seal.setToolTip(t("sign.no_centre_key"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(t("sign.password_hint"))
        form = QFormLayout(self)
        form.addRow(t("sign.preset"), self.preset)
        form.addRow(t("sign.format"), self.format)
        form.addRow(self.consented_only)
        form.addRow(self.seal)
        form.addRow(t("sign.password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class SignaturesWorkspace(Workspace):
    status_message = Signal(str)
    exported = Signal(object)

    def __init__(
        self,
        *,
        paths: AppPaths,
        settings: Settings,
        t: Translator,
        passphrase: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(t("nav.signatures"), parent)
        self.paths, self.settings, self.t = paths, settings, t
        self.passphrase = passphrase
        paths.ensure()
        self.store = SignatureStore.open(paths, passphrase)
        self.worker: Worker | None = None

        self.events = QStandardItemModel(0, 5)
        self.event_table = QTableView()
        self.event_table.setModel(self.events)
        self.event_table.verticalHeader().hide()
        self.event_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.event_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.event_table.horizontalHeader().setStretchLastSection(True)
        self.name = QLineEdit()
        self.date = QLineEdit()
        self.date.setPlaceholderText("2026-12-10")
        self.city = QLineEdit(settings.organizer_city)
        self.place = QLineEdit()
        self.languages = QLineEdit(",".join(settings.print_languages))
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_event)
        self.sheet_count = QSpinBox()
        self.sheet_count.setRange(1, 500)
        self.sheets_button = QPushButton()
        self.sheets_button.clicked.connect(self.print_sheets)
        self.export_button = QPushButton()
        self.export_button.setObjectName("primaryButton")
        self.export_button.clicked.connect(self.export)
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge)
        self.purge_button = QPushButton()
        self.purge_button.clicked.connect(self.purge)
        self.form_labels = {key: QLabel() for key in ("name", "date", "city", "place", "languages")}
        form = QFormLayout()
        for key, widget in zip(
            self.form_labels,
            (self.name, self.date, self.city, self.place, self.languages),
            strict=True,
        ):
            self.form_labels[key].setBuddy(widget)
            form.addRow(self.form_labels[key], widget)
        form.addRow(self.create_button)
        actions = QHBoxLayout()
        actions.addWidget(self.sheet_count)
        actions.addWidget(self.sheets_button)
        actions.addStretch(1)
        actions.addWidget(self.purge_button)
        actions.addWidget(self.merge_button)
        actions.addWidget(self.export_button)
        events_page = QWidget()
        events_layout = QVBoxLayout(events_page)
        events_layout.addWidget(self.event_table, 1)
        events_layout.addLayout(actions)
        events_layout.addLayout(form)

        self.transcriber = Transcriber(self.store, t)
        self.transcriber.saved.connect(lambda _: self.refresh())
        self.tabs = QTabWidget()
        self.tabs.addTab(events_page, "")
        self.tabs.addTab(self.transcriber, "")
        self.log = QStandardItemModel(0, 6)
        self.log_table = QTableView()
        self.log_table.setModel(self.log)
        self.log_table.verticalHeader().hide()
        self.log_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.log_table, "")
        self.body.addWidget(self.tabs, 1)
        self.retranslate()
        self.refresh()

    def commands(self) -> dict[str, QWidget]:
        return {"export": self.export_button}

    def retranslate(self) -> None:
        t = self.t
        self.set_title(t("nav.signatures"))
        for key, label in self.form_labels.items():
            label.setText(t(f"event.{key}"))
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(t(f"event.{key}"))
        self.create_button.setText(t("event.create"))
        self.sheets_button.setText(t("sign.print_sheets"))
        self.export_button.setText(t("sign.export"))
        self.merge_button.setText(t("sign.merge"))
        self.purge_button.setText(t("purge.button"))
        self.tabs.setTabText(0, t("sign.events_tab"))
        self.tabs.setTabText(1, t("sign.transcribe_tab"))
        self.tabs.setTabText(2, t("sign.log_tab"))
        self.log.setHorizontalHeaderLabels(
            [t(f"log.{k}") for k in ("when", "file", "format", "filters", "rows", "protected")]
        )
        self.events.setHorizontalHeaderLabels(
            [t("event.name"), t("event.date"), t("event.city"), t("sign.sheets"), t("sign.signers")]
        )
        self.transcriber.retranslate()

    def refresh(self) -> None:
        selected = self.selected_event()
        self.events.removeRows(0, self.events.rowCount())
        for event in self.store.events():
            sheets = self.store.sheets(event.slug)
            cells = [
                QStandardItem(event.name),
                QStandardItem(event.date),
                QStandardItem(event.city),
                QStandardItem(str(len(sheets))),
                QStandardItem(str(sum(s.entered for s in sheets))),
            ]
            cells[0].setData(event.slug, Qt.ItemDataRole.UserRole)
            self.events.appendRow(cells)
            if event.slug == selected:
                self.event_table.selectRow(self.events.rowCount() - 1)
        if self.event_table.selectionModel().selectedRows() == [] and self.events.rowCount():
            self.event_table.selectRow(self.events.rowCount() - 1)

        self._refresh_log()

    def _refresh_log(self) -> None:
        """The export log: when, which file, how many rows, protected or sealed; never data."""
        from actionkit.core.signatures.purge import export_log

        self.log.removeRows(0, self.log.rowCount())
        for record in reversed(export_log(self.store)):
            protected = self.t("log.yes") if record.protected else self.t("log.no")
            values = (record.at, record.file_name, record.format, record.filters, record.rows)
            self.log.appendRow([*(QStandardItem(str(v)) for v in values), QStandardItem(protected)])

    def selected_event(self) -> str | None:
        rows = self.event_table.selectionModel().selectedRows() if self.events.rowCount() else []
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, self.t("error.title"), message)

    def create_event(self) -> None:
        languages = tuple(x.strip() for x in self.languages.text().split(",") if x.strip())
        try:
            event = self.store.create_event(
                self.name.text(),
                self.date.text().strip(),
                languages=languages or ("en",),
                city=self.city.text(),
                place=self.place.text(),
                organizer=self.settings.organizer_name,
            )
        except ActionKitError as exc:
            self._error(str(exc))
            return
        self.name.clear()
        self.refresh()
        self.status_message.emit(self.t("event.created", name=event.name))

    def print_sheets(self, path: str | None = None) -> list[str]:
        slug = self.selected_event()
        if slug is None:
            self._error(self.t("sign.pick_event"))
            return []
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.t("sign.print_sheets"), "", "PDF (*.pdf)"
            )
            if not path:
                return []
        from actionkit.core.signatures.sheets_pdf import print_new_sheets

        try:
            sheets, _ = print_new_sheets(
                self.store,
                slug,
                Path(path),
                count=self.sheet_count.value(),
                url=self.settings.appeal_url,
                paper=self.settings.paper_size or "A4",
            )
        except (ActionKitError, OSError) as exc:
            self._error(str(exc))
            return []
        self.refresh()
        ids = [s.id for s in sheets]
        self.status_message.emit(self.t("sign.sheets_printed", ids=", ".join(ids), path=path))
        self.transcriber.sheet_id.setText(ids[0])
        return ids

    def export(self, path: str | None = None, dialog: ExportDialog | None = None) -> None:
        from actionkit.core.signatures.export import export_csv, export_xlsx, load_presets

        presets = load_presets(self.paths.config_dir)
        centre = self.settings.centre_public_key
        dialog = dialog or ExportDialog(self.t, list(presets), self, centre_key=centre)
        if (
            dialog.result() != QDialog.DialogCode.Accepted
            and dialog.exec() != QDialog.DialogCode.Accepted
        ):
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.t("sign.export"), "", "*." + dialog.format.currentText()
            )
            if not path:
                return
        preset = presets[dialog.preset.currentText()]
        event, consented = self.selected_event(), dialog.consented_only.isChecked()
        password = dialog.password.text() or None
        seal_to = centre if dialog.seal.isChecked() and centre else None
        kind, store_path, passphrase = dialog.format.currentText(), self.store.path, self.passphrase

        def job(worker: Worker) -> object:
            # A worker thread needs its own connection; WAL lets it read alongside.
            target = Path(path)
            with SignatureStore(store_path, passphrase) as store:
                if kind == "csv":
                    return export_csv(
                        store,
                        target,
                        preset,
                        event=event,
                        consented_only=consented,
                        progress=worker.report,
                    )
                return export_xlsx(
                    store,
                    target,
                    preset,
                    event=event,
                    consented_only=consented,
                    password=password,
                    seal_to=seal_to,
                    progress=worker.report,
                    cancelled=worker.cancelled,
                )

        self.worker = Worker(job)
        self.worker.succeeded.connect(self._exported)
        self.worker.failed.connect(self._error)
        self.worker.start()

    def merge(
        self, files: list[str] | None = None, target: str | None = None, password: str = ""
    ) -> None:
        """Merge exports from many organizers (as the central campaign does), in a worker."""
        if files is None:
            files, _ = QFileDialog.getOpenFileNames(self, self.t("sign.merge"), "", "*.xlsx")
            if not files:
                return
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, self.t("sign.merge"), "", "*.xlsx")
            if not target:
                return
        from actionkit.core.signatures.merge import merge_exports

        paths, out = [Path(f) for f in files], Path(target)

        def job(worker: Worker) -> object:
            # One process: a helper process spawned from inside the app is not worth the
            # risk here (the CLI uses one; the GUI merges a handful of files).
            return merge_exports(
                paths, out, password=password or None, progress=worker.report, parallel=False
            )

        self.worker = Worker(job)
        self.worker.succeeded.connect(lambda report: self._merged(report, out))
        self.worker.failed.connect(self._error)
        self.worker.start()

    def purge(self, confirm: str | None = None) -> bool:
        """After the hand-off: delete the selected event's personal data, keeping counts.
        The user confirms by typing the event's id (`confirm` stands in for tests)."""
        from PySide6.QtWidgets import QInputDialog

        from actionkit.core.signatures.purge import plan_purge, purge_event

        slug = self.selected_event()
        if slug is None:
            self._error(self.t("sign.pick_event"))
            return False
        plan = plan_purge(self.store, slug)
        if not plan.exported:
            self._error(self.t("purge.not_exported"))
            return False
        if confirm is None:
            text = f"{plan.describe()}\n\n{self.t('purge.type_id', event=slug)}"
            confirm, ok = QInputDialog.getText(self, self.t("purge.button"), text)
            if not ok:
                return False
        if confirm.strip() != slug:
            self._error(self.t("purge.not_confirmed"))
            return False
        try:
            purge_event(self.store, slug)
        except ActionKitError as exc:
            self._error(str(exc))
            return False
        self.refresh()
        self.status_message.emit(self.t("purge.done", rows=plan.rows, event=slug))
        return True

    def _merged(self, report: object, target: Path) -> None:
        rows_in, rows_out = getattr(report, "rows_in", 0), getattr(report, "rows_out", 0)
        self.status_message.emit(
            self.t("sign.merged", rows_in=rows_in, rows_out=rows_out, path=str(target))
        )
        skipped = getattr(report, "files_failed", [])
        if skipped:
            self._error("\n".join(f"{name}: {reason}" for name, reason in skipped))
        self.exported.emit(report)

    def _exported(self, result: object) -> None:
        path = getattr(result, "path", "")
        rows = getattr(result, "rows", 0)
        self.status_message.emit(self.t("sign.exported", rows=rows, path=str(path)))
        self._refresh_log()
        self.exported.emit(result)

    def busy_with_job(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def close_resources(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(10_000)
        self.store.close()
