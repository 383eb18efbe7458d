"""`actionkit event|sheets|signatures|export|merge` as a volunteer and the centre run them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.cli import main
from actionkit.core.paths import AppPaths
from tests.pdf_helpers import open_pdf, qr_texts


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sheet_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    assert (
        run(
            capsys,
            "event",
            "create",
            "--name",
            "Kundgebung",
            "--date",
            "2026-12-10",
            "--city",
            "Köln",
            "--lang",
            "fa,de",
        )[0]
        == 0
    )
    code, out, _ = run(
        capsys,
        "sheets",
        "print",
        "--event",
        "2026-12-10-koln",
        "--count",
        "2",
        "-o",
        str(tmp_path / "sheets.pdf"),
    )
    assert code == 0
    first = out.strip().rsplit(": ", 1)[1].split(", ")[0]
    page = open_pdf(tmp_path / "sheets.pdf")[0]
    assert set(qr_texts(page)) == {first, "https://www.freeiranspoliticalprisonersnow.org"}
    return first


def test_enter_reconcile_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    code, out, err = run(
        capsys,
        "signatures",
        "add",
        "--sheet",
        sheet_id.lower(),
        "--row",
        "1",
        "--first-name",
        "Sara",
        "--email",
        "sara@gmial.com",
        "--country",
        "Deutschland",
        "--consent",
    )
    assert code == 0 and "Saved row 1" in out and "Did you mean sara@gmail.com?" in err
    code, _, err = run(
        capsys, "signatures", "add", "--sheet", sheet_id, "--row", "2", "--email", "x@"
    )
    assert code == 1 and "not saved" in err
    assert run(capsys, "sheets", "count", sheet_id, "2")[0] == 3  # one row still to type
    code, out, _ = run(capsys, "export", "--consented-only", "-o", str(tmp_path / "e.xlsx"))
    assert code == 0 and "1 signer(s)" in out
    rows = list(load_workbook(tmp_path / "e.xlsx")["Signers"].iter_rows(values_only=True))
    assert rows[1][0] == "Sara" and rows[1][5] == "DE"


def test_password_file_and_merge(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    run(
        capsys,
        "signatures",
        "add",
        "--sheet",
        sheet_id,
        "--row",
        "1",
        "--first-name",
        "Ali",
        "--city",
        "Bonn",
    )
    secret = tmp_path / "password.txt"
    secret.write_text("open sesame\n")
    assert (
        run(capsys, "export", "--password-file", str(secret), "-o", str(tmp_path / "p.xlsx"))[0]
        == 0
    )
    code, out, _ = run(
        capsys,
        "merge",
        str(tmp_path / "p.xlsx"),
        "--password-file",
        str(secret),
        "-o",
        str(tmp_path / "central.xlsx"),
    )
    assert code == 0 and "1 rows in, 1 rows out: 1 signature; 0 merged" in out
    code, out, _ = run(
        capsys,
        "merge",
        str(tmp_path / "p.xlsx"),
        str(secret),
        "--password-file",
        str(secret),
        "-o",
        str(tmp_path / "central2.xlsx"),
    )
    assert (
        code == 3 and "skipped password.txt: is not an .xlsx file" in out
    )  # 3: done, one left out
    assert (
        run(
            capsys,
            "export",
            "--format",
            "csv",
            "--password-file",
            str(secret),
            "-o",
            str(tmp_path / "x.csv"),
        )[0]
        == 1
    )


@pytest.mark.parametrize(
    ("encoding", "options"),
    [("utf-8-sig", []), ("utf-16", []), ("cp1256", ["--encoding", "cp1256"])],
    ids=["utf8-bom", "utf16-excel", "windows-1256"],
)
def test_import_csv_from_excel(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sheet_id: str,
    encoding: str,
    options: list[str],
) -> None:
    path = tmp_path / "rows.csv"
    text = (
        "first_name,last_name,city,consent\r\nعلی,رضایی,تهران,yes\r\nSara,=HYPERLINK(1),Köln,\r\n"
    )
    if encoding == "cp1256":
        text = text.replace("ö", "o").replace("ی", "ي")  # cp1256 has Arabic yeh, not Persian yeh
    path.write_bytes(text.encode(encoding))
    code, out, err = run(
        capsys, "signatures", "import-csv", str(path), "--sheet", sheet_id, *options
    )
    assert code == 0, err
    assert "Imported 2 row(s)" in out
    code, out, _ = run(capsys, "signatures", "list", "--format", "csv")
    rows = list(csv.reader(out.splitlines()))
    assert rows[1][3] == "علی" or rows[1][3] == "علي"
    assert rows[2][4] == "'=HYPERLINK(1)"


def test_undecodable_csv_is_refused_clearly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sheet_id: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes("first_name\r\nJosé\r\nعلي\r\n".encode("cp1256"))  # Western or Persian?
    code, _, err = run(capsys, "signatures", "import-csv", str(path), "--sheet", sheet_id)
    assert code == 1 and "--encoding cp1256" in err and "Traceback" not in err


def test_unknown_event_and_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "sheets", "print", "--event", "nope", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "No event 'nope'" in err
    assert not (tmp_path / "x.pdf").exists()
    code, _, err = run(
        capsys, "signatures", "add", "--sheet", "AAAA-BBBB", "--row", "1", "--first-name", "X"
    )
    assert code == 1 and "No sheet" in err


def test_outputs_into_a_missing_folder_are_refused_before_any_work(
    capsys: pytest.CaptureFixture[str], sheet_id: str, tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-such-folder" / "out.xlsx")
    for args in (
        ("export", "-o", missing),
        ("export", "--format", "csv", "-o", missing.removesuffix(".xlsx") + ".csv"),
        ("merge", str(tmp_path / "sheets.pdf"), "-o", missing),
        ("sheets", "print", "--event", "2026-12-10-koln", "-o", missing),
    ):
        code, _, err = run(capsys, *args)
        assert code == 1 and "does not exist" in err, args
        assert "Traceback" not in err
    code, out, _ = run(capsys, "sheets", "list", "--format", "json")
    assert out.count('"sheet"') == 2, "no sheets were created for the failed print"


def test_sealed_hand_off_opens_only_with_the_centres_key(
    capsys: pytest.CaptureFixture[str], sheet_id: str, tmp_path: Path
) -> None:
    run(capsys, "signatures", "add", "--sheet", sheet_id, "--row", "1", "--first-name",
        "Parvaneh", "--last-name", "Sealed", "--city", "Köln")  # fmt: skip
    centre = str(tmp_path / "centre")
    code, out, _ = run(capsys, "keys", "seal-generate", "-o", centre)
    assert code == 0 and (tmp_path / "centre.agekey").stat().st_mode & 0o077 == 0
    fingerprint = out.split("Fingerprint: ")[1].split()[0]
    code, out, _ = run(capsys, "keys", "centre", centre + ".agepub")
    assert code == 0 and fingerprint in out
    sealed = tmp_path / "koln.xlsx.age"
    code, out, _ = run(capsys, "export", "--seal", "-o", str(sealed))
    assert code == 0 and "sealed to the centre" in out
    raw = sealed.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1") and b"Parvaneh" not in raw
    _, out, _ = run(capsys, "exports", "--format", "json")
    assert '"format": "xlsx+age"' in out and "Parvaneh" not in out
    # Without the key the merge says why; with a stranger's key too; with the centre's it works.
    code, _, err = run(capsys, "merge", str(sealed), "-o", str(tmp_path / "c.xlsx"))
    assert code == 1 and "give the private key" in err
    stranger = str(tmp_path / "stranger")
    run(capsys, "keys", "seal-generate", "-o", stranger)
    code, _, err = run(capsys, "merge", str(sealed), "--identity", stranger + ".agekey",
                       "-o", str(tmp_path / "c.xlsx"))  # fmt: skip
    assert code == 1 and "another key" in err
    code, out, _ = run(capsys, "merge", str(sealed), "--identity", centre + ".agekey",
                       "-o", str(tmp_path / "c.xlsx"))  # fmt: skip
    assert code == 0 and "1 rows out: 1 signature" in out
    rows = list(load_workbook(tmp_path / "c.xlsx")["Signers"].iter_rows(values_only=True))
    assert rows[1][0] == "Parvaneh"


def test_lock_the_store_from_the_command_line(
    capsys: pytest.CaptureFixture[str], sheet_id: str, tmp_path: Path
) -> None:
    phrase, other = tmp_path / "phrase.txt", tmp_path / "other.txt"
    phrase.write_text("a long enough passphrase\n")
    other.write_text("another long passphrase\n")
    code, out, _ = run(capsys, "lock", "--new-passphrase-file", str(phrase))
    assert code == 0 and "Locked" in out
    code, _, err = run(capsys, "sheets", "list")
    assert code == 1 and "locked" in err and "Traceback" not in err
    code, out, _ = run(capsys, "--passphrase-file", str(phrase), "sheets", "list")
    assert code == 0 and sheet_id in out
    code, _, err = run(capsys, "--passphrase-file", str(other), "sheets", "list")
    assert code == 1 and "does not open" in err
    assert run(capsys, "--passphrase-file", str(phrase), "lock",
               "--new-passphrase-file", str(other))[0] == 0  # fmt: skip
    assert run(capsys, "--passphrase-file", str(other), "sheets", "list")[0] == 0


def test_the_command_line_refuses_a_passphrase_of_only_spaces(
    capsys: pytest.CaptureFixture[str], sheet_id: str, tmp_path: Path
) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" " * 20 + "\n")
    code, _, err = run(capsys, "lock", "--new-passphrase-file", str(blank))
    assert code == 1 and "only spaces" in err and "Traceback" not in err
    code, out, _ = run(capsys, "sheets", "list")
    assert code == 0 and sheet_id in out, "the store was left unlocked"


def test_a_change_undone_without_the_passphrase_still_says_so(
    capsys: pytest.CaptureFixture[str], sheet_id: str, tmp_path: Path, app_paths: AppPaths
) -> None:
    """A passphrase change killed before its commit point, then a command run without the
    passphrase: the change was undone silently and the user never learnt that the old
    passphrase is still the one in force (a security tester's finding). Fails on the
    old code, which printed only 'locked'."""
    from actionkit.core.signatures.lock import _salt_files
    from actionkit.core.signatures.store import STORE_FILE

    phrase = tmp_path / "phrase.txt"
    phrase.write_text("a long enough passphrase\n")
    assert run(capsys, "lock", "--new-passphrase-file", str(phrase))[0] == 0
    _, pending = _salt_files(app_paths.data_dir / STORE_FILE)
    pending.write_bytes(b"\x00" * 16)  # step 1 of a change, then the process died
    code, _, err = run(capsys, "sheets", "list")
    assert code == 1 and "locked" in err
    assert "note:" in err and "undone" in err, err
    assert not pending.exists()


def test_sheets_name_the_data_controller_from_settings_or_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, app_paths: AppPaths
) -> None:
    from dataclasses import replace

    from actionkit.core.settings import Settings, save_settings
    from tests.pdf_helpers import page_text

    app_paths.ensure()
    save_settings(
        replace(
            Settings(), data_controller="Initiative Köln", data_controller_contact="ik@x.example"
        ),
        app_paths.settings_file,
    )
    assert run(capsys, "event", "create", "--name", "Mahnwache", "--date", "2026-12-10")[0] == 0
    slug = "2026-12-10-mahnwache"
    out = tmp_path / "a.pdf"
    assert run(capsys, "sheets", "print", "--event", slug, "--lang", "de", "-o", str(out))[0] == 0
    text = " ".join(page_text(open_pdf(out)[0]).split())
    assert "Verantwortlich für Ihre Angaben: Initiative Köln. Zweck:" in text
    assert "jederzeit an: ik@x.example" in text
    assert "Uhrzeit: ____" in text and "Ort: ____" in text  # no time or place given
    code, _, _ = run(
        capsys, "sheets", "print", "--event", slug, "--lang", "de", "-o", str(out),
        "--controller", "Amnesty Gruppe 1", "--contact", "",
    )  # fmt: skip
    assert code == 0
    text = " ".join(page_text(open_pdf(out)[0]).split())
    assert "Verantwortlich für Ihre Angaben: Amnesty Gruppe 1. Zweck:" in text
    assert "jederzeit an: ____" in text
