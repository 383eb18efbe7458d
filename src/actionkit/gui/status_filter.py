"""The status filter People and the print studio share: everyone, everyone in prison
now (every status in IMPRISONED_STATUSES), or one status; and the search behind it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from actionkit.core.dataset import IMPRISONED_STATUSES, STATUSES, Filters, LoadedDataset
from actionkit.gui.i18n import Translator

IMPRISONED = "imprisoned"  # the entry for every status that means "in prison now"


class StatusFilter(QComboBox):
    def __init__(self, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        # As wide as its longest entry in the UI language (recomputed on a switch), so
        # "Currently imprisoned" is never cut to "Currently impr…".
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:
        """The entries in the UI language, keeping what was chosen."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.t("people.all_statuses"), None)
        self.addItem(self.t("people.imprisoned_now"), IMPRISONED)
        for status in STATUSES:
            self.addItem(self.t(f"status.{status}"), status)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)

    def allowed(self, loaded: LoadedDataset, query: str) -> set[str] | None:
        """The ids the search and this filter leave in; None when nothing filters."""
        status = self.currentData()
        if not query.strip() and status is None:
            return None
        statuses = IMPRISONED_STATUSES if status == IMPRISONED else {status}
        filters = Filters(statuses=frozenset(statuses)) if status else None
        return {p.id for p in loaded.index.search(query.strip(), filters)}
