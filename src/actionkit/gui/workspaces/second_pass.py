"""The second, blind typing of a sheet (double entry), then deciding where it differs.

The second volunteer types with the very row the first typing uses (RowFields:
Enter moves on and skips the carried city, postcode and country, Ctrl+Space sets
consent, Down takes the email suggestion, Ctrl+Enter saves) and sees only what
they type themselves: carried values come from the event or from this typing's
own previous row, and no value of the first typing is on this page until Compare.
A scanned sheet shows the row being typed as photographed above the fields, a new
row's consent starting from the photo's tick (a typed consent that disagrees is said
in words), and the whole sheet one key away, as in the first typing (sheet_photo.py):
the photo is the paper, never the first typing. Then each row where the two differ is shown
side by side and one key decides it (second_compare.py).
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures import double_entry
from actionkit.core.signatures.double_entry import Difference
from actionkit.core.signatures.marks import BLANK, MARKS
from actionkit.core.signatures.records import Sheet, ValidationFailed
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui import dialogs
from actionkit.gui.actions import TYPING_KEYS
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.shortcuts import key_text
from actionkit.gui.workspaces.second_compare import ComparePage, plain
from actionkit.gui.workspaces.sheet_photo import SheetPhoto
from actionkit.gui.workspaces.typing_row import (
    CARRIED,
    FIELDS,
    RowButtons,
    RowFields,
    RowSnapshot,
    carried_from,
    typing_key,
)
from actionkit.gui.workspaces.typing_rows import (
    LatinTextDelegate,
    RowsTable,
    shape_columns,
)


class SecondRows(QStandardItemModel):
    """The rows of this typing (never the first): number, the six fields, consent,
    marks. The number cell carries the row number for RowsTable.selected_id."""

    def __init__(self, t: Translator) -> None:
        super().__init__(0, len(FIELDS) + 3)
        self.t = t

    def retranslate(self) -> None:
        t = self.t
        headers = ["#", *(t(f"field.{n}") for n in FIELDS), t("field.consent"), t("type.check")]
        self.setHorizontalHeaderLabels(headers)

    def show_rows(self, typed: dict[int, SignerInput]) -> None:
        self.removeRows(0, self.rowCount())
        for number, signer in sorted(typed.items()):
            cell = QStandardItem()
            cell.setData(number, Qt.ItemDataRole.DisplayRole)
            cell.setData(number, Qt.ItemDataRole.UserRole)
            cells = [cell, *(QStandardItem(getattr(signer, n)) for n in FIELDS)]
            cells.append(QStandardItem("✓" if signer.consent else ""))
            marks = [self.t(f"type.mark_{m}") for m in MARKS if m in signer.flags]
            cells.append(QStandardItem(" ".join(marks)))
            self.appendRow(cells)


class SecondPass(QWidget):
    """Type a sheet a second time, blind; then compare and decide, one key a row."""

    changed = Signal()  # a decision changed the sheet's rows

    def __init__(self, store: SignatureStore, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.t = store, t
        self.sheet: Sheet | None = None
        self.retyping: int | None = None  # a row of this typing being typed again
        self.put_aside: RowSnapshot | None = None  # the new row, while one is typed again
        self.difference: Difference | None = None
        self.position = (0, 0)  # this difference's number, how many there were
        self.said: tuple[str, dict[str, object]] | None = None  # the last notice, by key

        self.intro = plain(QLabel())
        self.intro.setObjectName("hint")
        self.sheet_id = QLineEdit()
        self.sheet_id.setObjectName("sheetId")
        self.sheet_id.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ids are Latin
        self.sheet_id.returnPressed.connect(self.open_sheet)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_sheet)
        self.sheet_state = plain(QLabel())
        top = QHBoxLayout()
        top.addWidget(self.sheet_id)
        top.addWidget(self.open_button)
        top.addWidget(self.sheet_state, 1)

        typing = QWidget()  # the typing page: the row's keys are live inside it only
        self.row = RowFields(t)
        self.fields, self.consent = self.row.fields, self.row.consent
        # Blind to the first typist's "Is this right?" too: a misread can only be added.
        self.photo = SheetPhoto(store, t, self, self.row, blind=True)
        self.photo.problem.connect(self._say)
        self.photo.window_closed.connect(self._back_from_sheet_window)
        self.row_scan = self.photo.strip
        self.row_label = self.row.row_label
        self.row.save_wanted.connect(self.save_row)
        self.row.escape_wanted.connect(self.leave_retyping)
        self.buttons = RowButtons(t, typing)
        self.save_button = self.buttons.save
        self.save_button.clicked.connect(self.save_row)
        for mark, button in self.buttons.marks.items():
            button.clicked.connect(lambda _=False, m=mark: self.save_marked(m))
        typing_key(typing, "consent", self.consent.click)
        typing_key(typing, "rows", self.toggle_rows)
        typing_key(typing, "whole_sheet", self.photo.toggle_whole_sheet)
        typing_key(typing, "misread", self.row_scan.press_wrong)
        self.problem = plain(QLabel())
        self.problem.setObjectName("problem")
        self.notice = plain(QLabel())
        self.notice.setObjectName("notice")

        # What this volunteer typed so far (never the first typing): Enter or a double
        # click on a row types it again.
        self.rows_title = plain(QLabel())
        self.rows_title.setObjectName("rowsTitle")
        self.rows = SecondRows(t)
        self.table = RowsTable()
        self.table.setModel(self.rows)
        self.rows_title.setBuddy(self.table)
        self.email_cells = LatinTextDelegate(self.table)
        self.table.setItemDelegateForColumn(1 + FIELDS.index("email"), self.email_cells)
        shape_columns(self.table)
        self.table.correct_wanted.connect(self.retype)
        self.table.doubleClicked.connect(lambda _: self.retype())
        self.table.leave_wanted.connect(lambda: self.row.focus_back(self.row.last_field))
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("primaryButton")
        self.compare_button.setAutoDefault(True)
        self.compare_button.clicked.connect(self.compare)
        compare_line = QHBoxLayout()  # its own line: long words fit at 1024 px
        compare_line.addStretch(1)
        compare_line.addWidget(self.compare_button)

        typing_layout = QVBoxLayout(typing)
        typing_layout.setContentsMargins(0, 0, 0, 0)
        typing_layout.addWidget(self.row_scan)
        typing_layout.addWidget(self.row)
        typing_layout.addWidget(self.buttons)
        typing_layout.addLayout(compare_line)
        typing_layout.addSpacing(6)
        typing_layout.addWidget(self.rows_title)
        typing_layout.addWidget(self.table, 1)

        self.comparing = ComparePage(t)
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
        for before, after in itertools.pairwise([*self.row.tab_chain(), self.compare_button]):
            QWidget.setTabOrder(before, after)

    # Words ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        self.intro.setText(t("double.intro"))
        self.sheet_id.setPlaceholderText(t("sign.sheet_id"))
        hint = self.sheet_id.fontMetrics().horizontalAdvance(t("sign.sheet_id"))
        self.sheet_id.setMinimumWidth(hint + 24)
        self.sheet_id.setAccessibleName(t("sign.sheet_id"))
        self.open_button.setText(t("sign.open_sheet"))
        self.row.retranslate()
        self.row_scan.retranslate()
        self.buttons.retranslate()
        self.compare_button.setText(t("double.compare"))
        self.rows_title.setText(t("double.rows_title", keys=key_text(TYPING_KEYS["rows"])))
        self.rows.retranslate()
        self.comparing.retranslate()
        if self.said is not None:
            self.notice.setText(t(self.said[0], **self.said[1]))
        self._show_state()

    def _say(self, problem: str = "", notice: tuple[str, dict[str, object]] | None = None) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.said = notice
        self.notice.setText(self.t(notice[0], **notice[1]) if notice else "")
        self.notice.setVisible(notice is not None)

    def set_store(self, store: SignatureStore) -> None:
        """The store reopened (after an idle lock): the sheet and the typed fields stay."""
        self.store = store
        self.photo.store = store
        self._show_state()

    def _enable(self, on: bool) -> None:
        for widget in (*self.row.tab_chain(), *self.buttons.keyed().values()):
            widget.setEnabled(on)
        for widget in (self.compare_button, self.table):
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
        self.retyping, self.put_aside = None, None
        self.photo.load(sheet.id)
        typed = double_entry.second_rows(self.store, sheet.id)
        # Blind: carried from this typing's own last row, else the event (never the
        # first typing's rows).
        self.row.carry(carried_from(typed[max(typed)] if typed else None, event))
        self.row.empty()
        self._enable(True)
        self._show_rows()
        self.pages.setCurrentIndex(0)
        self.row.focus_first()

    def reload(self) -> None:
        """Read the open sheet's second typing again, and its photo (after a purge
        removed them)."""
        if self.sheet is not None:
            self.photo.load(self.sheet.id)
            self.difference = None
            self.pages.setCurrentIndex(0)
            self._show_rows()

    def _typed(self) -> dict[int, SignerInput]:
        if self.sheet is None:
            return {}
        return double_entry.second_rows(self.store, self.sheet.id)

    def _show_rows(self) -> None:
        self.rows.show_rows(self._typed())
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
            self.photo.show_row(None)
            return
        typed = len(self._typed())
        self.sheet_state.setText(
            self.t.plural("double.typed", typed, sheet=isolated(self.sheet.id), rows=typed)
        )
        row = self.next_row()
        if self.retyping is not None:
            self.row_label.setText(self.t("double.retyping", row=row))
        else:
            self.row_label.setText(self.t("sign.row", row=row) if row else self.t("sign.full"))
        # The row being typed, as photographed; a new row's consent from its tick, as in
        # the first typing: independent of the first typist, not of the paper.
        self.photo.show_typed_row(row, saved_row=self.retyping is not None)

    # Typing ----------------------------------------------------------------------------

    def signer(self) -> SignerInput:
        return self.row.signer()

    def has_unsaved_row(self) -> bool:
        """Typing not yet saved: the new row (also while put aside), or changes to a row
        being typed again."""
        if self.sheet is None:
            return False
        if self.put_aside is not None and self.put_aside.has_typing():
            return True
        if self.retyping is not None:
            saved = self._typed().get(self.retyping)
            return saved is None or self.row.signer(saved.flags) != saved
        return self.row.has_typing()

    def save_row(self) -> None:
        """The Save button, Enter on the consent toggle or the last field, or Ctrl+Enter
        (an email fix or problem not on screen before this key is shown first)."""
        on_row = self.sheet is not None and self.pages.currentIndex() == 0
        if not on_row or self.row.hint_before_saving():
            return
        self._save(frozenset())

    def save_marked(self, flag: str) -> None:
        """A mark's button or key (marks.MARKS): the paper row saved with it; an empty row
        the photo shows written on is asked about first."""
        if self.sheet is None or self.pages.currentIndex() != 0:
            return
        if flag == BLANK and not self.photo.blank_confirmed():
            return
        self._save(frozenset({flag}))

    def _save(self, flags: frozenset[str]) -> None:
        row = self.next_row()
        if self.sheet is None or row is None or self.pages.currentIndex() != 0:
            return
        retyping = self.retyping is not None
        try:
            double_entry.add_second_row(
                self.store, self.sheet.id, row, self.row.signer(flags), replace=retyping
            )
        except ValidationFailed as exc:
            self._say(" ".join(self.t.issue(i) for i in exc.issues if i.severity == "error"))
            first = next((i.field for i in exc.issues if i.severity == "error"), "first_name")
            self.row.focus_first(first if first in self.fields else "first_name")
            return
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        self._say(notice=("double.saved", {"row": row}))
        if retyping:
            self._back_to_new_row()
        else:
            self.row.carry({n: self.fields[n].text() for n in CARRIED})
            self.row.empty()
            self._show_rows()
            self.row.focus_first()
        self.table.show_id(row)  # the saved row in view, not below the list's edge

    def retype(self) -> None:
        """Enter, F2 or a double click on a row of this typing: type it again (the new
        row waits, as typed, until it is saved or left with Escape)."""
        number = self.table.selected_id()
        signer = self._typed().get(number) if number is not None else None
        if number is None or signer is None or self.pages.currentIndex() != 0:
            return
        if self.retyping is None:
            self.put_aside = self.row.snapshot()
        self.retyping = number
        self.row.load(signer)
        self._say()
        self._show_state()
        self.row.focus_first()

    def leave_retyping(self) -> None:
        """Escape in the row: a row typed again stays as it was saved."""
        if self.retyping is not None:
            self._back_to_new_row()

    def _back_to_new_row(self) -> None:
        self.retyping = None
        snapshot, self.put_aside = self.put_aside, None
        if snapshot is not None:
            self.row.restore(snapshot)
        else:
            self.row.empty()
        self._show_rows()
        self.row.focus_back(snapshot.focus if snapshot is not None else "first_name")

    def toggle_rows(self) -> None:
        """F6: to this typing's rows table, and back to the row."""
        if self.sheet is None:
            return
        if self.table.hasFocus():
            self.row.focus_back(self.row.last_field)
        else:
            self.table.enter()

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
        state = double_entry.status(self.store, self.sheet.id) if not found else None
        self.comparing.show_difference(self.difference, self.position, state)

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
        self.row.focus_back(self.row.last_field)

    # The sheet's photo -------------------------------------------------------------------

    def reload_scan(self) -> None:
        """Photos were imported: the open sheet shows its newest scan."""
        if self.sheet is not None:
            self.photo.load(self.sheet.id)
            self._show_state()

    def put_photos_away(self) -> None:
        """The store locks: the whole sheet's window closes and lets go of the photo."""
        self.photo.put_away()

    def _back_from_sheet_window(self) -> None:
        self.window().activateWindow()  # the typing goes on where it stopped
        self.row.focus_back(self.row.last_field)
