"""The studio's print-shop choices, pressed like a volunteer presses them: one piece per
page with bleed, CMYK, the shrink warning of four A6 to a sheet, tiling without bleed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QStyle
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from tests.core.print.test_print_shop import inks
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_studio_journey import click, click_checkbox, pick, rendered, studio_of
from tests.pdf_helpers import open_pdf, qr_texts

MM = 72 / 25.4
CTRL = Qt.KeyboardModifier.ControlModifier


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator (a click right of its text does nothing)."""
    indicator = box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    x = indicator // 2 + 1
    if box.isRightToLeft():
        x = box.width() - x
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(x, box.height() // 2))


def test_a_volunteer_saves_flyers_for_a_print_shop_and_sees_what_shrinks(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: the studio had no one-piece-per-page or CMYK choice, and four
    A6 flyers shrank to 90% without a word."""
    window = make_window(qtbot, app_paths)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    studio = studio_of(window)
    form = studio.piece
    click_checkbox(qtbot, studio, "mohsen-shekari")  # executed: no stale-news question
    pick(studio.kind, "flyer")
    pick(studio.flyer_size, "A6")
    pick(studio.paper, "A4")
    pick(studio.lang1, "fa")
    pick(studio.lang2, "de")
    rendered(qtbot, studio)
    # By default as many to a sheet as print at full size (two A6 on A4): nothing shrinks.
    shown = [studio.warnings.item(i).text() for i in range(studio.warnings.count())]
    assert not any("%" in line for line in shown), shown

    click(qtbot, form.more)
    assert form.one_up.isVisible() and form.cmyk.isVisible()
    assert not form.crop_marks.isVisible()  # imposed sheets have their own cut marks
    tick(qtbot, form.one_up)
    assert form.crop_marks.isVisible() and not form.bleed.isVisible()  # always bled
    tick(qtbot, form.crop_marks)
    tick(qtbot, form.cmyk)
    one_up_width = (105 + 2 * 3 + 2 * 9) * MM  # the piece, its bleed, room for the marks
    qtbot.waitUntil(
        lambda: (
            studio.last is not None
            and abs(studio.last.sizes[0][0] - one_up_width) < 1
            and not studio.busy()
        ),
        timeout=30_000,
    )
    assert not any("%" in studio.warnings.item(i).text() for i in range(studio.warnings.count()))

    answers.save_paths.append(str(tmp_path / "shop.pdf"))
    click(qtbot, studio.save_button)
    data = (tmp_path / "shop.pdf").read_bytes()
    pdf = open_pdf(data)
    assert len(pdf) == 1  # the flyer's one design (fa and de side by side) on its own page
    for page in pdf:
        left, bottom, right, top = page.get_trimbox()
        assert ((right - left) / MM, (top - bottom) / MM) == pytest.approx((105, 148), abs=0.01)
        assert page.get_bleedbox()[2] - right == pytest.approx(3 * MM, abs=0.01)
        assert page.get_mediabox()[2] > page.get_bleedbox()[2]  # room for the crop marks
    operators, _, codes = inks(data)
    assert operators <= {"k", "K"} and codes and set(codes) == {("cmyk", 0, 0, 0, 1)}
    assert qr_texts(pdf[0], dpi=200) == [window.settings.appeal_url]


def test_tiling_turns_bleed_and_crop_marks_off_and_says_why(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    studio = studio_of(window)
    form = studio.piece
    click_checkbox(qtbot, studio, "mohsen-shekari")
    pick(studio.kind, "poster")
    pick(studio.paper, "A2")
    click(qtbot, form.more)
    tick(qtbot, form.bleed)
    tick(qtbot, form.crop_marks)
    assert form.bleed.isChecked() and form.crop_marks.isChecked()
    pick(studio.tile, "A4")
    assert not form.bleed.isEnabled() and not form.crop_marks.isEnabled()
    assert "print shop" in form.bleed.toolTip()
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "tiles.pdf"))
    click(qtbot, studio.save_button)
    pdf = open_pdf(tmp_path / "tiles.pdf")
    assert len(pdf) == 9  # the assembly map and eight A4 tiles, no refusal
    assert "How to put the tiles together" in pdf[0].get_textpage().get_text_range()
    pick(studio.tile, None)
    assert form.bleed.isEnabled() and form.bleed.isChecked()  # the choice comes back
