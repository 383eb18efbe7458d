"""The Totals tab of Events & signatures: the sentence people read first, a table
per event, city or day, and a bar chart (consented and not, stacked).

The figures come from `core.signatures.totals.store_totals` (SQL aggregates:
100,000 rows take about a tenth of a second). While the tab is hidden a change
only marks the figures out of date; they are counted again when it is shown.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.totals import Figures, Totals, store_totals, typed_on_paper
from actionkit.core.text.dates import format_date
from actionkit.gui.date_picker import date_locale
from actionkit.gui.i18n import Translator

# The same colours as the Summary sheet's chart in exports.
CONSENTED_COLOUR = "#2E7D32"
NOT_CONSENTED_COLOUR = "#B0BEC5"
GROUPS = ("event", "city", "day")
# The table's figure columns, by their header's key.
COLUMNS = (
    "totals.signatures",
    "totals.consented",  # "16 (64%)": the count and its share, one column
    "totals.this_week",
    "totals.typed",
    "totals.paper",
    "totals.to_type",
)
_QT_LANGUAGES = {
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
    "fa": QLocale(QLocale.Language.Persian, QLocale.Country.Iran),
    "es": QLocale(QLocale.Language.Spanish, QLocale.Country.Spain),
    "de": QLocale(QLocale.Language.German, QLocale.Country.Germany),
    "fr": QLocale(QLocale.Language.French, QLocale.Country.France),
}


def whole_step(highest: int) -> int:
    """A step between the value axis's lines: whole signatures (1, 2, 5, 10, 20, 50...),
    at most four lines up to `highest` (the chart may be short)."""
    step = 1
    while highest / step > 4:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if highest / step <= 4:
                break
    return step


class Numbers:
    """Numbers and percentages as the interface language writes them (1,240; 1.240;
    1 240; ۱٬۲۴۰ and 61%, 61 %, ۶۱٪)."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self.locale = _QT_LANGUAGES.get(t.language, _QT_LANGUAGES["en"])

    def count(self, value: int) -> str:
        return self.locale.toString(value)

    def share(self, fraction: float) -> str:
        return self.t("totals.percent", n=self.count(round(fraction * 100)))


class TotalsView(QWidget):
    def __init__(self, store: SignatureStore, t: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.t = store, t
        self.totals: Totals | None = None
        self.stale = True
        self.headline = QLabel()
        self.headline.setObjectName("totalsHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("hint")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.group_label = QLabel()
        self.group = QComboBox()
        self.group_label.setBuddy(self.group)
        for _ in GROUPS:
            self.group.addItem("")
        self.group.currentIndexChanged.connect(lambda _: self._show_group())
        self.model = QStandardItemModel(0, len(COLUMNS) + 1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(False)
        self._size_columns()
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        # One series and two axes for the page's life; each count refills them.
        self.series = QStackedBarSeries()
        self.chart.addSeries(self.series)
        self.categories = QBarCategoryAxis()
        self.values = QValueAxis()
        self.values.setLabelFormat("%.0f")
        self.values.setTickType(QValueAxis.TickType.TicksDynamic)
        self.values.setTickAnchor(0)
        self.chart.addAxis(self.categories, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.values, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.categories)
        self.series.attachAxis(self.values)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        choose = QHBoxLayout()
        choose.addWidget(self.group_label)
        choose.addWidget(self.group)
        choose.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart_view)
        split.setChildrenCollapsible(False)
        split.setSizes([200, 270])
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addLayout(choose)
        layout.addWidget(split, 1)
        self.retranslate()

    # What the page shows --------------------------------------------------------------

    def set_store(self, store: SignatureStore) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        """Count again now if the tab is shown; else when it is next shown."""
        self.stale = True
        if self.isVisible():
            self.show_totals(store_totals(self.store))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.show_totals(store_totals(self.store))

    def show_totals(self, totals: Totals) -> None:
        self.totals = totals
        self.stale = False
        self._show_words()
        self._show_group()

    def retranslate(self) -> None:
        t = self.t
        self.numbers = Numbers(t)
        self.group_label.setText(t("totals.per"))
        for index, key in enumerate(GROUPS):
            self.group.setItemText(index, t(f"totals.per_{key}"))
        self.group.setAccessibleName(t("totals.per"))
        self.chart_view.setAccessibleName(t("totals.chart"))
        direction = Qt.LayoutDirection.RightToLeft if t.rtl else Qt.LayoutDirection.LeftToRight
        self.chart.setLocale(self.numbers.locale)
        self.chart.setLocalizeNumbers(True)
        self.chart_view.setLayoutDirection(direction)
        # Right to left, the chart reads from the right: the first bar and the value
        # axis on the right (Qt's charts do not mirror themselves).
        side = Qt.AlignmentFlag.AlignRight if t.rtl else Qt.AlignmentFlag.AlignLeft
        self.chart.legend().setAlignment(
            Qt.AlignmentFlag.AlignLeft if t.rtl else Qt.AlignmentFlag.AlignRight
        )
        if self.values.alignment() != side:
            self.chart.removeAxis(self.values)
            self.chart.addAxis(self.values, side)
            self.series.attachAxis(self.values)
        if self.totals is not None:
            self._show_words()
            self._show_group()

    # The words and the table ----------------------------------------------------------

    def headline_text(self, totals: Totals) -> str:
        """The first sentence: signatures, cities, events, consent and this week."""
        t, n = self.t, self.numbers
        total = totals.total

        def counted(key: str, value: int) -> str:
            return t(f"totals.{key}_{'one' if value == 1 else 'many'}", n=n.count(value))

        return t(
            "totals.headline",
            signatures=counted("signatures", total.signatures),
            cities=counted("cities", totals.cities),
            events=counted("events", total.events),
            share=n.share(total.consented_share),
            week="+" + n.count(total.this_week),
        )

    def details_text(self, totals: Totals) -> str:
        """Paper against typed, and duplicates."""
        t, n = self.t, self.numbers
        total = totals.total
        if total.paper is None:
            paper = t("totals.no_paper", typed=n.count(total.typed))
        else:
            paper = t(
                "totals.on_paper",
                paper=n.count(total.paper),
                typed=n.count(typed_on_paper(totals)),
                to_type=n.count(total.to_type),
            )
        duplicates = t(
            "totals.duplicates",
            decided=n.count(totals.decided),
            pending=n.count(totals.pending),
        )
        return f"{paper} {duplicates}"

    def _show_words(self) -> None:
        if self.totals is None:
            return
        if not self.totals.by_event:
            self.headline.setText(self.t("totals.nothing_yet"))
            self.details.setText("")
            return
        self.headline.setText(self.headline_text(self.totals))
        self.details.setText(self.details_text(self.totals))

    def group_name(self) -> str:
        return GROUPS[max(self.group.currentIndex(), 0)]

    def _rows(self) -> tuple[Figures, ...]:
        if self.totals is None:
            return ()
        return {
            "event": self.totals.by_event,
            "city": self.totals.by_city,
            "day": self.totals.by_day,
        }[self.group_name()]

    def label_of(self, figures: Figures) -> str:
        """An event's name, a city, or a day in the user's form ("no date")."""
        group = self.group_name()
        if group == "day":
            if not figures.key:
                return self.t("totals.no_date")
            return format_date(figures.key, date_locale(self.t.language))
        if group == "city":
            return figures.key or self.t("totals.no_city")
        return figures.label or figures.key

    def _show_group(self) -> None:
        t, n = self.t, self.numbers
        self.model.clear()
        self.model.setColumnCount(len(COLUMNS) + 1)
        first = f"totals.per_{self.group_name()}"
        self.model.setHorizontalHeaderLabels([t(first), *(t(key) for key in COLUMNS)])
        self._size_columns()  # clearing the model forgot each column's mode
        rows = self._rows()
        for figures in rows:
            values = [
                n.count(figures.signatures),
                t(
                    "totals.count_share",
                    count=n.count(figures.consented),
                    share=n.share(figures.consented_share),
                ),
                n.count(figures.this_week),
                n.count(figures.typed),
                "" if figures.paper is None else n.count(figures.paper),
                "" if figures.paper is None else n.count(figures.to_type),
            ]
            cells = [QStandardItem(self.label_of(figures))]
            for value in values:
                cell = QStandardItem(value)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cells.append(cell)
            self.model.appendRow(cells)
        self._show_chart(rows)

    def _size_columns(self) -> None:
        """The figures as wide as they need; the name column takes the rest of the row."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _show_chart(self, rows: tuple[Figures, ...]) -> None:
        t = self.t
        self.chart.setTitle(t(f"totals.chart_{self.group_name()}"))
        self.series.clear()
        consented = QBarSet(t("totals.consented"))
        consented.setColor(QColor(CONSENTED_COLOUR))
        others = QBarSet(t("totals.not_consented"))
        others.setColor(QColor(NOT_CONSENTED_COLOUR))
        shown = tuple(reversed(rows)) if t.rtl else rows
        for figures in shown:
            consented.append(figures.consented)
            others.append(figures.signatures - figures.consented)
        self.series.append(consented)
        self.series.append(others)
        self.categories.clear()
        self.categories.append([self.label_of(f) for f in shown])
        top = max((f.signatures for f in rows), default=0)
        step = whole_step(top)
        self.values.setRange(0, max(step, -(-top // step) * step))
        self.values.setTickInterval(step)
