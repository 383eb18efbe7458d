"""The row being typed: six fields and the consent toggle, moved through with Enter.

Enter goes to the next field the row needs: city, postcode and country are
carried from the event or the previous row and skipped unless changed (Tab
still reaches them). Enter on the consent toggle or on the last field asks for
the row to be saved. The email is checked while typing; a likely domain typo
is offered under the field and taken with the Down key. A save request checks
the email at once: a fix or a problem not yet on screen stops that save, so a
fast typist sees it (the next request saves as typed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.signatures.marks import BLANK, MARKS
from actionkit.core.signatures.records import Event, Signature
from actionkit.core.signatures.validation import (
    SignerInput,
    normalize,
    validate,
)
from actionkit.gui.actions import COMMANDS, TYPING_KEYS
from actionkit.gui.i18n import Translator
from actionkit.gui.shortcuts import key_text

FIELDS = ("first_name", "last_name", "email", "city", "postal_code", "country")
CARRIED = ("city", "postal_code", "country")  # usually the same for a whole sheet
# How the typing row shares its width: an email is long, a postcode short.
FIELD_STRETCH = {
    "first_name": 3,
    "last_name": 3,
    "email": 5,
    "city": 3,
    "postal_code": 2,
    "country": 2,
}
EMAIL_PAUSE_MS = 400  # the email is checked after this pause in typing, or on leaving it
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
WINDOW_KEYS = frozenset(QKeySequence(c.keys).toString() for c in COMMANDS if c.keys)


def typing_key(owner: QWidget, name: str, slot: Callable[[], object]) -> QShortcut:
    """The key TYPING_KEYS[name], live while `owner` is on screen (the cursor may be
    on its tab, or nowhere after a dialog closed)."""
    shortcut = QShortcut(QKeySequence(TYPING_KEYS[name]), owner)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: slot())
    return shortcut


def with_key(t: Translator, key: str, keys: str) -> str:
    """A button's words and the key that presses it: 'Save row (Ctrl+Enter)'."""
    return t("type.with_key", text=t(key), keys=key_text(keys, t("keys.enter")))


def carried_from(last: Signature | SignerInput | None, event: Event) -> dict[str, str]:
    """City, postcode and country for a sheet's next row: as its last row has them
    (when it has any of them), else the event's city and country."""
    if last is not None and (last.city or last.country or last.postal_code):
        return {name: str(getattr(last, name)) for name in CARRIED}
    return {"city": event.city, "postal_code": "", "country": event.country}


def emit_for_key(event: QKeyEvent, table: tuple[tuple[tuple[Qt.Key, ...], Any], ...]) -> bool:
    """A key pressed without modifiers that `table` maps to a signal: the signal is
    emitted and True returned; otherwise False (the widget handles the key itself)."""
    if event.modifiers() not in PLAIN:
        return False
    for keys, signal in table:
        if event.key() in keys:
            signal.emit()
            return True
    return False


def _repolish(widget: QWidget) -> None:
    """Apply the stylesheet again after a property it selects on changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldEdit(QLineEdit):
    """A typing field: Enter and Escape go to the row, Down offers itself to the row."""

    entered = Signal()
    escaped = Signal()
    down = Signal()
    focused = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("typing", True)  # the typing view's focus ring (app.qss)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def event(self, event: QEvent) -> bool:
        # The window's commands win over a line edit's own use of their keys: under
        # X11 a QLineEdit takes Ctrl+E (end of line), so Export did nothing while typing.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()).toString() in WINDOW_KEYS
        ):
            return False  # not accepted: the shortcut runs
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        escape, down = (Qt.Key.Key_Escape,), (Qt.Key.Key_Down,)
        table = ((ENTER_KEYS, self.entered), (escape, self.escaped), (down, self.down))
        if not emit_for_key(event, table):
            super().keyPressEvent(event)


class ConsentToggle(QPushButton):
    """Contact OK as a large YES / NO switch: Space toggles it, Enter saves the row,
    Down offers itself to the row (as a field does)."""

    entered = Signal()
    escaped = Signal()
    down = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("consentToggle")
        self.setCheckable(True)
        self.words = ("", "")  # no, yes
        self.toggled.connect(lambda _: self._show())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        _repolish(self)

    def set_words(self, no: str, yes: str) -> None:
        self.words = (no, yes)
        widths = []
        for text in self.words:  # as wide as the longer word: toggling moves nothing
            self.setText(text)
            widths.append(self.sizeHint().width())
        self.setMinimumWidth(max(widths))
        self._show()

    def _show(self) -> None:
        self.setText(self.words[self.isChecked()])
        self.setProperty("consent", "yes" if self.isChecked() else "no")
        _repolish(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        table = (
            (ENTER_KEYS, self.entered),
            ((Qt.Key.Key_Escape,), self.escaped),
            ((Qt.Key.Key_Down,), self.down),
        )
        if not emit_for_key(event, table):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        _repolish(self)  # the focus ring is drawn by the stylesheet


@dataclass
class RowSnapshot:
    """A half-typed row put aside while another row is corrected."""

    texts: dict[str, str]
    carried: dict[str, str]
    consent: bool
    focus: str = "first_name"
    suggestion: str | None = field(default=None)

    def has_typing(self) -> bool:
        """Something typed for this signer (carried fields as carried are not typing)."""
        return any(
            text != self.carried[name] if name in self.carried else bool(text.strip())
            for name, text in self.texts.items()
        )


class RowFields(QWidget):
    """The fields of one row; the typing view decides what saving means."""

    save_wanted = Signal()  # Enter on the consent toggle or on the last field
    escape_wanted = Signal()

    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.carried: dict[str, str] = {}
        self.suggestion: str | None = None
        self.last_field = "first_name"  # where the cursor was last in this row
        self.row_label = QLabel()
        self.row_label.setObjectName("rowNumber")
        self.fields = {name: FieldEdit() for name in FIELDS}
        self.labels = {name: QLabel() for name in FIELDS}
        self.consent = ConsentToggle()
        self.consent_key = QLabel()
        self.consent_key.setObjectName("keyHint")
        self.consent_key.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        self.email_hint = QLabel()  # the check while typing, under the email field
        self.email_hint.setObjectName("emailHint")
        self.email_hint.setWordWrap(True)
        self.email_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.carried_note = QLabel()
        self.carried_note.setObjectName("keyHint")
        self.carried_note.setWordWrap(False)  # one line under the carried fields
        self.email_timer = QTimer(self)
        self.email_timer.setSingleShot(True)
        self.email_timer.setInterval(EMAIL_PAUSE_MS)
        self.email_timer.timeout.connect(self.check_email)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.row_label, 1, 0)
        for column, name in enumerate(FIELDS, 1):
            edit = self.fields[name]
            self.labels[name].setBuddy(edit)
            grid.addWidget(self.labels[name], 0, column)
            grid.addWidget(edit, 1, column)
            grid.setColumnStretch(column, FIELD_STRETCH[name])
            edit.entered.connect(lambda n=name: self.go_on(n))
            edit.escaped.connect(self.escape_wanted)
            edit.focused.connect(lambda n=name: setattr(self, "last_field", n))
            edit.textChanged.connect(lambda _, n=name: self._mark(n))
        email = self.fields["email"]
        email.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # addresses are Latin
        email.textEdited.connect(lambda _: self._email_typed())
        email.editingFinished.connect(self.check_email)
        # Down takes the email's suggested fix wherever the cursor is in the row: Enter
        # in the email field moves on, and the hint under it names Down.
        for signal in (*(edit.down for edit in self.fields.values()), self.consent.down):
            signal.connect(self.take_suggestion)
        # Compact, so the rows table keeps its room: the consent key above the toggle,
        # where the fields have their names; the carried note on one line under the
        # carried fields and the toggle; the email hint on a line of its own, shown
        # only while it has something to say.
        consent_column = len(FIELDS) + 1
        grid.addWidget(self.consent_key, 0, consent_column)
        grid.addWidget(self.consent, 1, consent_column)
        city_column = 1 + FIELDS.index("city")
        grid.addWidget(self.carried_note, 2, city_column, 1, consent_column - city_column + 1)
        email_column = 1 + FIELDS.index("email")
        grid.addWidget(self.email_hint, 3, email_column, 1, consent_column - email_column + 1)
        self.email_hint.hide()  # takes no room while it has nothing to say
        self.consent.entered.connect(self.save_wanted)
        self.consent.escaped.connect(self.escape_wanted)

    def tab_chain(self) -> list[QWidget]:
        """Field to field, then the consent toggle: the order Tab follows."""
        return [*self.fields.values(), self.consent]

    def retranslate(self) -> None:
        t = self.t
        # As wide as the widest row number a sheet has, so the fields never move
        # sideways when "Row 9" becomes "Row 10".
        metrics = self.row_label.fontMetrics()
        widest = metrics.horizontalAdvance(t("sign.row", row=88))
        self.row_label.setMinimumWidth(widest + metrics.horizontalAdvance(" "))
        for name, label in self.labels.items():
            label.setText(t(f"field.{name}"))
            self.fields[name].setAccessibleName(t(f"field.{name}"))
        self.consent.set_words(t("type.consent_no"), t("type.consent_yes"))
        self.consent.setAccessibleName(t("field.consent"))
        self.consent_key.setText(key_text(TYPING_KEYS["consent"], t("keys.enter")))
        self.carried_note.setText(t("type.carried"))
        self.check_email()

    # What the row holds --------------------------------------------------------------

    def signer(self, flags: frozenset[str] = frozenset()) -> SignerInput:
        """The row as it would be saved with `flags`. A row marked empty (marks.BLANK)
        keeps only what was typed for it: carried values as carried and the consent
        toggle (set from the photo's tick) are not, and the core refuses the rest."""
        blank = BLANK in flags
        text = {
            name: "" if blank and not self.changed(name) else widget.text()
            for name, widget in self.fields.items()
        }
        return SignerInput(
            first_name=text["first_name"],
            last_name=text["last_name"],
            email=text["email"],
            city=text["city"],
            postal_code=text["postal_code"],
            country=text["country"],
            consent=self.consent.isChecked() and not blank,
            flags=flags,
        )

    def changed(self, name: str) -> bool:
        """A field the typist changed: for a carried one, different from what was carried."""
        text = self.fields[name].text()
        return text != self.carried[name] if name in self.carried else bool(text.strip())

    def has_typing(self) -> bool:
        """Something typed for this signer (carried fields as carried are not typing)."""
        return any(self.changed(name) for name in FIELDS)

    def carry(self, values: dict[str, str]) -> None:
        """City, postcode and country for the rows that follow (shown, skipped by Enter)."""
        self.carried = {name: values.get(name, "") for name in CARRIED}
        for name, text in self.carried.items():
            self.fields[name].setText(text)  # setText: no undo history to reach back into
        self._mark_all()

    def empty(self) -> None:
        """Ready for the next signer: typed fields emptied (with their undo history),
        carried ones back to what is carried, consent off, the last email's hint gone."""
        self.email_timer.stop()
        for name, widget in self.fields.items():
            widget.setText(self.carried.get(name, ""))
        self.consent.setChecked(False)
        self.suggestion = None
        self._hint()

    def load(self, signature: Signature | SignerInput) -> None:
        """An entered row in the fields, for correcting: nothing carried, all of it visited."""
        self.carried = {}
        for name, widget in self.fields.items():
            widget.setText(str(getattr(signature, name)))
        self.consent.setChecked(signature.consent)
        self._mark_all()
        self.check_email()

    def snapshot(self) -> RowSnapshot:
        texts = {name: widget.text() for name, widget in self.fields.items()}
        return RowSnapshot(texts, dict(self.carried), self.consent.isChecked(), self.last_field)

    def restore(self, snapshot: RowSnapshot) -> None:
        self.carried = dict(snapshot.carried)
        for name, widget in self.fields.items():
            widget.setText(snapshot.texts[name])
        self.consent.setChecked(snapshot.consent)
        self._mark_all()
        self.check_email()

    # Moving on ---------------------------------------------------------------------

    def go_on(self, name: str) -> None:
        """Enter in field `name`: the next field the row needs, the consent toggle after
        the last of them; Enter on the last field saves."""
        if name == FIELDS[-1]:
            self.save_wanted.emit()
            return
        if name == "email":
            self.check_email()
        later = FIELDS[FIELDS.index(name) + 1 :]
        target: QWidget = next(
            (self.fields[n] for n in later if n not in self.carried or self.changed(n)),
            self.consent,
        )
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def hint_before_saving(self) -> bool:
        """A save request: the email checked at once. True (do not save now) when that
        shows a fix or a problem that was not on screen before this key: the hint shows
        and the cursor is in the email field; the next request saves as typed."""
        before = self.email_hint.text() if not self.email_hint.isHidden() else ""
        self.check_email()
        now = self.email_hint.text() if not self.email_hint.isHidden() else ""
        if not now or now == before:
            return False
        self.fields["email"].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_first(self, name: str = "first_name") -> None:
        """The cursor into field `name`, its text selected (typing replaces it)."""
        self.fields[name].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_back(self, name: str) -> None:
        """The cursor back into field `name` where the typing stopped (nothing selected)."""
        self.fields[name].setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_consent(self) -> None:
        self.consent.toggle()

    def _mark(self, name: str) -> None:
        edit = self.fields[name]
        carried = name in self.carried and not self.changed(name)
        if bool(edit.property("carried")) != carried:
            edit.setProperty("carried", carried)
            _repolish(edit)
        label = self.labels[name]
        if bool(label.property("carried")) != carried:
            label.setProperty("carried", carried)
            _repolish(label)
        self.carried_note.setVisible(any(self.fields[n].property("carried") for n in CARRIED))

    def _mark_all(self) -> None:
        for name in FIELDS:
            self._mark(name)

    # The email check ---------------------------------------------------------------

    def _email_typed(self) -> None:
        self.suggestion = None
        self._hint()
        self.email_timer.start()

    def check_email(self) -> None:
        """The email's problems and a likely typo's fix, under the field (the core's
        checks, the same that saving runs)."""
        self.email_timer.stop()
        email = self.fields["email"].text()
        self.suggestion = None
        if not email.strip():
            self._hint()
            return
        clean = normalize(SignerInput(first_name="-", email=email))
        issues = [i for i in validate(clean) if i.field == "email"]
        # validate offers a likely typo's fix as a warning with its suggestion.
        suggested = next((i.suggestion for i in issues if i.suggestion), None)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            self._hint(" ".join(self.t.issue(i) for i in errors), "error")
        elif suggested:
            self.suggestion = suggested
            enter = self.t("keys.enter")
            self._hint(
                self.t(
                    "type.suggestion",
                    suggestion=suggested,
                    keys=key_text(TYPING_KEYS["suggestion"], enter),
                    save=key_text(TYPING_KEYS["save_row"], enter),
                ),
                "suggestion",
            )
        else:
            self._hint()

    def _hint(self, text: str = "", kind: str = "") -> None:
        self.email_hint.setText(text)
        self.email_hint.setVisible(bool(text))
        if self.email_hint.property("kind") != kind:
            self.email_hint.setProperty("kind", kind)
            _repolish(self.email_hint)

    def take_suggestion(self) -> None:
        """Down in the row: the offered address replaces the typed one."""
        if self.email_timer.isActive():  # a pause not yet over: check now
            self.check_email()
        if self.suggestion is None:
            return
        self.fields["email"].setText(self.suggestion)
        self.fields["email"].setFocus()
        self.check_email()


class RowButtons(QWidget):
    """Under the row: save it, or save the paper row with a mark (illegible, declined,
    empty: one button per marks.MARKS); each button's key (TYPING_KEYS) is live
    anywhere inside `owner` and presses it. One line when the words fit, else the
    mark buttons on a second line (German at 1024 px), never cut."""

    def __init__(self, t: Translator, owner: QWidget) -> None:
        super().__init__()
        self.t = t
        self.save = QPushButton()
        self.save.setObjectName("primaryButton")
        self.marks = {mark: QPushButton() for mark in MARKS}
        lines = QVBoxLayout(self)
        lines.setContentsMargins(0, 0, 0, 0)
        self.first, self.second = QHBoxLayout(), QHBoxLayout()
        for line in (self.first, self.second):
            line.addStretch(1)
            lines.addLayout(line)
        for name, button in self.keyed().items():
            self.first.insertWidget(self.first.count() - 1, button)
            typing_key(owner, name, button.click)
        self.wrapped = False

    def keyed(self) -> dict[str, QPushButton]:
        return {"save_row": self.save, **self.marks}

    def retranslate(self, save_words: str = "type.save_row") -> None:
        t = self.t
        self.save.setText(with_key(t, save_words, TYPING_KEYS["save_row"]))
        for mark, button in self.marks.items():
            button.setText(with_key(t, f"type.{mark}", TYPING_KEYS[mark]))
        self._wrap()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._wrap()

    def _wrap(self) -> None:
        buttons = self.keyed().values()
        needed = sum(b.sizeHint().width() for b in buttons) + self.first.spacing() * len(buttons)
        wrap = needed > self.width()
        if wrap == self.wrapped:
            return
        self.wrapped = wrap
        target = self.second if wrap else self.first
        for button in self.marks.values():
            self.first.removeWidget(button)
            self.second.removeWidget(button)
            target.insertWidget(target.count() - 1, button)
        self.updateGeometry()
