"""Settings' Check for updates, through the user's path: type the address, press the
button, read the changes, Apply; against a real server on 127.0.0.1. And nothing
touches the network unless the button is pressed."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from actionkit.core.dataset import DatasetStore
from actionkit.core.paths import AppPaths
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces.dataset_update import UpdateDialog
from actionkit.gui.workspaces.settings import SettingsWorkspace
from tests.gui.conftest import Accepted, Answers, Rejected
from tests.gui.test_main_window import make_window
from tests.update_server import (
    BUNDLED_VERSION,
    LocalServer,
    Route,
    bundle_data,
    bundled_bundle,
    change_status,
    signed_bytes,
    trusted_publisher,
    with_version,
)

NEWER = "2099.3.1"


def settings_page(qtbot: QtBot, app_paths: AppPaths) -> tuple[MainWindow, SettingsWorkspace]:
    window = make_window(qtbot, app_paths)
    window.workspace(0)  # the people list is open, as it is at start-up
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert isinstance(page, SettingsWorkspace)
    return window, page


def type_address(qtbot: QtBot, page: SettingsWorkspace, url: str) -> None:
    page.dataset_url.clear()
    qtbot.keyClicks(page.dataset_url, url)


def press_check(qtbot: QtBot, page: SettingsWorkspace) -> None:
    qtbot.mouseClick(page.updates.check_button, Qt.MouseButton.LeftButton)
    idle = page.updates.check_button.isEnabled
    qtbot.waitUntil(lambda: not Worker._alive and idle(), timeout=20_000)


def test_check_for_updates_lists_the_change_and_apply_reloads_the_app(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, server: LocalServer
) -> None:
    key = trusted_publisher(app_paths)
    bundle = with_version(bundled_bundle(), NEWER)
    pid, old, new = change_status(bundle)
    data = bundle_data(bundle)
    url = server.publish("/actionkit.json", data, signed_bytes(data, key))
    window, page = settings_page(qtbot, app_paths)
    people = window.workspace(0)
    assert people.loaded.get(pid).status == old  # type: ignore[attr-defined]
    shown: list[str] = []

    def read_and_apply(dialog: Any) -> int:
        assert isinstance(dialog, UpdateDialog)
        shown.append(dialog.changes.toPlainText())
        return Accepted

    answers.dialogs.append(read_and_apply)
    type_address(qtbot, page, url)
    press_check(qtbot, page)

    (text,) = shown
    assert f"{BUNDLED_VERSION} → {NEWER}" in text
    old_word, new_word = page.t(f"status.{old}"), page.t(f"status.{new}")
    assert f"{pid}: status {old_word} → {new_word}" in text
    assert answers.messages == []
    assert page.updates.status.text() == f"Updated: dataset {NEWER} is now in use."
    assert DatasetStore(app_paths).imported_file.read_bytes() == data
    # The app reloaded the dataset, as after an import.
    assert people.loaded.dataset.info.version == NEWER  # type: ignore[attr-defined]
    assert people.loaded.get(pid).status == new  # type: ignore[attr-defined]
    studio = window.workspace(1)
    assert studio.loaded.dataset.info.version == NEWER  # type: ignore[attr-defined]


def test_cancel_in_the_dialog_stores_nothing(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, server: LocalServer
) -> None:
    key = trusted_publisher(app_paths)
    data = bundle_data(with_version(bundled_bundle(), NEWER))
    url = server.publish("/d.json", data, signed_bytes(data, key))
    _, page = settings_page(qtbot, app_paths)
    answers.dialogs.append(lambda dialog: Rejected)
    type_address(qtbot, page, url)
    press_check(qtbot, page)
    assert page.updates.status.text() == "Not applied; nothing was changed."
    assert not DatasetStore(app_paths).imported_file.exists()


def test_without_an_address_it_says_so_and_touches_nothing(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, page = settings_page(qtbot, app_paths)
    qtbot.mouseClick(page.updates.check_button, Qt.MouseButton.LeftButton)
    (message,) = answers.messages
    assert message.plain and "\n" not in message.text
    assert message.text == (
        "No update address is set: enter the campaign's dataset address in Settings."
    )
    assert not Worker._alive
    assert not DatasetStore(app_paths).imported_file.exists()


def test_a_tampered_file_is_refused_in_words(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, server: LocalServer
) -> None:
    key = trusted_publisher(app_paths)
    data = bundle_data(with_version(bundled_bundle(), NEWER))
    url = server.publish("/d.json", data + b" ", signed_bytes(data, key))
    _, page = settings_page(qtbot, app_paths)
    type_address(qtbot, page, url)
    press_check(qtbot, page)
    (message,) = answers.messages
    assert message.text == "d.json does not match its signature: it was changed after signing."
    assert not DatasetStore(app_paths).imported_file.exists()


def test_the_download_can_be_cancelled_and_the_button_waits_meanwhile(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, server: LocalServer
) -> None:
    server.routes["/huge.json"] = Route(stream=2_000_000_000)
    _, page = settings_page(qtbot, app_paths)
    type_address(qtbot, page, server.url("/huge.json"))
    qtbot.mouseClick(page.updates.check_button, Qt.MouseButton.LeftButton)
    assert not page.updates.check_button.isEnabled()
    assert page.updates.cancel_button.isVisible() and page.updates.bar.isVisible()
    qtbot.waitUntil(lambda: page.updates.bar.maximum() > 0, timeout=10_000)  # bytes arrive
    qtbot.mouseClick(page.updates.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.updates.check_button.isEnabled(), timeout=10_000)
    assert page.updates.status.text() == "Cancelled; nothing was changed."
    assert answers.messages == []
    assert not page.updates.bar.isVisible()
    assert not DatasetStore(app_paths).imported_file.exists()


def test_the_address_is_saved_with_the_settings(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.settings import load_settings

    _, page = settings_page(qtbot, app_paths)
    type_address(qtbot, page, "https://example.org/actionkit.json")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = load_settings(app_paths.settings_file).settings
    assert saved.dataset_url == "https://example.org/actionkit.json"


def test_starting_the_app_opens_no_connection(
    qtbot: QtBot, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    from actionkit.core.settings import load_settings, save_settings

    settings = load_settings(app_paths.settings_file).settings
    settings.dataset_url = "https://example.org/actionkit.json"  # set, but never asked
    save_settings(settings, app_paths.settings_file)
    DatasetStore(app_paths).load()
    window = make_window(qtbot, app_paths)
    for index in range(len(window.specs)):
        window.show_workspace(index)
    QApplication.processEvents()
    assert not Worker._alive
    assert attempts == []
