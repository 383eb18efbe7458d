"""How a merge is written: its file (the name's extension decides xlsx or CSV), the
column layout (an export preset, or the merge's own), and whether only those who
agreed to be contacted go in. Looks like the export dialog."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from actionkit.gui.i18n import Translator, isolated


@dataclass(frozen=True)
class MergeChoice:
    """What the user chose; plain data for the merge job."""

    preset: str | None  # None: the merge's own columns, with where each signer came from
    format: str  # "xlsx" or "csv", from the file's name
    consented_only: bool


def merge_format(target: Path) -> str:
    return "csv" if target.suffix.casefold() == ".csv" else "xlsx"


class MergeOptionsDialog(QDialog):
    """The file the merge writes (said, with what it holds), the layout, and consent."""

    def __init__(
        self,
        t: Translator,
        target: Path,
        presets: Mapping[str, tuple[str, bool]],  # name -> (label, takes only the consented)
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.t, self.target, self.presets = t, target, presets
        self.setWindowTitle(t("merge.options_title"))
        self.setMinimumWidth(480)
        kind = t(f"merge.kind_{merge_format(target)}")
        self.written = QLabel(t("merge.write_to", file=isolated(target.name), kind=kind))
        self.written.setWordWrap(True)
        self.written.setTextFormat(Qt.TextFormat.PlainText)
        self.preset = QComboBox()
        self.preset.addItem(t("merge.own_columns"), "")
        for name, (label, _) in presets.items():
            self.preset.addItem(label, name)
        self.consented_only = QCheckBox(t("sign.consented_only"))
        # Said where the choice is made: a CRM that takes only opted-in people gets
        # only them, whatever the box says.
        self.rule = QLabel(t("merge.preset_consent_rule"))
        self.rule.setObjectName("hint")
        self.rule.setWordWrap(True)
        self.rule.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self)
        form.addRow(self.written)
        form.addRow(t("sign.preset"), self.preset)
        form.addRow(self.consented_only)
        form.addRow(self.rule)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self._preset_changed()

    def _preset_changed(self) -> None:
        name = str(self.preset.currentData() or "")
        forced = bool(name) and self.presets[name][1]
        if forced:
            self.consented_only.setChecked(True)
        self.consented_only.setEnabled(not forced)
        self.rule.setVisible(forced)

    def choice(self) -> MergeChoice:
        return MergeChoice(
            preset=str(self.preset.currentData() or "") or None,
            format=merge_format(self.target),
            consented_only=self.consented_only.isChecked(),
        )
