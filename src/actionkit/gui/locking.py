"""Asking for the signature store's passphrase, and locking again when the user is away."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget

from actionkit.core.paths import AppPaths
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})
TRIES = 5


def ask_passphrase(parent: QWidget, paths: AppPaths, t: Translator) -> str | None:
    """Ask until the passphrase opens the store, or the user gives up (None)."""
    from actionkit.core.signatures.schema import StoreLocked
    from actionkit.core.signatures.store import SignatureStore

    for _ in range(TRIES):
        text, ok = QInputDialog.getText(
            parent, t("lock.title"), t("lock.prompt"), QLineEdit.EchoMode.Password
        )
        if not ok:
            return None
        try:
            SignatureStore.open(paths, text).close()
        except StoreLocked as exc:
            dialogs.warn(parent, t("lock.title"), t.error(exc))
            continue
        return str(text)
    return None


class IdleLock(QObject):
    """Emits `expired` after `minutes` without a key press, click or scroll anywhere.

    After it fired, it is paused until `resume()`: what is typed into the unlock
    prompt is not work, and must not start the count towards another lock.
    """

    expired = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paused = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._fire)
        self.set_minutes(minutes)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)

    def _fire(self) -> None:
        self.paused = True
        self.timer.stop()
        self.expired.emit()

    def resume(self) -> None:
        """Unlocked again: count quiet time from now."""
        self.paused = False
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.paused and event.type() in _ACTIVITY:
            self.timer.start()
        return False
