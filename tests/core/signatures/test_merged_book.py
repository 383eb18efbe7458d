"""What a merged workbook carries besides its signers: the inputs' events (name, date,
city) and paper sheets, so its Summary and `actionkit report` name the events, give
each its own city and count the paper; column widths a person can read; the Summary
the first tab, its chart on the first printed page with the figures."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.cli import main
from actionkit.core.signatures.export import export_csv, export_xlsx, load_presets
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput


def organizer_export(
    tmp_path: Path,
    name: str,
    event: tuple[str, str, str],
    signers: list[tuple[str, str, str, bool]],
    paper: int | None,
    kind: str = "xlsx",
) -> Path:
    """An organizer's export: one event (name, date, city) whose signers live elsewhere."""
    with SignatureStore(tmp_path / f"{name}.sqlite3") as store:
        made = store.create_event(event[0], event[1], city=event[2])
        (sheet,) = store.create_sheets(made.slug, ("de",), 1)
        for row, (first, email, city, consent) in enumerate(signers, 1):
            store.add_row(
                sheet.id,
                row,
                SignerInput(
                    first_name=first, last_name="K", email=email, city=city, consent=consent
                ),
            )
        if paper is not None:
            store.set_paper_count(sheet.id, paper)
        preset = load_presets(tmp_path)["generic"]
        if kind == "csv":
            return export_csv(store, tmp_path / f"{name}.csv", preset).path
        return export_xlsx(store, tmp_path / f"{name}.xlsx", preset).path


@pytest.fixture
def berlin_hamburg(tmp_path: Path) -> list[Path]:
    return [
        organizer_export(
            tmp_path,
            "berlin",
            ("Evin Vigil", "2026-11-28", "Berlin"),
            [
                ("Sara", "sara.karimi@example.org", "Dresden", True),
                ("Jan", "jan@example.org", "Potsdam", False),
            ],
            paper=3,
        ),
        organizer_export(
            tmp_path,
            "hamburg",
            ("Rally for Narges", "2026-11-29", "Hamburg"),
            [("Lea", "lea@example.org", "Köln", True)],
            paper=2,
        ),
        organizer_export(
            tmp_path,
            "munich",
            ("Chain of Light", "2026-11-30", "München"),
            [("Ali", "ali@example.org", "Augsburg", True)],
            paper=None,
            kind="csv",
        ),
    ]


def merge(tmp_path: Path, files: list[Path], target: Path) -> None:
    code = main(["--home", str(tmp_path / "home"), "merge", *map(str, files), "-o", str(target)])
    assert code == 0


def test_the_merged_summary_and_report_name_the_events_their_cities_and_paper(
    tmp_path: Path, berlin_hamburg: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    central = tmp_path / "central.xlsx"
    # The Berlin export twice: its event and its sheet are counted once.
    merge(tmp_path, [*berlin_hamburg, berlin_hamburg[0]], central)
    capsys.readouterr()

    book = load_workbook(central)
    events = [r for r in book["Events"].iter_rows(values_only=True)]
    assert events[0] == ("event", "name", "date", "city", "country")
    assert [(r[1], r[3]) for r in events[1:]] == [
        ("Evin Vigil", "Berlin"),
        ("Rally for Narges", "Hamburg"),
        ("Chain of Light", "München"),  # from the CSV's event columns
    ]
    sheets = list(book["Sheets"].iter_rows(values_only=True))
    paper = sheets[0].index("paper_count")
    assert sorted(r[paper] for r in sheets[1:]) == ["2", "3"]

    rows = [r for r in book["Summary"].iter_rows(values_only=True)]
    figures = {r[0]: r[1] for r in rows if r[0]}
    assert figures["on paper"] == 5
    assert figures["cities"] == 3  # Berlin, Hamburg, München: not the signers' cities
    header = rows.index(next(r for r in rows if r[:4] == ("event", "name", "date", "city")))
    table = {r[0]: r for r in rows[header + 1 :] if r[0] and r[0].startswith("2026-")}
    berlin = table["2026-11-28-berlin"]
    assert berlin[1:4] == ("Evin Vigil", "2026-11-28", "Berlin")
    assert table["2026-11-29-hamburg"][1:4] == ("Rally for Narges", "2026-11-29", "Hamburg")
    on_paper = rows[header].index("on paper")
    assert berlin[on_paper] == 3
    assert table["2026-11-30-munchen"][1:4] == ("Chain of Light", "2026-11-30", "München")
    assert table["2026-11-30-munchen"][on_paper] == "not counted"  # a CSV has no paper count

    assert main(["--home", str(tmp_path / "home"), "report", str(central), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_event = {e["key"]: e for e in report["by_event"]}
    assert by_event["2026-11-28-berlin"]["label"] == "Evin Vigil"
    assert by_event["2026-11-28-berlin"]["city"] == "Berlin"
    assert by_event["2026-11-29-hamburg"]["city"] == "Hamburg"
    assert by_event["2026-11-28-berlin"]["paper"] == 3
    assert by_event["2026-11-30-munchen"]["paper"] is None
    assert report["total"]["paper"] == 5
    assert {c["key"] for c in report["by_city"]} >= {"Berlin", "Hamburg"}
    assert "Dresden" not in {c["key"] for c in report["by_city"]}


def test_a_signer_merged_into_another_event_leaves_each_events_paper_adding_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The centre's re-check: Köln typed 5 of 6 paper rows, but after José merged into
    his Bonn row the report said "typed 4, on paper 6, to type 1", and the headline
    set a CSV's uncounted rows against the paper counted elsewhere ("on paper 13,
    typed 14"). Fails on the code before."""
    koln = organizer_export(
        tmp_path,
        "koln",
        ("Mahnwache Köln", "2026-11-28", "Köln"),
        [("José", "jose.nunez@example.org", "Köln", False)]
        + [(f"K{n}", f"k{n}@example.org", "Köln", True) for n in range(4)],
        paper=6,
    )
    bonn = organizer_export(
        tmp_path,
        "bonn",
        ("Mahnwache Bonn", "2026-11-29", "Bonn"),
        [("José", "jose.nunez@example.org", "Köln", True), ("B", "b@example.org", "Bonn", True)],
        paper=2,
    )
    csv_only = organizer_export(
        tmp_path,
        "essen",
        ("Mahnwache Essen", "2026-11-30", "Essen"),
        [("E", "e@example.org", "Essen", True)],
        paper=None,
        kind="csv",
    )
    central = tmp_path / "central.xlsx"
    merge(tmp_path, [bonn, koln, csv_only], central)  # José's consented Bonn row is kept
    capsys.readouterr()
    assert main(["--home", str(tmp_path / "home"), "report", str(central), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_event = {e["key"]: e for e in report["by_event"]}
    koln_figures = by_event["2026-11-28-koln"]
    assert (koln_figures["signatures"], koln_figures["typed"]) == (4, 5)
    assert koln_figures["typed"] + koln_figures["to_type"] == koln_figures["paper"] == 6
    assert main(["--home", str(tmp_path / "home"), "report", str(central)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "on paper 8, typed 7 (1 to type) at the 2 events with a paper count" in first


def _sheet_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet name="{name}" sheetId="\d+" r:id="(rId\d+)"', workbook)
        assert rid
        target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
        assert target
        return z.read("xl/" + target.group(1)).decode()


def test_columns_are_wide_enough_for_emails_and_headers(
    tmp_path: Path, berlin_hamburg: list[Path]
) -> None:
    central = tmp_path / "central.xlsx"
    merge(tmp_path, berlin_hamburg, central)
    for path, names in (
        (central, ("Signers", "Merged", "Summary", "Events", "Sheets")),
        (berlin_hamburg[0], ("Signers", "Sheets", "Events", "Summary")),
    ):
        book = load_workbook(path)
        for name in names:
            sheet = book[name]
            header = [c.value for c in sheet[1 if name != "Summary" else 4]]
            for column, text in enumerate(header, 1):
                if not text:
                    continue
                letter = sheet.cell(1, column).column_letter
                width = sheet.column_dimensions[letter].width
                assert width >= len(str(text)), (path.name, name, text, width)
        signers = book["Signers"]
        emails = [c.value for c in signers[1]].index("email") + 1
        letter = signers.cell(1, emails).column_letter
        assert signers.column_dimensions[letter].width >= len("sara.karimi@example.org")
    assert "<cols>" in _sheet_xml(central, "Signers")


def test_summary_is_the_first_tab_and_its_chart_sits_beside_the_figures(
    tmp_path: Path, berlin_hamburg: list[Path]
) -> None:
    central = tmp_path / "central.xlsx"
    merge(tmp_path, berlin_hamburg, central)
    for path in (central, berlin_hamburg[0]):
        book = load_workbook(path)
        assert book.sheetnames[0] == "Summary"
        assert book.active.title == "Summary"
        (chart,) = book["Summary"]._charts
        anchor = chart.anchor._from
        # Beside the figure/value table (columns A, B; rows 4 to 16), not past the
        # widest table's twelve columns, where it prints on a page of its own.
        assert (anchor.col, anchor.row) == (2, 3)
        assert chart.anchor.to.col <= 10 and chart.anchor.to.row <= 17
        xml = _sheet_xml(path, "Summary")
        assert 'fitToWidth="1"' in xml and 'fitToPage="1"' in xml
    # The readers find their sheets by name, wherever the tab stands: merging the
    # merged workbook again reads it.
    again = tmp_path / "again.xlsx"
    merge(tmp_path, [central], again)
    assert load_workbook(again)["Events"].max_row == 4


def test_report_names_each_event_with_its_own_city_also_from_a_csv(
    tmp_path: Path, berlin_hamburg: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    central = tmp_path / "central.xlsx"
    merge(tmp_path, berlin_hamburg, central)
    capsys.readouterr()
    home = ["--home", str(tmp_path / "home")]
    assert main([*home, "report", str(central)]) == 0
    lines = capsys.readouterr().out.splitlines()
    berlin = next(line for line in lines if line.startswith("2026-11-28-berlin"))
    assert berlin.split()[1:5] == ["Evin", "Vigil", "2026-11-28", "Berlin"]
    # A CSV export alone: its event columns give the event's name and city (its one
    # signer lives in Augsburg).
    assert main([*home, "report", str(berlin_hamburg[2]), "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    header = out[0].lstrip("\ufeff").split(",")
    event = dict(
        zip(header, next(x for x in out if x.startswith("event,")).split(","), strict=False)
    )
    assert (event["name"], event["city"]) == ("Chain of Light", "München")
