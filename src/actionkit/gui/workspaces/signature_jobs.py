"""The slow signature jobs (sheets PDF, export, merge, purge), and the strip that shows one.

Each job is a plain function of a Worker that opens its own store connection
(SQLite connections belong to the thread that made them; WAL lets the window's
connection read alongside). `JobPanel` runs one job at a time and says when one
starts and ends, so the workspace can grey out what would start a second.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces.signature_export import ExportChoice

Job = Callable[[Worker], Any]


def sheets_job(
    store_path: Path,
    passphrase: str | None,
    event: str,
    target: Path,
    *,
    count: int,
    url: str,
    paper: str,
    controller: tuple[str, str] = ("", ""),
) -> Job:
    """`controller`: who collects the signers' details and where to withdraw (Settings)."""

    def job(worker: Worker) -> list[str]:
        from actionkit.core.signatures.sheets_pdf import DataController, print_new_sheets

        with SignatureStore(store_path, passphrase) as store:
            sheets, _ = print_new_sheets(
                store,
                event,
                target,
                count=count,
                url=url,
                paper=paper,
                controller=DataController(*controller),
            )
        return [s.id for s in sheets]

    return job


def scan_job(store_path: Path, passphrase: str | None, files: list[Path]) -> Job:
    """Photos or scans of filled sheets matched to their sheets, read, and kept in the
    store (the images only ever there)."""

    def job(worker: Worker) -> list[object]:
        from actionkit.core.signatures.scan_import import import_photos

        with SignatureStore(store_path, passphrase) as store:
            return list(import_photos(store, files, worker.report))

    return job


def export_job(
    store_path: Path,
    passphrase: str | None,
    target: Path,
    choice: ExportChoice,
    *,
    event: str | None,
    config_dir: Path,
) -> Job:
    def job(worker: Worker) -> object:
        from actionkit.core.signatures.export import export_csv, export_xlsx, load_presets

        preset = load_presets(config_dir)[choice.preset]
        with SignatureStore(store_path, passphrase) as store:
            if choice.kind == "csv":
                return export_csv(
                    store,
                    target,
                    preset,
                    event=event,
                    consented_only=choice.consented_only,
                    progress=worker.report,
                    delimiter=choice.delimiter,
                )
            return export_xlsx(
                store,
                target,
                preset,
                event=event,
                consented_only=choice.consented_only,
                password=choice.password,
                seal_to=choice.seal_to,
                progress=worker.report,
                cancelled=worker.cancelled,
            )

    return job


def merge_job(
    files: list[Path],
    target: Path,
    password: str | None = None,
    pending: Path | None = None,
    options: object = None,  # a MergeOptions (core), or None for the merge's own layout
) -> Job:
    def job(worker: Worker) -> object:
        from actionkit.core.signatures.merge import MergeOptions, merge_exports

        # One process: a helper process spawned from inside the app is not worth the
        # risk here (the CLI uses one; the GUI merges a handful of files).
        return merge_exports(
            files,
            target,
            password=password,
            progress=worker.report,
            parallel=False,
            pending=pending,
            options=options if isinstance(options, MergeOptions) else None,
        )

    return job


def purge_job(store_path: Path, passphrase: str | None, event: str) -> Job:
    def job(worker: Worker) -> object:
        from actionkit.core.signatures.purge import purge_event

        with SignatureStore(store_path, passphrase) as store:
            return purge_event(store, event)  # VACUUM rewrites the whole file: slow

    return job


class JobPanel(QWidget):
    """What is running and how far it got; hidden when nothing runs."""

    running_changed = Signal(bool)

    def __init__(
        self, describe: Callable[[BaseException], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.describe = describe  # how a failed job's error is put in the UI's language
        self.worker: Worker | None = None
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.hide()

    def busy(self) -> bool:
        return self.worker is not None

    def run(
        self,
        text: str,
        job: Job,
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        *,
        can_cancel: bool = False,
    ) -> Worker:
        """Start `job`; `done` or `failed` is called after the panel is idle again."""
        worker = Worker(job, describe=self.describe)
        self.worker = worker
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the job reports how far it is
        self.cancel_button.setVisible(can_cancel)
        self.cancel_button.setEnabled(True)
        worker.progressed.connect(self._progressed)

        def succeeded(result: object) -> None:
            self._ended()
            done(result)

        def went_wrong(message: str) -> None:
            self._ended()
            failed(message)

        worker.succeeded.connect(succeeded)
        worker.failed.connect(went_wrong)
        self.show()
        self.running_changed.emit(True)
        worker.start()
        return worker

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _ended(self) -> None:
        self.worker = None
        self.hide()
        self.running_changed.emit(False)
