"""Settings and the first start, through the user's path: combos, fields and real clicks."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from actionkit.core.assets import asset_path
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.lock import is_locked
from actionkit.core.signatures.store import STORE_FILE
from actionkit.gui.main_window import MainWindow
from actionkit.gui.welcome import WelcomeDialog
from actionkit.gui.workspaces.settings import SettingsWorkspace
from tests.gui.conftest import Accepted, Answers
from tests.gui.test_main_window import make_window

# Names and codes that read the same in every language.
BRANDS = {"ActionKit", "PDF", "A4", "A5", "A6", "CSV", "xlsx", "URL", "Letter", "QR"}


def _english() -> set[str]:
    path = asset_path("translations", "ui", "en.json")
    words: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return {text for key, text in words.items() if not key.startswith("_")}


def _english_pattern(text: str) -> re.Pattern[str]:
    """An English entry with its {fields} matching anything, e.g. 'Stored in {path}'."""
    parts = re.split(r"{\w+}", text)
    return re.compile(".*".join(re.escape(p) for p in parts), re.DOTALL)


def visible_texts(root: QWidget) -> list[str]:
    """Every word a user sees on a page: labels, buttons, group titles and tabs."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
    return [t.replace("&", "").strip() for t in texts if t.strip()]


def english_left(root: QWidget, language: str = "") -> list[str]:
    """Visible texts that are still an English entry of the interface (brands allowed,
    and words `language` writes the same way, such as French "Date")."""
    same = set()
    if language:
        path = asset_path("translations", "ui", f"{language}.json")
        same = set(json.loads(path.read_text(encoding="utf-8")).values())
    patterns = [
        _english_pattern(text)
        for text in _english() - same
        if text.strip() not in BRANDS and re.search(r"[A-Za-z]{2}", re.sub(r"{\w+}", "", text))
    ]
    return [
        shown
        for shown in visible_texts(root)
        if shown not in BRANDS and any(p.fullmatch(shown) for p in patterns)
    ]


def _switch_language(qtbot: QtBot, window: MainWindow, name: str) -> SettingsWorkspace:
    page = window.show_workspace(3)
    assert isinstance(page, SettingsWorkspace)
    page.ui_language.setCurrentIndex(page.ui_language.findText(name))
    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    return page


def test_the_helper_finds_english_on_an_english_page(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(3)
    left = english_left(page)
    assert "Save settings" in left and "Interface language" in left


def test_switching_to_german_in_settings_leaves_no_english_on_any_page(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    for index in range(4):
        window.show_workspace(index)  # every workspace built, in English first
    page = _switch_language(qtbot, window, "Deutsch")
    assert page.status.text() == "Gespeichert.", "the stale 'Saved.' was re-read"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    for index in range(4):
        shown = window.show_workspace(index)
        assert english_left(shown) == [], f"English left on page {index}"
    assert window.menuBar().actions()[0].text() == "&Datei"
    settings = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert settings["ui_language"] == "de"
    # Qt's own buttons too: a question the app asks has Ja/Nein, not Yes/No.
    from actionkit.gui import dialogs

    seen: list[list[str]] = []

    def read_buttons(box: QMessageBox) -> int:
        seen.append([button.text() for button in box.buttons()])
        return QMessageBox.StandardButton.No.value

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QMessageBox, "exec", read_buttons)
        dialogs.ask(window, "?", "?")
    assert sorted(seen[0]) == ["&Ja", "&Nein"]
    _switch_language(qtbot, window, "English")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QMessageBox, "exec", read_buttons)
        dialogs.ask(window, "?", "?")
    assert sorted(seen[1]) == ["&No", "&Yes"]


def test_farsi_turns_the_layout_right_to_left_and_back(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    for index in range(4):
        window.show_workspace(index)
    page = _switch_language(qtbot, window, "فارسی")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.save_button.text() != "Save settings"
    for index in range(4):
        assert english_left(window.show_workspace(index)) == [], f"English left on page {index}"
    _switch_language(qtbot, window, "English")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert page.status.text() == "Saved."


def test_print_languages_picked_by_name_are_saved_as_codes(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(3)
    assert isinstance(page, SettingsWorkspace)
    first, second = page.print_languages.first, page.print_languages.second
    names = [first.itemText(i) for i in range(first.count())]
    assert "Deutsch" in names and "فارسی" in names and "de" not in names and "fa" not in names
    assert second.itemText(0) == "None", "the second language is optional"
    first.setCurrentIndex(first.findText("فارسی"))
    second.setCurrentIndex(second.findText("Deutsch"))
    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    on_disk = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert on_disk["print_languages"] == ["fa", "de"]
    second.setCurrentIndex(0)  # only one language
    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    on_disk = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert on_disk["print_languages"] == ["fa"]


def test_settings_refuses_a_passphrase_of_only_spaces(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    window.show_workspace(2)
    page = window.show_workspace(3)
    assert isinstance(page, SettingsWorkspace)
    answers.texts += [" " * 14, " " * 14]
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    (shown,) = answers.messages
    assert "only spaces" in shown.text and shown.plain
    assert answers.asked == ["text"], "refused before it is typed a second time"
    assert not is_locked(app_paths.data_dir / STORE_FILE)


def _welcome(qtbot: QtBot, app_paths: AppPaths) -> MainWindow:
    window = make_window(qtbot, app_paths)
    assert not window.settings.welcome_done
    return window


def test_welcome_refuses_mismatched_and_blank_passphrases_then_locks_with_a_good_one(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    seen: list[str] = []

    def fill(dialog: WelcomeDialog) -> int:
        assert dialog.minimumWidth() >= 560
        qtbot.keyClicks(dialog.organizer, "Nasim")
        dialog.languages.first.setCurrentIndex(dialog.languages.first.findText("Deutsch"))
        dialog.languages.second.setCurrentIndex(dialog.languages.second.findText("فارسی"))
        for first, again in (
            ("a long passphrase", "a long passphrasE"),  # mismatch
            (" " * 12, " " * 12),  # only spaces
            ("short", "short"),  # too short
            ("a long passphrase", "a long passphrase"),
        ):
            dialog.passphrase_field.setText("")
            dialog.passphrase_again.setText("")
            qtbot.keyClicks(dialog.passphrase_field, first)
            qtbot.keyClicks(dialog.passphrase_again, again)
            qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
            seen.append("accepted" if dialog.result() == Accepted else answers.messages[-1].text)
        return dialog.result()

    answers.dialogs.append(fill)
    window = _welcome(qtbot, app_paths)
    window.welcome()
    assert "differ" in seen[0]
    assert "only spaces" in seen[1]
    assert "at least 10" in seen[2]
    assert seen[3] == "accepted"
    assert is_locked(app_paths.data_dir / STORE_FILE)
    saved = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert saved["print_languages"] == ["de", "fa"] and saved["organizer_name"] == "Nasim"


def test_welcome_without_a_passphrase_leaves_the_store_open(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    def fill(dialog: WelcomeDialog) -> int:
        qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
        return dialog.result()

    answers.dialogs.append(fill)
    window = _welcome(qtbot, app_paths)
    window.welcome()
    assert answers.messages == []
    assert not is_locked(app_paths.data_dir / STORE_FILE)
    saved = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert saved["welcome_done"] is True and saved["print_languages"] == ["en"]


def test_welcome_dialog_is_wide_enough_for_its_words(qtbot: QtBot, app_paths: AppPaths) -> None:
    from actionkit.core.settings import Settings
    from actionkit.gui.app import create_application
    from actionkit.gui.i18n import Translator

    create_application()  # the app's fonts and styles, as the user sees it
    for language in ("en", "de", "fa"):
        dialog = WelcomeDialog(Settings(), Translator(language))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() >= 560
        for label in dialog.findChildren(QLabel):
            if not label.wordWrap():
                assert label.sizeHint().width() <= label.width() + 1, label.text()
        dialog.grab().save(f"/tmp/welcome-{language}.png")
        dialog.close()


def test_a_bad_centre_key_is_explained_in_the_ui_language(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    page = _switch_language(qtbot, window, "Español")
    qtbot.keyClicks(page.centre_key, "age1notakey")
    assert page.centre_fingerprint.text() == (
        "Esto no es una clave pública age (empieza por age1...)."
    )


def test_the_settings_path_stays_in_order_inside_a_persian_sentence(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(3)
    window.set_language("fa")
    assert isinstance(page, SettingsWorkspace)
    # Isolated (LRI ... PDI), the path's slashes and dots cannot drift to the sentence's end.
    assert f"\u2066{app_paths.settings_file}\u2069" in page.where.text()


@pytest.mark.parametrize("name", ["Español", "Français", "فارسی"])
def test_other_languages_leave_no_english_on_any_page_either(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, name: str
) -> None:
    window = make_window(qtbot, app_paths)
    for index in range(4):
        window.show_workspace(index)
    _switch_language(qtbot, window, name)
    for index in range(4):
        shown = window.show_workspace(index)
        assert english_left(shown, window.t.language) == [], f"English left on page {index}"


def test_in_farsi_paths_and_dates_inside_sentences_keep_their_order(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    """'/tmp/x/settings.json' came out as 'tmp/x/settings.json/' and '2026-11-30' as
    '30-11-2026' inside Persian sentences: every inserted value is isolated."""
    window = make_window(qtbot, app_paths)
    _switch_language(qtbot, window, "فارسی")
    assert f"\u2066{app_paths.settings_file}\u2069" in window.statusBar().currentMessage()
    people = window.show_workspace(0)
    people.table.setCurrentIndex(people.proxy.index(0, 0))  # type: ignore[attr-defined]
    person = people.selected_people()[0]  # type: ignore[attr-defined]
    assert f"\u2066{person.status_as_of}\u2069" in people.detail.toPlainText()  # type: ignore[attr-defined]
