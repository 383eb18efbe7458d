"""What a volunteer with no knowledge of the code found typing a sheet in (issue 15),
each checked the way they met it: keys and clicks on the real window."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window, use_language
from tests.gui.test_typing_keys import (
    CTRL,
    click,
    focused,
    open_sheet,
    press,
    rows,
    type_row,
    type_text,
)


def flags(paths: AppPaths) -> dict[int, frozenset[str]]:
    with SignatureStore.open(paths) as store:
        return {s.row_number: s.flags for s in store.signatures()}


def test_the_email_hint_goes_when_its_row_is_saved(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: 'Did you mean sara@gmail.com?' stayed under the fields while the
    # next signers were typed, as if it were about them.
    _, typist = open_sheet(qtbot, app_paths)
    type_row(qtbot, "Sara", "Karimi", "sara@gmial.com")
    hint = typist.row.email_hint
    qtbot.waitUntil(hint.isVisible, timeout=3000)  # seen, after the pause
    press(qtbot, Qt.Key.Key_Return)  # to the consent toggle
    press(qtbot, Qt.Key.Key_Return)  # saved as written: the hint was on screen
    assert rows(app_paths)[1][2] == "sara@gmial.com"
    said = [w.text() for w in typist.findChildren(QLabel) if w.isVisible()]
    assert not any("gmail" in text for text in said), said
    type_row(qtbot, "Jan", "Weber", "jan@example.org")
    qtbot.wait(500)  # past the pause: nothing comes back
    said = [w.text() for w in typist.findChildren(QLabel) if w.isVisible()]
    assert not any("gmail" in text for text in said), said


def test_a_save_shows_an_unseen_email_fix_first_and_the_next_save_keeps_it_as_written(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: a fast typist's Ctrl+Enter beat the 400 ms pause, and the row was
    # saved flagged without the suggestion ever showing.
    _, typist = open_sheet(qtbot, app_paths)
    type_row(qtbot, "Sara", "Karimi", "sara@gmial.com")
    press(qtbot, Qt.Key.Key_Space, CTRL)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # at once, before the pause is over
    hint = typist.row.email_hint
    assert rows(app_paths) == {}
    assert hint.isVisible() and typist.fields["email"].hasFocus()
    assert hint.text() == (
        "Did you mean sara@gmail.com? Down takes it; Ctrl+Enter saves it as written."
    )
    press(qtbot, Qt.Key.Key_Return, CTRL)  # the second request saves as typed
    assert rows(app_paths)[1][2] == "sara@gmial.com"
    assert flags(app_paths)[1] == frozenset({"warn:did_you_mean"})
    assert typist.fields["first_name"].hasFocus() and not hint.isVisible()

    # Down still takes the fix the save request showed.
    type_row(qtbot, "Jan", "Weber", "jan@hotmial.com")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert 2 not in rows(app_paths) and typist.fields["email"].hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert rows(app_paths)[2][2] == "jan@hotmail.com" and not flags(app_paths)[2]


def test_a_save_shows_an_unseen_email_problem_first_and_still_refuses_it(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist = open_sheet(qtbot, app_paths)
    type_row(qtbot, "Jan", "Weber", "jan..weber@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    hint = typist.row.email_hint
    assert hint.isVisible() and "two dots in a row" in hint.text()
    assert typist.fields["email"].hasFocus() and not typist.problem.isVisible()
    press(qtbot, Qt.Key.Key_Return, CTRL)  # an error: still not saved
    assert rows(app_paths) == {} and typist.fields["email"].hasFocus()
    assert hint.isVisible() and not typist.problem.isVisible(), "said once, under the field"


def ring(widget: QWidget) -> list[QColor]:
    """The colours of the three outermost pixels at the middle of the widget's left edge."""
    image = widget.grab().toImage()
    y = image.height() // 2
    return [image.pixelColor(x, y) for x in range(3)]


def blue(colour: QColor) -> bool:
    return colour.blue() > colour.red() + 80 and colour.blue() > colour.green() + 30


def test_the_cursor_is_unmistakable_on_the_consent_toggle_and_the_fields(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: the focus ring on the NO toggle was a dark 2 px border beside NO's
    # red 2 px border; a field's was a thin red line.
    _, typist = open_sheet(qtbot, app_paths)
    consent, first = typist.consent, typist.fields["first_name"]
    assert all(blue(c) for c in ring(first)), ring(first)  # the cursor is here
    unfocused_no = ring(consent)
    assert all(c.red() > c.blue() + 80 for c in unfocused_no[:2])  # NO: red
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return)  # to the toggle
    assert consent.hasFocus()
    assert all(blue(c) for c in ring(consent)), ring(consent)
    assert not any(blue(c) for c in ring(first))
    press(qtbot, Qt.Key.Key_Space)  # YES: green, the ring still blue
    assert consent.isChecked() and all(blue(c) for c in ring(consent))
    assert "NO" not in consent.text()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_f6_chooses_the_newest_row_and_home_and_end_go_to_the_first_and_last(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, language: str
) -> None:
    # Failed before: F6 came back to the row corrected last, Home and End moved along
    # the row's cells, and in Persian F6 chose no row at all.
    use_language(app_paths, language)
    _, typist = open_sheet(qtbot, app_paths, rows=5)

    def chosen() -> int:
        chosen_id = typist.table.selected_id()
        assert chosen_id is not None
        with SignatureStore.open(app_paths) as store:
            return store.signature(chosen_id).row_number

    press(qtbot, Qt.Key.Key_F6)
    assert typist.table.hasFocus() and chosen() == 5
    press(qtbot, Qt.Key.Key_Home)
    assert chosen() == 1
    press(qtbot, Qt.Key.Key_End)
    assert chosen() == 5
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)  # row 2 into the fields
    assert typist.correcting is not None and typist.correcting.row_number == 2
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_F6)
    assert chosen() == 5, "the newest, not the one corrected last"
    title = typist.rows_title.text()
    assert "Home" in title and "End" in title


def test_f7_goes_to_the_paper_count_and_enter_comes_back_to_the_row(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.gui.i18n import Translator
    from actionkit.gui.shortcuts import shortcut_rows

    _, typist = open_sheet(qtbot, app_paths, rows=2)
    assert "(F7)" in typist.paper_label.text()
    assert "paper count" in dict(shortcut_rows(Translator("en")))["F7"]
    type_text("Sa")
    press(qtbot, Qt.Key.Key_F7)
    assert typist.paper_count.hasFocus()
    type_text("3")
    press(qtbot, Qt.Key.Key_Return)
    with SignatureStore.open(app_paths) as store:
        assert store.sheet(typist.sheet.id if typist.sheet else "").paper_count == 3
    assert typist.fields["first_name"].hasFocus(), focused()
    assert typist.fields["first_name"].text() == "Sa"  # the typing goes on where it was


def test_the_sheet_is_summed_up_in_one_line_against_the_paper(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: '12 entered · 12 on paper · complete' stood beside '3 empty · 1 to
    # check' (the 3 blank printed lines below the paper's 12).
    _, typist = open_sheet(qtbot, app_paths, rows=12)

    def paper(count: str) -> str:
        press(qtbot, Qt.Key.Key_F7)
        type_text(count)
        press(qtbot, Qt.Key.Key_Return)
        said = [w.text() for w in typist.findChildren(QLabel) if w.isVisible()]
        assert not any(re.search(r"\d+ empty", text) for text in said), said
        return typist.sheet_state.text()

    assert typist.sheet_state.text() == "12 entered · paper count not set · 3 printed lines left"
    assert paper("12") == "12 entered · 12 on paper · complete"
    assert paper("14") == "12 entered · 14 on paper · 2 missing"
    assert paper("10") == (
        "12 entered · 10 on paper · 2 beyond the paper count (check the count or the row numbers)"
    )
    press(qtbot, Qt.Key.Key_I, CTRL | Qt.KeyboardModifier.ShiftModifier)  # row 13
    assert paper("13") == "13 entered · 13 on paper · complete · 1 illegible, declined or empty"


def test_an_event_gets_a_country_that_its_rows_carry(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: the event form had no country, so no row ever got one.
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    click(qtbot, page.name)
    type_text("Vigil for Narges")
    click(qtbot, page.date)
    type_text("2026-12-10")
    click(qtbot, page.city)
    type_text("Köln")
    click(qtbot, page.country)
    type_text("Germani")  # a typo: refused, and said why
    click(qtbot, page.create_button)
    assert page.events.rowCount() == 0 and page.country.hasFocus()
    said = answers.messages[-1].text
    assert "Unknown country 'Germani'" in said and "DE" in said
    page.country.selectAll()
    type_text("Deutschland")  # a name, in any of several languages, or a code
    click(qtbot, page.create_button)
    assert page.events.rowCount() == 1
    assert page.events.item(0, 3).text() == "Köln, DE"
    with SignatureStore.open(app_paths) as store:
        (event,) = store.events()
        assert event.country == "DE"
        sheet = store.create_sheets(event.slug, ("de",), 1)[0]
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    typist = page.transcriber
    click(qtbot, typist.sheet_id)
    type_text(sheet.id)
    press(qtbot, Qt.Key.Key_Return)
    assert typist.fields["country"].text() == "DE" and typist.fields["city"].text() == "Köln"
    type_row(qtbot, "Sara", "Karimi", "sara@example.org")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert rows(app_paths)[1][4] == "DE"


def test_the_rows_table_keeps_its_room_when_a_duplicate_asks(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    # Failed before: at 1024 x 700 the table showed 4 rows, and one (cut) once the
    # duplicate question came up.
    window, typist = open_sheet(qtbot, app_paths, rows=8)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.height() == 700)
    table = typist.table

    def visible_rows() -> float:
        qtbot.wait(20)  # the layout settles
        return table.viewport().height() / table.rowHeight(0)

    assert visible_rows() >= 5
    type_row(qtbot, "Someone", "Else", "PERSON1@example.org")  # row 1's email
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typist.duplicate_bar.isVisible()
    assert visible_rows() >= 3.5


def test_the_second_typing_also_shows_an_unseen_email_fix_before_saving(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.signatures.double_entry import second_rows
    from tests.gui.test_double_entry import start_second_typing

    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln", country="DE")
        sheet_id = store.create_sheets(event.slug, ("de",), 1)[0].id
    window = make_window(qtbot, app_paths)
    _, typist = start_second_typing(qtbot, window)
    type_text(sheet_id)
    press(qtbot, Qt.Key.Key_Return)
    type_row(qtbot, "Sara", "Karimi", "sara@gmial.com")
    press(qtbot, Qt.Key.Key_Return, CTRL)

    def typed() -> list[str]:
        with SignatureStore.open(app_paths) as store:
            return [s.email for s in second_rows(store, sheet_id).values()]

    assert typed() == [] and typist.row.email_hint.isVisible()
    assert typist.fields["email"].hasFocus()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert typed() == ["sara@gmial.com"]
