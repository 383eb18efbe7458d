"""The app icon at any size, from the one SVG in assets/icons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from actionkit.core.assets import asset_path


def render_icon(size: int, target: Path) -> None:
    """Write the icon as a `size` x `size` PNG."""
    _ = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(asset_path("icons", "actionkit.svg")))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise OSError(f"cannot write {target}")
