"""What a new user found on the signatures page, each checked through the user's path:
password-protected exports in a merge, exports after a purge, the events table, the
words of the export log and dialogs, the sheet languages, the paper count, and what a
duplicate decision did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.workspaces.signature_export import ExportDialog
from tests.gui.conftest import Answers
from tests.gui.merge_helpers import keep_merge_options
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import (
    click,
    export_by_keyboard,
    fill_export,
    open_seeded_sheet,
    replace_text,
    seed,
    signatures,
    type_event_id,
)


def record_text_prompts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Each text prompt's label and echo mode, then the `answers` fixture answers it."""
    seen: list[tuple[str, Any]] = []
    answer = QInputDialog.getText

    def asked(parent: Any, title: str, label: str, echo: Any = None, *rest: Any, **kw: Any) -> Any:
        seen.append((label, echo))
        return answer(parent, title, label)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(asked))
    return seen


def test_merge_asks_for_the_password_of_a_protected_export_and_never_hides_a_skip(
    qtbot: QtBot,
    app_paths: AppPaths,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "plain.xlsx")
    locked = fill_export(qtbot, "a long password")
    export_by_keyboard(qtbot, window, answers, locked, tmp_path / "locked.xlsx")
    prompts = record_text_prompts(monkeypatch)
    files = [str(tmp_path / "plain.xlsx"), str(tmp_path / "locked.xlsx")]

    # The right password: both files merge, and nothing is skipped.
    answers.open_paths.append(files)
    answers.texts.append("a long password")
    answers.save_paths.append(str(tmp_path / "merged.xlsx"))
    answers.dialogs.append(keep_merge_options)  # the layout and consent dialog
    with qtbot.waitSignal(page.exported, timeout=30_000) as merged:
        click(qtbot, page.merge_button)
    assert len(prompts) == 1 and "locked.xlsx" in prompts[0][0]
    assert prompts[0][1] == QLineEdit.EchoMode.Password
    assert merged.args[0].files_failed == [] and merged.args[0].rows_in == 6
    assert [m.title for m in answers.messages] == ["Merge done"]  # no warning: the summary only
    assert "skipped" not in window.statusBar().currentMessage()

    # A wrong password, then the user leaves the file out: a warning names the file and
    # why; the status line says so.
    answers.open_paths.append(files)
    answers.texts += ["not it", None]  # the second prompt (naming the file) is cancelled
    answers.yes = True  # leave it out
    answers.save_paths.append(str(tmp_path / "merged-again.xlsx"))
    answers.dialogs.append(keep_merge_options)  # the layout and consent dialog
    with qtbot.waitSignal(page.exported, timeout=30_000):
        click(qtbot, page.merge_button)
    warned = answers.messages[-1]
    assert "locked.xlsx" in warned.text and "does not open it" in warned.text
    not_merged = warned.text.split("These files were not merged:")[1].split("\n\n")[0]
    assert "locked.xlsx" in not_merged and "plain.xlsx" not in not_merged and warned.plain
    assert "1 file(s) skipped" in window.statusBar().currentMessage()

    # Cancelling the password prompt merges nothing.
    answers.open_paths.append(files)
    answers.texts.append(None)
    click(qtbot, page.merge_button)
    assert "save" not in answers.asked[-1:]
    assert not (tmp_path / "merged.xlsx.tmp").exists()


def test_an_export_after_a_purge_leaves_the_purged_rows_out_and_says_so(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    slug, _ = seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "handoff.xlsx")
    answers.dialogs.append(type_event_id(qtbot, slug))
    with qtbot.waitSignal(page.purged, timeout=30_000):
        click(qtbot, page.purge_button)
    result = export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "after")
    assert result.rows == 0 and result.purged_left_out == 3
    rows = list(load_workbook(tmp_path / "after.xlsx", read_only=True)["Signers"].values)
    assert len(rows) == 1, rows  # the header only
    assert "3 purged row(s) left out" in window.statusBar().currentMessage()


def test_the_events_table_shows_whole_dates_and_the_id(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    slug, _ = seed(app_paths)
    window = make_window(qtbot, app_paths)
    window.resize(1024, 700)
    page = signatures(window)
    qtbot.waitUntil(lambda: page.event_table.isVisible())
    table = page.event_table
    assert page.events.item(0, 1).text() == slug
    for column in range(1, page.events.columnCount()):  # all but the stretching name
        needed = max(
            table.sizeHintForColumn(column), table.horizontalHeader().sectionSizeHint(column)
        )
        assert table.columnWidth(column) >= needed, column
    assert (
        table.horizontalHeader().sectionResizeMode(0) == table.horizontalHeader().ResizeMode.Stretch
    )


def test_the_export_log_and_dialog_speak_the_ui_language(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    offered: list[str] = []

    def look_then_export(dialog: ExportDialog) -> int:
        offered.extend(dialog.preset.itemText(i) for i in range(dialog.preset.count()))
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        return dialog.result()

    window.set_language("fa")
    export_by_keyboard(qtbot, window, answers, look_then_export, tmp_path / "fa.xlsx")
    assert "generic" not in offered and "crm" not in offered
    assert all(any("\u0600" <= c <= "\u06ff" for c in text) for text in offered), offered
    filters = page.log.item(0, 3).text()
    assert "=" not in filters and "consented_only" not in filters and "generic" not in filters
    assert "همهٔ امضاکنندگان" in filters
    assert page.log.item(0, 5).text() == "خیر"


def test_the_sheet_languages_are_chosen_by_name(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    first, second = page.languages.first, page.languages.second
    assert first.currentData() == window.settings.print_languages[0]
    assert first.currentText() != first.currentData()  # a name, not a code
    qtbot.keyClicks(page.name, "Vigil")
    qtbot.keyClicks(page.date, "2026-12-05")
    first.setCurrentIndex(first.findData("de"))
    second.setCurrentIndex(second.findData("fa"))
    click(qtbot, page.create_button)
    with SignatureStore.open(app_paths) as store:
        assert store.events()[0].languages == ("de", "fa")


def test_the_paper_count_has_a_label_and_enter_applies_it(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, _, typist, sheet_id = open_seeded_sheet(qtbot, app_paths)
    assert typist.paper_label.text() == "Rows on paper (F7):"
    assert typist.paper_label.buddy() is typist.paper_count
    assert typist.paper_button.text() == "Check against paper"
    replace_text(qtbot, typist.paper_count, "3")
    qtbot.keyClick(typist.paper_count, Qt.Key.Key_Return)
    assert "3 on paper" in typist.sheet_state.text()
    with SignatureStore.open(app_paths) as store:
        assert store.sheet(sheet_id).paper_count == 3


@pytest.mark.parametrize(
    ("button", "said"),
    [
        ("same", "Row 4 kept as the same person as sheet {sheet} row 1."),
        ("different", "Row 4 kept as a different person from sheet {sheet} row 1."),
    ],
)
def test_a_duplicate_decision_says_what_it_did(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, button: str, said: str
) -> None:
    _, _, typist, sheet_id = open_seeded_sheet(qtbot, app_paths)
    qtbot.keyClicks(typist.fields["first_name"], "Sara")
    qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(typist.fields["last_name"], "Karimi")
    qtbot.keyClick(typist.fields["last_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(typist.fields["email"], "sara@example.org")
    qtbot.keyClick(typist.fields["email"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert typist.duplicate_bar.isVisibleTo(typist)
    click(qtbot, getattr(typist, button))
    assert not typist.duplicate_bar.isVisibleTo(typist)
    assert typist.notice.text() == said.format(sheet=f"\u2066{sheet_id}\u2069")
    with SignatureStore.open(app_paths) as store:
        decided = store.conn.execute("SELECT decision FROM duplicate_decisions").fetchall()
    assert [d[0] for d in decided] == [f"{button}_{'person' if button == 'same' else 'people'}"]


def test_the_unlock_prompt_says_what_is_locked_and_a_wrong_passphrase_names_no_file(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actionkit.core.signatures.lock import lock_store
    from actionkit.core.signatures.store import STORE_FILE

    seed(app_paths)
    lock_store(app_paths.data_dir / STORE_FILE, "correct horse battery staple")
    prompts = record_text_prompts(monkeypatch)
    answers.texts.extend(["not the passphrase", "correct horse battery staple"])
    window = make_window(qtbot, app_paths)
    signatures(window)
    label = prompts[0][0]
    assert "locked with a passphrase" in label and "People and printing" in label
    warned = answers.messages[-1].text
    assert "This passphrase does not open the signature store." in warned
    assert "sqlite3" not in warned
