"""The second, blind typing of a sheet (double entry), then deciding where it differs.

The second volunteer sees only what they type themselves: no value of the first
typing is on this page until Compare. Then each row where the two differ is
shown side by side (field | first typing | second typing, the differing fields
marked), and one key decides it: 1 keeps the first typing, 2 the second.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures import double_entry
from actionkit.core.signatures.double_entry import COMPARED, Difference
from actionkit.core.signatures.records import Sheet, ValidationFailed
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.workspaces.transcribe import FIELDS, LatinTextDelegate

RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ComparePage(QWidget):
    """Deciding the differences: keys 1 and 2 press the buttons that show them, Escape
    goes back to typing. Keys the focused button does not use arrive here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _plain(QLabel())
        self.heading.setObjectName("rowNumber")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.header = [_plain(QLabel()) for _ in range(3)]
        for column, label in enumerate(self.header):
            label.setObjectName("compareHeader")
            self.grid.addWidget(label, 0, column)
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, name in enumerate(COMPARED, 1):
            cells = (_plain(QLabel()), _plain(QLabel()), _plain(QLabel()))
            for column, label in enumerate(cells):
                label.setProperty("differs", False)  # the same padding as a marked value
                self.grid.addWidget(label, row, column)
            self.cells[name] = cells
        self.keep_first = QPushButton()
        self.keep_second = QPushButton()
        self.back = QPushButton()
        self.done = _plain(QLabel())
        self.done.setObjectName("checked")
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_first)
        buttons.addWidget(self.keep_second)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        layout.addWidget(self.done)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        buttons = {
            Qt.Key.Key_1: self.keep_first,
            Qt.Key.Key_2: self.keep_second,
            Qt.Key.Key_Escape: self.back,
        }
        button = buttons.get(Qt.Key(event.key()))
        if button is not None and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            if button.isVisible() and button.isEnabled():
                button.click()
            return
        super().keyPressEvent(event)


class SecondPass(QWidget):
    """Type a sheet a second time, blind; then compare and decide, one key a row."""

    changed = Signal()  # a decision changed the sheet's rows

    def __init__(self, store: SignatureStore, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.t = store, t
        self.sheet: Sheet | None = None
        self.retyping: int | None = None  # a row of this typing being typed again
        self.difference: Difference | None = None
        self.position = (0, 0)  # this difference's number, how many there were
        self.said: tuple[str, dict[str, object]] | None = None  # the last notice, by key

        self.intro = _plain(QLabel())
        self.intro.setObjectName("hint")
        self.sheet_id = QLineEdit()
        self.sheet_id.setObjectName("sheetId")
        self.sheet_id.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ids are Latin
        self.sheet_id.returnPressed.connect(self.open_sheet)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_sheet)
        self.sheet_state = _plain(QLabel())
        top = QHBoxLayout()
        top.addWidget(self.sheet_id)
        top.addWidget(self.open_button)
        top.addWidget(self.sheet_state, 1)

        self.row_label = QLabel()
        self.row_label.setObjectName("rowNumber")
        self.fields = {name: QLineEdit() for name in FIELDS}
        self.field_labels = {name: QLabel() for name in FIELDS}
        self.consent = QCheckBox()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_row)
        grid = QGridLayout()
        grid.addWidget(self.row_label, 1, 0)
        for column, name in enumerate(FIELDS, 1):
            self.field_labels[name].setBuddy(self.fields[name])
            grid.addWidget(self.field_labels[name], 0, column)
            grid.addWidget(self.fields[name], 1, column)
            grid.setColumnStretch(column, 5 if name == "email" else 3)
        grid.addWidget(self.consent, 1, len(FIELDS) + 1)
        self.chain: list[QWidget] = [*self.fields.values(), self.consent]
        for widget in self.chain:
            widget.installEventFilter(self)
        self.problem = _plain(QLabel())
        self.problem.setObjectName("problem")
        self.notice = _plain(QLabel())

        # What this volunteer typed so far (never the first typing): Enter or a double
        # click on a row types it again.
        self.rows = QStandardItemModel(0, len(FIELDS) + 2)
        self.table = QTableView()
        self.table.setModel(self.rows)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.email_cells = LatinTextDelegate(self.table)
        self.table.setItemDelegateForColumn(1 + FIELDS.index("email"), self.email_cells)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, len(FIELDS) + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self.retype)
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("primaryButton")
        self.compare_button.clicked.connect(self.compare)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        actions.addWidget(self.compare_button)

        typing = QWidget()
        typing_layout = QVBoxLayout(typing)
        typing_layout.setContentsMargins(0, 0, 0, 0)
        typing_layout.addLayout(grid)
        typing_layout.addLayout(actions)
        typing_layout.addWidget(self.table, 1)

        self.comparing = ComparePage()
        self.comparing.keep_first.clicked.connect(lambda: self.decide("first"))
        self.comparing.keep_second.clicked.connect(lambda: self.decide("second"))
        self.comparing.back.clicked.connect(self.back_to_typing)
        self.pages = QStackedWidget()
        self.pages.addWidget(typing)
        self.pages.addWidget(self.comparing)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)
        self.retranslate()
        self._enable(False)
        self._say()  # no empty problem line taking room
        # Tab: field to field, then Compare (Enter or Space presses it).
        for before, after in itertools.pairwise([*self.chain, self.compare_button]):
            QWidget.setTabOrder(before, after)
        for button in (self.compare_button, self.comparing.keep_first, self.comparing.keep_second):
            button.setAutoDefault(True)

    # Words ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        self.intro.setText(t("double.intro"))
        self.sheet_id.setPlaceholderText(t("sign.sheet_id"))
        hint = self.sheet_id.fontMetrics().horizontalAdvance(t("sign.sheet_id"))
        self.sheet_id.setMinimumWidth(hint + 24)
        self.sheet_id.setAccessibleName(t("sign.sheet_id"))
        self.open_button.setText(t("sign.open_sheet"))
        for name, label in self.field_labels.items():
            label.setText(t(f"field.{name}"))
            self.fields[name].setAccessibleName(t(f"field.{name}"))
        self.consent.setText(t("double.consent", keys="Ctrl+Space"))
        self.save_button.setText(t("double.save"))
        self.compare_button.setText(t("double.compare"))
        headers = ["#", *(t(f"field.{n}") for n in FIELDS), t("field.consent")]
        self.rows.setHorizontalHeaderLabels(headers)
        page = self.comparing
        columns = ("double.field", "double.first", "double.second")
        for label, key in zip(page.header, columns, strict=True):
            label.setText(t(key))
        for name, (label, _, _) in page.cells.items():
            label.setText(self._field_name(name))
        # Each value starts where the page reads from, whatever its own script: a Latin
        # name and a Persian one line up under the same heading.
        start = Qt.AlignmentFlag.AlignRight if t.rtl else Qt.AlignmentFlag.AlignLeft
        for label in [*page.header, *itertools.chain(*page.cells.values())]:
            label.setAlignment(
                start | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )
        page.keep_first.setText(t("double.keep_first"))
        page.keep_second.setText(t("double.keep_second"))
        page.back.setText(t("double.back"))
        if self.said is not None:
            self.notice.setText(t(self.said[0], **self.said[1]))
        self._show_state()
        if self.pages.currentWidget() is self.comparing:
            self._show_difference()

    def _field_name(self, name: str) -> str:
        return self.t("double.marks") if name == "flags" else self.t(f"field.{name}")

    def _say(self, problem: str = "", notice: tuple[str, dict[str, object]] | None = None) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.said = notice
        self.notice.setText(self.t(notice[0], **notice[1]) if notice else "")
        self.notice.setVisible(notice is not None)

    def set_store(self, store: SignatureStore) -> None:
        """The store reopened (after an idle lock): the sheet and the typed fields stay."""
        self.store = store
        self._show_state()

    def _enable(self, on: bool) -> None:
        for widget in (*self.chain, self.save_button, self.compare_button, self.table):
            widget.setEnabled(on)

    # Opening a sheet -----------------------------------------------------------------

    def open_sheet(self) -> None:
        """Enter in the sheet id, or the Open button."""
        self.open_sheet_id(self.sheet_id.text())

    def open_sheet_id(self, sheet_id: str) -> None:
        try:
            sheet = self.store.sheet(sheet_id)
            event = self.store.event(sheet.event_slug)
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        if not event.double_entry:
            self._say(self.t("double.off", event=isolated(event.name)))
            return
        old = self.sheet
        if old is not None and old.id != sheet.id and self.has_unsaved_row():
            # A half-typed row belongs to the sheet it was read from, never to another.
            question = self.t("sign.unsaved_row_open", old=isolated(old.id), new=isolated(sheet.id))
            if not dialogs.ask(self, self.t("double.tab"), question):
                self.sheet_id.setText(old.id)
                return
        self.sheet = sheet
        self.sheet_id.setText(sheet.id)
        self._say()
        self._empty_fields()
        self.retyping = None
        self._enable(True)
        self._show_rows()
        self.pages.setCurrentIndex(0)
        self.fields["first_name"].setFocus()

    def reload(self) -> None:
        """Read the open sheet's second typing again (after a purge removed it)."""
        if self.sheet is not None:
            self.difference = None
            self.pages.setCurrentIndex(0)
            self._show_rows()

    def _typed(self) -> dict[int, SignerInput]:
        if self.sheet is None:
            return {}
        return double_entry.second_rows(self.store, self.sheet.id)

    def _show_rows(self) -> None:
        self.rows.removeRows(0, self.rows.rowCount())
        for number, signer in self._typed().items():
            cell = QStandardItem()
            cell.setData(number, Qt.ItemDataRole.DisplayRole)
            cells = [cell, *(QStandardItem(getattr(signer, n)) for n in FIELDS)]
            cells.append(QStandardItem("✓" if signer.consent else ""))
            self.rows.appendRow(cells)
        self._show_state()

    def next_row(self) -> int | None:
        if self.sheet is None:
            return None
        if self.retyping is not None:
            return self.retyping
        typed = self._typed()
        return next((n for n in range(1, self.sheet.printed_rows + 1) if n not in typed), None)

    def _show_state(self) -> None:
        if self.sheet is None:
            self.sheet_state.setText(self.t("sign.no_sheet"))
            self.row_label.setText("")
            return
        typed = len(self._typed())
        self.sheet_state.setText(self.t("double.typed", sheet=isolated(self.sheet.id), rows=typed))
        row = self.next_row()
        if self.retyping is not None:
            self.row_label.setText(self.t("double.retyping", row=row))
        else:
            self.row_label.setText(self.t("sign.row", row=row) if row else self.t("sign.full"))

    # Typing ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter moves to the next field and saves on the last one (or on the consent
        box); Ctrl+Enter saves from any field; Ctrl+Space ticks or unticks consent."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if event.key() == Qt.Key.Key_Space and ctrl:
            self.consent.setChecked(not self.consent.isChecked())
            return True
        if event.key() == Qt.Key.Key_Escape and self.retyping is not None:
            self.retyping = None  # the row stays as it was saved
            self._empty_fields()
            self._say()
            self._show_state()
            self.fields["first_name"].setFocus()
            return True
        if event.key() in RETURN_KEYS and watched in self.chain:
            if ctrl or watched is self.fields["country"] or watched is self.consent:
                self.save_button.click()
            else:
                self.chain[self.chain.index(watched) + 1].setFocus()
            return True
        return super().eventFilter(watched, event)

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

    def _empty_fields(self) -> None:
        for widget in self.fields.values():
            widget.setText("")  # not clear(): no undo history to bring a signer back
        self.consent.setChecked(False)

    def has_unsaved_row(self) -> bool:
        return self.sheet is not None and any(w.text().strip() for w in self.fields.values())

    def save_row(self) -> None:
        """The Save button, Enter on the last field, or Ctrl+Enter."""
        row = self.next_row()
        if self.sheet is None or row is None:
            return
        try:
            double_entry.add_second_row(
                self.store, self.sheet.id, row, self.signer(), replace=self.retyping is not None
            )
        except ValidationFailed as exc:
            self._say(" ".join(self.t.issue(i) for i in exc.issues))
            first = next((i.field for i in exc.issues if i.severity == "error"), "first_name")
            self.fields.get(first, self.fields["first_name"]).setFocus()
            return
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        self._say(notice=("double.saved", {"row": row}))
        self.retyping = None
        self._empty_fields()
        self._show_rows()
        self.fields["first_name"].setFocus()

    def retype(self) -> None:
        """Enter or a double click on a row of this typing: type it again."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        number = self.rows.item(index.row(), 0).data(Qt.ItemDataRole.DisplayRole)
        signer = self._typed().get(int(number))
        if signer is None:
            return
        self.retyping = int(number)
        for name, widget in self.fields.items():
            widget.setText(getattr(signer, name))
        self.consent.setChecked(signer.consent)
        self._say()
        self._show_state()
        self.fields["first_name"].setFocus()

    # Comparing -------------------------------------------------------------------------

    def compare(self) -> None:
        """The Compare button: the first difference, or the sheet shown as checked."""
        if self.sheet is None:
            return
        if not self._typed():
            self._say(self.t("double.nothing_typed", sheet=isolated(self.sheet.id)))
            return
        self._say()
        self.position = (0, len(double_entry.differences(self.store, self.sheet.id)))
        self._next_difference()
        self.pages.setCurrentWidget(self.comparing)
        self.comparing.setFocus()

    def _next_difference(self) -> None:
        assert self.sheet is not None
        found = double_entry.differences(self.store, self.sheet.id)
        self.difference = found[0] if found else None
        self.position = (self.position[0] + 1, max(self.position[1], 1))
        self._show_difference()

    def _show_difference(self) -> None:
        page, t = self.comparing, self.t
        difference = self.difference
        deciding = difference is not None
        for widget in (page.keep_first, page.keep_second, *page.header):
            widget.setVisible(deciding)
        for cells in page.cells.values():
            for label in cells:
                label.setVisible(deciding)
        if difference is None:
            state = double_entry.status(self.store, self.sheet.id) if self.sheet else None
            page.heading.setText(t("double.all_decided"))
            if state is not None:
                page.done.setText(
                    t(
                        "double.checked",
                        sheet=isolated(state.sheet_id),
                        twice=state.typed_twice,
                        agreeing=state.agreeing,
                        decided=state.decided,
                    )
                )
            page.done.show()
            return
        page.done.hide()
        number, total = self.position
        page.heading.setText(
            t("double.difference", row=difference.row_number, n=number, total=total)
        )
        for name, (field, first, second) in page.cells.items():
            differs = name in difference.fields
            first.setText(self._value(difference.first, name))
            second.setText(self._value(difference.second, name))
            if name == "flags" and not differs:  # no marks on either: no empty line
                for label in (field, first, second):
                    label.hide()
            for label in (first, second):
                label.setProperty("differs", differs)
                label.style().unpolish(label)
                label.style().polish(label)

    def _value(self, signer: SignerInput | None, name: str) -> str:
        t = self.t
        if signer is None:
            return t("double.not_typed")
        if name == "consent":
            return t("double.yes") if signer.consent else t("double.no")
        if name == "flags":
            return ", ".join(t(f"double.mark_{flag}") for flag in sorted(signer.flags))
        return str(getattr(signer, name))

    def decide(self, keep: str) -> None:
        """Key 1 or 2, or their buttons: decide the shown difference, then the next."""
        if self.sheet is None or self.difference is None:
            return
        row = self.difference.row_number
        try:
            double_entry.decide(self.store, self.sheet.id, row, keep)
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        self._say(notice=(f"double.decided_{keep}", {"row": row}))
        self.changed.emit()
        self._next_difference()
        self.comparing.setFocus()

    def back_to_typing(self) -> None:
        """Escape or the Back button."""
        self.difference = None
        self._say()
        self.pages.setCurrentIndex(0)
        self._show_rows()
        self.fields["first_name"].setFocus()
