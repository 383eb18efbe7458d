"""Choosing the languages pieces are printed in, by their names, first one leading."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from actionkit.core.print import wording
from actionkit.gui.i18n import Translator


def language_name(code: str) -> str:
    """A print language by its own name ("Deutsch", "فارسی"); the code if it has no wording."""
    if code in wording.available_languages():
        return wording.phrase(code, "language_name")
    return code


class PrintLanguages:
    """Two lists of language names for a form: the first language, and an optional second.

    Pieces use at most two languages, the first leading; `languages()` gives the
    chosen codes in that order (what settings.json keeps). The second list never offers
    the first language: picking as first the language that was second makes the second
    "none". The form adds the two combo boxes as rows under `settings.print_first` and
    `settings.print_second`."""

    def __init__(self, chosen: list[str], t: Translator) -> None:
        self.t = t
        self.codes = list(wording.available_languages())
        self.codes += [c for c in chosen if c not in self.codes]  # kept, even without wording
        self.first = QComboBox()
        self.second = QComboBox()
        for code in self.codes:
            self.first.addItem(language_name(code), code)
        first = chosen[0] if chosen else "en"
        self.first.setCurrentIndex(max(self.first.findData(first), 0))
        self._offer_second(chosen[1] if len(chosen) > 1 else "")
        self.first.currentIndexChanged.connect(
            lambda: self._offer_second(self.second.currentData())
        )

    def _offer_second(self, wanted: str) -> None:
        """Every language but the first, after "none"; `wanted` stays chosen if offered."""
        first = self.first.currentData()
        self.second.blockSignals(True)
        self.second.clear()
        self.second.addItem(self.t("settings.print_none"), "")
        for code in self.codes:
            if code != first:
                self.second.addItem(language_name(code), code)
        self.second.setCurrentIndex(max(self.second.findData(wanted), 0))
        self.second.blockSignals(False)

    def retranslate(self) -> None:
        self.second.setItemText(0, self.t("settings.print_none"))

    def languages(self) -> list[str]:
        first = str(self.first.currentData() or "en")
        second = str(self.second.currentData() or "")
        return [first, second] if second and second != first else [first]
