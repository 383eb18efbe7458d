"""Small file habits every store shares: atomic writes, and keeping broken files."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from actionkit.core.errors import ActionKitError

T = TypeVar("T")


# Every temporary file ActionKit writes is named `.<name>.actionkit-partial-<pid>-<random>.tmp`,
# so what a killed run left behind can be found, and told apart from a running one's.
PARTIAL_MARK = ".actionkit-partial-"
_PARTIAL = re.compile(r"^\..*\.actionkit-partial-(\d+)-[A-Za-z0-9_]+\.tmp$")
# Where a write into a folder other than the data folder (an export's, a merge's) notes
# its temporary file until it is done, so the next start can find it if the run died.
PENDING_FOLDER = "pending-writes"
_STALE_AFTER = 24 * 3600  # seconds: no write runs this long; an older note's process is gone


def atomic_write(path: Path, write: Callable[[Path], T], *, pending: Path | None = None) -> T:
    """Let `write` fill a temporary file beside `path`, then swap it in, so a
    crash leaves either the old or the new file, never half of one. The folder
    must exist: a mistyped folder is the caller's error to report, not to create.

    The temporary file is removed on any failure; one left by a killed process is
    removed by `remove_stale_partials` at the next start. With `pending` (the data
    folder), a note there names the temporary file while it exists: for outputs
    written outside the data folder, which the next start would not otherwise search."""
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}{PARTIAL_MARK}{os.getpid()}-", suffix=".tmp", dir=path.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    note = _note_pending(pending, tmp) if pending is not None else None
    try:
        result = write(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
        return result
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if note is not None:
            note.unlink(missing_ok=True)


def _note_pending(data_dir: Path, tmp: Path) -> Path:
    folder = data_dir / PENDING_FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".note", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(str(tmp.resolve()))
    return Path(name)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (on any system; never signals it)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        alive = kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value == 259
        kernel32.CloseHandle(handle)
        return bool(alive)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(pid: int, path: Path) -> bool:
    if pid == os.getpid():
        return False
    try:
        old = time.time() - path.stat().st_mtime > _STALE_AFTER
    except OSError:
        return False
    return old or not process_alive(pid)


def _remove_partials_in(folder: Path) -> int:
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        match = _PARTIAL.match(entry.name)
        if match and entry.is_file() and _stale(int(match.group(1)), entry):
            entry.unlink(missing_ok=True)
            removed += 1
    return removed


def remove_stale_partials(data_dir: Path) -> int:
    """Remove what killed runs left: partial files (of exports and merges too, wherever
    their notes say) and the private temporary folders of older versions. A file of a
    process that still runs is left alone. Returns how many were removed."""
    if not data_dir.is_dir():
        return 0
    removed = _remove_partials_in(data_dir)
    for old in data_dir.glob(".actionkit-tmp-*"):  # openpyxl's files, left by earlier versions
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
            removed += 1
    notes = data_dir / PENDING_FOLDER
    for note in sorted(notes.glob("*.note")) if notes.is_dir() else []:
        pid = note.name.split("-", 1)[0]
        if not pid.isdigit() or not _stale(int(pid), note):
            continue
        try:
            partial = Path(note.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            partial = None
        # Only ever a file named as ours, whatever the note says.
        if partial is not None and _PARTIAL.match(partial.name) and partial.is_file():
            partial.unlink(missing_ok=True)
            removed += 1
        note.unlink(missing_ok=True)
    return removed


def check_target(path: Path) -> Path:
    """Fail early, with words, on an output path that cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise ActionKitError(
            f"{path} is a folder; give a file name inside it.", key="file.is_folder", path=str(path)
        )
    if not path.parent.is_dir():
        raise ActionKitError(
            f"The folder {path.parent} does not exist.", key="file.no_folder", path=str(path.parent)
        )
    return path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """For the app's own files: their folder is made (owner-only) if need be."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, write)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def move_aside(path: Path) -> Path | None:
    """Rename a file that cannot be read to `<name>.broken-<time>`; never overwrite one."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        target = path.with_name(f"{path.name}.broken-{stamp}" + (f"-{n}" if n else ""))
        if not target.exists():
            try:
                path.rename(target)
            except OSError:
                return None
            return target
    return None
