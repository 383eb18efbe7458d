"""After a merge in the app: one sentence in the status bar and the whole merge in a
window (files read and skipped, rows in and out, what was merged and why, the possible
duplicates to decide, the file written, its folder to open). And Merge and Totals are in
the menus, as every command is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.main_window import MainWindow
from tests.core.signatures.test_merge_decisions import write_export_csv
from tests.gui.conftest import Accepted, Answers, Rejected
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import click, signatures


def exports(tmp_path: Path) -> list[str]:
    """Sara twice with one email (merged), José twice with two emails (to decide)."""
    koln = write_export_csv(
        tmp_path / "koln.csv",
        [
            ("José", "Núñez", "jn1975@example.org", "Köln", False),
            ("Sara", "Karimi", "sara@example.org", "Köln", False),
        ],
    )
    bonn = write_export_csv(
        tmp_path / "bonn.csv",
        [
            ("Jose", "Nunez", "jose.nunez@example.org", "Köln", True),
            ("Sara", "Karimi", "SARA@example.org", "Bonn", True),
            ("Jan", "Weber", "jan@example.org", "Bonn", False),
        ],
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    return [str(koln), str(bonn), str(broken)]


def merge_in_the_app(
    qtbot: QtBot, window: MainWindow, answers: Answers, tmp_path: Path
) -> list[Any]:
    page = signatures(window)
    merged: list[Any] = []
    page.exported.connect(merged.append)
    answers.open_paths.append(exports(tmp_path))
    answers.save_paths.append(str(tmp_path / "central.xlsx"))
    answers.dialogs += [lambda dialog: Accepted, lambda dialog: Rejected]  # decide later
    click(qtbot, page.merge_button)
    qtbot.waitUntil(lambda: len(merged) == 1 and not page.jobs.busy(), timeout=60_000)
    return merged


def test_a_merge_ends_with_its_summary_in_a_window_and_one_sentence_below(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    # Failed before: the status bar ran sentences together ("...central2.xlsx 3 possible
    # duplicate(s)") and nothing else said what the merge did.
    window = make_window(qtbot, app_paths)
    (report,) = merge_in_the_app(qtbot, window, answers, tmp_path)
    status = window.statusBar().currentMessage()
    assert status.startswith("Merged 5 rows into 4 signers: ")
    assert status.endswith("central.xlsx\u2069; 1 file(s) skipped")
    assert "possible" not in status and "left out" not in status
    (shown,) = answers.messages  # the summary is the only box: the skip is in it
    assert shown.title == "Merge done" and shown.plain
    text = shown.text.replace("\u2066", "").replace("\u2069", "")
    assert text.splitlines()[:3] == [
        "Files read (2):",
        "  koln.csv: 2 row(s)",
        "  bonn.csv: 3 row(s)",
    ]
    assert "These files were not merged:\n  broken.xlsx: " in text
    assert "5 row(s) in, 4 signer(s) after merging." in text
    assert "1 row(s) merged: same email." in text
    assert "1 possible duplicate(s) still to decide" in text
    assert f"4 signer(s) written to {tmp_path / 'central.xlsx'}" in text
    assert report.rows_in == 5 and len(report.pending) == 1


def test_open_folder_opens_where_the_merge_was_written(
    qtbot: QtBot,
    app_paths: AppPaths,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))

    def press_open_folder(box: QMessageBox) -> int:
        (button,) = [b for b in box.buttons() if b.text() == "Open folder"]
        button.click()  # as the user does: the box closes, and the folder opens
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_open_folder)
    window = make_window(qtbot, app_paths)
    merge_in_the_app(qtbot, window, answers, tmp_path)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path)]


def menu_action(window: MainWindow, menu_text: str, action_text: str) -> QAction:
    """A menu item as the user finds it: the menu by its title, the item by its text."""
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == menu_text:
            for action in menu.actions():
                if action.text() == action_text:
                    return action
    raise AssertionError(f"no {action_text!r} in the {menu_text} menu")


def test_merge_is_in_the_file_menu_and_asks_for_the_exports(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    window.show_workspace(0)  # from anywhere: it goes to the signatures first
    menu_action(window, "File", "Merge exports…").trigger()
    assert answers.asked == ["open"]  # the exports to merge (cancelled here)
    assert window.navigation.currentRow() == 2


def test_totals_is_in_the_go_menu_and_shows_the_totals_tab(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    window.show_workspace(1)
    menu_action(window, "Go", "Signer totals").trigger()
    page = signatures(window)
    assert window.navigation.currentRow() == 2
    assert page.tabs.currentWidget() is page.totals and page.totals.isVisible()


def test_the_menu_items_follow_the_language(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    window.set_language("de")
    assert menu_action(window, "Datei", "Exporte zusammenführen…")
    window.set_language("fa")
    names = [a.text() for a in window.actions_by_name.values()]
    assert "ادغام خروجی‌ها…" in names and "آمار امضاکنندگان" in names
