"""`actionkit export` writes the format its output is named for, to stdout with `-o -`,
with a delimiter and a JSON summary; every file is read back."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.cli import main
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.purge import export_log
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

SIGNERS = [
    ("Sara", "Karimi", "01067", True),
    ("نرگس", "محمدی", "53111", False),
    ("=HYPERLINK(1)", "Weiß", "50667", True),
]


@pytest.fixture
def seeded(app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    for variable in ("LC_ALL", "LC_NUMERIC"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # no locale: the UI language (en) decides
    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Mahnwache", "2026-12-10", city="Köln", languages=("de",))
        sheet = store.create_sheets(event.slug, ("de",), 1)[0]
        for row, (first, last, postcode, consent) in enumerate(SIGNERS, 1):
            signer = SignerInput(
                first_name=first,
                last_name=last,
                email=f"p{row}@example.org",
                city="Köln",
                postal_code=postcode,
                consent=consent,
            )
            store.add_row(sheet.id, row, signer)
    return app_paths


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(text.splitlines(), delimiter=delimiter))


def child(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command in a child process (the test's ActionKit home), its stdout a
    pipe: bytes, as a tool reads them."""
    environment = {**os.environ, "LANG": "C.UTF-8"}
    environment.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "actionkit", *args],
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_the_format_follows_the_output_name(
    capsys: pytest.CaptureFixture[str], seeded: AppPaths, tmp_path: Path
) -> None:
    # Before: `-o koeln.csv` without --format silently wrote an xlsx workbook.
    code, _out, err = run(capsys, "export", "-o", str(tmp_path / "koeln.csv"))
    assert code == 0, err
    rows = csv_rows(tmp_path / "koeln.csv")
    assert rows[0][:2] == ["first_name", "last_name"]
    assert [r[1] for r in rows[1:]] == ["Karimi", "محمدی", "Weiß"]
    assert rows[1][rows[0].index("postal_code")] == "01067"
    assert (tmp_path / "koeln.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "koeln.xlsx"))
    assert code == 0, err
    assert load_workbook(tmp_path / "koeln.xlsx").sheetnames[:2] == ["Summary", "Signers"]


def test_a_format_the_name_contradicts_is_refused(
    capsys: pytest.CaptureFixture[str], seeded: AppPaths, tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "export", "--format", "xlsx", "-o", str(tmp_path / "k.csv"))
    assert code == 1
    assert "named like a csv file but --format is xlsx" in err
    assert not (tmp_path / "k.csv").exists()
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "k.txt"))
    assert code == 1 and "Cannot tell the format" in err
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(tmp_path / "k.txt"))
    assert code == 0, err
    assert csv_rows(tmp_path / "k.txt")[0][0] == "first_name"
    code, _, err = run(capsys, "export", "--delimiter", ";", "-o", str(tmp_path / "k.xlsx"))
    assert code == 1 and "--delimiter is for CSV" in err


def test_stdout_needs_a_format(
    capsys: pytest.CaptureFixture[str], seeded: AppPaths, tmp_path: Path
) -> None:
    os.chdir(tmp_path)
    code, out, err = run(capsys, "export", "-o", "-")
    assert code == 1 and "give --format xlsx or --format csv" in err
    assert out == "" and not (tmp_path / "-").exists()


def test_csv_to_stdout_with_a_json_summary_on_stderr(seeded: AppPaths, tmp_path: Path) -> None:
    # Before: `-o -` wrote a file named "-".
    done = child(
        "export",
        "--format",
        "csv",
        "--delimiter",
        ";",
        "-o",
        "-",
        "--summary",
        "json",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"\xef\xbb\xbffirst_name;last_name;")
    rows = list(csv.reader(done.stdout.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Sara", "نرگس", "'=HYPERLINK(1)"]
    err = done.stderr.decode()
    summary = json.loads(err[err.index("{") :])
    assert summary["file"] == "stdout" and summary["rows"] == 3
    assert summary["format"] == "csv" and summary["delimiter"] == ";"
    assert not any(p.name == "-" for p in tmp_path.rglob("-"))
    with SignatureStore.open(seeded) as store:
        assert export_log(store)[-1].file_name == "stdout"


def test_xlsx_to_a_pipe_opens_and_never_to_a_terminal(
    capsys: pytest.CaptureFixture[str],
    seeded: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    done = child("export", "--format", "xlsx", "-o", "-")
    assert done.returncode == 0, done.stderr
    book = load_workbook(BytesIO(done.stdout))
    names = [row[1] for row in book["Signers"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Karimi", "محمدی", "Weiß"]
    assert b"Wrote 3 signer(s) to stdout." in done.stderr
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, "export", "--format", "xlsx", "-o", "-")
    assert code == 1 and "not written to a terminal" in err and out == ""


def test_the_summary_as_json_and_the_delimiters(
    capsys: pytest.CaptureFixture[str], seeded: AppPaths, tmp_path: Path
) -> None:
    target = tmp_path / "koeln.csv"
    code, out, err = run(
        capsys, "export", "-o", str(target), "--delimiter", "tab", "--summary", "json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["file"] == str(target) and summary["rows"] == 3
    assert summary["delimiter"] == "\t" and summary["formulas_flagged"] == []
    assert csv_rows(target, "\t")[1][:2] == ["Sara", "Karimi"]
    code, out, err = run(capsys, "export", "-o", str(target), "--delimiter", "|")
    assert code == 1 and "not a delimiter" in err


def test_a_spreadsheet_csv_follows_the_system_locale(
    capsys: pytest.CaptureFixture[str],
    seeded: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "de.csv"))
    assert code == 0, err
    assert (tmp_path / "de.csv").read_bytes().startswith(b"\xef\xbb\xbffirst_name;last_name;")
    assert csv_rows(tmp_path / "de.csv", ";")[2][1] == "محمدی"


def crm_presets(paths: AppPaths) -> None:
    """Two CRM layouts of the user's own: one flags formula-looking values, one refuses."""
    columns = [
        {"header": "First Name", "field": "first_name"},
        {"header": "Last Name", "field": "last_name"},
        {"header": "Email", "field": "email"},
        {"header": "Zip", "field": "postal_code"},
        ["sheet", "sheet"],
        ["row", "row"],
    ]
    spec = {
        "format": 2,
        "presets": {
            "flagging": {"label": "CRM (flag)", "formulas": "flag", "columns": columns},
            "refusing": {"label": "CRM (refuse)", "formulas": "refuse", "columns": columns},
            "short": {
                "label": "CRM with short names",
                "formulas": "flag",
                "columns": [
                    ["sheet", "sheet"],
                    {"header": "Name", "field": "last_name", "max_length": 5, "too_long": "refuse"},
                ],
            },
        },
    }
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    (paths.config_dir / "export_presets.json").write_text(json.dumps(spec), encoding="utf-8")


def test_a_crm_csv_has_commas_no_bom_raw_values_and_names_what_it_flags(
    capsys: pytest.CaptureFixture[str],
    seeded: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crm_presets(seeded)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # a German system: the CRM still gets commas
    target = tmp_path / "crm.csv"
    code, out, err = run(
        capsys, "export", "--preset", "flagging", "-o", str(target), "--summary", "json"
    )
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(b"First Name,Last Name,Email,Zip,"), "commas, no byte order mark"
    rows = list(csv.reader(data.decode("utf-8").splitlines()))
    assert [r[0] for r in rows[1:]] == ["Sara", "نرگس", "=HYPERLINK(1)"], "values as typed"
    assert rows[1][3] == "01067"
    with SignatureStore.open(seeded) as store:
        sheet = store.sheets()[0].id
    where = f"line 4 (First Name, sheet {sheet} row 3)"
    assert where in err and "HYPERLINK" not in err
    summary = json.loads(out)
    assert summary["delimiter"] == ","
    assert summary["formulas_flagged"] == [
        {"line": 4, "column": "First Name", "sheet": sheet, "row": "3"}
    ]


def test_a_refusing_crm_preset_writes_nothing_not_even_to_stdout(
    capsys: pytest.CaptureFixture[str], seeded: AppPaths, tmp_path: Path
) -> None:
    crm_presets(seeded)
    target = tmp_path / "crm.csv"
    code, _, err = run(capsys, "export", "--preset", "refusing", "-o", str(target))
    assert code == 1
    assert "line 4 (First Name, sheet" in err and "HYPERLINK" not in err
    assert not target.exists() and list(tmp_path.glob(".crm.csv*")) == []
    done = child("export", "--preset", "refusing", "--format", "csv", "-o", "-")
    assert done.returncode == 1
    assert done.stdout == b"", "nothing reached the pipe before the refusal"
    assert b"line 4 (First Name" in done.stderr


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_value_the_preset_refuses_stops_the_export_before_stdout_gets_a_byte(
    seeded: AppPaths, kind: str
) -> None:
    crm_presets(seeded)
    # "Karimi" is one letter over the limit: the first signer already fails.
    done = child("export", "--preset", "short", "--format", kind, "-o", "-")
    assert done.returncode == 1, done.stderr
    assert done.stdout == b""
    assert b"Traceback" not in done.stderr


def test_the_json_summary_says_a_consent_only_layout_filtered(
    capsys: pytest.CaptureFixture[str], seeded: AppPaths, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys,
        "export",
        "--preset",
        "mailchimp",
        "-o",
        str(tmp_path / "mc.csv"),
        "--summary",
        "json",
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["consented_only"] is True and summary["unconsented_left_out"] == 1
    assert summary["rows"] == 2 and summary["delimiter"] == ","


def test_export_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "-o - --summary json" in out
    assert "--delimiter" in out and "required with -o -" in out
