"""The merge as the centre does it in the app: .xlsx and .csv exports chosen, the output
file (its extension decides the format), the layout and consent in a small dialog, then
the possible duplicates decided side by side, which merges again in the worker."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.csv_write import detect_delimiter
from actionkit.gui.workspaces.merge_decisions import MergeDecisionsDialog
from actionkit.gui.workspaces.merge_options import MergeOptionsDialog
from tests.core.signatures.test_merge_decisions import book_rows, write_export_csv
from tests.gui.conftest import Accepted, Answers, Rejected
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import click, signatures


def koln_bonn(tmp_path: Path) -> list[str]:
    return [
        str(
            write_export_csv(
                tmp_path / "koln.csv",
                [
                    ("José", "Núñez", "jn1975@example.org", "Köln", False),
                    ("Mina", "Ahmadi", "mina@example.org", "Köln", False),
                ],
            )
        ),
        str(
            write_export_csv(
                tmp_path / "bonn.csv",
                [("Jose", "Nunez", "jose.nunez@example.org", "Köln", True)],
            )
        ),
    ]


def test_the_user_decides_a_possible_duplicate_and_the_merge_runs_again(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    merged: list[Any] = []
    page.exported.connect(merged.append)
    seen: dict[str, str] = {}

    def options(dialog: Any) -> int:
        assert isinstance(dialog, MergeOptionsDialog)
        seen["written"] = dialog.written.text()
        assert dialog.preset.currentData() == "" and not dialog.consented_only.isChecked()
        return Accepted

    def decide_same(dialog: Any) -> int:
        assert isinstance(dialog, MergeDecisionsDialog)
        (row,) = dialog.rows
        labels = row.findChildren(QLabel)
        shown = "\n".join(label.text() for label in labels)
        assert "jose.nunez@example.org" in shown and "jn1975@example.org" in shown
        assert "agreed to be contacted" in shown and "bonn.csv, sheet BONN-1 row 1" in shown
        assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
        seen["pair"] = row.pair.id
        assert row.pair.id in shown
        row.same.click()  # the dialog is answered unshown: its button is clicked as such
        return Accepted

    answers.open_paths.append(koln_bonn(tmp_path))
    answers.save_paths.append(str(tmp_path / "central"))
    answers.dialogs += [options, decide_same]
    click(qtbot, page.merge_button)
    qtbot.waitUntil(lambda: len(merged) == 2 and not page.jobs.busy(), timeout=60_000)
    assert "central.xlsx" in seen["written"] and "Excel workbook" in seen["written"]
    first, second = merged
    assert [p.id for p in first.pending] == [seen["pair"]] and second.pending == []
    signers = book_rows(tmp_path / "central.xlsx", "Signers")
    jose = [s for s in signers if s["last_name"] in ("Núñez", "Nunez")]
    assert [(s["email"], s["consent"]) for s in jose] == [("jose.nunez@example.org", "yes")]
    decisions = book_rows(tmp_path / "central.xlsx", "Merged")
    assert [(d["decision"], d["pair"]) for d in decisions] == [
        ("merged (your decision)", seen["pair"])
    ]
    assert page.merge_button.isEnabled()


def test_a_csv_for_a_crm_with_only_those_who_agreed(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    merged: list[Any] = []
    page.exported.connect(merged.append)
    pairs_shown: list[str] = []

    def options(dialog: Any) -> int:
        assert "CSV file" in dialog.written.text()
        dialog.preset.setCurrentIndex(dialog.preset.findData("crm"))
        dialog.consented_only.click()
        assert dialog.consented_only.isChecked()
        return Accepted

    def keep_apart(dialog: Any) -> int:
        (row,) = dialog.rows
        pairs_shown.append(row.pair.id)
        return Rejected  # decide later: both stay signers

    answers.open_paths.append(koln_bonn(tmp_path))
    answers.save_paths.append(str(tmp_path / "upload.csv"))
    answers.dialogs += [options, keep_apart]
    click(qtbot, page.merge_button)
    qtbot.waitUntil(lambda: len(merged) == 1 and not page.jobs.busy(), timeout=60_000)
    assert len(merged) == 1 and pairs_shown, "kept apart: no second merge"
    text = (tmp_path / "upload.csv").read_text("utf-8-sig")  # the locale's delimiter
    rows = list(csv.reader(text.splitlines(), delimiter=detect_delimiter(text)))
    assert rows[0][:3] == ["first_name", "last_name", "email"]
    assert [r[2] for r in rows[1:]] == ["jose.nunez@example.org"]
    status = window.statusBar().currentMessage()
    assert status.startswith("Merged 3 rows into 1 signers: ") and "possible" not in status
    (result,) = [m for m in answers.messages if m.title == "Merge done"]
    assert result.plain
    assert "1 possible duplicate(s) still to decide" in result.text
    assert "2 signer(s) left out: they did not agree to be contacted." in result.text


def test_a_name_typed_without_an_ending_takes_the_type_picked_in_the_dialog(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Fails on the code before: 'central' with the CSV type picked became central.xlsx."""
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    merged: list[Any] = []
    page.exported.connect(merged.append)
    written: list[str] = []

    def options(dialog: Any) -> int:
        written.append(dialog.written.text())
        return Accepted

    answers.open_paths.append(koln_bonn(tmp_path))
    answers.save_paths.append(str(tmp_path / "central"))
    answers.save_filters.append("CSV (*.csv)")
    answers.dialogs += [options, lambda dialog: Rejected]
    click(qtbot, page.merge_button)
    qtbot.waitUntil(lambda: len(merged) == 1 and not page.jobs.busy(), timeout=60_000)
    assert "central.csv" in written[0] and "CSV file" in written[0]
    assert (tmp_path / "central.csv").is_file() and not (tmp_path / "central.xlsx").exists()
    text = (tmp_path / "central.csv").read_text("utf-8-sig")
    assert "jose.nunez@example.org" in text


def test_contradicting_decisions_are_said_in_the_dialog_and_can_be_changed(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """Three Amir Tehrani rows: two pairs "same" and the third "different" made one signer
    silently. The dialog now says so and stays open; changing a choice merges. Fails on
    the old code (the dialog accepted, the merge wrote one signer)."""
    from PySide6.QtWidgets import QDialogButtonBox

    window = make_window(qtbot, app_paths)
    page = signatures(window)
    merged: list[Any] = []
    page.exported.connect(merged.append)
    files = [
        str(
            write_export_csv(
                tmp_path / f"{c}.csv",
                [("Amir", "Tehrani", f"a@{c}.example", "Berlin", c == "hamburg")],
            )
        )
        for c in ("berlin", "bonn", "hamburg")
    ]
    said: list[str] = []

    def contradict(dialog: Any) -> int:
        assert isinstance(dialog, MergeDecisionsDialog) and len(dialog.rows) == 3
        by_emails = {
            frozenset(str(side[2]) for side in (r.pair.first, r.pair.second)): r
            for r in dialog.rows
        }
        berlin_bonn = by_emails[frozenset(("a@berlin.example", "a@bonn.example"))]
        berlin_hamburg = by_emails[frozenset(("a@berlin.example", "a@hamburg.example"))]
        bonn_hamburg = by_emails[frozenset(("a@bonn.example", "a@hamburg.example"))]
        berlin_bonn.same.click()
        berlin_hamburg.same.click()
        bonn_hamburg.different.click()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.click()
        assert dialog.result() != Accepted, "the dialog stays open"
        said.append(dialog.problem.text())
        assert dialog.problem.textFormat() == Qt.TextFormat.PlainText
        berlin_hamburg.later.click()  # the user changes one
        ok.click()
        return dialog.result()

    answers.open_paths.append(files)
    answers.save_paths.append(str(tmp_path / "central.xlsx"))
    answers.dialogs += [lambda dialog: Accepted, contradict]
    answers.accept_other_dialogs = False
    click(qtbot, page.merge_button)
    qtbot.waitUntil(lambda: len(merged) == 2 and not page.jobs.busy(), timeout=60_000)
    (text,) = said
    assert "contradict" in text and "Different people" in text
    emails = sorted(s["email"] for s in book_rows(tmp_path / "central.xlsx", "Signers"))
    assert emails == ["a@berlin.example", "a@hamburg.example"]  # Bonn merged into Berlin


def test_a_merge_by_name_and_city_is_shown_and_can_be_undone(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    """A row without email merged by name and city: shown in the dialog as Same person;
    Different people keeps both. Fails on the old code (no dialog opened)."""
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    merged: list[Any] = []
    page.exported.connect(merged.append)
    files = [
        str(
            write_export_csv(
                tmp_path / "koln.csv", [("Ali", "Rezaei", "ali@example.org", "Köln", True)]
            )
        ),
        str(write_export_csv(tmp_path / "bonn.csv", [("Ali", "Rezaei", "", "Köln", False)])),
    ]

    def undo(dialog: Any) -> int:
        assert isinstance(dialog, MergeDecisionsDialog)
        (row,) = dialog.rows
        assert (
            row.same.isChecked()
            and "same name and city" in row.findChildren(QLabel)[2].text().casefold()
        )
        row.different.click()
        return Accepted

    answers.open_paths.append(files)
    answers.save_paths.append(str(tmp_path / "central.xlsx"))
    answers.dialogs += [lambda dialog: Accepted, undo]
    click(qtbot, page.merge_button)
    qtbot.waitUntil(lambda: len(merged) == 2 and not page.jobs.busy(), timeout=60_000)
    emails = sorted(s["email"] for s in book_rows(tmp_path / "central.xlsx", "Signers"))
    assert emails == ["", "ali@example.org"]
    assert merged[1].automatic == []
