"""`actionkit prisoners` and `actionkit dataset`, as a user or a script runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from actionkit.cli import main
from actionkit.core.assets import asset_path
from tests.dataset_helpers import bundled_records, make_record, write_bundle
from tests.helpers import run_actionkit

BUNDLED_VERSION = json.loads(asset_path("data", "dataset.json").read_text("utf-8"))["version"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_filters_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "prisoners", "list", "--status", "executed", "--format", "json")
    assert code == 0
    people = json.loads(out)
    assert people and all(p["status"] == "executed" for p in people)
    code, out, _ = run(capsys, "prisoners", "list", "--group", "journalist", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["id", "name", "persian name", "status", "as of"]
    assert "niloofar-hamedi" in {r[0] for r in rows[1:]}


def test_search_in_persian_with_arabic_keyboard_letters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "prisoners", "search", "نرگس محمدي")  # Arabic yeh
    assert code == 0
    assert out.splitlines()[2].startswith("narges-mohammadi")


def test_search_with_no_match_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "prisoners", "search", "zzzzqqq")
    assert code == 1 and "No one matches" in err


def test_show_prints_story_sources_and_stale_warning(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "prisoners", "show", "toomaj-salehi", "--lang", "fa")
    assert code == 0
    assert "توماج صالحی" in out
    assert "Story [fa, not yet reviewed" in out
    assert "https://www.iranintl.com/en/202406229767" in out
    assert "WARNING: the newest news of this person is" in out
    # The timeline, oldest first, each event with the sources it cites.
    assert "2023-11-18  bail - Released on bail" in out
    assert out.index("2021-09-13  arrest") < out.index("2025-06-19 (1404-03-29 SH)  arrest")


def test_show_unknown_id_suggests_and_fails_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "prisoners", "show", "toomaj")
    assert code == 1
    assert "No person with id 'toomaj'. Did you mean: toomaj-salehi?" in err


def test_info_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dataset", "info")
    assert code == 0
    assert f"dataset       {BUNDLED_VERSION} (bundled)" in out
    assert f"people        {len(bundled_records())} " in out


def test_validate_reports_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    records = [make_record("a"), make_record("b", as_of="2021-13-01")]
    records[0]["status"] = "gone"
    bad = write_bundle(tmp_path / "bad.json", records)
    code, _, err = run(capsys, "dataset", "validate", str(bad))
    assert code == 1
    assert "bad.json people[0] (a): status" in err
    assert "bad.json people[1] (b): events[0].date" in err
    assert "Traceback" not in err
    good = write_bundle(tmp_path / "good.json", [make_record("a")])
    code, out, _ = run(capsys, "dataset", "validate", str(good))
    assert code == 0 and "OK: dataset 2099.1.1" in out


def test_import_then_info_shows_the_new_dataset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    newer = write_bundle(tmp_path / "newer.json", bundled_records(), "2099.1.1")
    code, _, err = run(capsys, "dataset", "import", str(newer))
    assert code == 1 and "not signed" in err
    # The publisher's side: a key pair, a signature; the organizer trusts the key.
    publisher = str(tmp_path / "iec")
    code, out, _ = run(capsys, "keys", "generate", "-o", publisher)
    assert code == 0 and "Fingerprint:" in out
    fingerprint = out.split("Fingerprint: ")[1].split()[0]
    assert (tmp_path / "iec.key").stat().st_mode & 0o077 == 0
    assert run(capsys, "dataset", "sign", str(newer), "--key", publisher + ".key")[0] == 0
    code, out, _ = run(capsys, "keys", "trust", publisher + ".pub", "--name", "iec")
    assert code == 0 and fingerprint in out
    assert fingerprint in run(capsys, "keys", "list")[1]
    code, out, _ = run(capsys, "dataset", "import", str(newer))
    assert code == 0 and f"Dataset {BUNDLED_VERSION} -> 2099.1.1" in out and "Signed by iec" in out
    _, out, _ = run(capsys, "dataset", "info")
    assert "2099.1.1 (imported)" in out and "UNTRUSTED" not in out


def test_csv_output_never_holds_a_live_formula(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = make_record("h", latin='=HYPERLINK("http://x","click")')
    hostile_file = write_bundle(tmp_path / "h.json", [hostile])
    run(capsys, "dataset", "import", str(hostile_file), "--untrusted")
    _, info, err = run(capsys, "dataset", "info")
    assert "UNTRUSTED" in info + err
    _, out, _ = run(capsys, "prisoners", "list", "--format", "csv")
    (row,) = [r for r in csv.reader(io.StringIO(out)) if r[0] == "h"]
    assert row[1] == '\'=HYPERLINK("http://x","click")'


@pytest.mark.slow
def test_bad_input_from_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    result = run_actionkit("dataset", "validate", str(tmp_path / "missing.json"), home=tmp_path)
    assert result.returncode == 1
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr
    result = run_actionkit("prisoners", "list", "--status", "free", home=tmp_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr
