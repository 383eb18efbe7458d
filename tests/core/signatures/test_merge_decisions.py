"""Merge decisions that never lose consent: the same email is one signer, the same
name and city is one signer only when one side has no email, a possible duplicate is
kept apart and listed for the user, consent is the union, and none of it depends on
the order of the files or of their rows."""

from __future__ import annotations

import csv
import itertools
import json
import random
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.export import export_csv, export_xlsx, load_presets
from actionkit.core.signatures.merge import (
    MergeOptions,
    merge_exports,
    merge_to_stream,
    output_format,
)
from actionkit.core.signatures.merge_decide import decide
from actionkit.core.signatures.merge_read import FIELD_COUNT, LINE, MERGED_FIELDS, row_keys
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput, match_keys

HEADER = ["first_name", "last_name", "email", "city", "consent", "sheet", "row"]
Person = tuple[str, str, str, str, bool]  # first, last, email, city, consent


def write_export_csv(
    path: Path, people: list[Person], *, delimiter: str = ",", backwards: bool = False
) -> Path:
    """A CSV export as ActionKit's generic preset writes one (with a BOM); `backwards`:
    the same rows (the same sheet rows) written last to first."""
    numbered = list(enumerate(people, 1))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(HEADER)
        for number, (first, last, email, city, consent) in numbered[:: -1 if backwards else 1]:
            sheet = f"{path.stem.upper()}-1"
            writer.writerow([first, last, email, city, "yes" if consent else "no", sheet, number])
    return path


def export_for(tmp_path: Path, name: str, people: list[Person], preset: str = "generic") -> Path:
    """An .xlsx export made by ActionKit from a store of its own (an event in `name`)."""
    with SignatureStore(tmp_path / f"{name}.sqlite3") as store:
        event = store.create_event(f"Rally {name}", "2026-12-10", city=name)
        sheet = store.create_sheets(event.slug, ("de",), 1)[0]
        for row, (first, last, email, city, consent) in enumerate(people, 1):
            signer = SignerInput(
                first_name=first, last_name=last, email=email, city=city, consent=consent
            )
            store.add_row(sheet.id, row, signer)
        presets = load_presets(tmp_path)
        return export_xlsx(store, tmp_path / f"{name}.xlsx", presets[preset]).path


def book_rows(path: Path | bytes, sheet: str) -> list[dict[str, str]]:
    book = load_workbook(BytesIO(path) if isinstance(path, bytes) else path, read_only=True)
    rows = [
        ["" if v is None else str(v) for v in r] for r in book[sheet].iter_rows(values_only=True)
    ]
    width = len(rows[0])
    return [dict(zip(rows[0], r + [""] * (width - len(r)), strict=True)) for r in rows[1:]]


def consented(signers: list[dict[str, str]]) -> set[str]:
    return {s["email"].casefold() for s in signers if s["consent"] == "yes"}


# The case ------------------------------------------------------------------


def test_koln_bonn_a_consented_email_is_a_signer_not_only_a_trace(tmp_path: Path) -> None:
    """The same name in the same city with a different email: the Köln row without
    consent was kept and the consented jose.nunez@ survived only in the Merged sheet.
    Fails on the old code."""
    koln = export_for(tmp_path, "Köln", [("José", "Núñez", "jn1975@example.org", "Köln", False)])
    bonn = export_for(tmp_path, "Bonn", [("Jose", "Nunez", "jose.nunez@example.org", "Köln", True)])
    report = merge_exports([koln, bonn], tmp_path / "central.xlsx", parallel=False)
    signers = book_rows(tmp_path / "central.xlsx", "Signers")
    assert consented(signers) == {"jose.nunez@example.org"}
    assert {s["email"] for s in signers} == {"jn1975@example.org", "jose.nunez@example.org"}
    (pair,) = report.pending
    assert pair.id.startswith("p-") and report.merged == []
    merged = book_rows(tmp_path / "central.xlsx", "Merged")
    assert [(m["decision"], m["pair"]) for m in merged] == [
        ("kept apart: possible duplicate, to decide", pair.id)
    ]
    assert {merged[0]["source_file"], merged[0]["kept_source_file"]} == {"Köln.xlsx", "Bonn.xlsx"}
    assert f"1 possible duplicate(s) kept apart, to decide: {pair.id}" in report.lines()[0]


def test_koln_bonn_without_email_the_consented_row_is_kept_with_its_email(
    tmp_path: Path,
) -> None:
    """The Köln row has no email: one signer, and it is the consented Bonn row with
    its email (the old code kept the first row seen, without email or consent)."""
    koln = export_for(tmp_path, "Köln", [("José", "Núñez", "", "Köln", False)])
    bonn = export_for(tmp_path, "Bonn", [("José", "Núñez", "jose.nunez@example.org", "Köln", True)])
    for order in ([koln, bonn], [bonn, koln]):
        target = tmp_path / f"central-{order[0].stem}.xlsx"
        report = merge_exports(order, target, parallel=False)
        (signer,) = book_rows(target, "Signers")
        assert (signer["email"], signer["consent"]) == ("jose.nunez@example.org", "yes")
        assert signer["source_file"] == "Bonn.xlsx", "the kept row says where it came from"
        (entry,) = book_rows(target, "Merged")
        assert (entry["decision"], entry["reason"]) == ("merged", "same name and city")
        assert entry["source_file"] == "Köln.xlsx" and entry["kept_email"] == signer["email"]
        assert report.pending == []


def test_consent_is_the_union_and_a_missing_value_is_filled(tmp_path: Path) -> None:
    first = write_export_csv(
        tmp_path / "first.csv", [("Sara", "Karimi", "SARA@example.org", "", False)]
    )
    second = write_export_csv(
        tmp_path / "second.csv", [("Sara", "Karimi", "sara@example.org", "Bonn", True)]
    )
    merge_exports([first, second], tmp_path / "central.xlsx", parallel=False)
    (signer,) = book_rows(tmp_path / "central.xlsx", "Signers")
    assert signer["email"] == "sara@example.org", "the consented row's email, as it was written"
    assert (signer["consent"], signer["city"]) == ("yes", "Bonn")
    (entry,) = book_rows(tmp_path / "central.xlsx", "Merged")
    assert entry["reason"] == "same email" and entry["source_file"] == "first.csv"
    assert entry["taken_from_this_row"] == ""
    # The unconsented row fills what the consented one lacks, and says so.
    third = write_export_csv(
        tmp_path / "third.csv", [("Sara", "", "sara@example.org", "Köln", False)]
    )
    fourth = write_export_csv(
        tmp_path / "fourth.csv", [("", "Karimi", "sara@example.org", "", True)]
    )
    merge_exports([third, fourth], tmp_path / "c2.xlsx", parallel=False)
    (signer,) = book_rows(tmp_path / "c2.xlsx", "Signers")
    assert (signer["first_name"], signer["last_name"], signer["city"]) == ("Sara", "Karimi", "Köln")
    assert signer["consent"] == "yes" and signer["source_file"] == "fourth.csv"
    (entry,) = book_rows(tmp_path / "c2.xlsx", "Merged")
    assert entry["taken_from_this_row"] == "first_name, city"


def test_a_row_without_email_matching_two_signers_is_kept_apart(tmp_path: Path) -> None:
    """Which of the two José Núñez it was cannot be known: merged into the first seen, its
    consent would land on one or the other depending on the order of the files."""
    files = [
        write_export_csv(tmp_path / "a.csv", [("José", "Núñez", "", "Köln", True)]),
        write_export_csv(tmp_path / "b.csv", [("José", "Núñez", "one@example.org", "Köln", False)]),
        write_export_csv(tmp_path / "c.csv", [("José", "Núñez", "two@example.org", "Köln", False)]),
    ]
    report = merge_exports(files, tmp_path / "central.xlsx", parallel=False)
    assert report.signers == 3 and report.merged == []
    reasons = sorted(p.reason for p in report.pending)
    assert reasons == [
        "same name and city, different emails",
        "same name and city, no email, and more than one signer has them",
        "same name and city, no email, and more than one signer has them",
    ]


# Order independence ------------------------------------------------------------------

PEOPLE = {
    "koln": [
        ("José", "Núñez", "", "Köln", False),
        ("Sara", "Karimi", "SARA@example.org", "Köln", False),
        ("Mina", "Ahmadi", "mina@example.org", "Köln", True),
        ("Ali", "Rezaei", "", "Köln", True),
    ],
    "bonn": [
        ("Jose", "Nunez", "jose.nunez@example.org", "Köln", True),
        ("Sara", "Karimi", "sara@example.org", "Bonn", True),
        ("Ali", "Rezaei", "ali@example.org", "Köln", False),
    ],
    "cali": [
        ("José", "Núñez", "jn@example.org", "Köln", False),
        ("Mina", "Ahmadi", "", "Köln", False),
        ("Lucía", "Gómez", "lucia@example.org", "Cali", True),
    ],
    "wien": [
        ("Ali", "Rezaei", "", "koln", False),
        ("Lucía", "Gómez", "LUCIA@example.org", "", False),
    ],
}


def test_the_consented_signers_are_the_same_in_every_order_of_the_files(tmp_path: Path) -> None:
    files = {name: write_export_csv(tmp_path / f"{name}.csv", p) for name, p in PEOPLE.items()}
    reversed_rows = {}
    for name, p in PEOPLE.items():
        (tmp_path / f"{name}-r").mkdir()
        reversed_rows[name] = write_export_csv(
            tmp_path / f"{name}-r" / f"{name}.csv", p, backwards=True
        )
    seen: set[tuple[frozenset[tuple[str, str]], frozenset[str], int]] = set()
    for number, order in enumerate(itertools.permutations(PEOPLE)):
        chosen = reversed_rows if number % 2 else files
        target = tmp_path / f"central-{number}.xlsx"
        report = merge_exports([chosen[n] for n in order], target, parallel=False)
        signers = book_rows(target, "Signers")
        everyone = frozenset((s["email"].casefold(), s["consent"]) for s in signers)
        seen.add((everyone, frozenset(p.id for p in report.pairs), len(signers)))
        assert consented(signers) == {
            "jose.nunez@example.org",
            "sara@example.org",
            "mina@example.org",
            "ali@example.org",
            "lucia@example.org",
        }
    assert len(seen) == 1, "the same signers, consent and pairs whatever the order"


_first = st.sampled_from(["José", "Jose", "Sara"])
_last = st.sampled_from(["Núñez", "Karimi"])
_email = st.sampled_from(["", "", "a@example.org", "A@example.org", "b@example.org"])
_city = st.sampled_from(["Köln", "koln", "Bonn", ""])
ROWS = st.lists(st.tuples(_first, _last, _email, _city, st.booleans()), max_size=12)


def _rows(people: list[Person], order: list[int]) -> list[tuple[str | int, ...]]:
    rows: list[tuple[str | int, ...]] = []
    for line in order:
        first, last, email, city, consent = people[line]
        values = (first, last, email, city, "", "", "yes" if consent else "no", "")
        rows.append((*values, f"f{line % 3}.csv", "", "S-1", str(line), line + 2))
    return rows


@settings(max_examples=300, deadline=None)
@given(people=ROWS, seed=st.integers(0, 2**16))
def test_decide_never_loses_a_consented_email_in_any_order(people: list[Person], seed: int) -> None:
    order = list(range(len(people)))
    random.Random(seed).shuffle(order)
    results = []
    for each in (list(range(len(people))), order):
        rows = _rows(people, each)
        outcome = decide(rows, [row_keys(r) for r in rows])
        signers = outcome.signers
        consent = MERGED_FIELDS.index("consent")
        results.append(
            (
                {str(s[2]).casefold() for s in signers if s[consent] == "yes"},
                sorted((str(s[2]).casefold(), str(s[consent])) for s in signers),
                sorted(p.id for p in outcome.pairs),
            )
        )
        for _first, _last, email, _city, agreed in people:
            if agreed and email:
                assert email.casefold() in results[-1][0], "a consented email is a signer"
        assert len(signers) + len(outcome.merged) == len(people)
        assert all(len(s) == LINE and s[FIELD_COUNT] for s in signers)
    assert results[0] == results[1]


# The user's decisions ----------------------------------------------------------------


def test_the_user_decides_a_possible_duplicate(tmp_path: Path) -> None:
    koln = write_export_csv(
        tmp_path / "koln.csv", [("José", "Núñez", "jn1975@example.org", "Köln", False)]
    )
    bonn = write_export_csv(
        tmp_path / "bonn.csv", [("Jose", "Nunez", "jose.nunez@example.org", "Köln", True)]
    )
    first = merge_exports([koln, bonn], tmp_path / "c1.xlsx", parallel=False)
    (pair,) = first.pending
    again = merge_exports([bonn, koln], tmp_path / "c2.xlsx", parallel=False)
    assert [p.id for p in again.pending] == [pair.id], "the same id in any order"

    apart = merge_exports(
        [koln, bonn],
        tmp_path / "c3.xlsx",
        parallel=False,
        options=MergeOptions(decisions={pair.id: "different"}),
    )
    assert apart.pending == [] and [p.decision for p in apart.pairs] == ["different"]
    assert len(book_rows(tmp_path / "c3.xlsx", "Signers")) == 2
    (entry,) = book_rows(tmp_path / "c3.xlsx", "Merged")
    assert entry["decision"] == "kept apart: different people (your decision)"

    same = merge_exports(
        [koln, bonn],
        tmp_path / "c4.xlsx",
        parallel=False,
        options=MergeOptions(decisions={pair.id: "same"}),
    )
    (signer,) = book_rows(tmp_path / "c4.xlsx", "Signers")
    assert (signer["email"], signer["consent"]) == ("jose.nunez@example.org", "yes")
    (entry,) = book_rows(tmp_path / "c4.xlsx", "Merged")
    assert (entry["decision"], entry["pair"]) == ("merged (your decision)", pair.id)
    assert entry["email"] == "jn1975@example.org", "the other email stays in the trace"
    assert same.decided_same == [pair.id]

    with pytest.raises(ActionKitError, match="No possible duplicate is named p-00000000"):
        merge_exports(
            [koln, bonn],
            tmp_path / "c5.xlsx",
            options=MergeOptions(decisions={"p-00000000": "same"}),
        )
    assert not (tmp_path / "c5.xlsx").exists()


# Reading CSV and preset-made exports ------------------------------------------------


def test_merge_reads_semicolon_csv_with_bom_and_crm_preset_exports(
    tmp_path: Path, store: SignatureStore
) -> None:
    semicolon = write_export_csv(
        tmp_path / "koln.csv", [("Narges", "M", "n@example.org", "Köln", True)], delimiter=";"
    )
    event = store.create_event("Rally", "2026-12-10", city="Bonn")
    sheet = store.create_sheets(event.slug, ("de",), 1)[0]
    store.add_row(
        sheet.id,
        1,
        SignerInput(first_name="Jan", last_name="W", email="jan@example.org", consent=True),
    )
    store.add_row(sheet.id, 2, SignerInput(first_name="=HYPERLINK(1)", last_name="X"))
    crm = load_presets()["crm"]
    crm_xlsx = export_xlsx(store, tmp_path / "crm.xlsx", crm).path
    crm_csv = export_csv(store, tmp_path / "crm.csv", crm).path
    report = merge_exports([semicolon, crm_xlsx, crm_csv], tmp_path / "central.xlsx")
    # Jan twice by email; the name without email or city is never matched.
    assert report.files_failed == [] and report.rows_in == 5 and report.signers == 4
    signers = book_rows(tmp_path / "central.xlsx", "Signers")
    assert consented(signers) == {"n@example.org", "jan@example.org"}
    names = {s["first_name"] for s in signers}
    assert "=HYPERLINK(1)" in names, "the CSV's formula guard is taken off again"
    jan = next(s for s in signers if s["first_name"] == "Jan")
    assert (jan["sheet"], jan["row"]) == (sheet.id, "1")


def test_an_export_made_with_a_users_own_preset_merges(tmp_path: Path) -> None:
    """A user's preset renames every column: merging its export said "has no email or
    name columns". Fails on the old code."""
    (tmp_path / "export_presets.json").write_text(
        json.dumps(
            {
                "format": 1,
                "presets": {
                    "centre": {
                        "label": "Our centre",
                        "columns": [
                            ["Vorname", "first_name"],
                            ["Nachname", "last_name"],
                            ["E-Mail", "email"],
                            ["Stadt", "city"],
                            ["Einwilligung", "consent"],
                        ],
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    mine = export_for(
        tmp_path, "Essen", [("Mina", "Ahmadi", "mina@example.org", "Essen", True)], "centre"
    )
    other = export_for(tmp_path, "Bonn", [("Mina", "Ahmadi", "MINA@example.org", "Bonn", False)])
    report = merge_exports(
        [mine, other],
        tmp_path / "central.xlsx",
        parallel=False,
        options=MergeOptions(config_dir=tmp_path),
    )
    assert report.files_failed == [] and report.signers == 1
    (signer,) = book_rows(tmp_path / "central.xlsx", "Signers")
    assert (signer["email"], signer["consent"], signer["city"]) == (
        "mina@example.org",
        "yes",
        "Essen",
    )
    # Merged again with the same preset: the merged file names it in its About sheet.
    again = merge_exports(
        [tmp_path / "central.xlsx"],
        tmp_path / "again.xlsx",
        options=MergeOptions(preset="centre", config_dir=tmp_path),
    )
    assert again.rows_out == 1
    assert list(book_rows(tmp_path / "again.xlsx", "Signers")[0]) == [
        "Vorname",
        "Nachname",
        "E-Mail",
        "Stadt",
        "Einwilligung",
        "flagged",  # a preset has it unless its file says "flagged_column": false
    ]
    third = merge_exports(
        [tmp_path / "again.xlsx"],
        tmp_path / "third.xlsx",
        options=MergeOptions(config_dir=tmp_path),
    )
    assert third.files_failed == [] and third.rows_out == 1


def test_a_file_no_preset_explains_is_refused_naming_what_it_lacks(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Name;Telefon\nSara;0912\n", encoding="utf-8")
    good = write_export_csv(tmp_path / "good.csv", [("Sara", "K", "s@example.org", "Köln", True)])
    report = merge_exports([odd, good], tmp_path / "central.xlsx")
    ((name, reason),) = report.files_failed
    assert name == "odd.csv"
    assert reason == (
        "has no email and no first_name or last_name column, and no export preset has "
        "its columns (Name, Telefon)"
    )


# Output through presets and formats --------------------------------------------------


def test_csv_output_through_a_preset_with_consented_only(tmp_path: Path) -> None:
    files = [write_export_csv(tmp_path / f"{n}.csv", p) for n, p in PEOPLE.items()]
    target = tmp_path / "crm-upload.csv"
    report = merge_exports(
        files,
        target,
        parallel=False,
        options=MergeOptions(preset="crm", format="csv", consented_only=True, delimiter=";"),
    )
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:6] == ["first_name", "last_name", "email", "zip_code", "country", "consent"]
    assert {r[2].casefold() for r in rows[1:]} == {
        "jose.nunez@example.org",
        "sara@example.org",
        "mina@example.org",
        "ali@example.org",
        "lucia@example.org",
    }
    assert report.left_out == report.signers - 5 and report.left_out > 0
    assert any("signer(s) left out" in line for line in report.lines())


def test_output_format_follows_the_name_and_a_mismatch_is_refused() -> None:
    assert output_format("central.csv", None) == "csv"
    assert output_format("central.XLSX", None) == "xlsx"
    assert output_format("-", "csv") == "csv"
    with pytest.raises(ActionKitError, match=r"ends in \.csv but the format asked for is xlsx"):
        output_format("central.csv", "xlsx")
    with pytest.raises(ActionKitError, match="Cannot tell the file format of standard output"):
        output_format("-", None)


def test_a_merge_to_a_stream_writes_no_file(tmp_path: Path) -> None:
    files = [write_export_csv(tmp_path / f"{n}.csv", p) for n, p in PEOPLE.items()]
    before = set(tmp_path.iterdir())
    out = BytesIO()
    report = merge_to_stream(files, out, parallel=False, options=MergeOptions(format="xlsx"))
    assert set(tmp_path.iterdir()) == before
    assert len(book_rows(out.getvalue(), "Signers")) == report.rows_out
    assert load_workbook(BytesIO(out.getvalue())).sheetnames == [
        "Summary",
        "Signers",
        "Merged",
        "Report",
        "Events",
        "Sheets",
        "About",
    ]


@settings(max_examples=300, deadline=None)
@given(first=st.text(max_size=8), last=st.text(max_size=8), city=st.text(max_size=6))
def test_the_merges_keys_are_match_keys(first: str, last: str, city: str) -> None:
    name, _, folded_city = match_keys(first, last, "", city)
    row = (first, last, "", city, "", "", "", "", "f.csv", "", "", "", 2)
    assert row_keys(row) == ("", f"{name}|{folded_city}" if name and folded_city else "")


NB_PRESET = {
    "format": 2,
    "presets": {
        "optin": {
            "label": "A CRM taking opted-in contacts, consent as Y/N",
            "consented_only": True,
            "formulas": "flag",
            "flagged_column": False,
            "columns": [
                {"header": "Email Address", "field": "email"},
                {"header": "First Name", "field": "first_name"},
                {"header": "Last Name", "field": "last_name"},
                {"header": "Town", "field": "city"},
                {"header": "email_opt_in", "field": "consent", "map": {"yes": "Y", "no": "N"}},
            ],
        }
    },
}


def test_a_preset_with_value_forms_round_trips_and_its_consent_rule_always_filters(
    tmp_path: Path,
) -> None:
    """Export with a preset that writes consent as Y/N -> merge (Y read back as yes) ->
    merged out through the same preset: only those who opted in, and it says so."""
    (tmp_path / "export_presets.json").write_text(json.dumps(NB_PRESET), encoding="utf-8")
    people = [
        ("Mina", "Ahmadi", "mina@example.org", "Essen", True),
        ("Jan", "Weber", "jan@example.org", "Essen", False),
    ]
    with SignatureStore(tmp_path / "essen.sqlite3") as store:
        event = store.create_event("Rally Essen", "2026-12-10", city="Essen")
        sheet = store.create_sheets(event.slug, ("de",), 1)[0]
        for row, (first, last, email, city, consent) in enumerate(people, 1):
            signer = SignerInput(
                first_name=first, last_name=last, email=email, city=city, consent=consent
            )
            store.add_row(sheet.id, row, signer)
        preset = load_presets(tmp_path)["optin"]
        export_csv(store, tmp_path / "essen.csv", preset)
        mina_only = (tmp_path / "essen.csv").read_text("utf-8-sig").splitlines()
        assert mina_only[0] == "Email Address,First Name,Last Name,Town,email_opt_in"
    other = write_export_csv(tmp_path / "bonn.csv", [("Jan", "Weber", "jan@example.org", "", True)])
    options = MergeOptions(preset="optin", format="csv", config_dir=tmp_path)
    report = merge_exports([tmp_path / "essen.csv", other], tmp_path / "crm.csv", options=options)
    rows = list(csv.reader((tmp_path / "crm.csv").read_text("utf-8-sig").splitlines()))
    assert rows[0] == ["Email Address", "First Name", "Last Name", "Town", "email_opt_in"]
    assert sorted(rows[1:]) == [
        ["jan@example.org", "Jan", "Weber", "", "Y"],
        ["mina@example.org", "Mina", "Ahmadi", "Essen", "Y"],
    ]
    # The Essen export left Jan out (he did not opt in there); he did at the Bonn table.
    assert report.left_out == 0 and report.consent_filter == "preset"
    alone = merge_exports([tmp_path / "essen.csv"], tmp_path / "crm2.csv", options=options)
    assert alone.left_out == 0 and alone.rows_out == 1  # the export had filtered already
    generic = write_export_csv(
        tmp_path / "koln.csv", [("Ali", "Rezaei", "ali@example.org", "Köln", False)]
    )
    filtered = merge_exports([generic, other], tmp_path / "crm3.csv", options=options)
    assert filtered.left_out == 1 and filtered.rows_out == 1
    assert "the preset takes only those who agreed to be contacted" in "\n".join(filtered.lines())


def test_a_crm_preset_leaves_out_rows_marked_illegible_or_declined(tmp_path: Path) -> None:
    """As an export for a CRM does (its preset's leave_out_flags), and said."""
    source = tmp_path / "koln.csv"
    source.write_text(
        "first_name,last_name,email,city,consent,flagged,sheet,row\n"
        "Sara,Karimi,sara@example.org,Köln,yes,,K-1,1\n"
        "Ali,Rezaei,,Köln,no,marked illegible,K-1,2\n",
        encoding="utf-8",
    )
    options = MergeOptions(preset="nationbuilder", format="csv")
    report = merge_exports([source], tmp_path / "nb.csv", options=options)
    assert (report.signers, report.rows_out, report.flagged_left_out) == (2, 1, 1)
    assert "1 signer(s) left out: marked illegible or declined" in "\n".join(report.lines())
    rows = list(csv.reader((tmp_path / "nb.csv").read_text("utf-8-sig").splitlines()))
    assert [r[0] for r in rows[1:]] == ["sara@example.org"]
