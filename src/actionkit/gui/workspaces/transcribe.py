"""Typing a paper sheet in: one row of fields, Tab between them, Enter to save the row.

Made for a volunteer with a stack of paper: the row number advances by
itself, a saved row is committed at once (the store is crash-safe), problems
show under the fields in plain words, a possible duplicate asks for a
decision without stopping the typing, and the last row can be undone.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.store import Sheet, Signature, SignatureStore, ValidationFailed
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator, isolated

FIELDS = ("first_name", "last_name", "email", "city", "postal_code", "country")
PURGED_ROLE = Qt.ItemDataRole.UserRole + 1  # on the first-name cell of a purged row
# How the typing row shares its width: an email is long, a postcode short.
FIELD_STRETCH = {
    "first_name": 3,
    "last_name": 3,
    "email": 5,
    "city": 3,
    "postal_code": 2,
    "country": 2,
}


class LatinTextDelegate(QStyledItemDelegate):
    """Draws a cell left to right whatever the window's direction (emails, addresses)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.direction = Qt.LayoutDirection.LeftToRight
        option.textElideMode = Qt.TextElideMode.ElideRight


class CountBox(QSpinBox):
    """A spin box where Enter applies the number (a plain QSpinBox ignores it)."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.interpretText()
            self.entered.emit()
            return
        super().keyPressEvent(event)


class Transcriber(QWidget):
    saved = Signal(object)  # Signature

    def __init__(self, store: SignatureStore, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.t = store, t
        self.sheet: Sheet | None = None
        self.last_saved: list[Signature] = []
        self.pending_duplicate: tuple[int, int] | None = None
        self.pending_where: dict[str, object] = {}  # row, sheet, other: for the message

        self.sheet_id = QLineEdit()
        self.sheet_id.setObjectName("sheetId")
        self.sheet_id.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ids are Latin
        self.sheet_id.returnPressed.connect(self.open_sheet)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_sheet)
        self.sheet_state = QLabel()
        self.sheet_state.setWordWrap(True)  # a narrow window wraps it instead of cutting it
        self.paper_label = QLabel()
        self.paper_count = CountBox()
        self.paper_count.setRange(0, 20)
        self.paper_label.setBuddy(self.paper_count)
        self.paper_count.entered.connect(self.set_paper_count)
        self.paper_button = QPushButton()
        self.paper_button.clicked.connect(self.set_paper_count)
        top = QHBoxLayout()
        top.addWidget(self.sheet_id)
        top.addWidget(self.open_button)
        top.addWidget(self.sheet_state, 1)
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.paper_label)
        paper_row.addWidget(self.paper_count)
        paper_row.addWidget(self.paper_button)
        paper_row.addStretch(1)

        self.row_label = QLabel()
        self.row_label.setObjectName("rowNumber")
        self.fields = {name: QLineEdit() for name in FIELDS}
        self.consent = QCheckBox()
        grid = QGridLayout()
        self.field_labels: dict[str, QLabel] = {}
        grid.addWidget(self.row_label, 1, 0)
        for column, name in enumerate(FIELDS, 1):
            label = QLabel()
            self.field_labels[name] = label
            grid.addWidget(label, 0, column)
            grid.addWidget(self.fields[name], 1, column)
            self.fields[name].returnPressed.connect(self.save_row)
            grid.setColumnStretch(column, FIELD_STRETCH[name])
        grid.addWidget(self.consent, 1, len(FIELDS) + 1)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        # What a decision did is news, not an error: said in the ordinary ink, while
        # problems stay red and bold.
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_words: tuple[str, dict[str, object]] | None = None  # key, values
        self.notice.hide()

        self.duplicate_bar = QFrame()
        self.duplicate_bar.setObjectName("noticeBar")
        self.duplicate_text = QLabel()
        self.duplicate_text.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicate_text.setWordWrap(True)
        self.different = QPushButton()
        self.different.clicked.connect(lambda: self.decide("different_people"))
        self.same = QPushButton()
        self.same.clicked.connect(lambda: self.decide("same_person"))
        bar = QHBoxLayout(self.duplicate_bar)
        bar.addWidget(self.duplicate_text, 1)
        bar.addWidget(self.different)
        bar.addWidget(self.same)
        self.duplicate_bar.hide()

        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_last)
        QShortcut(QKeySequence("Ctrl+Z"), self, self.undo_last)
        self.rows = QStandardItemModel(0, len(FIELDS) + 2)
        self.table = QTableView()
        self.table.setModel(self.rows)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        # An email is Latin text: cut at its end, the ellipsis after it, also when
        # the rest of the window reads right to left.
        self.email_delegate = LatinTextDelegate(self.table)
        self.table.setItemDelegateForColumn(1 + FIELDS.index("email"), self.email_delegate)
        header = self.table.horizontalHeader()  # the typed columns share the width
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        short = (1 + FIELDS.index("postal_code"), 1 + FIELDS.index("country"))
        for column in (0, *short, len(FIELDS) + 1):  # row number, short fields, consent
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(paper_row)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(self.notice)
        layout.addWidget(self.duplicate_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()
        self._enable(False)
        chain = [*self.fields.values(), self.consent]
        for before, after in itertools.pairwise(chain):  # Tab: field to field
            QWidget.setTabOrder(before, after)

    def retranslate(self) -> None:
        t = self.t
        self.sheet_id.setPlaceholderText(t("sign.sheet_id"))
        hint = self.sheet_id.fontMetrics().horizontalAdvance(t("sign.sheet_id"))
        self.sheet_id.setMinimumWidth(hint + 24)  # the whole hint, in every language
        self.sheet_id.setAccessibleName(t("sign.sheet_id"))
        self.open_button.setText(t("sign.open_sheet"))
        self.paper_label.setText(t("sign.paper_rows"))
        self.paper_count.setAccessibleName(t("sign.paper_rows"))
        self.paper_button.setText(t("sign.paper_check"))
        for name, label in self.field_labels.items():
            label.setText(t(f"field.{name}"))
            self.fields[name].setAccessibleName(t(f"field.{name}"))
        self.consent.setText(t("field.consent"))
        self.different.setText(t("sign.different_people"))
        self.same.setText(t("sign.same_person"))
        self.undo_button.setText(t("sign.undo"))
        headers = ["#", *(t(f"field.{n}") for n in FIELDS), t("field.consent")]
        self.rows.setHorizontalHeaderLabels(headers)
        if self.notice_words is not None:  # said again in the new language
            self.notice.setText(t(self.notice_words[0], **self.notice_words[1]))
        for r in range(self.rows.rowCount()):
            cell = self.rows.item(r, 1)
            if cell.data(PURGED_ROLE):
                cell.setText(t("sign.purged_row"))
        self._show_state()

    def _say(self, problem: str = "") -> None:
        """A problem (red) under the fields, or nothing; the last notice goes either way."""
        self.problem.setText(problem)
        self.notice.clear()
        self.notice.hide()  # takes no room while it has nothing to say
        self.notice_words = None

    def set_store(self, store: SignatureStore) -> None:
        """The store reopened after an idle lock: the open sheet and typed fields stay."""
        self.store = store
        self._show_state()

    def _enable(self, on: bool) -> None:
        for widget in (*self.fields.values(), self.consent, self.undo_button, self.paper_count):
            widget.setEnabled(on)
        self.paper_button.setEnabled(on)

    def open_sheet(self) -> None:
        """Open the sheet whose id is typed in the field (Enter or the Open button)."""
        self.open_sheet_id(self.sheet_id.text())

    def reload(self) -> None:
        """Read the open sheet's rows again (after a purge blanked them)."""
        if self.sheet is not None:
            self.open_sheet_id(self.sheet.id, focus=False)

    def open_sheet_id(self, sheet_id: str, *, focus: bool = True) -> None:
        try:
            sheet = self.store.sheet(sheet_id)
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        old = self.sheet
        if old is not None and old.id != sheet.id and self.has_unsaved_row():
            # A half-typed row belongs to the sheet it was read from: never carried over
            # to another sheet, where Enter would save it under the wrong sheet.
            question = self.t("sign.unsaved_row_open", old=isolated(old.id), new=isolated(sheet.id))
            if not dialogs.ask(self, self.t("sign.transcribe_tab"), question):
                self.sheet_id.setText(old.id)
                return
            self._empty_fields()
        self.sheet = sheet
        self.sheet_id.setText(self.sheet.id)
        self._say()
        self.rows.removeRows(0, self.rows.rowCount())
        for signature in self.store.signatures(self.sheet.event_slug):
            if signature.sheet_id == self.sheet.id:
                self._append(signature)
        self.last_saved = []
        self._enable(True)
        self.paper_count.setMaximum(self.sheet.printed_rows)
        self.paper_count.setValue(self.sheet.paper_count or 0)  # this sheet's, not the last one's
        self._show_state()
        if focus:
            self.fields["first_name"].setFocus()

    def next_row(self) -> int | None:
        if self.sheet is None:
            return None
        used = {int(self.rows.item(r, 0).text()) for r in range(self.rows.rowCount())}
        return next((n for n in range(1, self.sheet.printed_rows + 1) if n not in used), None)

    def _show_state(self) -> None:
        if self.sheet is None:
            self.sheet_state.setText(self.t("sign.no_sheet"))
            self.row_label.setText("")
            return
        sheet = self.store.sheet(self.sheet.id)
        paper = "?" if sheet.paper_count is None else str(sheet.paper_count)
        self.sheet_state.setText(
            self.t(
                "sign.sheet_state",
                entered=sheet.entered,
                paper=paper,
                state=self.t(f"state.{sheet.state}"),
            )
        )
        row = self.next_row()
        self.row_label.setText(self.t("sign.row", row=row) if row else self.t("sign.full"))

    def _empty_fields(self) -> None:
        for widget in self.fields.values():
            # setText, not clear(): clear() is undoable, and Ctrl+Z in the empty field
            # would bring the previous signer's name back. setText empties the history.
            widget.setText("")
        self.consent.setChecked(False)

    def has_unsaved_row(self) -> bool:
        """Text typed into the open sheet's fields and not yet saved with Enter."""
        return self.sheet is not None and any(w.text().strip() for w in self.fields.values())

    def signer(self) -> SignerInput:
        text = {name: widget.text() for name, widget in self.fields.items()}
        return SignerInput(
            first_name=text["first_name"],
            last_name=text["last_name"],
            email=text["email"],
            city=text["city"],
            postal_code=text["postal_code"],
            country=text["country"],
            consent=self.consent.isChecked(),
        )

    def save_row(self) -> Signature | None:
        row = self.next_row()
        if self.sheet is None or row is None:
            return None
        try:
            result = self.store.add_row(self.sheet.id, row, self.signer())
        except ValidationFailed as exc:
            self._say(" ".join(self.t.issue(i) for i in exc.issues))
            first = next((i.field for i in exc.issues if i.severity == "error"), "first_name")
            self.fields.get(first, self.fields["first_name"]).setFocus()
            return None
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return None
        self._say(" ".join(self.t.issue(i) for i in result.warnings))
        self._append(result.signature)
        self.last_saved.append(result.signature)
        self._empty_fields()
        if result.duplicates:
            other = result.duplicates[0]
            self.pending_duplicate = (result.signature.id, other.other.id)
            self.pending_where = dict(
                row=row, sheet=isolated(other.other.sheet_id), other=other.other.row_number
            )
            self.duplicate_text.setText(
                self.t(
                    "sign.duplicate",
                    row=row,
                    reason=self.t(f"reason.{other.reason}"),
                    sheet=self.pending_where["sheet"],  # an id: isolated, in one piece
                    other=other.other.row_number,
                )
            )
            self.duplicate_bar.show()
        self._show_state()
        self.fields["first_name"].setFocus()
        self.saved.emit(result.signature)
        return result.signature

    def decide(self, decision: str) -> None:
        if self.pending_duplicate:
            try:
                self.store.decide_duplicate(*self.pending_duplicate, decision)
            except ActionKitError as exc:
                self._say(self.t.error(exc))
            else:
                self._say()
                self.notice_words = (f"sign.decided_{decision}", dict(self.pending_where))
                self.notice.setText(self.t(self.notice_words[0], **self.notice_words[1]))
                self.notice.show()
        self.pending_duplicate = None
        self.duplicate_bar.hide()
        self.fields["first_name"].setFocus()

    def undo_last(self) -> None:
        if not self.last_saved:
            return
        signature = self.last_saved.pop()
        self.store.delete_row(signature.id)
        for r in range(self.rows.rowCount()):
            if self.rows.item(r, 0).data(Qt.ItemDataRole.UserRole) == signature.id:
                self.rows.removeRow(r)
                break
        self.duplicate_bar.hide()
        self._show_state()

    def set_paper_count(self) -> None:
        if self.sheet is None:
            return
        try:
            self.store.set_paper_count(self.sheet.id, self.paper_count.value())
        except ActionKitError as exc:
            self._say(self.t.error(exc))
        self._show_state()

    def _append(self, signature: Signature) -> None:
        number = QStandardItem()
        number.setData(signature.row_number, Qt.ItemDataRole.DisplayRole)  # sorts as a number
        number.setData(signature.id, Qt.ItemDataRole.UserRole)
        purged = "purged" in signature.flags
        cells = [number] + [QStandardItem(str(getattr(signature, n))) for n in FIELDS]
        cells.append(QStandardItem("✓" if signature.consent and not purged else ""))
        if purged:  # blanked after the hand-off: say so instead of showing an empty row
            cells[1].setData(True, PURGED_ROLE)
            cells[1].setText(self.t("sign.purged_row"))
            font = cells[1].font()
            font.setItalic(True)
            cells[1].setFont(font)
        self.rows.appendRow(cells)
        self.rows.sort(0)
