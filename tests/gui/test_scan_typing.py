"""Typing a sheet with its photo in view (issue 18): the row's handwriting above the fields.

The sheet is printed by the app (so the store keeps its layout); its "photo" is a
page the test paints at the scanner's resolution, each row's fields in a grey of
its own, so the row image on screen says which row it shows. Keys and clicks only;
what was kept is read back from the store.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.scan import PageScan, RowReading
from actionkit.core.signatures import scans
from actionkit.core.signatures.sheets_pdf import print_new_sheets
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.scan_view import FitImage, SheetImageWindow
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from actionkit.gui.workspaces.transcribe import Transcriber
from tests.gui.conftest import Answers
from tests.gui.layout_checks import clipped
from tests.gui.test_main_window import make_window, use_language
from tests.gui.test_typing_keys import CTRL, press, type_row, type_sheet, type_text

PX_PER_MM = 8
ROW_GREY = {1: 40, 2: 90, 3: 140, 4: 190}  # each row's fields painted in a grey of its own


def scanned_sheet(paths: AppPaths, readings: list[RowReading]) -> tuple[str, int]:
    """An event with one printed sheet (its layout kept) and a scan of it: its id, the scan's."""
    paths.ensure()
    with SignatureStore.open(paths) as store:
        event = store.create_event("Vigil for Narges", "2026-12-10", city="Köln", country="DE")
        sheets, _ = print_new_sheets(store, event.slug, io.BytesIO(), count=1, url="")
        sheet_id = sheets[0].id
        layout = scans.sheet_layout(store, sheet_id)
        assert layout is not None
        page = np.full(
            (round(layout.height * PX_PER_MM), round(layout.width * PX_PER_MM), 3), 250, np.uint8
        )
        for printed in layout.rows:
            grey = ROW_GREY.get(printed.number, 230)
            for key in scans.ROW_IMAGE_FIELDS:
                box = printed.fields[key]
                y0, y1 = round(box.y * PX_PER_MM), round(box.bottom * PX_PER_MM)
                x0, x1 = round(box.x * PX_PER_MM), round(box.right * PX_PER_MM)
                for y in range(y0, y1, 6):  # lines as wide as a pen's, on the paper
                    page[y : min(y + 3, y1), x0:x1] = grey
        boxes = {r.number: r.rect for r in layout.rows}
        photo = PageScan("IMG_2041.jpg", sheet_id, None, image=page, rows=readings, row_boxes=boxes)
        stored = scans.add_scan(store, photo)
    return sheet_id, stored.id


def open_scanned(
    qtbot: QtBot, paths: AppPaths, readings: list[RowReading]
) -> tuple[MainWindow, Transcriber, str, int]:
    sheet_id, scan_id = scanned_sheet(paths, readings)
    window, typist = type_sheet(qtbot, paths, sheet_id)
    return window, typist, sheet_id, scan_id


def shown_row(view: FitImage) -> int:
    """Which row an image on screen shows: the darkest grey around its middle. Each
    row's fields are ruled in lines of a grey of its own, as wide as a pen's; a row's
    image shows the paper white (scans.PAPER_WHITE) and the lines in proportion."""
    assert view.isVisible() and not view.pixmap.isNull()
    picture = view.grab().toImage()
    centre = view.shown_rect().center().toPoint()
    darkest = min(picture.pixelColor(centre.x(), centre.y() + dy).red() for dy in range(-6, 6))
    scale = scans.PAPER_WHITE / 250
    return min(ROW_GREY, key=lambda n: abs(ROW_GREY[n] * scale - darkest))


def misread(paths: AppPaths, scan_id: int, row: int) -> str:
    with SignatureStore.open(paths) as store:
        reading = scans.scan(store, scan_id).row(row)
        assert reading is not None
        return reading.misread


READINGS = [
    RowReading(1, filled=True, ticked=True, crossed_out=False),
    RowReading(2, filled=True, ticked=False, crossed_out=False),
    RowReading(3, filled=True, ticked=True, crossed_out=True),
    RowReading(4, filled=False, ticked=False, crossed_out=False),
]


def test_the_row_image_sits_above_the_fields_and_follows_the_row(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist, _, _ = open_scanned(qtbot, app_paths, READINGS)
    strip = typist.row_scan
    assert strip.isVisible()
    assert strip.geometry().bottom() <= typist.row.geometry().top()  # right above the fields
    assert shown_row(typist.row_scan.image) == 1
    assert "row 1" in strip.title.text() and "filled" in strip.title.text()
    assert "IMG_2041.jpg" in strip.title.toolTip()  # which photo it is
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)  # saved: the next row, and its image
    assert typist.row_label.text() == "Row 2"
    assert shown_row(typist.row_scan.image) == 2
    # Correcting row 1 shows row 1 again; leaving the correction goes back to row 2.
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Return)
    assert typist.correcting is not None and shown_row(typist.row_scan.image) == 1
    press(qtbot, Qt.Key.Key_Escape)
    assert typist.correcting is None and shown_row(typist.row_scan.image) == 2


def test_a_row_saved_with_the_photo_in_view_keeps_the_scan(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, _, sheet_id, scan_id = open_scanned(qtbot, app_paths, READINGS)
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    with SignatureStore.open(app_paths) as store:
        kept = store.conn.execute(
            "SELECT scan_id FROM signatures WHERE sheet_id = ? AND row_number = 1", (sheet_id,)
        ).fetchone()
    assert kept is not None and kept[0] == scan_id


def test_consent_starts_as_the_tick_and_a_disagreement_is_said(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist, _, _ = open_scanned(qtbot, app_paths, READINGS)
    flag = typist.row_scan.flag
    assert typist.consent.isChecked(), "row 1 is ticked on the photo"
    assert not flag.isVisible()
    press(qtbot, Qt.Key.Key_Space, CTRL)  # the typist reads the paper otherwise
    assert not typist.consent.isChecked()
    assert flag.isVisible() and "shows a tick in the consent box" in flag.text()
    press(qtbot, Qt.Key.Key_Space, CTRL)
    assert not flag.isVisible()
    type_row(qtbot, "Sara", "Karimi")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.row_label.text() == "Row 2" and not typist.consent.isChecked()
    assert not flag.isVisible()
    press(qtbot, Qt.Key.Key_Space, CTRL)
    assert flag.isVisible() and "The photo shows no tick in the consent box" in flag.text()
    # What the typist set stays while the row is typed (a dialog, the paper count...).
    type_row(qtbot, "Jan", "Weber")
    press(qtbot, Qt.Key.Key_F7)
    press(qtbot, Qt.Key.Key_Return)
    assert typist.consent.isChecked()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    with SignatureStore.open(app_paths) as store:
        assert {s.row_number: s.consent for s in store.signatures()} == {1: True, 2: True}
    # In the rows table, the row typed against the photo's tick stays marked.
    checks = [typist.rows.item(r, typist.rows.columnCount() - 1).text() for r in range(2)]
    assert "photo" not in checks[0] and checks[1].endswith("⚠ photo: no tick")
    marks = typist.rows.columnCount() - 1
    assert typist.table.columnWidth(marks) >= typist.table.sizeHintForColumn(marks), "not cut"
    # Row 3 is crossed out on the photo: said so, and its consent starts at NO.
    assert typist.row_label.text() == "Row 3"
    assert flag.isVisible() and flag.text() == (
        "Row 3 is crossed out on the photo: if the paper agrees, save it with"
        " Empty row (Ctrl+Shift+E)."
    )
    assert "crossed out" in typist.row_scan.title.text()
    assert not typist.consent.isChecked()


def test_is_this_right_is_kept_with_the_scans_row(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, typist, sheet_id, scan_id = open_scanned(qtbot, app_paths, READINGS)
    strip = typist.row_scan
    assert misread(app_paths, scan_id, 1) == ""
    qtbot.mouseClick(strip.wrong, Qt.MouseButton.LeftButton)
    assert misread(app_paths, scan_id, 1) == "wrong"
    assert strip.wrong.isChecked() and not strip.right.isChecked()
    assert typist.fields["first_name"].hasFocus(), "the answer takes no focus from the row"
    qtbot.mouseClick(strip.right, Qt.MouseButton.LeftButton)
    assert misread(app_paths, scan_id, 1) == "right"
    assert strip.right.isChecked() and not strip.wrong.isChecked()
    qtbot.mouseClick(strip.right, Qt.MouseButton.LeftButton)  # taken back
    assert misread(app_paths, scan_id, 1) == ""
    press(qtbot, Qt.Key.Key_F8)  # the same from the keyboard
    assert misread(app_paths, scan_id, 1) == "wrong" and strip.wrong.isChecked()
    assert "F8" in strip.wrong.text()
    window.close()
    # Opened again later: the answer is there.
    typist, _ = open_again(qtbot, app_paths, sheet_id)
    assert typist.row_scan.wrong.isChecked()
    assert misread(app_paths, scan_id, 2) == ""


def open_again(
    qtbot: QtBot, paths: AppPaths, sheet_id: str, window: MainWindow | None = None
) -> tuple[Transcriber, str]:
    window = window or make_window(qtbot, paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    page.tabs.setCurrentIndex(1)
    typist = page.transcriber
    qtbot.mouseClick(typist.sheet_id, Qt.MouseButton.LeftButton)
    type_text(sheet_id)
    press(qtbot, Qt.Key.Key_Return)
    return typist, sheet_id


def test_f4_shows_the_whole_sheet_and_esc_closes_it(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist, sheet_id, _ = open_scanned(qtbot, app_paths, READINGS)
    assert "F4" in typist.row_scan.whole_button.text()
    assert "F4" in typist.row_scan.whole_button.toolTip()
    type_text("Sa")
    press(qtbot, Qt.Key.Key_F4)
    window = typist.findChild(SheetImageWindow)
    assert window is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert sheet_id in window.windowTitle()
    assert not window.pixmap.isNull() and window.pixmap.width() > window.pixmap.height()
    assert window.picture.pixmap().width() <= window.scroller.viewport().width()  # fitted
    window.resize(520, 360)  # a small window: the row is below what first shows
    qtbot.mouseClick(window.zoom_button, Qt.MouseButton.LeftButton)  # its own size...
    assert window.picture.pixmap().size() == window.pixmap.size()
    row_1 = typist.photo.scan.row_boxes[1] if typist.photo.scan else None
    assert row_1 is not None
    scrolled = window.scroller.verticalScrollBar().value()
    top, bottom = row_1.y * PX_PER_MM, row_1.bottom * PX_PER_MM
    assert 0 < scrolled <= top and bottom <= scrolled + window.scroller.viewport().height()
    qtbot.mouseClick(window.zoom_button, Qt.MouseButton.LeftButton)  # ...and fitted again
    assert window.picture.pixmap().width() <= window.scroller.viewport().width()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    qtbot.waitUntil(lambda: typist.fields["first_name"].hasFocus())
    assert typist.fields["first_name"].text() == "Sa", "the typing goes on where it was"
    # The button opens it too, and F4 there closes it again.
    qtbot.mouseClick(typist.row_scan.whole_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert not window.isVisible()
    qtbot.waitUntil(lambda: typist.fields["first_name"].hasFocus())
    press(qtbot, Qt.Key.Key_F4)  # from the typing, F4 opens it and closes it again
    qtbot.waitUntil(window.isVisible)
    press(qtbot, Qt.Key.Key_F4)
    assert not window.isVisible()


def test_a_sheet_without_a_photo_shows_no_photo_strip(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from tests.gui.test_typing_keys import open_sheet

    _, typist = open_sheet(qtbot, app_paths)
    assert not typist.row_scan.isVisible()
    press(qtbot, Qt.Key.Key_F4)  # nothing to show: nothing opens
    assert typist.findChild(SheetImageWindow) is None
    type_row(qtbot, "Sara", "Karimi")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    with SignatureStore.open(app_paths) as store:
        assert store.conn.execute("SELECT scan_id FROM signatures").fetchone()[0] is None


@pytest.mark.parametrize("language", ["fa", "de"])
def test_the_photo_strip_lays_out_in_persian_and_german(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, language: str
) -> None:
    use_language(app_paths, language)
    window, typist, _, _ = open_scanned(qtbot, app_paths, READINGS)
    window.resize(1024, 700)
    QApplication.processEvents()
    rtl = language == "fa"
    assert (window.layoutDirection() == Qt.LayoutDirection.RightToLeft) == rtl
    strip = typist.row_scan
    assert strip.isVisible() and strip.image.width() > 600
    assert shown_row(typist.row_scan.image) == 1
    assert clipped(typist) == []
    press(qtbot, Qt.Key.Key_Space, CTRL)
    assert strip.flag.isVisible() and clipped(typist) == []
    assert typist.table.height() > 60, "the rows table keeps some room"


def test_the_idle_lock_closes_the_whole_sheets_window(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.signatures.lock import lock_store
    from actionkit.core.signatures.store import STORE_FILE

    sheet_id, _ = scanned_sheet(app_paths, READINGS)
    passphrase = "correct horse battery staple"
    lock_store(app_paths.data_dir / STORE_FILE, passphrase)
    answers.texts.append(passphrase)
    window = make_window(qtbot, app_paths)
    window.start_idle_lock()
    assert window.idle is not None
    typist, _ = open_again(qtbot, app_paths, sheet_id, window)
    assert typist.row_scan.isVisible()
    press(qtbot, Qt.Key.Key_F4)
    sheet_window = typist.findChild(SheetImageWindow)
    assert sheet_window is not None
    qtbot.waitUntil(sheet_window.isVisible)
    window.idle.timer.timeout.emit()  # stands in for ten quiet minutes
    assert not sheet_window.isVisible() and sheet_window.pixmap.isNull()


def test_the_photo_strip_follows_a_language_switch(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from tests.gui.test_language_switch_keys import _switch

    window, typist, _, _ = open_scanned(qtbot, app_paths, READINGS)
    press(qtbot, Qt.Key.Key_Space, CTRL)  # consent NO against the tick: flagged
    _switch(qtbot, window, "de")
    window.show_workspace(2)
    strip = typist.row_scan
    assert strip.title.text() == "Foto, Zeile 1: ausgefüllt · Einwilligung angekreuzt"
    assert strip.flag.text().startswith("Auf dem Foto ist das Feld für die Einwilligung")
    assert strip.question.text() == "Stimmt das?" and "Ganzer Bogen" in strip.whole_button.text()


def test_after_a_purge_the_open_sheet_shows_no_photo(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.signatures.export import export_xlsx
    from actionkit.core.signatures.presets import load_presets

    window, typist, sheet_id, _ = open_scanned(qtbot, app_paths, READINGS)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    assert typist.row_scan.isVisible()
    type_row(qtbot, "Sara", "Karimi")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    with SignatureStore.open(app_paths) as store:  # handed off first, as purging requires
        preset = load_presets(app_paths.config_dir)["generic"]
        export_xlsx(store, io.BytesIO(), preset, event="2026-12-10-koln")
    with qtbot.waitSignal(page.purged, timeout=30_000):
        page.purge_event("2026-12-10-koln")  # the operation the Purge button confirms
    assert not typist.row_scan.isVisible() and typist.photo.scan is None
    with SignatureStore.open(app_paths) as store:
        assert scans.scans_of(store, sheet_id) == []


UNSURE = [
    RowReading(1, filled=True, ticked=False, crossed_out=False, doubts=("ticked",)),
    RowReading(2, filled=True, ticked=True, crossed_out=False),
    RowReading(3, filled=True, ticked=False, crossed_out=False, doubts=("filled", "covered")),
]
UNSURE_WORDS = {
    "en": "unsure: is the consent box ticked? Check it on the sheet.",
    "fa": "نامطمئن: \u2068خانهٔ اجازه تماس تیک خورده است؟\u2069 روی برگه بررسی کنید.",
}


def shown_whole(label: QLabel) -> bool:
    """A wrapping label has the height its text needs at its width."""
    return label.isVisible() and label.height() >= label.heightForWidth(label.width())


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_row_the_scanner_was_unsure_of_says_so_while_it_is_typed(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, language: str
) -> None:
    # A new user found the scanner's doubt about a row only once, in the results window;
    # the typist, who has the paper at hand, was told nothing while typing the row.
    use_language(app_paths, language)
    window, typist, _, _ = open_scanned(qtbot, app_paths, UNSURE)
    window.resize(1024, 700)
    QApplication.processEvents()
    title = typist.row_scan.title
    assert UNSURE_WORDS[language] in title.text()
    if language == "en":
        assert title.text() == (
            "Photo, row 1: filled · consent box not ticked · unsure: is the consent box "
            "ticked? Check it on the sheet."
        )
    assert shown_whole(title) and clipped(typist) == []
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "row 2" in title.text() or "ردیف \u20662\u2069" in title.text()
    assert "unsure" not in title.text() and "نامطمئن" not in title.text()  # row 2 was sure
    type_row(qtbot, "Reza", "Ahmadi", "reza@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    if language == "en":
        assert title.text().endswith(
            " · unsure: is it filled in? part of it is covered or in shadow. Check it on the sheet."
        )
    QApplication.processEvents()
    assert shown_whole(title)
