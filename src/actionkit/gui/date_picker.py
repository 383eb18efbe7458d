"""A calendar to pick an event's date, beside the field where it can be typed.

The field and the calendar agree: the calendar opens on the date typed (when it
is one), and the picked date is written back in the form the user types
(`core.text.dates.format_date`). In Farsi the calendar is the Solar Hijri one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QDate, QLocale, Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.text.dates import DateError, format_date, parse_date
from actionkit.gui.i18n import Translator

# The interface language's own locale, for the calendar's month and day names.
_QT_LANGUAGES = {
    "en": QLocale.Language.English,
    "fa": QLocale.Language.Persian,
    "es": QLocale.Language.Spanish,
    "de": QLocale.Language.German,
    "fr": QLocale.Language.French,
}


def date_locale(language: str) -> str:
    """The interface language with the region Qt knows ('en_GB'): the region
    decides whether an English date is day or month first."""
    code = QLocale.territoryToCode(QLocale().territory())
    return f"{language}_{code}" if code else language


class DatePickerDialog(QDialog):
    """A month calendar: arrows move, Enter picks, Escape leaves the field as it was."""

    def __init__(self, t: Translator, typed: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.date_locale = date_locale(t.language)
        self.setWindowTitle(t("event.pick_date_help"))
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(QLocale(_QT_LANGUAGES.get(t.language, QLocale.Language.English)))
        if t.language == "fa":  # Iran's calendar, week (from Saturday) and weekend (Friday)
            self.calendar.setLocale(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
            self.calendar.setCalendar(QCalendar(QCalendar.System.Jalali))
        if t.rtl:
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        # Qt marks Saturday and Sunday whatever the locale; mark the locale's own days off.
        working = set(self.calendar.locale().weekdays())
        for day in Qt.DayOfWeek:
            text = QTextCharFormat()
            if day not in working:
                text.setForeground(QColor("#c0392b"))
            self.calendar.setWeekdayTextFormat(day, text)
        self.calendar.setGridVisible(True)
        self.calendar.setMinimumWidth(340)  # room for every short day name ("Mo.")
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        try:
            start = dt.date.fromisoformat(parse_date(typed, self.date_locale))
        except DateError:
            start = dt.date.today()
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.activated.connect(self.accept)  # Enter or a double click
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)
        self.calendar.setFocus()

    def picked(self) -> str:
        """The selected day as the user would type it."""
        day = self.calendar.selectedDate()
        return format_date(
            dt.date(day.year(), day.month(), day.day()).isoformat(), self.date_locale
        )
