"""Small file habits every store shares: atomic writes, and keeping broken files."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from actionkit.core.errors import ActionKitError

T = TypeVar("T")


def atomic_write(path: Path, write: Callable[[Path], T]) -> T:
    """Let `write` fill a temporary file beside `path`, then swap it in, so a
    crash leaves either the old or the new file, never half of one. The folder
    must exist: a mistyped folder is the caller's error to report, not to create."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        result = write(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
        return result
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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


@contextmanager
def private_tempdir(base: Path) -> Iterator[Path]:
    """Send Python's temporary files to a fresh owner-only folder under `base`
    while the block runs, and remove it afterwards.

    openpyxl's write-only sheets stream their rows through temporary files; for
    signer exports those rows must not sit in a shared /tmp, nor outlive a crash
    there unseen. Put `base` where the same data already lives (the data folder).
    """
    folder = Path(tempfile.mkdtemp(prefix=".actionkit-tmp-", dir=base))  # mode 0700
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(folder, ignore_errors=True)


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
