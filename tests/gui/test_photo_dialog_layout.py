"""The photo dialog as a new volunteer met it: the picture over the "Photo credit" row at
a large font, a grey "CC BY 4.0" that read as filled in, and no way to correct a credit
or licence once the photo was attached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.app import stylesheet
from actionkit.gui.workspaces.person_edit import PhotoDialog
from tests.gui.conftest import Answers
from tests.gui.test_people import click_row, people_page
from tests.gui.test_photo_drop_crop import _picture

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def large_font() -> Iterator[None]:
    """The app's style sheet and a 14 pt font, as on the volunteer's screen."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = QApplication.font(), app.styleSheet()
    bigger = QFont(font)
    bigger.setPointSizeF(14)
    QApplication.setFont(bigger)
    app.setStyleSheet(stylesheet(dark=False))
    yield
    app.setStyleSheet(sheet)
    QApplication.setFont(font)


def in_dialog(dialog: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, widget.rect().topLeft()), widget.size())


@pytest.mark.usefixtures("large_font")
def test_the_picture_never_covers_the_credit_and_licence_rows_on_first_attach(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: the picture (stacked above the fields, in a window capped at
    two thirds of the screen) ran over the "Photo credit" label and under its field."""
    _, page = people_page(qtbot, app_paths)
    click_row(qtbot, page, 0)
    answers.open_paths.append([str(_picture(tmp_path / "face.png"))])
    seen: dict[str, Any] = {}

    def look(dialog: Any) -> int:
        assert isinstance(dialog, PhotoDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        picture = in_dialog(dialog, dialog.crop_view)
        seen["picture"] = picture
        assert dialog.rect().contains(picture)
        minimum = dialog.crop_view.minimumSize()
        assert picture.width() >= minimum.width() and picture.height() >= minimum.height()
        others = [
            w
            for w in dialog.findChildren(QLabel)
            + dialog.findChildren(QLineEdit)
            + dialog.findChildren(QPushButton)
            if w.isVisible()
        ]
        assert len(others) >= 5  # the hint, two labels, two fields (and the buttons)
        for widget in others:
            where = in_dialog(dialog, widget)
            assert not picture.intersects(where), (type(widget).__name__, where, picture)
            assert dialog.rect().contains(where), (type(widget).__name__, where)
        return 0  # cancelled

    answers.dialogs.append(look)
    qtbot.mouseClick(page.photo_button, LEFT)
    assert "picture" in seen, "the photo dialog was shown"


def test_the_licence_shows_an_example_that_cannot_pass_for_a_value(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Fails on the old code: the placeholder was a bare "CC BY 4.0"."""
    from actionkit.gui.i18n import Translator

    for language, example in (("en", "for example"), ("de", "zum Beispiel")):
        dialog = PhotoDialog(str(_picture(tmp_path / "face.png")), Translator(language))
        qtbot.addWidget(dialog)
        placeholder = dialog.licence.placeholderText()
        assert placeholder.startswith(example) and "CC BY 4.0" in placeholder
        assert dialog.licence.text() == "" and not dialog.ok.isEnabled()


def test_credit_and_licence_are_corrected_later_with_edit_photo(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: "Crop photo…" had no credit or licence fields."""
    _, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Sepideh")
    click_row(qtbot, page, 0)
    person = page.selected_people()[0]
    # Attaching is not what this test is about: the plain operation does it.
    assert page.attach_photo(person.id, _picture(tmp_path / "face.png"), "Local grup", "CC0")
    assert page.crop_button.text() == "Edit photo…"

    def correct(dialog: Any) -> int:
        assert isinstance(dialog, PhotoDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert (dialog.credit.text(), dialog.licence.text()) == ("Local grup", "CC0")
        dialog.credit.selectAll()
        qtbot.keyClicks(dialog.credit, "Local group Cologne")
        dialog.licence.selectAll()
        qtbot.keyClick(dialog.licence, Qt.Key.Key_Backspace)
        assert not dialog.ok.isEnabled(), "never without a licence"
        qtbot.keyClicks(dialog.licence, "CC BY 4.0")
        assert dialog.ok.isEnabled()
        qtbot.keyClick(dialog.crop_view, Qt.Key.Key_Minus)  # and a tighter crop
        qtbot.mouseClick(dialog.ok, LEFT)
        return int(dialog.result())

    answers.dialogs.append(correct)
    qtbot.mouseClick(page.crop_button, LEFT)
    assert not answers.dialogs, "the photo dialog was shown"
    after = page.loaded.get(person.id)
    assert after is not None and after.photo is not None
    assert (after.photo.credit, after.photo.licence) == ("Local group Cologne", "CC BY 4.0")
    assert after.photo.crop is not None
    assert "Local group Cologne" in page.detail.toPlainText()
