"""The export dialog offers the CRM layouts by their names in the UI's words; an export
for a CRM that takes only opted-in people leaves the others out and says how many, and
a value cut to the CRM's limit is said in a message."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.workspaces.signature_export import ExportDialog
from tests.gui.conftest import Answers
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import click, export_by_keyboard, seed


def choose_layout(qtbot: QtBot, typed: str, offered: list[str]) -> object:
    """In the export dialog: note the layouts offered, pick one by typing its first
    letters into the list (as a keyboard user does), then OK."""

    def fill(dialog: ExportDialog) -> int:
        offered.extend(dialog.preset.itemText(i) for i in range(dialog.preset.count()))
        dialog.preset.setFocus()
        qtbot.keyClicks(dialog.preset, typed)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        return dialog.result()

    return fill


def test_a_mailchimp_export_from_the_app_takes_only_opted_in_people_and_says_what_it_did(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, sheet_id = seed(app_paths)  # Sara and Jan ticked consent, Narges did not
    with SignatureStore.open(app_paths) as store:
        long_name = "ن" * 200  # 400 bytes: more than a Mailchimp text field holds
        store.add_row(sheet_id, 4, SignerInput(long_name, "Long", "long@example.org", consent=True))
    window = make_window(qtbot, app_paths)
    offered: list[str] = []
    result = export_by_keyboard(
        qtbot, window, answers, choose_layout(qtbot, "Mailchimp", offered), tmp_path / "mc.xlsx"
    )
    for crm in ("Action Network", "Mailchimp", "NationBuilder", "CiviCRM"):
        assert any(text.startswith(crm) for text in offered), (crm, offered)

    rows = list(load_workbook(tmp_path / "mc.xlsx", read_only=True)["Signers"].values)
    assert rows[0] == ("Email Address", "First Name", "Last Name")
    assert [r[0] for r in rows[1:]] == [
        "sara@example.org",
        "jan@example.org",
        "long@example.org",
    ], "Narges did not tick consent: Mailchimp must not get her"
    assert result.unconsented_left_out == 1
    assert "1 signer(s) without consent left out" in window.statusBar().currentMessage()
    said = answers.messages[-1]
    assert "First Name: cut to 255 bytes" in said.text and said.plain


def test_a_nationbuilder_export_from_the_app_leaves_out_rows_without_email_and_says_so(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, sheet_id = seed(app_paths)
    with SignatureStore.open(app_paths) as store:
        store.add_row(sheet_id, 4, SignerInput("Omid", "Rahimi", "", "Bonn", consent=True))
    window = make_window(qtbot, app_paths)
    offered: list[str] = []
    result = export_by_keyboard(
        qtbot, window, answers, choose_layout(qtbot, "NationBuilder", offered), tmp_path / "nb.xlsx"
    )
    rows = list(load_workbook(tmp_path / "nb.xlsx", read_only=True)["Signers"].values)
    assert "Omid" not in [r[2] for r in rows], "NationBuilder needs an email to take a person"
    assert result.missing_left_out == 1
    assert "1 row(s) without an email address" in window.statusBar().currentMessage()
