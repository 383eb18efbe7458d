"""Check against paper, in the typing view: the paper count saved and what the entered
rows come to against it said in words under the fields (a new user's run-through: the
button showed nothing visible). Clicks and keys only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.workspaces.transcribe import Transcriber
from tests.gui.conftest import Answers
from tests.gui.test_typing_keys import CTRL, click, open_sheet, press, type_text


def check_against_paper(qtbot: QtBot, typist: Transcriber, count: int) -> str:
    """The count typed over the one shown, then the button: the words it shows."""
    click(qtbot, typist.paper_count)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(str(count))
    qtbot.mouseClick(typist.paper_button, Qt.MouseButton.LeftButton)
    assert typist.notice.isVisible(), "the result is shown"
    return typist.notice.text()


def test_check_against_paper_says_what_it_found(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, typist = open_sheet(qtbot, app_paths, rows=3)
    assert typist.paper_button.text() == "Check against paper"
    assert check_against_paper(qtbot, typist, 5) == (
        "Checked against the paper (rows on paper: 5): 2 rows are not entered yet."
    )
    assert check_against_paper(qtbot, typist, 4) == (
        "Checked against the paper (rows on paper: 4): 1 row is not entered yet."
    )
    assert check_against_paper(qtbot, typist, 3) == (
        "Checked against the paper: all 3 rows on paper are entered; the sheet is complete."
    )
    assert check_against_paper(qtbot, typist, 2) == (
        "Checked against the paper (rows on paper: 2): 1 entered row lies beyond the last"
        " one. Check the count or the row numbers."
    )
    with SignatureStore.open(app_paths) as store:
        assert typist.sheet is not None and store.sheet(typist.sheet.id).paper_count == 2
    # Said again in the language chosen next.
    window.set_language("de")
    assert typist.notice.text() == (
        "Mit dem Papier abgeglichen (Zeilen auf Papier: 2): 1 erfasste Zeile liegt hinter"
        " der letzten. Prüfen Sie die Zahl oder die Zeilennummern."
    )


def test_enter_in_the_paper_count_says_it_too(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, typist = open_sheet(qtbot, app_paths, rows=1)
    press(qtbot, Qt.Key.Key_F7)
    type_text("1")
    press(qtbot, Qt.Key.Key_Return)
    assert typist.fields["first_name"].hasFocus()
    assert typist.notice.isVisible() and typist.notice.text() == (
        "Checked against the paper: the one row on paper is entered; the sheet is complete."
    )
