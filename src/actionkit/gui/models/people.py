"""The people table: a model over the loaded dataset, and a proxy that keeps
the rows the core search found (script- and spelling-insensitive)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from actionkit.core.dataset.model import Person

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("people.col.name", "people.col.persian", "people.col.status", "people.col.as_of")


class PeopleModel(QAbstractTableModel):
    def __init__(self, people: list[Person], headers: list[str], stale: set[str]) -> None:
        super().__init__()
        self.people = people
        self.headers = headers
        self.stale = stale
        self.status_words: dict[str, str] = {}

    def set_people(self, people: list[Person], stale: set[str]) -> None:
        self.beginResetModel()
        self.people, self.stale = people, stale
        self.endResetModel()

    def set_headers(self, headers: list[str], status_words: dict[str, str]) -> None:
        self.headers, self.status_words = headers, status_words
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.people:
            last = self.index(len(self.people) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.people[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return person.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The tooltip repeats the cell: a long name elided at a small width stays readable.
            column = index.column()
            if column == 0:
                return person.name_latin or person.display_name
            if column == 1:
                return person.name_persian or ""
            if column == 2:
                return self.status_words.get(person.status, person.status)
            stale = " ⚠" if person.id in self.stale else ""
            return person.status_as_of + stale
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if section < len(self.headers) else None
        return None


class PeopleFilter(QSortFilterProxyModel):
    """Shows the people whose ids the core search returned (all when not searching)."""

    def __init__(self) -> None:
        super().__init__()
        self.allowed: set[str] | None = None

    def set_allowed(self, ids: set[str] | None) -> None:
        self.beginFilterChange()
        self.allowed = ids
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if self.allowed is None:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return self.sourceModel().data(index, Qt.ItemDataRole.UserRole) in self.allowed
