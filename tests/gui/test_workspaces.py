"""The real window, driven like a user: search, print, type sheets in, export, switch language."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.gui.workspaces.people import PeopleWorkspace
from actionkit.gui.workspaces.signatures import ExportDialog, SignaturesWorkspace
from actionkit.gui.workspaces.studio import StudioWorkspace
from tests.gui.conftest import Answers
from tests.gui.merge_helpers import keep_merge_options
from tests.gui.test_main_window import make_window
from tests.pdf_helpers import open_pdf, qr_texts


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from `widget`: the next widget in the chain that takes Tab focus."""
    candidate = widget.nextInFocusChain()
    while candidate is not None and not (
        candidate.focusPolicy() & Qt.FocusPolicy.TabFocus and candidate.isEnabled()
    ):
        candidate = candidate.nextInFocusChain()
    assert candidate is not None
    return candidate


def visible_names(page: PeopleWorkspace) -> list[str]:
    return [str(page.proxy.index(r, 0).data()) for r in range(page.proxy.rowCount())]


def test_search_people_by_persian_name_and_by_a_variant_spelling(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(0)
    assert isinstance(page, PeopleWorkspace)
    everyone = page.proxy.rowCount()
    page.search.insert("نرگس")  # QTest cannot synthesize Persian key presses; typing inserts

    assert visible_names(page) == ["Narges Mohammadi"]
    page.search.clear()
    assert page.proxy.rowCount() == everyone
    qtbot.keyClicks(page.search, "Golian")  # the dataset spells her Gholian
    assert "Sepideh Gholian" in visible_names(page)
    page.table.selectRow(0)
    assert "Gholian" in page.detail.toPlainText()


def test_a_bilingual_poster_is_previewed_and_saved(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path
) -> None:
    window = make_window(qtbot, app_paths)
    people = window.show_workspace(0)
    assert isinstance(people, PeopleWorkspace)
    qtbot.keyClicks(people.search, "Narges")
    people.table.selectRow(0)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    assert [p.id for p in studio.choice().people] == ["narges-mohammadi"]
    studio.lang1.setCurrentIndex(studio.lang1.findData("fa"))
    studio.lang2.setCurrentIndex(studio.lang2.findData("de"))
    studio.paper.setCurrentIndex(studio.paper.findData("A3"))
    assert studio.busy(), "a change starts a render (after a short pause)"
    studio.wait_for_render()
    assert not studio.busy() and studio.last is not None
    assert not studio.preview.image.pixmap().isNull()
    target = tmp_path / "poster.pdf"
    assert studio.save_to(target) and target.exists()
    page = open_pdf(target)[0]
    assert round(page.get_width() / 72 * 25.4) == 297  # A3
    assert qr_texts(page) == [window.settings.appeal_url]
    assert str(target) in window.statusBar().currentMessage()


def accept_export(dialog: ExportDialog) -> int:
    """The user leaves the export dialog as it is and presses OK."""
    assert isinstance(dialog, ExportDialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result()


def test_transcribe_twenty_rows_with_the_keyboard_and_export(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    qtbot.keyClicks(page.name, "Mahnwache fuer Narges")
    qtbot.keyClicks(page.date, "2026-12-10")
    page.languages.first.setCurrentIndex(page.languages.first.findData("fa"))
    page.languages.second.setCurrentIndex(page.languages.second.findData("de"))
    page.create_button.click()
    assert page.events.rowCount() == 1
    page.sheet_count.setValue(2)
    answers.save_paths.append(str(tmp_path / "sheets.pdf"))
    with qtbot.waitSignal(page.sheets_printed, timeout=20_000) as printed:
        qtbot.mouseClick(page.sheets_button, Qt.MouseButton.LeftButton)
    ids = printed.args[0]
    assert len(ids) == 2 and (tmp_path / "sheets.pdf").exists()

    typist = page.transcriber
    page.tabs.setCurrentIndex(1)
    typist.sheet_id.clear()
    qtbot.keyClicks(typist.sheet_id, ids[0].lower().replace("-", ""))  # as copied, sloppily
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert typist.sheet is not None and typist.sheet.id == ids[0]
    rows = [(f"Sara{n}", f"Karimi{n}", f"sara{n}@example.org", "Koeln") for n in range(14)]
    rows.append(("Sara0", "Karimi0", "SARA0@example.org", "Koeln"))  # a duplicate of row 1
    order = ["first_name", "last_name", "email", "city"]
    for name, after in itertools.pairwise(order):  # Tab goes field to field
        assert next_tab_stop(typist.fields[name]) is typist.fields[after]
    for values in rows:
        for name, text in zip(order, values, strict=True):
            qtbot.keyClicks(typist.fields[name], text)
        qtbot.keyClick(typist.fields["city"], Qt.Key.Key_Return)  # Enter: on to consent
        qtbot.keyClick(typist.consent, Qt.Key.Key_Return)  # Enter on consent saves the row
    assert typist.rows.rowCount() == 15
    assert typist.duplicate_bar.isVisibleTo(typist) and "same email" in typist.duplicate_text.text()
    typist.different.click()
    assert typist.row_label.text() == "Sheet complete"
    qtbot.keyClicks(typist.sheet_id, "")
    typist.open_sheet_id(ids[1])
    for n in range(5):
        qtbot.keyClicks(typist.fields["first_name"], f"Jan{n}")
        qtbot.keyClick(typist.fields["first_name"], Qt.Key.Key_Tab)
        qtbot.keyClicks(typist.fields["last_name"], "Weber")
        qtbot.keyClick(
            typist.fields["last_name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert typist.rows.rowCount() == 5
    typist.undo_last()
    assert typist.rows.rowCount() == 4
    qtbot.keyClick(
        typist.fields["email"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # an empty row is not saved
    assert "name" in typist.problem.text().lower()

    answers.dialogs.append(accept_export)
    answers.save_paths.append(str(tmp_path / "signers.xlsx"))
    with qtbot.waitSignal(page.exported, timeout=20_000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    book = load_workbook(tmp_path / "signers.xlsx", read_only=True)
    exported = list(book["Signers"].iter_rows(values_only=True))
    assert len(exported) == 1 + 15 + 4
    assert "signers.xlsx" in window.statusBar().currentMessage()
    assert page.log.rowCount() == 1 and page.log.item(0, 1).text() == "signers.xlsx"
    assert "Sara" not in " ".join(page.log.item(0, c).text() for c in range(6)), "never data"

    # With the centre's key set, the same dialog seals the file to it.
    from dataclasses import replace

    from actionkit.core.signatures.sealing import generate_identity

    _, recipient = generate_identity()
    page.settings = replace(page.settings, centre_public_key=recipient)

    def sealed(dialog: ExportDialog) -> int:
        assert dialog.seal.isChecked()
        return accept_export(dialog)

    answers.dialogs.append(sealed)
    answers.save_paths.append(str(tmp_path / "signers"))  # the extension is added
    with qtbot.waitSignal(page.exported, timeout=20_000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "signers.xlsx.age").read_bytes().startswith(b"age-encryption.org/v1")
    assert page.log.item(0, 2).text() == "xlsx+age"


def test_switching_to_farsi_turns_the_layout_right_to_left(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    people = window.show_workspace(0)
    settings = window.show_workspace(3)
    settings.ui_language.setCurrentIndex(settings.ui_language.findData("fa"))  # type: ignore[attr-defined]
    settings.save()  # type: ignore[attr-defined]
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.navigation.item(0).text() == "افراد"
    assert people.heading.text() == "افراد"
    window.set_language("en")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_a_core_error_shows_a_message_not_a_traceback(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    qtbot.keyClicks(page.name, "Vigil")
    qtbot.keyClicks(page.date, "2026-11-31")  # a day that does not exist
    page.create_button.click()
    assert answers.messages and "November 2026 has 30 days" in answers.messages[0].text
    assert answers.messages[0].plain
    assert page.events.rowCount() == 0


def test_first_start_asks_a_few_questions_and_can_be_skipped(
    qtbot: QtBot, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from actionkit.gui.welcome import WelcomeDialog

    def answer(dialog: WelcomeDialog) -> int:
        dialog.organizer.setText("Nasim")
        dialog.city.setText("Göteborg")
        dialog.languages.first.setCurrentText("فارسی")  # chosen by name
        dialog.languages.second.setCurrentText("Svenska")
        dialog.done(WelcomeDialog.DialogCode.Accepted)
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", answer)
    window = make_window(qtbot, app_paths)
    window.welcome()
    saved = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert saved["organizer_name"] == "Nasim" and saved["print_languages"] == ["fa", "sv"]
    assert saved["welcome_done"] is True and saved["paper_size"] in ("A4", "Letter")

    monkeypatch.setattr(WelcomeDialog, "exec", lambda d: d.done(0) or 0)
    app_paths.settings_file.unlink()
    fresh = make_window(qtbot, app_paths)
    fresh.welcome()
    skipped = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert skipped["welcome_done"] is True and skipped["organizer_name"] == ""


def test_splitter_positions_are_remembered(qtbot: QtBot, app_paths: AppPaths) -> None:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(0)
    assert isinstance(page, PeopleWorkspace)
    page.splitter.setSizes([300, 700])
    wanted = page.splitter.sizes()
    window.close()
    again = make_window(qtbot, app_paths)
    reopened = again.show_workspace(0)
    assert isinstance(reopened, PeopleWorkspace)
    assert reopened.splitter.sizes() == wanted


def test_batch_saves_one_pdf_per_person_and_merge_runs_in_the_background(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path, answers: Answers
) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    studio.use_people(["narges-mohammadi", "toomaj-salehi", "sepideh-gholian"])
    worker = studio.start_batch(tmp_path)
    with qtbot.waitSignal(worker.succeeded, timeout=30_000) as done:
        pass
    assert done.args == [3]
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "narges-mohammadi-poster.pdf",
        "sepideh-gholian-poster.pdf",
        "toomaj-salehi-poster.pdf",
    ]
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    page.store.create_event("Vigil", "2026-12-10", city="Bonn")
    sheet = page.store.create_sheets("2026-12-10-bonn", ("en",), 1)[0]
    from actionkit.core.signatures.validation import SignerInput

    page.store.add_row(sheet.id, 1, SignerInput(first_name="Jan", last_name="Weber", city="Bonn"))
    page.refresh()
    answers.dialogs.append(accept_export)
    answers.save_paths.append(str(tmp_path / "a.xlsx"))
    with qtbot.waitSignal(page.exported, timeout=20_000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    answers.open_paths.append([str(tmp_path / "a.xlsx"), str(tmp_path / "a.xlsx")])
    answers.save_paths.append(str(tmp_path / "c"))
    answers.dialogs.append(keep_merge_options)  # the layout and consent dialog
    with qtbot.waitSignal(page.exported, timeout=20_000) as merged:
        qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    report = merged.args[0]
    assert (report.rows_in, report.rows_out) == (2, 1)
    assert "c.xlsx" in window.statusBar().currentMessage()


def test_form_controls_have_accessible_names_in_the_ui_language(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    assert studio.kind.accessibleName() == "Piece"
    window.set_language("de")
    assert studio.kind.accessibleName() == "Druckstück"
    assert studio.paper.accessibleName() == "Papier"


def test_a_locked_store_asks_for_its_passphrase_and_locks_again_when_idle(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    from actionkit.core.signatures.lock import lock_store
    from actionkit.core.signatures.store import STORE_FILE, SignatureStore

    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        store.create_event("Vigil", "2026-12-10", city="Köln")
    lock_store(app_paths.data_dir / STORE_FILE, "correct horse battery")
    answers.texts += ["wrong horse battery", "correct horse battery"]
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace) and page.events.rowCount() == 1
    (warned,) = answers.messages
    assert "does not open" in warned.text and warned.plain
    window.lock_now()
    assert window._built[2] is page and page.locked and page.pages.currentIndex() == 1
    answers.texts.append(None)  # cancelled
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert page.locked and page.pages.currentIndex() == 1, "no passphrase, no signers"


def test_lock_from_settings_keeps_the_open_signatures_page_on_the_new_passphrase(
    qtbot: QtBot, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from actionkit.core.signatures.lock import is_locked
    from actionkit.core.signatures.store import STORE_FILE

    window = make_window(qtbot, app_paths)
    signatures = window.show_workspace(2)
    assert isinstance(signatures, SignaturesWorkspace)
    settings = window.show_workspace(3)
    typed = iter([("a long passphrase", True), ("a long passphrase", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(typed))
    settings.ask_lock()  # type: ignore[attr-defined]
    assert is_locked(app_paths.data_dir / STORE_FILE)
    # Closed before it was encrypted, then reopened on the same page: nothing asked again.
    assert window.show_workspace(2) is signatures
    assert signatures.passphrase == "a long passphrase" and not signatures.locked


def test_change_the_passphrase_from_settings(
    qtbot: QtBot, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from actionkit.core.signatures.lock import lock_store
    from actionkit.core.signatures.schema import StoreLocked
    from actionkit.core.signatures.store import STORE_FILE, SignatureStore

    app_paths.ensure()
    SignatureStore.open(app_paths).close()
    lock_store(app_paths.data_dir / STORE_FILE, "the old passphrase")
    window = make_window(qtbot, app_paths)
    settings = window.show_workspace(3)
    typed = iter([("the new passphrase", True)] * 2 + [("the old passphrase", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(typed))
    settings.ask_lock()  # type: ignore[attr-defined]
    with pytest.raises(StoreLocked):
        SignatureStore.open(app_paths, "the old passphrase")
    SignatureStore.open(app_paths, "the new passphrase").close()


def test_the_centres_key_is_pasted_in_settings_with_its_fingerprint(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    import json

    from actionkit.core.signatures.sealing import fingerprint, generate_identity

    _, recipient = generate_identity()
    window = make_window(qtbot, app_paths)
    settings = window.show_workspace(3)
    settings.centre_key.setText("not a key")  # type: ignore[attr-defined]
    settings.save()  # type: ignore[attr-defined]
    assert "age1" in settings.status.text()  # type: ignore[attr-defined]
    settings.centre_key.setText(recipient)  # type: ignore[attr-defined]
    assert fingerprint(recipient) in settings.centre_fingerprint.text()  # type: ignore[attr-defined]
    settings.save()  # type: ignore[attr-defined]
    saved = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert saved["centre_public_key"] == recipient


def test_printing_sends_every_page_to_the_printer(qtbot: QtBot, tmp_path: Path) -> None:
    """A PDF printer stands in for a real one: every page arrives, with the QR code."""
    from io import BytesIO

    from PySide6.QtPrintSupport import QPrinter

    from actionkit.core.dataset import DatasetStore
    from actionkit.core.paths import resolve_paths
    from actionkit.core.print.page import PageSetup
    from actionkit.core.print.render import PrintJob, render
    from actionkit.gui.app import create_application
    from actionkit.gui.workspaces.studio_render import print_pdf

    create_application()
    loaded = DatasetStore(resolve_paths(tmp_path / "home")).load()
    people = [p for p in map(loaded.get, ["narges-mohammadi", "toomaj-salehi"]) if p]
    source = BytesIO()
    url = "https://www.freeiranspoliticalprisonersnow.org"
    render(PrintJob("poster", people, ["en"], PageSetup("A4"), url), source, loaded.dataset.info)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_pdf(source.getvalue(), printer)
    printed = open_pdf(tmp_path / "printed.pdf")
    assert len(printed) == 2
    assert qr_texts(printed[1], dpi=200) == [url]


def test_idle_lock_fires_after_quiet_and_waits_while_someone_types(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from actionkit.gui.app import create_application
    from actionkit.gui.locking import IdleLock

    create_application()
    field = QLineEdit()
    qtbot.addWidget(field)
    lock = IdleLock(1)
    lock.timer.setInterval(300)  # a minute is the shortest choice; the test needs less
    lock.timer.start()
    fired: list[int] = []
    lock.expired.connect(lambda: fired.append(1))
    for _ in range(6):  # typing for about 0.6 s keeps it from firing
        qtbot.keyClick(field, "a")
        qtbot.wait(100)
    assert not fired
    with qtbot.waitSignal(lock.expired, timeout=2000):
        pass


def test_purge_from_the_app_needs_an_export_and_the_typed_event_id(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path, answers: Answers
) -> None:
    from actionkit.core.signatures.validation import SignerInput

    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    event = page.store.create_event("Vigil", "2026-12-10", city="Bonn")
    sheet = page.store.create_sheets(event.slug, ("en",), 1)[0]
    page.store.add_row(sheet.id, 1, SignerInput(first_name="Farangis", last_name="Purged"))
    page.refresh()
    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    assert "Export" in answers.messages[-1].text
    answers.dialogs.append(accept_export)
    answers.save_paths.append(str(tmp_path / "handoff.xlsx"))
    with qtbot.waitSignal(page.exported, timeout=20_000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    # A row typed in after the export: purge refuses, and says how many (it purged it).
    page.store.add_row(sheet.id, 2, SignerInput(first_name="Late", last_name="Comer"))
    shown, asked = len(answers.messages), len(answers.asked)
    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    assert len(answers.messages) == shown + 1 and len(answers.asked) == asked
    assert "1 row(s) of this event were entered" in answers.messages[-1].text
    assert "Export it again" in answers.messages[-1].text
    answers.dialogs.append(accept_export)
    answers.save_paths.append(str(tmp_path / "handoff-again.xlsx"))
    with qtbot.waitSignal(page.exported, timeout=20_000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    from tests.gui.test_signatures_journey import type_event_id

    answers.dialogs.append(type_event_id(qtbot, "wrong-id"))
    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    assert "nothing was deleted" in answers.messages[-1].text
    answers.dialogs.append(type_event_id(qtbot, event.slug))
    with qtbot.waitSignal(page.purged, timeout=20_000):
        qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    assert [s.first_name for s in page.store.signatures(event.slug)] == ["", ""]
    assert page.store.sheet(sheet.id).entered == 2
    assert "2 row" in window.statusBar().currentMessage()
