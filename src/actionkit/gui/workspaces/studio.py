"""Print studio: pick a piece, people and languages; see the real PDF; save or print it.

The preview is the PDF that will be saved: every change renders the piece in
a worker thread (a quarter of a second after the last change), and the page
images come from that very file, rendered by PDFium. Save writes those bytes;
printing rasterises them for the printer in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.dataset import LoadedDataset
from actionkit.core.settings import Settings
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces.base import Workspace
from actionkit.gui.workspaces.studio_form import PieceForm
from actionkit.gui.workspaces.studio_people import PeoplePicker
from actionkit.gui.workspaces.studio_preview import PreviewPane
from actionkit.gui.workspaces.studio_render import (
    Choice,
    Rendered,
    page_layout_for,
    page_size_points,
    print_pdf,
    render_choice,
    save_each,
)

DEBOUNCE_MS = 250
PER_PERSON = ("poster", "placard", "flyer", "palmcard")  # what "one PDF per person" can make
CONTROLS_WIDTH = 380  # the form column: steady whichever piece is chosen
WARNINGS_MAX_HEIGHT = 180  # the layout notes under the preview: then they scroll
PICKER_MIN_HEIGHT = 220  # the people list with its filters: about five names at the least


def with_pdf_suffix(path: str) -> Path:
    """The name the user typed, with `.pdf` added when they left it off."""
    target = Path(path)
    return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")


def suggested_name(choice: Choice) -> str:
    """What the saved file is called: the piece, its own size (an A6 flyer is "A6" whatever
    sheet it is imposed on; a palm card has one size), landscape when turned (portrait is
    every piece's default), the languages, the person, and the print-shop choices that
    change what the file is: flyer-A6-fa-de-narges-mohammadi-1up-cmyk.pdf."""
    if choice.kind == "flyer":
        size = choice.flyer_size
    elif choice.kind == "palmcard":
        size = ""
    else:
        size = choice.paper
    who = choice.people[0].id if len(choice.people) == 1 and choice.kind != "appeal" else ""
    parts = [
        choice.kind,
        size,
        "landscape" if choice.landscape else "",
        *choice.languages,
        who,
        f"tiles-{choice.tile}" if choice.tile else "",
        "1up" if choice.one_up else "",
        "cmyk" if choice.cmyk else "",
    ]
    return "-".join(filter(None, parts)) + ".pdf"


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
        self.photo_for = photo_for
        self.last: Rendered | None = None
        self.worker: Worker | None = None
        self.job: Worker | None = None  # a print or a batch the user started
        self.printer: Any = None  # kept alive while a print job paints on it
        self.pending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

        self.piece = PieceForm(settings, t)
        # The form's controls, by the names the rest of the studio (and its tests) use.
        self.kind, self.lang1, self.lang2 = self.piece.kind, self.piece.lang1, self.piece.lang2
        self.paper, self.tile = self.piece.paper, self.piece.tile
        self.flyer_size = self.piece.flyer_size
        self.picker = PeoplePicker(loaded, t)
        self.people = self.picker.list
        self.save_button = QPushButton()
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.ask_save)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.ask_print)
        self.batch_button = QPushButton()
        self.batch_button.clicked.connect(self.ask_batch)

        self.controls = controls = QWidget()
        column = QVBoxLayout(controls)
        column.setContentsMargins(0, 0, 6, 0)  # a little air before the scroll bar
        column.setSpacing(6)
        column.addWidget(self.piece)
        column.addWidget(self.picker, 1)
        self.picker.setMinimumHeight(PICKER_MIN_HEIGHT)
        # One PDF per ticked person belongs with the people, and leaves the preview's
        # row room for Print and Save in every language.
        column.addWidget(self.batch_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.preview = PreviewPane(t)
        self.state = QLabel()
        self.state.setObjectName("hint")
        self.state.setWordWrap(True)
        self.warnings = QListWidget()
        self.warnings.setObjectName("warnings")
        # The box grows with its lines (a shrink note takes two or three at the default
        # window size; a fixed 76 px clipped the second), up to a limit, then scrolls.
        self.warnings.setMaximumHeight(WARNINGS_MAX_HEIGHT)
        self.warnings.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.setSpacing(8)
        right_column.addWidget(self.preview, 1)
        right_column.addWidget(self.state)
        right_column.addWidget(self.warnings)
        right_column.addLayout(buttons)
        self.splitter = QSplitter()
        self.splitter.setObjectName("studioSplitter")
        self.splitter.setChildrenCollapsible(False)
        # The form scrolls rather than squeezes: with More options open and the offer bar
        # showing, a 700 px high window had crushed "Tile onto" to a sliver.
        self.controls_scroll = QScrollArea()
        self.controls_scroll.setObjectName("studioControls")
        self.controls_scroll.setWidget(controls)
        self.controls_scroll.setWidgetResizable(True)
        self.controls_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.controls_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter.addWidget(self.controls_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self._fit_controls()
        self.splitter.setSizes([CONTROLS_WIDTH, 700])
        self.body.addWidget(self.splitter, 1)

        self.retranslate()
        self.piece.changed.connect(self.changed)
        self.piece.kind_changed.connect(self._kind_changed)
        self.picker.ticks_changed.connect(self.changed)
        self._kind_changed(self.piece.kind_value())
        self.changed()

    def commands(self) -> dict[str, QWidget]:
        return {"save": self.save_button, "print": self.print_button}

    # Settings and the dataset -------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self.piece.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        """New settings (the main window hands them on); the form follows their languages."""
        self.piece.set_settings(settings)

    def _kind_changed(self, kind: str) -> None:
        self.picker.setEnabled(kind != "appeal")
        self._enable_batch()

    def _enable_batch(self) -> None:
        """One PDF per person only for pieces made for one person; the tooltip says why not."""
        per_person = self.piece.kind_value() in PER_PERSON
        job_running = not self.save_button.isEnabled()  # Save is off only while a job runs
        self.batch_button.setEnabled(per_person and not job_running)
        self.batch_button.setToolTip("" if per_person else self.t("studio.batch_not_per_person"))

    def use_people(self, ids: list[str]) -> None:
        """Tick exactly these people."""
        self.picker.set_ticked(ids)

    def offer_people(self, ids: list[str]) -> None:
        """The People workspace's selection: offered with "Use them", never ticked unasked."""
        self.picker.offer(ids)

    def set_dataset(self, loaded: LoadedDataset) -> None:
        self.loaded = loaded
        self.picker.fill(loaded)
        self.changed()

    def retranslate(self) -> None:
        t = self.t
        self.set_title(t("nav.studio"))
        self.save_button.setText(t("studio.save"))
        self.print_button.setText(t("studio.print"))
        self.batch_button.setText(t("studio.batch"))
        self._enable_batch()
        self.piece.retranslate()
        self.picker.retranslate()
        self.preview.retranslate()
        self._fit_controls()
        if self.last is not None:
            self.state.setText(t("studio.pages", pages=self.last.pages))
            self._show_warnings(self.last.warnings)  # shown in the language just chosen

    def _fit_controls(self) -> None:
        """The form column's usual width, or what its words need in this language and font
        (a fixed minimum smaller than that let the splitter squeeze "Weitere Optionen")."""
        layout = self.controls.layout()
        needed = layout.minimumSize().width() if layout is not None else 0
        width = max(CONTROLS_WIDTH, needed)
        self.controls.setFixedWidth(width)  # the same whether the scroll bar shows or not
        bar = self.controls_scroll.verticalScrollBar().sizeHint().width()
        # The style sheet's frame too: without it the column lost 2 px under the scroll
        # bar, and right to left the form slid under the bar's side.
        frame = 2 * max(self.controls_scroll.frameWidth(), 1)
        self.controls_scroll.setMinimumWidth(width + bar + frame)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_controls()

    def choice(self) -> Choice:
        ticked = self.picker.ticked_ids() if self.piece.kind_value() != "appeal" else []
        return self.piece.choice([p for p in map(self.loaded.get, ticked) if p])

    # Rendering -----------------------------------------------------------------

    def changed(self, *_: object) -> None:
        self.timer.start()

    def refresh(self) -> None:
        """Render the current choice in a worker; a change during a render queues one more."""
        if self.worker is not None:
            self.pending = True
            return
        choice = self.choice()
        if choice.kind != "appeal" and not choice.people:
            self._show_problem(self.t("studio.pick_people"))
            return
        self.state.setText(self.t("studio.rendering"))
        loaded, photo_for = self.loaded, self.photo_for
        worker = Worker(lambda w: render_choice(choice, loaded, photo_for), describe=self.t.error)
        worker.succeeded.connect(self._rendered)
        worker.failed.connect(self._show_problem)
        worker.finished.connect(self._render_finished)
        self.worker = worker
        worker.start()

    def busy_with_job(self) -> bool:
        return self.job is not None and self.job.isRunning()

    def busy(self) -> bool:
        # `worker` is cleared when its `finished` arrives here, after its result has.
        return self.timer.isActive() or self.pending or self.worker is not None

    def _render_finished(self) -> None:
        self.worker = None
        if self.pending:
            self.pending = False
            self.refresh()

    def _rendered(self, result: Rendered) -> None:
        self.last = result
        self.preview.set_document(result)
        self.state.setText(self.t("studio.pages", pages=result.pages))
        self._show_warnings(result.warnings)
        self.rendered.emit()

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warnings.clear()
        self.warnings.addItems([self.t.text(w) for w in warnings])
        self.warnings.setVisible(bool(warnings))

    def _show_problem(self, message: str) -> None:
        self.last = None
        self.preview.clear()
        self.state.setText(message)
        self.warnings.clear()
        self.warnings.hide()
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

    # Saving ------------------------------------------------------------------------

    def _ready(self) -> bool:
        """The piece as chosen is rendered; otherwise say why not."""
        self.wait_for_render()
        if self.last is None:
            dialogs.warn(self, self.t("error.title"), self.state.text())
        return self.last is not None

    def _suggested_name(self) -> str:
        return suggested_name(self.choice())

    def stale_question(self, action_key: str) -> str:
        """The question to ask before saving or printing a piece that would call someone
        imprisoned on old news ("" when there is no one)."""
        from actionkit.core.dataset.staleness import DEFAULT_MAX_AGE_DAYS
        from actionkit.core.print.guard import stale_claims
        from actionkit.core.print.wording import date

        claims = stale_claims(self.choice().people)
        if not claims:
            return ""
        # A right-to-left mark first, or a line starting with a Latin name reads left to right.
        bullet = "\u200f• " if self.t.rtl else "• "
        lines = [
            bullet
            + self.t(
                "studio.stale_person",
                name=notice.person.display_name,
                status=self.t(f"status.{notice.person.status}"),
                date=date(notice.person.status_as_of, self.t.language),
                days=notice.age_days,
            )
            for notice in claims
        ]
        return "\n\n".join(
            [
                self.t("studio.stale_intro", limit=DEFAULT_MAX_AGE_DAYS),
                "\n".join(lines),
                self.t(action_key),
            ]
        )

    def _stale_confirmed(self, action_key: str) -> bool:
        """True when nobody is printed as imprisoned on old news, or the user says go on."""
        question = self.stale_question(action_key)
        return not question or dialogs.ask(self, self.t("studio.stale_title"), question)

    def ask_save(self) -> None:
        if not self._ready() or not self._stale_confirmed("studio.stale_save"):
            return
        path = dialogs.ask_save_path(
            self, self.t("studio.save"), "PDF (*.pdf)", self._suggested_name()
        )
        if path:
            self.save_to(with_pdf_suffix(path))

    def save_to(self, target: Path) -> bool:
        """Write the rendered PDF (the bytes the preview shows) to `target`."""
        from actionkit.core.storage import atomic_write_bytes

        if not self._ready():
            return False
        assert self.last is not None
        try:
            atomic_write_bytes(target, self.last.pdf)
        except OSError as exc:
            dialogs.warn(self, self.t("error.title"), f"{target}: {exc.strerror or exc}")
            return False
        self.status_message.emit(self.t("studio.saved", path=str(target)))
        return True

    def ask_batch(self) -> None:
        if self.piece.kind_value() not in PER_PERSON:  # the button is off; a key press is not
            return
        if not self.choice().people:
            dialogs.warn(self, self.t("error.title"), self.t("studio.pick_people"))
            return
        if not self._stale_confirmed("studio.stale_save"):
            return
        folder = dialogs.ask_folder(self, self.t("studio.batch"))
        if folder:
            self.start_batch(Path(folder))

    def start_batch(self, folder: Path) -> Worker:
        """One PDF per ticked person in `folder`, in a worker, with a progress dialog."""
        choice, loaded, photo_for = self.choice(), self.loaded, self.photo_for

        def job(worker: Worker) -> int:
            return save_each(choice, loaded, photo_for, folder, worker.report, worker.cancelled)

        worker = Worker(job, describe=self.t.error)
        worker.succeeded.connect(
            lambda count: self.status_message.emit(
                self.t("studio.batch_done", count=count, folder=str(folder))
            )
        )
        self._run_job(worker, "studio.batch_progress", len(choice.people))
        return worker

    # Printing ----------------------------------------------------------------------

    def ask_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if not self._ready() or not self._stale_confirmed("studio.stale_print"):
            return
        assert self.last is not None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._suggested_name().removesuffix(".pdf"))
        # The paper the piece is made for (an A3 poster asks for A3), so the dialog shows it.
        printer.setPageLayout(page_layout_for(*page_size_points(self.last.pdf)))
        if self.choice().duplex:
            printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        dialog = QPrintDialog(printer, self)
        accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.start_print(printer)

    def start_print(self, printer: Any) -> Worker | None:
        """Rasterise the rendered PDF onto `printer` in a worker, with a progress dialog."""
        if self.last is None:
            return None
        pdf = self.last.pdf
        worker = Worker(
            lambda w: print_pdf(pdf, printer, w.report, w.cancelled), describe=self.t.error
        )
        worker.succeeded.connect(lambda pages: self.status_message.emit(self.t("studio.printed")))
        self.printer = printer
        self._run_job(worker, "studio.print_progress", self.last.pages)
        return worker

    # Long jobs -----------------------------------------------------------------------

    def _run_job(self, worker: Worker, label_key: str, total: int) -> None:
        """Start `worker` with a cancellable progress dialog; nothing else starts meanwhile."""
        progress = QProgressDialog(
            self.t(label_key, done=0, total=total), self.t("studio.cancel"), 0, total, self
        )
        progress.setMinimumDuration(300)
        progress.canceled.connect(worker.cancel)

        def show_progress(done: int, all_: int) -> None:
            progress.setValue(done)
            progress.setLabelText(self.t(label_key, done=done, total=all_))

        def finish() -> None:
            progress.close()
            progress.deleteLater()
            self.printer = None
            self._set_job_buttons(True)

        worker.progressed.connect(show_progress)
        worker.failed.connect(lambda message: dialogs.warn(self, self.t("error.title"), message))
        worker.finished.connect(finish)
        self.job = worker
        self._set_job_buttons(False)
        worker.start()

    def _set_job_buttons(self, enabled: bool) -> None:
        for button in (self.save_button, self.print_button, self.batch_button):
            button.setEnabled(enabled)
        if enabled:
            self._enable_batch()
