"""People: the dataset as a searchable table, with a detail pane for one person."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QWidget,
)

from actionkit.core.dataset import STATUSES, DatasetStore, Filters, LoadedDataset, stale_people
from actionkit.core.dataset.errors import UntrustedDatasetError
from actionkit.core.dataset.model import Person
from actionkit.core.errors import ActionKitError
from actionkit.gui.i18n import Translator
from actionkit.gui.models.people import COLUMNS, PeopleFilter, PeopleModel
from actionkit.gui.workspaces.base import Workspace
from actionkit.gui.workspaces.person_edit import PhotoDialog, StatusDialog


class PeopleWorkspace(Workspace):
    selection_changed = Signal(list)  # person ids
    dataset_changed = Signal()

    def __init__(
        self, *, store: DatasetStore, t: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(t("nav.people"), parent)
        self.t = t
        self.store = store
        self.loaded: LoadedDataset = store.load()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refilter)
        self.status = QComboBox()
        self.status.currentIndexChanged.connect(self._refilter)
        self.hide_button = QPushButton()
        self.hide_button.clicked.connect(self._hide_selected)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_person)
        self.status_button = QPushButton()
        self.status_button.clicked.connect(self.update_status)
        self.photo_button = QPushButton()
        self.photo_button.clicked.connect(self.attach_photo)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self._import)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.status_button)
        actions.addWidget(self.photo_button)
        actions.addWidget(self.hide_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)

        self.model = PeopleModel(self.loaded.people, [], self._stale_ids())
        self.proxy = PeopleFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.detail = QTextBrowser()
        self.detail.setObjectName("personDetail")
        self.detail.setOpenLinks(False)  # a source opens only when the user clicks it
        self.detail.anchorClicked.connect(self._open_link)
        self.splitter = QSplitter()
        self.splitter.setObjectName("peopleSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([620, 420])
        self.body.addLayout(bar)
        self.body.addWidget(self.splitter, 1)
        self.body.addLayout(actions)
        self.retranslate()

    def commands(self) -> dict[str, QWidget]:
        return {"edit": self.status_button, "find": self.search}

    def _stale_ids(self) -> set[str]:
        return {notice.person.id for notice in stale_people(self.loaded.people)}

    def retranslate(self) -> None:
        t = self.t
        self.set_title(t("nav.people"))
        self.search.setPlaceholderText(t("people.search"))
        self.search.setAccessibleName(t("people.search"))
        current = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(t("people.all_statuses"), None)
        for status in STATUSES:
            self.status.addItem(t(f"status.{status}"), status)
        index = self.status.findData(current)
        self.status.setCurrentIndex(max(index, 0))
        self.status.blockSignals(False)
        self.hide_button.setText(t("people.hide"))
        self.add_button.setText(t("people.add"))
        self.status_button.setText(t("people.update_status"))
        self.photo_button.setText(t("people.attach_photo"))
        self.import_button.setText(t("people.import"))
        self.model.set_headers([t(c) for c in COLUMNS], {s: t(f"status.{s}") for s in STATUSES})
        self._show_detail()

    def _refilter(self) -> None:
        query = self.search.text().strip()
        status = self.status.currentData()
        if not query and status is None:
            self.proxy.set_allowed(None)
            return
        filters = Filters(statuses=frozenset({status})) if status else None
        found = self.loaded.index.search(query, filters)
        self.proxy.set_allowed({p.id for p in found})

    def selected_people(self) -> list[Person]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]
        return [p for p in map(self.loaded.get, ids) if p is not None]

    def _selected(self) -> None:
        self._show_detail()
        self.selection_changed.emit([p.id for p in self.selected_people()])

    def _show_detail(self) -> None:
        people = self.selected_people()
        self.detail.setHtml(self._detail_html(people[0]) if people else "")

    def _detail_html(self, person: Person) -> str:
        """Everything escaped: overlay fields are typed by users and must stay text."""
        t, e = self.t, html.escape
        lang = self.t.language
        age = (dt.date.today() - person.status_date).days
        stale = (
            f"<p class='stale'>⚠ {e(t('people.stale', days=age))}</p>"
            if person.id in self.model.stale
            else ""
        )
        story = person.story_in(lang) or person.story_in("en")
        sources = "".join(
            f"<li><a href='{e(s.url)}'>{e(s.citation())}</a></li>"
            if s.url
            else f"<li>{e(s.citation())}</li>"
            for s in person.sources
        )
        return (
            f"<h2>{e(person.name_latin or '')}</h2>"
            f"<h3 dir='rtl'>{e(person.name_persian or '')}</h3>"
            f"<p><b>{e(t('status.' + person.status))}</b> · "
            f"{e(t('people.as_of', date=person.status_as_of))}</p>{stale}"
            f"<p>{e(story.text) if story else ''}</p>"
            f"<h4>{e(t('people.sources'))}</h4><ul>{sources}</ul>"
        )

    def update_status(self, dialog: StatusDialog | None = None) -> bool:
        """A new status for the selected person, kept in the local overlay with its source."""
        people = self.selected_people()
        if not people:
            return False
        person = people[0]
        dialog = dialog or StatusDialog(person, self.t, self)
        accepted = QDialog.DialogCode.Accepted
        if dialog.result() != accepted and dialog.exec() != accepted:
            return False
        try:
            self.store.editor(self.loaded).edit(person.id, dialog.changes(), dialog.source())
        except ActionKitError as exc:
            QMessageBox.warning(self, self.t("error.title"), str(exc))
            return False
        self.reload()
        self._select(person.id)
        return True

    def add_person(self, dialog: StatusDialog | None = None) -> str | None:
        """Someone the dataset lacks, in the local list: names, status, date and source."""
        from actionkit.core.dataset.overlay import new_person_record

        dialog = dialog or StatusDialog(None, self.t, self)
        accepted = QDialog.DialogCode.Accepted
        if dialog.result() != accepted and dialog.exec() != accepted:
            return None
        changes, source = dialog.changes(), dialog.source()
        if not (source.title and source.publisher):
            QMessageBox.warning(self, self.t("error.title"), self.t("people.needs_source"))
            return None
        record = new_person_record(
            dialog.latin.text(),
            dialog.persian.text(),
            changes["status"],
            changes["status_as_of"],
            source,
        )
        try:
            person_id = self.store.editor(self.loaded).add(record)
        except ActionKitError as exc:
            QMessageBox.warning(self, self.t("error.title"), str(exc))
            return None
        self.reload()
        self._select(person_id)
        return person_id

    def attach_photo(self, dialog: PhotoDialog | None = None) -> bool:
        people = self.selected_people()
        if not people:
            return False
        if dialog is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.t("people.attach_photo"), "", "Images (*.jpg *.jpeg *.png *.webp)"
            )
            if not path:
                return False
            dialog = PhotoDialog(path, self.t, self)
        accepted = QDialog.DialogCode.Accepted
        if dialog.result() != accepted and dialog.exec() != accepted:
            return False
        try:
            self.store.attach_photo(
                self.loaded,
                people[0].id,
                Path(dialog.path),
                dialog.credit.text(),
                dialog.licence.text(),
            )
        except ActionKitError as exc:
            QMessageBox.warning(self, self.t("error.title"), str(exc))
            return False
        self.reload()
        self._select(people[0].id)
        return True

    def _select(self, person_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == person_id:
                self.table.setCurrentIndex(self.proxy.index(row, 0))
                return

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def _hide_selected(self) -> None:
        people = self.selected_people()
        if not people:
            return
        try:
            editor = self.store.editor(self.loaded)
            for person in people:
                editor.set_hidden(person.id)
        except ActionKitError as exc:
            QMessageBox.warning(self, self.t("error.title"), str(exc))
            return
        self.reload()

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.t("people.import"), "", "JSON (*.json)")
        if not path:
            return
        try:
            report = self.store.import_file(Path(path))
        except UntrustedDatasetError as exc:
            answer = QMessageBox.question(
                self, self.t("error.title"), f"{exc}\n\n{self.t('people.import_untrusted')}"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            try:
                report = self.store.import_file(Path(path), untrusted_ok=True)
            except ActionKitError as again:
                QMessageBox.warning(self, self.t("error.title"), str(again))
                return
        except ActionKitError as exc:
            QMessageBox.warning(self, self.t("error.title"), str(exc))
            return
        QMessageBox.information(self, self.t("people.import"), "\n".join(report.lines()))
        self.reload()

    def reload(self) -> None:
        self.loaded = self.store.load()
        self.model.set_people(self.loaded.people, self._stale_ids())
        self._refilter()
        self.dataset_changed.emit()
