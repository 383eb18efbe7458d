"""After photos of filled sheets were imported: what was read from each, and the paper counts.

One line per image: the sheet it shows, its rows on paper (up to the last row
written in, crossed-out rows included), its signers (filled rows not crossed out)
and consent ticks, and its problems in plain words (a refused image says why and
what to do). Under it, one paper count per sheet, filled in from the photo's rows
on paper; the user checks each against the paper (or corrects it) before the
counts are saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.errors import Message
from actionkit.core.signatures.scan_import import ImportResult, suggested_counts
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.workspaces.typing_rows import LatinTextDelegate, SentenceDelegate

SCAN_SUFFIXES = ("jpg", "jpeg", "png", "heic", "heif", "pdf")  # what the file dialog offers
COLUMNS = (
    "scan.col_image",
    "scan.col_sheet",
    "scan.col_paper",
    "scan.col_signers",
    "scan.col_ticks",
    "scan.col_problems",
)


@dataclass(frozen=True)
class ImageLine:
    """One imported image as the results window shows it."""

    source: str  # 'IMG_1234.heic', 'scan.pdf page 3'
    sheet_id: str = ""  # '' when no sheet was identified
    paper_rows: int | None = None  # None: refused, nothing was read
    signers: int | None = None
    ticks: int | None = None
    problems: list[str] = field(default_factory=list)  # in the UI's words
    refused: bool = False


@dataclass(frozen=True)
class SheetCount:
    """A sheet's paper count as proposed from its photo (its rows on paper)."""

    sheet_id: str
    proposed: int
    printed_rows: int
    current: int | None = None  # the paper count saved before, if any


def image_lines(t: Translator, results: Sequence[ImportResult]) -> list[ImageLine]:
    """Each imported image's line: its sheet, rows on paper, signers and ticks as
    stored, or why it was refused, in the UI's words."""
    lines = []
    for result in results:
        problems = [t.text(warning) for warning in result.warnings]
        if result.scan is None:
            reason = result.refused or Message("", key="scan.no_sheet")
            problems.insert(0, t.text(reason))
            sheet = result.sheet_id or ""
            lines.append(ImageLine(result.source, sheet, problems=problems, refused=True))
            continue
        stored = result.scan
        crossed = [str(row.number) for row in stored.rows if row.crossed_out]
        if crossed:
            rows = ", ".join(crossed)
            problems.append(t.plural("scan.crossed_out_rows", len(crossed), rows=rows))
        lines.append(
            ImageLine(
                result.source,
                stored.sheet_id,
                stored.paper_rows,
                stored.filled,
                stored.ticked,
                problems,
            )
        )
    return lines


def sheet_counts(store: SignatureStore, results: Sequence[ImportResult]) -> list[SheetCount]:
    """One paper count per sheet read, from its last image in this import."""
    counts = []
    for sheet_id, filled in suggested_counts(results).items():
        sheet = store.sheet(sheet_id)
        counts.append(SheetCount(sheet_id, filled, sheet.printed_rows, sheet.paper_count))
    return counts


MIN_SIZE = (900, 560)


class ScanResultsDialog(QDialog):
    """The images' readings, and the paper counts to confirm (OK saves them)."""

    def __init__(
        self,
        t: Translator,
        lines: list[ImageLine],
        counts: list[SheetCount],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = t
        self.setObjectName("scanResults")
        self.setWindowTitle(t("scan.results_title"))
        read = sum(1 for line in lines if not line.refused)
        self.summary = QLabel(
            t.plural("scan.results_summary", len(lines), read=read, images=len(lines))
        )
        self.summary.setObjectName("rowsTitle")
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(0, len(COLUMNS))
        self.model.setHorizontalHeaderLabels([t(key) for key in COLUMNS])
        for line in lines:
            self.model.appendRow(self._cells(line))
        self.table = QTableView()
        self.table.setObjectName("scanLines")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.latin = LatinTextDelegate(self.table)  # file names and ids read left to right
        for column in (0, 1):
            self.table.setItemDelegateForColumn(column, self.latin)
        self.sentences = SentenceDelegate(self.table)  # the problems, wrapped whole
        self.table.setItemDelegateForColumn(len(COLUMNS) - 1, self.sentences)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        # A long problem wraps in its cell: the rows take their height once the columns
        # have their width (on showing, and when the problems column changes width).
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())

        self.spins: dict[str, QSpinBox] = {}
        self.counts_box = QGroupBox(t("scan.counts_title"))
        counts_layout = QVBoxLayout(self.counts_box)
        self.counts_help = QLabel(t("scan.counts_help"))
        self.counts_help.setObjectName("hint")
        self.counts_help.setWordWrap(True)
        counts_layout.addWidget(self.counts_help)
        grid = QGridLayout()
        for row, count in enumerate(counts):
            label = QLabel(t("scan.count_sheet", sheet=isolated(count.sheet_id)))
            spin = QSpinBox()
            spin.setRange(0, max(count.printed_rows, count.proposed))
            spin.setValue(count.proposed)
            spin.setAccessibleName(label.text())
            label.setBuddy(spin)
            was = QLabel(
                t("scan.count_was", count=count.current)
                if count.current is not None and count.current != count.proposed
                else ""
            )
            was.setObjectName("keyHint")
            grid.addWidget(label, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(was, row, 2)
            self.spins[count.sheet_id] = spin
        grid.setColumnStretch(2, 1)
        counts_layout.addLayout(grid)
        self.counts_box.setVisible(bool(counts))

        self.buttons = QDialogButtonBox()
        self.save_button: QPushButton | None = None
        if counts:
            self.save_button = self.buttons.addButton(
                t("scan.save_counts"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.later_button = self.buttons.addButton(
                t("scan.not_now"), QDialogButtonBox.ButtonRole.RejectRole
            )
            self.save_button.setDefault(True)
        else:  # nothing to count: only a way out
            self.later_button = self.buttons.addButton(
                t("scan.close"), QDialogButtonBox.ButtonRole.RejectRole
            )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts_box)
        layout.addWidget(self.buttons)
        # Most of the window it belongs to: an image's problems wrap over a few lines,
        # and every image's line should be in view without resizing.
        home = parent.window() if parent is not None else None
        width, height = (home.width(), home.height()) if home is not None else (0, 0)
        self.resize(max(MIN_SIZE[0], width * 9 // 10), max(MIN_SIZE[1], height * 9 // 10))
        first = next(iter(self.spins.values()), None)
        (first or self.later_button).setFocus()  # the counts are what the user acts on

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def _cells(self, line: ImageLine) -> list[QStandardItem]:
        t = self.t
        dash = "—"
        cells = [
            QStandardItem(line.source),
            QStandardItem(line.sheet_id or dash),
            *(
                QStandardItem(dash if n is None else str(n))
                for n in (line.paper_rows, line.signers, line.ticks)
            ),
            QStandardItem("\n".join(line.problems) or t("scan.no_problems")),
        ]
        for cell in cells[2:5]:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if line.problems:  # marked where the eye goes first: the image's own line
            cells[-1].setText("⚠ " + cells[-1].text())
        if line.refused:
            font = cells[-1].font()
            font.setBold(True)
            cells[-1].setFont(font)
        return cells

    def counts(self) -> dict[str, int]:
        """The paper counts as the user confirmed them, per sheet id."""
        return {sheet: spin.value() for sheet, spin in self.spins.items()}
