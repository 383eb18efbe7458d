"""The Qt binding itself: PySide6 6.12.0 lost a reference to None/True/False on every
signal emission and thread run, and the app aborted after a few hundred of them."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from actionkit.gui.app import create_application
from actionkit.gui.workers import Worker


class _Bridge(QObject):
    carried = Signal(object)


def test_signals_and_worker_threads_keep_singleton_refcounts() -> None:
    create_application()
    bridge, received = _Bridge(), list[object]()
    bridge.carried.connect(received.append)
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for n in range(2000):
        bridge.carried.emit({"n": n})
    for _ in range(50):
        worker = Worker(lambda w: None)
        worker.start()
        worker.wait()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    assert len(received) == 2000
    assert all(a >= b - 50 for a, b in zip(after, before, strict=True)), (before, after)
