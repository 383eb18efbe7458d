"""Purging after the hand-off: the names leave the file's bytes, the counts stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.core.signatures.export import export_xlsx, load_presets
from actionkit.core.signatures.purge import export_log, plan_purge, purge_event
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

NAMES = ["Shahrzad", "Bijan", "Golnar"]


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_purge_removes_names_from_the_file_and_keeps_counts(tmp_path: Path) -> None:
    path = tmp_path / "signatures.sqlite3"
    with SignatureStore(path) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        other = store.create_event("Rally", "2026-12-11", city="Bonn")
        sheet = store.create_sheets(event.slug, ("en",), 1)[0]
        kept = store.create_sheets(other.slug, ("en",), 1)[0]
        for row, name in enumerate(NAMES, 1):
            signer = SignerInput(first_name=name, last_name="Unique" + name, email=f"{name}@ex.org")
            store.add_row(sheet.id, row, signer)
        store.add_row(kept.id, 1, SignerInput(first_name="Keepme", last_name="Bonn"))
        assert all(n.encode() in _file_bytes(path) for n in NAMES)

        with pytest.raises(StoreError, match="not been exported"):
            purge_event(store, event.slug)
        consent_only = export_xlsx(
            store, tmp_path / "c.xlsx", load_presets()["crm"], event=event.slug, consented_only=True
        )
        assert consent_only.rows == 0
        assert plan_purge(store, event.slug).exported == [], (
            "a consent-only export is not a hand-off"
        )
        export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"], event=event.slug)
        plan = plan_purge(store, event.slug)
        assert plan.rows == 3 and plan.sheets == 1 and plan.exported[-1].file_name == "all.xlsx"
        assert "3 signer row(s)" in plan.describe()
        purge_event(store, event.slug)
        assert store.sheet(sheet.id).entered == 3, "the counts stay"
        assert [s.first_name for s in store.signatures(other.slug)] == ["Keepme"]
        log = export_log(store)
        assert [r.file_name for r in log] == ["c.xlsx", "all.xlsx"]
    raw = _file_bytes(path)
    for name in NAMES:
        assert name.encode() not in raw, f"{name} is still in the file"
    assert b"Keepme" in raw
    with SignatureStore(path) as reopened:
        assert reopened.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_export_after_a_purge_leaves_the_purged_rows_out(tmp_path: Path) -> None:
    """Exported, a purged row was an empty 'signer' with consent 'yes'."""
    import csv

    from openpyxl import load_workbook

    from actionkit.core.signatures.export import export_csv

    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        other = store.create_event("Rally", "2026-12-11", city="Bonn")
        sheet = store.create_sheets(event.slug, ("en",), 1)[0]
        kept = store.create_sheets(other.slug, ("en",), 1)[0]
        for row, name in enumerate(NAMES, 1):
            signer = SignerInput(first_name=name, email=f"{name}@ex.org", consent=True)
            store.add_row(sheet.id, row, signer)
        store.add_row(kept.id, 1, SignerInput(first_name="Keepme", consent=True))
        purge_event(store, event.slug, unexported_ok=True)
        purge_event(store, event.slug, unexported_ok=True)  # twice: still one flag
        generic = load_presets()["generic"]
        everything = export_xlsx(store, tmp_path / "all.xlsx", generic)
        only_event = export_csv(store, tmp_path / "event.csv", generic, event=event.slug)
        flags = {s.flags for s in store.signatures(event.slug)}
    assert (everything.rows, everything.purged_left_out) == (1, 3)
    assert (only_event.rows, only_event.purged_left_out) == (0, 3)
    rows = list(load_workbook(tmp_path / "all.xlsx", read_only=True)["Signers"].values)
    first = rows[0].index("first_name")
    assert [r[first] for r in rows[1:]] == ["Keepme"]
    with (tmp_path / "event.csv").open(encoding="utf-8-sig") as fh:
        assert len(list(csv.reader(fh))) == 1  # the header only
    assert flags == {frozenset({"purged"})}


def test_the_purge_plan_reads_as_sentences_and_carries_a_key(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, ("en",), 1)[0]
        store.add_row(sheet.id, 1, SignerInput(first_name="Sara"))
        text = plan_purge(store, event.slug).describe()
    assert "entered by of" not in text and "postal code, entered" not in text
    assert text.startswith("This deletes the personal data of 1 signer row(s) on 1 sheet(s)")
    assert text.key == "purge.plan" and text.params["event"] == event.slug


def test_purge_is_refused_while_rows_were_entered_after_the_last_export(tmp_path: Path) -> None:
    """Purge checked only that some export of the event existed, so a row typed in
    after it was deleted without ever being handed over; fails on the old code."""
    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, ("en",), 1)[0]
        store.add_row(sheet.id, 1, SignerInput(first_name="Shahrzad", email="s@ex.org"))
        export_xlsx(store, tmp_path / "first.xlsx", load_presets()["generic"], event=event.slug)
        record = export_log(store)[-1]
        assert (record.event, record.consented_only, record.preset) == (
            event.slug,
            False,
            "generic",
        )
        assert record.up_to_row == store.highest_row_id()
        store.add_row(sheet.id, 2, SignerInput(first_name="Bijan", email="b@ex.org"))
        store.add_row(sheet.id, 3, SignerInput(first_name="Golnar", email="g@ex.org"))
        assert plan_purge(store, event.slug).unexported == 2
        with pytest.raises(StoreError, match="2 row") as refused:
            purge_event(store, event.slug)
        assert refused.value.key == "purge.rows_since_export"
        assert refused.value.params["rows"] == 2
        assert [s.first_name for s in store.signatures(event.slug)] == [
            "Shahrzad",
            "Bijan",
            "Golnar",
        ]
        export_xlsx(store, tmp_path / "again.xlsx", load_presets()["generic"])  # all events
        assert plan_purge(store, event.slug).unexported == 0
        purge_event(store, event.slug)
        assert all(not s.first_name for s in store.signatures(event.slug))


def test_an_export_covers_only_the_rows_there_when_it_started(tmp_path: Path) -> None:
    """A row typed in while an export runs is not in that export, so it still counts."""
    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        sheets = store.create_sheets(event.slug, ("en",), 60, 20)
        for n, paper in enumerate(sheets):
            for row in range(1, 21):
                store.add_row(paper.id, row, SignerInput(first_name=f"P{n}-{row}"))
        late = store.create_sheets(event.slug, ("en",), 1)[0]

        def type_one_in(done: int, total: int) -> None:
            if late.id not in {s.sheet_id for s in store.signatures(event.slug)}:
                store.add_row(late.id, 1, SignerInput(first_name="Late"))

        result = export_xlsx(
            store, tmp_path / "all.xlsx", load_presets()["generic"], progress=type_one_in
        )
        assert result.rows == 1200
        assert plan_purge(store, event.slug).unexported == 1


def test_an_older_export_log_gets_its_filters_and_coverage(tmp_path: Path) -> None:
    import sqlite3

    from actionkit.core.signatures import schema

    path = tmp_path / "signatures.sqlite3"
    conn = sqlite3.connect(path)
    for script in schema.MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO events (slug, name, date, languages, created_at) VALUES"
        " ('vigil', 'Vigil', '2026-12-10', 'en', '2026-12-01T10:00:00+00:00')"
    )
    conn.execute(
        "INSERT INTO sheets (id, event_id, languages, printed_rows, created_at)"
        " VALUES ('AAAA-BBBB', 1, 'en', 15, '2026-12-01T10:00:00+00:00')"
    )
    for row, at in ((1, "2026-12-10T10:00:00+00:00"), (2, "2026-12-12T10:00:00+00:00")):
        conn.execute(
            "INSERT INTO signatures (sheet_id, row_number, first_name, entered_at, updated_at)"
            " VALUES ('AAAA-BBBB', ?, 'Kept', ?, ?)",
            (row, at, at),
        )
    for filters in (
        "event=vigil; consented_only=no; preset=generic",
        "event=all; consented_only=yes; preset=crm",
    ):
        conn.execute(
            "INSERT INTO exports (at, file_name, format, filters, rows) VALUES"
            " ('2026-12-11T10:00:00+00:00', 'f.xlsx', 'xlsx', ?, 1)",
            (filters,),
        )
    conn.commit()
    conn.close()
    with SignatureStore(path) as store:
        first, second = export_log(store)
        assert (first.event, first.consented_only, first.preset, first.up_to_row) == (
            "vigil",
            False,
            "generic",
            1,
        )
        assert (second.event, second.consented_only, second.preset) == ("", True, "crm")
        assert plan_purge(store, "vigil").unexported == 1  # row 2 came after that export
