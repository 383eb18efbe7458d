"""A photo dropped on a person, cropped with the mouse and the keys, credited; cropped again
later. Through the real widgets: Qt's own drag-and-drop events on the table and the
details, mouse drags and key presses on the crop frame, the real buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.workspaces.people import PHOTO_URL, PeopleWorkspace
from actionkit.gui.workspaces.person_edit import PhotoDialog
from actionkit.gui.workspaces.photo_crop import CropView
from tests.gui.conftest import Accepted, Answers
from tests.gui.test_people import click_row, people_page

SQUARE = (800, 200, 960, 400)  # where the face is, in pixels of a 1000 x 800 picture


def _picture(path: Path) -> Path:
    image = Image.new("RGB", (1000, 800), (40, 120, 60))
    draw = ImageDraw.Draw(image)
    draw.rectangle((SQUARE[0], SQUARE[1], SQUARE[2] - 1, SQUARE[3] - 1), fill=(200, 30, 30))
    draw.ellipse((840, 240, 920, 340), fill=(240, 200, 60))
    image.save(path)
    return path


def drop_file(widget: QWidget, position: QPoint, path: Path) -> bool:
    """What the desktop sends when a file is dragged over `widget` and let go; True when
    the widget took the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position, action, mime, button, modifiers)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(position), action, mime, button, modifiers)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def drag(qtbot: QtBot, view: CropView, start: QPointF, end: QPointF) -> None:
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(view, left, pos=start.toPoint())
    middle = (start + end) / 2
    qtbot.mouseMove(view, middle.toPoint())
    qtbot.mouseMove(view, end.toPoint())
    qtbot.mouseRelease(view, left, pos=end.toPoint())


def frame_to_the_face(qtbot: QtBot, view: CropView) -> None:
    """Shrink the frame from its top-left corner, then drag it onto the face."""
    frame = view.frame
    target_width = SQUARE[2] - SQUARE[0]
    corner = view.frame_on_screen().topLeft()
    new_corner = view.to_screen(
        QPointF(frame.right() - target_width, frame.bottom() - target_width * 5 / 4)
    )
    drag(qtbot, view, corner, new_corner)
    assert view.frame.width() == pytest.approx(target_width, abs=6)
    centre = view.frame_on_screen().center()
    face = view.to_screen(QPointF((SQUARE[0] + SQUARE[2]) / 2, (SQUARE[1] + SQUARE[3]) / 2))
    drag(qtbot, view, centre, face)


def test_a_photo_dropped_on_a_row_is_cropped_to_the_face_and_credited(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Sepideh")
    assert not page.selected_people(), "nobody is selected: the row dropped on decides"
    picture = _picture(tmp_path / "face.png")
    seen: dict[str, Any] = {}

    def crop_and_credit(dialog: Any) -> int:
        assert isinstance(dialog, PhotoDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert not dialog.ok.isEnabled(), "no photo without its credit and licence"
        frame_to_the_face(qtbot, dialog.crop_view)
        # Arrow keys move it too: two steps right, two back.
        before = dialog.crop_view.frame.left()
        for key in (Qt.Key.Key_Right, Qt.Key.Key_Right):
            qtbot.keyClick(dialog.crop_view, key)
        seen["moved"] = dialog.crop_view.frame.left() - before
        for key in (Qt.Key.Key_Left, Qt.Key.Key_Left):
            qtbot.keyClick(dialog.crop_view, key)
        dialog.crop_view.grab().save(str(tmp_path / "crop-dialog.png"))
        qtbot.keyClicks(dialog.credit, "Local group Cologne")
        qtbot.keyClicks(dialog.licence, "CC BY 4.0")
        assert dialog.ok.isEnabled()
        return Accepted

    answers.dialogs.append(crop_and_credit)
    row = page.table.visualRect(page.proxy.index(0, 0)).center()
    person_id = page.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert drop_file(page.table.viewport(), row, picture)
    assert not answers.dialogs, "the photo dialog was shown"
    assert seen["moved"] == pytest.approx(20, abs=0.5)  # 1% of the longer side a press
    person = page.loaded.get(person_id)
    assert person is not None and person.photo is not None
    assert page.selected_people()[0].id == person_id
    assert (person.photo.credit, person.photo.licence) == ("Local group Cologne", "CC BY 4.0")
    crop = person.photo.crop
    assert crop is not None
    wanted = (0.8, 0.25, 0.96, 0.5)
    assert (crop.left, crop.top, crop.right, crop.bottom) == pytest.approx(wanted, abs=0.012)
    assert page.store.photo_file(person) is not None
    assert page.crop_button.isVisible(), "a photo can be cropped again"
    # The details show the part that prints, with its credit: red, the face in the middle.
    assert "Local group Cologne" in page.detail.toPlainText()
    shown = page.detail.document().resource(
        QTextDocument.ResourceType.ImageResource.value, PHOTO_URL
    )
    assert isinstance(shown, QImage) and not shown.isNull()
    middle = shown.pixelColor(shown.width() // 2, shown.height() // 2)
    corner = shown.pixelColor(2, 2)
    assert middle.red() > 200 and middle.green() > 150 and middle.blue() < 120, "the face"
    assert corner.red() > 150 and corner.green() < 80, "green from beside the square is shown"


def test_crop_photo_later_with_the_keys(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Sepideh")
    click_row(qtbot, page, 0)
    person = page.selected_people()[0]
    assert page.crop_button.isHidden(), "no photo yet, nothing to crop"
    # Attaching is not what this test is about: the plain operation does it.
    assert page.attach_photo(person.id, _picture(tmp_path / "face.png"), "Local group", "CC0")
    assert page.crop_button.isVisible()
    before = page.loaded.get(person.id)
    assert before is not None and before.photo is not None and before.photo.crop is None

    def smaller_and_right(dialog: Any) -> int:
        assert isinstance(dialog, PhotoDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        view = dialog.crop_view
        width = view.frame.width()
        for _ in range(3):
            qtbot.keyClick(view, Qt.Key.Key_Minus)
        assert view.frame.width() == pytest.approx(width / 1.05**3)
        for _ in range(3):
            qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        return Accepted

    answers.dialogs.append(smaller_and_right)
    qtbot.mouseClick(page.crop_button, Qt.MouseButton.LeftButton)
    assert not answers.dialogs, "the crop dialog was shown"
    after = page.loaded.get(person.id)
    assert after is not None and after.photo is not None and after.photo.crop is not None
    crop = after.photo.crop
    # The whole-height frame (640 px of 1000) shrank to 553 px and went to the right edge.
    assert crop.right == pytest.approx(1.0)
    assert crop.right - crop.left == pytest.approx(0.64 / 1.05**3, abs=0.002)
    assert (crop.bottom - crop.top) * 800 / ((crop.right - crop.left) * 1000) == pytest.approx(
        5 / 4, abs=0.01
    )
    assert (after.photo.credit, after.photo.licence) == ("Local group", "CC0")


def test_a_file_that_is_no_photo_dropped_on_the_details_is_refused_with_the_reason(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Sepideh")
    click_row(qtbot, page, 0)
    person = page.selected_people()[0]
    notes = tmp_path / "notes.png"
    notes.write_text("not a picture")
    viewport = page.detail.viewport()
    assert drop_file(viewport, viewport.rect().center(), notes)
    assert "notes.png" in answers.message_texts()
    assert all(m.plain for m in answers.messages)
    updated = page.loaded.get(person.id)
    assert updated is not None and updated.photo is None


def test_a_photo_dropped_on_the_details_goes_to_the_selected_person(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Sepideh")
    click_row(qtbot, page, 0)
    person = page.selected_people()[0]

    def credit(dialog: Any) -> int:
        qtbot.keyClicks(dialog.credit, "Local group")
        qtbot.keyClicks(dialog.licence, "CC BY 4.0")
        return Accepted

    answers.dialogs.append(credit)
    viewport = page.detail.viewport()
    assert drop_file(viewport, viewport.rect().center(), _picture(tmp_path / "face.png"))
    updated = page.loaded.get(person.id)
    assert updated is not None and updated.photo is not None
    assert updated.photo.crop is not None  # the frame as first shown: centred, 4:5
    assert isinstance(page, PeopleWorkspace)
