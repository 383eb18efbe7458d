"""Choosing the part of a photo to print: a frame of the portrait's shape over the picture,
moved with the mouse or the arrow keys and resized from its corners, the wheel or + and -.

The frame is kept as fractions of the upright picture (core Crop); the print engine fits
it to every piece's frame without stretching it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageReader,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from actionkit.core.dataset.model import Crop
from actionkit.core.dataset.photos import PORTRAIT_ASPECT, default_crop

HANDLE = 10  # pixels on screen around a corner that grab it
MIN_SHARE = 0.08  # the frame is never narrower than this share of the picture
STEP = 0.01  # an arrow key moves the frame by this share of the picture (Shift: 10x)
ZOOM = 1.05  # + or - (or one wheel notch) grows or shrinks the frame by this factor


def load_upright(path: Path) -> QImage:
    """The picture as the user sees it (turned by its EXIF orientation, as the stored
    copy is), so the crop's fractions mean the same on screen and on paper."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    return reader.read()


class CropView(QWidget):
    """The picture with the frame over it; what lies outside the frame is dimmed."""

    crop_changed = Signal()

    def __init__(
        self,
        image: QImage,
        crop: Crop | None = None,
        aspect: float = PORTRAIT_ASPECT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.image = image
        self.aspect = aspect  # width / height of the frame, in pixels of the picture
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(360, 300)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        width, height = max(1, image.width()), max(1, image.height())
        start = crop or default_crop(width, height, aspect)
        self.frame = QRectF(
            start.left * width,
            start.top * height,
            (start.right - start.left) * width,
            (start.bottom - start.top) * height,
        )
        self._fit_to_picture(self.frame.center(), self.frame.width())
        self._drag: str | None = None  # "move" or "resize"
        self._grab = QPointF()  # where in the frame the mouse holds it (moving)
        self._anchor = QPointF()  # the corner that stays put (resizing)

    # Geometry: picture pixels <-> widget pixels -----------------------------------

    def sizeHint(self) -> QSize:
        return QSize(480, 420)

    def _scale(self) -> float:
        return min(
            self.width() / max(1, self.image.width()), self.height() / max(1, self.image.height())
        )

    def _origin(self) -> QPointF:
        s = self._scale()
        return QPointF(
            (self.width() - self.image.width() * s) / 2,
            (self.height() - self.image.height() * s) / 2,
        )

    def to_picture(self, point: QPointF) -> QPointF:
        return (point - self._origin()) / self._scale()

    def to_screen(self, point: QPointF) -> QPointF:
        """Where a point of the picture (in its pixels) is shown in this widget."""
        return self._origin() + point * self._scale()

    def frame_on_screen(self) -> QRectF:
        """Where the frame is drawn, in this widget's coordinates."""
        s, o = self._scale(), self._origin()
        f = self.frame
        return QRectF(o.x() + f.x() * s, o.y() + f.y() * s, f.width() * s, f.height() * s)

    def crop(self) -> Crop:
        width, height = max(1, self.image.width()), max(1, self.image.height())
        f = self.frame
        return Crop(
            max(0.0, f.left() / width),
            max(0.0, f.top() / height),
            min(1.0, f.right() / width),
            min(1.0, f.bottom() / height),
        )

    def _fit_to_picture(self, centre: QPointF, width: float) -> None:
        """Put a frame of `width` (kept in shape, within the picture's limits) around
        `centre`, moved only as far as the picture's edges require."""
        iw, ih = float(self.image.width()), float(self.image.height())
        largest = min(iw, ih * self.aspect)
        width = max(min(width, largest), min(largest, iw * MIN_SHARE))
        height = width / self.aspect
        left = min(max(centre.x() - width / 2, 0.0), iw - width)
        top = min(max(centre.y() - height / 2, 0.0), ih - height)
        self.frame = QRectF(left, top, width, height)

    def _changed(self, centre: QPointF, width: float) -> None:
        self._fit_to_picture(centre, width)
        self.update()
        self.crop_changed.emit()

    # Mouse and keys ---------------------------------------------------------------

    def _corner_at(self, point: QPointF) -> QPointF | None:
        """The frame's corner opposite the one under the mouse (that corner stays put)."""
        r = self.frame_on_screen()
        corners = (
            (r.topLeft(), self.frame.bottomRight()),
            (r.topRight(), self.frame.bottomLeft()),
            (r.bottomLeft(), self.frame.topRight()),
            (r.bottomRight(), self.frame.topLeft()),
        )
        for corner, opposite in corners:
            if abs(corner.x() - point.x()) <= HANDLE and abs(corner.y() - point.y()) <= HANDLE:
                return opposite
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus()
        point = event.position()
        anchor = self._corner_at(point)
        if anchor is not None:
            self._drag, self._anchor = "resize", anchor
            return
        if not self.frame_on_screen().contains(point):
            # A click beside the frame brings it there; keep holding to move it on.
            self._changed(self.to_picture(point), self.frame.width())
        self._drag = "move"
        self._grab = self.to_picture(point) - self.frame.center()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.to_picture(event.position())
        if self._drag == "move":
            self._changed(point - self._grab, self.frame.width())
        elif self._drag == "resize":
            # The frame's width follows the farther of the mouse's two distances from
            # the fixed corner (its height follows the width, so the shape stays).
            dx = abs(point.x() - self._anchor.x())
            dy = abs(point.y() - self._anchor.y())
            width = max(dx, dy * self.aspect)
            sign_x = 1 if point.x() >= self._anchor.x() else -1
            sign_y = 1 if point.y() >= self._anchor.y() else -1
            centre = QPointF(
                self._anchor.x() + sign_x * width / 2,
                self._anchor.y() + sign_y * width / self.aspect / 2,
            )
            self._changed(centre, width)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches:
            self._changed(self.frame.center(), self.frame.width() * ZOOM ** (-notches))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        step = STEP * (10 if shift else 1) * max(self.image.width(), self.image.height())
        moves = {
            Qt.Key.Key_Left: QPointF(-step, 0),
            Qt.Key.Key_Right: QPointF(step, 0),
            Qt.Key.Key_Up: QPointF(0, -step),
            Qt.Key.Key_Down: QPointF(0, step),
        }
        if key in moves:
            self._changed(self.frame.center() + moves[key], self.frame.width())
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._changed(self.frame.center(), self.frame.width() * ZOOM)
        elif key == Qt.Key.Key_Minus:
            self._changed(self.frame.center(), self.frame.width() / ZOOM)
        else:
            super().keyPressEvent(event)

    # Drawing ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        s, o = self._scale(), self._origin()
        shown = QRectF(o.x(), o.y(), self.image.width() * s, self.image.height() * s)
        painter.drawImage(shown, self.image)
        frame = self.frame_on_screen()
        veil = QColor(0, 0, 0, 140)
        painter.fillRect(
            QRectF(shown.left(), shown.top(), shown.width(), frame.top() - shown.top()), veil
        )
        painter.fillRect(
            QRectF(shown.left(), frame.bottom(), shown.width(), shown.bottom() - frame.bottom()),
            veil,
        )
        painter.fillRect(
            QRectF(shown.left(), frame.top(), frame.left() - shown.left(), frame.height()), veil
        )
        painter.fillRect(
            QRectF(frame.right(), frame.top(), shown.right() - frame.right(), frame.height()), veil
        )
        painter.setPen(QPen(QColor("white"), 2))
        painter.drawRect(frame)
        for corner in (frame.topLeft(), frame.topRight(), frame.bottomLeft(), frame.bottomRight()):
            painter.fillRect(QRectF(corner.x() - 5, corner.y() - 5, 10, 10), QColor("white"))
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()
