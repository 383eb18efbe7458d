"""`actionkit export --preset <crm>` as the centre runs it: the CRM layouts by name, who
an opt-in-only CRM leaves out said on stderr, a value a CRM would refuse refused with its
row named."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from actionkit.cli import main
from tests.test_cli_signatures import run, sheet_id  # noqa: F401 (a fixture)


def _add(capsys: pytest.CaptureFixture[str], sheet: str, row: int, first: str, *extra: str) -> None:
    code, _, err = run(
        capsys,
        "signatures",
        "add",
        "--sheet",
        sheet,
        "--row",
        str(row),
        "--first-name",
        first,
        "--last-name",
        "Ahmadi",
        "--email",
        f"{first.lower()[:20]}@example.org",
        "--city",
        "Köln",
        "--country",
        "Deutschland",
        *extra,
    )
    assert code == 0, err


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_export_for_each_crm_by_name(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,  # noqa: F811
) -> None:
    _add(capsys, sheet_id, 1, "Sara", "--consent")
    _add(capsys, sheet_id, 2, "Jonas")

    out_file = tmp_path / "nb.csv"
    code, out, err = run(
        capsys, "export", "--preset", "nationbuilder", "--format", "csv", "-o", str(out_file)
    )
    assert code == 0 and "2 signer(s)" in out and not err
    assert _csv(out_file) == [
        [
            "email",
            "email_opt_in",
            "first_name",
            "last_name",
            "tag_list",
            "Address city",
            "Address zip",
        ],
        ["sara@example.org", "Y", "Sara", "Ahmadi", "2026-12-10-koln", "Köln", ""],
        ["jonas@example.org", "N", "Jonas", "Ahmadi", "2026-12-10-koln", "Köln", ""],
    ]

    out_file = tmp_path / "an.csv"
    code, out, err = run(
        capsys, "export", "--preset", "action_network", "--format", "csv", "-o", str(out_file)
    )
    assert code == 0 and "1 signer(s)" in out
    assert "Left out 1 signer(s) without consent (action_network takes only people" in err
    assert [row[0] for row in _csv(out_file)] == ["email", "sara@example.org"]
    assert "marked illegible" not in err, "no such rows here, nothing said"
    assert _csv(out_file)[1][-1] == "DE", "the country as its ISO code"


def test_a_row_marked_illegible_stays_out_of_a_crm_file_and_is_said(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,  # noqa: F811
) -> None:
    _add(capsys, sheet_id, 1, "Sara", "--consent")
    code, _, err = run(
        capsys, "signatures", "add", "--sheet", sheet_id, "--row", "2", "--flag", "illegible"
    )
    assert code == 0, err
    out_file = tmp_path / "civi.csv"
    code, out, err = run(
        capsys, "export", "--preset", "civicrm", "--format", "csv", "-o", str(out_file)
    )
    assert code == 0 and "1 signer(s)" in out
    assert "Left out 1 row(s) marked illegible or declined" in err
    assert len(_csv(out_file)) == 2


def test_a_name_longer_than_civicrm_holds_is_cut_and_said_not_the_whole_export_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,  # noqa: F811
) -> None:
    _add(capsys, sheet_id, 1, "Sara", "--consent")
    _add(capsys, sheet_id, 2, "M" * 70, "--consent")
    code, out, err = run(
        capsys, "export", "--preset", "civicrm", "--format", "csv", "-o", str(tmp_path / "c.csv")
    )
    assert code == 0 and "2 signer(s)" in out
    assert "note: First Name: cut to 64 characters" in err
    assert [row[0] for row in _csv(tmp_path / "c.csv")] == ["First Name", "Sara", "M" * 64]


def test_rows_without_an_email_stay_out_of_an_email_keyed_crm_and_the_count_is_said(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,  # noqa: F811
) -> None:
    _add(capsys, sheet_id, 1, "Sara", "--consent")
    code, _, err = run(
        capsys,
        "signatures",
        "add",
        "--sheet",
        sheet_id,
        "--row",
        "2",
        "--first-name",
        "Narges",
        "--last-name",
        "M",
        "--consent",
    )
    assert code == 0, err
    for name, rows in (("mailchimp", 2), ("nationbuilder", 2), ("civicrm", 3)):
        out_file = tmp_path / f"{name}.csv"
        code, out, err = run(
            capsys, "export", "--preset", name, "--format", "csv", "-o", str(out_file)
        )
        assert code == 0 and f"{rows - 1} signer(s)" in out, name
        assert len(_csv(out_file)) == rows, name
        said = f"Left out 1 row(s) without email ({name} needs it to tell people apart)."
        assert (said in err) == (name != "civicrm"), name
    code, out, _ = run(
        capsys,
        "export",
        "--preset",
        "mailchimp",
        "-o",
        str(tmp_path / "again.csv"),
        "--summary",
        "json",
    )
    assert code == 0 and json.loads(out)["missing_left_out"] == 1


def test_a_country_typed_in_persian_is_taken_and_stored_as_its_code(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,  # noqa: F811
) -> None:
    """Every country name the export understands is accepted when typing."""
    _add(capsys, sheet_id, 1, "Sara", "--consent", "--country", "ایران")
    _add(capsys, sheet_id, 2, "Reza", "--consent", "--country", "Persia")
    code, out, err = run(capsys, "signatures", "list", "--format", "json")
    assert code == 0, err
    assert [row["country"] for row in json.loads(out)] == ["IR", "IR"]
    code, _, err = run(
        capsys,
        "signatures",
        "add",
        "--sheet",
        sheet_id,
        "--row",
        "3",
        "--first-name",
        "X",
        "--country",
        "Narnia",
    )
    assert code == 1 and "Unknown country 'Narnia'" in err, "an unknown one is still refused"


def test_export_help_names_the_crm_layouts_and_a_wrong_name_lists_them_with_labels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for name in ("action_network", "mailchimp", "nationbuilder", "civicrm"):
        assert name in shown
    code, _, err = run(capsys, "export", "--preset", "salesforce", "-o", str(tmp_path / "x.csv"))
    assert code == 1 and "No export preset 'salesforce'" in err
    assert "  mailchimp: Mailchimp (only people who opted in)" in err
    assert "  civicrm: CiviCRM (no bulk email without consent)" in err
