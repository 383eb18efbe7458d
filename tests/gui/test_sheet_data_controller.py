"""Who collects the signers' details is set once in Settings and printed on every
signature sheet (issue 16): typed into the real fields, saved with the real button,
read back from the sheet PDF printed with the real button."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.workspaces.settings import SettingsWorkspace
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import choose, click, signatures, type_text
from tests.pdf_helpers import open_pdf, page_text

CONTROLLER = "Amnesty-Gruppe Köln e.V."
CONTACT = "unterschriften@ai-koeln.example"


def test_the_data_controller_from_settings_is_printed_on_the_sheets(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    settings = window.show_workspace(3)
    assert isinstance(settings, SettingsWorkspace)
    assert settings.data_controller.placeholderText()  # says what empty means
    type_text(settings.data_controller, CONTROLLER)
    type_text(settings.data_contact, CONTACT)
    with qtbot.waitSignal(settings.saved, timeout=2000):
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    saved = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert saved["data_controller"] == CONTROLLER
    assert saved["data_controller_contact"] == CONTACT

    page = signatures(window)
    type_text(page.name, "Mahnwache für Narges")
    qtbot.keyClicks(page.date, "2026-12-10")
    choose(qtbot, page.languages.first, "de")
    choose(qtbot, page.languages.second, "fa")
    click(qtbot, page.create_button)
    answers.save_paths.append(str(tmp_path / "sheets.pdf"))
    with qtbot.waitSignal(page.sheets_printed, timeout=30_000):
        click(qtbot, page.sheets_button)
    assert not answers.messages
    text = " ".join(page_text(open_pdf(tmp_path / "sheets.pdf")[0]).split())
    assert f"Verantwortlich für Ihre Angaben: {CONTROLLER} Zweck:" in text
    assert f"jederzeit an: {CONTACT}" in text
    assert "گردآورنده و مسئول اطلاعات شما" in text  # and in Persian
    assert "Internationale Notfallkampagne" not in text


def test_with_no_one_set_for_the_data_the_sheets_name_the_organizer(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: with "Who collects signer data" empty the sheets named the
    campaign, though the organizer had typed their name at the first start."""
    organizer = "Mahnwache Köln"
    window = make_window(qtbot, app_paths)
    settings = window.show_workspace(3)
    assert isinstance(settings, SettingsWorkspace)
    settings.organizer_name.clear()
    type_text(settings.organizer_name, organizer)
    assert settings.data_controller.text() == ""
    assert organizer in settings.data_controller.placeholderText()  # the default, shown
    with qtbot.waitSignal(settings.saved, timeout=2000):
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)

    page = signatures(window)
    type_text(page.name, "Mahnwache für Narges")
    qtbot.keyClicks(page.date, "2026-12-10")
    choose(qtbot, page.languages.first, "de")
    click(qtbot, page.create_button)
    assert not answers.messages, answers.message_texts()
    answers.save_paths.append(str(tmp_path / "sheets.pdf"))
    with qtbot.waitSignal(page.sheets_printed, timeout=30_000):
        click(qtbot, page.sheets_button)
    text = " ".join(page_text(open_pdf(tmp_path / "sheets.pdf")[0]).split())
    assert f"Verantwortlich für Ihre Angaben: {organizer}. Zweck:" in text
    assert "Internationale Notfallkampagne" not in text
