"""One process per profile: an exclusive lock on the profile's data folder.

The app holds it while its window is open, and so does every command that
writes the signature store; locking the store or changing its passphrase takes
it too, so the file is never swapped under a process that has it open. A second
process is refused and told which process holds the profile.

The lock is the operating system's own (`fcntl` record locks on Linux and
macOS, `msvcrt` byte locks on Windows), taken on one byte far past the end of
`actionkit.lock`: the system releases it when the holder exits, however it
exits, so a lock left by a process that crashed or was killed is simply taken
over. The file itself holds who has the profile (process id, program, since
when), which the holder clears when it lets go; finding it filled on taking the
lock is how a process that ended without letting go is noticed.

The lock is per process and counted: taking it again in the same process (the
app locking its own store) succeeds, and it is let go when the last holder does.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from actionkit.core.errors import ActionKitError

LOCK_FILE = "actionkit.lock"
# The locked byte lies far past the holder's details, so that on Windows (where a
# locked range cannot be read by anyone else) the details stay readable.
_LOCK_OFFSET = 1 << 30
_BUSY = {errno.EACCES, errno.EAGAIN, getattr(errno, "EDEADLOCK", errno.EDEADLK)}


@dataclass(frozen=True)
class Holder:
    """Who has (or had) the profile."""

    pid: int
    program: str
    since: str  # local date and time, as the holder wrote it
    host: str

    def describe(self) -> str:
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        return f"{self.program} (process {self.pid}{where}, since {self.since})"


class ProfileInUse(ActionKitError):
    """Another process has this profile open."""

    def __init__(self, holder: Holder | None) -> None:
        who = holder.describe() if holder else "another ActionKit process"
        super().__init__(
            f"This profile is in use by {who}. Only one ActionKit can use a profile at a "
            "time: close the other one first (nothing was changed).",
            key="profile.in_use",
            program=holder.program if holder else "ActionKit",
            pid=holder.pid if holder else "?",
            since=holder.since if holder else "?",
        )
        self.holder = holder


@dataclass
class _Held:
    file: IO[bytes]
    count: int
    took_over: Holder | None


_HELD: dict[Path, _Held] = {}
_GUARD = threading.Lock()


def lock_file(data_dir: Path) -> Path:
    return Path(data_dir) / LOCK_FILE


def _lock_byte(file: IO[bytes]) -> None:
    """Take the lock without waiting; OSError with a 'busy' errno if it is taken."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        file.seek(_LOCK_OFFSET)
        msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
        file.seek(0)
    else:
        import fcntl

        fcntl.lockf(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LOCK_OFFSET)


def _unlock_byte(file: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        file.seek(_LOCK_OFFSET)
        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)
        file.seek(0)
    else:
        import fcntl

        fcntl.lockf(file.fileno(), fcntl.LOCK_UN, 1, _LOCK_OFFSET)


def _holder_in(file: IO[bytes]) -> Holder | None:
    """Who the lock file says has the profile (None: nobody, or unreadable).

    Read through the file already open: on POSIX, closing any other handle on
    the file would drop this process's lock."""
    try:
        file.seek(0)
        info = json.loads(file.read(4096).decode("utf-8"))
        return Holder(int(info["pid"]), str(info["program"]), str(info["since"]), str(info["host"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_holder(file: IO[bytes], program: str) -> None:
    since = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    info = {"pid": os.getpid(), "program": program, "since": since, "host": socket.gethostname()}
    file.seek(0)
    file.truncate()
    file.write(json.dumps(info).encode("utf-8"))
    file.flush()


def acquire(data_dir: Path, program: str) -> Holder | None:
    """Take the profile for this process, or raise ProfileInUse naming the holder.

    Returns the holder a lock was taken over from (a process that ended without
    letting go), else None."""
    key = Path(data_dir).absolute()
    with _GUARD:
        held = _HELD.get(key)
        if held is not None:
            held.count += 1
            return None
        key.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(lock_file(key), os.O_RDWR | os.O_CREAT, 0o600)
        file = os.fdopen(fd, "r+b", buffering=0)
        try:
            _lock_byte(file)
        except OSError as exc:
            holder = _holder_in(file)
            file.close()
            if exc.errno in _BUSY:
                raise ProfileInUse(holder) from None
            raise
        left = _holder_in(file)
        took_over = left if left is not None and left.pid != os.getpid() else None
        try:
            _write_holder(file, program)
        except OSError:
            _unlock_byte(file)
            file.close()
            raise
        _HELD[key] = _Held(file, 1, took_over)
        return took_over


def release(data_dir: Path) -> None:
    """Let go of the profile (when this was the process's last hold on it)."""
    key = Path(data_dir).absolute()
    with _GUARD:
        held = _HELD.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _HELD[key]
        try:
            held.file.seek(0)
            held.file.truncate()  # a clean exit leaves no holder behind
        except OSError:
            pass  # the lock itself goes with the file; a leftover name is only a note
        finally:
            _unlock_byte(held.file)
            held.file.close()


def holds(data_dir: Path) -> bool:
    """Whether this process has the profile."""
    with _GUARD:
        return Path(data_dir).absolute() in _HELD


@contextmanager
def hold_profile(data_dir: Path, program: str) -> Iterator[Holder | None]:
    """The profile held for the duration of a `with` block (yields any lock taken over)."""
    took_over = acquire(data_dir, program)
    try:
        yield took_over
    finally:
        release(data_dir)
