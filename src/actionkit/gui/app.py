"""Start the desktop app: QApplication, fonts, stylesheet, settings, main window."""

from __future__ import annotations

import json
import re
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from actionkit import APP_ID, APP_NAME, get_version
from actionkit.core.assets import asset_path, font_path
from actionkit.core.paths import AppPaths
from actionkit.core.settings import load_settings
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator, install_qt_translations
from actionkit.gui.main_window import MainWindow

if TYPE_CHECKING:
    from actionkit.core.signatures.lock import Recovery

UI_FONT_ROLES = ("regular", "bold")


def _load_fonts() -> str | None:
    family = None
    for role in UI_FONT_ROLES:
        font_id = QFontDatabase.addApplicationFont(str(font_path(role)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    return family


def create_application() -> QApplication:
    """The one QApplication, set up with ActionKit's identity, fonts and styles."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    family = _load_fonts()
    if family:
        font = QFont(family)
        font.setPointSizeF(10.5)
        app.setFont(font)
    dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    app.setStyleSheet(stylesheet(dark=dark))
    return app


def stylesheet(*, dark: bool) -> str:
    """app.qss with its @colour names filled in from the light or dark palette."""
    palettes = json.loads(asset_path("styles", "palettes.json").read_text(encoding="utf-8"))
    colours: dict[str, str] = palettes["dark" if dark else "light"]
    colours = {**colours, "icons": asset_path("icons").as_posix()}
    template = asset_path("styles", "app.qss").read_text(encoding="utf-8")
    return re.sub(r"@([a-z_0-9]+)", lambda m: colours.get(m.group(1), m.group(0)), template)


def run_gui(paths: AppPaths, *, smoke_test: bool = False) -> int:
    """Open the main window and run until it closes; the process exit status.

    The window holds the profile while it is open. Started while another
    process has the profile, it says which one and quits (status 1)."""
    from actionkit.core.profile_lock import ProfileInUse, acquire, release

    app = create_application()
    loaded = load_settings(paths.settings_file)
    install_qt_translations(app, loaded.settings.ui_language)  # OK, Cancel, file dialogs
    try:
        acquire(paths.data_dir, "the ActionKit app")
    except ProfileInUse as exc:
        t = Translator(loaded.settings.ui_language)
        dialogs.warn(None, t("error.title"), t.error(exc))
        return 1
    try:
        recovered = _finish_interrupted_lock(paths)
        window = MainWindow(paths=paths, settings=loaded.settings, notices=loaded.notices)
        window.restore_geometry()
        window.show()
        shown_at: list[float] = []
        if smoke_test:
            # Zero-delay timers run in order: stamp the shown window first, then
            # let the deferred start-up work run, then check and exit.
            QTimer.singleShot(0, lambda: shown_at.append(time.time()))
        # Work the first paint does not need waits until the window is on screen.
        QTimer.singleShot(
            0, lambda: _after_first_paint(app, window, welcome=not smoke_test, recovered=recovered)
        )
        if smoke_test:
            QTimer.singleShot(0, lambda: _finish_smoke_test(app, window, shown_at[0]))
        return app.exec()
    finally:
        release(paths.data_dir)


def _finish_interrupted_lock(paths: AppPaths) -> Recovery | None:
    """Finish or undo a lock or passphrase change that was cut short (a crash, a
    power cut) before anything opens the store; what happened is told once shown."""
    from actionkit.core.signatures.store_files import STORE_FILE, interrupted

    store = paths.data_dir / STORE_FILE
    if not interrupted(store):  # the usual start: no SQLCipher loaded before the window
        return None
    from actionkit.core.signatures.lock import recover_interrupted

    return recover_interrupted(store)


def _after_first_paint(
    app: QApplication,
    window: MainWindow,
    *,
    welcome: bool = True,
    recovered: Recovery | None = None,
) -> None:
    window.show_current()
    if recovered is not None:
        dialogs.inform(window, window.t("lock.title"), window.t(recovered.key))
    window.start_idle_lock()
    if welcome and not window.settings.welcome_done:
        window.welcome()
    version = get_version()
    app.setApplicationVersion(version)
    app.setWindowIcon(QIcon(str(asset_path("icons", "actionkit.svg"))))
    window.set_version(version)


def _finish_smoke_test(app: QApplication, window: MainWindow, shown_at: float) -> None:
    shown = window.isVisible() and not window.grab().isNull()
    # The benchmark reads this wall-clock stamp to time start-up from outside.
    print(f"window shown: {shown} at {shown_at:.6f}", flush=True)
    app.exit(0 if shown else 1)
