"""Who is on the piece: a ticked list with a search, a status filter and bulk ticks.

The ticks belong to the studio: filtering only hides rows, and a selection made
in the People workspace is offered ("Use them"), never forced on the list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.dataset import LoadedDataset
from actionkit.gui.i18n import Translator
from actionkit.gui.status_filter import StatusFilter


class PeoplePicker(QWidget):
    ticks_changed = Signal()

    def __init__(self, loaded: LoadedDataset, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.loaded = loaded
        self.offered: list[str] = []
        self.only_ticked = False  # "Show ticked": the list shows the ticked people only

        self.title = QLabel()
        self.count = QLabel()
        self.count.setObjectName("hint")
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.count)

        self.offer_bar = QFrame()
        self.offer_bar.setObjectName("noticeBar")
        self.offer_label = QLabel()
        self.offer_label.setWordWrap(True)
        self.use_button = QPushButton()
        self.use_button.clicked.connect(self.use_offered)
        offer = QHBoxLayout(self.offer_bar)
        offer.setContentsMargins(8, 4, 4, 4)
        offer.addWidget(self.offer_label, 1)
        offer.addWidget(self.use_button)
        self.offer_bar.hide()

        # Ticks on rows the filter hides are kept (a wall is built over several searches),
        # but never silently: this bar says how many, and shows them in one click.
        self.hidden_bar = QFrame()
        self.hidden_bar.setObjectName("noticeBar")
        self.hidden_label = QLabel()
        self.hidden_label.setWordWrap(True)
        self.show_ticked_button = QPushButton()
        self.show_ticked_button.clicked.connect(self.toggle_show_ticked)
        hidden = QHBoxLayout(self.hidden_bar)
        hidden.setContentsMargins(8, 4, 4, 4)
        hidden.addWidget(self.hidden_label, 1)
        hidden.addWidget(self.show_ticked_button)
        self.hidden_bar.hide()

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)
        self.status = StatusFilter(t)
        self.status.currentIndexChanged.connect(self._filter_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)

        self.list = QListWidget()
        self.list.setObjectName("studioPeople")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemChanged.connect(self._ticked)
        self.tick_shown_button = QPushButton()
        self.tick_shown_button.clicked.connect(self.tick_shown)
        self.untick_button = QPushButton()
        self.untick_button.clicked.connect(self.untick_all)
        bulk = QHBoxLayout()
        bulk.addWidget(self.tick_shown_button)
        bulk.addWidget(self.untick_button)
        bulk.addStretch(1)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(heading)
        column.addWidget(self.offer_bar)
        column.addLayout(filters)
        column.addWidget(self.hidden_bar)
        column.addWidget(self.list, 1)
        column.addLayout(bulk)
        self.fill(loaded)

    def retranslate(self) -> None:
        t = self.t
        self.title.setText(t("studio.people"))
        self.search.setPlaceholderText(t("studio.search"))
        self.search.setAccessibleName(t("studio.search"))
        self.status.setAccessibleName(t("studio.status_filter"))
        self.status.retranslate()
        self.tick_shown_button.setText(t("studio.tick_shown"))
        self.untick_button.setText(t("studio.untick_all"))
        self.use_button.setText(t("studio.use_them"))
        self._update_labels()

    # The list ----------------------------------------------------------------------

    def fill(self, loaded: LoadedDataset) -> None:
        """Show `loaded`'s people, keeping the ticks of those still in it."""
        ticked = set(self.ticked_ids())
        self.loaded = loaded
        self.list.blockSignals(True)
        self.list.clear()
        for person in loaded.shown():
            persian = f"  ·  {person.name_persian}" if person.name_persian else ""
            item = QListWidgetItem(f"{person.display_name}{persian}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if person.id in ticked else Qt.CheckState.Unchecked
            item.setCheckState(state)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.apply_filter()
        self._update_labels()

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def item_for(self, person_id: str) -> QListWidgetItem | None:
        for item in self.items():
            if item.data(Qt.ItemDataRole.UserRole) == person_id:
                return item
        return None

    def ticked_ids(self) -> list[str]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self.items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def shown_ids(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.items() if not item.isHidden()]

    def set_ticked(self, ids: list[str]) -> None:
        """Tick exactly these people."""
        wanted = set(ids)
        self._set_states(lambda person_id, ticked: person_id in wanted)

    def tick_shown(self) -> None:
        shown = set(self.shown_ids())
        self._set_states(lambda person_id, ticked: ticked or person_id in shown)

    def untick_all(self) -> None:
        self._set_states(lambda person_id, ticked: False)

    def _set_states(self, rule: Callable[[str, bool], bool]) -> None:
        self.list.blockSignals(True)
        for item in self.items():
            person_id = item.data(Qt.ItemDataRole.UserRole)
            ticked = rule(person_id, item.checkState() == Qt.CheckState.Checked)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._ticked()

    def _ticked(self, *_: object) -> None:
        self._update_labels()
        self.ticks_changed.emit()

    # The filter --------------------------------------------------------------------

    def _filter_changed(self) -> None:
        self.only_ticked = False  # the user filters again: their filter rules
        self.apply_filter()

    def apply_filter(self) -> None:
        """Hide the rows the search and status filter leave out; ticks stay as they are."""
        if self.only_ticked:
            for item in self.items():
                item.setHidden(item.checkState() != Qt.CheckState.Checked)
        else:
            allowed = self.status.allowed(self.loaded, self.search.text())
            for item in self.items():
                item.setHidden(
                    allowed is not None and item.data(Qt.ItemDataRole.UserRole) not in allowed
                )
        self._update_labels()

    def toggle_show_ticked(self) -> None:
        """Show only the ticked people (the search and filter are cleared), or everyone."""
        showing = not self.only_ticked
        for control in (self.search, self.status):
            control.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        for control in (self.search, self.status):
            control.blockSignals(False)
        self.only_ticked = showing
        self.apply_filter()

    # The offer from the People workspace -----------------------------------------

    def offer(self, ids: list[str]) -> None:
        """People selected elsewhere: offer them with "Use them" when they differ from the ticks."""
        self.offered = [i for i in ids if self.item_for(i) is not None]
        self._update_labels()

    def use_offered(self) -> None:
        self.set_ticked(self.offered)

    def hidden_ticked_ids(self) -> list[str]:
        """Ticked people whose rows the search or filter hides: printed all the same."""
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self.items()
            if item.isHidden() and item.checkState() == Qt.CheckState.Checked
        ]

    def _update_labels(self) -> None:
        t = self.t
        ticked = self.ticked_ids()
        hidden = len(self.hidden_ticked_ids())
        if hidden:
            self.count.setText(t("studio.ticked_hidden", count=len(ticked), hidden=hidden))
        else:
            self.count.setText(t("studio.ticked", count=len(ticked)))
        if self.only_ticked:
            self.hidden_label.setText(t("studio.only_ticked", count=len(ticked)))
            self.show_ticked_button.setText(t("studio.show_everyone"))
        elif hidden:
            self.hidden_label.setText(t("studio.hidden_ticked", count=hidden))
            self.show_ticked_button.setText(t("studio.show_ticked"))
        self.hidden_bar.setVisible(self.only_ticked or bool(hidden))
        differs = bool(self.offered) and set(self.offered) != set(ticked)
        if differs:
            self.offer_label.setText(self.t("studio.offer", count=len(self.offered)))
        self.offer_bar.setVisible(differs)
