"""Typing past a paper row with nobody on it: the Empty row key (issue 18, session 3).

An empty row between filled ones, or a row the signer crossed out, is saved with the
"blank" mark so the sheet can be complete. Keys and clicks on the real window; what
was kept is read back from the store. Each test fails on the code before the mark:
there was no Empty row button or key, and no hint naming it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.scan import RowReading
from actionkit.core.signatures import double_entry
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.workspaces.transcribe import Transcriber
from tests.gui.conftest import Accepted, Answers
from tests.gui.test_double_entry import start_second_typing
from tests.gui.test_double_entry import type_row as type_second_row
from tests.gui.test_main_window import make_window
from tests.gui.test_scan_typing import open_scanned, scanned_sheet
from tests.gui.test_typing_keys import CTRL, SHIFT, open_sheet, press, type_row, type_text

EMPTY_KEY = (Qt.Key.Key_E, CTRL | SHIFT)


def set_paper_count(qtbot: QtBot, typist: Transcriber, count: int) -> None:
    """F7, the count, Enter: the cursor goes back to the row."""
    press(qtbot, Qt.Key.Key_F7)
    type_text(str(count))
    press(qtbot, Qt.Key.Key_Return)
    assert f"{count} on paper" in typist.sheet_state.text()


def test_the_empty_row_key_types_past_a_row_with_nobody_on_it(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist = open_sheet(qtbot, app_paths)
    set_paper_count(qtbot, typist, 3)
    button = typist.buttons.marks["blank"]
    assert button.isVisible() and button.text() == "Empty row (Ctrl+Shift+E)"
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.row_label.text() == "Row 2"
    press(qtbot, *EMPTY_KEY)
    assert typist.row_label.text() == "Row 3" and typist.fields["first_name"].hasFocus()
    type_row(qtbot, "Jan", "Weber", "jan@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.sheet_state.text() == (
        "3 entered · 3 on paper · complete · 1 illegible, declined or empty"
    )
    with SignatureStore.open(app_paths) as store:
        assert store.sheet(typist.sheet.id if typist.sheet else "").state == "complete"
        kept = {s.row_number: s for s in store.signatures()}
    assert sorted(kept) == [1, 2, 3]
    empty = kept[2]
    assert empty.flags == frozenset({"blank"})
    # Nothing of a signer on it: not the city and country carried from row 1.
    assert (empty.first_name, empty.email, empty.city, empty.country, empty.consent) == (
        "",
        "",
        "",
        "",
        False,
    )
    assert kept[3].city == "Köln", "the carried city goes on to the next row"
    assert typist.rows.item(1, 1).text() == "— empty row —"


def test_a_row_with_typing_is_not_saved_empty(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist = open_sheet(qtbot, app_paths)
    type_text("Sa")
    press(qtbot, *EMPTY_KEY)
    assert typist.problem.isVisible()
    assert typist.problem.text() == (
        "A row marked empty keeps nothing: clear what is typed in it, or save it unmarked."
    )
    assert typist.fields["first_name"].text() == "Sa", "the typing stays"
    with SignatureStore.open(app_paths) as store:
        assert list(store.signatures()) == []
    # Cleared, the row saves as empty; a click on the button does what the key does.
    assert typist.fields["first_name"].hasFocus()
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.mouseClick(typist.buttons.marks["blank"], Qt.MouseButton.LeftButton)
    with SignatureStore.open(app_paths) as store:
        assert [s.flags for s in store.signatures()] == [frozenset({"blank"})]


def test_the_photo_row_empty_or_crossed_out_names_the_key_and_saves_nothing(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    readings = [
        RowReading(1, filled=True, ticked=True, crossed_out=False),
        RowReading(2, filled=False, ticked=False, crossed_out=False),
        RowReading(3, filled=True, ticked=False, crossed_out=True),
        RowReading(4, filled=True, ticked=False, crossed_out=False),
        RowReading(5, filled=False, ticked=False, crossed_out=False),
    ]
    _, typist, sheet_id, _ = open_scanned(qtbot, app_paths, readings)
    flag = typist.row_scan.flag
    assert not flag.isVisible()
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.row_label.text() == "Row 2"
    assert flag.isVisible() and flag.text() == (
        "The photo shows row 2 empty: if the paper agrees, save it with Empty row (Ctrl+Shift+E)."
    )
    with SignatureStore.open(app_paths) as store:
        assert [s.row_number for s in store.signatures()] == [1], "nothing saved by the hint"
    press(qtbot, *EMPTY_KEY)
    assert typist.row_label.text() == "Row 3"
    assert "crossed out" in flag.text() and "Empty row (Ctrl+Shift+E)" in flag.text()
    press(qtbot, *EMPTY_KEY)
    assert typist.row_label.text() == "Row 4" and not flag.isVisible()
    type_row(qtbot, "Jan", "Weber", "jan@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    # Row 5 is empty after the last row written in: the sheet's end, not a row to skip.
    assert typist.row_label.text() == "Row 5" and not flag.isVisible()
    with SignatureStore.open(app_paths) as store:
        kept = {s.row_number: s.flags for s in store.signatures()}
        assert kept == {1: frozenset(), 2: {"blank"}, 3: {"blank"}, 4: frozenset()}
        store.set_paper_count(sheet_id, 4)
        assert store.sheet(sheet_id).state == "complete"


def test_f1_lists_the_empty_row_key(qtbot: QtBot, app_paths: AppPaths, answers: Answers) -> None:
    window = make_window(qtbot, app_paths)
    seen: list[list[str]] = []

    def read(dialog: Any) -> int:
        table = dialog.table
        seen.extend([table.item(r, c).text() for c in range(2)] for r in range(table.rowCount()))
        return Accepted

    answers.dialogs.append(read)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert [
        "Ctrl+Shift+E",
        "Typing a sheet in: save this paper row as empty (nobody on it, or crossed out)",
    ] in seen


def test_the_second_typing_has_the_empty_row_key_and_agrees_with_the_first(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    """The second typist marks the same row empty: the two typings agree (the city and
    country carried from the event are not part of an empty row in either)."""
    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln", country="DE")
        sheet_id = store.create_sheets(event.slug, ("de",), 1)[0].id
        store.add_row(sheet_id, 1, SignerInput(flags=frozenset({"blank"})))
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert typist.fields["city"].text() == "Köln"
    assert typist.buttons.marks["blank"].text() == "Empty row (Ctrl+Shift+E)"
    press(qtbot, *EMPTY_KEY)
    assert typist.row_label.text() == "Row 2"
    assert typist.rows.index(0, typist.rows.columnCount() - 1).data() == "empty row"
    with SignatureStore.open(app_paths) as store:
        assert double_entry.second_rows(store, sheet_id)[1].flags == frozenset({"blank"})
        assert double_entry.differences(store, sheet_id) == []


def test_the_second_typing_names_the_key_for_a_row_the_photo_shows_empty(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    readings = [
        RowReading(1, filled=True, ticked=False, crossed_out=False),
        RowReading(2, filled=False, ticked=False, crossed_out=False),
        RowReading(3, filled=True, ticked=False, crossed_out=False),
    ]
    sheet_id, _ = scanned_sheet(app_paths, readings)
    with SignatureStore.open(app_paths) as store:  # the first typing
        store.add_row(sheet_id, 1, SignerInput("Sara", "Karimi", city="Köln", country="DE"))
        store.add_row(sheet_id, 2, SignerInput(flags=frozenset({"blank"})))
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    flag = typist.row_scan.flag
    assert not flag.isVisible()
    type_second_row(qtbot, typist, SignerInput("Sara", "Karimi", city="Köln", country="DE"))
    assert typist.row_label.text() == "Row 2"
    assert flag.isVisible() and "Empty row (Ctrl+Shift+E)" in flag.text()
    press(qtbot, *EMPTY_KEY)
    assert typist.row_label.text() == "Row 3" and not flag.isVisible()
    with SignatureStore.open(app_paths) as store:
        assert double_entry.differences(store, sheet_id) == []


BLANK_ASK = "The photo shows writing on row {row}. Save it as an empty row anyway?"


def test_empty_row_on_a_row_the_photo_shows_written_asks_first(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    """One stray Ctrl+Shift+E must not drop a signer: on a row the photo shows filled
    (not crossed out), Empty row asks, No keeps the row unsaved. Failed before: saved
    empty with no question."""
    readings = [
        RowReading(1, filled=True, ticked=True, crossed_out=False),
        RowReading(2, filled=False, ticked=False, crossed_out=False),
        RowReading(3, filled=True, ticked=False, crossed_out=True),
        RowReading(4, filled=True, ticked=False, crossed_out=False),
    ]
    _, typist, _, _ = open_scanned(qtbot, app_paths, readings)
    answers.yes = False
    press(qtbot, *EMPTY_KEY)
    assert [m.text for m in answers.messages] == [BLANK_ASK.format(row=1)]
    assert answers.messages[0].title == "Empty row"
    assert typist.row_label.text() == "Row 1"
    with SignatureStore.open(app_paths) as store:
        assert list(store.signatures()) == [], "No: nothing saved"
    answers.yes = True  # the paper agrees: the row is empty after all
    qtbot.mouseClick(typist.buttons.marks["blank"], Qt.MouseButton.LeftButton)
    assert len(answers.messages) == 2 and typist.row_label.text() == "Row 2"
    # Empty or crossed out on the photo: no question.
    press(qtbot, *EMPTY_KEY)
    press(qtbot, *EMPTY_KEY)
    assert len(answers.messages) == 2 and typist.row_label.text() == "Row 4"
    with SignatureStore.open(app_paths) as store:
        assert {s.row_number: s.flags for s in store.signatures()} == {
            1: {"blank"},
            2: {"blank"},
            3: {"blank"},
        }


def test_empty_row_without_a_photo_asks_nothing(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist = open_sheet(qtbot, app_paths)
    press(qtbot, *EMPTY_KEY)
    assert answers.messages == [] and typist.row_label.text() == "Row 2"


def test_the_second_typing_asks_before_an_empty_row_the_photo_shows_written(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    readings = [
        RowReading(1, filled=True, ticked=False, crossed_out=False),
        RowReading(2, filled=False, ticked=False, crossed_out=False),
    ]
    sheet_id, _ = scanned_sheet(app_paths, readings)
    with SignatureStore.open(app_paths) as store:
        store.add_row(sheet_id, 1, SignerInput("Sara", "Karimi", city="Köln", country="DE"))
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    answers.yes = False
    press(qtbot, *EMPTY_KEY)
    assert [m.text for m in answers.messages] == [BLANK_ASK.format(row=1)]
    assert typist.row_label.text() == "Row 1"
    with SignatureStore.open(app_paths) as store:
        assert double_entry.second_rows(store, sheet_id) == {}
    type_second_row(qtbot, typist, SignerInput("Sara", "Karimi", city="Köln", country="DE"))
    press(qtbot, *EMPTY_KEY)  # row 2 is empty on the photo: no question
    assert len(answers.messages) == 1 and typist.row_label.text() == "Row 3"
