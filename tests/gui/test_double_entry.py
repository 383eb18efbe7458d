"""The double-entry check as volunteers use it: switched on for an event, a sheet typed a
second time blind (keys only), then the differences decided with one key each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.double_entry import second_rows
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.main_window import MainWindow
from actionkit.gui.shortcuts import shortcut_rows
from actionkit.gui.workspaces.second_pass import SecondPass
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from actionkit.gui.workspaces.typing_row import CARRIED, FIELDS
from tests.core.signatures.test_double_entry import PAPER, second_typing
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import click, signatures, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def seed(paths: AppPaths) -> tuple[str, str]:
    """An event with one sheet whose 10 rows were typed once (not what is tested here)."""
    paths.ensure()
    with SignatureStore.open(paths) as store:
        event = store.create_event("Vigil for Narges", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, ("de", "fa"), 1)[0]
        for number, signer in enumerate(PAPER, 1):
            store.add_row(sheet.id, number, signer, entered_by="first")
    return event.slug, sheet.id


def select_event(qtbot: QtBot, page: SignaturesWorkspace) -> None:
    """A click on the event's row in the events table."""
    table = page.event_table
    rect = table.visualRect(page.events.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_event() is not None


def shown_texts(widget: QWidget) -> str:
    """Every word the page shows: labels, fields, buttons and its tables' cells."""
    texts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in widget.findChildren(QLineEdit) if w.isVisible()]
    texts += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisible()]
    for table in widget.findChildren(QTableView):
        model = table.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                texts.append(str(model.index(row, column).data() or ""))
    return "\n".join(texts)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_row(qtbot: QtBot, typist: SecondPass, signer: SignerInput) -> None:
    """One row by keys, as in the first typing: a name and the email, each then Enter;
    city, postcode and country are carried (from the event, then from this typist's own
    previous row), so Enter skips them, and a carried one the paper says otherwise is
    reached with Tab and typed over; consent by Ctrl+Space from the email field when it
    is not already as the paper says (a scanned sheet starts it from the photo's tick);
    Enter on the consent toggle saves."""
    assert focused() is typist.fields["first_name"]
    for name in ("first_name", "last_name", "email"):
        assert focused() is typist.fields[name]
        type_text(focused(), getattr(signer, name))
        if name == "email" and typist.consent.isChecked() is not signer.consent:
            qtbot.keyClick(focused(), Qt.Key.Key_Space, CTRL)
        if name != "email":
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
    other = [n for n in CARRIED if typist.fields[n].text() != getattr(signer, n)]
    if other:
        for name in CARRIED:
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
            assert focused() is typist.fields[name]
            if name in other:  # Tab selected the carried text: typing replaces it
                type_text(focused(), getattr(signer, name))
                if not getattr(signer, name):
                    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    else:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # past the carried fields
    assert focused() is typist.consent
    assert typist.consent.isChecked() is signer.consent
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def start_second_typing(qtbot: QtBot, window: MainWindow) -> tuple[SignaturesWorkspace, SecondPass]:
    page = signatures(window)
    select_event(qtbot, page)
    assert not page.second_button.isEnabled()  # nothing to type twice yet
    click(qtbot, page.double_entry)
    assert page.double_entry.isChecked() and page.second_button.isEnabled()
    click(qtbot, page.second_button)
    typist = page.second_pass
    assert page.tabs.currentWidget() is typist
    return page, typist


def test_a_second_typing_with_two_differences_is_decided_by_two_keys(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    slug, sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    page, typist = start_second_typing(qtbot, window)
    with SignatureStore.open(app_paths) as store:
        assert store.event(slug).double_entry

    assert focused() is typist.sheet_id
    qtbot.keyClicks(typist.sheet_id, sheet_id.lower().replace("-", " "))
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    typed = second_typing(PAPER)
    for number, signer in enumerate(typed, 1):
        assert typist.row_label.text() == f"Row {number}"
        # Carried: the event's city first, then what this typist's own last row said.
        carried = typed[number - 2] if number > 1 else SignerInput("-", city="Köln")
        assert [typist.fields[n].text() for n in CARRIED] == [getattr(carried, n) for n in CARRIED]
        # Blind: no value of the first typing that the second typist has not typed yet.
        shown = shown_texts(typist)
        assert "Fernández" not in shown
        for later in PAPER[number - 1 :]:
            for value in (later.first_name, later.last_name, later.email):
                assert not value or value not in shown, (number, value)
        type_row(qtbot, typist, signer)
        if number == 1:  # said "1 rows"
            assert (
                typist.sheet_state.text()
                == f"Sheet {isolated(sheet_id)}: 1 row typed a second time"
            )
    assert typist.sheet_state.text() == f"Sheet {isolated(sheet_id)}: 10 rows typed a second time"
    assert "Fernández" not in shown_texts(typist)

    for _ in range(len(FIELDS) + 1):  # Tab through the row's fields and consent
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is typist.compare_button
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    compare = typist.comparing
    seen: list[object] = []
    for key in (Qt.Key.Key_2, Qt.Key.Key_1):  # row 4: the second typing; row 7: the first
        seen.append(compare.heading.text())
        marked = {
            name
            for name, (_, first, second) in compare.cells.items()
            if first.property("differs") and second.property("differs")
        }
        seen.append(sorted(marked))
        qtbot.keyClick(focused(), key)
    assert seen == [
        "Row 4: difference 1 of 2",
        ["last_name"],
        "Row 7: difference 2 of 2",
        ["consent"],
    ]
    assert compare.done.isVisible()
    assert compare.done.text() == (
        f"Sheet {isolated(sheet_id)} is checked: 10 rows typed twice, 8 agree, 2 decided."
    )
    assert not compare.keep_first.isVisible()

    with SignatureStore.open(app_paths) as store:
        rows = {s.row_number: s for s in store.signatures(slug)}
    assert rows[4].last_name == "Fernandez"  # corrected to the second typing
    assert rows[7].consent is True  # the first typing kept
    assert [rows[n].first_name for n in range(1, 11)] == [p.first_name for p in PAPER]
    # The events table counts the same 10 rows.
    assert page.events.item(0, 5).text() == "10"


def test_the_compared_values_are_side_by_side_and_a_missing_row_says_so(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    _, sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    type_row(qtbot, typist, PAPER[0])
    click(qtbot, typist.compare_button)

    compare = typist.comparing
    assert compare.heading.text() == "Row 2: difference 1 of 9"
    field, first, second = compare.cells["last_name"]
    assert (field.text(), first.text(), second.text()) == ("Last name", "Weber", "(not typed)")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # back to typing, nothing decided
    assert focused() is typist.fields["first_name"]
    assert typist.row_label.text() == "Row 2"


def test_the_second_typist_types_a_row_again_before_comparing(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    _, sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    type_row(qtbot, typist, SignerInput("Sarah", "Karimi", consent=True))
    # Row 1 in the table of this typing: Enter on it loads it into the fields again.
    table = typist.table
    rect = table.visualRect(typist.rows.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert typist.row_label.text() == "Row 1 again"
    assert typist.fields["first_name"].text() == "Sarah"
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    type_text(focused(), "Sara")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # Ctrl+Enter saves from any field
    assert typist.row_label.text() == "Row 2"
    assert typist.rows.rowCount() == 1
    assert typist.rows.index(0, 1).data() == "Sara"
    assert typist.consent.isChecked() is False  # emptied for the next signer

    # Escape leaves a row loaded to be typed again as it was saved.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    type_text(focused(), "xyz")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert typist.row_label.text() == "Row 2"
    assert typist.fields["first_name"].text() == ""
    assert typist.rows.index(0, 1).data() == "Sara"


def test_the_second_typing_answers_to_the_first_typings_keys_and_carries_blind(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    """The same row as the first typing: the email suggestion taken with Down, consent
    by Ctrl+Space, Ctrl+Enter saves, Ctrl+Shift+I saves an illegible paper row. What is
    carried comes from the event, never from the first typing's rows (whose last row says
    Bonn). Fails on the old second typing, which had none of these keys."""
    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln", country="DE")
        sheet_id = store.create_sheets(event.slug, ("de",), 1)[0].id
        store.add_row(sheet_id, 1, SignerInput("Jan", "Weber", city="Bonn", postal_code="53111"))
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert [typist.fields[n].text() for n in CARRIED] == ["Köln", "", "DE"]
    shown = shown_texts(typist)
    assert "Bonn" not in shown and "53111" not in shown and "Weber" not in shown

    for text in ("Sara", "Karimi"):
        type_text(focused(), text)
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    type_text(focused(), "sara@gmial.com")
    hint = typist.row.email_hint
    qtbot.waitUntil(hint.isVisible, timeout=3000)  # after a short pause in typing
    assert "Did you mean sara@gmail.com?" in hint.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert typist.fields["email"].text() == "sara@gmail.com"
    qtbot.keyClick(focused(), Qt.Key.Key_Space, CTRL)
    assert typist.consent.isChecked()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert typist.row_label.text() == "Row 2" and focused() is typist.fields["first_name"]

    qtbot.keyClick(focused(), Qt.Key.Key_I, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert typist.row_label.text() == "Row 3"
    with SignatureStore.open(app_paths) as store:
        second = second_rows(store, sheet_id)
    assert second[1].email == "sara@gmail.com" and second[1].consent is True
    assert second[1].city == "Köln" and second[1].country == "DE"
    assert second[2].flags == frozenset({"illegible"})
    assert typist.rows.index(1, len(FIELDS) + 2).data() == "illegible"


def test_the_comparison_keys_are_in_the_shortcuts_list() -> None:
    listed = shortcut_rows(Translator("en"))
    assert ("1", "Comparing two typings: keep the first") in listed
    assert ("2", "Comparing two typings: keep the second") in listed
    assert any(keys == "Esc" and text.startswith("Second typing") for keys, text in listed)
