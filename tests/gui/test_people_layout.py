"""People after a restart: a saved splitter (window.ini) must not cut the names."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.workspaces.people import PeopleWorkspace
from tests.gui.test_main_window import make_window


def test_names_stay_whole_after_restoring_a_narrow_saved_splitter(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    first = make_window(qtbot, app_paths)
    first.set_language("es")
    page = first.show_workspace(0)
    assert isinstance(page, PeopleWorkspace)
    page.splitter.setSizes([120, 900])  # what window.ini kept from some other session
    first.save_state()
    first.close()

    window = make_window(qtbot, app_paths)
    window.set_language("es")
    window.resize(1024, 700)
    people = window.show_workspace(0)
    assert isinstance(people, PeopleWorkspace)
    QApplication.processEvents()
    metrics = people.table.fontMetrics()
    names = [people.proxy.index(r, 0).data() for r in range(people.proxy.rowCount())]
    widest = max(metrics.horizontalAdvance(n) for n in names)
    assert people.table.columnWidth(0) >= widest + 6  # the cell's margins
    # ... and in sight: every column fits the table, no scrolling sideways to read a name.
    assert people.table.horizontalHeader().length() <= people.table.viewport().width()
    assert people.detail.width() >= 200
