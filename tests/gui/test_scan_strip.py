"""The photo strip above the typing fields reads as the fields do (issue 18, a new
user's run-through): on a sheet printed right to left the row's name, email and city
are shown in the typing fields' order, each as written; "Is this right?" shows the
answer given, also when the typist comes back to the row.

The sheet is printed by the app for a Persian-first event (its columns run right to
left); its "photo" is that page with each name, email and city field of row 1 inked
in a colour of its own. Keys and clicks only.
"""

from __future__ import annotations

import io

import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.scan import PageScan
from actionkit.core.signatures import scans
from actionkit.core.signatures.sheets_pdf import print_new_sheets
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.transcribe import Transcriber
from tests.gui.conftest import Answers
from tests.gui.test_language_switch_keys import _switch
from tests.gui.test_scan_typing import READINGS, misread, open_scanned
from tests.gui.test_typing_keys import CTRL, press, type_row, type_sheet

PX_PER_MM = 8
INK = {  # RGB: each field's "handwriting" in a colour of its own
    "first_name": (220, 0, 0),
    "last_name": (0, 170, 0),
    "email": (0, 0, 220),
    "city": (230, 200, 0),
}


def rtl_scanned_sheet(paths: AppPaths) -> tuple[str, int]:
    """A sheet printed for a Persian-first event, and a scan of it whose row 1 has each
    field inked in its colour, in the field's first (left) third."""
    paths.ensure()
    with SignatureStore.open(paths) as store:
        event = store.create_event(
            "Vigil for Narges", "2026-12-10", languages=("fa", "en"), city="Köln"
        )
        sheets, _ = print_new_sheets(store, event.slug, io.BytesIO(), count=1, url="")
        sheet_id = sheets[0].id
        layout = scans.sheet_layout(store, sheet_id)
        assert layout is not None and layout.rtl
        page = np.full(
            (round(layout.height * PX_PER_MM), round(layout.width * PX_PER_MM), 3), 250, np.uint8
        )
        fields = layout.rows[0].fields
        for key, (r, g, b) in INK.items():
            box = fields[key]
            y0, y1 = round((box.y + 1) * PX_PER_MM), round((box.bottom - 1) * PX_PER_MM)
            x0, x1 = round((box.x + 1) * PX_PER_MM), round((box.x + box.w / 3) * PX_PER_MM)
            page[y0:y1, x0:x1] = (b, g, r)  # the scan is BGR
        boxes = {r.number: r.rect for r in layout.rows}
        photo = PageScan("IMG_2041.jpg", sheet_id, None, image=page, rows=READINGS, row_boxes=boxes)
        stored = scans.add_scan(store, photo)
    return sheet_id, stored.id


def open_typing(qtbot: QtBot, paths: AppPaths, sheet_id: str) -> tuple[MainWindow, Transcriber]:
    return type_sheet(qtbot, paths, sheet_id)


def shown_order(typist: Transcriber) -> tuple[list[str], float, float]:
    """The fields in the strip as drawn on screen, left to right by where each colour
    is; and where the image starts and ends in the strip."""
    view = typist.row_scan.image
    assert view.isVisible() and not view.pixmap.isNull()
    picture = view.grab().toImage()
    where: dict[str, list[int]] = {key: [] for key in INK}
    middle = round(view.shown_rect().center().y())
    for y in range(middle - 6, middle + 7, 3):
        for x in range(picture.width()):
            colour = picture.pixelColor(x, y)
            rgb = (colour.red(), colour.green(), colour.blue())
            for key, ink in INK.items():
                if all(abs(a - b) < 50 for a, b in zip(rgb, ink, strict=True)):
                    where[key].append(x)
    assert all(where.values()), where
    order = sorted(where, key=lambda key: sum(where[key]) / len(where[key]))
    shown = view.shown_rect()
    return order, shown.left(), view.width() - shown.right()


def test_a_right_to_left_sheets_row_reads_in_the_typing_fields_order(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: the strip was the row as printed, city at the left and the first
    # name at the right, above fields that run first name, last name, email, city.
    sheet_id, _ = rtl_scanned_sheet(app_paths)
    window, typist = open_typing(qtbot, app_paths, sheet_id)
    order, left, _ = shown_order(typist)
    assert order == ["first_name", "last_name", "email", "city"]
    assert left == 0  # at the start of the line, like the first field
    fields = typist.row.fields
    assert fields["first_name"].x() < fields["city"].x()
    # In Persian the fields run from the right: the strip too, from its right end.
    _switch(qtbot, window, "fa")
    window.show_workspace(2)
    assert fields["first_name"].x() > fields["city"].x()
    order, _, right = shown_order(typist)
    assert order == ["city", "email", "last_name", "first_name"]
    assert right < 1


def test_the_answer_to_is_this_right_is_shown_and_back_with_the_row(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: Yes, No and F8 only toggled a button drawn almost as before; no
    # words said what was kept.
    window, typist, _, scan_id = open_scanned(qtbot, app_paths, READINGS)
    strip = typist.row_scan
    assert not strip.answer.isVisible()
    press(qtbot, Qt.Key.Key_F8)
    assert misread(app_paths, scan_id, 1) == "wrong"
    assert strip.wrong.isChecked() and not strip.right.isChecked()
    assert strip.answer.isVisible()
    assert strip.answer.text().startswith("Marked as misread: kept with this row's reading")
    assert "F8" in strip.answer.text()  # and how to take it back
    checked = strip.wrong.grab().toImage().pixelColor(3, strip.wrong.height() // 2)
    qtbot.mouseClick(strip.right, Qt.MouseButton.LeftButton)
    assert strip.right.isChecked() and not strip.wrong.isChecked()
    assert strip.answer.text() == "Marked as read right: kept with this row's reading."
    unchecked = strip.wrong.grab().toImage().pixelColor(3, strip.wrong.height() // 2)
    assert checked != unchecked, "the chosen answer is drawn otherwise"
    press(qtbot, Qt.Key.Key_F8)  # No after all
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    # Row 2: not answered yet.
    assert typist.row_label.text() == "Row 2"
    assert not strip.wrong.isChecked() and not strip.answer.isVisible()
    # Back to row 1 (correcting it): its answer is shown again.
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Return)
    assert typist.correcting is not None and typist.correcting.row_number == 1
    assert strip.wrong.isChecked() and strip.answer.isVisible()
    assert strip.answer.text().startswith("Marked as misread")
    press(qtbot, Qt.Key.Key_F8)  # taken back: nothing said any more
    assert misread(app_paths, scan_id, 1) == ""
    assert not strip.wrong.isChecked() and not strip.answer.isVisible()
    window.close()
