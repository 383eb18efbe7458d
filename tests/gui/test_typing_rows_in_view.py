"""The saved-rows list under the typing fields keeps the row just saved in view, at the
window's default size (1180 x 760), in both typings (a new user's run-through: the
newest row was below the list's edge after each save). Keys only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures import double_entry
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.workspaces.typing_rows import RowsTable
from tests.gui.conftest import Answers
from tests.gui.test_double_entry import start_second_typing
from tests.gui.test_double_entry import type_row as type_second_row
from tests.gui.test_main_window import make_window
from tests.gui.test_typing_keys import CTRL, open_sheet, press, seed, type_row, type_text

DEFAULT_SIZE = (1180, 760)


def in_view(table: RowsTable, number: int) -> bool:
    """Row `number` of the sheet wholly inside the list's visible part."""
    model = table.model()
    line = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == number)
    shown = table.visualRect(model.index(line, 0))
    return table.viewport().rect().contains(shown)


def test_the_row_just_saved_or_corrected_stays_in_view(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, typist = open_sheet(qtbot, app_paths, rows=12)
    window.resize(*DEFAULT_SIZE)
    qtbot.waitUntil(lambda: window.size().height() == DEFAULT_SIZE[1])
    assert not in_view(typist.table, 1) or not in_view(typist.table, 12), "the list scrolls"
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.row_label.text() == "Row 14"
    assert in_view(typist.table, 13), "the row just saved"
    # A correction of row 1 (F6, Home, Enter): row 1 in view once saved.
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Return)
    assert typist.correcting is not None and typist.correcting.row_number == 1
    press(qtbot, Qt.Key.Key_End)
    type_text("a")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.correcting is None and in_view(typist.table, 1)
    # Typing goes on: the next row saved is in view again.
    type_row(qtbot, "Jan", "Weber", "jan@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.row_label.text() == "Row 15" and in_view(typist.table, 14)


def test_the_second_typings_row_just_saved_stays_in_view(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    sheet_id = seed(app_paths, rows=0)
    with SignatureStore.open(app_paths) as store:  # typed twice up to row 12, then off
        slug = store.sheet(sheet_id).event_slug
        double_entry.set_double_entry(store, slug, True)
        for n in range(1, 13):
            signer = SignerInput(f"Name{n}", f"Family{n}", city="Köln", country="DE")
            store.add_row(sheet_id, n, signer)
            double_entry.add_second_row(store, sheet_id, n, signer)
        double_entry.set_double_entry(store, slug, False)
    window = make_window(qtbot, app_paths)
    window.resize(*DEFAULT_SIZE)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert typist.row_label.text() == "Row 13"
    type_second_row(qtbot, typist, SignerInput("Sara", "Karimi", city="Köln", country="DE"))
    assert typist.row_label.text() == "Row 14" and in_view(typist.table, 13)
