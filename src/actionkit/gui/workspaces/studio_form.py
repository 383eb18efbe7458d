"""The studio's piece form: which piece, in which languages, on which paper, how.

Only what applies to the chosen piece is shown, and the rarely used options (bleed,
crop marks, tracking, tiling, both sides, print-shop output: one piece per page,
CMYK) wait behind "More options", the print shop's in a box of their own, so the people
list below keeps its height. The column keeps its width whichever piece is chosen.
The languages follow Settings until the user picks some here; the second language
never offers the first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.settings import Settings
from actionkit.gui.i18n import Translator
from actionkit.gui.print_languages import language_name
from actionkit.gui.workspaces.studio_render import HANDOUTS, Choice

KINDS = ("poster", "placard", "wall", "flyer", "palmcard", "appeal")
TURNABLE = ("poster", "placard", "wall")  # the pieces with a landscape layout of their own
LARGE_PAPER = ("A4", "A3", "A2", "Letter", "Tabloid")
SMALL_PAPER = ("A4", "Letter")


def compact(combo: QComboBox) -> None:
    """Let a combo box narrow below its longest entry, so a small window clips nothing else."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)


class PieceForm(QWidget):
    changed = Signal()
    kind_changed = Signal(str)

    def __init__(self, settings: Settings, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.settings = settings
        self.languages_touched = False  # once the user picks languages, Settings stop doing so
        self.chosen_paper: str | None = None  # the paper the user picked, kept across pieces
        self.kind = QComboBox()
        self.lang1 = QComboBox()
        self.lang2 = QComboBox()
        self.paper = QComboBox()
        self.flyer_size = QComboBox()
        self.orientation = QComboBox()  # portrait or landscape: the poster, placard and wall
        self.orientation.setObjectName("orientation")
        for size in ("A6", "A5"):
            self.flyer_size.addItem(size, size)
        # Flyers and palm cards: how many to a sheet; by default as many as print at full
        # size, or more, smaller (the preview's warning says by how much).
        self.per_sheet = QComboBox()
        self.per_sheet.setObjectName("per_sheet")
        self.bleed = QCheckBox()
        self.crop_marks = QCheckBox()
        self.tile = QComboBox()
        self.duplex = QCheckBox()
        self.track = QCheckBox()
        self.one_up = QCheckBox()  # flyers and palm cards: one piece per page, for a shop
        self.one_up.setObjectName("one_up")
        self.cmyk = QCheckBox()
        self.cmyk.setObjectName("cmyk")
        for combo in (
            self.kind,
            self.lang1,
            self.lang2,
            self.paper,
            self.orientation,
            self.flyer_size,
            self.per_sheet,
            self.tile,
        ):
            compact(combo)
        self.more = QToolButton()
        self.more.setCheckable(True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.setArrowType(Qt.ArrowType.RightArrow)
        self.more.toggled.connect(self._show_more)
        self.more.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        paper_row = QWidget()
        paper_line = QHBoxLayout(paper_row)
        paper_line.setContentsMargins(0, 0, 0, 0)
        paper_line.addWidget(self.paper, 1)
        paper_line.addWidget(self.more)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(4)
        self.labels: dict[str, QLabel] = {}
        for key, widget, field in (
            ("studio.template", self.kind, self.kind),
            ("studio.language", self.lang1, self.lang1),
            ("studio.second_language", self.lang2, self.lang2),
            ("studio.paper", self.paper, paper_row),
            ("studio.orientation", self.orientation, self.orientation),
            ("studio.flyer_size", self.flyer_size, self.flyer_size),
        ):
            self.form.addRow(self._label(key, widget), field)
        # More options: tiling, then the ticks, one a line (the longest, "tracking tags in
        # the QR code", fits the column in every language). Hidden while collapsed, they
        # never widen the column.
        self.extras = QWidget()
        extras = QFormLayout(self.extras)
        extras.setContentsMargins(0, 0, 0, 0)
        extras.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        extras.setVerticalSpacing(6)
        extras.addRow(self._label("studio.tile", self.tile), self.tile)
        extras.addRow(self._label("studio.per_sheet", self.per_sheet), self.per_sheet)
        for box in (self.track, self.duplex):
            extras.addRow(box)
        # What only a print shop wants, in a box of its own: ticked for a flyer, these once
        # stayed ticked for the next poster, which then went to a home printer crop-marked
        # and in CMYK. They are cleared whenever the piece changes (see `_kind_changed`).
        self.shop = QGroupBox()
        self.shop.setObjectName("printShop")
        shop = QVBoxLayout(self.shop)
        shop.setSpacing(4)
        for box in (self.one_up, self.bleed, self.crop_marks, self.cmyk):
            shop.addWidget(box)
        extras.addRow(self.shop)
        self.extras_form = extras
        self.form.addRow(self.extras)
        self.extras.hide()
        self.retranslate()
        self.apply_print_languages()
        # Before `changed`: the counts for the new size are in place when it renders.
        self.flyer_size.currentIndexChanged.connect(self._fill_per_sheet)
        for signal in (
            self.kind.currentIndexChanged,
            self.lang1.currentIndexChanged,
            self.lang2.currentIndexChanged,
            self.paper.currentIndexChanged,
            self.flyer_size.currentIndexChanged,
            self.per_sheet.currentIndexChanged,
            self.orientation.currentIndexChanged,
            self.tile.currentIndexChanged,
            self.bleed.toggled,
            self.crop_marks.toggled,
            self.duplex.toggled,
            self.track.toggled,
            self.one_up.toggled,
            self.cmyk.toggled,
        ):
            signal.connect(self.changed)
        self.one_up.toggled.connect(self._options_apply)
        self.tile.currentIndexChanged.connect(self._options_apply)
        for combo in (self.lang1, self.lang2):
            combo.currentIndexChanged.connect(self._languages_picked)
        self.lang1.currentIndexChanged.connect(self._offer_second_languages)
        self.paper.currentIndexChanged.connect(self._paper_picked)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _label(self, key: str, widget: QWidget) -> QLabel:
        label = QLabel()
        label.setBuddy(widget)  # screen readers name the control after its label
        self.labels[key] = label
        return label

    def changeEvent(self, event: QEvent) -> None:
        # The window turns right to left after the words change: point the arrow again.
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._show_more(self.more.isChecked())
        super().changeEvent(event)

    def _show_more(self, shown: bool) -> None:
        self.extras.setVisible(shown)
        closed = Qt.ArrowType.LeftArrow if self.isRightToLeft() else Qt.ArrowType.RightArrow
        self.more.setArrowType(Qt.ArrowType.DownArrow if shown else closed)

    def _offer_second_languages(self) -> None:
        """The second list offers every language but the first; one that became the first
        turns the second into "none" (visibly, not silently at render time)."""
        first = self.lang1.currentData()
        self._refill(self.lang2, [i for i in self._second_items() if i[1] != first])

    def _second_items(self) -> list[tuple[str, Any]]:
        from actionkit.core.print import wording

        languages = [(language_name(c), c) for c in wording.available_languages()]
        return [(self.t("studio.none"), None), *languages]

    def set_settings(self, settings: Settings) -> None:
        """New settings: follow their print languages unless the user has picked some here."""
        self.settings = settings
        if not self.languages_touched:
            self.apply_print_languages()

    def apply_print_languages(self) -> None:
        """First and second language from Settings: ["fa", "de"] -> fa + de; ["en"] -> en + none."""
        wanted = [c for c in self.settings.print_languages if self.lang1.findData(c) >= 0]
        first = wanted[0] if wanted else "en"
        second = next((c for c in wanted[1:] if c != first), None)
        for combo, code in ((self.lang1, first), (self.lang2, second)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(code), 0))
            combo.blockSignals(False)
            if combo is self.lang1:
                self._offer_second_languages()
        self.changed.emit()

    def _paper_picked(self) -> None:
        self.chosen_paper = str(self.paper.currentData() or "") or None

    def _languages_picked(self) -> None:
        self.languages_touched = True

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def kind_value(self) -> str:
        return str(self.kind.currentData() or "poster")

    def _kind_changed(self) -> None:
        kind = self.kind_value()
        handout = kind in HANDOUTS or kind == "appeal"
        papers = SMALL_PAPER if handout else LARGE_PAPER
        self._refill(self.paper, [(p, p) for p in papers])
        # The paper the user chose stays whenever this piece offers it (an A3 poster, a
        # look at the flyer on A4, back to the poster: A3 again), else the settings' paper.
        for wanted in (self.chosen_paper, self.settings.paper_size or "A4"):
            if wanted and self.paper.findData(wanted) >= 0:
                self.paper.blockSignals(True)
                self.paper.setCurrentIndex(self.paper.findData(wanted))
                self.paper.blockSignals(False)
                break
        # A new piece starts for the home printer: print-shop choices made for the last
        # piece are cleared rather than kept per piece, because a tick hidden behind
        # "More options" is one nobody sees before pressing Print.
        for box in (self.one_up, self.bleed, self.crop_marks, self.cmyk):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        # Only what applies to this piece is shown; the rest would be noise.
        self.orientation.setEnabled(kind in TURNABLE)
        self.form.setRowVisible(self.orientation, kind in TURNABLE)
        self.flyer_size.setEnabled(kind == "flyer")
        self.form.setRowVisible(self.flyer_size, kind == "flyer")
        self.duplex.setEnabled(kind in HANDOUTS)
        self.duplex.setVisible(kind in HANDOUTS)
        self.tile.setEnabled(kind in ("poster", "placard", "wall"))
        self.extras_form.setRowVisible(self.tile, self.tile.isEnabled())
        self.one_up.setEnabled(kind in HANDOUTS)
        self.one_up.setVisible(kind in HANDOUTS)
        self._fill_per_sheet()
        self._options_apply()
        self.kind_changed.emit(kind)

    def _options_apply(self) -> None:
        """Crop marks apply to a whole page: a poster, or a handout one piece to a page
        (imposed sheets have their own cut marks); one piece to a page always has its
        bleed. A tiled piece is trimmed at its tiles' cut marks, so bleed and crop marks,
        which are for a print shop, are off, and their tooltip says why."""
        kind = self.kind_value()
        one_up = kind in HANDOUTS and self.one_up.isChecked()
        tiled = self.tile.isEnabled() and self.tile.currentData() is not None
        self.bleed.setVisible(not one_up)
        self.bleed.setEnabled(not one_up and not tiled)
        marks = kind not in HANDOUTS or one_up
        self.crop_marks.setVisible(marks)
        self.crop_marks.setEnabled(marks and not tiled)
        for box in (self.bleed, self.crop_marks):
            box.setToolTip(self.t("studio.tile_no_bleed") if tiled else "")
        imposed = kind in HANDOUTS and not one_up
        self.per_sheet.setEnabled(imposed)
        self.extras_form.setRowVisible(self.per_sheet, imposed)

    def _fill_per_sheet(self) -> None:
        """The counts the piece can be imposed at; the chosen one is kept where it still
        applies."""
        from actionkit.core.print.impose import PER_SHEET

        kind = self.kind_value()
        item = "palmcard" if kind == "palmcard" else self.flyer_size.currentText() or "A6"
        counts = PER_SHEET.get(item, ())
        items = [(self.t("studio.per_sheet_full"), None), *((str(n), n) for n in counts)]
        self._refill(self.per_sheet, items)

    def retranslate(self) -> None:
        from actionkit.core.print import wording

        t = self.t
        for key, label in self.labels.items():
            label.setText(t(key))
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(t(key))
        # Every label as wide as the widest, so a row that comes and goes with the piece
        # (flyer size) never moves the fields, and tiling lines up with the rows above.
        widest = max(label.sizeHint().width() for label in self.labels.values())
        for label in self.labels.values():
            label.setMinimumWidth(widest)
        self.more.setText(t("studio.more_options"))
        self._show_more(self.more.isChecked())  # the arrow points the way the text reads
        self.more.setToolTip(t("studio.more_options_tip"))
        self.bleed.setText(t("studio.bleed"))
        self.crop_marks.setText(t("studio.crop_marks"))
        self.duplex.setText(t("studio.duplex"))
        self.track.setText(t("studio.track"))
        self.one_up.setText(t("studio.one_up"))
        self.one_up.setToolTip(t("studio.one_up_tip"))
        self.cmyk.setText(t("studio.cmyk"))
        self.cmyk.setToolTip(t("studio.cmyk_tip"))
        self.shop.setTitle(t("studio.print_shop"))
        self.shop.setToolTip(t("studio.print_shop_tip"))
        languages = [(language_name(c), c) for c in wording.available_languages()]
        for combo, items in (
            (self.kind, [(t(f"kind.{k}"), k) for k in KINDS]),
            (self.lang1, languages),
            (self.lang2, [i for i in self._second_items() if i[1] != self.lang1.currentData()]),
            (self.orientation, [(t("studio.portrait"), False), (t("studio.landscape"), True)]),
            (self.tile, [(t("studio.no_tiling"), None), ("A4", "A4"), ("Letter", "Letter")]),
        ):
            self._refill(combo, items)
        self._fill_per_sheet()

    def choice(self, people: list[Any]) -> Choice:
        """The form's choices, for these people."""
        kind = self.kind_value()
        languages = [self.lang1.currentData() or "en"]
        if self.lang2.currentData() and self.lang2.currentData() != languages[0]:
            languages.append(self.lang2.currentData())
        return Choice(
            kind=kind,
            people=people,
            languages=languages,
            paper=self.paper.currentData() or "A4",
            landscape=bool(self.orientation.currentData()) and self.orientation.isEnabled(),
            flyer_size=self.flyer_size.currentText(),
            per_sheet=self.per_sheet.currentData() if self.per_sheet.isEnabled() else None,
            bleed=self.bleed.isChecked() and self.bleed.isEnabled(),
            crop_marks=self.crop_marks.isChecked() and self.crop_marks.isEnabled(),
            tile=self.tile.currentData() if self.tile.isEnabled() else None,
            duplex=self.duplex.isChecked() and self.duplex.isEnabled(),
            track=self.track.isChecked(),
            url=self.settings.appeal_url,
            one_up=self.one_up.isChecked() and self.one_up.isEnabled(),
            cmyk=self.cmyk.isChecked(),
        )
