"""The second (double-entry) typing of a scanned sheet shows the row being typed as
photographed, above the fields and moving with the row, and the whole sheet on F4, as
the first typing does (a new user's run-through found no photo there). The photo is
the paper: the first typing's values stay out of sight. Keys and clicks only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures import scans
from actionkit.core.signatures.double_entry import second_rows
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.workspaces.scan_view import SheetImageWindow
from tests.gui.conftest import Answers
from tests.gui.test_double_entry import focused, shown_texts, start_second_typing, type_row
from tests.gui.test_main_window import make_window
from tests.gui.test_scan_typing import (
    PX_PER_MM,
    READINGS,
    UNSURE,
    misread,
    scanned_sheet,
    shown_row,
)
from tests.gui.test_typing_keys import CTRL, press


def test_the_second_typing_shows_the_rows_photo_and_the_whole_sheet(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    sheet_id, scan_id = scanned_sheet(app_paths, READINGS)
    with SignatureStore.open(app_paths) as store:  # typed once already
        store.add_row(sheet_id, 1, SignerInput("Sara", "Karimi", "sara@example.org"))
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    strip = typist.row_scan
    assert not strip.isVisible()  # no sheet open: no photo
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    # Row 1 as photographed, right above the fields (failed before: no photo at all).
    assert typist.row_label.text() == "Row 1"
    assert strip.isVisible() and strip.geometry().bottom() <= typist.row.geometry().top()
    assert shown_row(strip.image) == 1
    assert "Sara" not in shown_texts(typist), "still blind to the first typing"
    # It moves with the row.
    type_row(qtbot, typist, SignerInput("Sara", "Karimi", "sara@example.org", city="Köln"))
    assert typist.row_label.text() == "Row 2"
    assert shown_row(strip.image) == 2
    # F8 answers "Is this right?" for the row on screen, as in the first typing.
    press(qtbot, Qt.Key.Key_F8)
    assert misread(app_paths, scan_id, 2) == "wrong" and strip.answer.isVisible()
    # F4: the whole sheet, row 2 outlined; Esc back to the field the cursor was in.
    press(qtbot, Qt.Key.Key_F4)
    sheet = typist.findChild(SheetImageWindow)
    assert sheet is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sheet)
    assert sheet_id in sheet.windowTitle() and sheet.row_rect is not None
    assert typist.photo.scan is not None
    assert sheet.row_rect.top() == typist.photo.scan.row_boxes[2].y * PX_PER_MM
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    assert not sheet.isVisible()
    qtbot.waitUntil(lambda: focused() is typist.fields["first_name"])


def test_the_second_typing_starts_consent_from_the_photo_and_says_a_disagreement(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    """As in the first typing, through the same code: the photo is the paper. The first
    typist's NO on row 1 is not what the second typing starts from (it failed before:
    consent started at NO and nothing was said)."""
    sheet_id, _ = scanned_sheet(app_paths, READINGS)
    with SignatureStore.open(app_paths) as store:  # typed once, consent read as NO
        store.add_row(sheet_id, 1, SignerInput("Sara", "Karimi", "sara@example.org"))
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    flag = typist.row_scan.flag
    assert typist.consent.isChecked(), "row 1 is ticked on the photo"
    assert not flag.isVisible()
    press(qtbot, Qt.Key.Key_Space, CTRL)  # the typist reads the paper otherwise
    assert not typist.consent.isChecked()
    assert flag.isVisible() and "shows a tick in the consent box" in flag.text()
    press(qtbot, Qt.Key.Key_Space, CTRL)
    assert not flag.isVisible()
    type_row(qtbot, typist, SignerInput("Sara", "Karimi", "sara@example.org", consent=True))
    # Row 2 has no tick on the photo: NO, and a YES typed against it is said.
    assert typist.row_label.text() == "Row 2" and not typist.consent.isChecked()
    press(qtbot, Qt.Key.Key_Space, CTRL)
    assert flag.isVisible() and "The photo shows no tick in the consent box" in flag.text()
    # A row of this typing typed again keeps its saved consent, whatever the photo says.
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Return)
    assert typist.retyping == 1 and typist.consent.isChecked() and not flag.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    assert typist.retyping is None and typist.consent.isChecked(), "row 2's YES stays"
    with SignatureStore.open(app_paths) as store:
        assert second_rows(store, sheet_id)[1].consent is True


def test_the_second_typing_neither_shows_nor_clears_the_first_typists_misread(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    """The second typist sees the reading as it is and can only add a No (F8); taking
    their own No back restores what the first typist kept. Failed before: the first
    typist's No showed, and F8 took it back for everyone."""
    sheet_id, scan_id = scanned_sheet(app_paths, READINGS)
    with SignatureStore.open(app_paths) as store:  # the first typist's answers
        scans.set_misread(store, scan_id, 1, "wrong")
        scans.set_misread(store, scan_id, 2, "right")
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    strip = typist.row_scan
    assert strip.isVisible() and strip.wrong.isVisible() and "F8" in strip.wrong.text()
    assert not strip.wrong.isChecked() and not strip.answer.isVisible(), "not the first's No"
    assert not strip.right.isVisible(), "only a misread can be added here"
    press(qtbot, Qt.Key.Key_F8)
    assert strip.wrong.isChecked() and strip.answer.isVisible()
    assert misread(app_paths, scan_id, 1) == "wrong"
    press(qtbot, Qt.Key.Key_F8)  # this typist's own No taken back: the first's stays
    assert not strip.wrong.isChecked() and not strip.answer.isVisible()
    assert misread(app_paths, scan_id, 1) == "wrong"
    type_row(qtbot, typist, SignerInput("Sara", "Karimi", "sara@example.org", consent=True))
    assert typist.row_label.text() == "Row 2" and not strip.wrong.isChecked()
    qtbot.mouseClick(strip.wrong, Qt.MouseButton.LeftButton)  # a click does what F8 does
    assert misread(app_paths, scan_id, 2) == "wrong"
    qtbot.mouseClick(strip.wrong, Qt.MouseButton.LeftButton)
    assert misread(app_paths, scan_id, 2) == "right", "the first typist's Yes comes back"
    assert typist.fields["first_name"].hasFocus()


def test_the_second_typing_says_what_the_scanner_was_unsure_of(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    sheet_id, _ = scanned_sheet(app_paths, UNSURE)  # row 1: is the consent box ticked?
    with SignatureStore.open(app_paths) as store:  # typed once already
        store.add_row(sheet_id, 1, SignerInput("Sara", "Karimi", "sara@example.org"))
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    qtbot.keyClicks(typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    title = typist.row_scan.title
    assert typist.row_label.text() == "Row 1" and title.isVisible()
    assert title.text() == (
        "Photo, row 1: filled · consent box not ticked · unsure: is the consent box "
        "ticked? Check it on the sheet."
    )
    type_row(qtbot, typist, SignerInput("Sara", "Karimi", "sara@example.org", city="Köln"))
    assert typist.row_label.text() == "Row 2" and "unsure" not in title.text()
