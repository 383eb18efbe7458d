"""The sheet's photo while typing it: the current row's handwriting right above the fields.

Above the typing fields, the row being typed as the photo shows it (its name, email
and city fields, from the store's straightened scan), what the photo shows of it
(filled, the consent box ticked, crossed out) and the typist's answer to "Is this
right?" about that reading, kept with the scan's row. The whole sheet is one key
away (F4) in a window that Esc closes. Images come from the store as bytes and are
decoded in memory: a photo is signer data, never a file.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.signatures.scans import StoredRow
from actionkit.gui.actions import TYPING_KEYS
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.shortcuts import key_text

ROW_IMAGE_HEIGHT = 96  # px on screen: a row's handwriting at a size one reads without effort
MAX_ZOOM = 2.0  # a small crop is enlarged up to this, never blown up into blur


def pixmap_of(data: bytes) -> QPixmap:
    """An image from the store's bytes, decoded in memory (never through a file)."""
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap


def reading_words(t: Translator, reading: StoredRow) -> str:
    """What the photo shows of a row, in words: 'filled · consent box ticked', and what
    the scanner was unsure of ('· unsure: is the consent box ticked? Check it on the
    sheet.')."""
    if reading.crossed_out:
        parts = [t("scan.read_crossed_out")]
    else:
        parts = [t("scan.read_filled" if reading.filled else "scan.read_empty")]
        parts.append(t("scan.read_ticked" if reading.ticked else "scan.read_not_ticked"))
    if reading.doubts:
        doubts = " ".join(t(f"scan.doubt_{doubt}") for doubt in reading.doubts)
        parts.append(t("scan.read_unsure", doubts=doubts))
    return " · ".join(parts)


def consent_disagreement(t: Translator, reading: StoredRow | None, consent: bool) -> str:
    """The flag shown when the typed consent is not what the photo's tick box says
    ('' when they agree, or when there is no reading to compare with)."""
    if reading is None or reading.crossed_out:
        return ""
    if consent and not reading.ticked:
        return t("scan.flag_no_tick")
    if not consent and reading.ticked:
        return t("scan.flag_tick")
    return ""


class FitImage(QWidget):
    """An image drawn as large as the widget's width allows (aspect kept, at most
    MAX_ZOOM, at most `height` pixels high), at the start of the line (the right end,
    right to left); the widget is as high as the image it draws. A photo is never
    mirrored."""

    def __init__(self, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap = QPixmap()
        self.max_height = height
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self.pixmap.isNull():
            return self.max_height // 2
        scale = min(width / self.pixmap.width(), MAX_ZOOM)
        return min(self.max_height, max(16, ceil(self.pixmap.height() * scale)))

    def sizeHint(self) -> QSize:
        return QSize(600, self.heightForWidth(600))

    def set_pixmap(self, pixmap: QPixmap) -> None:
        self.pixmap = pixmap
        self.updateGeometry()  # its height follows the image's shape
        self.update()

    def shown_rect(self) -> QRectF:
        """Where the image is drawn (empty when there is none)."""
        if self.pixmap.isNull():
            return QRectF()
        w, h = self.pixmap.width(), self.pixmap.height()
        scale = min(self.width() / w, self.height() / h, MAX_ZOOM)
        x = self.width() - w * scale if self.isRightToLeft() else 0
        return QRectF(x, (self.height() - h * scale) / 2, w * scale, h * scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.pixmap.isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(self.shown_rect(), self.pixmap, QRectF(self.pixmap.rect()))
        painter.end()


class RowScan(QFrame):
    """The photo's row above the typing fields; hidden while the sheet has no scan."""

    whole_sheet_wanted = Signal()
    misread_chosen = Signal(int, str)  # row number, '' | 'right' | 'wrong'
    direction_changed = Signal()  # the fields below now run the other way: a new image

    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.setObjectName("rowScan")
        self.row: int | None = None
        self.reading: StoredRow | None = None
        self.title = QLabel()
        self.title.setObjectName("rowScanTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)  # with the scanner's doubt it may be a long line
        self.question = QLabel()
        self.question.setObjectName("keyHint")
        # "Is this right?" about the reading: Yes, No, or not answered (a second click
        # on the chosen answer takes it back). Off the Tab chain: the fields keep it.
        self.right = QPushButton()
        self.wrong = QPushButton()
        for button, value in ((self.right, "right"), (self.wrong, "wrong")):
            button.setObjectName("misreadAnswer")
            button.setProperty("answer", value)  # the style sheet marks each answer its way
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda checked, v=value: self._answer(v if checked else ""))
        self.whole_button = QPushButton()
        self.whole_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.whole_button.clicked.connect(self.whole_sheet_wanted)
        self.image = FitImage(ROW_IMAGE_HEIGHT)
        self.missing = QLabel()  # instead of the image: this row is not on the photo
        self.missing.setObjectName("keyHint")
        self.missing.setFixedHeight(ROW_IMAGE_HEIGHT // 2)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The answer given, in words: kept with the row, shown again when the typist
        # comes back to it.
        self.answer = QLabel()
        self.answer.setObjectName("misreadSaid")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.flag = QLabel()  # a crossed-out row, a consent that disagrees with the tick
        self.flag.setObjectName("scanFlag")
        self.flag.setWordWrap(True)
        self.flag.setTextFormat(Qt.TextFormat.PlainText)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.question)
        head.addWidget(self.right)
        head.addWidget(self.wrong)
        head.addSpacing(12)
        head.addWidget(self.whole_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(self.image)
        layout.addWidget(self.missing)
        layout.addWidget(self.answer)
        layout.addWidget(self.flag)
        self.missing.hide()
        self.answer.hide()
        self.flag.hide()
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LayoutDirectionChange and self.row is not None:
            self.direction_changed.emit()

    def retranslate(self) -> None:
        t = self.t
        self.question.setText(t("scan.is_this_right"))
        self.right.setText(t("scan.right"))
        self.wrong.setText(
            t("type.with_key", text=t("scan.wrong"), keys=key_text(TYPING_KEYS["misread"]))
        )
        self.right.setToolTip(t("scan.right_tip"))
        self.wrong.setToolTip(t("scan.wrong_tip"))
        keys = key_text(TYPING_KEYS["whole_sheet"])
        self.whole_button.setText(t("type.with_key", text=t("scan.whole_sheet"), keys=keys))
        self.whole_button.setToolTip(t("scan.whole_sheet_tip", keys=keys))
        self.image.setAccessibleName(t("scan.row_image"))
        self._show_words()

    def report_only(self) -> None:
        """Only No (F8) is offered: a misread can be reported, no one's answer taken back
        or answered over (the second typing: sheet_photo.SheetPhoto, blind)."""
        self.right.hide()

    def show_row(
        self, row: int, reading: StoredRow | None, image: bytes | None, answer: str = ""
    ) -> None:
        """Row `row` as the photo shows it; no reading: the photo has no such row.
        `answer`: the answer to "Is this right?" to show ('', 'right', 'wrong')."""
        self.row, self.reading = row, reading
        pixmap = pixmap_of(image) if image else QPixmap()
        self.image.set_pixmap(pixmap)
        self.image.setVisible(not pixmap.isNull())
        self.missing.setVisible(pixmap.isNull())
        self.right.setChecked(reading is not None and answer == "right")
        self.wrong.setChecked(reading is not None and answer == "wrong")
        for button in (self.right, self.wrong):
            button.setEnabled(reading is not None)
        self._show_words()
        self.show()

    def show_nothing(self) -> None:
        self.row, self.reading = None, None
        self.image.set_pixmap(QPixmap())
        self.hide()

    def show_flag(self, text: str) -> None:
        self.flag.setText(text)
        self.flag.setVisible(bool(text))

    def answer_given(self) -> str:
        """'right', 'wrong' or '' (not answered), as the buttons show it."""
        return "right" if self.right.isChecked() else "wrong" if self.wrong.isChecked() else ""

    def _show_words(self) -> None:
        t = self.t
        given = self.answer_given()
        keys = key_text(TYPING_KEYS["misread"])
        self.answer.setText(t(f"scan.answered_{given}", keys=keys) if given else "")
        self.answer.setVisible(bool(given))
        if self.row is None:
            return
        if self.reading is None:
            self.title.setText(t("scan.row_title", row=self.row))
            self.missing.setText(t("scan.row_not_on_photo", row=self.row))
        else:
            words = reading_words(t, self.reading)
            self.title.setText(t("scan.row_read", row=self.row, reading=words))

    def press_wrong(self) -> None:
        """F8: "Is this right?" No (again: taken back), for the row on screen."""
        if self.isVisible() and self.wrong.isEnabled():
            self.wrong.click()

    def _answer(self, value: str) -> None:
        self.right.setChecked(value == "right")
        self.wrong.setChecked(value == "wrong")
        self._show_words()
        if self.row is not None:
            self.misread_chosen.emit(self.row, value)


class SheetImageWindow(QDialog):
    """The whole sheet as photographed, fitted to the window or at its own size; Esc
    (or the key that opened it) closes it. Beside the typing, not in front of it: the
    typist may keep it open and move it aside."""

    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.setObjectName("sheetImageWindow")
        self.setModal(False)
        self.pixmap = QPixmap()
        self.row_rect: QRectF | None = None  # the row being typed, in the photo's pixels
        self.fit = True
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.picture)
        self.scroller.setWidgetResizable(True)
        self.scroller.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a photo is not mirrored
        self.about = QLabel()
        self.about.setObjectName("keyHint")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.zoom_button = QPushButton()
        self.zoom_button.clicked.connect(self.toggle_zoom)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.about, 1)
        bottom.addWidget(self.zoom_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(bottom)
        self.resize(1000, 720)

    def show_sheet(
        self,
        sheet_id: str,
        source: str,
        scanned_at: str,
        image: bytes,
        row: QRectF | None = None,
    ) -> None:
        """The sheet's photo; `row` (pixels of the photo): the row being typed, outlined."""
        t = self.t
        self.setWindowTitle(t("scan.sheet_window", sheet=isolated(sheet_id)))
        when = scanned_at[:16].replace("T", " ")
        self.about.setText(t("scan.sheet_about", source=isolated(source), when=isolated(when)))
        self.pixmap = pixmap_of(image)
        self.row_rect = row
        if row is not None and not self.pixmap.isNull():
            painter = QPainter(self.pixmap)
            # The selection colour of the app's palette: drawn into the picture, where the
            # stylesheet does not reach.
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            pen = QPen(colour, max(3.0, self.pixmap.width() / 400))
            painter.setPen(pen)
            painter.drawRect(row)
            painter.end()
        self.close_button.setText(t("type.with_key", text=t("scan.close"), keys=key_text("Esc")))
        self.fit = True
        self._show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show()  # fitted to the room the window has once it is on screen

    def forget(self) -> None:
        """Closed, the photo dropped (the store is locking)."""
        self.hide()
        self.pixmap = QPixmap()
        self.picture.clear()

    def toggle_zoom(self) -> None:
        self.fit = not self.fit
        self._show()

    def _show(self) -> None:
        t = self.t
        self.zoom_button.setText(t("scan.actual_size" if self.fit else "scan.fit"))
        if self.pixmap.isNull():
            self.picture.clear()
            return
        if self.fit:
            room = self.scroller.viewport().size() - QSize(4, 4)
            self.picture.setPixmap(
                self.pixmap.scaled(
                    room,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.picture.setPixmap(self.pixmap)
            self.picture.adjustSize()
            if self.row_rect is not None:  # at its own size, the row being typed in view
                centre = self.row_rect.center().toPoint()
                self.scroller.ensureVisible(centre.x(), centre.y(), 200, 100)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit:
            self._show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The key that opened the window closes it again (Esc too, as any dialog).
        if QKeySequence(event.keyCombination()) == QKeySequence(TYPING_KEYS["whole_sheet"]):
            self.reject()
            return
        super().keyPressEvent(event)
