"""Possible duplicates after a merge, for the user to decide: each pair's two signers
side by side (plain text), with "Same person", "Different people" or "Decide later".
The merges made by name and city alone (a row without email) are listed too, set to
"Same person", so the user can undo one. Decisions that contradict each other (a chain
of "same" joining a pair marked "different") are said in the dialog, which stays open
until they are changed. Applying merges again with the decisions (the workspace runs
it in a worker)."""

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

    def __init__(
        self, t: Translator, pair: Pair, parent: QWidget | None = None, *, automatic: bool = False
    ) -> None:
        super().__init__(parent)
        self.pair = pair
        self.automatic = automatic
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        for column, row in enumerate((pair.first, pair.second)):
            label = QLabel(side_text(t, row))
            label.setTextFormat(Qt.TextFormat.PlainText)  # names are never markup
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label, 0, column)
        why = "automatic" if automatic else _reason_key(pair.reason)
        reason = QLabel(f"{t('merge.reason_' + why)}  ·  {pair.id}")
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
        (self.same if automatic else self.later).setChecked(True)
        self.later.setVisible(not automatic)  # merged already: same or different
        layout.addLayout(choices, 2, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)

    def decision(self) -> str:
        if self.same.isChecked():
            return LATER if self.automatic else SAME  # merged already, by the rule
        if self.different.isChecked():
            return DIFFERENT
        return LATER


def _reason_key(reason: str) -> str:
    return "several" if "more than one" in reason else "emails"


class MergeDecisionsDialog(QDialog):
    """Every pending pair; OK merges again with what was decided."""

    def __init__(
        self,
        t: Translator,
        pairs: Sequence[Pair],
        parent: QWidget | None = None,
        automatic: Sequence[Pair] = (),
    ) -> None:
        super().__init__(parent)
        self.t = t
        self.setWindowTitle(t("merge.decide_title"))
        self.setMinimumSize(640, 420)
        said = []
        if pairs:
            said.append(t("merge.decide_intro", pairs=len(pairs)))
        if automatic:
            said.append(t("merge.decide_automatic", merged=len(automatic)))
        intro = QLabel("\n\n".join(said))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.rows = [PairRow(t, pair) for pair in pairs]
        self.rows += [PairRow(t, pair, automatic=True) for pair in automatic]
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
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        """Merge again, unless the decisions contradict each other: then say which."""
        clash = self.contradiction()
        if clash:
            self.problem.setText(clash)
            self.problem.show()
            return
        self.problem.hide()
        super().accept()

    def contradiction(self) -> str:
        """The pairs marked "same" that join the two signers of a pair marked
        "different", in words; "" when the decisions agree."""
        parent: dict[Row, Row] = {}

        def find(side: Row) -> Row:
            while side in parent:
                side = parent[side]
            return side

        joins: list[tuple[Row, str]] = []
        for row in self.rows:
            if row.same.isChecked():  # a merge by name and city joins its sides too
                first, second = find(row.pair.first), find(row.pair.second)
                if first != second:
                    parent[second] = first
                joins.append((row.pair.first, row.pair.id))
        for row in self.rows:
            if not row.different.isChecked():
                continue
            root = find(row.pair.first)
            if root != find(row.pair.second):
                continue
            chain = [name for side, name in joins if find(side) == root]
            return self.t("merge.contradiction", pairs=", ".join(chain), different=row.pair.id)
        return ""

    def decisions(self) -> dict[str, str]:
        """Pair id -> same/different, for the pairs decided (the rest wait)."""
        return {row.pair.id: d for row in self.rows if (d := row.decision()) != LATER}
