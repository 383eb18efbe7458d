"""What a new user found in a real window: the batch button on pieces that are not per
person, cut-off combo boxes, a studio that jumps between pieces, a people list five
rows high, and a second language equal to the first."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.i18n import LANGUAGES
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.settings import SettingsWorkspace
from actionkit.gui.workspaces.studio import StudioWorkspace
from tests.gui.conftest import Accepted, Answers
from tests.gui.layout_checks import clipped, combo_width_needed
from tests.gui.test_main_window import make_window


def pick(combo: QComboBox, data: object) -> None:
    """Choose an entry as the popup would (QTest cannot open the popup offscreen)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def offered(combo: QComboBox) -> list[object]:
    return [combo.itemData(i) for i in range(combo.count())]


def studio_at(
    qtbot: QtBot, app_paths: AppPaths, language: str
) -> tuple[MainWindow, StudioWorkspace]:
    window = make_window(qtbot, app_paths)
    window.set_language(language)
    window.resize(1024, 700)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    QApplication.processEvents()
    return window, studio


def test_the_batch_button_is_off_for_a_wall_and_the_appeal_and_says_why(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _window, studio = studio_at(qtbot, app_paths, "en")
    studio.use_people([p.id for p in studio.loaded.people[:6]])
    for kind in ("wall", "appeal"):
        pick(studio.kind, kind)
        assert not studio.batch_button.isEnabled()
        assert "Save PDF" in studio.batch_button.toolTip()
        qtbot.mouseClick(studio.batch_button, Qt.MouseButton.LeftButton)
        assert answers.asked == [] and answers.messages == []  # no folder asked for in vain
    pick(studio.kind, "poster")
    assert studio.batch_button.isEnabled() and not studio.batch_button.toolTip()


def test_a_combo_box_too_narrow_for_its_text_counts_as_clipped(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    combo = QComboBox(holder)
    combo.addItems(["Everyone", "Currently imprisoned"])
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(4)
    holder.show()
    combo.setFixedWidth(90)
    assert any("combo" in p for p in clipped(holder))  # whichever entry is chosen
    combo.setFixedWidth(combo_width_needed(combo))
    assert clipped(holder) == []


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_people_list_shows_ten_rows_at_the_smallest_size(
    qtbot: QtBot, app_paths: AppPaths, language: str
) -> None:
    _window, studio = studio_at(qtbot, app_paths, language)
    # Poster, placard and wall show one more row (their orientation) above the list, as
    # the flyer does (its size).
    for kind, least in (("poster", 8.5), ("placard", 8.5), ("wall", 8.5), ("flyer", 8.5)):
        pick(studio.kind, kind)
        QApplication.processEvents()
        rows = studio.people.viewport().height() / studio.people.sizeHintForRow(0)
        assert rows >= least, f"{kind}: {rows:.1f} rows"
    assert clipped(studio) == []
    pick(studio.kind, "poster")
    qtbot.mouseClick(studio.piece.more, Qt.MouseButton.LeftButton)  # the rarer options
    QApplication.processEvents()
    assert studio.piece.bleed.isVisible() and studio.tile.isVisible()
    assert clipped(studio) == []


@pytest.mark.parametrize("language", ["es", "fa"])
def test_the_studio_columns_stay_put_when_the_piece_changes(
    qtbot: QtBot, app_paths: AppPaths, language: str
) -> None:
    _window, studio = studio_at(qtbot, app_paths, language)
    widths = set()
    for more in (False, True):
        if more:
            qtbot.mouseClick(studio.piece.more, Qt.MouseButton.LeftButton)
        for kind in ("poster", "flyer", "wall", "palmcard", "appeal", "placard"):
            pick(studio.kind, kind)
            QApplication.processEvents()
            widths.add((tuple(studio.splitter.sizes()), studio.kind.width()))
    assert len(widths) == 1, widths


def test_the_second_language_never_offers_the_first(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.gui.welcome import WelcomeDialog

    def answer(dialog: WelcomeDialog) -> int:
        pick(dialog.languages.first, "en")
        assert "en" not in offered(dialog.languages.second)
        pick(dialog.languages.second, "fa")
        pick(dialog.languages.first, "fa")  # Persian moves up to first
        assert "fa" not in offered(dialog.languages.second)
        assert "en" in offered(dialog.languages.second)
        assert dialog.languages.second.currentData() == ""  # "none", visibly
        return Accepted

    answers.dialogs.append(answer)
    window = make_window(qtbot, app_paths)
    window.welcome()
    saved = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert saved["print_languages"] == ["fa"]

    settings = window.show_workspace(3)
    assert isinstance(settings, SettingsWorkspace)
    languages = settings.print_languages
    assert "fa" not in offered(languages.second)
    pick(languages.second, "de")
    pick(languages.first, "de")
    assert languages.second.currentData() == "" and "de" not in offered(languages.second)

    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    pick(studio.lang1, "en")
    pick(studio.lang2, "fa")
    pick(studio.lang1, "fa")
    assert studio.lang2.currentData() is None and "fa" not in offered(studio.lang2)
    assert studio.choice().languages == ["fa"]


def test_with_more_options_and_the_offer_bar_nothing_is_squeezed_flat(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    """At 1024 x 700 with More options open and People's selection offered, 'Tile onto'
    was crushed to a sliver: the form scrolls instead."""
    _window, studio = studio_at(qtbot, app_paths, "de")
    studio.picker.offer(["narges-mohammadi", "sepideh-gholian"])
    qtbot.mouseClick(studio.piece.more, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert studio.picker.offer_bar.isVisible()
    for combo in (studio.tile, studio.paper, studio.kind, studio.picker.status):
        assert combo.height() >= combo.minimumSizeHint().height(), combo.objectName()
    assert studio.picker.list.height() >= 80, "a few names stay visible"
