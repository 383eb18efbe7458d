"""People: the dataset as a searchable table, with a detail pane for one person."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.dataset import (
    STATUSES,
    DatasetStore,
    LoadedDataset,
    stale_people,
)
from actionkit.core.dataset.errors import UntrustedDatasetError
from actionkit.core.dataset.model import Crop, Person, Source
from actionkit.core.dataset.overlay import LocalSource
from actionkit.core.dataset.photos import PORTRAIT_ASPECT, check_photo, frame_crop
from actionkit.core.errors import ActionKitError
from actionkit.core.text.normalize import fold
from actionkit.gui import dialogs
from actionkit.gui.i18n import FSI, LRI, PDI, Translator
from actionkit.gui.models.people import COLUMNS, PeopleFilter, PeopleModel
from actionkit.gui.status_filter import StatusFilter
from actionkit.gui.workspaces.base import Workspace
from actionkit.gui.workspaces.person_edit import PhotoDialog, StatusDialog
from actionkit.gui.workspaces.photo_crop import load_upright

MAX_TABLE_ROOM = 560  # at 1024 px the details keep their 200
DETAIL_MIN_WIDTH = 200
PHOTO_FILES = "Images (*.jpg *.jpeg *.png *.webp)"
PHOTO_WIDTH = 120  # the photo in the details, in pixels
PHOTO_URL = QUrl("actionkit-photo:selected")


class PhotoDropTarget(QObject):
    """Lets a file dragged from the desktop be dropped on a widget (its viewport):
    one local file is accepted; what it is, the same checks as Attach photo… decide."""

    dropped = Signal(QPoint, Path)

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    @staticmethod
    def _file(event: QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) == 1 and urls[0].isLocalFile():
            return Path(urls[0].toLocalFile())
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if self._file(event) is not None:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = self._file(event)
            if path is None:
                event.ignore()
                return True
            event.acceptProposedAction()
            self.dropped.emit(event.position().toPoint(), path)
            return True
        return super().eventFilter(watched, event)


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
        self.status = StatusFilter(t)
        self.status.currentIndexChanged.connect(self._refilter)
        self.hide_button = QPushButton()
        self.hide_button.clicked.connect(self.ask_hide)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.ask_add_person)
        self.status_button = QPushButton()
        self.status_button.clicked.connect(self.ask_update_status)
        self.undo_event_button = QPushButton()  # shown when the person has events of yours
        self.undo_event_button.clicked.connect(self.ask_remove_event)
        self.undo_event_button.hide()
        self.photo_button = QPushButton()
        self.photo_button.clicked.connect(self.ask_attach_photo)
        self.crop_button = QPushButton()  # shown when the person has a photo
        self.crop_button.clicked.connect(self.ask_crop_photo)
        self.crop_button.hide()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.ask_import)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status, 1)
        # What concerns the whole list sits under it; what concerns the selected person
        # sits under their details, one button a line (every language fits at 1024 px).
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        person_actions = QVBoxLayout()
        for button in (
            self.status_button,
            self.undo_event_button,
            self.photo_button,
            self.crop_button,
            self.hide_button,
        ):
            person_actions.addWidget(button)

        self.model = PeopleModel(self.loaded.shown(), [], self._stale_ids())
        self.proxy = PeopleFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Names are always whole; the Persian name gets what name, status and date leave
        # (its header may shorten, the names in it fit).
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)  # the Persian column may give way, not the others
        self.table.selectionModel().selectionChanged.connect(self._selected)
        # A photo dragged from the desktop onto a person's row, or onto their details.
        self.table_drop = PhotoDropTarget(self.table.viewport())
        self.table_drop.dropped.connect(self._photo_dropped_on_table)

        self.detail = QTextBrowser()
        self.detail.setObjectName("personDetail")
        self.detail.setOpenLinks(False)  # a source opens only when the user clicks it
        self.detail.anchorClicked.connect(self._open_link)
        self.detail_drop = PhotoDropTarget(self.detail.viewport())
        self.detail_drop.dropped.connect(self._photo_dropped_on_detail)
        self.splitter = QSplitter()
        self.splitter.setObjectName("peopleSplitter")
        # A saved splitter (window.ini) may be from another language or a wider window:
        # the table side keeps room for whole names whatever is restored.
        self.splitter.setChildrenCollapsible(False)
        self.table_side = left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.table, 1)
        left_column.addLayout(actions)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.detail, 1)
        right_column.addLayout(person_actions)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.detail.setMinimumWidth(DETAIL_MIN_WIDTH)
        self.splitter.setSizes([700, 300])
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.body.addLayout(bar)
        self.body.addWidget(self.splitter, 1)
        self.retranslate()
        self._enable_buttons()

    def commands(self) -> dict[str, QWidget]:
        return {"edit": self.status_button, "find": self.search}

    def _stale_ids(self) -> set[str]:
        return {notice.person.id for notice in stale_people(self.loaded.shown())}

    def retranslate(self) -> None:
        t = self.t
        self.set_title(t("nav.people"))
        self.search.setPlaceholderText(t("people.search"))
        self.search.setAccessibleName(t("people.search"))
        self.status.retranslate()
        self.hide_button.setText(t("people.hide"))
        self.add_button.setText(t("people.add"))
        self.status_button.setText(t("people.update_status"))
        self.undo_event_button.setText(t("people.remove_event"))
        self.photo_button.setText(t("people.attach_photo"))
        self.crop_button.setText(t("people.crop_photo"))
        self.import_button.setText(t("people.import"))
        self.model.set_headers([t(c) for c in COLUMNS], {s: t(f"status.{s}") for s in STATUSES})
        self._show_detail()
        self._keep_room_for_names()

    def _keep_room_for_names(self) -> None:
        """The table side is never narrower than its columns with the longest name whole
        (up to what a 1024-pixel window can give while the details keep their minimum)."""
        header = self.table.horizontalHeader()
        columns = sum(
            max(self.table.sizeHintForColumn(c), 0 if c == 1 else header.sectionSizeHint(c))
            for c in range(self.proxy.columnCount())
        )
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        self.table_side.setMinimumWidth(min(columns + frame, MAX_TABLE_ROOM))

    def _refilter(self) -> None:
        self.proxy.set_allowed(self.status.allowed(self.loaded, self.search.text()))

    def selected_people(self) -> list[Person]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]
        return [p for p in map(self.loaded.get, ids) if p is not None]

    def _selected(self) -> None:
        self._show_detail()
        self._enable_buttons()
        self.selection_changed.emit([p.id for p in self.selected_people()])

    def _show_detail(self) -> None:
        people = self.selected_people()
        if people:
            self._show_photo(people[0])
            self.detail.setHtml(self._detail_html(people[0]))
        else:
            self.detail.setPlainText(self.t("people.pick_one"))

    def _detail_html(self, person: Person) -> str:
        """Everything escaped: overlay fields are typed by users and must stay text."""
        t, e = self.t, html.escape
        lang = self.t.language
        age = (dt.date.today() - person.status_date).days
        stale = (
            f"<p class='stale'>⚠ {e(t('people.stale', days=age))}</p>"
            if person.id in self.model.stale and person.status_as_of
            else ""
        )
        facts = []
        days = person.days_behind_bars()
        if days is not None and person.arrest_date:
            facts.append(t("people.behind_bars", date=person.arrest_date, days=days))
        if person.prison:
            reported = person.prison_reported or person.status_as_of
            facts.append(t("people.prison_reported", prison=person.prison, date=reported))
        if person.birth_date:
            facts.append(t("people.born", date=person.birth_date))
        if person.last_checked:
            checked = person.last_checked
            facts.append(t("people.checked", date=checked.date, who=checked.by))
        story = person.story_in(lang) or person.story_in("en")

        # Labelled s1, s2...: the timeline cites them so. The date sits in its own
        # left-to-right isolate, or a Persian title turns 2025-05-11 into 11-05-2025.
        def citation(source: Source) -> str:
            when = f", {LRI}{source.date}{PDI}" if source.date else ""
            mine = f" ({t('people.your_source')})" if source.local else ""
            return e(f"{source.publisher}: {FSI}{source.title}{PDI}{when}{mine}")

        sources = "".join(
            f"<li>{e(s.id)} · <a href='{e(s.url)}'>{citation(s)}</a></li>"
            if s.url
            else f"<li>{e(s.id)} · {citation(s)}</li>"
            for s in person.sources
        )
        as_of = t("people.as_of", date=person.status_as_of) if person.status_as_of else ""
        return (
            f"{self._photo_html(person)}<h2>{e(person.name_latin or '')}</h2>"
            f"<h3 dir='rtl'>{e(person.name_persian or '')}</h3>"
            f"<p><b>{e(t('status.' + person.status))}</b> · {e(as_of)}</p>{stale}"
            + "".join(f"<p>{e(fact)}</p>" for fact in facts)
            + f"<p>{e(story.text) if story else ''}</p>"
            f"<h4>{e(t('people.timeline'))}</h4>{self._timeline_html(person)}"
            f"<h4>{e(t('people.sources'))}</h4><ul>{sources}</ul>"
        )

    def _show_photo(self, person: Person) -> None:
        """The part of the person's photo that pieces print (their 4:5 frame), for the
        details to show."""
        path = self.store.photo_file(person)
        if path is None or person.photo is None:
            return
        image = load_upright(path)
        if image.isNull():
            return
        left, top, right, bottom = frame_crop(
            image.width(), image.height(), person.photo.crop, PORTRAIT_ASPECT
        )
        part = image.copy(round(left), round(top), round(right - left), round(bottom - top))
        shown = part.scaledToWidth(PHOTO_WIDTH, Qt.TransformationMode.SmoothTransformation)
        self.detail.document().addResource(
            QTextDocument.ResourceType.ImageResource.value, PHOTO_URL, shown
        )

    def _photo_html(self, person: Person) -> str:
        if person.photo is None or self.store.photo_file(person) is None:
            return ""
        credit, licence = (
            f"{FSI}{text}{PDI}" for text in (person.photo.credit, person.photo.licence)
        )
        line = self.t("people.photo_line", credit=credit, licence=licence)
        return (
            f"<p><img src='{PHOTO_URL.toString()}' width='{PHOTO_WIDTH}'><br>"
            f"<small>{html.escape(line)}</small></p>"
        )

    def _timeline_html(self, person: Person) -> str:
        """Newest first: date, what happened, where, and the sources cited."""
        t, e = self.t, html.escape
        if not person.events:
            return f"<p>{e(t('people.no_events'))}</p>"
        rows = []
        for event in sorted(person.events, key=lambda ev: ev.date, reverse=True):
            parts = [t(f"event.{event.type}"), *event.details()]
            cited = ", ".join(dict.fromkeys(c.source for c in event.sources))
            what = e(" · ".join(parts))
            rows.append(f"<li><b>{e(event.date)}</b> · {what} <small>[{e(cited)}]</small></li>")
        return f"<ul>{''.join(rows)}</ul>"

    def _enable_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        for button in (self.status_button, self.photo_button, self.hide_button):
            button.setEnabled(chosen)
        people = self.selected_people()
        self.undo_event_button.setVisible(bool(people) and "events" in people[0].local_fields)
        self.crop_button.setVisible(bool(people) and self.store.photo_file(people[0]) is not None)

    def _warn(self, text: str) -> None:
        dialogs.warn(self, self.t("error.title"), text)

    # What the buttons do: ask through dialogs, then call the operation ------------

    def ask_update_status(self) -> None:
        """A new status for the selected person, with the source it was learned from."""
        people = self.selected_people()
        if not people:
            return
        person_id = people[0].id

        def check(dialog: StatusDialog) -> list[str]:
            editor = self.store.editor(self.loaded)
            return editor.event_problems(person_id, dialog.timeline_event(), dialog.source())

        dialog = StatusDialog(people[0], self.t, self, check=check)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.update_status(person_id, dialog.timeline_event(), dialog.source())

    def ask_remove_event(self) -> None:
        """Take back the event you added last to the selected person's timeline."""
        people = self.selected_people()
        editor = self.store.editor(self.loaded)
        event = editor.last_event(people[0].id) if people else None
        if event is None:
            return
        what = self.t(f"event.{event['type']}")
        question = self.t("people.remove_event_confirm", event=what, date=event["date"])
        if dialogs.ask(self, self.t("people.remove_event"), question):
            editor.remove_last_event(people[0].id)
            self.reload()
            self._select(people[0].id)

    def ask_add_person(self) -> None:
        """Someone the dataset lacks, in the local list: names, status, date and source."""
        dialog = StatusDialog(None, self.t, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        changes = dialog.changes()
        names = (dialog.latin.text().strip(), dialog.persian.text().strip())
        listed = self.already_listed(*names)
        if listed:
            shown = ", ".join(p.display_name for p in listed)
            question = self.t("people.already_listed", names=shown)
            if not dialogs.ask(self, self.t("people.add"), question):
                return
        self.add_person(*names, changes["status"], changes["status_as_of"], dialog.source())

    def already_listed(self, latin: str, persian: str) -> list[Person]:
        """People whose Latin or Persian name is this one, spelled the same once folded
        (case, accents, Persian letter forms): found with the dataset's own search."""
        wanted = {fold(name) for name in (latin, persian) if name.strip()}
        found: dict[str, Person] = {}
        for name in (latin, persian):
            if not name.strip():
                continue
            for person in self.loaded.index.search(name):
                names = {fold(n) for n in (person.name_latin, person.name_persian) if n}
                if names & wanted:
                    found[person.id] = person
        return list(found.values())

    def ask_attach_photo(self) -> None:
        people = self.selected_people()
        if not people:
            return
        path = dialogs.ask_open_path(self, self.t("people.attach_photo"), PHOTO_FILES)
        if path:
            self._ask_credit_and_crop(people[0].id, Path(path))

    def _photo_dropped_on_table(self, position: QPoint, path: Path) -> None:
        """The person whose row the file was dropped on gets it (the selected person
        when it fell below the last row)."""
        index = self.table.indexAt(position)
        if index.isValid():
            person_id = self.proxy.index(index.row(), 0).data(Qt.ItemDataRole.UserRole)
            self._select(person_id)
        self._photo_dropped_on_detail(position, path)

    def _photo_dropped_on_detail(self, position: QPoint, path: Path) -> None:
        people = self.selected_people()
        if not people:
            self._warn(self.t("people.drop_pick_one"))
            return
        self._ask_credit_and_crop(people[0].id, path)

    def _ask_credit_and_crop(self, person_id: str, path: Path) -> None:
        """The photo is checked first (a file that is no photo is refused before any
        dialog), then its credit, licence and crop are asked, then it is attached."""
        try:
            check_photo(path)
        except ActionKitError as exc:
            self._warn(self.t.error(exc))
            return
        dialog = PhotoDialog(str(path), self.t, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            credit, licence = dialog.credit.text(), dialog.licence.text()
            self.attach_photo(person_id, path, credit, licence, dialog.crop())

    def ask_crop_photo(self) -> None:
        """Choose again which part of the selected person's photo is printed, and correct
        its credit and licence."""
        people = self.selected_people()
        photo = self.store.photo_file(people[0]) if people else None
        if photo is None or people[0].photo is None:
            return
        current = people[0].photo
        dialog = PhotoDialog(
            str(photo),
            self.t,
            self,
            crop=current.crop,
            credit=current.credit,
            licence=current.licence,
            title_key="people.crop_photo",
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.edit_photo(
                people[0].id, dialog.crop(), dialog.credit.text(), dialog.licence.text()
            )

    def ask_hide(self) -> None:
        people = self.selected_people()
        if not people:
            return
        names = ", ".join(p.display_name for p in people)
        if dialogs.ask(self, self.t("people.hide"), self.t("people.hide_confirm", names=names)):
            self.hide_people([p.id for p in people])

    def ask_import(self) -> None:
        path = dialogs.ask_open_path(self, self.t("people.import"), "JSON (*.json)")
        if path:
            self.import_dataset(Path(path))

    # Operations ---------------------------------------------------------------------

    def update_status(self, person_id: str, event: dict[str, str], source: LocalSource) -> bool:
        """Add an event to the person's timeline in the local overlay; the core insists
        on its source and refuses a timeline that no longer makes sense."""
        try:
            self.store.editor(self.loaded).add_event(person_id, event, source)
        except ActionKitError as exc:
            self._warn(self.t.error(exc))
            return False
        self.reload()
        self._select(person_id)
        updated = self.loaded.get(person_id)
        self.status_message.emit(
            self.t("people.updated", name=updated.display_name if updated else person_id)
        )
        return True

    def add_person(
        self, latin: str, persian: str, status: str, as_of: str, source: LocalSource
    ) -> str | None:
        from actionkit.core.dataset.overlay import new_person_record

        if not (source.title and source.publisher):
            self._warn(self.t("people.needs_source"))
            return None
        try:
            record = new_person_record(latin, persian, status, as_of, source)
            person_id = self.store.editor(self.loaded).add(record)
        except ActionKitError as exc:
            self._warn(self.t.error(exc))
            return None
        # The new person is shown whatever the search or filter said before.
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.reload()
        self._select(person_id)
        added = self.loaded.get(person_id)
        name = added.display_name if added else person_id
        self.status_message.emit(self.t("people.added", name=name))
        return person_id

    def attach_photo(
        self, person_id: str, path: Path, credit: str, licence: str, crop: Crop | None = None
    ) -> bool:
        try:
            self.store.attach_photo(self.loaded, person_id, path, credit, licence, crop)
        except ActionKitError as exc:
            self._warn(self.t.error(exc))
            return False
        self.reload()
        self._select(person_id)
        self.status_message.emit(self.t("people.photo_attached", name=self._name_of(person_id)))
        return True

    def edit_photo(self, person_id: str, crop: Crop, credit: str, licence: str) -> bool:
        """A new crop, credit and licence for the person's attached photo."""
        from dataclasses import replace

        person = self.loaded.get(person_id)
        if person is None or person.photo is None:  # the button shows only with a photo
            return False
        try:
            photo = replace(person.photo, crop=crop, credit=credit.strip(), licence=licence.strip())
            self.store.editor(self.loaded).edit(person_id, {"photo": photo.as_data()})
        except ActionKitError as exc:
            self._warn(self.t.error(exc))
            return False
        self.reload()
        self._select(person_id)
        self.status_message.emit(self.t("people.photo_cropped", name=self._name_of(person_id)))
        return True

    def _name_of(self, person_id: str) -> str:
        person = self.loaded.get(person_id)
        return person.display_name if person else person_id

    def hide_people(self, ids: list[str]) -> None:
        try:
            editor = self.store.editor(self.loaded)
            for person_id in ids:
                editor.set_hidden(person_id)
        except ActionKitError as exc:
            self._warn(self.t.error(exc))
            return
        self.reload()

    def import_dataset(self, path: Path) -> None:
        """Validate and import a newer dataset; an unsigned one only if the user says so."""
        try:
            report = self.store.import_file(path)
        except UntrustedDatasetError as exc:
            question = f"{exc}\n\n{self.t('people.import_untrusted')}"
            if not dialogs.ask(self, self.t("error.title"), question):
                return
            try:
                report = self.store.import_file(path, untrusted_ok=True)
            except ActionKitError as again:
                self._warn(self.t.error(again))
                return
        except ActionKitError as exc:
            self._warn(self.t.error(exc))
            return
        dialogs.inform(self, self.t("people.import"), "\n".join(report.lines()))
        self.reload()

    def _select(self, person_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == person_id:
                self.table.setCurrentIndex(self.proxy.index(row, 0))
                return

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def reload(self) -> None:
        self.loaded = self.store.load()
        self.model.set_people(self.loaded.shown(), self._stale_ids())
        self._refilter()
        self._keep_room_for_names()
        self.dataset_changed.emit()
