"""Deciding where the two typings of a sheet differ: one row at a time, side by side
(field | first typing | second typing, the differing fields marked), one key each."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from actionkit.core.signatures.double_entry import COMPARED, Difference, DoubleEntryStatus
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.actions import TYPING_KEYS
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.workspaces.typing_row import with_key


def plain(label: QLabel) -> QLabel:
    """A label that shows its text as plain text, wrapped."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ComparePage(QWidget):
    """Deciding the differences: keys 1 and 2 press the buttons that show them, Escape
    goes back to typing. Keys the focused button does not use arrive here."""

    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.heading = plain(QLabel())
        self.heading.setObjectName("rowNumber")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.header = [plain(QLabel()) for _ in range(3)]
        for column, label in enumerate(self.header):
            label.setObjectName("compareHeader")
            self.grid.addWidget(label, 0, column)
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, name in enumerate(COMPARED, 1):
            cells = (plain(QLabel()), plain(QLabel()), plain(QLabel()))
            for column, label in enumerate(cells):
                label.setProperty("differs", False)  # the same padding as a marked value
                self.grid.addWidget(label, row, column)
            self.cells[name] = cells
        self.keep_first = QPushButton()
        self.keep_second = QPushButton()
        self.back = QPushButton()
        for button in (self.keep_first, self.keep_second):
            button.setAutoDefault(True)
        self.done = plain(QLabel())
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
        self.shown: tuple[Difference | None, tuple[int, int], DoubleEntryStatus | None] = (
            None,
            (0, 0),
            None,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        pressed = QKeySequence(event.keyCombination().key())
        plain_key = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        buttons = {
            TYPING_KEYS["keep_first"]: self.keep_first,
            TYPING_KEYS["keep_second"]: self.keep_second,
            "Esc": self.back,
        }
        button = next((b for k, b in buttons.items() if QKeySequence(k) == pressed), None)
        if button is not None and plain_key:
            if button.isVisible() and button.isEnabled():
                button.click()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        t = self.t
        columns = ("double.field", "double.first", "double.second")
        for label, key in zip(self.header, columns, strict=True):
            label.setText(t(key))
        for name, (label, _, _) in self.cells.items():
            label.setText(t("double.marks") if name == "flags" else t(f"field.{name}"))
        # Each value starts where the page reads from, whatever its own script: a Latin
        # name and a Persian one line up under the same heading.
        start = Qt.AlignmentFlag.AlignRight if t.rtl else Qt.AlignmentFlag.AlignLeft
        for label in [*self.header, *itertools.chain(*self.cells.values())]:
            label.setAlignment(
                start | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )
        self.keep_first.setText(with_key(t, "double.keep_first", TYPING_KEYS["keep_first"]))
        self.keep_second.setText(with_key(t, "double.keep_second", TYPING_KEYS["keep_second"]))
        self.back.setText(with_key(t, "double.back", "Esc"))
        self.show_difference(*self.shown)

    def show_difference(
        self,
        difference: Difference | None,
        position: tuple[int, int],
        state: DoubleEntryStatus | None,
    ) -> None:
        """One difference (its number of how many), or the sheet's state when none is left."""
        self.shown = (difference, position, state)
        t = self.t
        deciding = difference is not None
        for widget in (self.keep_first, self.keep_second, *self.header):
            widget.setVisible(deciding)
        for cells in self.cells.values():
            for label in cells:
                label.setVisible(deciding)
        if difference is None:
            self.heading.setText(t("double.all_decided"))
            if state is not None:
                self.done.setText(
                    t(
                        "double.checked",
                        sheet=isolated(state.sheet_id),
                        twice=state.typed_twice,
                        agreeing=state.agreeing,
                        decided=state.decided,
                    )
                )
            self.done.setVisible(state is not None)
            return
        self.done.hide()
        number, total = position
        self.heading.setText(
            t("double.difference", row=difference.row_number, n=number, total=total)
        )
        for name, (field, first, second) in self.cells.items():
            differs = name in difference.fields
            first.setText(self._value(difference.first, name))
            second.setText(self._value(difference.second, name))
            if name == "flags" and not differs:  # no marks on either: no empty line
                for label in (field, first, second):
                    label.hide()
            for label in (first, second):
                label.setProperty("differs", differs)
                _repolish(label)

    def _value(self, signer: SignerInput | None, name: str) -> str:
        t = self.t
        if signer is None:
            return t("double.not_typed")
        if name == "consent":
            return t("double.yes") if signer.consent else t("double.no")
        if name == "flags":
            return ", ".join(t(f"type.mark_{flag}") for flag in sorted(signer.flags))
        return str(getattr(signer, name))
