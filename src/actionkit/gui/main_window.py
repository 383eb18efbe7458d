"""The main window: a navigation list on the side, one workspace at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actionkit import APP_NAME
from actionkit.core.paths import AppPaths
from actionkit.core.settings import Settings
from actionkit.gui import dialogs
from actionkit.gui.actions import COMMANDS, WORKSPACE_TITLES, Command, command
from actionkit.gui.i18n import Translator, install_qt_translations

if TYPE_CHECKING:
    from actionkit.gui.locking import IdleLock
from actionkit.gui.workers import Worker
from actionkit.gui.workspaces import WorkspaceSpec
from actionkit.gui.workspaces.base import Workspace


def show_tab_of(widget: QWidget) -> None:
    """Bring forward every tab that holds `widget` (a tab's page sits in the tab widget's
    own QStackedWidget)."""
    child = widget
    parent = child.parentWidget()
    while parent is not None:
        tabs = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(tabs, QTabWidget):
            tabs.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()


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
        self.dismiss_button = QPushButton()
        self.dismiss_button.clicked.connect(self._dismiss)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


SIDE_BAR_WIDTH = 196  # the side bar's width where every entry fits in it


class MainWindow(QMainWindow):
    """Navigation on the side, one workspace at a time; wires the workspaces together."""

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
        self.t = Translator(settings.ui_language)
        self.setWindowTitle(APP_NAME)
        self.resize(1180, 760)
        self.setMinimumSize(880, 560)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Never a sideways scroll bar: the side bar is made as wide as its longest entry.
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self._stand_ins: list[QWidget] = []
        builders = (
            self._build_people,
            self._build_studio,
            self._build_signatures,
            self._build_settings,
        )
        self.specs = [
            WorkspaceSpec(key, build) for key, build in zip(WORKSPACE_TITLES, builders, strict=True)
        ]
        self._built: dict[int, Workspace] = {}
        self._dataset_store: Any = None
        for spec in self.specs:
            self.navigation.addItem(QListWidgetItem(self.t(spec.title_key)))
            stand_in = QWidget()  # holds the place until the workspace is first shown
            self._stand_ins.append(stand_in)
            self.stack.addWidget(stand_in)
        self.navigation.currentRowChanged.connect(self._show_index)
        # The first workspace is built once the window is on screen (show_current).
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(0)
        self.navigation.blockSignals(False)
        self.actions_by_name: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._build_menus()

        brand = QLabel(APP_NAME)
        brand.setObjectName("brand")
        self.version_label = QLabel("")
        self.version_label.setObjectName("brandVersion")
        self.side = side = QFrame()
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 18, 0, 12)
        side_layout.setSpacing(6)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.navigation, 1)
        side_layout.addWidget(self.version_label)
        self._fit_side_bar()

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
        self.statusBar().setObjectName("statusBar")
        self.idle: IdleLock | None = None
        self._retranslate_menus()
        self._apply_direction()

    # Commands: menus and keys -------------------------------------------------------

    def _build_menus(self) -> None:
        for menu_name in ("file", "go", "help"):
            menu = self.menuBar().addMenu("")
            menu.aboutToShow.connect(self.update_actions)
            menu.aboutToHide.connect(self._enable_actions)
            self.menus[menu_name] = menu
        for spec in COMMANDS:
            action = QAction(self)
            if spec.keys:
                action.setShortcut(QKeySequence(spec.keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setObjectName(f"action_{spec.name}")
            action.triggered.connect(self._trigger_slot(spec))
            self.menus[spec.menu].addAction(action)
            self.actions_by_name[spec.name] = action
            if spec.name == "find":
                self.menus["file"].addSeparator()

    def _trigger_slot(self, spec: Command) -> Any:
        def triggered() -> None:  # takes nothing: the action's `checked` is not wanted
            self.run_command(spec.name)

        return triggered

    def run_command(self, name: str) -> None:
        """What a menu item or its key does: the same as the button it stands for."""
        if name.startswith("go."):
            self.show_workspace(int(name.removeprefix("go.")))
        elif name == "quit":
            self.close()
        elif name == "shortcuts":
            self.show_shortcuts()
        else:
            spec = command(name)
            if spec.workspace is not None and spec.workspace != self.navigation.currentRow():
                self.show_workspace(spec.workspace)
            widget = self.current_commands().get(name)
            if widget is None or not widget.isEnabled():
                return
            if isinstance(widget, QAbstractButton):
                widget.click()
            else:
                show_tab_of(widget)  # a view on a tab (Totals): its tab comes forward
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                select_all = getattr(widget, "selectAll", None)
                if select_all is not None:
                    select_all()

    def current_commands(self) -> dict[str, QWidget]:
        page = self._built.get(self.navigation.currentRow())
        return page.commands() if page is not None else {}

    def update_actions(self) -> None:
        """Commands the current workspace cannot carry out now are greyed out."""
        here = self.current_commands()
        for spec in COMMANDS:
            if spec.workspace is not None:  # carried out there: shown first
                page = self._built.get(spec.workspace)
                there = page.commands() if page is not None else None
                button = there.get(spec.name) if there is not None else None
                enabled = there is None or (button is not None and button.isEnabled())
                self.actions_by_name[spec.name].setEnabled(enabled)
            elif spec.menu == "file" and spec.name != "quit":
                button = here.get(spec.name)
                self.actions_by_name[spec.name].setEnabled(
                    button is not None and button.isEnabled()
                )

    def _enable_actions(self) -> None:
        # Keys stay live while the menu is closed; run_command checks the button itself.
        for action in self.actions_by_name.values():
            action.setEnabled(True)

    def _retranslate_menus(self) -> None:
        for menu_name, menu in self.menus.items():
            menu.setTitle(self.t(f"menu.{menu_name}"))
        for spec in COMMANDS:
            text = self.t(spec.text_key)
            if spec.menu == "go":  # a workspace's name: its "&" is a letter, not a mnemonic
                text = text.replace("&", "&&")
            self.actions_by_name[spec.name].setText(text)
        for bar in self.notice_bars:
            bar.dismiss_button.setText(self.t("app.dismiss"))

    def show_shortcuts(self) -> None:
        from actionkit.gui.shortcuts import ShortcutsDialog

        ShortcutsDialog(self.t, self).exec()

    # Building workspaces on first use ---------------------------------------------

    def dataset_store(self) -> Any:
        if self._dataset_store is None:
            from actionkit.core.dataset import DatasetStore

            self._dataset_store = DatasetStore(self.paths)
        return self._dataset_store

    def _build_people(self) -> Workspace:
        from actionkit.gui.workspaces.people import PeopleWorkspace

        page = PeopleWorkspace(store=self.dataset_store(), t=self.t)
        page.selection_changed.connect(self._people_selected)
        page.dataset_changed.connect(self._dataset_changed)
        return page

    def _build_studio(self) -> Workspace:
        from actionkit.gui.workspaces.studio import StudioWorkspace

        store = self.dataset_store()
        people = self._built.get(0)
        loaded = getattr(people, "loaded", None) or store.load()
        page = StudioWorkspace(
            loaded=loaded, settings=self.settings, t=self.t, photo_for=store.photo_file
        )
        if people is not None:
            page.use_people([p.id for p in people.selected_people()])  # type: ignore[attr-defined]
        return page

    def _build_signatures(self) -> Workspace:
        from actionkit.core.signatures.lock import is_locked
        from actionkit.core.signatures.store import STORE_FILE
        from actionkit.gui.workspaces.base import PlannedWorkspace
        from actionkit.gui.workspaces.signatures import SignaturesWorkspace

        passphrase = None
        if is_locked(self.paths.data_dir / STORE_FILE):
            passphrase = self.ask_passphrase()
            if passphrase is None:  # still locked: say so, and offer to try again
                locked = PlannedWorkspace(
                    self.t("nav.signatures"),
                    self.t("lock.locked_text"),
                    t=self.t,
                    title_key="nav.signatures",
                    text_key="lock.locked_text",
                )
                locked.add_button("lock.unlock", lambda: self.rebuild(2))
                return locked
        page = SignaturesWorkspace(
            paths=self.paths, settings=self.settings, t=self.t, passphrase=passphrase
        )
        page.unlocked.connect(self._resume_idle)
        self._resume_idle()  # a fresh start after the passphrase (e.g. locked from Settings)
        return page

    def ask_passphrase(self) -> str | None:
        from actionkit.gui.locking import ask_passphrase

        return ask_passphrase(self, self.paths, self.t)

    def rebuild(self, index: int) -> Workspace:
        """Throw a built workspace away and build it again (after locking or unlocking)."""
        self._discard(index)
        return self.show_workspace(index)

    def _discard(self, index: int) -> None:
        old = self._built.pop(index, None)
        if old is not None:
            old.close_resources()
            stand_in = QWidget()
            self.stack.insertWidget(index, stand_in)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._stand_ins[index] = stand_in

    def start_idle_lock(self) -> None:
        """Lock the signature store again after a while without keyboard or mouse."""
        from actionkit.gui.locking import IdleLock

        self.idle = IdleLock(self.settings.lock_after_minutes, self)
        self.idle.expired.connect(self.lock_now)

    def lock_signatures(self, passphrase: str) -> bool:
        """Encrypt the signature store; True when done. An open signatures page keeps its
        open sheet and typed fields: only its store is closed, then reopened with the new
        passphrase (or as it was, if locking fails)."""
        from actionkit.core.errors import ActionKitError
        from actionkit.core.signatures.lock import change_passphrase, is_locked, lock_store
        from actionkit.core.signatures.store import STORE_FILE
        from actionkit.gui.workspaces.signatures import SignaturesWorkspace

        store = self.paths.data_dir / STORE_FILE
        old = None
        if is_locked(store):  # a new passphrase for a locked store: ask for the current one
            old = self.ask_passphrase()
            if old is None:
                return False
        page = self._built.get(2)
        kept = page if isinstance(page, SignaturesWorkspace) and not page.locked else None
        before = kept.passphrase if kept is not None else None
        if kept is not None:
            kept.close_store()
        elif not isinstance(page, SignaturesWorkspace):
            self._discard(2)
        # (a page behind its idle lock has its store closed already; the new passphrase
        # opens it)
        try:
            self.paths.ensure()
            if old is None:
                lock_store(store, passphrase)
            else:
                change_passphrase(store, old, passphrase)
        except ActionKitError as exc:
            if kept is not None:
                kept.reopen_store(before)
            dialogs.warn(self, self.t("lock.title"), self.t.error(exc))
            return False
        if kept is not None:
            kept.reopen_store(passphrase)
        self.show_message(self.t("lock.done"))
        return True

    def lock_now(self) -> None:
        """Idle too long: the signatures page hides behind its lock screen and closes the
        store; what was typed stays, and the passphrase opens it again."""
        from actionkit.gui.workspaces.signatures import SignaturesWorkspace

        page = self._built.get(2)
        minutes = self.settings.lock_after_minutes
        if isinstance(page, SignaturesWorkspace) and page.lock(minutes):
            self.show_message(self.t("lock.locked_idle"))
        else:
            self._resume_idle()  # nothing to lock: keep counting

    def _resume_idle(self) -> None:
        if self.idle is not None:
            self.idle.resume()

    def _build_settings(self) -> Workspace:
        from actionkit.gui.workspaces.settings import SettingsWorkspace

        page = SettingsWorkspace(
            paths=self.paths, settings=self.settings, t=self.t, store=self.dataset_store()
        )
        page.saved.connect(self._settings_saved)
        page.dataset_updated.connect(self._dataset_updated)
        page.lock_requested.connect(self.lock_signatures)
        return page

    # Wiring -------------------------------------------------------------------------

    def _people_selected(self, ids: list[str]) -> None:
        studio = self._built.get(1)
        if studio is not None:  # offered ("Use them"): the studio's ticks are the user's
            studio.offer_people(ids)  # type: ignore[attr-defined]

    def _dataset_changed(self) -> None:
        studio, people = self._built.get(1), self._built.get(0)
        if studio is not None and people is not None:
            studio.set_dataset(people.loaded)  # type: ignore[attr-defined]

    def _dataset_updated(self) -> None:
        """A newer dataset was stored from Settings: reload it as an import does."""
        people = self._built.get(0)
        if people is not None:
            people.reload()  # type: ignore[attr-defined]  # tells the studio in turn
            return
        studio = self._built.get(1)
        if studio is not None:
            studio.set_dataset(self.dataset_store().load())  # type: ignore[attr-defined]

    def _settings_saved(self, settings: Settings) -> None:
        self.settings = settings
        for page in self._built.values():
            if hasattr(page, "settings"):
                page.settings = settings
        self.set_language(settings.ui_language)
        if self.idle is not None:
            self.idle.set_minutes(settings.lock_after_minutes)
        self.show_message(self.t("settings.saved", path=str(self.paths.settings_file)))

    def set_language(self, language: str) -> None:
        """Switch every visible word, and the layout direction, without a restart."""
        self.t.language = Translator(language).language
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Qt's own words (OK, Cancel) and its key names ("Ctrl", "Del"): installed
            # before the pages re-read their words, which name keys through Qt.
            install_qt_translations(app, self.t.language)
        for row, spec in enumerate(self.specs):
            self.navigation.item(row).setText(self.t(spec.title_key))
        self._fit_side_bar()
        for page in self._built.values():
            page.retranslate()
        self._retranslate_menus()
        self.statusBar().clearMessage()  # a message in the old language would linger
        self._apply_direction()

    def _fit_side_bar(self) -> None:
        """As wide as the longest workspace name in the UI language ("Aktionen &
        Unterschriften"), and never narrower than the usual 196 pixels."""
        nav = self.navigation
        nav.ensurePolished()
        metrics = nav.fontMetrics()
        texts = [nav.item(row).text() for row in range(nav.count())]
        text = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        # The style sheet pads an entry 20 px each side and marks the current one with a
        # 3 px border; the delegate's own hint counts the same when it knows the sheet.
        widest = max(text + 2 * 20 + 3, nav.sizeHintForColumn(0))
        self.side.setFixedWidth(max(SIDE_BAR_WIDTH, widest + 2 * nav.frameWidth() + 8))

    def _apply_direction(self) -> None:
        direction = Qt.LayoutDirection.RightToLeft if self.t.rtl else Qt.LayoutDirection.LeftToRight
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setLayoutDirection(direction)
        self.setLayoutDirection(direction)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = any(page.has_unsaved_row() for page in self._built.values())
        if unsaved and not dialogs.ask(self, APP_NAME, self.t("sign.unsaved_row_quit")):
            event.ignore()
            return
        busy = any(page.busy_with_job() for page in self._built.values())
        if busy and not dialogs.ask(self, APP_NAME, self.t("app.quit_while_busy")):
            event.ignore()
            return
        Worker.stop_all()  # cancel, then wait: nothing is left half-written
        for page in self._built.values():
            page.close_resources()
        self.save_state()
        event.accept()

    def welcome(self) -> None:
        """The first-start questions; skipping keeps the defaults (and picks the paper)."""
        from actionkit.core.settings import save_settings
        from actionkit.gui.welcome import WelcomeDialog

        dialog = WelcomeDialog(self.settings, self.t, self)
        dialog.exec()
        settings = dialog.chosen()
        if dialog.passphrase():
            self.lock_signatures(dialog.passphrase())
        try:
            save_settings(settings, self.paths.settings_file)
        except OSError as exc:
            self.show_message(self.t("settings.not_saved", reason=str(exc.strerror or exc)))
        self._settings_saved(settings)

    def _state_file(self) -> QSettings:
        return QSettings(str(self.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_state(self, page: QWidget) -> None:
        state = self._state_file()
        for splitter in page.findChildren(QSplitter):
            saved = state.value(f"splitters/{splitter.objectName()}")
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)

    def save_state(self) -> None:
        state = self._state_file()
        state.setValue("window/geometry", self.saveGeometry())
        state.setValue("files/last_folder", dialogs.last_folder())
        for page in self._built.values():
            for splitter in page.findChildren(QSplitter):
                if splitter.objectName():
                    state.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        state.sync()

    def restore_geometry(self) -> None:
        saved = self._state_file().value("window/geometry")
        if isinstance(saved, QByteArray):
            self.restoreGeometry(saved)

    def set_version(self, version: str) -> None:
        self.version_label.setText(f"{APP_NAME} {version}")

    def workspace(self, index: int) -> Workspace:
        """The workspace at `index`, built on first use."""
        if index not in self._built:
            built = self.specs[index].build()
            stand_in = self._stand_ins[index]
            self._restore_state(built)
            built.status_message.connect(self.show_message)
            for label in built.findChildren(QLabel):
                # Labels show names, file names and error texts: never as rich text.
                label.setTextFormat(Qt.TextFormat.PlainText)
            for button in built.findChildren(QPushButton):
                # Enter presses the button that has the keyboard focus, as Space does
                # (outside a dialog Qt only answers Space).
                button.setAutoDefault(True)
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._built[index] = built
        return self._built[index]

    def _show_index(self, index: int) -> None:
        if 0 <= index < len(self.specs):
            self.stack.setCurrentWidget(self.workspace(index))

    def show_current(self) -> None:
        """Build and show the selected workspace (start-up defers this past the first paint),
        and remember where the file dialogs were last."""
        folder = self._state_file().value("files/last_folder")
        if isinstance(folder, str) and folder:
            dialogs.remember_folder(folder)
        self._show_index(self.navigation.currentRow())

    def workspace_titles(self) -> list[str]:
        return [self.t(spec.title_key) for spec in self.specs]

    def show_workspace(self, index: int) -> Workspace:
        self.navigation.setCurrentRow(index)  # shows it, unless it was the current row already
        self._show_index(index)
        return self.workspace(index)
