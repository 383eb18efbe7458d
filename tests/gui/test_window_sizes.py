"""At 1024 x 700, the smallest size we promise, nothing is clipped in any UI language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.i18n import LANGUAGES
from tests.gui.layout_checks import visit_everything
from tests.gui.test_main_window import make_window


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])
def test_nothing_is_clipped(
    qtbot: QtBot, app_paths: AppPaths, language: str, size: tuple[int, int]
) -> None:
    window = make_window(qtbot, app_paths)
    window.set_language(language)
    window.resize(*size)
    QApplication.processEvents()
    assert (window.width(), window.height()) == size
    assert visit_everything(window) == []
