"""Exports as the user sees them: the dialog (what to export, how to protect it), the
file name it ends up in, and the log of what left this computer (never the data)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from actionkit.gui.i18n import Translator, isolated


@dataclass(frozen=True)
class ExportChoice:
    """What the user chose in the export dialog; plain data for the export job."""

    preset: str
    kind: str  # "xlsx" or "csv"
    consented_only: bool
    password: str | None
    seal_to: str | None
    delimiter: str | None = None  # CSV only: ",", ";" or tab

    def suffix(self) -> str:
        if self.kind == "csv":
            return ".csv"
        return ".xlsx.age" if self.seal_to else ".xlsx"


EXPORT_ENDINGS = (".xlsx.age", ".xlsx", ".csv")


def with_suffix(path: str, suffix: str) -> Path:
    """`path` ending in `suffix` ('.xlsx.age'): only the missing part is added, so a
    name typed as 'signers' or 'signers.xlsx' both become 'signers.xlsx.age'. The format
    chosen in the dialog decides: another format's ending is replaced ('koeln.xlsx' for
    a CSV export becomes 'koeln.csv'), so a file's name never says another format."""
    parts = [f".{p}" for p in suffix.strip(".").split(".")]
    for keep in range(len(parts), 0, -1):
        if path.lower().endswith("".join(parts[:keep])):
            return Path(path + "".join(parts[keep:]))
    other = next((e for e in EXPORT_ENDINGS if path.lower().endswith(e)), "")
    return Path(path[: len(path) - len(other)] + suffix)


def csv_delimiters(config_dir: Path, ui_language: str) -> dict[str, str]:
    """Each preset's default CSV delimiter: a comma for a CRM preset (what CRMs document);
    for a spreadsheet preset the one the user's Excel or LibreOffice splits on, from the
    system's regional format (Qt reads it on every platform), else the UI language."""
    from PySide6.QtCore import QLocale

    from actionkit.core.signatures.csv_write import csv_locale, default_delimiter
    from actionkit.core.signatures.export import load_presets

    spreadsheet = default_delimiter(csv_locale(QLocale.system().name(), ui_language))
    return {
        name: spreadsheet if preset.formulas == "guard" else ","
        for name, preset in load_presets(config_dir).items()
    }


DELIMITER_WORDS = (
    (",", "sign.delimiter_comma"),
    (";", "sign.delimiter_semicolon"),
    ("\t", "sign.delimiter_tab"),
)


def isolated_path(path: str | Path) -> str:
    """A file path inside a translated sentence, kept left to right in one piece."""
    return isolated(str(path))


def preset_label(t: Translator, name: str, label: str) -> str:
    """A preset by its label: the UI's words for a bundled one, else the preset's own."""
    key = f"sign.preset_{name}"
    words = t(key)
    return label if words == key else words


def filters_text(t: Translator, logged: str, labels: Mapping[str, str]) -> str:
    """An export log's filters ('event=x; consented_only=no; preset=crm') in words."""
    from actionkit.core.signatures.export import read_filters

    filters = read_filters(logged)
    if not filters:
        return logged
    event = filters.get("event", "all")
    preset = filters.get("preset", "")
    return t(
        "log.filters_text",
        event=t("log.all_events") if event == "all" else isolated(event),
        consent=t("log.consent_only")
        if filters.get("consented_only") == "yes"
        else t("log.consent_all"),
        preset=labels.get(preset, preset),
    )


def formulas_flagged_text(t: Translator, cells: Sequence[Any], limit: int = 12) -> str:
    """The values a CRM preset flagged, by where they are (never what they hold)."""
    lines = [
        t("sign.formula_at_row", line=c.line, column=c.column, sheet=isolated(c.sheet), row=c.row)
        if c.sheet
        else t("sign.formula_at", line=c.line, column=c.column)
        for c in cells[:limit]
    ]
    if len(cells) > limit:
        lines.append(t("error.more", count=len(cells) - limit))
    return "\n".join([t("sign.formulas_flagged", count=len(cells)), *lines])


class ExportDialog(QDialog):
    """Column layout, format, consent filter, sealing, and a password typed twice."""

    def __init__(
        self,
        t: Translator,
        presets: Mapping[str, str],  # name -> label, shown in the UI's words
        parent: QWidget | None = None,
        centre_key: str = "",
        kind: str = "xlsx",  # the format chosen last time
        event: str = "",  # what is exported, in words: the event's name and date
        delimiters: Mapping[str, str] | None = None,  # preset -> its default CSV delimiter
    ) -> None:
        super().__init__(parent)
        self.t, self.centre_key = t, centre_key
        self.delimiters = dict(delimiters or {})
        self.delimiter_chosen = False  # once the user picks one, a preset change keeps it
        self.setWindowTitle(t("sign.export"))
        self.setMinimumWidth(460)
        self.preset = QComboBox()
        for name, label in presets.items():
            self.preset.addItem(label, name)
        self.format = QComboBox()
        self.format.addItem("xlsx", "xlsx")
        self.format.addItem("csv", "csv")
        self.delimiter = QComboBox()
        for delimiter, key in DELIMITER_WORDS:
            self.delimiter.addItem(t(key), delimiter)
        self.delimiter_label = QLabel(t("sign.delimiter"))
        # Said where CSV is chosen: a spreadsheet opening a CSV takes 01067 for a number.
        self.csv_hint = QLabel(t("sign.csv_postcodes"))
        self.csv_hint.setObjectName("hint")
        self.csv_hint.setWordWrap(True)
        self.csv_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.consented_only = QCheckBox(t("sign.consented_only"))
        self.seal = QCheckBox(t("sign.seal"))
        self.seal.setEnabled(bool(centre_key))
        self.seal.setChecked(bool(centre_key))
        self.seal.setToolTip(t("sign.no_centre_key") if not centre_key else "")
        # Said where the choice is made: a seal hides the file, it does not sign it.
        self.seal_limit = QLabel(t("sign.seal_tip"))
        self.seal_limit.setObjectName("hint")
        self.seal_limit.setWordWrap(True)
        self.seal_limit.setTextFormat(Qt.TextFormat.PlainText)
        self.seal_limit.setVisible(bool(centre_key))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(t("sign.password_hint"))
        self.password.setAccessibleName(t("sign.password"))
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName(t("sign.password_again"))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        # Said, not done silently: switching to CSV empties a typed password.
        self.note = QLabel()
        self.note.setObjectName("notice")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        what = event or t("sign.export_all_events")
        self.exported_what = QLabel(t("sign.export_event", event=what))
        self.exported_what.setWordWrap(True)
        self.exported_what.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self)
        form.addRow(self.exported_what)
        form.addRow(t("sign.preset"), self.preset)
        form.addRow(t("sign.format"), self.format)
        form.addRow(self.delimiter_label, self.delimiter)
        form.addRow(self.csv_hint)
        self.form = form
        form.addRow(self.consented_only)
        form.addRow(self.seal)
        form.addRow(self.seal_limit)
        self.password_label = QLabel(t("sign.password"))
        self.again_label = QLabel(t("sign.password_again"))
        form.addRow(self.password_label, self.password)
        form.addRow(self.again_label, self.password_again)
        form.addRow(self.note)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.format.setCurrentIndex(max(0, self.format.findData(kind)))
        self.format.currentIndexChanged.connect(self._format_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.delimiter.activated.connect(self._delimiter_picked)
        self._preset_changed()
        self.password.textChanged.connect(self.problem.hide)
        self.password_again.textChanged.connect(self.problem.hide)
        self._format_changed()

    def kind(self) -> str:
        return str(self.format.currentData())

    def _preset_changed(self) -> None:
        # Each preset's own default (a CRM's comma, a spreadsheet's locale delimiter)
        # until the user picks one.
        if not self.delimiter_chosen:
            default = self.delimiters.get(str(self.preset.currentData()), ",")
            self.delimiter.setCurrentIndex(max(0, self.delimiter.findData(default)))

    def _delimiter_picked(self) -> None:
        self.delimiter_chosen = True

    def _format_changed(self) -> None:
        # A CSV file cannot carry a password or a seal: the fields go grey and empty,
        # so nobody believes a plain-text file is protected.
        xlsx = self.kind() == "xlsx"
        self.form.setRowVisible(self.delimiter, not xlsx)
        self.form.setRowVisible(self.csv_hint, not xlsx)
        for widget in (self.password, self.password_again, self.password_label, self.again_label):
            widget.setEnabled(xlsx)
        self.note.hide()
        if not xlsx:
            if self.password.text() or self.password_again.text():
                self.note.setText(self.t("sign.csv_password_cleared"))
                self.note.show()
            self.password.clear()
            self.password_again.clear()
        self.seal.setEnabled(xlsx and bool(self.centre_key))
        self.seal.setChecked(xlsx and bool(self.centre_key))
        self.seal_limit.setVisible(xlsx and bool(self.centre_key))
        self.problem.hide()

    def passwords_match(self) -> bool:
        return self.password.text() == self.password_again.text()

    def accept(self) -> None:
        if self.kind() == "csv" and (self.password.text() or self.password_again.text()):
            self.problem.setText(self.t("sign.csv_no_password"))
            self.problem.show()
            return
        if self.kind() == "xlsx" and not self.passwords_match():
            self.problem.setText(self.t("sign.password_mismatch"))
            self.problem.show()
            self.password_again.setFocus()
            self.password_again.selectAll()
            return
        super().accept()

    def choice(self) -> ExportChoice:
        xlsx = self.kind() == "xlsx"
        return ExportChoice(
            preset=str(self.preset.currentData()),
            kind=self.kind(),
            consented_only=self.consented_only.isChecked(),
            password=(self.password.text() or None) if xlsx else None,
            seal_to=self.centre_key if xlsx and self.seal.isChecked() and self.centre_key else None,
            delimiter=None if xlsx else str(self.delimiter.currentData()),
        )


LOG_COLUMNS = ("when", "file", "format", "filters", "rows", "protected")


class ExportLogView(QTableView):
    """When, which file, how many rows, protected or sealed; never who."""

    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.shown: tuple[Sequence[Any], Mapping[str, str]] = ((), {})
        self.records = QStandardItemModel(0, len(LOG_COLUMNS))
        self.setModel(self.records)
        self.verticalHeader().hide()
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        # The file name and the filters share what is left, wrapped onto more lines
        # when they are long, so nothing runs off to the side at 1024 px.
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LOG_COLUMNS.index("file"), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LOG_COLUMNS.index("filters"), QHeaderView.ResizeMode.Stretch)
        self.retranslate()

    def retranslate(self) -> None:
        """Headers and cells in the UI's language (the filters and yes/no are words too)."""
        self.records.setHorizontalHeaderLabels([self.t(f"log.{k}") for k in LOG_COLUMNS])
        self.show_records(*self.shown)

    def show_records(self, records: Sequence[Any], labels: Mapping[str, str]) -> None:
        """ExportRecords, newest first; `labels` names the presets in the UI's words."""
        self.shown = (records, labels)
        self.records.removeRows(0, self.records.rowCount())
        for record in reversed(records):
            protected = self.t("log.yes") if record.protected else self.t("log.no")
            filters = filters_text(self.t, record.filters, labels)
            when = isolated(str(record.at).replace("T", " ")[:16])  # to the minute
            values = (when, record.file_name, record.format, filters, record.rows)
            cells = [*(QStandardItem(str(v)) for v in values), QStandardItem(protected)]
            self.records.appendRow(cells)
