"""The studio's preview: the rendered PDF's pages, one at a time, fitted or zoomed.

The images come from the very PDF that will be saved. The first page arrives with
the render; other pages, and sharper copies when the user zooms in, are rendered
on demand in a worker. Resizing the window only rescales the images already here.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from actionkit.gui.i18n import Translator
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces.studio_render import Rendered, render_page

FIT_PAGE, FIT_WIDTH = "page", "width"
ZOOMS = (25, 50, 75, 100, 150, 200, 300, 400)  # percent of the printed size
MAX_PIXELS = 4096  # longest side of a page image; beyond this zooming only enlarges
MARGIN = 32  # the preview label's padding (app.qss) on both sides, and some air


class PreviewPane(QWidget):
    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.rendered: Rendered | None = None
        self.images: dict[int, QImage] = {}
        self.page = 0
        self.loader: Worker | None = None
        self.wanted: tuple[int, int] | None = None  # (page, longest side) still to render

        self.previous_button = QToolButton()
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button = QToolButton()
        self.next_button.clicked.connect(self.show_next)
        self.page_label = QLabel()
        self.page_label.setObjectName("hint")
        self.zoom = QComboBox()
        # Its longest entry fits in every language, also after a language switch.
        self.zoom.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.zoom.currentIndexChanged.connect(self.relayout)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.zoom)

        self.image = QLabel()
        self.image.setObjectName("preview")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area = QScrollArea()
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        self.area.viewport().installEventFilter(self)
        # A resize (window, splitter) comes in a burst of events: rescale once it settles.
        self.resize_timer = QTimer(self)
        self.resize_timer.setSingleShot(True)
        self.resize_timer.setInterval(30)
        self.resize_timer.timeout.connect(self.relayout)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addLayout(bar)
        column.addWidget(self.area, 1)
        self.retranslate()
        self._point_arrows()

    def retranslate(self) -> None:
        t = self.t
        items: list[tuple[str, object]] = [
            (t("studio.fit_page"), FIT_PAGE),
            (t("studio.fit_width"), FIT_WIDTH),
        ]
        items += [(f"{z} %", z) for z in ZOOMS]
        current = self.zoom.currentData()
        self.zoom.blockSignals(True)
        self.zoom.clear()
        for text, data in items:
            self.zoom.addItem(text, data)
        self.zoom.setCurrentIndex(max(self.zoom.findData(current), 0))
        self.zoom.blockSignals(False)
        self.zoom.setAccessibleName(t("studio.zoom"))
        self.zoom.setToolTip(t("studio.zoom"))
        self.previous_button.setToolTip(t("studio.previous_page"))
        self.previous_button.setAccessibleName(t("studio.previous_page"))
        self.next_button.setToolTip(t("studio.next_page"))
        self.next_button.setAccessibleName(t("studio.next_page"))
        self._update_navigation()

    # What is shown -------------------------------------------------------------------

    def set_document(self, rendered: Rendered) -> None:
        """A new render: keep the page the user was on if the piece still has it."""
        self.rendered = rendered
        self.images = dict(enumerate(rendered.images))
        self.wanted = None
        self.page = min(self.page, max(rendered.pages - 1, 0))
        self.relayout()

    def clear(self) -> None:
        self.rendered = None
        self.images = {}
        self.wanted = None
        self.page = 0
        self.image.clear()
        self._update_navigation()

    def pages(self) -> int:
        return self.rendered.pages if self.rendered is not None else 0

    def show_page(self, index: int) -> None:
        if 0 <= index < self.pages():
            self.page = index
            self.relayout()

    def show_previous(self) -> None:
        self.show_page(self.page - 1)

    def show_next(self) -> None:
        self.show_page(self.page + 1)

    def loading(self) -> bool:
        # `loader` is cleared when its `finished` arrives here, after its result has.
        return self.wanted is not None or self.loader is not None

    def _update_navigation(self) -> None:
        pages = self.pages()
        self.page_label.setText(
            self.t("studio.page_of", page=self.page + 1, pages=pages) if pages else ""
        )
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < pages - 1)

    def _scale(self) -> float:
        """Screen pixels per point for the current page and zoom."""
        assert self.rendered is not None
        width, height = self.rendered.sizes[self.page]
        viewport = self.area.viewport().size()
        mode = self.zoom.currentData()
        if mode == FIT_PAGE:
            fit = min((viewport.width() - MARGIN) / width, (viewport.height() - MARGIN) / height)
            return float(max(fit, 0.05))
        if mode == FIT_WIDTH:
            # Leave room for the scroll bar fitting the width will bring, so it does not flicker.
            bar = self.area.verticalScrollBar().sizeHint().width()
            return float(max((viewport.width() - MARGIN - bar) / width, 0.05))
        return float(mode or 100) / 100 * self.logicalDpiX() / 72

    def relayout(self) -> None:
        """Show the current page at the current zoom, from the images already rendered."""
        self._update_navigation()
        if self.rendered is None or not self.rendered.sizes:
            return
        width, height = self.rendered.sizes[self.page]
        scale = self._scale()
        ratio = self.devicePixelRatioF()
        wanted_w, wanted_h = round(width * scale * ratio), round(height * scale * ratio)
        image = self.images.get(self.page)
        longest = min(max(wanted_w, wanted_h), MAX_PIXELS)
        if image is None or max(image.width(), image.height()) < longest * 0.9:
            self._request(self.page, longest)
        if image is None:
            self.image.clear()
            self.image.setText(self.t("studio.rendering"))
            return
        pixmap = QPixmap.fromImage(
            image.scaled(
                wanted_w,
                wanted_h,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        pixmap.setDevicePixelRatio(ratio)
        self.image.setPixmap(pixmap)

    # Rendering pages on demand ---------------------------------------------------

    def _request(self, page: int, longest: int) -> None:
        self.wanted = (page, longest)
        if self.loader is None:
            self._load_next()

    def _load_next(self) -> None:
        if self.wanted is None or self.rendered is None:
            return
        (page, longest), rendered = self.wanted, self.rendered
        self.wanted = None
        worker = Worker(lambda w: render_page(rendered.pdf, page, longest), describe=self.t.error)
        worker.succeeded.connect(lambda result: self._page_rendered(rendered, result))
        worker.finished.connect(self._loaded)
        self.loader = worker
        worker.start()

    def _loaded(self) -> None:
        self.loader = None
        self._load_next()
        if not self.loading():
            self.relayout()  # the page as wanted, now that nothing more is coming

    def _page_rendered(self, rendered: Rendered, result: tuple[int, QImage]) -> None:
        if rendered is not self.rendered:
            return  # a newer render replaced the document meanwhile
        page, image = result
        self.images[page] = image
        if page == self.page and self.wanted is None:
            self.relayout()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._point_arrows()
        super().changeEvent(event)

    def _point_arrows(self) -> None:
        """ "Previous" points back in the reading direction: left, or right in Persian."""
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        back, forward = Qt.ArrowType.LeftArrow, Qt.ArrowType.RightArrow
        self.previous_button.setArrowType(forward if rtl else back)
        self.next_button.setArrowType(back if rtl else forward)

    # Resizing and Ctrl+wheel -----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.zoom.currentData() in (FIT_PAGE, FIT_WIDTH):
            self.resize_timer.start()
        elif (
            isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.step_zoom(1 if event.angleDelta().y() > 0 else -1)
            return True
        return super().eventFilter(watched, event)

    def step_zoom(self, direction: int) -> None:
        """One zoom step in (+1) or out (-1) from what is shown now."""
        if self.rendered is None:
            return
        percent = self._scale() / (self.logicalDpiX() / 72) * 100
        if direction > 0:
            steps = [z for z in ZOOMS if z > percent + 1]
            target = steps[0] if steps else ZOOMS[-1]
        else:
            steps = [z for z in ZOOMS if z < percent - 1]
            target = steps[-1] if steps else ZOOMS[0]
        self.zoom.setCurrentIndex(self.zoom.findData(target))
