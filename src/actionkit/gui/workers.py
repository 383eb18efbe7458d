"""Core jobs off the UI thread: a QThread per job, results and errors as signals.

The core never knows about Qt: a job is a plain function that may take a
progress callback and a cancel check. Errors the user can cause arrive as
their message; anything else as a short description, never a traceback.
A workspace passes `describe=t.error` to have the message in the UI language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QThread, Signal

from actionkit.core.errors import ActionKitError


def describe_error(exc: BaseException) -> str:
    """The English words for a failed job (what the CLI would print)."""
    if isinstance(exc, ActionKitError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.filename or ''} {exc.strerror or exc}".strip()
    return f"Something went wrong ({exc.__class__.__name__}: {exc})."


def _done(worker: Worker) -> None:
    """What a finished worker's job becomes (it never runs twice)."""


class Worker(QThread):
    succeeded = Signal(object)
    failed = Signal(str)
    progressed = Signal(int, int)

    # Every started worker stays referenced until its thread has fully ended:
    # Qt aborts the process if a QThread object is destroyed while it runs.
    _alive: ClassVar[set[Worker]] = set()

    def __init__(
        self,
        job: Callable[[Worker], Any],
        *,
        describe: Callable[[BaseException], str] | None = None,
    ) -> None:
        super().__init__()
        self._job = job
        self._describe = describe or describe_error
        self._cancelled = False
        self.finished.connect(self._forget)

    def start(self, *args: Any) -> None:
        Worker._alive.add(self)
        super().start(*args)

    @classmethod
    def stop_all(cls, timeout_ms: int = 30_000) -> None:
        """Ask every running job to stop, and wait for them (when the window closes)."""
        for worker in list(cls._alive):
            worker.cancel()
        for worker in list(cls._alive):
            worker.wait(timeout_ms)

    def _forget(self) -> None:
        self.wait()  # "finished" is emitted just before the thread ends
        # Let go of the job now, on this thread: its closure (a printer, PDF bytes, a
        # store path) would otherwise wait in a reference cycle for the garbage
        # collector, which may run while another worker is inside PDFium or Qt.
        self._job = _done
        Worker._alive.discard(self)

    def cancel(self) -> None:
        self._cancelled = True

    def cancelled(self) -> bool:
        return self._cancelled

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self._job(self)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed
            self.failed.emit(self._describe(exc))
        else:
            self.succeeded.emit(result)
