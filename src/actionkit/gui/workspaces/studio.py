"""Print studio: pick a piece, people and languages; see the real PDF; save or print it.

The preview is the PDF that will be saved: every change renders the piece in
a worker thread (a quarter of a second after the last change), and the page
images come from that very file, rendered by PDFium. Save writes those bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.dataset import LoadedDataset
from actionkit.core.settings import Settings
from actionkit.gui.i18n import Translator
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces.base import Workspace
from actionkit.gui.workspaces.studio_render import (
    HANDOUTS,
    Choice,
    Rendered,
    print_pdf,
    render_choice,
    save_each,
)

KINDS = ("poster", "placard", "wall", "flyer", "palmcard", "appeal")
LARGE_PAPER = ("A4", "A3", "A2", "Letter", "Tabloid")
SMALL_PAPER = ("A4", "Letter")
DEBOUNCE_MS = 250


class StudioWorkspace(Workspace):
    status_message = Signal(str)
    rendered = Signal()

    def __init__(
        self,
        *,
        loaded: LoadedDataset,
        settings: Settings,
        t: Translator,
        photo_for: Callable[..., Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(t("nav.studio"), parent)
        self.t = t
        self.loaded = loaded
        self.settings = settings
        self.photo_for = photo_for
        self.last: Rendered | None = None
        self.worker: Worker | None = None
        self.batch_worker: Worker | None = None
        self.pending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

        self.kind = QComboBox()
        self.people = QListWidget()
        self.people.setObjectName("studioPeople")
        self.lang1 = QComboBox()
        self.lang2 = QComboBox()
        self.paper = QComboBox()
        self.flyer_size = QComboBox()
        self.flyer_size.addItems(["A6", "A5"])
        self.bleed = QCheckBox()
        self.crop_marks = QCheckBox()
        self.tile = QComboBox()
        self.duplex = QCheckBox()
        self.track = QCheckBox()
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("studio.template", self.kind),
            ("studio.language", self.lang1),
            ("studio.second_language", self.lang2),
            ("studio.paper", self.paper),
            ("studio.flyer_size", self.flyer_size),
            ("studio.tile", self.tile),
        ):
            label = QLabel()
            label.setBuddy(widget)  # screen readers name the control after its label
            self.labels[key] = label
            self.form.addRow(label, widget)
        for box in (self.bleed, self.crop_marks, self.duplex, self.track):
            self.form.addRow(box)
        self.people_label = QLabel()
        self.save_button = QPushButton()
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_pdf)
        self.batch_button = QPushButton()
        self.batch_button.clicked.connect(self.save_batch)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.batch_button)

        controls = QWidget()
        column = QVBoxLayout(controls)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addWidget(self.people_label)
        column.addWidget(self.people, 1)
        column.addLayout(buttons)

        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.state = QLabel()
        self.state.setObjectName("hint")
        self.warnings = QListWidget()
        self.warnings.setObjectName("warnings")
        self.warnings.setMaximumHeight(110)
        self.warnings.setWordWrap(True)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(scroll, 1)
        right_column.addWidget(self.state)
        right_column.addWidget(self.warnings)
        self.splitter = QSplitter()
        self.splitter.setObjectName("studioSplitter")
        self.splitter.addWidget(controls)
        self.splitter.addWidget(right)
        self.splitter.setSizes([360, 640])
        self.body.addWidget(self.splitter, 1)

        self._fill_people()
        self.retranslate()
        for signal in (
            self.kind.currentIndexChanged,
            self.lang1.currentIndexChanged,
            self.lang2.currentIndexChanged,
            self.paper.currentIndexChanged,
            self.flyer_size.currentIndexChanged,
            self.tile.currentIndexChanged,
            self.bleed.toggled,
            self.crop_marks.toggled,
            self.duplex.toggled,
            self.track.toggled,
            self.people.itemChanged,
        ):
            signal.connect(self.changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def commands(self) -> dict[str, QWidget]:
        return {"save": self.save_button, "print": self.print_button}

    # The form ------------------------------------------------------------------

    def _fill_people(self) -> None:
        self.people.blockSignals(True)
        self.people.clear()
        for person in self.loaded.people:
            item = QListWidgetItem(f"{person.display_name}  ·  {person.name_persian or ''}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.people.blockSignals(False)

    def use_people(self, ids: list[str]) -> None:
        """Tick exactly these people (the selection made in the People workspace)."""
        if not ids:
            return
        self.people.blockSignals(True)
        for row in range(self.people.count()):
            item = self.people.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.people.blockSignals(False)
        self.changed()

    def set_dataset(self, loaded: LoadedDataset) -> None:
        self.loaded = loaded
        ticked = [p.id for p in self.choice().people]
        self._fill_people()
        self.use_people(ticked)

    def retranslate(self) -> None:
        from actionkit.core.print import wording

        t = self.t
        self.set_title(t("nav.studio"))
        for key, label in self.labels.items():
            label.setText(t(key))
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(t(key))
        self.people_label.setText(t("studio.people"))
        self.bleed.setText(t("studio.bleed"))
        self.crop_marks.setText(t("studio.crop_marks"))
        self.duplex.setText(t("studio.duplex"))
        self.track.setText(t("studio.track"))
        self.save_button.setText(t("studio.save"))
        self.print_button.setText(t("studio.print"))
        self.batch_button.setText(t("studio.batch"))
        for combo, items in (
            (self.kind, [(t(f"kind.{k}"), k) for k in KINDS]),
            (self.lang1, [(self._language_name(c), c) for c in wording.available_languages()]),
            (
                self.lang2,
                [(t("studio.none"), None)]
                + [(self._language_name(c), c) for c in wording.available_languages()],
            ),
            (self.tile, [(t("studio.no_tiling"), None), ("A4", "A4"), ("Letter", "Letter")]),
        ):
            self._refill(combo, items)
        if self.lang1.currentData() is None:
            first = self.settings.print_languages[0] if self.settings.print_languages else "en"
            self.lang1.setCurrentIndex(max(self.lang1.findData(first), 0))

    @staticmethod
    def _language_name(code: str) -> str:
        from actionkit.core.print import wording

        return f"{wording.phrase(code, 'language_name')} ({code})"

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData() or "poster"
        handout = kind in HANDOUTS or kind == "appeal"
        papers = SMALL_PAPER if handout else LARGE_PAPER
        self._refill(self.paper, [(p, p) for p in papers])
        default = self.settings.paper_size or "A4"
        if self.paper.findData(default) >= 0 and self.paper.currentData() not in papers:
            self.paper.setCurrentIndex(self.paper.findData(default))
        self.flyer_size.setEnabled(kind == "flyer")
        self.duplex.setEnabled(kind in HANDOUTS)
        self.tile.setEnabled(kind in ("poster", "placard", "wall"))
        self.crop_marks.setEnabled(kind not in HANDOUTS)
        self.people.setEnabled(kind != "appeal")

    def choice(self) -> Choice:
        ticked = [
            self.people.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.people.count())
            if self.people.item(r).checkState() == Qt.CheckState.Checked
        ]
        kind = self.kind.currentData() or "poster"
        languages = [self.lang1.currentData() or "en"]
        if self.lang2.currentData() and self.lang2.currentData() != languages[0]:
            languages.append(self.lang2.currentData())
        return Choice(
            kind=kind,
            people=[p for p in map(self.loaded.get, ticked) if p] if kind != "appeal" else [],
            languages=languages,
            paper=self.paper.currentData() or "A4",
            flyer_size=self.flyer_size.currentText(),
            bleed=self.bleed.isChecked(),
            crop_marks=self.crop_marks.isChecked() and self.crop_marks.isEnabled(),
            tile=self.tile.currentData() if self.tile.isEnabled() else None,
            duplex=self.duplex.isChecked() and self.duplex.isEnabled(),
            track=self.track.isChecked(),
            url=self.settings.appeal_url,
        )

    # Rendering -----------------------------------------------------------------

    def changed(self, *_: object) -> None:
        self.timer.start()

    def refresh(self) -> None:
        """Render the current choice in a worker; a change during a render queues one more."""
        if self.worker is not None and self.worker.isRunning():
            self.pending = True
            return
        choice = self.choice()
        if choice.kind != "appeal" and not choice.people:
            self._show_problem(self.t("studio.pick_people"))
            return
        self.state.setText(self.t("studio.rendering"))
        loaded, photo_for = self.loaded, self.photo_for
        worker = Worker(lambda w: render_choice(choice, loaded, photo_for))
        worker.succeeded.connect(self._rendered)
        worker.failed.connect(self._show_problem)
        worker.finished.connect(lambda: self._render_finished(worker))
        self.worker = worker
        worker.start()

    def busy_with_job(self) -> bool:
        return self.batch_worker is not None and self.batch_worker.isRunning()

    def busy(self) -> bool:
        running = self.worker is not None and self.worker.isRunning()
        return self.timer.isActive() or self.pending or running

    def _render_finished(self, worker: Worker) -> None:
        if self.pending:
            self.pending = False
            self.refresh()

    def _rendered(self, result: Rendered) -> None:
        self.last = result
        width = max(self.preview.width() - 24, 200)
        pixmaps = [QPixmap.fromImage(i) for i in result.images]
        if pixmaps:
            scaled = [
                p.scaledToWidth(min(width, p.width()), Qt.TransformationMode.SmoothTransformation)
                for p in pixmaps
            ]
            self.preview.setPixmap(scaled[0])
        self.state.setText(self.t("studio.pages", pages=result.pages))
        self.warnings.clear()
        self.warnings.addItems(result.warnings)
        self.rendered.emit()

    def _show_problem(self, message: str) -> None:
        self.last = None
        self.preview.clear()
        self.state.setText(message)
        self.warnings.clear()
        self.rendered.emit()

    def wait_for_render(self, timeout_ms: int = 20_000) -> None:
        """Before saving (and in tests): let queued and running renders finish."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self.busy() and not deadline.hasExpired():
            if self.timer.isActive():
                self.timer.stop()
                self.refresh()
            if self.worker is not None:
                self.worker.wait(100)
            QCoreApplication.processEvents()

    # Saving and printing ---------------------------------------------------------

    def save(self, path: str | None = None) -> Path | None:
        self.wait_for_render()
        if self.last is None:
            QMessageBox.warning(self, self.t("error.title"), self.state.text())
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.t("studio.save"), "", "PDF (*.pdf)")
            if not path:
                return None
        from actionkit.core.storage import atomic_write_bytes

        target = Path(path)
        try:
            atomic_write_bytes(target, self.last.pdf)
        except OSError as exc:
            QMessageBox.warning(self, self.t("error.title"), f"{target}: {exc.strerror or exc}")
            return None
        self.status_message.emit(self.t("studio.saved", path=str(target)))
        return target

    def save_batch(self, folder: str | None = None) -> Worker | None:
        """One PDF per ticked person, in a worker, with a progress dialog that can cancel."""
        from PySide6.QtWidgets import QProgressDialog

        choice = self.choice()
        if not choice.people:
            QMessageBox.warning(self, self.t("error.title"), self.t("studio.pick_people"))
            return None
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.t("studio.batch"))
            if not folder:
                return None
        loaded, photo_for, target = self.loaded, self.photo_for, Path(folder)
        total = len(choice.people)

        def job(worker: Worker) -> int:
            return save_each(choice, loaded, photo_for, target, worker.report, worker.cancelled)

        progress = QProgressDialog(self.t("studio.batch_progress", done=0, total=total),
                                   self.t("studio.cancel"), 0, total, self)  # fmt: skip
        progress.setMinimumDuration(300)
        worker = Worker(job)
        progress.canceled.connect(worker.cancel)

        def show_progress(done: int, all_: int) -> None:
            progress.setValue(done)
            progress.setLabelText(self.t("studio.batch_progress", done=done, total=all_))

        worker.progressed.connect(show_progress)
        worker.succeeded.connect(
            lambda count: self.status_message.emit(
                self.t("studio.batch_done", count=count, folder=str(target))
            )
        )
        worker.failed.connect(
            lambda message: QMessageBox.warning(self, self.t("error.title"), message)
        )
        worker.finished.connect(progress.close)
        self.batch_worker = worker
        worker.start()
        return worker

    def print_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        self.wait_for_render()
        if self.last is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        print_pdf(self.last.pdf, printer)
        self.status_message.emit(self.t("studio.printed"))
