"""One version and one application id in every packaging file, and valid desktop files."""

from __future__ import annotations

import configparser
import plistlib
import re
from importlib.metadata import version
from xml.etree import ElementTree

from actionkit import APP_ID
from tests.conftest import REPO_ROOT

PACKAGING = REPO_ROOT / "packaging"


def test_one_application_id_everywhere() -> None:
    desktop = PACKAGING / "linux" / f"{APP_ID}.desktop"
    metainfo = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
    assert desktop.exists() and metainfo.exists()
    root = ElementTree.parse(metainfo).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == desktop.name  # type: ignore[union-attr]
    flatpak = (PACKAGING / "flatpak" / f"{APP_ID}.yml").read_text(encoding="utf-8")
    assert re.search(rf"^app-id: {re.escape(APP_ID)}$", flatpak, re.M)
    assert "--share=network" not in re.sub(r"(?s)build-options:.*?build-commands", "", flatpak)
    plist = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    assert plist["CFBundleIdentifier"] == APP_ID
    for size in (16, 32, 48, 128, 256, 512):
        assert (
            PACKAGING / "linux" / "icons" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        ).exists()


def test_one_version_everywhere() -> None:
    current = version("actionkit")
    root = ElementTree.parse(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == current, "the newest release in the metainfo is this version"
    plist = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == current
    iss = (PACKAGING / "windows" / "actionkit.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{current}"' in iss


def test_desktop_entry_is_well_formed() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"] == "actionkit"
    assert section["Icon"] == APP_ID and section["Categories"].endswith(";")


def test_metainfo_validates_with_appstreamcli() -> None:
    import shutil
    import subprocess

    import pytest

    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed here (apt install appstream)")
    metainfo = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        [tool, "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
