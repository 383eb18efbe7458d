"""The Totals tab of Events & signatures: the sentence, the table per event, city or
day, and the chart (consented and not, stacked), in English and in Farsi; typing a
row in counts it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QBarCategoryAxis, QStackedBarSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actionkit.core.paths import AppPaths
from actionkit.core.settings import load_settings, save_settings
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.gui.workspaces.signatures import SignaturesWorkspace
from actionkit.gui.workspaces.totals import TotalsView
from tests.gui.test_main_window import make_window
from tests.gui.test_signatures_journey import replace_text, type_text


def seed(paths: AppPaths) -> str:
    """Köln today: 3 rows (2 consented), 4 on paper; Bonn 10 days ago: 1 row, not consented.
    Returns Köln's sheet id."""
    today = dt.date.today()
    with SignatureStore.open(paths) as store:
        koln = store.create_event("Rally", today.isoformat(), city="Köln")
        bonn = store.create_event("Vigil", (today - dt.timedelta(days=10)).isoformat(), city="Bonn")
        (koln_sheet,) = store.create_sheets(koln.slug, ("de",), 1)
        (bonn_sheet,) = store.create_sheets(bonn.slug, ("de",), 1)
        for row, consent in ((1, True), (2, True), (3, False)):
            store.add_row(
                koln_sheet.id,
                row,
                SignerInput(first_name=f"K{row}", email=f"k{row}@example.org", consent=consent),
            )
        store.set_paper_count(koln_sheet.id, 4)
        store.add_row(bonn_sheet.id, 1, SignerInput(first_name="B1", email="b1@example.org"))
        return koln_sheet.id


def open_totals(qtbot: QtBot, page: SignaturesWorkspace) -> TotalsView:
    """The Totals tab, opened by clicking it."""
    bar = page.tabs.tabBar()
    index = page.tabs.indexOf(page.totals)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert page.tabs.currentWidget() is page.totals
    return page.totals


def bars(view: TotalsView) -> tuple[list[str], list[float], list[float]]:
    """The chart as drawn: categories, consented and not-consented bar heights."""
    (series,) = view.chart.series()
    assert isinstance(series, QStackedBarSeries)
    consented, others = series.barSets()
    (axis,) = [a for a in view.chart.axes() if isinstance(a, QBarCategoryAxis)]
    count = consented.count()
    return (
        axis.categories(),
        [consented.at(i) for i in range(count)],
        [others.at(i) for i in range(count)],
    )


def table(view: TotalsView) -> list[list[str]]:
    model = view.model
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    columns = range(model.columnCount())
    rows = [[model.item(r, c).text() for c in columns] for r in range(model.rowCount())]
    return [header, *rows]


def test_the_totals_tab_shows_the_sentence_the_table_and_the_chart(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    sheet_id = seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    view = open_totals(qtbot, page)

    assert view.headline.text() == (
        "4 signatures from 2 cities (2 events), 50% agreed to be contacted; this week +3"
    )
    assert view.details.text() == (
        "On paper 4, typed in 3 (1 still to type). "
        "Possible duplicates: 0 decided, 0 still to decide."
    )
    rows = table(view)
    assert rows[0][:4] == ["Event", "Signatures", "Contact OK", "This week"]
    assert [r[:4] for r in rows[1:]] == [
        ["Vigil", "1", "0 (0%)", "0"],
        ["Rally", "3", "2 (67%)", "3"],
    ]
    assert bars(view) == (["Vigil", "Rally"], [0.0, 2.0], [1.0, 1.0])
    assert view.chart.title() == "Signatures per event"

    # Per day: the chart follows the choice.
    qtbot.keyClick(view.group, Qt.Key.Key_End)
    assert view.group.currentText() == "Day"
    categories, consented, _ = bars(view)
    assert len(categories) == 2 and consented == [0.0, 2.0]
    assert view.chart.title() == "Signatures per day"

    # A row typed in on the typing tab is counted when Totals is shown again.
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    typist = page.transcriber
    replace_text(qtbot, typist.sheet_id, sheet_id)
    qtbot.keyClick(typist.sheet_id, Qt.Key.Key_Return)
    assert typist.sheet is not None
    type_text(typist.fields["first_name"], "Neu")  # row 4, the next on the sheet
    qtbot.keyClick(typist.fields["city"], Qt.Key.Key_Return)  # on to consent...
    qtbot.keyClick(typist.consent, Qt.Key.Key_Return)  # ...where Enter saves
    qtbot.waitUntil(lambda: typist.rows.rowCount() == 4)
    open_totals(qtbot, page)
    assert view.headline.text().startswith("5 signatures from 2 cities")
    assert "typed in 4 (0 still to type)" in view.details.text()

    window.grab().save(str(app_paths.data_dir / "totals-en.png"))


def test_the_totals_tab_in_farsi_reads_right_to_left_with_persian_numbers(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    seed(app_paths)
    loaded = load_settings(app_paths.settings_file).settings
    loaded.ui_language = "fa"
    save_settings(loaded, app_paths.settings_file)
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    view = open_totals(qtbot, page)
    assert page.tabs.tabText(page.tabs.indexOf(view)) == "آمار"
    # Without the isolates that keep each number in one piece inside the sentence:
    text = view.headline.text().translate(dict.fromkeys(range(0x2066, 0x206A)))
    assert "۴" in text and "۵۰٪" in text and "4" not in text  # Persian digits and ٪
    assert view.isRightToLeft()
    rows = table(view)
    assert rows[0][0] == "رویداد"
    assert [cell.translate(dict.fromkeys(range(0x2066, 0x206A))) for cell in rows[2][1:4]] == [
        "۳",
        "۲ (۶۷٪)",
        "۳",
    ]
    categories, _, _ = bars(view)
    assert categories == ["Rally", "Vigil"]  # right to left: the first event on the right
    (values,) = [a for a in view.chart.axes() if a.orientation() == Qt.Orientation.Vertical]
    assert values.alignment() == Qt.AlignmentFlag.AlignRight
    assert view.chart.legend().alignment() == Qt.AlignmentFlag.AlignLeft


def test_the_table_fills_its_width_after_every_count(qtbot: QtBot, app_paths: AppPaths) -> None:
    """Counting again cleared the model, which forgot the name column's stretch: the
    table then left a grey band beside its columns (seen in a real window). Fails on the
    code before."""
    seed(app_paths)
    window = make_window(qtbot, app_paths)
    page = window.show_workspace(2)
    assert isinstance(page, SignaturesWorkspace)
    view = open_totals(qtbot, page)
    qtbot.keyClick(view.group, Qt.Key.Key_End)  # another grouping: the table is rebuilt

    def filled() -> bool:
        header = view.table.horizontalHeader()
        used = sum(header.sectionSize(c) for c in range(view.model.columnCount()))
        return abs(used - view.table.viewport().width()) <= 2

    qtbot.waitUntil(filled, timeout=5_000)
