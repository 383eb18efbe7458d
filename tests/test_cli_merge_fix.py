"""What the centre's data coordinator found in `actionkit merge`: a "different" decision
overridden by a chain of "same" ones, the email kept decided by the order of the files,
an address put together from two rows, a byte order mark in CRM CSVs, and counts that
did not agree with `actionkit report`."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from actionkit.cli import main
from tests.core.signatures.test_merge_decisions import book_rows

HEADER = ["first_name", "last_name", "email", "city", "postal_code", "consent", "sheet", "row"]
# first, last, email, city, postal code, consent, flagged
Row = tuple[str, str, str, str, str, bool]


def write_csv(path: Path, rows: list[Row], flagged: tuple[str, ...] = ()) -> Path:
    """A CSV export as the generic preset writes one (BOM, comma)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*HEADER, "flagged"])
        for number, (first, last, email, city, postcode, consent) in enumerate(rows, 1):
            marked = flagged[number - 1] if number <= len(flagged) else ""
            writer.writerow(
                [
                    first,
                    last,
                    email,
                    city,
                    postcode,
                    "yes" if consent else "no",
                    f"{path.stem.upper()}-1",
                    number,
                    marked,
                ]
            )
    return path


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(tmp_path / "home"), "merge", *args])
    out, err = capsys.readouterr()
    return code, out, err


def pairs_named(out: str) -> dict[str, str]:
    """Pair id -> its line in the summary."""
    return {
        line.split(":", 1)[0].strip(): line
        for line in out.splitlines()
        if line.strip().startswith("p-") and "|" in line
    }


def pair_of(pairs: dict[str, str], first: str, second: str) -> str:
    return next(p for p, line in pairs.items() if first in line and second in line)


@pytest.fixture
def three_cities(tmp_path: Path) -> list[Path]:
    return [
        write_csv(
            tmp_path / "berlin.csv",
            [("Amir", "Tehrani", "amir@b.example", "Berlin", "10117", False)],
        ),
        write_csv(
            tmp_path / "bonn.csv", [("Amir", "Tehrani", "amir@o.example", "Berlin", "", False)]
        ),
        write_csv(
            tmp_path / "hamburg.csv", [("Amir", "Tehrani", "amir@h.example", "Berlin", "", True)]
        ),
    ]


def test_contradicting_decisions_are_refused_naming_the_pairs_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, three_cities: list[Path]
) -> None:
    """Finding 1: Berlin–Bonn same, Berlin–Hamburg same, Bonn–Hamburg different made one
    signer silently. Fails on the old code (it wrote one signer)."""
    files = list(map(str, three_cities))
    code, out, _ = run(capsys, tmp_path, *files, "-o", str(tmp_path / "first.xlsx"))
    assert code == 0
    pairs = pairs_named(out)
    assert len(pairs) == 3
    berlin_bonn = pair_of(pairs, "amir@b.example", "amir@o.example")
    berlin_hamburg = pair_of(pairs, "amir@b.example", "amir@h.example")
    bonn_hamburg = pair_of(pairs, "amir@o.example", "amir@h.example")
    target = tmp_path / "central.xlsx"
    code, _, err = run(
        capsys,
        tmp_path,
        *files,
        "-o",
        str(target),
        "--same",
        f"{berlin_bonn},{berlin_hamburg}",
        "--different",
        bonn_hamburg,
    )
    assert code == 1
    assert "contradict" in err and bonn_hamburg in err
    assert berlin_bonn in err and berlin_hamburg in err
    assert not target.exists()
    # One "same" and the "different": the different pair stays apart, and is listed.
    code, out, _ = run(
        capsys,
        tmp_path,
        *files,
        "-o",
        str(target),
        "--same",
        berlin_bonn,
        "--different",
        bonn_hamburg,
    )
    assert code == 0
    emails = {s["email"] for s in book_rows(target, "Signers")}
    assert "amir@h.example" in emails
    decisions = {(m["pair"], m["decision"]) for m in book_rows(target, "Merged")}
    assert (bonn_hamburg, "kept apart: different people (your decision)") in decisions
    assert (berlin_bonn, "merged (your decision)") in decisions


def test_the_email_kept_does_not_depend_on_the_order_and_the_other_is_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Finding 2: with --same, the FILE ORDER decided which email survived. Fails on the
    old code (the Signers rows differ between orders, and no "other email" is said)."""
    files = [
        write_csv(
            tmp_path / "berlin.csv", [("Sara", "Karimi", "s.karimi@example.com", "Köln", "", False)]
        ),
        write_csv(
            tmp_path / "bonn.csv", [("Sara", "Karimi", "sara.k@example.net", "Köln", "", False)]
        ),
        write_csv(
            tmp_path / "koln.csv",
            [("Sara", "Karimi", "sara.karimi@example.org", "Köln", "", False)],
        ),
    ]
    code, out, _ = run(capsys, tmp_path, *map(str, files), "-o", str(tmp_path / "p.xlsx"))
    pairs = ",".join(pairs_named(out))
    seen = set()
    for number, order in enumerate(itertools.permutations(files)):
        target = tmp_path / f"c{number}.xlsx"
        code, out, _ = run(capsys, tmp_path, *map(str, order), "-o", str(target), "--same", pairs)
        assert code == 0
        signers = book_rows(target, "Signers")
        seen.add(tuple(sorted((s["email"], s["consent"]) for s in signers)))
        assert len(signers) == 1
        kept = signers[0]["email"]
        others = {"s.karimi@example.com", "sara.k@example.net", "sara.karimi@example.org"} - {kept}
        taken = " ".join(m["taken_from_this_row"] for m in book_rows(target, "Merged"))
        for other in others:
            assert f"other email: {other}" in taken
            assert other in out and "had two emails" in out
    assert len(seen) == 1
    # A consented row's email is the one kept.
    files[1] = write_csv(
        tmp_path / "bonn.csv", [("Sara", "Karimi", "sara.k@example.net", "Köln", "", True)]
    )
    code, out, _ = run(capsys, tmp_path, *map(str, files), "-o", str(tmp_path / "y.xlsx"))
    code, out, _ = run(
        capsys,
        tmp_path,
        *map(str, files),
        "-o",
        str(tmp_path / "y.xlsx"),
        "--same",
        ",".join(pairs_named(out)),
    )
    assert [(s["email"], s["consent"]) for s in book_rows(tmp_path / "y.xlsx", "Signers")] == [
        ("sara.k@example.net", "yes")
    ]


def test_the_address_comes_as_one_block_from_one_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Finding 3: Amir kept city Bonn but took the Berlin row's postcode 10117. Fails on
    the old code ("Bonn, 10117")."""
    files = [
        write_csv(
            tmp_path / "berlin.csv",
            [("Amir", "Tehrani", "amir@example.org", "Berlin", "10117", False)],
        ),
        write_csv(
            tmp_path / "bonn.csv", [("Amir", "Tehrani", "amir@example.org", "Bonn", "", True)]
        ),
    ]
    for order in (files, files[::-1]):
        target = tmp_path / "central.xlsx"
        code, _, _ = run(capsys, tmp_path, *map(str, order), "-o", str(target))
        assert code == 0
        (signer,) = book_rows(target, "Signers")
        assert (signer["city"], signer["postal_code"], signer["consent"]) == ("Bonn", "", "yes")
    # A kept row with no address at all takes the whole block from one other row.
    files[1] = write_csv(
        tmp_path / "bonn.csv", [("Amir", "Tehrani", "amir@example.org", "", "", True)]
    )
    code, _, _ = run(capsys, tmp_path, *map(str, files), "-o", str(tmp_path / "c.xlsx"))
    (signer,) = book_rows(tmp_path / "c.xlsx", "Signers")
    assert (signer["city"], signer["postal_code"]) == ("Berlin", "10117")


def test_crm_csv_from_merge_has_no_byte_order_mark_like_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, three_cities: list[Path]
) -> None:
    """Finding 4: `merge --preset mailchimp -o x.csv` started with EF BB BF. Fails on the
    old code."""
    target = tmp_path / "x.csv"
    code, _, _ = run(
        capsys, tmp_path, *map(str, three_cities), "--preset", "mailchimp", "-o", str(target)
    )
    assert code == 0
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.startswith(b"Email Address")
    # A spreadsheet CSV (the merge's own layout) keeps the mark Excel needs.
    code, _, _ = run(capsys, tmp_path, *map(str, three_cities), "-o", str(tmp_path / "s.csv"))
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_summary_counts_rows_and_signatures_as_report_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Finding 5: "3 signers out" while the report said 2 signatures. Fails on the old
    code."""
    path = write_csv(
        tmp_path / "koln.csv",
        [
            ("Mina", "Ahmadi", "mina@example.org", "Köln", "", True),
            ("Jan", "Weber", "jan@example.org", "Köln", "", False),
            ("", "", "", "", "", False),
        ],
        flagged=("", "", "marked illegible"),
    )
    target = tmp_path / "central.xlsx"
    code, out, _ = run(capsys, tmp_path, str(path), "-o", str(target))
    assert code == 0
    assert "3 rows in, 3 rows out: 2 signatures, 1 marked illegible, declined or empty;" in out
    code = main(["--home", str(tmp_path / "home"), "report", str(target)])
    report, _ = capsys.readouterr()
    assert code == 0 and "2 signatures" in report


def test_a_merge_by_name_and_city_is_named_and_can_be_undone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Finding 6: a row without email merged into a signer by name and city was decided
    by the program alone. Fails on the old code (no id to give --different)."""
    files = [
        write_csv(tmp_path / "koln.csv", [("Ali", "Rezaei", "ali@example.org", "Köln", "", True)]),
        write_csv(tmp_path / "bonn.csv", [("Ali", "Rezaei", "", "Köln", "53111", False)]),
    ]
    ids = set()
    for order in (files, files[::-1]):
        code, out, _ = run(capsys, tmp_path, *map(str, order), "-o", str(tmp_path / "c.xlsx"))
        assert code == 0
        line = next(x for x in out.splitlines() if "merged by name and city:" in x)
        ids.add(line.split(":", 1)[0].strip())
    (name,) = ids  # the same id in any order of the files
    assert name.startswith("p-")
    (entry,) = book_rows(tmp_path / "c.xlsx", "Merged")
    assert (entry["reason"], entry["pair"]) == ("same name and city", name)
    assert len(book_rows(tmp_path / "c.xlsx", "Signers")) == 1

    target = tmp_path / "apart.xlsx"
    code, out, _ = run(capsys, tmp_path, *map(str, files), "-o", str(target), "--different", name)
    assert code == 0 and "1 pair(s) kept apart as you decided" in out
    assert "merged by name and city:" not in out
    signers = book_rows(target, "Signers")
    assert sorted(s["email"] for s in signers) == ["", "ali@example.org"]
    (entry,) = book_rows(target, "Merged")
    assert (entry["pair"], entry["decision"]) == (
        name,
        "kept apart: different people (your decision)",
    )


def test_dash_reads_one_file_from_standard_input_xlsx_or_csv(tmp_path: Path) -> None:
    """Finding 7: `merge -` read a file named "-". Fails on the old code."""
    import os
    import subprocess
    import sys

    koln = write_csv(
        tmp_path / "koln.csv", [("Mina", "Ahmadi", "mina@example.org", "Köln", "", True)]
    )
    bonn = write_csv(
        tmp_path / "bonn.csv", [("Jan", "Weber", "jan@example.org", "Bonn", "", False)]
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def merge(stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "actionkit", "--home", str(tmp_path / "home"), "merge", *args],
            input=stdin,
            capture_output=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )

    done = merge(koln.read_bytes(), "-", str(bonn), "-o", str(tmp_path / "a.xlsx"))
    assert done.returncode == 0, done.stderr
    emails = sorted(s["email"] for s in book_rows(tmp_path / "a.xlsx", "Signers"))
    assert emails == ["jan@example.org", "mina@example.org"]
    assert ["stdin", "1", "merged"] in [
        list(r.values()) for r in book_rows(tmp_path / "a.xlsx", "Report")
    ]
    # An xlsx workbook on standard input, told by its content.
    done = merge((tmp_path / "a.xlsx").read_bytes(), "-", "-o", str(tmp_path / "b.csv"))
    assert done.returncode == 0, done.stderr
    assert "mina@example.org" in (tmp_path / "b.csv").read_text("utf-8-sig")
    assert not (tmp_path / "-").exists()
    done = merge(b"", "-", "-", "-o", str(tmp_path / "c.xlsx"))
    assert done.returncode == 1 and b"once" in done.stderr
