"""What a person would call clipped: a button, a label, a field or a combo box too narrow
for its words.

Used by the window-size test and by docs/make_screenshots.py (which prints the
same problems next to the pictures it writes).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionToolButton,
    QTabWidget,
    QToolButton,
    QWidget,
)

from actionkit.gui.main_window import MainWindow

SLACK = 2  # pixels of rounding


def clipped(root: QWidget) -> list[str]:
    """Every visible control under `root` whose text does not fit its size."""
    problems = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or not button.text():
            continue
        needed = button.sizeHint().width()
        if isinstance(button, QToolButton):
            needed = max(needed, tool_button_width_needed(button))
        if button.width() + SLACK < needed:
            problems.append(f"button {button.text()!r}: {button.width()} < {needed}")
    for label in root.findChildren(QLabel):
        if (
            not label.isVisible()
            or not label.text()
            or label.wordWrap()
            or (label.pixmap() and not label.pixmap().isNull())
        ):
            continue
        if label.width() + SLACK < label.minimumSizeHint().width():
            problems.append(
                f"label {label.text()!r}: {label.width()} < {label.minimumSizeHint().width()}"
            )
    for field in root.findChildren(QLineEdit):
        hint = field.placeholderText()
        if not field.isVisible() or not hint:
            continue
        needed = field.fontMetrics().horizontalAdvance(hint) + 16  # frame and text margins
        if field.width() + SLACK < needed:
            problems.append(f"field {hint!r}: {field.width()} < {needed}")
    for combo in root.findChildren(QComboBox):
        if combo.isVisible() and combo.currentText() and not combo.isEditable():
            needed = combo_width_needed(combo)
            if combo.width() + SLACK < needed:
                problems.append(f"combo {combo.currentText()!r}: {combo.width()} < {needed}")
    return problems


def tool_button_width_needed(button: QToolButton) -> int:
    """A tool button's whole text, plus the arrow or icon beside it, plus what the style
    adds around them: measured, not taken from the button's own size hint."""
    metrics = button.fontMetrics()
    width = metrics.horizontalAdvance(button.text())
    style_ = button.toolButtonStyle()
    has_picture = button.arrowType() != Qt.ArrowType.NoArrow or not button.icon().isNull()
    if has_picture and style_ != Qt.ToolButtonStyle.ToolButtonTextOnly:
        width += button.iconSize().width() + 4  # Qt's spacing between picture and text
    option = QStyleOptionToolButton()
    option.initFrom(button)
    option.text = button.text()
    option.arrowType = button.arrowType()
    option.toolButtonStyle = style_
    option.iconSize = button.iconSize()
    contents = QSize(width, max(metrics.height(), button.iconSize().height()))
    return (
        button.style()
        .sizeFromContents(QStyle.ContentsType.CT_ToolButton, option, contents, button)
        .width()
    )


def combo_width_needed(combo: QComboBox) -> int:
    """The current text's width plus what the style adds around it (frame, arrow, margins)."""
    text = max(
        combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
    )
    if not combo.itemIcon(combo.currentIndex()).isNull():
        text += combo.iconSize().width() + 4
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.currentText = combo.currentText()
    contents = QSize(text, combo.fontMetrics().height())
    return (
        combo.style()
        .sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, contents, combo)
        .width()
    )


def navigation_clipped(window: MainWindow) -> list[str]:
    """The side bar's entries: a horizontal scroll bar (shown, or hidden by its policy while
    the entries are wider than the list) means an entry is cut."""
    navigation = window.navigation
    bar = navigation.horizontalScrollBar()
    if bar.isVisible() or bar.maximum() > 0:
        texts = [navigation.item(row).text() for row in range(navigation.count())]
        return [f"navigation scrolls sideways ({bar.maximum()} px too narrow): {texts}"]
    return []


def visit_everything(window: MainWindow) -> list[str]:
    """Show every workspace and every tab in turn; the problems each one has."""
    found = []
    for index in range(len(window.specs)):
        page = window.show_workspace(index)
        tab_widgets: list[QTabWidget | None] = [*page.findChildren(QTabWidget)] or [None]
        for tabs in tab_widgets:
            for tab in range(tabs.count() if tabs else 1):
                if tabs is not None:
                    tabs.setCurrentIndex(tab)
                window.repaint()
                found += [f"{page.title()}: {p}" for p in clipped(page)]
    side = window.navigation.parentWidget()
    assert side is not None
    found += [f"side bar: {p}" for p in clipped(side)]
    found += [f"side bar: {p}" for p in navigation_clipped(window)]
    return sorted(set(found))
