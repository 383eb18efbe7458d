"""Possible duplicates after a merge, for the user to decide: each pair's two signers
side by side (plain text), with "Same person", "Different people" or "Decide later".
Applying merges again with the decisions (the workspace runs it in a worker)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.signatures.merge_decide import DIFFERENT, SAME, Pair
from actionkit.core.signatures.merge_read import ROW_FIELDS, Row
from actionkit.gui.i18n import Translator, isolated

LATER = ""


def side_text(t: Translator, row: Row) -> str:
    """One signer of a pair as plain lines: who, email, city, consent, where from."""
    values = dict(zip(ROW_FIELDS, map(str, row), strict=False))
    who = " ".join(v for v in (values["first_name"], values["last_name"]) if v)
    consent = t("merge.consent_yes") if values["consent"] == "yes" else t("merge.consent_no")
    where = values["source_file"]
    if values["sheet"]:
        where = t(
            "merge.where", file=values["source_file"], sheet=values["sheet"], row=values["row"]
        )
    lines = [
        who or t("merge.no_name"),
        values["email"] or t("merge.no_email"),
        values["city"],
        consent,
        isolated(where),
    ]
    return "\n".join(line for line in lines if line)


class PairRow(QFrame):
    """One pair: the two signers, and the three choices."""

    def __init__(self, t: Translator, pair: Pair, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pair = pair
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        for column, row in enumerate((pair.first, pair.second)):
            label = QLabel(side_text(t, row))
            label.setTextFormat(Qt.TextFormat.PlainText)  # names are never markup
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label, 0, column)
        reason = QLabel(f"{t('merge.reason_' + _reason_key(pair.reason))}  ·  {pair.id}")
        reason.setObjectName("hint")
        reason.setTextFormat(Qt.TextFormat.PlainText)
        reason.setWordWrap(True)
        layout.addWidget(reason, 1, 0, 1, 2)
        choices = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.same = QRadioButton(t("merge.same"))
        self.different = QRadioButton(t("merge.different"))
        self.later = QRadioButton(t("merge.later"))
        for button in (self.same, self.different, self.later):
            self.group.addButton(button)
            choices.addWidget(button)
        choices.addStretch(1)
        self.later.setChecked(True)
        layout.addLayout(choices, 2, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)

    def decision(self) -> str:
        if self.same.isChecked():
            return SAME
        if self.different.isChecked():
            return DIFFERENT
        return LATER


def _reason_key(reason: str) -> str:
    return "several" if "more than one" in reason else "emails"


class MergeDecisionsDialog(QDialog):
    """Every pending pair; OK merges again with what was decided."""

    def __init__(self, t: Translator, pairs: Sequence[Pair], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("merge.decide_title"))
        self.setMinimumSize(640, 420)
        intro = QLabel(t("merge.decide_intro", pairs=len(pairs)))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.rows = [PairRow(t, pair) for pair in pairs]
        inner = QWidget()
        listed = QVBoxLayout(inner)
        for row in self.rows:
            listed.addWidget(row)
        listed.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(t("merge.apply"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("merge.decide_later"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

    def decisions(self) -> dict[str, str]:
        """Pair id -> same/different, for the pairs decided (the rest wait)."""
        return {row.pair.id: d for row in self.rows if (d := row.decision()) != LATER}
