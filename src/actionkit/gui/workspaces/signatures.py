"""Events & signatures: events, their sheets, typing sheets in, and exports."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.settings import Settings
from actionkit.core.signatures.scan_import import ImportResult, apply_paper_counts
from actionkit.core.signatures.store import Event, SignatureStore
from actionkit.core.signatures.validation import SignerInput, country_code, normalize, validate
from actionkit.core.text.dates import DateError, format_date, parse_date, parse_time
from actionkit.gui import dialogs
from actionkit.gui.date_picker import DatePickerDialog, date_locale
from actionkit.gui.i18n import Translator
from actionkit.gui.print_languages import PrintLanguages
from actionkit.gui.workspaces.base import Workspace
from actionkit.gui.workspaces.merge_decisions import MergeDecisionsDialog
from actionkit.gui.workspaces.merge_options import MergeChoice, MergeOptionsDialog, merge_format
from actionkit.gui.workspaces.merge_result import show_merge_result
from actionkit.gui.workspaces.scan_results import (
    SCAN_SUFFIXES,
    ScanResultsDialog,
    image_lines,
    sheet_counts,
)
from actionkit.gui.workspaces.second_pass import SecondPass
from actionkit.gui.workspaces.signature_export import (
    LOG_COLUMNS,
    ExportChoice,
    ExportDialog,
    ExportLogView,
    csv_delimiters,
    formulas_flagged_text,
    isolated,
    isolated_path,
    preset_label,
    with_suffix,
)
from actionkit.gui.workspaces.signature_jobs import (
    JobPanel,
    export_job,
    merge_job,
    purge_job,
    scan_job,
    sheets_job,
)
from actionkit.gui.workspaces.signature_lock import LockScreen
from actionkit.gui.workspaces.signature_purge import PurgeDialog
from actionkit.gui.workspaces.totals import TotalsView
from actionkit.gui.workspaces.transcribe import LatinTextDelegate, Transcriber

__all__ = ["ExportDialog", "SignaturesWorkspace"]


EXAMPLE_DATE = "2026-12-10"  # the date field's placeholder, in the user's form


def event_when(event: Event) -> str:
    """The events table's date cell: the ISO date, and the times when set."""
    times = "–".join(time for time in (event.start_time, event.end_time) if time)
    return f"{event.date}, {times}" if times else event.date


# The events table's columns, by their header's key.
EVENT_COLUMNS = (
    "event.name",
    "event.id",
    "event.date",
    "event.city",  # with the country: "Köln, DE"
    "sign.sheets",
    "sign.signers",
)


class SignaturesWorkspace(Workspace):
    status_message = Signal(str)
    exported = Signal(object)  # an ExportResult or a MergeReport
    sheets_printed = Signal(list)  # the new sheet ids
    purged = Signal(str)  # the event's id
    unlocked = Signal()

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
        self.locked = False
        self.export_kind = "xlsx"  # the dialog offers the format chosen last time
        self._focus_before_lock: QWidget | None = None
        self.jobs = JobPanel(t.error)
        self.jobs.running_changed.connect(self._update_buttons)

        self.events = QStandardItemModel(0, len(EVENT_COLUMNS))
        self.event_table = QTableView()
        self.event_table.setModel(self.events)
        self.event_table.verticalHeader().hide()
        self.event_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.event_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.event_table.horizontalHeader()
        # Every column as wide as what it holds; the event's name takes the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # Ids and dates are Latin: left to right also in Farsi ('2026-12-05-koln', which
        # the user types to purge, never 'koln-2026-12-05').
        self.latin_cells = LatinTextDelegate(self.event_table)
        for key in ("event.id", "event.date"):
            self.event_table.setItemDelegateForColumn(EVENT_COLUMNS.index(key), self.latin_cells)
        self.name = QLineEdit()
        # The date as the user writes it (10.12.2026, 12/10/2026 in the US), or picked
        # from a calendar; times as they write them (19:30, 7:30 pm). Stored as ISO.
        self.date = QLineEdit()
        self.date_button = QPushButton()
        self.date_button.clicked.connect(self.pick_date)
        self.start_time = QLineEdit()
        self.end_time = QLineEdit()
        for field in (self.start_time, self.end_time):
            field.setMaximumWidth(90)
        date_box = QWidget()
        date_row = QHBoxLayout(date_box)
        date_row.setContentsMargins(0, 0, 0, 0)
        date_row.addWidget(self.date, 1)
        date_row.addWidget(self.date_button)
        time_box = QWidget()
        time_row = QHBoxLayout(time_box)
        time_row.setContentsMargins(0, 0, 0, 0)
        time_row.addWidget(self.start_time)
        time_row.addWidget(QLabel("–"))
        time_row.addWidget(self.end_time)
        time_row.addStretch(1)
        self.city = QLineEdit(settings.organizer_city)
        # A name or a code, as the rows take it (stored as the ISO code the rows carry).
        self.country = QLineEdit()
        self.place = QLineEdit()
        self.languages = PrintLanguages(list(settings.print_languages), t)
        languages_box = QWidget()
        languages_row = QHBoxLayout(languages_box)
        languages_row.setContentsMargins(0, 0, 0, 0)
        languages_row.addWidget(self.languages.first, 1)
        languages_row.addWidget(self.languages.second, 1)
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_event)
        self.sheet_count = QSpinBox()
        self.sheet_count.setRange(1, 500)
        self.sheets_button = QPushButton()
        self.sheets_button.clicked.connect(self.print_sheets)
        self.scan_button = QPushButton()
        self.scan_button.clicked.connect(self.scan_photos)
        self.export_button = QPushButton()
        self.export_button.setObjectName("primaryButton")
        self.export_button.clicked.connect(self.export)
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge)
        self.purge_button = QPushButton()
        self.purge_button.clicked.connect(self.purge)
        self.form_labels = {
            key: QLabel()
            for key in ("name", "date", "time", "place", "city", "languages", "country")
        }
        # Name across the top; date and time, place and city, languages in pairs: the
        # form leaves the events table room at 700 px high.
        form = QGridLayout()
        widgets: dict[str, QWidget] = {"name": self.name, "date": date_box, "time": time_box}
        widgets.update(city=self.city, place=self.place, languages=languages_box)
        # The country and, after it, the button that creates the event: the form keeps
        # four rows, so the events table keeps its room at 700 px high.
        country_box = QWidget()
        country_row = QHBoxLayout(country_box)
        country_row.setContentsMargins(0, 0, 0, 0)
        country_row.addWidget(self.country, 1)
        country_row.addWidget(self.create_button)
        widgets.update(country=country_box)
        buddies: dict[str, QWidget] = {
            "date": self.date,
            "time": self.start_time,
            "country": self.country,
            "languages": self.languages.first,
        }
        for key, (row, column) in {
            "name": (0, 0),
            "date": (1, 0),
            "time": (1, 2),
            "place": (2, 0),
            "city": (2, 2),
            "languages": (3, 0),
            "country": (3, 2),
        }.items():
            buddy = buddies.get(key, widgets[key])
            self.form_labels[key].setBuddy(buddy)
            form.addWidget(self.form_labels[key], row, column)
            span = 3 if key == "name" else 1
            form.addWidget(widgets[key], row, column + 1, 1, span)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        # Two rows of jobs, so their words fit at 1024 px in every language: the paper
        # for the street table first, the hand-off after it.
        sheets_row = QHBoxLayout()
        sheets_row.addWidget(self.sheet_count)
        sheets_row.addWidget(self.sheets_button)
        sheets_row.addWidget(self.scan_button)
        sheets_row.addStretch(1)
        sheets_row.addWidget(self.export_button)
        handoff_row = QHBoxLayout()
        handoff_row.addStretch(1)
        handoff_row.addWidget(self.merge_button)
        handoff_row.addWidget(self.purge_button)
        self.new_event = QGroupBox()
        self.new_event.setLayout(form)
        events_page = QWidget()
        events_layout = QVBoxLayout(events_page)
        events_layout.addWidget(self.event_table, 1)
        events_layout.addLayout(sheets_row)
        events_layout.addLayout(handoff_row)
        events_layout.addLayout(self._double_entry_row())
        events_layout.addWidget(self.new_event)
        # The form's fields in reading order (the date's calendar button right after it).
        chain = [self.name, self.date, self.date_button, self.start_time, self.end_time]
        chain += [self.place, self.city, self.languages.first, self.languages.second]
        chain.append(self.country)
        chain.append(self.create_button)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

        self.transcriber = Transcriber(self.store, t)
        self.transcriber.saved.connect(lambda _: self.refresh())
        self.tabs = QTabWidget()
        self.tabs.addTab(events_page, "")
        self.tabs.addTab(self.transcriber, "")
        self.log_table = ExportLogView(t)
        self.log = self.log_table.records
        self.tabs.addTab(self.log_table, "")
        self.second_pass = SecondPass(self.store, t)
        self.second_pass.changed.connect(self._second_pass_decided)
        self.tabs.addTab(self.second_pass, "")
        self.totals = TotalsView(self.store, t)
        self.tabs.addTab(self.totals, "")
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.tabs, 1)
        content_layout.addWidget(self.jobs)
        self.lock_screen = LockScreen(t)
        self.lock_text, self.unlock_button = self.lock_screen.text, self.lock_screen.button
        self.unlock_button.clicked.connect(self.unlock)
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.lock_screen)
        self.body.addWidget(self.pages, 1)
        self.retranslate()
        self.refresh()

    def commands(self) -> dict[str, QWidget]:
        commands: dict[str, QWidget] = {
            "export": self.export_button,
            "merge": self.merge_button,
            "totals": self.totals,  # the menu item shows its tab
        }
        if self.tabs.currentWidget() is self.transcriber:  # F2: correct the selected row
            commands["edit"] = self.transcriber.correct_button
        return commands

    def retranslate(self) -> None:
        t = self.t
        self.set_title(t("nav.signatures"))
        for key, label in self.form_labels.items():
            label.setText(t(f"event.{key}"))
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(t(f"event.{key}"))
        self.create_button.setText(t("event.create"))
        self.date_button.setText(t("event.pick_date"))
        self.date_button.setToolTip(t("event.pick_date_help"))
        self.date_button.setAccessibleName(t("event.pick_date_help"))
        self.date.setPlaceholderText(format_date(EXAMPLE_DATE, date_locale(t.language)))
        self.start_time.setAccessibleName(t("event.start"))
        self.end_time.setAccessibleName(t("event.end"))
        self.start_time.setPlaceholderText(t("event.start"))
        self.end_time.setPlaceholderText(t("event.end"))
        self.new_event.setTitle(t("event.new"))
        self.sheets_button.setText(t("sign.print_sheets"))
        self.scan_button.setText(t("scan.button"))
        self.scan_button.setToolTip(t("scan.button_tip"))
        self.export_button.setText(t("sign.export"))
        self.merge_button.setText(t("sign.merge"))
        self.purge_button.setText(t("purge.button"))
        self.jobs.cancel_button.setText(t("sign.cancel_job"))
        self.lock_screen.retranslate()
        self.tabs.setTabText(0, t("sign.events_tab"))
        self.tabs.setTabText(1, t("sign.transcribe_tab"))
        self.tabs.setTabText(2, t("sign.log_tab"))
        if self.locked:
            self.log_table.retranslate()
        else:  # the presets' labels are words too
            self.log_table.records.setHorizontalHeaderLabels([t(f"log.{k}") for k in LOG_COLUMNS])
            self._refresh_log()
        self.languages.retranslate()
        self.languages.second.setAccessibleName(t("event.second_language"))
        self.events.setHorizontalHeaderLabels([t(key) for key in EVENT_COLUMNS])
        if not self.locked:  # its sheet state reads the store; unlocking retranslates it
            self.transcriber.retranslate()
            self.second_pass.retranslate()
        self._retranslate_double_entry()
        self.tabs.setTabText(self.tabs.indexOf(self.totals), t("totals.tab"))
        self.totals.retranslate()

    def refresh(self) -> None:
        if self.locked:
            return
        selected = self.selected_event()
        self.events.removeRows(0, self.events.rowCount())
        for event in self.store.events():
            sheets = self.store.sheets(event.slug)
            cells = [
                QStandardItem(event.name),
                QStandardItem(event.slug),
                QStandardItem(event_when(event)),
                QStandardItem(", ".join(p for p in (event.city, event.country) if p)),
                QStandardItem(str(len(sheets))),
                QStandardItem(str(sum(s.entered for s in sheets))),
            ]
            cells[0].setData(event.slug, Qt.ItemDataRole.UserRole)
            self.events.appendRow(cells)
            if event.slug == selected:
                self._select_event_row(self.events.rowCount() - 1)
        if self.event_table.selectionModel().selectedRows() == [] and self.events.rowCount():
            self._select_event_row(self.events.rowCount() - 1)
        # Measured again now: a header left to size itself lazily kept the widths of the
        # empty table ('2…' for the id) after the first event.
        self.event_table.resizeColumnsToContents()
        self._show_double_entry()
        self.totals.refresh()

        self._refresh_log()

    def _refresh_log(self) -> None:
        from actionkit.core.signatures.purge import export_log

        self.log_table.show_records(export_log(self.store), self._preset_labels())

    def _preset_labels(self) -> dict[str, str]:
        """Each export preset's name -> its label in the UI's words."""
        try:
            return self._preset_labels_or_raise()
        except ActionKitError:
            return {}

    def _select_event_row(self, row: int) -> None:
        # Through the selection model: QTableView.selectRow selects nothing in a right to
        # left window whose table has not been laid out yet (Persian UI at start).
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        index = self.events.index(row, 0)
        self.event_table.selectionModel().setCurrentIndex(index, flags)

    def selected_event(self) -> str | None:
        rows = self.event_table.selectionModel().selectedRows() if self.events.rowCount() else []
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _error(self, message: str) -> None:
        dialogs.warn(self, self.t("error.title"), message)

    def _update_buttons(self) -> None:
        """While a job runs (or the store is locked), nothing starts another one."""
        free = not self.jobs.busy() and not self.locked
        for button in (
            self.create_button,
            self.sheets_button,
            self.scan_button,
            self.export_button,
            self.merge_button,
            self.purge_button,
        ):
            button.setEnabled(free)

    def _ask_save(self, title: str, kind: str, suffix: str, name: str) -> Path | None:
        """A file name from the save dialog (suggesting `name`), with `suffix` added if the
        user left it off."""
        suggested = dialogs.safe_file_name(name) + suffix
        path = dialogs.ask_save_path(self, title, f"{kind} (*{suffix})", suggested)
        return with_suffix(path, suffix) if path else None

    # Events --------------------------------------------------------------------------

    def pick_date(self) -> None:
        """Button: a calendar; the picked day goes into the date field in the user's form."""
        picker = DatePickerDialog(self.t, self.date.text(), self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.date.setText(picker.picked())
        self.date.setFocus()

    def _field_for(self, key: str) -> QWidget:
        """The form field an event error is about ('date.day_in_11' -> the date)."""
        if key.startswith("date."):
            return self.date
        if key == "time.end_before_start":
            return self.end_time
        if key.startswith("time."):
            try:  # which of the two times could not be read
                parse_time(self.start_time.text())
            except DateError:
                return self.start_time
            return self.start_time if key == "time.end_without_start" else self.end_time
        return self.name

    def _event_country(self) -> str | None:
        """The typed country as its ISO code ('' when none); None after saying why not."""
        text = self.country.text().strip()
        if not text:
            return ""
        code = country_code(text)
        if code is None:
            signer = normalize(SignerInput(first_name="-", country=text))
            issues = [i for i in validate(signer) if i.field == "country"]
            self._error(" ".join(self.t.issue(i) for i in issues))
            self.country.setFocus()
        return code

    def start_new_event(self) -> None:
        """Bring the new-event form into view with the cursor in its name field."""
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name.selectAll()
        self.status_message.emit(self.t("sign.new_event_hint"))

    def create_event(self) -> None:
        languages = tuple(self.languages.languages())
        country = self._event_country()
        if country is None:
            return
        try:
            event = self.store.create_event(
                self.name.text(),
                # No date is allowed: the sheets then print a labelled blank line for it.
                parse_date(self.date.text(), date_locale(self.t.language))
                if self.date.text().strip()
                else "",
                languages=languages or ("en",),
                city=self.city.text(),
                country=country,
                place=self.place.text(),
                organizer=self.settings.organizer_name,
                start_time=self.start_time.text(),
                end_time=self.end_time.text(),
            )
        except ActionKitError as exc:
            self._error(self.t.error(exc))
            self._field_for(exc.key or "").setFocus()  # where the correction is typed
            return
        self.name.clear()
        self.refresh()
        self.status_message.emit(self.t("event.created", name=event.name))

    # Printing sheets -----------------------------------------------------------------

    def print_sheets(self) -> None:
        """Button: new sheet ids for the selected event, saved as one PDF."""
        slug = self.selected_event()
        if slug is None:
            # Not just "select an event": a volunteer read that as "no sheets without an
            # event" and gave up. Say why sheets need one, how little it takes, and go there.
            if dialogs.ask(self, self.t("sign.print_sheets"), self.t("sign.sheets_need_event")):
                self.start_new_event()
            return
        target = self._ask_save(self.t("sign.print_sheets"), "PDF", ".pdf", f"{slug}-sheets")
        if target is not None:
            self.print_sheets_to(slug, target, self.sheet_count.value())

    def print_sheets_to(self, event: str, target: Path, count: int) -> None:
        job = sheets_job(
            self.store.path,
            self.passphrase,
            event,
            target,
            count=count,
            url=self.settings.appeal_url,
            paper=self.settings.paper_size or "A4",
            controller=(self.settings.controller_name(), self.settings.data_controller_contact),
        )

        def done(ids: list[str]) -> None:
            self.refresh()
            self.status_message.emit(
                self.t(
                    "sign.sheets_printed",
                    ids=isolated(", ".join(ids)),
                    path=isolated_path(target),
                )
            )
            if ids:
                self.transcriber.sheet_id.setText(ids[0])
            self.sheets_printed.emit(ids)

        self.jobs.run(self.t("sign.printing", count=count), job, done, self._error)

    # Scanned sheets ------------------------------------------------------------------

    def scan_photos(self) -> None:
        """Button: photos or scans of filled sheets, read in a worker; then what was read
        from each, and the paper counts for the user to confirm."""
        t = self.t
        patterns = " ".join(f"*.{s} *.{s.upper()}" for s in SCAN_SUFFIXES)
        kinds = f"{t('scan.files')} ({patterns})"
        files = [Path(f) for f in dialogs.ask_open_paths(self, t("scan.button"), kinds)]
        if files:
            self.scan_photos_from(files)

    def scan_photos_from(self, files: list[Path]) -> None:
        job = scan_job(self.store.path, self.passphrase, files)

        def done(results: list[ImportResult]) -> None:
            self.refresh()
            self.transcriber.reload_scan()  # the open sheet may just have been photographed
            self.second_pass.reload_scan()
            self.show_scan_results(results)

        self.jobs.run(
            self.t.plural("scan.reading", len(files), count=len(files)), job, done, self._error
        )

    def show_scan_results(self, results: list[ImportResult]) -> None:
        """What was read from each image; the paper counts saved once the user confirms."""
        t = self.t
        lines = image_lines(t, results)
        counts = sheet_counts(self.store, results)
        read = sum(1 for line in lines if not line.refused)
        self.status_message.emit(
            t.plural("scan.imported", len(lines), read=read, images=len(lines))
        )
        dialog = ScanResultsDialog(t, lines, counts, self)
        confirmed = dialog.exec() == QDialog.DialogCode.Accepted
        if counts and self.transcriber.sheet is None:  # ready to type, as after printing
            self.transcriber.sheet_id.setText(counts[0].sheet_id)
        if not confirmed or not counts:
            return
        try:
            apply_paper_counts(self.store, dialog.counts())
        except ActionKitError as exc:
            self._error(t.error(exc))
            return
        self.refresh()
        self.transcriber.reload()
        self.status_message.emit(t.plural("scan.counts_saved", len(counts), sheets=len(counts)))

    # Export and merge ----------------------------------------------------------------

    def export(self) -> None:
        """Button and Ctrl+E: what to export, then where; written in a worker."""
        try:
            presets = self._preset_labels_or_raise()
        except ActionKitError as exc:
            self._error(self.t.error(exc))
            return
        centre = self.settings.centre_public_key
        dialog = ExportDialog(
            self.t,
            presets,
            self,
            centre_key=centre,
            kind=self.export_kind,
            event=self._selected_event_words(),
            delimiters=csv_delimiters(self.paths.config_dir, self.t.language),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.passwords_match():
            return
        choice = dialog.choice()
        self.export_kind = choice.kind
        kind = "CSV" if choice.kind == "csv" else "Excel"
        event = self.selected_event() or "all-events"
        target = self._ask_save(self.t("sign.export"), kind, choice.suffix(), f"{event}-signers")
        if target is not None:
            self.export_to(target, choice)

    def _selected_event_words(self) -> str:
        """The selected event as the user knows it (its name and date), '' for none."""
        rows = self.event_table.selectionModel().selectedRows() if self.events.rowCount() else []
        if not rows:
            return ""
        row = rows[0].row()
        name = self.events.item(row, EVENT_COLUMNS.index("event.name")).text()
        date = self.events.item(row, EVENT_COLUMNS.index("event.date")).text()
        return f"{name} ({isolated(date)})"

    def _preset_labels_or_raise(self) -> dict[str, str]:
        from actionkit.core.signatures.export import load_presets

        presets = load_presets(self.paths.config_dir)
        return {name: preset_label(self.t, name, p.label) for name, p in presets.items()}

    def export_to(self, target: Path, choice: ExportChoice) -> None:
        job = export_job(
            self.store.path,
            self.passphrase,
            target,
            choice,
            event=self.selected_event(),
            config_dir=self.paths.config_dir,
        )

        def done(result: object) -> None:
            rows = getattr(result, "rows", 0)
            left_out = getattr(result, "purged_left_out", 0)
            if left_out:
                message = self.t(
                    "sign.exported_left_out",
                    rows=rows,
                    path=isolated_path(target),
                    left_out=left_out,
                )
            else:
                message = self.t("sign.exported", rows=rows, path=isolated_path(target))
            unconsented = getattr(result, "unconsented_left_out", 0)
            if unconsented:
                message += "; " + self.t("sign.exported_unconsented", count=unconsented)
            flagged_out = getattr(result, "flagged_left_out", 0)
            if flagged_out:
                message += "; " + self.t("sign.exported_flagged_out", count=flagged_out)
            missing = getattr(result, "missing_left_out", 0)
            if missing:
                message += "; " + self.t("sign.exported_missing_out", count=missing)
            self.status_message.emit(message)
            notes = getattr(result, "notes", ())
            if notes:  # a value cut to the CRM's limit, a country left as typed
                shown = "\n".join(self.t.text(note) for note in notes[:20])
                title = self.t("sign.export_notes_title")
                dialogs.inform(self, title, self.t("sign.export_notes", notes=shown))
            flagged = getattr(result, "formulas_flagged", ())
            if flagged:  # a CRM preset that flags: written as typed, said here
                dialogs.warn(self, self.t("sign.export"), formulas_flagged_text(self.t, flagged))
            if not self.locked:
                self._refresh_log()
            self.exported.emit(result)

        self.jobs.run(self.t("sign.exporting"), job, done, self._error, can_cancel=True)

    def merge(self) -> None:
        """Button: merge exports from many organizers (as the central campaign does)."""
        from actionkit.core.signatures.merge import is_password_protected

        t = self.t
        kinds = f"{t('merge.exports')} (*.xlsx *.csv *.age);;Excel (*.xlsx);;CSV (*.csv)"
        files = [Path(f) for f in dialogs.ask_open_paths(self, t("sign.merge"), kinds)]
        if not files:
            return
        password = None
        protected = [f for f in files if is_password_protected(f)]
        if protected:
            password = self._merge_password(files, protected)
            if password is None:
                return  # cancelled: nothing merged, nothing written
        name = dialogs.safe_file_name("merged") + ".xlsx"
        path, chosen = dialogs.ask_save_path_and_type(
            self, t("sign.merge"), "Excel (*.xlsx);;CSV (*.csv)", name
        )
        if not path:
            return
        # A name typed without an ending takes the type picked in the dialog.
        target = Path(path) if Path(path).suffix.casefold() in (".xlsx", ".csv") else None
        target = target or with_suffix(path, ".csv" if "*.csv" in chosen else ".xlsx")
        choice = self._merge_choice(target)
        if choice is not None:
            self.merge_to(files, target, password or None, choice)

    def _merge_choice(self, target: Path) -> MergeChoice | None:
        """The layout and the consent filter, in a small dialog; None: cancelled."""
        from actionkit.core.signatures.presets import load_presets

        try:
            presets = load_presets(self.paths.config_dir)
        except ActionKitError as exc:
            self._error(self.t.error(exc))
            return None
        shown = {
            name: (preset_label(self.t, name, p.label), p.consented_only)
            for name, p in presets.items()
        }
        dialog = MergeOptionsDialog(self.t, target, shown, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def _merge_password(self, files: list[Path], protected: list[Path]) -> str | None:
        """The password for the protected files, checked before anything is written: asked
        again, naming the files it does not open, until it opens them all, or the user
        leaves those files out (then the merge reports them skipped). None: cancelled."""
        from actionkit.core.signatures.merge import password_opens

        t = self.t
        label = t("sign.merge_password", files=isolated(", ".join(f.name for f in protected)))
        tried: tuple[str, list[Path]] | None = None  # the last password, the files it left shut
        while True:
            typed, ok = QInputDialog.getText(
                self, t("sign.merge"), label, QLineEdit.EchoMode.Password
            )
            if not ok:
                break
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # ~0.15 s a file
            try:
                closed = [f for f in protected if not password_opens(f, typed)]
            finally:
                QApplication.restoreOverrideCursor()
            if not closed:
                return typed
            tried = (typed, closed)
            label = t(
                "sign.merge_password_wrong", files=isolated(", ".join(f.name for f in closed))
            )
        if tried is None or len(tried[1]) == len(files):  # nothing typed, or nothing to merge
            return None
        shut = isolated(", ".join(f.name for f in tried[1]))
        if dialogs.ask(self, t("sign.merge"), t("sign.merge_leave_out", files=shut)):
            return tried[0]
        return None

    def merge_to(
        self,
        files: list[Path],
        target: Path,
        password: str | None = None,
        choice: MergeChoice | None = None,
        decisions: dict[str, str] | None = None,
    ) -> None:
        """Merge in a worker; afterwards, the possible duplicates for the user to decide
        (deciding merges again, with the decisions)."""
        from actionkit.core.signatures.merge import MergeOptions

        choice = choice or MergeChoice(None, merge_format(target), False)
        delimiter = None
        if choice.format == "csv":  # as the export's: the locale's, or a CRM's comma
            delimiters = csv_delimiters(self.paths.config_dir, self.t.language)
            delimiter = delimiters.get(choice.preset or "generic")
        options = MergeOptions(
            preset=choice.preset,
            format=choice.format,
            consented_only=choice.consented_only,
            delimiter=delimiter,
            decisions=dict(decisions or {}),
            config_dir=self.paths.config_dir,
        )

        def done(report: object) -> None:
            t = self.t
            rows_in, rows_out = getattr(report, "rows_in", 0), getattr(report, "rows_out", 0)
            skipped = getattr(report, "files_failed", [])
            pending = list(getattr(report, "pending", []))
            key = "sign.merged_skipped" if skipped else "sign.merged"
            path = isolated_path(target)
            # One sentence in the status bar; the whole merge in the window after it.
            message = t(key, rows_in=rows_in, rows_out=rows_out, path=path, skipped=len(skipped))
            self.status_message.emit(message)
            show_merge_result(self, t, report, target)
            self.exported.emit(report)
            automatic = list(getattr(report, "automatic", []))
            if pending or automatic:
                dialog = MergeDecisionsDialog(t, pending, self, automatic)
                if dialog.exec() == QDialog.DialogCode.Accepted and dialog.decisions():
                    decided = {**options.decisions, **dialog.decisions()}
                    self.merge_to(files, target, password, choice, decided)

        job = merge_job(files, target, password, pending=self.paths.data_dir, options=options)
        self.jobs.run(self.t("sign.merging", files=len(files)), job, done, self._error)

    # Purge -------------------------------------------------------------------------

    def purge(self) -> None:
        """Button: after the hand-off, delete the selected event's personal data, keeping
        the counts. The user confirms by typing the event's id."""
        from actionkit.core.signatures.purge import plan_purge

        slug = self.selected_event()
        if slug is None:
            self._error(self.t("sign.pick_event"))
            return
        try:
            plan = plan_purge(self.store, slug)
        except ActionKitError as exc:
            self._error(self.t.error(exc))
            return
        if not plan.exported:
            self._error(self.t("purge.not_exported"))
            return
        if plan.unexported:
            self._error(self.t("purge.since_export", rows=plan.unexported))
            return
        dialog = PurgeDialog(self.t, plan.describe(), slug, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if not dialog.confirmed():
            self._error(self.t("purge.not_confirmed"))
            return
        self.purge_event(slug)

    def purge_event(self, event: str) -> None:
        def done(plan: object) -> None:
            self.refresh()
            self.transcriber.reload()  # the open sheet must not keep showing the names
            self.second_pass.reload()
            rows = getattr(plan, "rows", 0)
            self.status_message.emit(self.t("purge.done", rows=rows, event=isolated(event)))
            self.purged.emit(event)

        job = purge_job(self.store.path, self.passphrase, event)
        self.jobs.run(self.t("purge.running", event=isolated(event)), job, done, self._error)

    # Locking after idle --------------------------------------------------------------

    def lock(self, minutes: int) -> bool:
        """Hide everything behind the lock screen and close the store; the open sheet and
        the fields being typed stay as they are. Only a passphrase-locked store locks."""
        if self.locked or not self.passphrase:
            return False
        self.locked = True
        focus = QApplication.focusWidget()
        self._focus_before_lock = focus if focus is not None and self.isAncestorOf(focus) else None
        self.lock_screen.show_minutes(minutes)
        self.pages.setCurrentIndex(1)
        self.transcriber.put_photos_away()
        self.second_pass.put_photos_away()
        if self.isVisible():
            self.unlock_button.setFocus()  # keys go to Unlock, never to a hidden field
        self.store.close()
        self.passphrase = None  # forgotten: only the person who knows it opens the page again
        self._update_buttons()
        return True

    def unlock(self) -> None:
        """Button on the lock screen: the passphrase, then the page as it was."""
        from actionkit.gui.locking import ask_passphrase

        passphrase = ask_passphrase(self, self.paths, self.t)
        if passphrase is not None:
            self.unlock_with(passphrase)

    def close_store(self) -> None:
        """The store closed for a moment (Settings locks it or changes its passphrase):
        the page, its open sheet and the typed fields stay; `reopen_store` follows."""
        if self.jobs.worker is not None:  # a job holds its own connection to the file
            self.jobs.worker.cancel()
            self.jobs.worker.wait(10_000)
        self.store.close()

    def reopen_store(self, passphrase: str | None) -> None:
        self.store = SignatureStore.open(self.paths, passphrase)
        self.passphrase = passphrase
        self.transcriber.set_store(self.store)
        self.second_pass.set_store(self.store)
        self.totals.store = self.store
        self.refresh()

    def unlock_with(self, passphrase: str) -> None:
        self.locked = False  # before reopening: refresh() reads nothing while locked
        self.reopen_store(passphrase)
        self.transcriber.retranslate()  # the language may have changed while locked
        self.pages.setCurrentIndex(0)
        self._update_buttons()
        if self._focus_before_lock is not None:  # back where the typing stopped
            self._focus_before_lock.setFocus()
            self._focus_before_lock = None
        self.unlocked.emit()

    def has_unsaved_row(self) -> bool:
        """A row half typed in on the typing tab (also while locked: the fields stay)."""
        return self.transcriber.has_unsaved_row() or self.second_pass.has_unsaved_row()

    def busy_with_job(self) -> bool:
        return self.jobs.busy()

    # Double entry: a second, blind typing of the event's sheets ----------------------

    def _double_entry_row(self) -> QHBoxLayout:
        self.double_entry = QCheckBox()
        self.double_entry.clicked.connect(self.switch_double_entry)
        self.double_entry_help = QLabel()
        self.double_entry_help.setObjectName("hint")
        self.double_entry_help.setTextFormat(Qt.TextFormat.PlainText)
        self.double_entry_help.setWordWrap(True)
        self.second_button = QPushButton()
        self.second_button.clicked.connect(self.open_second_typing)
        self.event_table.selectionModel().selectionChanged.connect(
            lambda *_: self._show_double_entry()
        )
        row = QHBoxLayout()
        row.addWidget(self.double_entry)
        row.addWidget(self.double_entry_help, 1)
        row.addWidget(self.second_button)
        return row

    def _retranslate_double_entry(self) -> None:
        t = self.t
        self.double_entry.setText(t("double.switch"))
        self.double_entry_help.setText(t("double.switch_help"))
        self.double_entry.setAccessibleDescription(t("double.switch_help"))
        self.second_button.setText(t("double.open"))
        self.tabs.setTabText(self.tabs.indexOf(self.second_pass), t("double.tab"))

    def _show_double_entry(self) -> None:
        """The switch says whether the selected event is typed twice; the Second typing
        tab is there while any event is."""
        if self.locked:
            return
        slug = self.selected_event()
        events = {e.slug: e.double_entry for e in self.store.events()}
        on = bool(slug and events.get(slug))
        self.double_entry.setEnabled(slug is not None)
        self.double_entry.setChecked(on)
        self.second_button.setEnabled(on)
        self.tabs.setTabVisible(self.tabs.indexOf(self.second_pass), any(events.values()))

    def switch_double_entry(self) -> None:
        """The Double entry box: switch the selected event's second typing on or off."""
        from actionkit.core.signatures.double_entry import set_double_entry

        slug = self.selected_event()
        if slug is None:
            self._error(self.t("sign.pick_event"))
            self._show_double_entry()
            return
        on = self.double_entry.isChecked()
        try:
            set_double_entry(self.store, slug, on)
        except ActionKitError as exc:
            self._error(self.t.error(exc))
        self._show_double_entry()
        key = "double.switched_on" if on else "double.switched_off"
        self.status_message.emit(self.t(key, event=isolated(slug)))

    def open_second_typing(self) -> None:
        """The Second typing button: the page where a second volunteer types a sheet."""
        self.tabs.setCurrentWidget(self.second_pass)
        self.second_pass.sheet_id.setFocus()
        self.second_pass.sheet_id.selectAll()

    def _second_pass_decided(self) -> None:
        self.refresh()
        self.transcriber.reload()  # a sheet open there shows the decided rows

    def close_resources(self) -> None:
        self.close_store()  # closing a store the idle lock closed already does nothing
