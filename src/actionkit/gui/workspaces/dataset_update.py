"""Settings' "Check for updates": download the campaign's dataset in a worker, list
what would change, and store it only when the user says Apply.

Nothing here runs unless the button is pressed; the core (core/dataset/update.py)
does the downloading, checking and storing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import ActionKitError
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces.signature_jobs import JobPanel

if TYPE_CHECKING:
    from actionkit.core.dataset.store import DatasetStore
    from actionkit.core.dataset.update import PendingUpdate


def changes_text(pending: PendingUpdate, t: Translator) -> str:
    """What the update changes, one line each, in the interface language."""

    def status(code: str | None) -> str:
        word = t(f"status.{code}") if code else "–"
        return word if word != f"status.{code}" else str(code)

    lines = [
        t(
            "update.summary",
            old=pending.old_version,
            new=pending.new_version,
            signer=pending.signer,
        ),
        "",
    ]
    for change in pending.changes:
        if change.field == "status":
            lines.append(
                t(
                    "update.status_change",
                    person=change.person_id,
                    old=status(change.old),
                    new=status(change.new),
                )
            )
        else:
            lines.append(
                t(
                    "update.prison_change",
                    person=change.person_id,
                    old=change.old or "–",
                    new=change.new or "–",
                )
            )
    lines += [t("update.added", person=pid) for pid in pending.added]
    lines += [t("update.removed", person=pid) for pid in pending.removed]
    if not (pending.changes or pending.added or pending.removed):
        lines.append(t("update.no_changes"))
    if pending.conflicts:
        lines += ["", t("update.conflicts")]
        lines += [
            t(
                "update.conflict",
                person=c.person_id,
                field=c.field,
                yours=str(c.yours),
                now=str(c.now if c.now is not None else "–"),
            )
            for c in pending.conflicts
        ]
    return "\n".join(lines)


class UpdateDialog(QDialog):
    """The changes as plain text, with Apply and Cancel."""

    def __init__(self, text: str, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("update.title"))
        self.setObjectName("updateDialog")
        self.question = QLabel(t("update.question"))
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setPlainText(text)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(
            t("update.apply"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            t("settings.cancel_check"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setDefault(True)  # Enter never applies by accident
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 380)


class UpdatePanel(QWidget):
    """The Check for updates button, its progress and Cancel, and the outcome in words."""

    dataset_updated = Signal()

    def __init__(
        self,
        *,
        store: DatasetStore,
        url: Callable[[], str],
        t: Translator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.url = url  # the address as typed in Settings now
        self.t = t
        self.worker: Worker | None = None
        self.check_button = QPushButton()
        self.check_button.setObjectName("checkUpdatesButton")
        self.check_button.clicked.connect(self.check)
        self.jobs = JobPanel(t.error)  # progress and Cancel while the download runs
        self.bar, self.cancel_button = self.jobs.bar, self.jobs.cancel_button
        self.status = QLabel("")
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self._status: tuple[str, dict[str, str]] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check_button)
        layout.addWidget(self.jobs, 1)
        layout.addWidget(self.status, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.check_button.setText(self.t("settings.check_updates"))
        self.cancel_button.setText(self.t("settings.cancel_check"))
        self.status.setText(self.t(self._status[0], **self._status[1]) if self._status else "")

    def show_status(self, key: str, **values: str) -> None:
        self._status = (key, values)
        self.status.setText(self.t(key, **values))

    def busy(self) -> bool:
        return self.worker is not None

    # Slots ----------------------------------------------------------------------------

    def check(self) -> None:
        """Download and check the dataset at the address in Settings (never stores it)."""
        from actionkit.core.dataset.update import check_for_update

        if self.jobs.busy():
            return
        url = self.url().strip()
        if not url:
            self.show_status("error.update.no_url")
            dialogs.warn(self, self.t("update.title"), self.t("error.update.no_url"))
            return
        store = self.store

        def job(worker: Worker) -> PendingUpdate:
            return check_for_update(store, url, progress=worker.report, cancelled=worker.cancelled)

        self.check_button.setEnabled(False)
        self.show_status("update.checking")
        self.worker = self.jobs.run("", job, self._checked, self._failed, can_cancel=True)

    def cancel(self) -> None:
        self.jobs.cancel()

    # Worker results ---------------------------------------------------------------------

    def _ended(self) -> bool:
        """Back to idle; True if the user had cancelled."""
        cancelled = self.worker is not None and self.worker.cancelled()
        self.worker = None
        self.check_button.setEnabled(True)
        return cancelled

    def _failed(self, message: str) -> None:
        if self._ended():
            self.show_status("update.cancelled")
            return
        self._status = None
        self.status.setText("")
        dialogs.warn(self, self.t("update.title"), message)

    def _checked(self, pending: PendingUpdate) -> None:
        if self._ended():
            self.show_status("update.cancelled")
            return
        if pending.up_to_date:
            self.show_status("update.up_to_date", version=pending.new_version)
            return
        dialog = UpdateDialog(changes_text(pending, self.t), self.t, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply(pending)
        else:
            self.show_status("update.not_applied")

    # Operation --------------------------------------------------------------------------

    def apply(self, pending: PendingUpdate) -> bool:
        """Store the checked dataset (exactly the verified bytes) and say so."""
        from actionkit.core.dataset.update import apply_update

        try:
            apply_update(self.store, pending)
        except (ActionKitError, OSError) as exc:
            dialogs.warn(self, self.t("update.title"), self.t.error(exc))
            return False
        self.show_status("update.applied", version=pending.new_version)
        self.dataset_updated.emit()
        return True
