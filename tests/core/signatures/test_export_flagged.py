"""Every export says in words what was flagged on each row (issue 15), and merges of
such exports keep saying it; the merge's own email check flags what older exports let
through, without dropping the signer."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from actionkit.core.signatures.export import export_csv, export_xlsx, load_presets
from actionkit.core.signatures.merge import merge_exports
from actionkit.core.signatures.store import Sheet, SignatureStore
from actionkit.core.signatures.validation import SignerInput

TYPO = "saved despite a warning: the email's domain looks mistyped"


def _fill(store: SignatureStore, sheet: Sheet) -> None:
    store.add_row(sheet.id, 1, SignerInput(first_name="Sara", email="sara@gmial.com"))
    store.add_row(sheet.id, 2, SignerInput(first_name="Lena", email="lena@web.de"))
    store.add_row(sheet.id, 3, SignerInput(flags=frozenset({"illegible"})))


def _xlsx(path: Path, sheet: str = "Signers") -> list[dict[str, object]]:
    head, *rows = list(load_workbook(path, read_only=True)[sheet].values)
    # An empty last cell is not written: pad each row to the header.
    return [dict(zip(head, (*row, *[None] * len(head)), strict=False)) for row in rows]


def test_a_warned_row_exports_with_its_flag_in_words_in_every_preset(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    """Fails on the old code: the warning was forgotten once the row was saved."""
    _fill(store, sheet)
    for name in ("generic", "crm"):
        export_xlsx(store, tmp_path / f"{name}.xlsx", load_presets()[name])
        rows = _xlsx(tmp_path / f"{name}.xlsx")
        assert [r["flagged"] for r in rows] == [TYPO, None, "marked illegible"], name
    export_csv(store, tmp_path / "crm.csv", load_presets()["crm"])
    with (tmp_path / "crm.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, *lines = list(csv.reader(fh))
    assert header[-1] == "flagged", "a preset without the column gets it last"
    assert [line[-1] for line in lines] == [TYPO, "", "marked illegible"]


def test_a_campaigns_own_preset_gets_the_column_too(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    _fill(store, sheet)
    config = tmp_path / "config"
    config.mkdir()
    own = {"presets": {"mini": {"columns": [["Email", "email"], ["Warnung", "flagged"]]}}}
    (config / "export_presets.json").write_text(json.dumps(own), encoding="utf-8")
    export_xlsx(store, tmp_path / "mini.xlsx", load_presets(config)["mini"])
    rows = _xlsx(tmp_path / "mini.xlsx")
    assert list(rows[0]) == ["Email", "Warnung"], "placed where the preset puts it, once"
    assert rows[0]["Warnung"] == TYPO


def test_the_sheets_sheet_shows_each_sheet_at_a_glance(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    _fill(store, sheet)
    store.set_paper_count(sheet.id, 4)
    export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"])
    (listed,) = _xlsx(tmp_path / "all.xlsx", "Sheets")
    assert {k: listed[k] for k in ("entered", "marked", "flagged", "missing", "extra")} == {
        "entered": 3,
        "marked": 1,
        "flagged": 1,
        "missing": 1,
        "extra": 0,
    }
    assert listed["state"] == "missing" and listed["paper_count"] == 4


def test_a_merge_keeps_the_flags_and_flags_addresses_older_exports_let_through(
    tmp_path: Path,
) -> None:
    """Fails on the old code: the merge dropped the flagged column and never checked
    an email (an export from before the stricter check may hold 'a..b@x.org')."""
    files = []
    for n in (1, 2):
        with SignatureStore(tmp_path / f"s{n}.sqlite3") as store:
            event = store.create_event(f"Vigil {n}", "2026-12-10", city="Köln")
            sheet = store.create_sheets(event.slug, ("de",), 1)[0]
            _fill(store, sheet)
            if n == 2:
                store.add_row(sheet.id, 4, SignerInput(first_name="Old", email="old@x.org"))
                # What an older ActionKit accepted, as it sits in such a store.
                store.conn.execute(
                    "UPDATE signatures SET email = 'ol..d@x.org' WHERE first_name = 'Old'"
                )
            files.append(export_xlsx(store, tmp_path / f"e{n}.xlsx", load_presets()["crm"]).path)
    report = merge_exports(files, tmp_path / "central.xlsx", parallel=False)
    assert (report.rows_in, report.rows_out) == (7, 5)  # Sara and Lena twice
    assert report.invalid_emails == 1
    assert "1 row(s) have an email address that is not valid" in "\n".join(report.lines())
    signers = _xlsx(tmp_path / "central.xlsx")
    by_name = {r["first_name"]: r for r in signers}
    assert by_name["Sara"]["flagged"] == TYPO
    assert by_name["Lena"]["flagged"] is None
    assert by_name["Old"]["email"] == "ol..d@x.org", "kept as it was, not dropped"
    assert by_name["Old"]["flagged"] == (
        "email address not valid: An email address cannot have two dots in a row."
    )
    merged = _xlsx(tmp_path / "central.xlsx", "Merged")
    assert {r["first_name"]: r["flagged"] for r in merged} == {"Sara": TYPO, "Lena": None}
    # The merged workbook merged again: the same words, said once.
    again = merge_exports([tmp_path / "central.xlsx"], tmp_path / "again.xlsx", parallel=False)
    assert again.rows_out == 5
    old = next(r for r in _xlsx(tmp_path / "again.xlsx") if r["first_name"] == "Old")
    assert old["flagged"] == by_name["Old"]["flagged"]


def test_the_exports_sql_says_the_flags_in_the_same_words_as_python() -> None:
    """The export turns flags into words in SQL (no Python per row): held equal to
    flags_in_words for every combination of flags, sorted as the store keeps them."""
    import sqlite3
    from itertools import combinations

    from actionkit.core.signatures.export import _FIELD_SQL
    from actionkit.core.signatures.validation import FLAG_WORDS, flags_in_words

    codes = [*FLAG_WORDS, "warn:some_new_check"]
    conn = sqlite3.connect(":memory:")
    query = f"SELECT {_FIELD_SQL['flagged']} FROM (SELECT ? AS flags) s"
    for size in range(len(codes) + 1):
        for chosen in combinations(codes, size):
            stored = ",".join(sorted(chosen))
            (words,) = conn.execute(query, (stored,)).fetchone()
            assert (words or "") == flags_in_words(stored), stored
    assert all("," not in words and "warn:" not in words for words in FLAG_WORDS.values())


def test_the_events_sheet_says_when_the_event_ran(store: SignatureStore, tmp_path: Path) -> None:
    # Failed before (a volunteer's run-through): the export's Events sheet had the
    # date but not the start and end time the event form asks for.
    event = store.create_event(
        "Mahnwache", "2026-12-10", city="Köln", start_time="14:00", end_time="16:00"
    )
    export_xlsx(store, tmp_path / "events.xlsx", load_presets()["generic"])
    rows = _xlsx(tmp_path / "events.xlsx", "Events")
    mine = next(r for r in rows if r["event"] == event.slug)
    assert (mine["date"], mine["start_time"], mine["end_time"]) == ("2026-12-10", "14:00", "16:00")
