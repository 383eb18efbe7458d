"""What a third new-user run found on the signatures page, each through the user's path:
a half-typed row never follows the user to another sheet, the paper count shown is the
open sheet's, a wrong merge password is caught before anything is written, locking the
store from Settings keeps the open sheet, and the export dialog says what it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.lock import is_locked
from actionkit.core.signatures.store import STORE_FILE, SignatureStore
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.settings import SettingsWorkspace
from actionkit.gui.workspaces.signature_export import ExportDialog
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from tests.gui.conftest import Answers, Rejected
from tests.gui.merge_helpers import keep_merge_options
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_fresh_eyes import record_text_prompts
from tests.gui.test_signatures_journey import (
    PASSPHRASE,
    click,
    export_by_keyboard,
    fill_export,
    open_seeded_sheet,
    replace_text,
    seed,
    signatures,
)


def second_sheet(paths: AppPaths, paper: int | None = None) -> str:
    """One more sheet of the seeded event (with a paper count recorded, if given)."""
    with SignatureStore.open(paths) as store:
        event = store.events()[0]
        sheet = store.create_sheets(event.slug, ("de", "fa"), 1)[0]
        if paper is not None:
            store.set_paper_count(sheet.id, paper)
    return sheet.id


def type_half_row(qtbot: QtBot, typist: object) -> None:
    fields = typist.fields  # type: ignore[attr-defined]
    qtbot.keyClicks(fields["first_name"], "Nasrin")
    qtbot.keyClicks(fields["last_name"], "Sotoudeh")
    qtbot.keyClicks(fields["email"], "nasrin@exa")


def test_a_half_typed_row_does_not_follow_to_another_sheet_when_the_user_says_no(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, _, typist, sheet_a = open_seeded_sheet(qtbot, app_paths)
    sheet_b = second_sheet(app_paths)
    type_half_row(qtbot, typist)
    answers.yes = False
    replace_text(qtbot, typist.sheet_id, sheet_b)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert f"sheet \u2066{sheet_a}\u2069" in answers.message_texts()
    assert f"open sheet \u2066{sheet_b}\u2069" in answers.message_texts()
    assert typist.sheet is not None and typist.sheet.id == sheet_a  # still on sheet A
    assert typist.sheet_id.text() == sheet_a
    assert typist.fields["email"].text() == "nasrin@exa"  # the typing is kept
    with SignatureStore.open(app_paths) as store:
        assert store.sheet(sheet_b).entered == 0


def test_a_half_typed_row_is_discarded_on_yes_and_never_saved_onto_the_other_sheet(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, _, typist, _ = open_seeded_sheet(qtbot, app_paths)
    sheet_b = second_sheet(app_paths, paper=6)
    type_half_row(qtbot, typist)
    answers.yes = True
    replace_text(qtbot, typist.sheet_id, sheet_b)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert len(answers.messages) == 1
    assert typist.sheet is not None and typist.sheet.id == sheet_b
    assert all(typist.fields[n].text() == "" for n in ("first_name", "last_name", "email"))
    assert typist.fields["city"].text() == "Köln"  # carried from the event, not typed
    qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert typist.fields["first_name"].text() == ""  # no undo history brings it back
    qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Return)  # Enter saves nothing
    with SignatureStore.open(app_paths) as store:
        assert store.sheet(sheet_b).entered == 0
    # The paper count shown is sheet B's recorded one, as the status says.
    assert "6 on paper" in typist.sheet_state.text()
    assert typist.paper_count.value() == 6


def test_opening_a_sheet_with_empty_fields_asks_nothing(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, _, typist, _ = open_seeded_sheet(qtbot, app_paths)
    sheet_b = second_sheet(app_paths)
    replace_text(qtbot, typist.sheet_id, sheet_b)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert answers.messages == []
    assert typist.sheet is not None and typist.sheet.id == sheet_b
    assert typist.paper_count.value() == 0


def test_the_export_dialog_says_when_csv_clears_the_password_and_which_event_it_exports(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    seen: dict[str, Any] = {}

    def password_then_csv(dialog: ExportDialog) -> int:
        seen["event"] = dialog.exported_what.text()
        seen["note_before"] = not dialog.note.isHidden()
        qtbot.keyClicks(dialog.password, "secret-words")
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # xlsx -> csv
        seen["note"] = (not dialog.note.isHidden(), dialog.note.text(), dialog.password.text())
        return Rejected

    answers.dialogs.append(password_then_csv)
    click(qtbot, page.export_button)
    assert seen["event"] == "Exports: Vigil for Narges (\u20662026-12-10\u2069)"
    assert seen["note_before"] is False
    assert seen["note"] == (True, "CSV files cannot be protected: the password was cleared.", "")


def test_the_export_dialog_stays_quiet_when_no_password_was_typed(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    seen: dict[str, Any] = {}

    def straight_to_csv(dialog: ExportDialog) -> int:
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
        seen["note"] = not dialog.note.isHidden()
        seen["event"] = dialog.exported_what.text()
        return Rejected

    answers.dialogs.append(straight_to_csv)
    click(qtbot, page.export_button)
    assert seen == {"note": False, "event": "Exports: all events"}


def test_locking_the_store_from_settings_keeps_the_open_sheet_and_asks_no_passphrase(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, page, typist, sheet_a = open_seeded_sheet(qtbot, app_paths)
    type_half_row(qtbot, typist)
    settings = window.show_workspace(3)
    assert isinstance(settings, SettingsWorkspace)
    answers.texts += [PASSPHRASE, PASSPHRASE]
    click(qtbot, settings.lock_button)
    assert answers.asked == ["text", "text"]  # the new passphrase twice, nothing more
    assert is_locked(app_paths.data_dir / STORE_FILE)
    assert signatures(window) is page  # the same page, not one built anew
    assert not page.locked
    assert typist.sheet is not None and typist.sheet.id == sheet_a
    assert typist.fields["email"].text() == "nasrin@exa"
    assert answers.asked == ["text", "text"]  # opening the page asked nothing either
    qtbot.keyClicks(typist.fields["email"], "mple.org")
    qtbot.keyClick(
        typist.fields["email"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # saved into the locked store
    with SignatureStore.open(app_paths, PASSPHRASE) as store:
        assert store.sheet(sheet_a).entered == 4


def two_exports(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> tuple[MainWindow, SignaturesWorkspace, list[str]]:
    """A plain export and one protected with 'a long password', as the user makes them."""
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "plain.xlsx")
    locked = fill_export(qtbot, "a long password")
    export_by_keyboard(qtbot, window, answers, locked, tmp_path / "locked.xlsx")
    answers.asked.clear()
    return window, page, [str(tmp_path / "plain.xlsx"), str(tmp_path / "locked.xlsx")]


def test_a_wrong_merge_password_is_asked_again_before_anything_is_written(
    qtbot: QtBot,
    app_paths: AppPaths,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, page, files = two_exports(qtbot, app_paths, answers, tmp_path)
    prompts = record_text_prompts(monkeypatch)
    answers.open_paths.append(files)
    answers.texts += ["not it", "a long password"]
    answers.save_paths.append(str(tmp_path / "merged.xlsx"))
    answers.dialogs.append(keep_merge_options)  # the layout and consent dialog
    with qtbot.waitSignal(page.exported, timeout=30_000) as merged:
        click(qtbot, page.merge_button)
    assert answers.asked == ["open", "text", "text", "save"]  # the save dialog came last
    assert "does not open \u2066locked.xlsx\u2069" in prompts[1][0]
    assert merged.args[0].files_failed == [] and merged.args[0].rows_in == 6
    assert [m.title for m in answers.messages] == ["Merge done"]  # no warning: the summary only
    book = load_workbook(tmp_path / "merged.xlsx", read_only=True)
    assert len(list(book["Signers"].iter_rows(values_only=True))) == 1 + 3  # header, 3 signers


def test_cancelling_after_a_wrong_merge_password_writes_nothing(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, page, files = two_exports(qtbot, app_paths, answers, tmp_path)
    answers.open_paths.append(files)
    answers.texts += ["not it", None]
    answers.yes = False  # do not leave the file out: merge nothing
    answers.save_paths.append(str(tmp_path / "merged.xlsx"))
    click(qtbot, page.merge_button)
    assert answers.asked == ["open", "text", "text"]  # never asked where to save
    (question,) = answers.messages
    assert "\u2066locked.xlsx\u2069" in question.text and "Leave them out" in question.text
    assert not page.jobs.busy()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("merged")) == []


def test_a_wrong_current_passphrase_in_settings_leaves_the_open_page_as_it_was(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.signatures.lock import lock_store

    _, sheet_id = seed(app_paths)
    lock_store(app_paths.data_dir / STORE_FILE, PASSPHRASE)
    window = make_window(qtbot, app_paths)
    answers.texts.append(PASSPHRASE)  # the page asks for it once, when it is first shown
    page = signatures(window)
    page.tabs.setCurrentIndex(1)
    typist = page.transcriber
    replace_text(qtbot, typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    type_half_row(qtbot, typist)
    settings = window.show_workspace(3)
    assert isinstance(settings, SettingsWorkspace)
    answers.texts += ["a brand new passphrase"] * 2 + ["not the current one"]
    click(qtbot, settings.lock_button)
    assert len(answers.messages) == 1  # refused, and said so
    assert signatures(window) is page and not page.locked
    assert page.passphrase == PASSPHRASE
    assert typist.fields["email"].text() == "nasrin@exa"
    qtbot.keyClicks(typist.fields["email"], "mple.org")
    qtbot.keyClick(
        typist.fields["email"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # the store works as before
    with SignatureStore.open(app_paths, PASSPHRASE) as store:
        assert store.sheet(sheet_id).entered == 4
