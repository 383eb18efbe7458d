"""Typing a paper sheet in: the row is the unit, the keyboard is enough.

Made for a volunteer with a stack of paper: Enter goes field to field (carried
city, postcode and country skipped), Ctrl+Space sets consent from anywhere in
the row, Enter on the consent toggle or Ctrl+Enter saves, and the cursor is in
the next row's first field. A saved row is committed at once (the store is
crash-safe). Any entered row can be corrected from the rows table (F6 goes
there; Enter or F2 loads a row, Escape leaves it unchanged) or deleted (Delete,
after a question). A possible duplicate asks for a decision, one key per
choice, without taking the cursor away. Every key is shown next to what it
does and in Help -> Keyboard shortcuts (gui/actions.py).
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.marks import BLANK, MARKS
from actionkit.core.signatures.records import SaveResult
from actionkit.core.signatures.store import Sheet, Signature, SignatureStore, ValidationFailed
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui import dialogs
from actionkit.gui.actions import TYPING_KEYS
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.shortcuts import key_text
from actionkit.gui.workspaces.sheet_photo import SheetPhoto
from actionkit.gui.workspaces.typing_row import (
    CARRIED,
    FIELDS,
    RowButtons,
    RowFields,
    RowSnapshot,
    carried_from,
    typing_key,
    with_key,
)
from actionkit.gui.workspaces.typing_rows import (
    CHECK_COLUMN,
    PURGED_ROLE,
    LatinTextDelegate,
    RowsTable,
    SheetRows,
    paper_check,
    shape_columns,
    sheet_summary,
)

__all__ = ["FIELDS", "PURGED_ROLE", "CountBox", "LatinTextDelegate", "Transcriber"]

DECISIONS = ("same_person", "different_people", "decide_later")


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
    saved = Signal(object)  # Signature (added, corrected or deleted)

    def __init__(self, store: SignatureStore, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.t = store, t
        self.sheet: Sheet | None = None
        self.last_saved: list[Signature] = []
        self.pending_duplicate: tuple[int, int] | None = None
        self.pending_where: dict[str, object] = {}  # row, sheet, other: for the message
        self.correcting: Signature | None = None
        self.put_aside: RowSnapshot | None = None  # the new row, while another is corrected

        self.sheet_id = QLineEdit()
        self.sheet_id.setObjectName("sheetId")
        self.sheet_id.setProperty("typing", True)
        self.sheet_id.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ids are Latin
        self.sheet_id.returnPressed.connect(self.open_sheet)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_sheet)
        # The sheet at a glance, in one line beside the paper count: the core's counts
        # (store.sheet), read against the paper once its count is set.
        self.sheet_state = QLabel()
        self.sheet_state.setObjectName("sheetGlance")
        self.sheet_state.setWordWrap(True)  # a narrow window wraps it instead of cutting it
        self.paper_label = QLabel()
        self.paper_label.setWordWrap(True)  # two lines rather than cut, in a narrow window
        self.paper_count = CountBox()
        self.paper_count.setRange(0, 20)
        self.paper_count.setMaximumWidth(72)  # two digits: the label keeps its words
        self.paper_count.setProperty("typing", True)
        self.paper_label.setBuddy(self.paper_count)
        self.paper_count.entered.connect(self.enter_paper_count)
        self.paper_button = QPushButton()
        self.paper_button.clicked.connect(self.set_paper_count)
        top = QHBoxLayout()
        top.addWidget(self.sheet_id)
        top.addWidget(self.open_button)
        top.addSpacing(12)
        top.addWidget(self.paper_label)
        top.addWidget(self.paper_count)
        top.addWidget(self.paper_button)
        top.addStretch(1)

        self.correcting_bar = QFrame()
        self.correcting_bar.setObjectName("correctingBar")
        self.correcting_text = QLabel()
        self.correcting_text.setWordWrap(True)
        correcting = QHBoxLayout(self.correcting_bar)
        correcting.setContentsMargins(8, 3, 8, 3)  # a banner, compact: the table keeps room
        correcting.addWidget(self.correcting_text, 1)
        self.correcting_bar.hide()

        self.row = RowFields(t)
        self.fields, self.consent = self.row.fields, self.row.consent
        # The sheet's photo, when it was scanned: the row being typed as the photo shows
        # it, right above the fields; the whole sheet one key away.
        self.photo = SheetPhoto(store, t, self, self.row)
        self.photo.problem.connect(self._say)
        self.photo.window_closed.connect(self._back_from_sheet_window)
        self.row_scan = self.photo.strip
        self.row_label = self.row.row_label
        self.row.save_wanted.connect(self.save_row)
        self.row.escape_wanted.connect(self.leave_correction)
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
        # The notice's key, its values and the number its words count (None: no plural).
        self.notice_words: tuple[str, dict[str, object], int | None] | None = None
        self.notice.hide()

        self.duplicate_bar = QFrame()
        self.duplicate_bar.setObjectName("duplicateBar")
        self.duplicate_text = QLabel()
        self.duplicate_text.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicate_text.setWordWrap(True)
        self.same = QPushButton()
        self.different = QPushButton()
        self.later = QPushButton()
        # The question across the bar, its answers under it: squeezed beside the buttons,
        # the question took five lines in German.
        bar = QVBoxLayout(self.duplicate_bar)
        bar.setContentsMargins(8, 3, 8, 3)
        bar.setSpacing(3)
        bar.addWidget(self.duplicate_text)
        answers = QHBoxLayout()
        answers.setSpacing(6)
        bar.addLayout(answers)
        for decision, button in zip(DECISIONS, self.decision_buttons(), strict=True):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the row
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            answers.addWidget(button)
        answers.addStretch(1)
        self.duplicate_bar.hide()

        # Save, and a button per mark (illegible, declined, empty): each key presses its
        # button, so key and click do the same.
        self.buttons = RowButtons(t, self)
        self.save_button = self.buttons.save
        self.save_button.clicked.connect(self.save_row)
        for mark, button in self.buttons.marks.items():
            button.clicked.connect(lambda _=False, m=mark: self.save_marked(m))
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_last)

        self.rows_title = QLabel()
        self.rows_title.setObjectName("rowsTitle")
        self.rows_title.setWordWrap(True)
        self.correct_button = QPushButton()
        self.correct_button.clicked.connect(self.correct_selected)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        # The title on a line of its own, the buttons under it: both fit at 1024 px in
        # every language (side by side, German squeezed the title into a column).
        rows_head = QHBoxLayout()
        rows_head.addWidget(self.correct_button)
        rows_head.addWidget(self.delete_button)
        rows_head.addStretch(1)
        rows_head.addWidget(self.undo_button)
        self.rows = SheetRows(t)
        self.table = RowsTable()
        self.table.setModel(self.rows)
        self.rows_title.setBuddy(self.table)
        # An email is Latin text: cut at its end, the ellipsis after it, also when
        # the rest of the window reads right to left.
        self.email_delegate = LatinTextDelegate(self.table)
        self.table.setItemDelegateForColumn(1 + FIELDS.index("email"), self.email_delegate)
        shape_columns(self.table)
        self.table.correct_wanted.connect(self.correct_button.click)
        self.table.delete_wanted.connect(self.delete_button.click)
        self.table.leave_wanted.connect(self.back_to_typing)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        # Tighter than the default spacing, banners compact, the email hint and messages
        # shown only while they have something to say: the rows table keeps its room.
        layout = QVBoxLayout(self)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addWidget(self.sheet_state)
        layout.addWidget(self.correcting_bar)
        layout.addWidget(self.row_scan)
        layout.addWidget(self.row)
        layout.addWidget(self.problem)
        layout.addWidget(self.notice)
        layout.addWidget(self.duplicate_bar)
        layout.addWidget(self.buttons)
        layout.addWidget(self.rows_title)
        layout.addLayout(rows_head)
        layout.addWidget(self.table, 1)

        # The row's other keys, live while the cursor is anywhere on this page.
        typing_key(self, "consent", self.consent.click)
        typing_key(self, "undo_row", self.undo_button.click)
        typing_key(self, "rows", self.toggle_rows)
        typing_key(self, "paper_count", self.to_paper_count)
        typing_key(self, "whole_sheet", self.photo.toggle_whole_sheet)
        typing_key(self, "misread", self.row_scan.press_wrong)
        for decision, button in zip(DECISIONS, self.decision_buttons(), strict=True):
            typing_key(self, decision, button.click)
        self.retranslate()
        self._enable(False)
        chain = [*self.row.tab_chain(), self.save_button]
        for before, after in itertools.pairwise(chain):  # Tab: field to field
            QWidget.setTabOrder(before, after)

    def decision_buttons(self) -> tuple[QPushButton, QPushButton, QPushButton]:
        return self.same, self.different, self.later

    def retranslate(self) -> None:
        t = self.t
        self.sheet_id.setPlaceholderText(t("sign.sheet_id"))
        hint = self.sheet_id.fontMetrics().horizontalAdvance(t("sign.sheet_id"))
        self.sheet_id.setMinimumWidth(hint + 24)  # the whole hint, in every language
        self.sheet_id.setAccessibleName(t("sign.sheet_id"))
        self.open_button.setText(t("sign.open_sheet"))
        self.paper_label.setText(t("type.paper_rows", keys=key_text(TYPING_KEYS["paper_count"])))
        self.paper_count.setAccessibleName(t("sign.paper_rows"))
        self.paper_button.setText(t("sign.paper_check"))
        self.row.retranslate()
        self.row_scan.retranslate()
        self.same.setText(with_key(t, "sign.same_person", TYPING_KEYS["same_person"]))
        self.different.setText(
            with_key(t, "sign.different_people", TYPING_KEYS["different_people"])
        )
        self.later.setText(with_key(t, "type.decide_later", TYPING_KEYS["decide_later"]))
        self._show_save_words()
        self.undo_button.setText(with_key(t, "sign.undo", TYPING_KEYS["undo_row"]))
        self.correct_button.setText(with_key(t, "type.correct", "F2"))
        self.delete_button.setText(with_key(t, "type.delete", "Del"))
        self.rows_title.setText(
            t(
                "type.rows_title",
                keys=key_text(TYPING_KEYS["rows"]),
                home=key_text("Home"),
                end=key_text("End"),
            )
        )
        self.rows.retranslate()
        if self.notice_words is not None:  # said again in the new language
            self.notice.setText(self._notice_text(*self.notice_words))
        self._show_rows()
        self._show_state()

    def _show_save_words(self) -> None:
        self.buttons.retranslate(
            "type.save_row" if self.correcting is None else "type.save_correction"
        )

    def _say(self, problem: str = "") -> None:
        """A problem (red) under the fields, or nothing; the last notice goes either way."""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))  # takes no room while all is well
        self.notice.clear()
        self.notice.hide()  # takes no room while it has nothing to say
        self.notice_words = None

    def _tell(self, key: str, **values: object) -> None:
        """News (ordinary ink) under the fields, said again after a language switch."""
        self._tell_counted(key, None, values)

    def _tell_counted(self, key: str, counted: int | None, values: dict[str, object]) -> None:
        """News whose words count `counted` things (their one-form for one)."""
        self.notice_words = (key, values, counted)
        self.notice.setText(self._notice_text(key, values, counted))
        self.notice.show()

    def _notice_text(self, key: str, values: dict[str, object], counted: int | None) -> str:
        if counted is None:
            return self.t(key, **values)
        return self.t.plural(key, counted, **values)

    def set_store(self, store: SignatureStore) -> None:
        """The store reopened after an idle lock: the open sheet and typed fields stay."""
        self.store = store
        self.photo.store = store
        self._show_state()

    def _enable(self, on: bool) -> None:
        for widget in (*self.fields.values(), self.consent, self.paper_count):
            widget.setEnabled(on)
        for button in (self.paper_button, *self.buttons.keyed().values()):
            button.setEnabled(on)
        self._update_buttons()

    def _update_buttons(self) -> None:
        open_ = self.sheet is not None
        chosen = open_ and self.table.selected_id() is not None
        self.correct_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.undo_button.setEnabled(open_ and self.correcting is None)

    # Opening a sheet -----------------------------------------------------------------

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
        another = old is None or old.id != sheet.id
        if old is not None and another and self.has_unsaved_row():
            # A half-typed row belongs to the sheet it was read from: never carried over
            # to another sheet, where Enter would save it under the wrong sheet.
            question = self.t("sign.unsaved_row_open", old=isolated(old.id), new=isolated(sheet.id))
            if not dialogs.ask(self, self.t("sign.transcribe_tab"), question):
                self.sheet_id.setText(old.id)
                return
        if another:
            self._stop_correcting()
            self.put_aside = None
            self.row.carry(self._carried_for(sheet))
            self.row.empty()
            self.last_saved = []
            self.duplicate_bar.hide()
            self.pending_duplicate = None
        self.sheet = sheet
        self.photo.load(sheet.id)
        self.sheet_id.setText(self.sheet.id)
        self._say()
        self._show_rows()
        self._enable(True)
        self.paper_count.setMaximum(self.sheet.printed_rows)
        self.paper_count.setValue(self.sheet.paper_count or 0)  # this sheet's, not the last one's
        self._show_state()
        if focus:
            self.row.focus_first()

    def _carried_for(self, sheet: Sheet) -> dict[str, str]:
        """City, postcode and country as the sheet's last row has them, else the event's."""
        return carried_from(self.store.last_entered(sheet.id), self.store.event(sheet.event_slug))

    def _sheet_rows(self) -> list[Signature]:
        if self.sheet is None:
            return []
        rows = self.store.signatures(self.sheet.event_slug)
        return [s for s in rows if s.sheet_id == self.sheet.id]

    def _show_rows(self) -> None:
        if self.sheet is None:
            return
        chosen = self.table.selected_id()
        self.rows.show_rows(self._sheet_rows(), self.photo.ticks())
        # The marks column as wide as its words now: its header sized it once, for the
        # rows it had then, and cut a flag added later to "⚠ …".
        self.table.resizeColumnToContents(CHECK_COLUMN)
        self.table.select_id(chosen)
        self._update_buttons()

    def next_row(self) -> int | None:
        if self.sheet is None:
            return None
        used = {
            int(self.rows.item(r, 0).data(Qt.ItemDataRole.DisplayRole))
            for r in range(self.rows.rowCount())
        }
        return next((n for n in range(1, self.sheet.printed_rows + 1) if n not in used), None)

    def _show_state(self) -> None:
        if self.sheet is None:
            self.sheet_state.setText(self.t("sign.no_sheet"))
            self.row_label.setText("")
            self.row_scan.show_nothing()
            return
        self.sheet_state.setText(sheet_summary(self.t, self.store.sheet(self.sheet.id)))
        if self.correcting is not None:
            row: int | None = self.correcting.row_number
        else:
            row = self.next_row()
        self.row_label.setText(self.t("sign.row", row=row) if row else self.t("sign.full"))
        self._show_scan(row)

    # The row -------------------------------------------------------------------------

    def _empty_fields(self) -> None:
        self.row.empty()

    def has_unsaved_row(self) -> bool:
        """Text typed into the open sheet's fields and not yet saved (a row put aside
        while another is corrected counts too)."""
        if self.sheet is None:
            return False
        if self.put_aside is not None and self.put_aside.has_typing():
            return True
        if self.correcting is not None:
            return any(
                self.fields[n].text() != str(getattr(self.correcting, n)) for n in FIELDS
            ) or (self.consent.isChecked() != self.correcting.consent)
        return self.row.has_typing()

    def signer(self) -> SignerInput:
        return self.row.signer()

    def save_row(self) -> None:
        """Enter on the consent toggle or the last field, Ctrl+Enter, or the Save button:
        the row is added, or the row being corrected is corrected. An email fix or problem
        not on screen before this key is shown first, and the row waits for the next."""
        if self.sheet is None:
            return
        if self.row.hint_before_saving():
            self._say()  # the old news goes; the hint is what to read now
            return
        self._save(frozenset())

    def save_marked(self, flag: str) -> None:
        """The paper row holds no signer to type: saved with a mark (marks.MARKS), so
        the sheet can be complete; illegible or declined with whatever could be read, an
        empty row with nothing. An empty row the photo shows written on is asked about."""
        if flag == BLANK and not self.photo.blank_confirmed():
            return
        self._save(frozenset({flag}))

    def _save(self, flags: frozenset[str]) -> None:
        if self.sheet is None:
            return
        if self.correcting is not None:
            self._correct(self.correcting, flags)
            return
        row = self.next_row()
        if row is None:
            return
        try:
            signer = self.row.signer(flags)
            result = self.store.add_row(self.sheet.id, row, signer, scan_id=self.photo.scan_id)
        except ActionKitError as exc:
            self._refused(exc)
            return
        self.last_saved.append(result.signature)
        self.row.carry({n: self.fields[n].text() for n in CARRIED})
        self.row.empty()
        self._saved(result, row)
        self.row.focus_first()

    def _correct(self, current: Signature, flags: frozenset[str]) -> None:
        # A marked row stays marked while it still has no name.
        kept = frozenset(current.flags & set(MARKS))
        signer = self.row.signer(flags)
        if not flags and not (signer.first_name.strip() or signer.last_name.strip()):
            signer = self.row.signer(kept)
        try:
            result = self.store.correct_row(current.id, signer)
        except ActionKitError as exc:
            self._refused(exc)
            return
        self._stop_correcting()
        self._saved(result, current.row_number, corrected=True)
        self._back_to_new_row()

    def _refused(self, exc: ActionKitError) -> None:
        if isinstance(exc, ValidationFailed):
            # An email problem already under the email field is not said twice.
            hinted = not self.row.email_hint.isHidden()
            errors = [i for i in exc.issues if i.severity == "error"]
            shown = [i for i in errors if not (hinted and i.field == "email")]
            self._say(" ".join(self.t.issue(i) for i in shown))
            first = next((i.field for i in exc.issues if i.severity == "error"), "first_name")
            self.row.focus_first(first if first in self.fields else "first_name")
        else:
            self._say(self.t.error(exc))

    def _saved(self, result: SaveResult, row: int, *, corrected: bool = False) -> None:
        # The saved row's hint goes with it (the table marks the row if it was flagged):
        # left on screen, it read as a problem with the next signer's row.
        self._say()
        if corrected:
            self._tell("type.corrected", row=row)
        self._show_rows()
        self.table.select_id(result.signature.id if corrected else None)
        self.table.show_id(result.signature.id)  # the saved row in view, not below the edge
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
        self.saved.emit(result.signature)

    def decide(self, decision: str) -> None:
        """One key or click per choice; the cursor stays where the typing is."""
        if self.pending_duplicate is None:
            return
        if decision == "decide_later":
            self._say()
            self._tell("type.decided_later", **self.pending_where)
        else:
            try:
                self.store.decide_duplicate(*self.pending_duplicate, decision)
            except ActionKitError as exc:
                self._say(self.t.error(exc))
            else:
                self._say()
                self._tell(f"sign.decided_{decision}", **self.pending_where)
        self.pending_duplicate = None
        self.duplicate_bar.hide()

    def undo_last(self) -> None:
        """Undo the last row saved here (it is deleted: a tombstone). The fields are not
        filled again: a signer's data never comes back into them."""
        if not self.last_saved or self.correcting is not None:
            return
        signature = self.last_saved.pop()
        try:
            self.store.delete_row(signature.id)
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        self.duplicate_bar.hide()
        self.pending_duplicate = None
        self._show_rows()
        self._show_state()
        self.saved.emit(signature)

    def set_paper_count(self) -> None:
        """The button, or Enter in the paper count: the count saved, and what the entered
        rows come to against it said in words under the fields (rows still to enter,
        rows beyond the paper, or the sheet complete)."""
        if self.sheet is None:
            return
        try:
            sheet = self.store.set_paper_count(self.sheet.id, self.paper_count.value())
        except ActionKitError as exc:
            self._say(self.t.error(exc))
        else:
            self._tell_counted(*paper_check(sheet))
        self._show_state()

    def to_paper_count(self) -> None:
        """F7: the cursor into the paper count, its number selected."""
        if self.sheet is not None:
            self.paper_count.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.paper_count.selectAll()

    def enter_paper_count(self) -> None:
        """Enter in the paper count: applied, and back to the row being typed."""
        self.set_paper_count()
        if self.sheet is not None:
            self.back_to_typing()

    # Correcting and deleting entered rows --------------------------------------------

    def toggle_rows(self) -> None:
        """F6: to the rows table, and back to the row being typed."""
        if self.sheet is None:
            return
        if self.table.hasFocus():
            self.back_to_typing()
        else:
            self.table.enter()

    def back_to_typing(self) -> None:
        """F6 or Escape in the rows table: back to the field the cursor was in."""
        self.row.focus_back(self.row.last_field)

    def correct_selected(self) -> None:
        """Button, F2, or Enter in the rows table: the selected row into the fields."""
        chosen = self.table.selected_id()
        if self.sheet is None or chosen is None:
            return
        try:
            signature = self.store.signature(chosen)
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        if self.correcting is None:  # the new row waits, as typed, until this one is done
            self.put_aside = self.row.snapshot()
        self.correcting = signature
        self.row.load(signature)
        self.correcting_text.setText(
            self.t(
                "type.correcting",
                row=signature.row_number,
                save=key_text(TYPING_KEYS["save_row"], self.t("keys.enter")),
                cancel=key_text("Esc"),
            )
        )
        self.correcting_bar.show()
        self._show_save_words()  # the Save button says it saves a correction
        self._say()
        self._update_buttons()
        self._show_state()
        self.row.focus_first()

    def leave_correction(self) -> None:
        """Escape: the row being corrected stays as it was; the new row comes back."""
        if self.correcting is None:
            return
        row = self.correcting.row_number
        self._stop_correcting()
        self._say()
        self._tell("type.left_unchanged", row=row)
        self._back_to_new_row()

    def _stop_correcting(self) -> None:
        self.correcting = None
        self._show_save_words()
        self.correcting_bar.hide()
        self._update_buttons()

    def _back_to_new_row(self) -> None:
        snapshot, self.put_aside = self.put_aside, None
        if snapshot is not None:
            self.row.restore(snapshot)
            focus = snapshot.focus
        else:
            self.row.empty()
            focus = "first_name"
        self._show_state()
        self.row.focus_back(focus)

    def delete_selected(self) -> None:
        """Button or Delete in the rows table: the selected row deleted, after a question
        (a tombstone: left out of exports, its row number free to type again)."""
        chosen = self.table.selected_id()
        if self.sheet is None or chosen is None:
            return
        try:
            signature = self.store.signature(chosen)
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        name = " ".join(p for p in (signature.first_name, signature.last_name) if p) or "—"
        question = self.t(
            "type.delete_ask", row=signature.row_number, sheet=isolated(self.sheet.id), name=name
        )
        if not dialogs.ask(self, self.t("type.delete"), question):
            return
        try:
            self.store.delete_row(signature.id)
        except ActionKitError as exc:
            self._say(self.t.error(exc))
            return
        self.last_saved = [s for s in self.last_saved if s.id != signature.id]
        if self.pending_duplicate and signature.id in self.pending_duplicate:
            self.pending_duplicate = None
            self.duplicate_bar.hide()
        was_correcting = self.correcting is not None and self.correcting.id == signature.id
        self._say()
        self._tell("type.deleted", row=signature.row_number)
        self._show_rows()
        if was_correcting:
            self._stop_correcting()
            self._back_to_new_row()
        self._show_state()
        self.saved.emit(signature)

    # The sheet's photo ----------------------------------------------------------------

    def reload_scan(self) -> None:
        """Photos were imported: the open sheet shows its newest scan."""
        if self.sheet is not None:
            self.photo.load(self.sheet.id)
            self._show_rows()
            self._show_state()

    def _show_scan(self, row: int | None) -> None:
        """The row being typed as the photo shows it (a new row's consent from its tick)."""
        self.photo.show_typed_row(row, saved_row=self.correcting is not None)

    def put_photos_away(self) -> None:
        """The store locks: the whole sheet's window closes and lets go of the photo."""
        self.photo.put_away()

    def _back_from_sheet_window(self) -> None:
        self.window().activateWindow()  # the typing goes on where it stopped
        self.row.focus_back(self.row.last_field)
