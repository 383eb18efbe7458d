"""Exports read back exactly; formulas stay text; passwords work; merges count right."""

from __future__ import annotations

import csv
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.export import (
    ExportCancelled,
    decrypt_with_password,
    export_csv,
    export_xlsx,
    load_presets,
)
from actionkit.core.signatures.merge import merge_exports
from actionkit.core.signatures.store import Sheet, SignatureStore
from actionkit.core.signatures.validation import SignerInput

PRESETS = load_presets()
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]
NAMES = [
    ("نرگس", "محمدی"),
    ("José", "Muñoz Peña"),
    ("Jürgen", "Weiß"),
    ("Amélie", "😀 Dupont"),
    ("N" * 200, "L" * 200),
]


def fill(store: SignatureStore, sheet: Sheet) -> None:
    for row, (first, last) in enumerate(NAMES, 1):
        store.add_row(
            sheet.id,
            row,
            SignerInput(
                first_name=first,
                last_name=last,
                city="Köln",
                email=f"p{row}@example.org",
                consent=row % 2 == 1,
            ),
        )
    for row, text in enumerate(HOSTILE, len(NAMES) + 1):
        store.add_row(sheet.id, row, SignerInput(first_name=text, last_name=text, city=text))


def signer_rows(path: Path | bytes) -> tuple[list[str], list[list[object]], list[list[str]]]:
    book = load_workbook(BytesIO(path) if isinstance(path, bytes) else path)
    sheet = book["Signers"]
    rows = list(sheet.iter_rows())
    header = [str(c.value) for c in rows[0]]
    values = [[c.value for c in row] for row in rows[1:]]
    types = [[c.data_type for c in row] for row in rows[1:]]
    return header, values, types


def test_xlsx_reads_back_exactly_and_formulas_stay_text(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    fill(store, sheet)
    result = export_xlsx(store, tmp_path / "out.xlsx", PRESETS["generic"])
    assert result.rows == len(NAMES) + len(HOSTILE)
    header, values, types = signer_rows(tmp_path / "out.xlsx")
    first, last = header.index("first_name"), header.index("last_name")
    assert [(v[first], v[last]) for v in values[: len(NAMES)]] == NAMES
    for v, t in zip(values[len(NAMES) :], types[len(NAMES) :], strict=True):
        assert v[first] in HOSTILE and t[first] == "s", "a formula-looking name must be a text cell"
        assert not str(v[first]).startswith("'"), "stored as typed, not altered"
    assert values[0][header.index("sheet")] == sheet.id and values[0][header.index("row")] == 1
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["Summary", "Signers", "Sheets", "Events", "About"]
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["schema"] == "actionkit-signers" and about["rows"] == str(result.rows)


def test_filters_consent_and_event(store: SignatureStore, sheet: Sheet, tmp_path: Path) -> None:
    fill(store, sheet)
    other = store.create_event("Elsewhere", "2026-12-24")
    other_sheet = store.create_sheets(other.slug, ("en",), 1)[0]
    store.add_row(
        other_sheet.id, 1, SignerInput(first_name="Other", email="o@example.org", consent=True)
    )
    consented = export_xlsx(store, tmp_path / "c.xlsx", PRESETS["crm"], consented_only=True)
    header, values, _ = signer_rows(tmp_path / "c.xlsx")
    assert header[:6] == ["first_name", "last_name", "email", "zip_code", "country", "consent"]
    assert consented.rows == 4 and all(v[5] == "yes" for v in values)
    only_other = export_xlsx(store, tmp_path / "o.xlsx", PRESETS["generic"], event=other.slug)
    assert only_other.rows == 1


def test_password_protection(store: SignatureStore, sheet: Sheet, tmp_path: Path) -> None:
    fill(store, sheet)
    export_xlsx(store, tmp_path / "p.xlsx", PRESETS["generic"], password="correct horse")
    assert (tmp_path / "p.xlsx").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    with pytest.raises(Exception):  # noqa: B017 - openpyxl cannot read it without the password
        load_workbook(tmp_path / "p.xlsx")
    protected = (tmp_path / "p.xlsx").read_bytes()
    _, values, _ = signer_rows(decrypt_with_password(protected, "correct horse"))
    assert values[0][0] == "نرگس"
    with pytest.raises(ActionKitError, match="wrong password"):
        decrypt_with_password(protected, "wrong horse")


def test_csv_is_utf8_with_bom_and_guards_formulas(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    fill(store, sheet)
    export_csv(store, tmp_path / "out.csv", PRESETS["generic"])
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[1][:2] == ["نرگس", "محمدی"]
    guarded = [r[0] for r in rows[1 + len(NAMES) :]]
    assert guarded == ["'" + h for h in HOSTILE]


def test_progress_cancel_and_export_log(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    sheets = store.create_sheets(sheet.event_slug, ("en",), 80, 15)
    for n, s in enumerate(sheets):
        for row in range(1, 16):
            store.add_row(s.id, row, SignerInput(first_name=f"P{n}-{row}"))
    calls: list[tuple[int, int]] = []
    export_xlsx(
        store, tmp_path / "big.xlsx", PRESETS["generic"], progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (1200, 1200) and len(calls) > 1
    with pytest.raises(ExportCancelled):
        export_xlsx(store, tmp_path / "stop.xlsx", PRESETS["generic"], cancelled=lambda: True)
    assert not list(tmp_path.glob("stop.xlsx*")) and not list(tmp_path.glob(".stop.xlsx*"))
    log = list(store.conn.execute("SELECT file_name, rows, protected FROM exports"))
    assert [tuple(r) for r in log] == [("big.xlsx", 1200, 0)]


def _export_for(
    tmp_path: Path, name: str, people: list[tuple[str, str, str, str]], password: str | None = None
) -> Path:
    with SignatureStore(tmp_path / f"{name}.sqlite3") as store:
        event = store.create_event(f"Rally {name}", "2026-12-10", city=name)
        sheet = store.create_sheets(event.slug, ("en",), 1)[0]
        for row, (first, last, email, city) in enumerate(people, 1):
            store.add_row(
                sheet.id, row, SignerInput(first_name=first, last_name=last, email=email, city=city)
            )
        return export_xlsx(
            store, tmp_path / f"{name}.xlsx", PRESETS["generic"], password=password
        ).path


def test_merge_three_files_with_overlaps_and_a_broken_one(tmp_path: Path) -> None:
    a = _export_for(
        tmp_path,
        "koln",
        [
            ("Sara", "Karimi", "sara@example.org", "Köln"),
            ("Ali", "Rezaei", "", "Köln"),
            ("Mina", "Ahmadi", "mina@example.org", "Köln"),
        ],
    )
    b = _export_for(
        tmp_path,
        "bonn",
        [("S.", "Karimi", "SARA@example.org", "Bonn"), ("Jan", "Weber", "jan@example.org", "Bonn")],
    )
    c = _export_for(
        tmp_path,
        "cali",
        [
            ("علي", "رضائي", "", "Köln"),
            ("Ali", "Rezaei", "", "koln"),
            ("Lucía", "Gómez", "lucia@example.org", "Cali"),
        ],
        password="pw",
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    foreign = tmp_path / "foreign.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name"])
    book.save(foreign)
    report = merge_exports([a, b, broken, c, foreign], tmp_path / "central.xlsx", password="pw")
    assert report.rows_in == 8
    assert (
        report.rows_out == 6
    )  # Sara twice by email, Ali Rezaei (Köln/koln) twice by name and city
    assert sorted(m.reason for m in report.merged) == ["same email", "same name and city"]
    assert {n for n, _ in report.files_failed} == {"broken.xlsx", "foreign.xlsx"}
    central = load_workbook(tmp_path / "central.xlsx")
    assert central.sheetnames == [
        "Summary",
        "Signers",
        "Merged",
        "Report",
        "Events",
        "Sheets",
        "About",
    ]
    signers = [[c.value for c in r] for r in central["Signers"].iter_rows()]
    assert len(signers) == 1 + 6
    merged = [[c.value for c in r] for r in central["Merged"].iter_rows()]
    head = merged[0]
    # Neither consented: the row kept is the earliest by where it came from (bonn.xlsx
    # before koln.xlsx), whatever the order of the files.
    sara = next(r for r in merged[1:] if r[head.index("email")] == "sara@example.org")
    assert sara[head.index("source_file")] == "koln.xlsx", "where the duplicate came from"
    assert sara[head.index("kept_source_file")] == "bonn.xlsx", "and the row it was merged into"
    assert sara[head.index("reason")] == "same email"
    assert not list(tmp_path.glob(".actionkit-tmp-*")), "no temporary rows left behind"


def test_merge_keeps_formulas_as_text_and_reads_alike_in_one_or_two_processes(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    fill(store, sheet)
    first = export_xlsx(store, tmp_path / "one.xlsx", PRESETS["crm"]).path
    second = _export_for(tmp_path, "two", [("Jan", "Weber", "jan@example.org", "Bonn")])
    outputs = []
    for parallel in (True, False):
        target = tmp_path / f"central-{parallel}.xlsx"
        merge_exports([first, second], target, parallel=parallel)
        outputs.append(signer_rows(target))
    assert outputs[0] == outputs[1]
    header, values, types = outputs[0]
    column = header.index("first_name")
    hostile = [(row[column], kinds[column]) for row, kinds in zip(values, types, strict=True)]
    for text in HOSTILE:
        assert (text, "s") in hostile, f"{text} must come back as a text cell"


def test_merge_without_the_password_skips_the_protected_file(tmp_path: Path) -> None:
    a = _export_for(tmp_path, "a", [("Sara", "Karimi", "sara@example.org", "Köln")])
    b = _export_for(tmp_path, "b", [("Jan", "Weber", "jan@example.org", "Bonn")], password="pw")
    from actionkit.core.signatures.merge import is_password_protected

    assert is_password_protected(b) and not is_password_protected(a)
    assert not is_password_protected(tmp_path / "missing.xlsx")
    report = merge_exports([a, b], tmp_path / "central.xlsx")
    assert report.rows_out == 1 and report.files_failed == [
        ("b.xlsx", "is password-protected, and no password was given")
    ]
    wrong = merge_exports([a, b], tmp_path / "central2.xlsx", password="not it")
    assert wrong.files_failed == [
        ("b.xlsx", "is password-protected, and the password given does not open it")
    ]
    assert wrong.files_failed[0][1].key == "merge.wrong_password"  # type: ignore[attr-defined]
    with pytest.raises(ActionKitError, match="No file could be merged"):
        merge_exports([b], tmp_path / "none.xlsx")


def _files_under(*folders: Path) -> set[Path]:
    return {p for folder in folders for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("how", ["plain", "password", "sealed"])
def test_export_writes_no_file_but_its_own_partial_output(
    store: SignatureStore, sheet: Sheet, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl streamed every row through plaintext temporary files (sealed exports
    too), under a process-wide tempfile.tempdir redirect; fails on the old code."""
    import tempfile

    from actionkit.core.signatures.sealing import generate_identity

    system_temp = tmp_path / "system-temp"  # stands for /tmp, which other processes share
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))

    for number, paper in enumerate(store.create_sheets(sheet.event_slug, ("en",), 60, 20)):
        for row in range(1, 21):  # 1200 rows: progress is reported every 1000
            signer = SignerInput(first_name=f"Pnum{number}-{row}", last_name="X", city="Y")
            store.add_row(paper.id, row, signer)
    out = tmp_path / "out"
    out.mkdir()
    data_before = _files_under(store.path.parent)
    seen: list[set[Path]] = []

    def progress(done: int, total: int) -> None:
        assert tempfile.gettempdir() == str(system_temp), "no process-wide redirect"
        (partial,) = out.iterdir()  # the output's own temporary file, and nothing else
        assert partial.name.startswith(".all.xlsx.actionkit-partial-")
        if how != "plain":  # built in memory: the file gets the encrypted bytes only
            assert partial.stat().st_size == 0
        new_data = _files_under(store.path.parent) - data_before - {partial}
        assert {p.parent.name for p in new_data} <= {"pending-writes"}
        assert all(b"Pnum" not in p.read_bytes() for p in new_data)
        seen.append(_files_under(system_temp))

    _, recipient = generate_identity() if how == "sealed" else (None, None)
    export_xlsx(
        store,
        out / "all.xlsx",
        PRESETS["generic"],
        progress=progress,
        password="pw" if how == "password" else None,
        seal_to=recipient,
    )
    assert seen and not any(seen), "nothing new in the system's temporary folder"
    assert [p.name for p in out.iterdir()] == ["all.xlsx"]
    assert not (store.path.parent / "pending-writes").exists() or not any(
        (store.path.parent / "pending-writes").iterdir()
    )


def test_merge_writes_no_file_but_its_own_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl's temporary files held the decrypted rows beside the output (a killed
    merge left them there); fails on the old code."""
    import tempfile

    a = _export_for(tmp_path, "a", [("Sara", "Karimi", "sara@example.org", "Köln")])
    b = _export_for(tmp_path, "b", [("Jan", "Weber", "jan@example.org", "Bonn")], password="pw")
    out = tmp_path / "out"
    out.mkdir()
    data = tmp_path / "data"
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    seen: list[list[str]] = []

    def progress(done: int, total: int) -> None:
        seen.append(sorted(p.name for p in out.iterdir()))
        (note,) = (data / "pending-writes").iterdir()
        assert note.read_text(encoding="utf-8").startswith(str(out.resolve()))
        assert not list(system_temp.iterdir())

    report = merge_exports(
        [a, b], out / "central.xlsx", password="pw", progress=progress, pending=data
    )
    assert report.rows_out == 2 and len(seen) == 2
    assert all(len(names) == 1 and ".actionkit-partial-" in names[0] for names in seen)
    assert [p.name for p in out.iterdir()] == ["central.xlsx"]
    assert not list((data / "pending-writes").iterdir())


def test_merge_never_writes_over_one_of_its_inputs(tmp_path: Path) -> None:
    """`merge a.xlsx b.xlsx -o a.xlsx` replaced the received file the centre checks row
    counts against (a security tester's finding). Fails on the old code."""
    a = _export_for(tmp_path, "koln", [("Sara", "Karimi", "sara@example.org", "Köln")])
    b = _export_for(tmp_path, "bonn", [("Jan", "Weber", "jan@example.org", "Bonn")])
    before = a.read_bytes()
    with pytest.raises(ActionKitError, match="is one of the files to merge"):
        merge_exports([a, b], a)
    assert a.read_bytes() == before
