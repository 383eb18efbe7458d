"""`actionkit` as a Unix tool: a closed pipe ends quietly, `-` reads stdin and
`-o -` writes to stdout, and the exit statuses are the documented ones."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from actionkit import cli
from actionkit.cli import main
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from tests.pdf_helpers import open_pdf, qr_texts

REPO = Path(__file__).resolve().parent.parent
ACTIONKIT = str(Path(sys.executable).with_name("actionkit"))


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACTIONKIT_HOME": str(home)}


def _sheet(app_paths: AppPaths) -> str:
    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Kundgebung", "2026-12-10", city="Köln", languages=("fa", "de"))
        return store.create_sheets(event.slug, event.languages, 1)[0].id


def _last_names(app_paths: AppPaths) -> list[str]:
    with SignatureStore.open(app_paths) as store:
        return [s.last_name for s in store.signatures()]


# A closed pipe ----------------------------------------------------------------------


def test_a_pipe_closed_early_ends_quietly_with_the_sigpipe_status(isolated_home: Path) -> None:
    """Fails on the old code: "actionkit: cannot use: Broken pipe" and status 1.
    The JSON list is about 1 MB, far more than a pipe holds, so the write fails."""
    child = subprocess.Popen(
        [ACTIONKIT, "prisoners", "list", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(isolated_home),
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read(1) == b"["
    child.stdout.close()  # the reader goes away, as `head` does
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == cli.EXIT_PIPE_CLOSED == 141
    assert "Broken pipe" not in err and "Traceback" not in err and "Exception" not in err
    assert err == ""


def test_head_in_a_shell_pipeline(isolated_home: Path) -> None:
    """What a user types: `| head -1` prints one line and nothing else."""
    script = (
        f"set -o pipefail; {ACTIONKIT} prisoners list --format csv --status executed "
        f"| head -1; echo status=$?; {ACTIONKIT} prisoners show narges-mohammadi "
        "--format json | head -c 1 >/dev/null; echo show=${PIPESTATUS[0]}; "
        f"{ACTIONKIT} --help | head -1 >/dev/null; echo help=${{PIPESTATUS[0]}}"
    )
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=_env(isolated_home), timeout=120
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "id,name,persian name,status,as of"
    assert lines[1] in ("status=0", "status=141")  # 141 only if head closed before we ended
    assert lines[2] in ("show=0", "show=141") and lines[3] in ("help=0", "help=141")
    assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_a_closed_pipe_while_writing_a_pdf_to_stdout(isolated_home: Path, tmp_path: Path) -> None:
    """Fails on the old code, which wrote a file named `-` (and no PDF to the pipe)."""
    child = subprocess.Popen(
        [ACTIONKIT, "appeal", "--lang", "fa,de", "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(isolated_home),
        cwd=tmp_path,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # before the PDF (smaller than a pipe holds) is written
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 141
    assert "Traceback" not in err and "Broken pipe" not in err
    assert not (tmp_path / "-").exists()


# Standard input ---------------------------------------------------------------------


def test_import_csv_reads_stdin_decoded_as_a_file_is(
    isolated_home: Path, app_paths: AppPaths, tmp_path: Path
) -> None:
    """Fails on the old code: "Cannot read -: No such file or directory"."""
    sheet = _sheet(app_paths)
    typed = "first_name,last_name,city\r\nJosé,Müller,Köln\r\nرضا,Karimi,Bonn\r\n"
    done = subprocess.run(
        [ACTIONKIT, "signatures", "import-csv", "-", "--sheet", sheet, "--format", "json"],
        input=typed.encode("utf-16"),  # detected as a file in UTF-16 is
        capture_output=True,
        env=_env(isolated_home),
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == {
        "sheet": sheet,
        "imported": 2,
        "not_saved": [],
        "paper_count": None,
        "beyond_paper_count": 0,
    }
    assert _last_names(app_paths) == ["Müller", "Karimi"]
    assert not (tmp_path / "-").exists()


def test_import_csv_from_stdin_in_windows_1252(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, app_paths: AppPaths
) -> None:
    sheet = _sheet(app_paths)
    raw = "first_name,last_name,city\r\nJosé,Müller,Köln\r\n".encode("cp1252")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert main(["signatures", "import-csv", "-", "--sheet", sheet]) == 0
    assert "Imported 1 row(s)" in capsys.readouterr().out
    assert _last_names(app_paths) == ["Müller"]


def test_stdin_past_the_size_limit_is_refused_unsaved(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, app_paths: AppPaths
) -> None:
    from actionkit.core.signatures import csv_import

    sheet = _sheet(app_paths)
    monkeypatch.setattr(csv_import, "MAX_CSV_BYTES", 1024 * 1024)
    raw = b"first_name\n" + b"Sara\n" * (1024 * 1024 // 5 + 1)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    code = main(["signatures", "import-csv", "-", "--sheet", sheet])
    err = capsys.readouterr().err
    assert code == 1 and "larger than the 1 MB limit" in err
    assert _last_names(app_paths) == []


def test_stdin_is_read_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, app_paths: AppPaths
) -> None:
    sheet = _sheet(app_paths)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"phrase\nfirst_name\nSara\n")))
    code = main(["--passphrase-file", "-", "signatures", "import-csv", "-", "--sheet", sheet])
    assert code == 1 and "already read for the passphrase" in capsys.readouterr().err
    # The next command line may read it again (tests run many in one process).
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"first_name\nSara\n")))
    assert main(["signatures", "import-csv", "-", "--sheet", sheet]) == 0


def test_dataset_validate_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.update_server import bundle_data, bundled_bundle

    good = bundle_data(bundled_bundle())
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(good)))
    assert main(["dataset", "validate", "-", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["ok"] is True and found["people"] == 97 and found["problems"] == []

    broken = bundled_bundle()
    broken["people"][0]["status"] = "vanished"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(bundle_data(broken))))
    assert main(["dataset", "validate", "-", "--format", "json"]) == 1  # problems: refused
    found = json.loads(capsys.readouterr().out)
    assert found["ok"] is False and any("status" in p for p in found["problems"])


def test_keys_trust_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from actionkit.core.dataset.signing import fingerprint, generate_signing_key, public_key_text

    public = generate_signing_key()[1]
    text = public_key_text(public) + "\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["keys", "trust", "-", "--name", "campaign"]) == 0
    capsys.readouterr()
    assert main(["keys", "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"name": "campaign", "fingerprint": fingerprint(public)}
    ]


# -o - -------------------------------------------------------------------------------


def test_a_poster_to_stdout(isolated_home: Path, tmp_path: Path) -> None:
    """Fails on the old code, which wrote a file named `-`."""
    done = subprocess.run(
        [ACTIONKIT, "poster", "--person", "narges-mohammadi", "--accept-stale", "-o", "-"],
        capture_output=True,
        env=_env(isolated_home),
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    assert "Wrote standard output (1 page)." in done.stderr.decode()
    assert not (tmp_path / "-").exists()
    assert "https://" in " ".join(qr_texts(open_pdf(done.stdout)[0]))


def test_sheets_to_stdout_with_their_ids_on_stderr(
    isolated_home: Path, app_paths: AppPaths, tmp_path: Path
) -> None:
    _sheet(app_paths)
    argv = ["sheets", "print", "--event", "2026-12-10-koln", "--count", "2", "-o", "-"]
    done = subprocess.run(
        [ACTIONKIT, *argv, "--format", "json"],
        capture_output=True,
        env=_env(isolated_home),
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    said = json.loads(done.stderr.decode()[done.stderr.decode().index("{") :])
    assert said["file"] == "-" and len(said["sheets"]) == 2
    pdf = open_pdf(done.stdout)
    assert len(pdf) == 2
    assert said["sheets"][0] in qr_texts(pdf[0])
    assert not (tmp_path / "-").exists()


def test_a_pdf_is_not_written_to_a_terminal(isolated_home: Path, app_paths: AppPaths) -> None:
    _sheet(app_paths)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [ACTIONKIT, "sheets", "print", "--event", "2026-12-10-koln", "-o", "-"],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=_env(isolated_home),
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 1
    assert "Standard output is a terminal" in done.stderr.decode()
    with SignatureStore.open(app_paths) as store:
        assert len(store.sheets()) == 1  # no sheet id was made for a PDF not written


# Exit statuses ----------------------------------------------------------------------

DOCUMENTED = {0: "done", 1: "refused", 2: "usage", 3: "left out", 130: "interrupted", 141: "pipe"}


def test_exit_statuses_are_constants_and_in_the_help_and_the_readme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    codes = dict(cli.EXIT_STATUSES)
    assert sorted(codes) == sorted(DOCUMENTED)
    assert (cli.EXIT_OK, cli.EXIT_FAILED, cli.EXIT_USAGE, cli.EXIT_PARTIAL) == (0, 1, 2, 3)
    assert (cli.EXIT_INTERRUPTED, cli.EXIT_PIPE_CLOSED) == (130, 141)
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code, word in DOCUMENTED.items():
        assert re.search(rf"^  {code}\s+.*{word}", help_text, re.M | re.I), code
        assert re.search(rf"^\| {code} \| .*{word}", readme, re.M | re.I), code


def test_usage_errors_exit_2_and_refusals_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["prisoners", "show"])
    assert exited.value.code == cli.EXIT_USAGE
    assert main(["prisoners", "show", "nobody-at-all"]) == cli.EXIT_FAILED
    assert "No person with id" in capsys.readouterr().err


def test_some_lines_of_an_import_not_saved_is_done_with_something_left_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, app_paths: AppPaths
) -> None:
    """Fails on the old code, which said 1 (failed) though the good rows were saved."""
    sheet = _sheet(app_paths)
    typed = tmp_path / "typed.csv"
    typed.write_text("row,first_name,email\n1,Sara,sara@example.org\n2,Ali,a..b@x.org\n")
    code = main(["signatures", "import-csv", str(typed), "--sheet", sheet, "--format", "json"])
    assert code == cli.EXIT_PARTIAL
    said = json.loads(capsys.readouterr().out)
    assert said["imported"] == 1 and [n["line"] for n in said["not_saved"]] == [3]


def test_interrupted_is_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from actionkit.cli import people

    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(people, "cmd_info", interrupted)
    monkeypatch.setattr(people, "_load", interrupted)
    assert main(["prisoners", "list"]) == cli.EXIT_INTERRUPTED
    assert "interrupted" in capsys.readouterr().err


def test_version_loads_no_command_module() -> None:
    """The output and streams helpers are loaded only by the commands that use them:
    `actionkit --version` stays as fast."""
    probe = (
        "import sys\n"
        "from actionkit.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(' '.join(m for m in sys.modules if m.startswith('actionkit.cli.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [""], done.stdout


def test_a_passphrase_from_stdin_opens_a_locked_store(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    app_paths: AppPaths,
    tmp_path: Path,
) -> None:
    """`pass show campaign | actionkit --passphrase-file - ...`: the secret never sits
    in a file. Fails on the old code ("Cannot read the passphrase file -")."""
    _sheet(app_paths)
    phrase = "violet harbour lantern 93 quietly"
    (tmp_path / "phrase.txt").write_text(phrase + "\n", encoding="utf-8")
    assert main(["lock", "--new-passphrase-file", str(tmp_path / "phrase.txt")]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{phrase}\n".encode())))
    assert main(["--passphrase-file", "-", "sheets", "list", "--format", "json"]) == 0
    assert [s["event"] for s in json.loads(capsys.readouterr().out)] == ["2026-12-10-koln"]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"not the passphrase\n")))
    assert main(["--passphrase-file", "-", "sheets", "list"]) == 1
