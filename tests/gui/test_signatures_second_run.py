"""What a second new-user run found on the signatures page, each through the user's path:
a CSV export never looks password-protected, words and ids in the UI's language and
direction, columns that fit, typing-row widths, the lock text's plural, decisions said
calmly, purged rows shown as purged, and a half-typed row never lost on quit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import STORE_FILE, SignatureStore
from actionkit.gui.workspaces.signature_export import ExportDialog
from actionkit.gui.workspaces.transcribe import FIELDS
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import (
    PASSPHRASE,
    click,
    export_by_keyboard,
    fill_export,
    open_seeded_sheet,
    replace_text,
    seed,
    signatures,
    type_event_id,
)

OK = QDialogButtonBox.StandardButton.Ok


def test_csv_export_greys_out_and_empties_the_password_and_refuses_one(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    seen: dict[str, Any] = {}

    def password_then_csv(dialog: ExportDialog) -> int:
        assert dialog.password.isEnabled()  # xlsx first
        qtbot.keyClicks(dialog.password, "secret-words")
        qtbot.keyClicks(dialog.password_again, "secret-words")
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # xlsx -> csv
        assert dialog.format.currentText() == "csv"
        fields = (dialog.password, dialog.password_again)
        seen["fields"] = [(w.isEnabled(), w.text()) for w in fields]
        seen["seal"] = (dialog.seal.isEnabled(), dialog.seal.isChecked())
        click(qtbot, dialog.buttons.button(OK))
        return dialog.result()

    result = export_by_keyboard(qtbot, window, answers, password_then_csv, tmp_path / "plain")
    assert seen["fields"] == [(False, ""), (False, "")]
    assert seen["seal"] == (False, False)
    assert result.rows == 3
    assert (tmp_path / "plain.csv").read_text(encoding="utf-8-sig").startswith("first_name")
    assert page.log.item(0, 5).text() == "no"

    def csv_again_then_back(dialog: ExportDialog) -> int:
        # CSV is offered again, as chosen last time: fields grey and empty from the start.
        seen["opened"] = (dialog.format.currentText(), dialog.password.isEnabled())
        qtbot.keyClick(dialog.format, Qt.Key.Key_Up)  # back to xlsx: usable again
        seen["xlsx"] = (dialog.password.isEnabled(), dialog.password_again.isEnabled())
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
        # A password given anyway (say, pasted by a tool) is refused, with words.
        dialog.password.setText("x")
        click(qtbot, dialog.buttons.button(OK))
        seen["refused"] = (dialog.problem.isVisibleTo(dialog), dialog.problem.text())
        return dialog.result()

    answers.dialogs.append(csv_again_then_back)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen["opened"] == ("csv", False)
    assert seen["xlsx"] == (True, True)
    visible, text = seen["refused"]
    assert visible and text.startswith("A CSV file cannot be protected with a password.")
    assert answers.asked == ["save"]  # refused: no second file was asked for
    assert page.log.rowCount() == 1


def test_the_export_log_rerenders_its_words_after_a_language_switch(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "en.xlsx")
    assert "Every signer" in page.log.item(0, 3).text()
    expected = {
        "de": ("Veranstaltung:", "Alle Unterzeichnenden", "nein"),
        "fr": ("Événement :", "Tous les signataires", "non"),
        "es": ("Evento:", "Todos los firmantes", "no"),
        "fa": ("رویداد:", "همهٔ امضاکنندگان", "خیر"),
    }
    for language, (event, consent, no) in expected.items():
        window.set_language(language)
        filters = page.log.item(0, 3).text()
        assert event in filters and consent in filters, (language, filters)
        assert "Event:" not in filters and "Columns:" not in filters and "All fields" not in filters
        assert page.log.item(0, 5).text() == no


def test_in_farsi_ids_read_left_to_right_and_paths_keep_their_slash(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    slug, _ = seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    window.set_language("fa")
    table = page.event_table
    for column in (1, 2):  # the id the user types to purge, and the date
        index = page.events.index(0, column)
        delegate = table.itemDelegateForColumn(column)
        assert isinstance(delegate, QStyledItemDelegate), column
        option = QStyleOptionViewItem()
        option.initFrom(table)
        directions = [option.direction]  # the page's: right to left
        delegate.initStyleOption(option, index)
        directions.append(option.direction)
        assert directions == [Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight]
    assert page.events.item(0, 1).text() == slug

    target = tmp_path / "hand-off.xlsx"
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), target)
    message = window.statusBar().currentMessage()
    assert f"\u2066{target}\u2069" in message, message

    seen: list[Any] = []

    def look(dialog: Any) -> int:
        seen.append(dialog.event_id.layoutDirection())
        return 0  # cancelled

    answers.dialogs.append(look)
    click(qtbot, page.purge_button)
    assert seen == [Qt.LayoutDirection.LeftToRight]


def test_the_events_columns_fit_right_after_the_first_event_is_created(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    window.resize(1024, 700)
    page = signatures(window)
    qtbot.waitUntil(lambda: page.event_table.isVisible())
    qtbot.keyClicks(page.name, "Vigil for Narges Mohammadi")
    qtbot.keyClicks(page.date, "2026-12-05")
    click(qtbot, page.create_button)
    table = page.event_table
    qtbot.waitUntil(lambda: page.events.rowCount() == 1)
    QApplication.processEvents()
    assert page.events.item(0, 1).text().startswith("2026-12-05")
    for column in range(1, page.events.columnCount()):  # all but the stretching name
        text = page.events.item(0, column).text()
        needed = table.fontMetrics().horizontalAdvance(text)
        assert table.columnWidth(column) > needed, (column, text, table.columnWidth(column))
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), column
    name = page.events.item(0, 0).text()
    assert table.columnWidth(0) > table.fontMetrics().horizontalAdvance(name)  # the rest
    widths = sum(table.columnWidth(c) for c in range(page.events.columnCount()))
    assert widths <= table.viewport().width() + 1


def test_the_email_and_names_get_more_of_the_typing_row_than_postcode_and_country(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    window.resize(1024, 700)
    page = signatures(window)
    page.tabs.setCurrentIndex(1)
    typist = page.transcriber
    replace_text(qtbot, typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: typist.fields["email"].isVisible())
    width = {name: field.width() for name, field in typist.fields.items()}
    assert width["email"] > 1.5 * width["postal_code"], width
    for name in ("first_name", "last_name", "email"):
        for short in ("postal_code", "country"):
            assert width[name] > width[short], (name, short, width)


@pytest.mark.parametrize(
    ("minutes", "language", "said"),
    [
        (1, "en", "Locked after 1 minute without activity"),
        (2, "en", "Locked after 2 minutes without activity"),
        (1, "de", "Nach 1 Minute ohne Aktivität"),
        (1, "fr", "Verrouillé après 1 minute sans activité"),
        (1, "es", "Bloqueado tras 1 minuto sin actividad"),
        (1, "fa", "پس از \u20661\u2069 دقیقه بی‌فعالیتی"),  # the number isolated
    ],
)
def test_the_lock_text_says_minute_or_minutes_by_the_number(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, minutes: int, language: str, said: str
) -> None:
    from actionkit.core.settings import load_settings, save_settings
    from actionkit.core.signatures.lock import lock_store

    seed(app_paths)
    settings = load_settings(app_paths.settings_file).settings
    save_settings(replace(settings, lock_after_minutes=minutes), app_paths.settings_file)
    lock_store(app_paths.data_dir / STORE_FILE, PASSPHRASE)
    window = make_window(qtbot, app_paths)
    window.start_idle_lock()
    assert window.idle is not None
    answers.texts.append(PASSPHRASE)
    page = signatures(window)
    window.set_language(language)
    window.idle.timer.timeout.emit()  # stands in for the quiet minutes
    assert page.lock_text.text().startswith(said), page.lock_text.text()


def test_a_duplicate_decision_is_a_calm_notice_and_errors_stay_red(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, _, typist, _ = open_seeded_sheet(qtbot, app_paths)
    qtbot.keyClicks(typist.fields["first_name"], "Sara")
    qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(typist.fields["last_name"], "Karimi")
    qtbot.keyClick(typist.fields["last_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(typist.fields["email"], "sara@example.org")
    qtbot.keyClick(typist.fields["email"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, typist.same)
    shown = [w for w in typist.findChildren(QLabel) if w.text().startswith("Row 4 kept")]
    assert len(shown) == 1 and shown[0].isVisible()
    decision = shown[0]
    assert decision.objectName() != "problem"
    assert decision.font().weight() < QFont.Weight.DemiBold
    assert typist.problem.text() == ""
    window.set_language("de")  # the notice is said again in the new language
    assert decision.text().startswith("Zeile 4 als dieselbe Person"), decision.text()
    window.set_language("en")

    qtbot.keyClicks(typist.fields["email"], "not an address")
    qtbot.keyClick(
        typist.fields["email"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # an error: red and bold, under the email field (said once, not again as a problem)
    hint = typist.row.email_hint
    assert hint.text() and hint.isVisible() and not typist.problem.isVisible()
    assert decision.text() == ""  # the old news goes
    ink = QPalette.ColorRole.WindowText
    assert hint.font().weight() >= QFont.Weight.DemiBold
    assert hint.palette().color(ink) != decision.palette().color(ink)


def test_purged_rows_on_the_open_sheet_say_purged_without_a_consent_tick(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    slug, sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "handoff.xlsx")
    page.tabs.setCurrentIndex(1)
    typist = page.transcriber
    replace_text(qtbot, typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    consent = 1 + len(FIELDS)  # after the number and the typed fields
    assert "✓" in {typist.rows.item(r, consent).text() for r in range(3)}
    answers.dialogs.append(type_event_id(qtbot, slug))
    with qtbot.waitSignal(page.purged, timeout=30_000):
        click(qtbot, page.purge_button)
    assert typist.rows.rowCount() == 3
    assert [typist.rows.item(r, 1).text() for r in range(3)] == ["— purged —"] * 3
    assert {typist.rows.item(r, consent).text() for r in range(3)} == {""}
    window.set_language("de")
    assert [typist.rows.item(r, 1).text() for r in range(3)] == ["— gelöscht —"] * 3


@pytest.mark.parametrize("how", ["ctrl_q", "close_window"])
def test_quitting_with_a_half_typed_row_asks_first(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, how: str
) -> None:
    window, _, typist, sheet_id = open_seeded_sheet(qtbot, app_paths)
    qtbot.keyClicks(typist.fields["first_name"], "Parisa")

    def quit_() -> None:
        if how == "ctrl_q":
            qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        else:
            window.close()  # the window's close button

    answers.yes = False
    quit_()
    assert [m.text for m in answers.messages] == ["A row is typed but not saved. Quit anyway?"]
    assert window.isVisible() and typist.fields["first_name"].text() == "Parisa"
    answers.yes = True
    quit_()
    assert not window.isVisible()
    with SignatureStore.open(app_paths) as store:
        assert store.sheet(sheet_id).entered == 3  # nothing saved behind the user's back


def test_quitting_with_the_fields_empty_asks_nothing(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    page.tabs.setCurrentIndex(1)
    replace_text(qtbot, page.transcriber.sheet_id, sheet_id)
    qtbot.keyClick(page.transcriber.sheet_id, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible() and answers.messages == []


def test_ctrl_z_in_an_emptied_field_never_brings_the_previous_signer_back(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, _, typist, _ = open_seeded_sheet(qtbot, app_paths)
    qtbot.keyClicks(typist.fields["first_name"], "Jonas")
    qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(typist.fields["last_name"], "Weber")
    qtbot.keyClick(
        typist.fields["last_name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert typist.fields["first_name"].text() == ""
    qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all("Jonas" not in f.text() and "Weber" not in f.text() for f in typist.fields.values())
