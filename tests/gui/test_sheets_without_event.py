"""Print sheets… with no event, as a new volunteer met it: "Select an event first." read as
"no sheets without an event". Now the app says why sheets need one, that a name is
enough, and takes the volunteer to the new-event form; the sheet of an event with only a
name prints labelled blank lines for the date, time and place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import choose, click, signatures, type_text
from tests.pdf_helpers import open_pdf, page_text


def test_print_sheets_without_an_event_explains_and_leads_to_a_name_only_event(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: it said only "Select an event first.", and an event without a
    date could not be created ("The date is missing.")."""
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    assert page.selected_event() is None
    answers.yes = True  # "Create an event now?" -> Yes
    click(qtbot, page.sheets_button)
    assert len(answers.messages) == 1
    said = answers.messages[0].text
    assert "id printed on each sheet" in said and "needs only a name" in said, said
    assert "blank lines" in said and said.rstrip().endswith("?")
    assert not answers.asked, "no save dialog before there is an event"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.name)

    type_text(page.name, "Mahnwache für Narges")  # typed where the cursor now is
    choose(qtbot, page.languages.first, "de")
    assert page.date.text() == ""
    click(qtbot, page.create_button)
    assert len(answers.messages) == 1, answers.message_texts()  # no "date is missing"
    qtbot.waitUntil(lambda: page.selected_event() is not None)
    answers.save_paths.append(str(tmp_path / "sheets.pdf"))
    with qtbot.waitSignal(page.sheets_printed, timeout=30_000):
        click(qtbot, page.sheets_button)
    text = " ".join(page_text(open_pdf(tmp_path / "sheets.pdf")[0]).split())
    assert "Mahnwache für Narges" in text
    for label in ("Datum", "Uhrzeit", "Ort"):
        assert f"{label}: ___" in text, (label, text[:400])


def test_answering_no_leaves_everything_as_it_was(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    answers.yes = False
    click(qtbot, page.sheets_button)
    assert len(answers.messages) == 1 and not answers.asked
    assert page.selected_event() is None
