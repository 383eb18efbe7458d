from __future__ import annotations

from pathlib import Path

from actionkit.core.paths import HOME_ENV, resolve_paths


def test_home_argument_moves_every_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "h", environ={})
    for folder in (paths.config_dir, paths.data_dir, paths.cache_dir):
        assert folder.is_relative_to(tmp_path / "h")
    assert paths.settings_file.parent == paths.config_dir


def test_environment_variable_is_used_when_no_argument(tmp_path: Path) -> None:
    paths = resolve_paths(None, environ={HOME_ENV: str(tmp_path / "env-home")})
    assert paths.data_dir == (tmp_path / "env-home" / "data").resolve()


def test_argument_wins_over_environment(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "arg", environ={HOME_ENV: str(tmp_path / "env")})
    assert paths.data_dir.is_relative_to(tmp_path / "arg")


def test_platform_folders_without_any_override() -> None:
    paths = resolve_paths(None, environ={})
    assert "ActionKit" in str(paths.data_dir)
    assert "ActionKit" in str(paths.config_dir)


def test_ensure_creates_private_folders(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "h", environ={})
    paths.ensure()
    assert paths.data_dir.is_dir()
    assert paths.data_dir.stat().st_mode & 0o077 == 0
