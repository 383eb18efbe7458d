from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.settings import Settings, load_settings, save_settings
from actionkit.gui.app import create_application
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.settings import SettingsWorkspace


def make_window(qtbot: QtBot, paths: AppPaths, notices: list[str] | None = None) -> MainWindow:
    create_application()
    window = MainWindow(
        paths=paths, settings=load_settings(paths.settings_file).settings, notices=notices
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # keyboard shortcuts go to the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return window


def use_language(paths: AppPaths, language: str) -> None:
    """The interface language saved in the settings, as the next window starts in it."""
    paths.ensure()
    settings = load_settings(paths.settings_file).settings
    settings.ui_language = language
    save_settings(settings, paths.settings_file)


def test_window_shows_the_three_workspaces_and_settings(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    assert window.workspace_titles() == [
        "People",
        "Print studio",
        "Events & signatures",
        "Settings",
    ]
    image = window.grab().toImage()
    assert image.width() >= 880 and image.height() >= 560
    # Not a blank window: the sidebar is dark and the content is light.
    sidebar = image.pixelColor(20, image.height() // 2)
    content = image.pixelColor(image.width() - 20, image.height() // 2)
    assert sidebar.lightness() < 80 < content.lightness()


def test_navigation_switches_workspace(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert window.stack.currentWidget() is page
    assert page.title() == "Events & signatures"
    assert window.show_workspace(2) is page, "a workspace is built once, then reused"
    assert window.stack.count() == 4


def test_notices_are_shown_and_dismissable(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths, notices=["Your settings file could not be read."])
    (bar,) = window.notice_bars
    assert bar.isVisible()
    assert "could not be read" in bar.label.text()
    with qtbot.waitSignal(bar.dismissed, timeout=1000):
        bar.dismiss_button.click()
    assert not bar.isVisible()


def test_settings_form_saves_to_the_settings_file(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(3)
    assert isinstance(page, SettingsWorkspace)
    page.organizer_name.setText("  Nasim  ")
    page.organizer_city.setText("Göteborg")
    page.print_languages.first.setCurrentText("فارسی")  # chosen by name
    page.print_languages.second.setCurrentText("Svenska")
    page.paper_size.setCurrentText("Letter")
    with qtbot.waitSignal(page.saved, timeout=1000) as saved:
        page.save()
    assert isinstance(saved.args[0], Settings)
    on_disk = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert on_disk["organizer_name"] == "Nasim"
    assert on_disk["organizer_city"] == "Göteborg"
    assert on_disk["print_languages"] == ["fa", "sv"]
    assert on_disk["paper_size"] == "Letter"


def test_both_palettes_fill_every_colour_of_the_stylesheet() -> None:
    import re

    from actionkit.gui.app import stylesheet

    for dark in (False, True):
        sheet = stylesheet(dark=dark)
        body = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
        assert "@" not in body, f"unfilled colour in the {'dark' if dark else 'light'} style"
    assert stylesheet(dark=True) != stylesheet(dark=False)
