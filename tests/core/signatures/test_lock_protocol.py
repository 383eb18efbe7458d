"""Locking and changing the passphrase are crash-safe by construction: the process is
killed (and a full disk is simulated) at every step of the protocol, and each time
the store opens afterwards with the old or the new passphrase, with every row."""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actionkit.core.signatures import lock
from actionkit.core.signatures.lock import change_passphrase, is_locked, lock_store
from actionkit.core.signatures.schema import StoreError, StoreLocked, sqlite
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

OLD, NEW = "old passphrase here", "new passphrase here"
STEPS = ("_write_new_salt", "_write_encrypted_copy", "_commit_salt", "_swap_in")
# (step, before or after it): whether the change is committed at that moment.
POINTS = [(step, when) for step in STEPS for when in ("before", "after")]
ROWS = 25


def committed(step: str, when: str) -> bool:
    return STEPS.index(step) > STEPS.index("_commit_salt") or (
        step == "_commit_salt" and when == "after"
    )


def make_store(path: Path, *, locked: bool) -> None:
    with SignatureStore(path) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Wuppertal")
        sheet = store.create_sheets(event.slug, ("en",), 2, rows=15)
        for number in range(ROWS):
            store.add_row(
                sheet[number // 15].id,
                number % 15 + 1,
                SignerInput(first_name=f"Signer{number}", last_name="Rahimi"),
            )
    if locked:
        lock_store(path, OLD)


def check_opens(path: Path, passphrase: str | None) -> Any:
    """Open as a user would; every row is there and the file is sound."""
    store = SignatureStore(path, passphrase)
    try:
        names = sorted(s.first_name for s in store.signatures("2026-12-10-wuppertal"))
        assert names == sorted(f"Signer{n}" for n in range(ROWS))
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return store.recovered
    finally:
        store.close()


def refused(path: Path, passphrase: str | None) -> bool:
    try:
        SignatureStore(path, passphrase).close()
    except StoreLocked:
        return True
    return False


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.endswith((".next", ".locking")))


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from actionkit.core.signatures import lock

    path, step, when, operation = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    real = getattr(lock, step)

    def interrupted(*args, **kwargs):
        if when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(lock, step, interrupted)
    if operation == "lock":
        lock.lock_store(path, sys.argv[5])
    else:
        lock.change_passphrase(path, sys.argv[5], sys.argv[6])
    print("not killed")
    """
)


def kill_during(path: Path, step: str, when: str, operation: str, *passphrases: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(path), step, when, operation, *passphrases],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stdout + done.stderr


def expect_after_interruption(path: Path, *, was_locked: bool, step: str, when: str) -> None:
    before = OLD if was_locked else None
    if committed(step, when):
        recovered = check_opens(path, NEW)
        if step != "_swap_in" or when == "before":
            assert recovered is not None and recovered.outcome == "finished"
        assert refused(path, OLD)
        assert refused(path, None)
    else:
        recovered = check_opens(path, before)
        if (step, when) != ("_write_new_salt", "before"):
            assert recovered is not None and recovered.outcome == "undone"
            assert recovered.locked is was_locked
        assert is_locked(path) is was_locked
        if was_locked:
            assert refused(path, NEW)
    assert leftovers(path) == []
    assert not Path(str(path) + ".salt.next").exists()


@pytest.mark.slow
@pytest.mark.parametrize(("step", "when"), POINTS)
def test_a_first_lock_killed_at_any_step_leaves_a_store_that_opens(
    tmp_path: Path, step: str, when: str
) -> None:
    path = tmp_path / "signatures.sqlite3"
    make_store(path, locked=False)
    kill_during(path, step, when, "lock", NEW)
    expect_after_interruption(path, was_locked=False, step=step, when=when)


@pytest.mark.slow
@pytest.mark.parametrize(("step", "when"), POINTS)
def test_a_passphrase_change_killed_at_any_step_leaves_a_store_that_opens(
    tmp_path: Path, step: str, when: str
) -> None:
    path = tmp_path / "signatures.sqlite3"
    make_store(path, locked=True)
    kill_during(path, step, when, "change", OLD, NEW)
    expect_after_interruption(path, was_locked=True, step=step, when=when)


def disk_full_at(monkeypatch: pytest.MonkeyPatch, step: str, when: str) -> None:
    real: Callable[..., Any] = getattr(lock, step)

    def full(*args: Any, **kwargs: Any) -> Any:
        if when == "before":
            raise OSError(errno.ENOSPC, "No space left on device")
        result = real(*args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")
        return result

    monkeypatch.setattr(lock, step, full)


@pytest.mark.parametrize(("step", "when"), POINTS)
@pytest.mark.parametrize("operation", ["lock", "change"])
def test_a_full_disk_at_any_step_is_reported_and_the_store_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, when: str, operation: str
) -> None:
    path = tmp_path / "signatures.sqlite3"
    make_store(path, locked=operation == "change")
    disk_full_at(monkeypatch, step, when)
    with pytest.raises(StoreError) as failed:
        if operation == "lock":
            lock_store(path, NEW)
        else:
            change_passphrase(path, OLD, NEW)
    assert "No space left on device" in str(failed.value)
    monkeypatch.undo()
    if committed(step, when):
        assert failed.value.key == "lock.failed_after_commit"
        assert "opens with the new passphrase" in str(failed.value)
        recovered = check_opens(path, NEW)  # finished at once, or now
        assert recovered is None or recovered.outcome == "finished"
    else:
        assert failed.value.key == "lock.failed"
        assert "Nothing was changed" in str(failed.value)
        assert check_opens(path, OLD if operation == "change" else None) is None
        assert is_locked(path) is (operation == "change")
    assert leftovers(path) == []


def test_an_interrupted_change_is_refused_while_another_process_is_making_it(
    tmp_path: Path,
) -> None:
    """Recovery never undoes a change another process is in the middle of."""
    from actionkit.core.profile_lock import ProfileInUse
    from tests.core.test_profile_lock import other_process_holding

    path = tmp_path / "signatures.sqlite3"
    make_store(path, locked=False)
    Path(str(path) + ".salt.next").write_text("00" * 16 + "\n", encoding="ascii")
    with other_process_holding(tmp_path, "actionkit lock"), pytest.raises(ProfileInUse):
        SignatureStore(path)
    assert Path(str(path) + ".salt.next").exists()
    assert check_opens(path, None) is not None  # now undone


def test_what_an_interrupted_lock_of_the_old_version_left_is_recovered(tmp_path: Path) -> None:
    """ActionKit 0.1 wrote `.salt.new` first and left a plaintext store beside it when
    killed (no passphrase opened it); opening now undoes that."""
    path = tmp_path / "signatures.sqlite3"
    make_store(path, locked=False)
    Path(str(path) + ".salt.new").write_text("ab" * 16 + "\n", encoding="ascii")
    Path(str(path) + ".locking").write_bytes(b"half an encrypted copy")
    recovered = check_opens(path, None)
    assert recovered is not None and (recovered.outcome, recovered.locked) == ("undone", False)
    assert leftovers(path) == []
    assert not any(p.name.endswith((".salt", ".salt.new")) for p in tmp_path.iterdir())


def test_what_an_interrupted_change_of_the_old_version_left_opens_with_the_new_one(
    tmp_path: Path,
) -> None:
    """0.1 re-keyed in place and renamed the salt last: killed between the two, the
    store opened with neither passphrase. The new passphrase now opens it."""
    path = tmp_path / "signatures.sqlite3"
    make_store(path, locked=True)
    new_salt = bytes(range(16))
    store = SignatureStore(path, OLD)
    store.conn.execute(f"PRAGMA rekey = \"x'{lock.derive_key(NEW, new_salt).hex()}'\"")
    store.close()
    Path(str(path) + ".salt.new").write_text(new_salt.hex() + "\n", encoding="ascii")
    assert check_opens(path, NEW) is None
    assert not Path(str(path) + ".salt.new").exists()
    assert refused(path, OLD)


def test_the_database_saying_its_disk_is_full_is_reported_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports a full disk as its own error (SQLITE_FULL), not as OSError."""
    path = tmp_path / "signatures.sqlite3"
    make_store(path, locked=True)

    def full(*args: Any, **kwargs: Any) -> None:
        raise sqlite.OperationalError("database or disk is full")

    monkeypatch.setattr(lock, "_write_encrypted_copy", full)
    with pytest.raises(StoreError) as failed:
        change_passphrase(path, OLD, NEW)
    assert failed.value.key == "lock.failed"
    assert "database or disk is full" in str(failed.value)
    monkeypatch.undo()
    assert check_opens(path, OLD) is None
    assert leftovers(path) == []
