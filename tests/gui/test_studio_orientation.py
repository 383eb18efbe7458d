"""The studio's orientation, print-shop box and file names, as a new volunteer met them:
no way to turn a poster, crop marks and CMYK left ticked from a flyer, file names that
named the sheet instead of the piece, and a warning box that clipped its second line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.studio import StudioWorkspace
from tests.core.print.test_print_shop import inks
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_studio_journey import (
    A3,
    A4,
    click,
    click_checkbox,
    page_size,
    pick,
    rendered,
    studio_of,
)
from tests.gui.test_studio_print_shop import tick
from tests.pdf_helpers import open_pdf

CTRL = Qt.KeyboardModifier.ControlModifier
PERSON = "mohsen-shekari"  # executed: no stale-news question before saving


def open_studio(qtbot: QtBot, app_paths: AppPaths) -> tuple[MainWindow, StudioWorkspace]:
    window = make_window(qtbot, app_paths)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    studio = studio_of(window)
    click_checkbox(qtbot, studio, PERSON)
    pick(studio.lang1, "fa")
    pick(studio.lang2, "de")
    return window, studio


def test_a_landscape_poster_is_previewed_saved_and_named_landscape(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: the studio had no orientation control at all."""
    _, studio = open_studio(qtbot, app_paths)
    form = studio.piece
    pick(studio.kind, "poster")
    pick(studio.paper, "A3")
    assert form.orientation.isVisible()
    pick(form.orientation, True)
    rendered(qtbot, studio)
    assert studio.last is not None
    assert (round(studio.last.sizes[0][0], 1), round(studio.last.sizes[0][1], 1)) == A3[::-1]

    answers.save_paths.append(str(tmp_path / "turned.pdf"))
    click(qtbot, studio.save_button)
    assert Path(answers.starts[-1]).name == f"poster-A3-landscape-fa-de-{PERSON}.pdf"
    pdf = open_pdf(tmp_path / "turned.pdf")
    assert page_size(pdf[0]) == A3[::-1]  # wider than tall: the landscape layout

    # The placard and the wall turn too; handouts and the appeal have a fixed orientation.
    for kind in ("placard", "wall"):
        pick(studio.kind, kind)
        assert form.orientation.isVisible(), kind
    for kind in ("flyer", "palmcard", "appeal"):
        pick(studio.kind, kind)
        assert not form.orientation.isVisible(), kind
    pick(studio.kind, "placard")
    pick(studio.paper, "A4")
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "placard.pdf"))
    click(qtbot, studio.save_button)
    assert Path(answers.starts[-1]).name == f"placard-A4-landscape-fa-de-{PERSON}.pdf"
    assert page_size(open_pdf(tmp_path / "placard.pdf")[0]) == A4[::-1]


def test_print_shop_choices_made_for_a_flyer_do_not_reach_the_next_poster(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: crop marks and CMYK ticked for a flyer stayed ticked for the
    poster (one shared check box), which came out CMYK and larger than its A4 paper."""
    _, studio = open_studio(qtbot, app_paths)
    form = studio.piece
    pick(studio.kind, "flyer")
    click(qtbot, form.more)
    for box in (form.one_up, form.bleed, form.crop_marks, form.cmyk):
        assert box.parent() is form.shop  # grouped under "For a print shop"
    assert form.shop.title() == "For a print shop"
    tick(qtbot, form.one_up)
    tick(qtbot, form.crop_marks)
    tick(qtbot, form.cmyk)
    assert form.one_up.isChecked() and form.crop_marks.isChecked() and form.cmyk.isChecked()

    pick(studio.kind, "poster")
    pick(studio.paper, "A4")
    assert not any(b.isChecked() for b in (form.one_up, form.bleed, form.crop_marks, form.cmyk))
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "home.pdf"))
    click(qtbot, studio.save_button)
    data = (tmp_path / "home.pdf").read_bytes()
    assert page_size(open_pdf(data)[0]) == A4  # no crop-mark margin around the page
    operators, _, _ = inks(data)
    assert not operators & {"k", "K"}  # RGB for the home printer, not CMYK


def test_flyer_names_say_the_flyer_size_the_languages_and_the_print_shop_choices(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the old code: an A6 flyer was offered as flyer-<person>-A4.pdf, even 1-up."""
    _, studio = open_studio(qtbot, app_paths)
    form = studio.piece
    pick(studio.kind, "flyer")
    pick(studio.flyer_size, "A6")
    pick(studio.paper, "A4")
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "a.pdf"))
    click(qtbot, studio.save_button)
    assert Path(answers.starts[-1]).name == f"flyer-A6-fa-de-{PERSON}.pdf"
    click(qtbot, form.more)
    tick(qtbot, form.one_up)
    tick(qtbot, form.cmyk)
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "b.pdf"))
    click(qtbot, studio.save_button)
    assert Path(answers.starts[-1]).name == f"flyer-A6-fa-de-{PERSON}-1up-cmyk.pdf"


def test_the_shrink_warning_reads_per_sheet_and_shows_every_line(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    """Fails on the old code: "4 to a A4 sheet", and a 76 px box cut its second line."""
    window, studio = open_studio(qtbot, app_paths)
    pick(studio.lang1, "en")
    pick(studio.lang2, None)
    pick(studio.kind, "flyer")
    pick(studio.flyer_size, "A6")
    pick(studio.paper, "A4")
    rendered(qtbot, studio)
    # By default as many as print at full size (2): no shrink, no warning about it.
    texts = [studio.warnings.item(i).text() for i in range(studio.warnings.count())]
    assert not any("per A4 sheet" in text for text in texts), texts
    click(qtbot, studio.piece.more)  # "More options" holds the count per sheet
    pick(studio.piece.per_sheet, 4)  # four to a sheet, chosen in the form
    rendered(qtbot, studio)
    qtbot.waitUntil(lambda: studio.warnings.isVisible())
    texts = [studio.warnings.item(i).text() for i in range(studio.warnings.count())]
    assert any("4 per A4 sheet" in text for text in texts), texts
    assert not any(" a A4" in text for text in texts), texts
    box = studio.warnings
    qtbot.waitUntil(
        lambda: box.visualItemRect(box.item(box.count() - 1)).bottom() <= box.viewport().height()
    )
    last = box.visualItemRect(box.item(box.count() - 1))
    assert last.height() > box.fontMetrics().height() * 1.5  # it wraps onto lines of its own
    assert last.bottom() <= box.viewport().height(), (last, box.viewport().height())
    assert window.isVisible()


@pytest.mark.parametrize("kind", ["poster", "placard"])
def test_the_orientation_reaches_the_preview(qtbot: QtBot, app_paths: AppPaths, kind: str) -> None:
    _, studio = open_studio(qtbot, app_paths)
    pick(studio.kind, kind)
    pick(studio.paper, "A4")
    rendered(qtbot, studio)
    assert studio.last is not None and studio.last.sizes[0][0] < studio.last.sizes[0][1]
    pick(studio.piece.orientation, True)
    qtbot.waitUntil(
        lambda: (
            not studio.busy()
            and studio.last is not None
            and studio.last.sizes[0][0] > studio.last.sizes[0][1]
        ),
        timeout=30_000,
    )
