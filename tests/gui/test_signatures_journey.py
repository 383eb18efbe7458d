"""Events & signatures as a volunteer uses them: at the street table, then at the hand-off.

Input events only (clicks, typing, keys); Qt's dialogs are answered by the
`answers` fixture; the files the user gets are read back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import STORE_FILE, SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.signature_export import ExportDialog
from actionkit.gui.workspaces.signature_purge import PurgeDialog
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from actionkit.gui.workspaces.transcribe import Transcriber
from tests.gui.conftest import Answers
from tests.gui.merge_helpers import keep_merge_options
from tests.gui.test_main_window import make_window
from tests.pdf_helpers import open_pdf, qr_texts

CTRL = Qt.KeyboardModifier.ControlModifier
PASSPHRASE = "correct horse battery staple"
SIGNERS = [
    ("Sara", "Karimi", "sara@example.org", "Köln", True),
    ("نرگس", "محمدی", "narges@example.org", "Bonn", False),
    ("Jan", "Weber", "jan@example.org", "Köln", True),
]


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying any character (QTest's keyClicks only knows ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def replace_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what a field holds and type over it, as a user does."""
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    type_text(widget, text)


def choose(qtbot: QtBot, combo: QComboBox, code: str) -> None:
    """Pick an entry of a list by keyboard: Home, then Down until it is there."""
    assert combo.findData(code) >= 0, code
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentData() != code:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def signatures(window: MainWindow) -> SignaturesWorkspace:
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    return page


def seed(paths: AppPaths) -> tuple[str, str]:
    """An event with one sheet and three typed rows (not what these tests are about)."""
    paths.ensure()
    with SignatureStore.open(paths) as store:
        event = store.create_event("Vigil for Narges", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, ("de", "fa"), 1)[0]
        for row, (first, last, email, city, consent) in enumerate(SIGNERS, 1):
            signer = SignerInput(
                first_name=first, last_name=last, email=email, city=city, consent=consent
            )
            store.add_row(sheet.id, row, signer)
    return event.slug, sheet.id


def open_seeded_sheet(
    qtbot: QtBot, paths: AppPaths
) -> tuple[MainWindow, SignaturesWorkspace, Transcriber, str]:
    """The seeded event's sheet opened in the typing tab, as a user opens it: its id + Enter
    (the window, the page, its typing tab and the sheet's id)."""
    _, sheet_id = seed(paths)
    window = make_window(qtbot, paths)
    page = signatures(window)
    page.tabs.setCurrentIndex(1)
    typist = page.transcriber
    replace_text(qtbot, typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    return window, page, typist, sheet_id


def fill_export(qtbot: QtBot, password: str = "", *, consented_only: bool = False) -> Any:
    """What the user does in the export dialog: a password typed twice, then OK."""

    def fill(dialog: ExportDialog) -> int:
        assert isinstance(dialog, ExportDialog)
        if consented_only:
            qtbot.keyClick(dialog.consented_only, Qt.Key.Key_Space)
        qtbot.keyClicks(dialog.password, password)
        qtbot.keyClicks(dialog.password_again, password)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        return dialog.result()

    return fill


def export_by_keyboard(
    qtbot: QtBot, window: MainWindow, answers: Answers, fill: Any, path: Path
) -> Any:
    page = signatures(window)
    answers.dialogs.append(fill)
    answers.save_paths.append(str(path))
    with qtbot.waitSignal(page.exported, timeout=30_000) as done:
        qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    return done.args[0]


def signer_rows(book: Any) -> list[tuple[Any, ...]]:
    rows = list(book["Signers"].iter_rows(values_only=True))
    header = rows[0]
    first, last = header.index("first_name"), header.index("last_name")
    return sorted((r[first], r[last]) for r in rows[1:])


# (B) At the street table --------------------------------------------------------------


def test_create_an_event_print_two_sheets_and_type_one_in(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    type_text(page.name, "Mahnwache für Narges")
    qtbot.keyClicks(page.date, "2026-12-10")
    choose(qtbot, page.languages.first, "fa")
    choose(qtbot, page.languages.second, "de")
    click(qtbot, page.create_button)
    assert page.events.rowCount() == 1 and not answers.messages
    with SignatureStore.open(app_paths) as store:
        assert store.events()[0].languages == ("fa", "de")

    qtbot.keyClick(page.sheet_count, Qt.Key.Key_Up)  # 1 -> 2
    assert page.sheet_count.value() == 2
    answers.save_paths.append(str(tmp_path / "sheets"))  # typed without .pdf
    with qtbot.waitSignal(page.sheets_printed, timeout=30_000) as printed:
        click(qtbot, page.sheets_button)
    ids = printed.args[0]
    assert len(ids) == 2 and not answers.messages
    pdf = open_pdf(tmp_path / "sheets.pdf")
    assert len(pdf) == 2
    assert [set(qr_texts(pdf[n])) & set(ids) for n in range(2)] == [{ids[0]}, {ids[1]}]
    assert page.events.item(0, 4).text() == "2"

    typist = page.transcriber
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert page.tabs.currentWidget() is typist
    replace_text(qtbot, typist.sheet_id, ids[1])
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert typist.sheet is not None and typist.sheet.id == ids[1]
    for first, last, email, city, _ in SIGNERS[:2]:
        type_text(typist.fields["first_name"], first)
        for name, text in (("last_name", last), ("email", email), ("city", city)):
            qtbot.keyClick(typist.focusWidget(), Qt.Key.Key_Tab)
            assert typist.focusWidget() is typist.fields[name]
            type_text(typist.fields[name], text)
        qtbot.keyClick(typist.fields["city"], Qt.Key.Key_Return)  # on to consent...
        assert typist.focusWidget() is typist.consent
        qtbot.keyClick(typist.consent, Qt.Key.Key_Return)  # ...where Enter saves
    assert typist.rows.rowCount() == 2
    assert typist.sheet_state.text() == "2 entered · paper count not set · 13 printed lines left"
    replace_text(qtbot, typist.paper_count, "2")
    click(qtbot, typist.paper_button)
    assert typist.sheet_state.text() == "2 entered · 2 on paper · complete"
    with SignatureStore.open(app_paths) as store:
        assert [s.first_name for s in store.signatures(page.selected_event() or "")] == [
            "Sara",
            "نرگس",
        ]


def type_event_id(qtbot: QtBot, typed: str, seen: list[Any] | None = None) -> Any:
    """What the user does in the purge question: types the event's id, then OK."""

    def fill(dialog: PurgeDialog) -> int:
        assert isinstance(dialog, PurgeDialog)
        if seen is not None:
            seen.append(dialog)
        qtbot.keyClicks(dialog.typed, typed)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        return dialog.result()

    return fill


# (C) The hand-off -------------------------------------------------------------------


def test_export_with_and_without_a_password_then_merge_three_exports(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    from actionkit.core.errors import ActionKitError
    from actionkit.core.signatures.export import decrypt_with_password
    from actionkit.core.signatures.xlsx_read import XlsxReader

    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    names = sorted((first, last) for first, last, *_ in SIGNERS)

    result = export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "plain")
    assert result.path == tmp_path / "plain.xlsx" and result.rows == 3
    assert signer_rows(load_workbook(tmp_path / "plain.xlsx", read_only=True)) == names
    assert "plain.xlsx" in window.statusBar().currentMessage()

    # The password is typed twice; two different ones are refused in the dialog.
    def mismatch_then_fix(dialog: ExportDialog) -> int:
        qtbot.keyClicks(dialog.password, "a long password")
        qtbot.keyClicks(dialog.password_again, "a long pasword")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert dialog.result() != ExportDialog.DialogCode.Accepted
        assert dialog.problem.isVisibleTo(dialog) and "differ" in dialog.problem.text()
        replace_text(qtbot, dialog.password_again, "a long password")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        return dialog.result()

    export_by_keyboard(qtbot, window, answers, mismatch_then_fix, tmp_path / "locked.xlsx")
    data = (tmp_path / "locked.xlsx").read_bytes()
    with pytest.raises(Exception):  # noqa: B017 - without the password it is not a workbook
        load_workbook(tmp_path / "locked.xlsx")
    with pytest.raises(ActionKitError, match="wrong password"):
        decrypt_with_password(data, "a long pasword")
    opened = XlsxReader(decrypt_with_password(data, "a long password"))
    rows = list(opened.rows("Signers"))
    first, last = rows[0].index("first_name"), rows[0].index("last_name")
    assert sorted((r[first], r[last]) for r in rows[1:]) == names
    assert page.log.rowCount() == 2 and page.log.item(0, 5).text() == "yes"

    consented = fill_export(qtbot, consented_only=True)
    only = export_by_keyboard(qtbot, window, answers, consented, tmp_path / "consented.xlsx")
    assert only.rows == 2
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "again.xlsx")
    parts = [str(tmp_path / n) for n in ("plain.xlsx", "consented.xlsx", "again.xlsx")]
    answers.open_paths.append(parts)
    answers.save_paths.append(str(tmp_path / "merged"))
    answers.dialogs.append(keep_merge_options)  # the layout and consent dialog
    with qtbot.waitSignal(page.exported, timeout=30_000) as merged:
        click(qtbot, page.merge_button)
    report = merged.args[0]
    assert (report.rows_in, report.rows_out) == (3 + 2 + 3, 3)
    assert signer_rows(load_workbook(tmp_path / "merged.xlsx", read_only=True)) == names
    assert [m.title for m in answers.messages] == ["Merge done"]  # no warning: the summary only


def test_purge_after_the_export_keeps_the_counts(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    slug, sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    click(qtbot, page.purge_button)  # not exported yet: refused
    assert "Export this event" in answers.messages[-1].text and not answers.asked
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "handoff.xlsx")

    # The open sheet on the typing tab shows the names until the purge.
    typist = page.transcriber
    replace_text(qtbot, typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert typist.rows.item(0, 1).text() == "Sara"

    answers.dialogs.append(type_event_id(qtbot, "not-the-id"))
    click(qtbot, page.purge_button)
    assert "nothing was deleted" in answers.messages[-1].text
    seen: list[PurgeDialog] = []
    answers.dialogs.append(type_event_id(qtbot, slug, seen))
    with qtbot.waitSignal(page.purged, timeout=30_000):
        click(qtbot, page.purge_button)
    assert "3 row" in window.statusBar().currentMessage()
    # The question: whole sentences, wrapped, with the id to type shown and selectable.
    asked = seen[0]
    assert asked.plan.wordWrap() and asked.plan.maximumWidth() <= 600
    assert "entered by of" not in asked.plan.text() and "cannot be undone" in asked.plan.text()
    plain = re.sub("[\u2066-\u2069]", "", asked.plan.text())  # the id is isolated
    assert "3 signer row(s) on 1 sheet(s) of the event " + slug in plain
    assert asked.event_id.text() == slug and asked.event_id.textInteractionFlags() & (
        Qt.TextInteractionFlag.TextSelectableByMouse
    )
    # The events list shows the id the question asks for.
    assert page.events.item(0, 1).text() == slug
    # The typing tab no longer shows a name or an email.
    shown = {typist.rows.item(r, c).text() for r in range(3) for c in (2, 3)}
    assert shown == {""}, shown
    assert {typist.rows.item(r, 1).text() for r in range(3)} == {"— purged —"}
    with SignatureStore.open(app_paths) as store:
        assert {(s.first_name, s.email) for s in store.signatures(slug)} == {("", "")}
        assert store.sheet(sheet_id).entered == 3
    assert page.events.item(0, 5).text() == "3"
    raw = (app_paths.data_dir / STORE_FILE).read_bytes()
    assert b"Karimi" not in raw and "محمدی".encode() not in raw


def test_a_locked_store_after_a_restart_and_the_idle_lock_keep_what_was_typed(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.signatures.lock import lock_store

    _, sheet_id = seed(app_paths)
    first = make_window(qtbot, app_paths)
    signatures(first)
    first.close()
    lock_store(app_paths.data_dir / STORE_FILE, PASSPHRASE)

    window = make_window(qtbot, app_paths)
    window.start_idle_lock()
    assert window.idle is not None
    answers.texts.extend(["not the passphrase", PASSPHRASE])
    page = signatures(window)
    assert "does not open" in answers.messages[-1].text
    assert page.events.rowCount() == 1

    typist = page.transcriber
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    replace_text(qtbot, typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    qtbot.keyClicks(typist.fields["first_name"], "Omid")
    qtbot.keyClick(
        typist.fields["first_name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # row 4 is saved
    qtbot.keyClicks(typist.fields["first_name"], "Parisa")
    qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(typist.fields["last_name"], "Half")
    assert typist.rows.rowCount() == 4

    window.idle.timer.timeout.emit()  # stands in for ten quiet minutes
    assert page.pages.currentIndex() == 1 and page.lock_text.isVisible()
    assert "10 minutes" in page.lock_text.text() and "kept" in page.lock_text.text()
    assert not typist.isVisible() and not page.export_button.isEnabled()
    with pytest.raises(Exception, match="closed"):  # sqlite's own error type
        page.store.events()
    assert page.passphrase is None, "the passphrase is forgotten while locked"
    qtbot.keyClick(page.unlock_button, Qt.Key.Key_Shift)  # keys on the lock screen...
    assert not window.idle.timer.isActive(), "...do not start the count to the next lock"
    assert page.unlock_button.hasFocus()
    undo_row = Qt.KeyboardModifier.ShiftModifier | CTRL
    qtbot.keyClick(window, Qt.Key.Key_Backspace, undo_row)  # the hidden page's undo does not run
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)  # nor an export
    assert not answers.asked[2:] and typist.rows.rowCount() == 4

    answers.texts.append(None)  # the user cancels the prompt: still locked
    click(qtbot, page.unlock_button)
    assert page.pages.currentIndex() == 1
    answers.texts.append(PASSPHRASE)
    with qtbot.waitSignal(page.unlocked, timeout=5000):
        click(qtbot, page.unlock_button)
    assert page.pages.currentIndex() == 0 and typist.isVisible()
    assert window._built[2] is page, "the same page, not a new one"
    assert typist.sheet is not None and typist.sheet.id == sheet_id
    assert typist.fields["first_name"].text() == "Parisa"
    assert typist.fields["last_name"].text() == "Half"
    assert typist.fields["last_name"].hasFocus(), "the cursor is back where it was"
    assert window.idle.timer.isActive()
    qtbot.keyClick(
        typist.fields["last_name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # the row saves
    assert typist.rows.rowCount() == 5
    with SignatureStore.open(app_paths, PASSPHRASE) as store:
        assert store.sheet(sheet_id).entered == 5
        assert [s.first_name for s in store.signatures()][-2:] == ["Omid", "Parisa"]


def test_the_language_can_change_while_locked(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.signatures.lock import lock_store

    seed(app_paths)
    lock_store(app_paths.data_dir / STORE_FILE, PASSPHRASE)
    window = make_window(qtbot, app_paths)
    window.start_idle_lock()
    assert window.idle is not None
    answers.texts.append(PASSPHRASE)
    page = signatures(window)
    window.idle.timer.timeout.emit()
    window.set_language("fa")
    assert page.lock_text.text().startswith("پس از \u206610\u2069 دقیقه")
    answers.texts.append(PASSPHRASE)
    click(qtbot, page.unlock_button)
    typist = page.transcriber
    assert typist.open_button.text() == page.t("sign.open_sheet") != "Open sheet"
    assert typist.sheet_state.text() == page.t("sign.no_sheet")


def test_an_unlocked_store_has_nothing_to_lock(qtbot: QtBot, app_paths: AppPaths) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    window.start_idle_lock()
    assert window.idle is not None
    page = signatures(window)
    window.idle.timer.timeout.emit()
    assert page.pages.currentIndex() == 0 and page.events.rowCount() == 1
    assert window.idle.timer.isActive()


# Jobs ---------------------------------------------------------------------------------


def test_job_buttons_are_off_while_an_export_runs_and_come_back(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    buttons: list[QPushButton] = [
        page.sheets_button,
        page.export_button,
        page.merge_button,
        page.purge_button,
        page.create_button,
    ]
    answers.dialogs.append(fill_export(qtbot))
    answers.save_paths.append(str(tmp_path / "slow.xlsx"))
    with qtbot.waitSignal(page.exported, timeout=30_000):
        click(qtbot, page.export_button)
        assert page.jobs.isVisible() and page.busy_with_job()
        assert [b.isEnabled() for b in buttons] == [False] * 5
        qtbot.keyClick(window, Qt.Key.Key_E, CTRL)  # a second export does not start
        assert answers.asked == ["save"]
    assert [b.isEnabled() for b in buttons] == [True] * 5
    assert not page.jobs.isVisible() and not page.busy_with_job()

    # A job that fails gives the buttons back too.
    answers.dialogs.append(fill_export(qtbot))
    answers.save_paths.append(str(tmp_path / "no such folder" / "x.xlsx"))
    click(qtbot, page.export_button)
    qtbot.waitUntil(lambda: bool(answers.messages), timeout=30_000)
    assert answers.messages[-1].plain
    assert [b.isEnabled() for b in buttons] == [True] * 5


def test_a_link_in_a_merged_files_reason_is_shown_as_plain_text(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = signatures(window)
    export_by_keyboard(qtbot, window, answers, fill_export(qtbot), tmp_path / "good.xlsx")
    book = load_workbook(tmp_path / "good.xlsx")
    for row in book["About"].iter_rows():
        if row[0].value == "schema_version":
            row[1].value = '<a href="https://evil.example">update</a>'
    book.save(tmp_path / "evil.xlsx")

    answers.open_paths.append([str(tmp_path / "good.xlsx"), str(tmp_path / "evil.xlsx")])
    answers.save_paths.append(str(tmp_path / "merged.xlsx"))
    answers.dialogs.append(keep_merge_options)  # the layout and consent dialog
    with qtbot.waitSignal(page.exported, timeout=30_000):
        click(qtbot, page.merge_button)
    shown = answers.messages[-1]
    assert "evil.xlsx" in shown.text and '<a href="https://evil.example">' in shown.text
    assert shown.plain


@pytest.mark.parametrize(
    ("typed", "suffix", "saved"),
    [
        ("signers", ".xlsx", "signers.xlsx"),
        ("signers.XLSX", ".xlsx", "signers.XLSX"),
        ("signers", ".xlsx.age", "signers.xlsx.age"),
        ("signers.xlsx", ".xlsx.age", "signers.xlsx.age"),
        ("signers.xlsx.age", ".xlsx.age", "signers.xlsx.age"),
        ("sheets.v2", ".pdf", "sheets.v2.pdf"),
    ],
)
def test_a_name_typed_without_its_extension_gets_it(typed: str, suffix: str, saved: str) -> None:
    from actionkit.gui.workspaces.signature_export import with_suffix

    assert with_suffix(f"/tmp/{typed}", suffix) == Path(f"/tmp/{saved}")
