"""The main window: a navigation list on the side, one workspace at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from actionkit import APP_NAME
from actionkit.core.paths import AppPaths
from actionkit.core.settings import Settings
from actionkit.gui.workspaces import WorkspaceSpec, workspace_specs
from actionkit.gui.workspaces.base import Workspace


class NoticeBar(QFrame):
    """A dismissable strip for things the user must know (e.g. settings were reset)."""

    dismissed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self._dismiss)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


class MainWindow(QMainWindow):
    def __init__(
        self,
        *,
        paths: AppPaths,
        settings: Settings,
        notices: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self.setWindowTitle(APP_NAME)
        self.resize(1180, 760)
        self.setMinimumSize(880, 560)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self._stand_ins: list[QWidget] = []
        self.specs: list[WorkspaceSpec] = workspace_specs(paths=paths, settings=settings)
        self._built: dict[int, Workspace] = {}
        for spec in self.specs:
            self.navigation.addItem(QListWidgetItem(spec.title))
            stand_in = QWidget()  # holds the place until the workspace is first shown
            self._stand_ins.append(stand_in)
            self.stack.addWidget(stand_in)
        self.navigation.currentRowChanged.connect(self._show_index)
        self.navigation.setCurrentRow(0)

        brand = QLabel(APP_NAME)
        brand.setObjectName("brand")
        self.version_label = QLabel("")
        self.version_label.setObjectName("brandVersion")
        side = QFrame()
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 18, 0, 12)
        side_layout.setSpacing(6)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.navigation, 1)
        side_layout.addWidget(self.version_label)
        side.setFixedWidth(220)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        self.notice_bars: list[NoticeBar] = []
        for text in notices or []:
            bar = NoticeBar(text)
            self.notice_bars.append(bar)
            content_layout.addWidget(bar)
        content_layout.addWidget(self.stack, 1)

        root = QWidget()
        root_layout = QHBoxLayout(root)
        root_layout.setContentsMargins(0, 0, 0, 0)
        root_layout.setSpacing(0)
        root_layout.addWidget(side)
        root_layout.addWidget(content, 1)
        self.setCentralWidget(root)

    def set_version(self, version: str) -> None:
        self.version_label.setText(f"{APP_NAME} {version}")

    def workspace(self, index: int) -> Workspace:
        """The workspace at `index`, built on first use."""
        if index not in self._built:
            built = self.specs[index].build()
            stand_in = self._stand_ins[index]
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._built[index] = built
        return self._built[index]

    def _show_index(self, index: int) -> None:
        if 0 <= index < len(self.specs):
            self.stack.setCurrentWidget(self.workspace(index))

    def workspace_titles(self) -> list[str]:
        return [spec.title for spec in self.specs]

    def show_workspace(self, index: int) -> Workspace:
        self.navigation.setCurrentRow(index)
        return self.workspace(index)
