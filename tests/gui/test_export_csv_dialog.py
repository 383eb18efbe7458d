"""The export dialog's CSV choices, through the real dialog: a delimiter shown only for
CSV and defaulting from the locale, the format deciding the file's ending; the written
file read back."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.workspaces.signature_export import ExportDialog, isolated, with_suffix
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import click, export_by_keyboard, seed
from tests.test_cli_export_formats import crm_presets

OK = QDialogButtonBox.StandardButton.Ok
# Qt reads the system's regional format once; these tests expect none (C, as in CI).
BARE_SYSTEM = QLocale.system().name() in ("C", "en_US_POSIX")


def rows_of(path: Path, delimiter: str) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a spreadsheet CSV carries a byte order mark"
    return list(csv.reader(data.decode("utf-8")[1:].splitlines(), delimiter=delimiter))


def pick(qtbot: QtBot, combo: Any, data: str) -> None:
    """Choose an entry by keyboard, as a user does: Home, then Down to it."""
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentData() != data:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_a_semicolon_csv_through_the_dialog_reads_back(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    seen: dict[str, Any] = {}

    def semicolon_csv(dialog: ExportDialog) -> int:
        # xlsx first: no delimiter to choose, and no word about CSV postcodes.
        seen["xlsx"] = (dialog.delimiter.isVisibleTo(dialog), dialog.csv_hint.isVisibleTo(dialog))
        pick(qtbot, dialog.format, "csv")
        seen["csv"] = (dialog.delimiter.isVisibleTo(dialog), dialog.csv_hint.isVisibleTo(dialog))
        seen["default"] = dialog.delimiter.currentData()
        seen["hint"] = dialog.csv_hint.text()
        pick(qtbot, dialog.delimiter, ";")
        click(qtbot, dialog.buttons.button(OK))
        return dialog.result()

    # The user types a name ending in .xlsx: the format chosen in the dialog decides.
    result = export_by_keyboard(qtbot, window, answers, semicolon_csv, tmp_path / "koeln.xlsx")
    assert seen["xlsx"] == (False, False)
    assert seen["csv"] == (True, True)
    if BARE_SYSTEM:
        assert seen["default"] == ","  # no system locale, an English UI: comma
    assert "01067" in seen["hint"] and "xlsx" in seen["hint"]
    assert result.path == tmp_path / "koeln.csv"
    assert not (tmp_path / "koeln.xlsx").exists()
    rows = rows_of(tmp_path / "koeln.csv", ";")
    assert rows[0][:3] == ["first_name", "last_name", "email"]
    assert [r[1] for r in rows[1:]] == ["Karimi", "محمدی", "Weber"]


def test_a_german_ui_on_a_bare_system_defaults_to_semicolons(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    if not BARE_SYSTEM:
        pytest.skip("the system's regional format decides here, not the UI language")
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    window.set_language("de")
    seen: dict[str, Any] = {}

    def take_the_default(dialog: ExportDialog) -> int:
        pick(qtbot, dialog.format, "csv")
        seen["default"] = dialog.delimiter.currentText()
        click(qtbot, dialog.buttons.button(OK))
        return dialog.result()

    export_by_keyboard(qtbot, window, answers, take_the_default, tmp_path / "mahnwache")
    assert seen["default"] == "Semikolon (;)"
    assert rows_of(tmp_path / "mahnwache.csv", ";")[1][:2] == ["Sara", "Karimi"]


def test_the_chosen_format_sets_the_ending() -> None:
    assert with_suffix("koeln", ".csv") == Path("koeln.csv")
    assert with_suffix("koeln.xlsx", ".csv") == Path("koeln.csv")
    assert with_suffix("koeln.xlsx.age", ".csv") == Path("koeln.csv")
    assert with_suffix("koeln.CSV", ".xlsx") == Path("koeln.xlsx")
    assert with_suffix("koeln.csv", ".xlsx.age") == Path("koeln.xlsx.age")
    assert with_suffix("signers.xlsx", ".xlsx.age") == Path("signers.xlsx.age")
    assert with_suffix("k.v2", ".csv") == Path("k.v2.csv")


def test_a_crm_layout_takes_commas_and_the_app_lists_what_it_flagged(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, sheet = seed(app_paths)
    with SignatureStore.open(app_paths) as store:
        store.add_row(sheet, 4, SignerInput(first_name="=HYPERLINK(1)", last_name="Rahimi"))
    crm_presets(app_paths)
    window = make_window(qtbot, app_paths)
    window.set_language("de")  # a spreadsheet CSV would take ";" here (see above)
    seen: dict[str, Any] = {}

    def crm_csv(dialog: ExportDialog) -> int:
        pick(qtbot, dialog.format, "csv")
        seen["generic"] = dialog.delimiter.currentData()
        pick(qtbot, dialog.preset, "flagging")
        seen["crm"] = dialog.delimiter.currentData()
        click(qtbot, dialog.buttons.button(OK))
        return dialog.result()

    export_by_keyboard(qtbot, window, answers, crm_csv, tmp_path / "crm")
    if BARE_SYSTEM:
        assert seen["generic"] == ";"
    assert seen["crm"] == ","  # what CRMs document, whatever the locale
    data = (tmp_path / "crm.csv").read_bytes()
    assert data.startswith(b"First Name,Last Name,"), "no byte order mark for an importer"
    rows = list(csv.reader(data.decode("utf-8").splitlines()))
    assert rows[4][:2] == ["=HYPERLINK(1)", "Rahimi"], "written as typed, no apostrophe"
    shown = answers.message_texts()
    # The sheet id kept left to right in one piece inside the sentence.
    assert f"Zeile 5 der Datei: First Name (Bogen {isolated(sheet)}, Zeile 4)" in shown
    assert "HYPERLINK" not in shown
    assert all(m.plain for m in answers.messages)


def test_a_refusing_crm_layout_writes_nothing_and_says_which_lines(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, sheet = seed(app_paths)
    with SignatureStore.open(app_paths) as store:
        store.add_row(sheet, 4, SignerInput(first_name="=HYPERLINK(1)", last_name="Rahimi"))
    crm_presets(app_paths)
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)

    def refusing_csv(dialog: ExportDialog) -> int:
        pick(qtbot, dialog.format, "csv")
        pick(qtbot, dialog.preset, "refusing")
        click(qtbot, dialog.buttons.button(OK))
        return dialog.result()

    answers.dialogs.append(refusing_csv)
    answers.save_paths.append(str(tmp_path / "crm"))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(answers.messages), timeout=30_000)
    shown = answers.message_texts()
    assert "line(s) 5 of the file" in shown and "HYPERLINK" not in shown
    assert not (tmp_path / "crm.csv").exists()
    assert list(tmp_path.glob(".crm.csv*")) == []
    qtbot.waitUntil(lambda: page.export_button.isEnabled(), timeout=10_000)
