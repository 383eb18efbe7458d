"""The open sheet's entered rows: a table the keyboard reaches (arrows, Home, End,
Enter, Delete), with purged, marked and flagged rows shown as such, and the sheet at a
glance (the core's counts, store.sheet)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from actionkit.core.signatures.marks import MARKS
from actionkit.core.signatures.records import Sheet, Signature
from actionkit.core.signatures.validation import WARN_PREFIX
from actionkit.gui.i18n import Translator, embedded
from actionkit.gui.workspaces.typing_row import ENTER_KEYS, FIELDS, PLAIN, emit_for_key

PURGED_ROLE = Qt.ItemDataRole.UserRole + 1  # on the first-name cell of a purged row
CONSENT_COLUMN = len(FIELDS) + 1
CHECK_COLUMN = len(FIELDS) + 2


def warnings_of(signature: Signature) -> list[str]:
    """The warnings a row was saved despite ('did_you_mean', from its 'warn:' flags)."""
    return sorted(f.removeprefix(WARN_PREFIX) for f in signature.flags if f.startswith(WARN_PREFIX))


class LatinTextDelegate(QStyledItemDelegate):
    """Draws a cell left to right whatever the window's direction (emails, addresses)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.direction = Qt.LayoutDirection.LeftToRight
        option.textElideMode = Qt.TextElideMode.ElideRight


class SentenceDelegate(QStyledItemDelegate):
    """Draws a cell holding a sentence in the UI's words, with the values in it
    (file names, ids) kept in their direction, wrapped whole (i18n.embedded)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.text = embedded(option.text)


class RowsTable(QTableView):
    """Arrows move, Home goes to the first row and End to the last (the newest); Enter
    asks to correct the selected row, Delete to delete it, Escape to go back to typing.
    A digit jumps to the row with that number."""

    correct_wanted = Signal()
    delete_wanted = Signal()
    leave_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheetRows")
        self.verticalHeader().hide()
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        self.kept_in_view = QPersistentModelIndex()  # show_id's line (invalid: none)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        table = (
            (ENTER_KEYS, self.correct_wanted),
            ((Qt.Key.Key_Delete,), self.delete_wanted),
            ((Qt.Key.Key_Escape,), self.leave_wanted),
        )
        if emit_for_key(event, table):
            return
        if event.modifiers() in PLAIN and event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.go_to_row(0 if event.key() == Qt.Key.Key_Home else self.model().rowCount() - 1)
            return
        super().keyPressEvent(event)

    def go_to_row(self, row: int) -> None:
        # Through the selection model: selectRow selected nothing in a right-to-left
        # table (Persian), so F6 and Home/End chose no row there.
        if 0 <= row < self.model().rowCount():
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.selectionModel().setCurrentIndex(self.model().index(row, 0), flags)

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.model() is not None else []
        if not rows:
            return None
        value = rows[0].data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def select_id(self, signature_id: int | None) -> bool:
        model = self.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(Qt.ItemDataRole.UserRole) == signature_id:
                self.go_to_row(row)
                return True
        return False

    def show_id(self, value: int) -> None:
        """The line whose number cell carries `value` scrolled into view, nothing selected:
        a row just saved is seen in the list, also when it is longer than its room. Kept
        in view while the list's room changes (a message shown above it after the save
        takes some) until the rows are shown again."""
        model = self.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) == value:
                self.kept_in_view = QPersistentModelIndex(index)
                self.updateGeometries()  # the scroll range counts the rows just shown
                self.scrollTo(index)
                return

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.kept_in_view.isValid():
            self.scrollTo(self.model().index(self.kept_in_view.row(), 0))

    def enter(self) -> None:
        """Focus comes here, on the last (the newest) row: the one a typist most likely
        wants to look at again, whatever row was corrected before."""
        self.go_to_row(self.model().rowCount() - 1)
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)


class SheetRows(QStandardItemModel):
    """The rows of one sheet in paper order, one line per entered row."""

    def __init__(self, t: Translator) -> None:
        super().__init__(0, CHECK_COLUMN + 1)
        self.t = t

    def retranslate(self) -> None:
        t = self.t
        headers = ["#", *(t(f"field.{n}") for n in FIELDS), t("field.consent"), t("type.check")]
        self.setHorizontalHeaderLabels(headers)

    def show_rows(
        self, signatures: Iterable[Signature], ticks: Mapping[int, bool] | None = None
    ) -> None:
        """`ticks`: row -> whether the sheet's photo shows its consent box ticked; a row
        typed otherwise is marked for a second look."""
        self.removeRows(0, self.rowCount())
        for signature in sorted(signatures, key=lambda s: s.row_number):
            self.appendRow(self._cells(signature, (ticks or {}).get(signature.row_number)))

    def _cells(self, signature: Signature, ticked: bool | None = None) -> list[QStandardItem]:
        t = self.t
        number = QStandardItem()
        number.setData(signature.row_number, Qt.ItemDataRole.DisplayRole)
        number.setData(signature.id, Qt.ItemDataRole.UserRole)
        purged = "purged" in signature.flags
        cells = [number] + [QStandardItem(str(getattr(signature, n))) for n in FIELDS]
        cells.append(QStandardItem("✓" if signature.consent and not purged else ""))
        marks = [t(f"type.mark_{m}") for m in MARKS if m in signature.flags]
        nameless = not (signature.first_name or signature.last_name)
        warnings = warnings_of(signature)
        check = QStandardItem(" ".join(marks if not nameless else []))
        if warnings:
            check.setText(" ".join([check.text(), "⚠ " + self._flag(warnings)]).strip())
            check.setToolTip(t("type.flagged_tip"))
        if ticked is not None and ticked != signature.consent and not purged and not nameless:
            photo = t("scan.check_tick" if ticked else "scan.check_no_tick")
            check.setText(" ".join([check.text(), "⚠ " + photo]).strip())
            check.setToolTip(" ".join(filter(None, [check.toolTip(), t("scan.check_tip")])))
        cells.append(check)
        if purged:  # blanked after the hand-off: say so instead of showing an empty row
            cells[1].setData(True, PURGED_ROLE)
            self._say_in(cells[1], t("sign.purged_row"))
        elif marks and nameless:  # a marked row says so where the name would be
            self._say_in(cells[1], f"— {' · '.join(marks)} —")
        return cells

    @staticmethod
    def _say_in(cell: QStandardItem, text: str) -> None:
        cell.setText(text)
        font = cell.font()
        font.setItalic(True)
        cell.setFont(font)

    def _flag(self, flags: list[str]) -> str:
        words = []
        for flag in flags:
            key = f"type.flag_{flag}"
            text = self.t(key)
            words.append(self.t("type.flag_other") if text == key else text)
        return ", ".join(dict.fromkeys(words))


def shape_columns(table: QTableView) -> None:
    """The typed columns share the width; number, short fields and marks fit their text."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    short = (1 + FIELDS.index("postal_code"), 1 + FIELDS.index("country"))
    for column in (0, *short, CONSENT_COLUMN, CHECK_COLUMN):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def sheet_summary(t: Translator, sheet: Sheet) -> str:
    """How the sheet stands, in one line, from the core's counts: against the paper once
    its count is set (rows missing or beyond it), else against the printed lines."""
    parts = [t("type.sum_entered", entered=sheet.entered)]
    if sheet.paper_count is None:
        parts.append(t("type.sum_no_paper"))
        parts.append(t("type.sum_blank", blank=max(0, sheet.printed_rows - sheet.entered)))
    else:
        parts.append(t("type.sum_paper", paper=sheet.paper_count))
        if sheet.missing:
            parts.append(t("type.sum_missing", missing=sheet.missing))
        if sheet.extra:
            parts.append(t("type.sum_extra", extra=sheet.extra))
        if sheet.state == "complete":
            parts.append(t("state.complete"))
    if sheet.marked:
        parts.append(t("type.sum_marked", marked=sheet.marked))
    if sheet.flagged:
        parts.append(t("type.sum_flagged", flagged=sheet.flagged))
    return " · ".join(parts)


def paper_check(sheet: Sheet) -> tuple[str, int, dict[str, object]]:
    """What checking the entered rows against the paper count found (the core's counts),
    for a notice in words: its key, the number its words count, its values."""
    paper = sheet.paper_count or 0
    if sheet.extra:
        return "type.paper_extra", sheet.extra, {"extra": sheet.extra, "paper": paper}
    if sheet.missing:
        return "type.paper_missing", sheet.missing, {"missing": sheet.missing, "paper": paper}
    if paper == 0:
        return "type.paper_none", 0, {}
    return "type.paper_complete", paper, {"paper": paper}
