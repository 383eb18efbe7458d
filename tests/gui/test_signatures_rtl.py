"""The Events & signatures page in a right-to-left interface."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from tests.gui.test_main_window import make_window, use_language


def test_persian_interface_opens_with_the_newest_event_selected(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    # Failed before: QTableView.selectRow selected nothing in a right-to-left window
    # whose table was not laid out yet, so nothing was selected and the event's
    # buttons (print sheets, double entry) stayed disabled until a click.
    with SignatureStore.open(app_paths) as store:
        store.create_event("Mahnwache", "2026-12-10", city="Köln")
    use_language(app_paths, "fa")
    window = make_window(qtbot, app_paths)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.findChild(SignaturesWorkspace)
    assert page is not None and page.isVisible()
    assert page.selected_event() == "2026-12-10-koln"
    assert page.double_entry.isEnabled()
