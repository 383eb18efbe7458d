from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from actionkit.cli import main
from tests.helpers import run_actionkit


def test_version_matches_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"actionkit {version('actionkit')}"


def test_help_lists_every_command_group(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for group in ("prisoners", "dataset", "poster", "flyer", "event", "sheets", "signatures"):
        assert group in out
    assert "--home" in out


def test_unknown_option_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--no-such-option"])
    assert exited.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("module", [False, True], ids=["actionkit", "python-m"])
def test_real_command_version_and_help(tmp_path: Path, module: bool) -> None:
    result = run_actionkit("--version", home=tmp_path, module=module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"actionkit {version('actionkit')}"
    result = run_actionkit("--help", home=tmp_path, module=module)
    assert result.returncode == 0
    assert "prisoners" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("module", [False, True], ids=["actionkit", "python-m"])
def test_smoke_test_opens_the_window_offscreen(tmp_path: Path, module: bool) -> None:
    result = run_actionkit("--smoke-test", home=tmp_path, module=module)
    assert result.returncode == 0, result.stderr
    assert "window shown: True" in result.stdout


@pytest.mark.slow
def test_smoke_test_with_a_corrupt_settings_file_still_opens(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text("{broken")
    result = run_actionkit("--home", str(home), "--smoke-test", home=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    assert list((home / "config").glob("settings.json.broken-*"))


def test_version_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from actionkit.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('reportlab', 'openpyxl', 'PySide6', 'PIL', 'qrcode') "
        "if m in sys.modules]\n"
        "sys.exit(','.join(heavy) or 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, f"imported at start-up: {result.stderr}"


def test_command_map_names_every_command_its_module_registers() -> None:
    import argparse
    import importlib

    from actionkit.cli import COMMAND_MODULES, _modules_for

    for module in set(COMMAND_MODULES.values()):
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"actionkit.cli.{module}").register(sub)
        registered = set(sub.choices)
        assert registered == {c for c, m in COMMAND_MODULES.items() if m == module}
    # Opening the app needs no command module; a command needs only its own.
    assert _modules_for([]) == _modules_for(["--home", "/x", "--smoke-test"]) == []
    assert _modules_for(["--home=/x", "merge", "a.xlsx", "-o", "b.xlsx"]) == ["handoff"]
    assert (
        _modules_for(["--help"]) == _modules_for(["postr"]) == sorted(set(COMMAND_MODULES.values()))
    )


def test_opening_the_app_does_not_import_the_command_modules() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from actionkit.cli import build_parser\n"
        "build_parser(['--smoke-test']).parse_known_args(['--smoke-test'])\n"
        "loaded = [m for m in ('people', 'pieces', 'signatures') "
        "if 'actionkit.cli.' + m in sys.modules]\n"
        "sys.exit(','.join(loaded) or 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, f"imported for the app: {result.stderr}"


def test_self_test_passes_and_names_each_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "ok   dataset and poster" in out and "ok   signature sheet and export" in out
    assert "ok   locked signature store" in out and "ok   sheet photo scan" in out
    assert out.strip().endswith("self-test passed")
