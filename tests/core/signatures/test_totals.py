"""Totals: per event, city and day, paper against typed, consent, duplicates, this week;
from the store, from exported and merged files, and the Summary sheet with its chart."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from actionkit.core.signatures.export import export_xlsx, load_presets
from actionkit.core.signatures.merge import merge_exports
from actionkit.core.signatures.store import SignatureStore, now
from actionkit.core.signatures.totals import headline, store_totals, totals_from_rows
from actionkit.core.signatures.totals_files import totals_from_files
from actionkit.core.signatures.validation import SignerInput
from actionkit.core.signatures.xlsx_chart import CONSENTED_COLOUR

TODAY = dt.date(2026, 12, 12)


def signer(n: int, consent: bool, **extra: object) -> SignerInput:
    fields: dict[str, object] = {
        "first_name": f"Person{n}",
        "last_name": "Rahimi",
        "email": f"p{n}@example.org",
        "consent": consent,
    }
    fields.update(extra)
    return SignerInput(**fields)  # type: ignore[arg-type]


def fill(store: SignatureStore) -> None:
    """Köln this week (2 sheets, one counted on paper), Bonn before, Berlin undated."""
    koln = store.create_event("Rally for Narges", "2026-12-10", city="Köln")
    bonn = store.create_event("Vigil", "2026-11-20", city="Bonn")
    berlin = store.create_event("Table", "", city="Berlin")
    first, second = store.create_sheets(koln.slug, ("fa", "de"), 2)
    for row in range(1, 6):  # 5 rows, 3 consented
        store.add_row(first.id, row, signer(row, row <= 3))
    store.set_paper_count(first.id, 7)  # 2 rows on paper not typed yet
    store.add_row(second.id, 1, SignerInput(flags=frozenset({"illegible"})))  # typed, no signer
    (bonn_sheet,) = store.create_sheets(bonn.slug, ("de",), 1)
    for row in range(1, 4):  # 3 rows, 1 consented
        store.add_row(bonn_sheet.id, row, signer(10 + row, row == 1))
    store.set_paper_count(bonn_sheet.id, 3)
    (berlin_sheet,) = store.create_sheets(berlin.slug, ("en",), 1)
    store.add_row(berlin_sheet.id, 1, signer(20, True))
    # Person1 signed again in Berlin: judged the same person, not a second signature.
    again = store.add_row(berlin_sheet.id, 2, signer(1, True, city="Berlin"))
    store.decide_duplicate(again.signature.id, again.duplicates[0].other.id, "same_person")
    # Same name and city as Person20, another email: a possible duplicate to decide.
    store.add_row(berlin_sheet.id, 3, signer(20, False, email="other@example.org"))


def test_store_totals_per_event_city_and_day(store: SignatureStore) -> None:
    fill(store)
    totals = store_totals(store, today=TODAY)

    total = totals.total
    # 5 Köln + 3 Bonn + Berlin's 2 (not the illegible row, not the same-person row).
    assert (total.signatures, total.consented) == (10, 5)
    assert total.typed == 12  # every live row, also the illegible and the duplicate one
    assert (total.paper, total.to_type) == (10, 2)  # Köln 7 (2 untyped) + Bonn 3
    assert total.this_week == 5  # only Köln (2026-12-10) is within 7 days of 12-12
    assert (totals.decided, totals.pending) == (1, 1)
    assert totals.cities == 3

    by_event = {f.key: f for f in totals.by_event}
    assert by_event["2026-12-10-koln"].signatures == 5
    assert by_event["2026-12-10-koln"].typed == 6
    assert by_event["berlin"].paper is None  # no paper count: not counted, not zero
    assert [f.key for f in totals.by_day] == ["2026-11-20", "2026-12-10", ""]
    assert [f.signatures for f in totals.by_day] == [3, 5, 2]
    assert {f.key: f.consented for f in totals.by_city} == {"Köln": 3, "Bonn": 1, "Berlin": 1}

    assert headline(totals) == (
        "10 signatures from 3 cities (3 events), 50% agreed to be contacted; "
        "this week +5; on paper 10, typed 9 (2 to type) at the 2 events with a paper count; "
        "1 possible duplicate to decide"
    )


def test_store_totals_of_one_event_and_of_an_empty_store(store: SignatureStore) -> None:
    empty = store_totals(store, today=TODAY)
    assert empty.signatures == 0 and empty.by_event == () and empty.total.paper is None
    assert headline(empty) == "No signatures yet: no event has rows to count"
    fill(store)
    bonn = store_totals(store, event="2026-11-20-bonn", today=TODAY)
    assert [f.key for f in bonn.by_event] == ["2026-11-20-bonn"]
    assert (bonn.signatures, bonn.consented, bonn.this_week) == (3, 1, 0)
    assert (bonn.decided, bonn.pending) == (0, 0)  # Berlin's pairs are not Bonn's


def test_totals_from_rows_reads_exported_values() -> None:
    rows = [
        {"event": "2026-12-10-koln", "consent": "yes", "city": "Köln"},
        {"event": "2026-12-10-koln", "consent": "no", "city": "Köln"},
        {"event": "2026-12-10-koln", "consent": "Y", "city": "Köln"},  # a CRM preset's form
        {"event": "2026-12-10-koln", "consent": "no", "flagged": "marked illegible"},
        {"event": "2026-12-10-koln", "consent": "yes", "duplicate_of": "K7Q2-9XHM row 1"},
        {"source_event": "bonn", "consent": "yes", "city": "Bonn"},
    ]
    totals = totals_from_rows(rows, pending=2, today=TODAY)
    assert (totals.signatures, totals.consented, totals.total.typed) == (4, 3, 6)
    assert (totals.decided, totals.pending) == (1, 2)
    koln = next(f for f in totals.by_event if f.key == "2026-12-10-koln")
    assert (koln.date, koln.city, koln.this_week) == ("2026-12-10", "Köln", 3)
    assert [f.key for f in totals.by_day] == ["2026-12-10", ""]  # bonn has no date


def test_files_give_paper_counts_and_merged_duplicates(
    store: SignatureStore, tmp_path: Path
) -> None:
    fill(store)
    export = export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"]).path
    from_file = totals_from_files([export], today=TODAY).totals
    from_store = store_totals(store, today=TODAY)
    # The export carries the same-person row with duplicate_of: the same figures.
    assert from_file.total == from_store.total
    assert from_file.by_day == from_store.by_day
    assert from_file.decided == 1

    with SignatureStore(tmp_path / "bonn.sqlite3") as other:
        bonn = other.create_event("Vigil", "2026-11-20", city="Bonn")
        (sheet,) = other.create_sheets(bonn.slug, ("de",), 1)
        other.add_row(sheet.id, 1, signer(1, True))  # Person1 again: merged away
        other.add_row(sheet.id, 2, signer(99, False))
        second = export_xlsx(other, tmp_path / "bonn.xlsx", load_presets()["generic"]).path
    central = tmp_path / "central.xlsx"
    merge_exports([export, second], central, parallel=False)
    result = totals_from_files([central, tmp_path / "missing.xlsx"], today=TODAY)
    assert [name for name, _ in result.failed] == ["missing.xlsx"]
    merged = result.totals
    assert merged.decided >= 1  # the Merged sheet's rows
    assert merged.sources == ("central.xlsx",)
    # The merged workbook carries the exports' Sheets: the same paper counts.
    assert merged.total.paper == from_store.total.paper == 10
    assert {f.key for f in merged.by_day} >= {"2026-11-20", "2026-12-10"}


def test_export_has_a_summary_sheet_with_a_native_chart(
    store: SignatureStore, tmp_path: Path
) -> None:
    fill(store)
    path = export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"]).path
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        for part in (
            "xl/charts/chart1.xml",
            "xl/drawings/drawing1.xml",
            "xl/drawings/_rels/drawing1.xml.rels",
            "xl/worksheets/_rels/sheet5.xml.rels",
        ):
            assert part in names
            etree.fromstring(book.read(part))  # well-formed
        types = book.read("[Content_Types].xml").decode()
        assert 'PartName="/xl/charts/chart1.xml"' in types
        assert "drawingml.chart+xml" in types and "drawing+xml" in types

    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "Summary"  # the first tab
    summary = workbook["Summary"]
    cells = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    assert cells["signatures"] == 10 and cells["agreed to be contacted"] == 5
    assert cells["on paper"] == 10 and cells["on paper, not typed yet"] == 2
    assert str(summary["A2"].value).startswith("10 signatures from 3 cities")

    (chart,) = summary._charts
    assert (chart.type, chart.grouping) == ("col", "stacked")
    consented, others = chart.series
    # The series point at the per-day table: days in A, consented in C, not in D.
    first, last = consented.val.numRef.f.split("!")[1].replace("$", "").split(":")
    days = [summary[f"A{n}"].value for n in range(int(first[1:]), int(last[1:]) + 1)]
    assert days == ["2026-11-20", "2026-12-10", "no date"]
    assert [summary[f"C{n}"].value for n in range(int(first[1:]), int(last[1:]) + 1)] == [1, 3, 1]
    assert others.val.numRef.f.startswith("Summary!$D$")
    assert [p.v for p in others.val.numRef.numCache.pt] == [2, 2, 1]


def test_summary_sheet_keeps_a_formula_looking_event_name_as_text(
    store: SignatureStore, tmp_path: Path
) -> None:
    store.create_event('=HYPERLINK("http://x","y")', "2026-12-10", city="@SUM(1)")
    path = export_xlsx(store, tmp_path / "x.xlsx", load_presets()["generic"]).path
    summary = load_workbook(path)["Summary"]
    values = [c for row in summary.iter_rows() for c in row if c.value is not None]
    named = [c for c in values if str(c.value).startswith(("=", "@"))]
    assert named and all(c.data_type == "s" for c in named)  # text, never a formula


@pytest.mark.slow
def test_store_totals_over_100k_rows_is_fast(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "big.sqlite3") as store:
        sheet_ids = []
        for k, (city, date) in enumerate((("Köln", "2026-12-10"), ("Bonn", ""))):
            event = store.create_event(f"E{k}", date, city=city)
            for _ in range(5):
                sheet_ids += [s.id for s in store.create_sheets(event.slug, ("de",), 500, 20)]
        stamp = now()
        rows = [
            (sheet_ids[i // 20], i % 20 + 1, f"S{i}", f"p{i}@x.org", i % 2, stamp, f"p{i}@x.org")
            for i in range(100_000)
        ]
        store.conn.execute("BEGIN")
        store.conn.executemany(
            "INSERT INTO signatures (sheet_id, row_number, first_name, email, consent,"
            " entered_at, updated_at, email_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r[:5], r[5], r[5], r[6]) for r in rows],
        )
        store.conn.execute("COMMIT")
        start = time.perf_counter()
        totals = store_totals(store, today=TODAY)
        elapsed = time.perf_counter() - start
    assert totals.signatures == 100_000 and totals.consented == 50_000
    assert elapsed < 1.0, f"{elapsed:.2f} s"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_draws_the_summary_chart(store: SignatureStore, tmp_path: Path) -> None:
    import pypdfium2

    fill(store)
    path = export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"]).path
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = pypdfium2.PdfDocument(tmp_path / "all.pdf")
    green = tuple(int(CONSENTED_COLOUR[i : i + 2], 16) for i in (0, 2, 4))
    bars = 0
    for index in range(len(pdf)):
        image = pdf[index].render(scale=1).to_pil().convert("RGB")
        bars += sum(
            count
            for count, pixel in image.getcolors(maxcolors=1 << 24) or []
            if all(abs(a - b) <= 8 for a, b in zip(pixel, green, strict=True))
        )
    assert bars > 500  # the consented bars are drawn, in their colour


def test_a_merged_workbook_says_which_duplicates_are_still_to_decide() -> None:
    from io import BytesIO

    from actionkit.core.signatures.totals_files import _duplicates
    from actionkit.core.signatures.xlsx_read import XlsxReader
    from actionkit.core.signatures.xlsx_write import XlsxWriter

    out = BytesIO()
    with XlsxWriter(out) as book, book.sheet("Merged") as merged:
        merged.extend(
            [
                ["decision", "reason"],
                ["kept apart: possible duplicate, to decide", "same name and city"],
                ["kept apart: different people (your decision)", "same name and city"],
                ["merged", "same email"],
                ["merged (your decision)", "same person (your decision)"],
            ]
        )
    assert _duplicates(XlsxReader(out.getvalue())) == (3, 1)


def test_a_merged_workbook_opens_on_the_summary_report_gives_of_it(
    store: SignatureStore, tmp_path: Path
) -> None:
    fill(store)
    first = export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"]).path
    with SignatureStore(tmp_path / "bonn.sqlite3") as other:
        bonn = other.create_event("Vigil", "2026-11-20", city="Bonn")
        (sheet,) = other.create_sheets(bonn.slug, ("de",), 1)
        other.add_row(sheet.id, 1, signer(1, False))  # Person1's email again: merged
        second = export_xlsx(other, tmp_path / "bonn.xlsx", load_presets()["generic"]).path
    central = tmp_path / "central.xlsx"
    merge_exports([first, second], central, parallel=False)

    workbook = load_workbook(central)
    assert workbook.sheetnames[0] == "Summary"  # the first tab
    summary = workbook["Summary"]
    (chart,) = summary._charts
    assert chart.grouping == "stacked"
    cells = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    read_back = totals_from_files([central]).totals
    assert cells["signatures"] == read_back.signatures
    assert cells["agreed to be contacted"] == read_back.consented
    assert cells["duplicates decided"] == read_back.decided >= 1
    assert cells["possible duplicates to decide"] == read_back.pending
    assert summary["A2"].value == headline(read_back)


def test_totals_from_a_merges_tuples_are_those_of_its_rows() -> None:
    from actionkit.core.signatures.totals import totals_from_table

    fields = ("first_name", "city", "consent", "flagged", "event")
    rows = [
        ("Sara", "Köln", "yes", "", "2026-12-10-koln"),
        ("Jan", "Köln", "no", "", "2026-12-10-koln"),
        ("", "", "no", "marked illegible", "2026-12-10-koln"),
        ("Ali", "Bonn", "yes", "saved despite a warning", "bonn"),
    ]
    as_rows = totals_from_rows(
        [dict(zip(fields, row, strict=True)) for row in rows], decided=2, pending=1, today=TODAY
    )
    as_table = totals_from_table(rows, fields, decided=2, pending=1, today=TODAY)
    assert as_table == as_rows
    without_flags = [(row[0], row[1], row[2], row[4]) for row in rows]
    plain = ("first_name", "city", "consent", "event")
    assert totals_from_table(without_flags, plain, today=TODAY).total.typed == 4
    assert (as_table.signatures, as_table.consented, as_table.total.typed) == (3, 2, 4)
