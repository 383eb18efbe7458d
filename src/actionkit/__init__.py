"""ActionKit: print and signature kit for street actions for political prisoners.

The version is defined once, in pyproject.toml, and read from the installed
package metadata.
"""

from __future__ import annotations

APP_NAME = "ActionKit"
# Reverse-DNS id used for the QApplication, the .desktop file, AppStream and
# Flatpak. The project owns no domain yet; change it here and in packaging/ only.
APP_ID = "org.actionkit.ActionKit"


def get_version() -> str:
    """The installed package's version (from pyproject.toml via its metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("actionkit")
    except PackageNotFoundError:
        # Running from a source tree that was never installed (e.g. a frozen
        # app or PYTHONPATH=src): fall back to the one place it is written.
        return _version_from_pyproject()


def _version_from_pyproject() -> str:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        with pyproject.open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"
