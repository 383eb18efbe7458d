"""The print studio driven like a volunteer drives it: clicks, keys and Qt's own dialogs.

Every file checked here is one the user would get: the saved PDFs, the batch
folder, and the PDF a (PDF) printer writes when the user presses Print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPageSize, QWheelEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QStyle, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.dataset import IMPRISONED_STATUSES
from actionkit.core.paths import AppPaths
from actionkit.core.settings import Settings, save_settings
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.people import PeopleWorkspace
from actionkit.gui.workspaces.settings import SettingsWorkspace
from actionkit.gui.workspaces.studio import StudioWorkspace
from tests.gui.conftest import Accepted, Answers
from tests.gui.test_main_window import make_window
from tests.pdf_helpers import open_pdf, page_text, qr_texts

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
A3 = (841.9, 1190.6)  # points
A4 = (595.3, 841.9)


def page_size(page: Any) -> tuple[float, float]:
    width, height = page.get_size()
    return round(width, 1), round(height, 1)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, LEFT)


def pick(combo: QComboBox, data: object) -> None:
    """Choose an entry (QTest cannot open a combo's popup offscreen; setCurrentIndex is what
    the popup does)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def click_people_row(qtbot: QtBot, people: PeopleWorkspace, row: int) -> None:
    rect = people.table.visualRect(people.proxy.index(row, 0))
    qtbot.mouseClick(people.table.viewport(), LEFT, pos=rect.center())


def click_checkbox(qtbot: QtBot, studio: StudioWorkspace, person_id: str) -> None:
    """Click the check box at the start of a person's row in the studio's list."""
    listing: QListWidget = studio.people
    item = studio.picker.item_for(person_id)
    assert item is not None and not item.isHidden()
    listing.scrollToItem(item)
    rect = listing.visualItemRect(item)
    style = listing.style()
    indicator = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    qtbot.mouseClick(
        listing.viewport(),
        LEFT,
        pos=QPoint(rect.left() + margin + indicator // 2, rect.center().y()),
    )


def rendered(qtbot: QtBot, studio: StudioWorkspace) -> None:
    """Wait, as the user does, until the preview shows the piece as chosen."""
    qtbot.waitUntil(lambda: not studio.busy() and studio.last is not None, timeout=30_000)


def studio_of(window: MainWindow) -> StudioWorkspace:
    studio = window.stack.currentWidget()
    assert isinstance(studio, StudioWorkspace)
    return studio


def test_a_volunteer_makes_posters_flyers_a_wall_a_batch_and_prints(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    url = window.settings.appeal_url
    people = window.show_workspace(0)
    assert isinstance(people, PeopleWorkspace)

    # Find Narges by her Persian name and select her with a click.
    people.search.insert("نرگس")  # QTest cannot type Persian; inserting is what typing does
    assert people.proxy.rowCount() == 1
    click_people_row(qtbot, people, 0)
    assert [p.id for p in people.selected_people()] == ["narges-mohammadi"]

    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    studio = studio_of(window)
    assert studio.picker.ticked_ids() == ["narges-mohammadi"], "first ticks come from People"
    assert studio.picker.offer_bar.isHidden()

    # Back in People: a misspelling still finds Sepideh Gholian; selecting her changes no tick.
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    people.search.selectAll()
    qtbot.keyClick(people.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(people.search, "Golian")
    names = [people.proxy.index(r, 0).data() for r in range(people.proxy.rowCount())]
    click_people_row(qtbot, people, names.index("Sepideh Gholian"))
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert studio.picker.ticked_ids() == ["narges-mohammadi"]
    assert studio.picker.offer_bar.isVisible()
    assert "1" in studio.picker.offer_label.text()
    click(qtbot, studio.picker.use_button)
    assert studio.picker.ticked_ids() == ["sepideh-gholian"]
    assert studio.picker.offer_bar.isHidden()
    click_checkbox(qtbot, studio, "narges-mohammadi")
    assert studio.picker.ticked_ids() == ["narges-mohammadi", "sepideh-gholian"]

    # A bilingual A3 poster, saved with the button (no ".pdf" typed) and again with Ctrl+S.
    pick(studio.lang1, "fa")
    pick(studio.lang2, "de")
    pick(studio.paper, "A3")
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "poster"))
    click(qtbot, studio.save_button)
    answers.save_paths.append(str(tmp_path / "again.pdf"))
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    # Both are printed in situations (detained, out on bail) that rest on news older than
    # 90 days: each save asked first.
    assert [m.title for m in answers.messages] == ["Old news: check before printing"] * 2
    assert all("Sepideh Gholian" in m.text and "Narges Mohammadi" in m.text
               for m in answers.messages)  # fmt: skip
    answers.messages.clear()
    for name in ("poster.pdf", "again.pdf"):
        pdf = open_pdf(tmp_path / name)
        assert len(pdf) == 2  # one poster per person
        assert page_size(pdf[0]) == A3
        assert qr_texts(pdf[0]) == [url]
        assert "Gholian" in page_text(pdf[1])
    assert (tmp_path / "poster.pdf").read_bytes() == (tmp_path / "again.pdf").read_bytes()
    assert str(tmp_path / "again.pdf") in window.statusBar().currentMessage()

    # Print it: the dialog already shows A3; a PDF printer stands in for a real one.
    printed = tmp_path / "printed.pdf"
    asked_for: list[QPageSize.PageSizeId] = []

    def print_to_pdf(dialog: Any) -> int:
        printer = dialog.printer()
        asked_for.append(printer.pageLayout().pageSize().id())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return Accepted

    answers.dialogs.append(print_to_pdf)
    click(qtbot, studio.print_button)
    qtbot.waitUntil(lambda: not studio.busy_with_job(), timeout=60_000)
    assert asked_for == [QPageSize.PageSizeId.A3]
    assert [m.text.splitlines()[-1] for m in answers.messages] == ["Print it anyway?"]
    answers.messages.clear()
    pdf = open_pdf(printed)
    assert len(pdf) == 2
    assert all(abs(a - b) < 1 for a, b in zip(page_size(pdf[0]), A3, strict=True))
    assert qr_texts(pdf[0]) == [url]

    # A6 flyers on A4: by default as many as print at full size, two to a sheet.
    pick(studio.kind, "flyer")
    pick(studio.flyer_size, "A6")
    pick(studio.paper, "A4")
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "flyers.pdf"))
    click(qtbot, studio.save_button)
    sheet = open_pdf(tmp_path / "flyers.pdf")[0]
    assert page_size(sheet) == A4
    assert qr_texts(sheet) == [url] * 2

    # A wall of the six people held in Ghezel Hesar: filter, search, tick all shown.
    pick(studio.kind, "wall")
    click(qtbot, studio.picker.untick_button)
    assert studio.picker.ticked_ids() == []
    pick(studio.picker.status, "imprisoned")
    qtbot.keyClicks(studio.picker.search, "Ghezel Hesar")
    shown = studio.picker.shown_ids()
    assert len(shown) == 6
    assert all(studio.loaded.get(i).status in IMPRISONED_STATUSES for i in shown)  # type: ignore[union-attr]
    click(qtbot, studio.picker.tick_shown_button)
    assert studio.picker.ticked_ids() == shown
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "wall.pdf"))
    click(qtbot, studio.save_button)
    text = page_text(open_pdf(tmp_path / "wall.pdf")[0])
    for person_id in shown:
        person = studio.loaded.get(person_id)
        # The surname, whole, or its last part where a hyphenated name is broken at the hyphen.
        assert person is not None and person.display_name.split()[-1].split("-")[-1] in text

    # One poster PDF per ticked person, in a folder the user picks.
    pick(studio.kind, "poster")
    folder = tmp_path / "batch"
    folder.mkdir()
    answers.folders.append(str(folder))
    click(qtbot, studio.batch_button)
    qtbot.waitUntil(lambda: not studio.busy_with_job(), timeout=60_000)
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(f"{i}-poster.pdf" for i in shown)
    assert all(m.title == "Old news: check before printing" for m in answers.messages)
    assert len(answers.messages) == 3  # the flyers, the wall and the batch


def test_save_print_and_batch_are_off_while_a_print_or_batch_runs(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    studio = studio_of(window)
    buttons = (studio.save_button, studio.print_button, studio.batch_button)
    click_checkbox(qtbot, studio, "narges-mohammadi")
    click_checkbox(qtbot, studio, "toomaj-salehi")
    pick(studio.paper, "A2")
    pick(studio.tile, "A4")  # 9 pages each (a map and 8 tiles): the print takes a while
    rendered(qtbot, studio)

    def print_to_pdf(dialog: Any) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(tmp_path / "printed.pdf"))
        return Accepted

    answers.dialogs.append(print_to_pdf)
    click(qtbot, studio.print_button)
    assert studio.busy_with_job()
    assert not any(b.isEnabled() for b in buttons)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)  # the key does what the (off) button does
    assert "save" not in answers.asked
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in buttons), timeout=60_000)
    assert len(open_pdf(tmp_path / "printed.pdf")) == 18

    answers.folders.append(str(tmp_path))
    click(qtbot, studio.batch_button)
    assert not any(b.isEnabled() for b in buttons)
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in buttons), timeout=60_000)
    assert len(list(tmp_path.glob("*-poster.pdf"))) == 2


def test_the_studio_starts_with_the_print_languages_from_settings_and_follows_them(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    app_paths.ensure()
    save_settings(
        Settings(print_languages=["fa", "de"], welcome_done=True), app_paths.settings_file
    )
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    assert (studio.lang1.currentData(), studio.lang2.currentData()) == ("fa", "de")

    settings = window.show_workspace(3)
    assert isinstance(settings, SettingsWorkspace)
    pick(settings.print_languages.first, "en")
    pick(settings.print_languages.second, "")
    click(qtbot, settings.save_button)
    assert (studio.lang1.currentData(), studio.lang2.currentData()) == ("en", None)

    pick(studio.lang2, "es")  # the user's own pick now wins over Settings
    pick(settings.print_languages.first, "de")
    pick(settings.print_languages.second, "fr")
    click(qtbot, settings.save_button)
    assert (studio.lang1.currentData(), studio.lang2.currentData()) == ("en", "es")


def test_filtering_hides_rows_and_keeps_the_ticks(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    everyone = len(studio.picker.shown_ids())
    click_checkbox(qtbot, studio, "narges-mohammadi")
    pick(studio.picker.status, "executed")
    assert "narges-mohammadi" not in studio.picker.shown_ids()
    assert studio.picker.ticked_ids() == ["narges-mohammadi"], "hidden, still ticked"
    click(qtbot, studio.picker.tick_shown_button)
    executed = [p.id for p in studio.loaded.people if p.status == "executed"]
    assert sorted(studio.picker.ticked_ids()) == sorted(["narges-mohammadi", *executed])
    pick(studio.picker.status, None)
    assert len(studio.picker.shown_ids()) == everyone
    click(qtbot, studio.picker.untick_button)
    assert studio.picker.ticked_ids() == []


def test_preview_shows_every_page_and_fits_the_window(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    window.resize(1024, 700)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    click_checkbox(qtbot, studio, "narges-mohammadi")
    pick(studio.paper, "A2")
    pick(studio.tile, "A4")
    rendered(qtbot, studio)
    preview = studio.preview
    assert preview.page_label.text() == "Page 1 of 9"  # the assembly map, then 8 tiles
    assert not preview.previous_button.isEnabled()
    for _ in range(8):
        click(qtbot, preview.next_button)
    assert preview.page_label.text() == "Page 9 of 9"
    assert not preview.next_button.isEnabled()
    qtbot.waitUntil(lambda: 8 in preview.images and not preview.loading(), timeout=20_000)
    pixmap = preview.image.pixmap()
    viewport = preview.area.viewport().size()
    assert pixmap.width() <= viewport.width() and pixmap.height() <= viewport.height()
    assert max(pixmap.width() / viewport.width(), pixmap.height() / viewport.height()) > 0.8

    small = pixmap.width()
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: preview.image.pixmap().width() > small * 1.2, timeout=5000)

    pick(preview.zoom, "width")
    qtbot.waitUntil(lambda: not preview.loading(), timeout=20_000)
    width = preview.area.viewport().width()
    assert width * 0.85 < preview.image.pixmap().width() <= width
    pick(preview.zoom, 200)
    qtbot.waitUntil(lambda: not preview.loading(), timeout=20_000)
    assert preview.image.pixmap().width() > width  # larger than the window: it scrolls
    assert max(preview.images[8].width(), preview.images[8].height()) > 2000, "rendered sharper"

    def ctrl_wheel(steps: int) -> None:
        viewport = preview.area.viewport()
        centre = QPointF(viewport.rect().center())
        wheel = QWheelEvent(centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(),
                            QPoint(0, 120 * steps), Qt.MouseButton.NoButton, CTRL,
                            Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
        QApplication.sendEvent(viewport, wheel)

    ctrl_wheel(1)
    assert preview.zoom.currentData() == 300
    ctrl_wheel(-1)
    ctrl_wheel(-1)
    assert preview.zoom.currentData() == 150


def test_a_name_without_pdf_gets_it_and_a_failed_save_says_why(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    click(qtbot, studio.save_button)  # nobody ticked: says so, asks for no file
    assert answers.asked == [] and "Tick" in answers.message_texts()
    click_checkbox(qtbot, studio, "narges-mohammadi")
    rendered(qtbot, studio)
    answers.save_paths.append(str(tmp_path / "missing-folder" / "x" / "poster.PDF"))
    (tmp_path / "missing-folder").write_text("a file where a folder should be")
    click(qtbot, studio.save_button)
    assert answers.messages[-1].plain and "poster.PDF" in answers.messages[-1].text
    answers.save_paths.append(str(tmp_path / "poster.v2"))
    click(qtbot, studio.save_button)
    assert (tmp_path / "poster.v2.pdf").exists()


def studio_of_first_person(qtbot: QtBot, window: MainWindow) -> StudioWorkspace:
    """The studio with Narges ticked and her poster rendered."""
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    studio = studio_of(window)
    click_checkbox(qtbot, studio, "narges-mohammadi")
    rendered(qtbot, studio)
    return studio


def test_the_save_dialog_opens_where_the_last_file_went_also_after_a_restart(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    folder = tmp_path / "action-prints"
    folder.mkdir()
    window = make_window(qtbot, app_paths)
    studio = studio_of_first_person(qtbot, window)
    answers.save_paths.append(str(folder / "poster.pdf"))
    click(qtbot, studio.save_button)
    assert (folder / "poster.pdf").exists()
    click(qtbot, studio.save_button)  # cancelled: but where did it open, and with what name?
    assert Path(answers.starts[-1]).parent == folder
    assert answers.starts[-1].endswith(".pdf")
    window.close()

    app = QApplication.instance()
    assert app is not None
    app.setProperty("actionkit_last_folder", "")  # as in a new process
    again = make_window(qtbot, app_paths)
    again.show_current()  # what start-up does after the first paint
    studio = studio_of_first_person(qtbot, again)
    click(qtbot, studio.save_button)
    assert Path(answers.starts[-1]).parent == folder
