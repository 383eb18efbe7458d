"""The event form takes dates and times as people write them (issue 15): typed in
the interface language's form or picked from a calendar, stored as ISO. Keys and
clicks only; the store is read back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.date_picker import DatePickerDialog
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window


@pytest.fixture
def region() -> Iterator[Any]:
    """Set the region Qt reports (the user's system locale), restored afterwards."""
    before = QLocale()
    yield lambda name: QLocale.setDefault(QLocale(name))
    QLocale.setDefault(before)


def open_form(qtbot: QtBot, app_paths: AppPaths, language: str) -> tuple[MainWindow, Any]:
    window = make_window(qtbot, app_paths)
    window.set_language(language)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    return window, page


def fill(qtbot: QtBot, page: SignaturesWorkspace, name: str, date: str, start: str = "",
         end: str = "") -> None:  # fmt: skip
    qtbot.keyClicks(page.name, name)
    for field, text in ((page.date, date), (page.start_time, start), (page.end_time, end)):
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field, Qt.Key.Key_Delete)  # what the field held before goes
        qtbot.keyClicks(field, text)


def stored(app_paths: AppPaths) -> list[tuple[str, str, str]]:
    with SignatureStore.open(app_paths) as store:
        return [(e.date, e.start_time, e.end_time) for e in store.events()]


def test_a_german_date_and_times_are_stored_as_iso(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, page = open_form(qtbot, app_paths, "de")
    assert page.date.placeholderText() == "10.12.2026"  # the form it expects
    fill(qtbot, page, "Mahnwache", "10.12.2026", "14.00", "16 Uhr")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert not answers.messages
    assert stored(app_paths) == [("2026-12-10", "14:00", "16:00")]
    assert page.events.item(0, 2).text() == "2026-12-10, 14:00–16:00"


def test_english_dates_follow_the_users_region(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, region: Any
) -> None:
    region("en_US")
    _, page = open_form(qtbot, app_paths, "en")
    fill(qtbot, page, "Vigil", "12/10/2026", "7:30 pm", "9 pm")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    region("en_GB")
    fill(qtbot, page, "Vigil", "03/04/2027")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert not answers.messages
    assert stored(app_paths) == [("2026-12-10", "19:30", "21:00"), ("2027-04-03", "", "")]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31.11.2026", "Der November 2026 hat 30 Tage, nicht 31."),
        ("29.02.2027", "Der Februar 2027 hat 28 Tage, nicht 29."),
        ("10.13.2026", "Einen Monat 13 gibt es nicht"),
        ("10.12.", "fehlt das Jahr"),
        ("10.12.26", "Schreibe das Jahr vierstellig, wie 10.12.2026"),
    ],
)
def test_an_impossible_date_says_which_part_is_wrong_in_the_ui_language(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, typed: str, said: str
) -> None:
    _, page = open_form(qtbot, app_paths, "de")
    fill(qtbot, page, "Mahnwache", typed)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert len(answers.messages) == 1 and said in answers.messages[0].text
    assert answers.messages[0].plain
    assert stored(app_paths) == []
    assert page.date.hasFocus()  # where the correction is typed


def test_an_end_before_the_start_is_refused(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, page = open_form(qtbot, app_paths, "de")
    fill(qtbot, page, "Mahnwache", "10.12.2026", "18:00", "17:00")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "Das Ende (17:00) muss nach dem Beginn (18:00) liegen." in answers.messages[0].text
    assert stored(app_paths) == [] and page.end_time.hasFocus()
    fill(qtbot, page, "", "10.12.2026", "25:00", "17:00")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "Eine Stunde 25 gibt es nicht" in answers.messages[1].text
    assert page.start_time.hasFocus()


def test_the_calendar_opens_on_the_typed_date_and_writes_the_picked_one_back(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, page = open_form(qtbot, app_paths, "de")
    fill(qtbot, page, "Mahnwache", "10.12.2026")
    opened_on: list[str] = []

    def pick_next_day(dialog: DatePickerDialog) -> int:
        assert isinstance(dialog, DatePickerDialog)
        opened_on.append(dialog.calendar.selectedDate().toString("yyyy-MM-dd"))
        days = dialog.calendar.findChild(QTableView)  # the calendar's grid has the keys
        qtbot.keyClick(days, Qt.Key.Key_Right)
        qtbot.keyClick(days, Qt.Key.Key_Return)  # Enter picks the day
        return dialog.result()

    answers.dialogs.append(pick_next_day)
    page.date_button.setFocus()
    qtbot.keyClick(page.date_button, Qt.Key.Key_Space)
    assert opened_on == ["2026-12-10"]
    assert page.date.text() == "11.12.2026"
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert stored(app_paths) == [("2026-12-11", "", "")]


def test_escape_in_the_calendar_leaves_the_typed_date(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, page = open_form(qtbot, app_paths, "de")
    fill(qtbot, page, "Mahnwache", "10.12.2026")

    def move_then_escape(dialog: DatePickerDialog) -> int:
        days = dialog.calendar.findChild(QTableView)
        qtbot.keyClick(days, Qt.Key.Key_Right)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result()

    answers.dialogs.append(move_then_escape)
    qtbot.mouseClick(page.date_button, Qt.MouseButton.LeftButton)
    assert page.date.text() == "10.12.2026"


def test_in_farsi_the_calendar_is_solar_hijri_and_the_field_shows_persian_digits(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, page = open_form(qtbot, app_paths, "fa")
    fill(qtbot, page, "Vigil", "2026-12-10")

    def accept(dialog: DatePickerDialog) -> int:
        days = dialog.calendar.findChild(QTableView)
        qtbot.keyClick(days, Qt.Key.Key_Return)
        return dialog.result()

    answers.dialogs.append(accept)
    qtbot.mouseClick(page.date_button, Qt.MouseButton.LeftButton)
    assert page.date.text() == "۱۴۰۵/۹/۱۹"
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert stored(app_paths) == [("2026-12-10", "", "")]
