"""What a second new-user run found in the print studio and the People workspace,
driven through the user's path."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.dataset import DatasetStore, LoadedDataset
from actionkit.core.dataset.model import Story
from actionkit.core.paths import AppPaths, resolve_paths
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render
from actionkit.gui.i18n import Translator
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.studio import StudioWorkspace
from tests.gui.conftest import Accepted, Answers
from tests.gui.layout_checks import clipped, navigation_clipped, tool_button_width_needed
from tests.gui.test_main_window import make_window
from tests.gui.test_people import click_row, people_page
from tests.gui.test_studio_journey import click, click_checkbox, pick, rendered

FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"


def warnings_shown(studio: StudioWorkspace) -> list[str]:
    return [studio.warnings.item(i).text() for i in range(studio.warnings.count())]


def test_staleness_and_layout_warnings_follow_the_interface_language(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    click_checkbox(qtbot, studio, "ahmadreza-djalali")
    pick(studio.lang2, "fr")
    rendered(qtbot, studio)
    english = warnings_shown(studio)
    assert any("rests on news from" in w for w in english), english

    window.set_language("de")
    german = warnings_shown(studio)
    assert any("beruht auf Nachrichten" in w and "Zum Tode verurteilt" in w for w in german), german
    assert not any("rests on news" in w or "no story" in w for w in german), german

    window.set_language("fa")
    farsi = warnings_shown(studio)
    stale = next(w for w in farsi if any(c.isdigit() for c in w) and "محکوم به اعدام" in w)
    # The Latin name and every number sit in their own isolate, so "(بیش از 90)" stays whole.
    assert stale.startswith(f"{LRI}Ahmadreza Djalali{PDI}:"), stale
    assert f"({'بیش از'} {LRI}90{PDI})" in stale, stale
    assert "rests on news" not in stale


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedDataset:
    return DatasetStore(resolve_paths(tmp_path / "home")).load()


def test_layout_notes_carry_keys_and_read_in_every_language(loaded: LoadedDataset) -> None:
    """A story missing in a language and a story too long for its frame: both notes are
    keyed, so the studio shows them in the interface language, never in English."""
    person = loaded.get("narges-mohammadi")
    assert person is not None
    only_english = replace(person, story={"en": Story(person.story["en"].text * 30, False)})
    job = PrintJob("poster", [only_english], ["en", "de"], PageSetup("A4"), "https://x.org")
    notes = render(job, BytesIO(), loaded.dataset.info).warnings
    keys = {getattr(n, "key", None) for n in notes}
    assert {"print.no_story", "print.does_not_fit"} <= keys, notes
    german = [Translator("de").text(n) for n in notes]
    assert (
        "Für Narges Mohammadi gibt es keine Geschichte auf Deutsch; "
        "die anderen Sprachen nehmen ihren Platz ein." in german
    )
    assert any(g.startswith("„Story of Narges Mohammadi (en)“ passt selbst bei") for g in german), (
        german
    )
    for language in ("fa", "es", "fr"):
        shown = [Translator(language).text(n) for n in notes]
        assert not any("no story" in s or "does not fit" in s for s in shown), (language, shown)


# Update status and Add person -----------------------------------------------------------


def press_ok(qtbot: QtBot, dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_one_status_update_adds_exactly_one_source(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Toomaj")
    click_row(qtbot, page, 0)
    before = page.selected_people()[0]

    def update(dialog: Any) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData("held"))
        dialog.as_of.setText("2026-11-20")
        qtbot.keyClicks(dialog.title, "Rally report")
        qtbot.keyClicks(dialog.publisher, "Local group")
        press_ok(qtbot, dialog)
        return int(dialog.result())

    answers.dialogs.append(update)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    after = page.loaded.get(before.id)
    assert after is not None and after.status == "detained"
    added = [s for s in after.sources if s not in before.sources]
    assert [s.title for s in added] == ["Rally report"], after.sources
    assert page.detail.toPlainText().count("Rally report") == 1


def test_ok_with_a_missing_source_keeps_the_dialog_open_and_says_why_in_german(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, page = people_page(qtbot, app_paths)
    window.set_language("de")
    qtbot.keyClicks(page.search, "Toomaj")
    click_row(qtbot, page, 0)
    person = page.selected_people()[0]
    seen: dict[str, object] = {}

    def forgets_then_adds_the_source(dialog: Any) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        seen["url_width"] = dialog.url.width()
        seen["title_width"] = dialog.title.width()
        dialog.status.setCurrentIndex(dialog.status.findData("release"))
        dialog.as_of.setText("2026-11-31")
        qtbot.keyClicks(dialog.url, "https://example.org/a-long-article-about-the-release")
        press_ok(qtbot, dialog)
        seen["first"] = dialog.result()
        seen["open"] = dialog.isVisible()
        seen["kept"] = (dialog.url.text(), dialog.status.currentData())
        dialog.as_of.setText("2026-11-20")
        qtbot.keyClicks(dialog.title, "Release report")
        qtbot.keyClicks(dialog.publisher, "Local group")
        press_ok(qtbot, dialog)
        return int(dialog.result())

    answers.dialogs.append(forgets_then_adds_the_source)
    qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)
    assert seen["first"] != Accepted and seen["open"], "OK with no source must not close"
    assert seen["kept"] == ("https://example.org/a-long-article-about-the-release", "release")
    (message,) = answers.messages
    assert message.plain
    assert "Quelle" in message.text and "2026-11-31" in message.text, message.text
    assert "sources[" not in message.text and "characters" not in message.text
    assert page.loaded.get(person.id).status == "released"  # type: ignore[union-attr]
    # Wide enough for an address and a title: about 50 characters, not 20.
    fifty = page.fontMetrics().horizontalAdvance("x" * 50)
    assert int(seen["url_width"]) >= fifty and int(seen["title_width"]) >= fifty  # type: ignore[call-overload]


def fill_new_person(qtbot: QtBot, name: str) -> Any:
    def fill(dialog: Any) -> int:
        qtbot.keyClicks(dialog.latin, name)
        dialog.as_of.setText("2026-11-19")
        qtbot.keyClicks(dialog.title, "Call with the family")
        qtbot.keyClicks(dialog.publisher, "Koeln group")
        press_ok(qtbot, dialog)
        return int(dialog.result())

    return fill


def test_a_new_person_is_shown_selected_and_said_and_a_same_name_is_asked_about(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Golian")
    everyone = len(page.loaded.people)

    answers.dialogs.append(fill_new_person(qtbot, "Shirin Example"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.search.text() == "", "the search that hid the new person is cleared"
    (chosen,) = page.selected_people()
    assert chosen.name_latin == "Shirin Example" and chosen.id.startswith("local-")
    assert "Shirin Example" in window.statusBar().currentMessage()
    assert not answers.messages, "no question for a name nobody has"

    answers.yes = False
    answers.dialogs.append(fill_new_person(qtbot, "sepideh GHOLIAN"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    (question,) = answers.messages
    assert question.text == "Sepideh Gholian is already in the list. Add anyway?"
    assert len(page.loaded.people) == everyone + 1, "No: nobody added"

    answers.yes = True
    answers.dialogs.append(fill_new_person(qtbot, "sepideh GHOLIAN"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(page.loaded.people) == everyone + 2, "Yes: added after all"


# The side bar ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])
def test_the_side_bar_fits_its_longest_entry_in_german_and_never_scrolls_sideways(
    qtbot: QtBot, app_paths: AppPaths, size: tuple[int, int]
) -> None:
    window = make_window(qtbot, app_paths)
    window.resize(*size)
    english_width = window.navigation.width()
    window.set_language("de")
    QApplication.processEvents()
    navigation = window.navigation
    longest = max(range(navigation.count()), key=lambda r: len(navigation.item(r).text()))
    assert navigation.item(longest).text() == "Aktionen & Unterschriften"
    assert navigation_clipped(window) == []
    assert not navigation.horizontalScrollBar().isVisible()
    text = navigation.fontMetrics().horizontalAdvance("Aktionen & Unterschriften")
    assert navigation.visualItemRect(navigation.item(longest)).width() >= text + 40
    window.set_language("en")
    QApplication.processEvents()
    assert window.navigation.width() == english_width, "back to its English width"


# "Weitere Optionen" -----------------------------------------------------------------------


def test_layout_checks_see_a_tool_button_with_an_arrow_cut_short(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    more = QToolButton(holder)
    more.setText("Weitere Optionen")
    more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    more.setArrowType(Qt.ArrowType.RightArrow)
    holder.show()
    needed = tool_button_width_needed(more)
    text = more.fontMetrics().horizontalAdvance("Weitere Optionen")
    assert needed >= text + more.iconSize().width(), "the arrow is counted"
    more.resize(max(needed, more.sizeHint().width()), more.sizeHint().height())
    assert clipped(holder) == []
    more.resize(text, more.sizeHint().height())  # room for the words, none for the arrow
    assert [p for p in clipped(holder) if "Weitere Optionen" in p]


def test_more_options_stays_whole_in_german_at_1024_with_a_larger_font(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    ours = QApplication.font()
    larger = QApplication.font()
    larger.setPointSizeF(larger.pointSizeF() + 1)  # a desktop with larger type than ours
    QApplication.setFont(larger)
    try:
        check_more_options(window)
    finally:
        QApplication.setFont(ours)


def check_more_options(window: MainWindow) -> None:
    window.set_language("de")
    window.resize(1024, 700)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    QApplication.processEvents()
    more = studio.piece.more
    assert more.text() == "Weitere Optionen"
    assert more.width() >= max(more.sizeHint().width(), tool_button_width_needed(more))
    assert clipped(studio) == []


# Ticks hidden by the filter, the search's words, the paper ------------------------------


def test_ticks_hidden_by_the_filter_are_counted_and_shown_in_one_click(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    picker = studio.picker
    pick(studio.kind, "wall")
    outside = next(p for p in studio.loaded.people if "Evin" not in (p.prison or ""))
    click_checkbox(qtbot, studio, outside.id)
    assert not picker.hidden_bar.isVisible()
    qtbot.keyClicks(picker.search, "Evin")
    assert outside.id not in picker.shown_ids()
    click(qtbot, picker.tick_shown_button)
    ticked = picker.ticked_ids()
    assert outside.id in ticked, "kept on purpose: a wall is built over several searches"
    assert picker.count.text() == f"{len(ticked)} ticked, 1 not shown"
    assert picker.hidden_bar.isVisible()
    assert picker.hidden_label.text() == "Ticked but not shown: 1. They stay on the piece."

    click(qtbot, picker.show_ticked_button)
    assert sorted(picker.shown_ids()) == sorted(ticked), "exactly the ticked, the hidden one too"
    assert picker.search.text() == ""
    assert picker.count.text() == f"{len(ticked)} ticked"
    assert picker.show_ticked_button.text() == "Show everyone"
    click(qtbot, picker.show_ticked_button)
    assert len(picker.shown_ids()) == len(studio.loaded.people)
    assert not picker.hidden_bar.isVisible()


def test_the_studio_search_says_it_finds_prisons_too(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    search = studio.picker.search
    assert search.placeholderText() == "Search by name or prison"
    qtbot.keyClicks(search, "Evin")
    shown = [studio.loaded.get(i) for i in studio.picker.shown_ids()]
    assert any(p and "evin" not in p.display_name.lower() for p in shown), "found by prison"
    expected = {
        "de": "Name oder Gefängnis",
        "fa": "جستجوی نام یا زندان",
        "es": "Nombre o prisión",
        "fr": "Nom ou prison",
    }
    for language, words in expected.items():
        window.set_language(language)
        assert search.placeholderText() == words


def test_switching_the_piece_keeps_the_chosen_paper(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    pick(studio.paper, "A3")
    pick(studio.kind, "placard")
    assert studio.paper.currentData() == "A3"
    pick(studio.kind, "flyer")  # flyers are printed on A4 or Letter
    assert studio.paper.currentData() in ("A4", "Letter")
    pick(studio.kind, "poster")
    assert studio.paper.currentData() == "A3", "back to the paper the user chose"
    click_checkbox(qtbot, studio, "narges-mohammadi")
    rendered(qtbot, studio)
    assert studio.choice().paper == "A3"


def test_the_more_options_arrow_follows_the_reading_direction_both_ways(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    more = studio.piece.more  # type: ignore[attr-defined]
    assert more.arrowType() == Qt.ArrowType.RightArrow
    window.set_language("fa")
    assert more.arrowType() == Qt.ArrowType.LeftArrow
    window.set_language("es")  # it stayed pointing left after leaving Farsi
    assert more.arrowType() == Qt.ArrowType.RightArrow
