"""Message boxes that show text as text, and file dialogs that start in the right place.

QMessageBox guesses whether a string is rich text; a link planted in a merged
workbook, a dataset or a file name would become clickable. Every message the
app shows goes through here, with the text format fixed to plain text. The
boxes are ordinary QMessageBox objects run with `exec()`, so tests answer
them by patching Qt, not these functions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

Icon = QMessageBox.Icon
Button = QMessageBox.StandardButton


def _box(parent: QWidget | None, icon: Icon, title: str, text: str, buttons: Button) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, Icon.Warning, title, text, Button.Ok).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, Icon.Information, title, text, Button.Ok).exec()


def inform_with_folder(
    parent: QWidget | None,
    title: str,
    text: str,
    folder: Path,
    open_text: str,
    *,
    warning: bool = False,
) -> None:
    """A plain-text message with OK and a button that opens `folder` in the file manager
    (where a file the user asked for was written)."""
    box = _box(parent, Icon.Warning if warning else Icon.Information, title, text, Button.Ok)
    open_button = box.addButton(open_text, QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(Button.Ok)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; True only for an explicit Yes."""
    box = _box(parent, Icon.Question, title, text, Button.Yes | Button.No)
    box.setDefaultButton(Button.No)
    return Button(box.exec()) == Button.Yes


# Where files go -------------------------------------------------------------------------
# File dialogs open where the user last saved or opened something (this session, and
# the next: the main window keeps it in window.ini), else in Documents, never in the
# folder the app happened to start from; a save dialog suggests a name.

_LAST_FOLDER = "actionkit_last_folder"


def last_folder() -> str:
    app = QApplication.instance()
    folder = app.property(_LAST_FOLDER) if app is not None else None
    if isinstance(folder, str) and folder and Path(folder).is_dir():
        return folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def remember_folder(path: str | Path) -> None:
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    app = QApplication.instance()
    if app is not None:
        app.setProperty(_LAST_FOLDER, str(folder))


def ask_save_path(parent: QWidget | None, title: str, name_filter: str, suggested: str) -> str:
    """A path to write to ('' if cancelled), starting at the last folder with `suggested`."""
    return ask_save_path_and_type(parent, title, name_filter, suggested)[0]


def ask_save_path_and_type(
    parent: QWidget | None, title: str, name_filter: str, suggested: str
) -> tuple[str, str]:
    """A path to write to ('' if cancelled) and the file type the user picked in the
    dialog ('Excel (*.xlsx)'; '' if the dialog did not say)."""
    start = str(Path(last_folder()) / suggested)
    path, chosen = QFileDialog.getSaveFileName(parent, title, start, name_filter)
    if path:
        remember_folder(path)
    return str(path or ""), str(chosen or "")


def ask_open_paths(parent: QWidget | None, title: str, name_filter: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, last_folder(), name_filter)
    if paths:
        remember_folder(paths[0])
    return [str(p) for p in paths]


def ask_open_path(parent: QWidget | None, title: str, name_filter: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder(), name_filter)
    if path:
        remember_folder(path)
    return str(path or "")


def ask_folder(parent: QWidget | None, title: str) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, last_folder())
    if folder:
        remember_folder(folder)
    return str(folder or "")


def safe_file_name(text: str) -> str:
    """A file name from an event or person name: letters, digits and dashes."""
    kept = "".join(c if c.isalnum() else "-" for c in text.strip().lower())
    return "-".join(part for part in kept.split("-") if part) or "actionkit"
