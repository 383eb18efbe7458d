"""Saving or printing a piece that calls someone imprisoned on old news asks first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.cli import main
from actionkit.core.paths import AppPaths
from tests.dataset_helpers import make_record, write_bundle
from tests.gui.conftest import Answers, Rejected
from tests.gui.test_main_window import make_window
from tests.gui.test_studio_journey import click, click_checkbox, rendered, studio_of
from tests.pdf_helpers import open_pdf, page_text

TITLE = "Old news: check before printing"


def import_people(tmp_path: Path) -> None:
    """Into the test's home: one person held on fresh news, one on news from March 2024,
    one released long ago."""
    fresh = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    records = [
        make_record("fresh", "Fresh News", status="detained", as_of=fresh),
        make_record("old", "Old News", status="sentenced", as_of="2024-03-05"),
        make_record("out", "Long Out", status="released", as_of="2023-01-02"),
        make_record("gone", "Long Gone", status="executed", as_of="2023-01-02"),
    ]
    bundle = write_bundle(tmp_path / "people.json", records)
    assert main(["dataset", "import", str(bundle), "--untrusted"]) == 0


def test_save_asks_before_calling_someone_imprisoned_on_old_news(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code, which saved without asking."""
    import_people(tmp_path)
    window = make_window(qtbot, app_paths)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    studio = studio_of(window)
    click_checkbox(qtbot, studio, "old")
    click_checkbox(qtbot, studio, "out")
    click_checkbox(qtbot, studio, "gone")
    rendered(qtbot, studio)

    # No: nothing is written, and no file dialog is even opened.
    answers.yes = False
    target = tmp_path / "poster.pdf"
    answers.save_paths.append(str(target))
    click(qtbot, studio.save_button)
    assert not target.exists() and answers.asked == []
    [question] = answers.messages
    assert question.title == TITLE and question.plain
    days = (dt.date.today() - dt.date(2024, 3, 5)).days
    said = question.text.replace("\u00a0", " ")  # a date never breaks: no-break spaces
    assert f"Old News: Sentenced, news from 5 March 2024 ({days} days ago)" in said
    # Released on old news: they may have been arrested again since. A death does not change.
    days_out = (dt.date.today() - dt.date(2023, 1, 2)).days
    assert f"Long Out: Released, news from 2 January 2023 ({days_out} days ago)" in said
    assert "Long Gone" not in question.text
    assert question.text.endswith("Save the PDF anyway?")

    # Yes: the PDF is written, and it says how old its news is.
    answers.yes = True
    answers.messages.clear()
    click(qtbot, studio.save_button)
    assert [m.title for m in answers.messages] == [TITLE]
    text = page_text(open_pdf(target)[0])
    assert "Status as of 5 March 2024" in text

    # Fresh news of the imprisoned and old news of a death: nothing to ask.
    click_checkbox(qtbot, studio, "old")
    click_checkbox(qtbot, studio, "out")
    click_checkbox(qtbot, studio, "fresh")
    rendered(qtbot, studio)
    answers.messages.clear()
    fresh = tmp_path / "fresh.pdf"
    answers.save_paths.append(str(fresh))
    click(qtbot, studio.save_button)
    assert answers.messages == [] and fresh.exists()


def test_print_asks_too_and_no_opens_no_print_dialog(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    import_people(tmp_path)
    window = make_window(qtbot, app_paths)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    studio = studio_of(window)
    click_checkbox(qtbot, studio, "old")
    rendered(qtbot, studio)
    shown: list[Any] = []

    def print_dialog(dialog: Any) -> int:
        shown.append(dialog)
        return Rejected

    answers.dialogs.append(print_dialog)
    answers.yes = False
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert [m.title for m in answers.messages] == [TITLE]
    assert answers.messages[0].text.endswith("Print it anyway?")
    assert shown == [] and not studio.busy_with_job()
    answers.yes = True
    click(qtbot, studio.print_button)
    assert len(shown) == 1  # asked again, then the print dialog (cancelled here)
