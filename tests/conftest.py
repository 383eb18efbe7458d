"""Shared fixtures. Qt must be told to run offscreen before any QApplication exists."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from actionkit.core.paths import HOME_ENV, AppPaths, resolve_paths
from tests.update_server import LocalServer, local_server

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own ActionKit home, so none touches a real user's files."""
    home = tmp_path / "actionkit-home"
    monkeypatch.setenv(HOME_ENV, str(home))
    yield home


@pytest.fixture
def app_paths(isolated_home: Path) -> AppPaths:
    return resolve_paths(isolated_home)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A dataset publisher on 127.0.0.1 (tests/update_server.py)."""
    with local_server() as running:
        yield running
