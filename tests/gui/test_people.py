"""People, as a user works it: click a row, press the buttons and F2, answer the dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.dataset import IMPRISONED_STATUSES, DatasetStore
from actionkit.core.paths import AppPaths
from actionkit.gui.main_window import MainWindow
from actionkit.gui.workspaces.people import PeopleWorkspace
from tests.gui.conftest import Accepted, Answers
from tests.gui.test_main_window import make_window


def people_page(qtbot: QtBot, app_paths: AppPaths) -> tuple[MainWindow, PeopleWorkspace]:
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(0)
    assert isinstance(page, PeopleWorkspace)
    return window, page


def click_row(qtbot: QtBot, page: PeopleWorkspace, row: int) -> None:
    rect = page.table.visualRect(page.proxy.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown_ids(page: PeopleWorkspace) -> list[str]:
    return [
        page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(page.proxy.rowCount())
    ]


def test_f2_updates_a_status_only_with_its_source(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Toomaj")
    click_row(qtbot, page, 0)
    person = page.selected_people()[0]

    def without_source(dialog: Any) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData("transfer"))
        dialog.as_of.setText("2026-11-20")
        dialog.prison.setText("Dastgerd Prison, Isfahan")
        return Accepted

    def with_source(dialog: Any) -> int:
        without_source(dialog)
        qtbot.keyClicks(dialog.title, "Rally report")
        qtbot.keyClicks(dialog.publisher, "Local group")
        return Accepted

    answers.dialogs.append(without_source)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert answers.messages and "source" in answers.messages[-1].text
    assert answers.messages[-1].plain
    answers.dialogs.append(with_source)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    updated = page.loaded.get(person.id)
    assert updated is not None and updated.status_as_of == "2026-11-20"
    assert updated.prison == "Dastgerd Prison, Isfahan"
    shown = page.detail.toPlainText()
    assert "2026-11-20 · Moved to another prison · Dastgerd Prison, Isfahan" in shown


def test_an_event_that_makes_no_sense_is_refused_with_the_reason(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    """A release for someone who was executed: the timeline says why not, nothing saved."""
    window, page = people_page(qtbot, app_paths)
    page.status.setCurrentIndex(0)  # everyone, not only those imprisoned now
    qtbot.keyClicks(page.search, "Mohsen Shekari")
    click_row(qtbot, page, 0)
    assert page.selected_people()[0].id == "mohsen-shekari"

    def release(dialog: Any) -> int:
        assert dialog.windowTitle() == "What happened to Mohsen Shekari?"
        dialog.status.setCurrentIndex(dialog.status.findData("release"))
        dialog.as_of.setText("2026-11-20")
        assert not dialog.prison.isEnabled(), "a release names no prison"
        qtbot.keyClicks(dialog.title, "Rally report")
        qtbot.keyClicks(dialog.publisher, "Local group")
        return Accepted

    seen: dict[str, object] = {}

    def release_then_cancel(dialog: Any) -> int:
        release(dialog)
        dialog.accept()  # OK: refused, and the dialog stays open with what was typed
        seen["open"] = dialog.result() != Accepted
        seen["kept"] = (dialog.status.currentData(), dialog.title.text())
        return 0  # the organizer cancels

    answers.dialogs.append(release_then_cancel)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert seen == {"open": True, "kept": ("release", "Rally report")}
    (message,) = answers.messages
    assert message.text.startswith("This event does not fit the person's timeline:")
    assert "comes after the person's death" in message.text
    assert "events[" not in message.text, "no developer wording"
    assert page.loaded.get("mohsen-shekari").status == "executed"  # type: ignore[union-attr]
    assert not page.store.overlay_file.exists()


def test_attach_a_photo_with_its_credit_through_the_button(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers, tmp_path: Path
) -> None:
    _, page = people_page(qtbot, app_paths)
    assert not page.photo_button.isEnabled(), "nobody selected, nothing to attach to"
    qtbot.keyClicks(page.search, "Toomaj")
    click_row(qtbot, page, 0)
    person = page.selected_people()[0]
    photo = tmp_path / "toomaj.jpg"
    Image.new("RGB", (600, 800), (120, 90, 60)).save(photo)

    def credit(dialog: Any) -> int:
        qtbot.keyClicks(dialog.credit, "Local group")
        qtbot.keyClicks(dialog.licence, "CC BY 4.0")
        return Accepted

    answers.open_paths.append([str(photo)])
    answers.dialogs.append(credit)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    updated = page.loaded.get(person.id)
    assert updated is not None and updated.photo is not None
    stored = page.store.photo_file(updated)
    assert stored is not None and stored.exists()


def test_add_a_person_the_dataset_lacks_with_a_source(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    _, page = people_page(qtbot, app_paths)

    def names_only(dialog: Any) -> int:
        qtbot.keyClicks(dialog.latin, "Shirin Example")
        dialog.persian.insert("شیرین نمونه")
        dialog.as_of.setText("2026-11-19")
        return Accepted

    def with_source(dialog: Any) -> int:
        names_only(dialog)
        qtbot.keyClicks(dialog.title, "Call with the family")
        qtbot.keyClicks(dialog.publisher, "Koeln group")  # QTest types ASCII only
        return Accepted

    answers.dialogs.append(names_only)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert answers.messages and "source" in answers.messages[-1].text, "no source, no person"
    answers.dialogs.append(with_source)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "Shirin Example" in page.detail.toPlainText()
    reopened = DatasetStore(app_paths).load()  # as after a restart
    (found,) = reopened.index.search("شیرین")
    assert found.id.startswith("local-")


def test_currently_imprisoned_filter_and_hiding_with_a_question(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    window, page = people_page(qtbot, app_paths)
    everyone = page.proxy.rowCount()
    page.status.setCurrentIndex(page.status.findData("imprisoned"))
    imprisoned = shown_ids(page)
    assert 0 < len(imprisoned) < everyone
    assert {page.loaded.get(i).status for i in imprisoned} <= IMPRISONED_STATUSES  # type: ignore[union-attr]
    statuses_seen = {p.status for p in page.loaded.people if p.status in IMPRISONED_STATUSES}
    assert len(imprisoned) == sum(p.status in statuses_seen for p in page.loaded.people)

    click_row(qtbot, page, 0)
    first = page.selected_people()[0].id
    answers.yes = False
    qtbot.mouseClick(page.hide_button, Qt.MouseButton.LeftButton)
    assert first in shown_ids(page), "No keeps them"
    answers.yes = True
    qtbot.mouseClick(page.hide_button, Qt.MouseButton.LeftButton)
    assert first not in shown_ids(page)
    assert first in DatasetStore(app_paths).load().hidden
    page.status.setCurrentIndex(page.status.findData(None))  # no filter at all:
    assert first not in shown_ids(page), "a hidden person is gone from the plain list too"
    studio = window.show_workspace(1)
    assert first not in studio.picker.shown_ids(), "and from the studio's list"  # type: ignore[attr-defined]


def test_an_event_recorded_by_mistake_can_be_taken_back(
    qtbot: QtBot, app_paths: AppPaths, answers: Answers
) -> None:
    """A new user recorded a wrong event and found no way to remove it (only to hide the
    whole person). The button appears for people with events of yours, and asks first."""
    window, page = people_page(qtbot, app_paths)
    qtbot.keyClicks(page.search, "Toomaj")
    click_row(qtbot, page, 0)
    before = page.selected_people()[0]
    assert not page.undo_event_button.isVisible(), "nothing of yours to take back"

    def transfer(dialog: Any) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData("transfer"))
        dialog.as_of.setText("2026-11-20")
        dialog.prison.setText("Somewhere Wrong")
        qtbot.keyClicks(dialog.title, "Rally report")
        qtbot.keyClicks(dialog.publisher, "Local group")
        return Accepted

    answers.dialogs.append(transfer)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert page.loaded.get(before.id).prison == "Somewhere Wrong"  # type: ignore[union-attr]
    assert page.undo_event_button.isVisible()

    answers.yes = False
    qtbot.mouseClick(page.undo_event_button, Qt.MouseButton.LeftButton)
    assert "Moved to another prison" in answers.messages[-1].text
    assert page.loaded.get(before.id).prison == "Somewhere Wrong"  # type: ignore[union-attr]
    answers.yes = True
    qtbot.mouseClick(page.undo_event_button, Qt.MouseButton.LeftButton)
    after = page.loaded.get(before.id)
    assert after is not None and after.prison == before.prison
    assert after.events == before.events and not after.local_fields
    assert not page.undo_event_button.isVisible()
