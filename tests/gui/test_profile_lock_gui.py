"""A second ActionKit on the same profile says which process has it and quits; an
interrupted lock is finished or undone on start, and the window says which."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer

from actionkit.core.paths import AppPaths
from actionkit.core.profile_lock import holds
from actionkit.core.signatures.lock import is_locked
from actionkit.core.signatures.store import STORE_FILE, SignatureStore
from actionkit.gui.app import run_gui
from tests.core.test_profile_lock import other_process_holding
from tests.gui.conftest import Answers


def test_a_second_app_is_told_who_has_the_profile_and_quits(
    qtbot: object, app_paths: AppPaths, answers: Answers
) -> None:
    with other_process_holding(app_paths.data_dir, "the ActionKit app") as first:
        assert run_gui(app_paths, smoke_test=True) == 1
    [shown] = answers.messages
    assert shown.plain
    assert f"in use by the ActionKit app (process {first.pid}, since " in shown.text
    assert "close the other one first" in shown.text
    assert not holds(app_paths.data_dir)


def test_the_app_holds_the_profile_and_reports_an_interrupted_lock_it_undid(
    qtbot: object, app_paths: AppPaths, answers: Answers, capsys: object
) -> None:
    store = app_paths.data_dir / STORE_FILE
    with SignatureStore(store) as opened:
        opened.create_event("Vigil", "2026-12-10", city="Wuppertal")
    # What a lock killed before its commit point leaves: a new salt and a partial copy.
    Path(str(store) + ".salt.next").write_text("ab" * 16 + "\n", encoding="ascii")
    Path(str(store) + ".next").write_bytes(b"half an encrypted copy")

    held_while_open: list[bool] = []
    QTimer.singleShot(0, lambda: held_while_open.append(holds(app_paths.data_dir)))
    assert run_gui(app_paths, smoke_test=True) == 0
    assert held_while_open == [True]
    texts = answers.message_texts()
    assert "Locking the signature store was interrupted. It has been undone" in texts
    assert not is_locked(store)
    assert not Path(str(store) + ".next").exists()
    with SignatureStore(store) as reopened:
        assert [e.slug for e in reopened.events()] == ["2026-12-10-wuppertal"]
    assert not holds(app_paths.data_dir)  # let go when the window closed
