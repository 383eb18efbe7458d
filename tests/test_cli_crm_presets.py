"""`actionkit export --preset <crm>` as the centre runs it: the CRM layouts by name, who
an opt-in-only CRM leaves out said on stderr, a value a CRM would refuse refused with its
row named."""

from __future__ import annotations

import csv
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
        ["email", "email_opt_in", "first_name", "last_name", "tag_list"],
        ["sara@example.org", "Y", "Sara", "Ahmadi", "2026-12-10-koln"],
        ["jonas@example.org", "N", "Jonas", "Ahmadi", "2026-12-10-koln"],
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


def test_a_name_longer_than_civicrm_holds_is_refused_naming_its_row(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,  # noqa: F811
) -> None:
    _add(capsys, sheet_id, 1, "Sara", "--consent")
    _add(capsys, sheet_id, 2, "M" * 70, "--consent")
    code, _, err = run(
        capsys, "export", "--preset", "civicrm", "--format", "csv", "-o", str(tmp_path / "c.csv")
    )
    assert code == 1
    assert f"sheet {sheet_id} row 2: First Name is 70 characters long" in err
    assert not (tmp_path / "c.csv").exists()


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
