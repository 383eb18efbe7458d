"""The wheel carries the assets, and the installed command finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from actionkit.core.assets import FONT_FILES
from tests.conftest import REPO_ROOT


@pytest.mark.slow
def test_wheel_installs_and_finds_its_assets(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(dist),
            str(REPO_ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = dist.glob("actionkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for file_name in [*FONT_FILES.values(), "OFL.txt", "README.md"]:
        assert f"actionkit/assets/fonts/{file_name}" in names
    assert "actionkit/assets/styles/app.qss" in names
    assert not any(n.startswith(("tests/", "actionkit/tests/")) for n in names)

    # A venv that sees the test environment's dependencies, but gets our
    # package only from the wheel (its own site-packages come first). The test
    # environment is itself a venv, so its packages are added with a .pth line
    # (which does not run the editable install's own .pth).
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    own_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    test_site = sysconfig.get_paths()["purelib"]
    (Path(own_site) / "test-environment.pth").write_text(test_site + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--quiet",
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["ACTIONKIT_HOME"] = str(tmp_path / "home")

    def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(c) for c in command],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    version = run(env_dir / "bin" / "actionkit", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("actionkit ")
    help_text = run(env_dir / "bin" / "actionkit", "--help")
    assert "prisoners" in help_text.stdout
    # The bundled dataset and the print engine work from the wheel too.
    listing = run(env_dir / "bin" / "actionkit", "prisoners", "search", "Sotoudeh")
    assert listing.returncode == 0, listing.stderr
    assert "nasrin-sotoudeh" in listing.stdout
    poster = run(env_dir / "bin" / "actionkit", "poster", "--person", "toomaj-salehi",
                 "--accept-stale", "-o", str(tmp_path / "p.pdf"))  # fmt: skip
    assert poster.returncode == 0, poster.stderr
    assert (tmp_path / "p.pdf").stat().st_size > 10_000

    probe = (
        "import actionkit; from actionkit.core.assets import font_path; "
        "print(actionkit.__file__); print(font_path('bold'))"
    )
    found = run(python, "-c", probe)
    assert found.returncode == 0, found.stderr
    package_file, font = found.stdout.split("\n")[:2]
    site = str(env_dir)
    assert package_file.startswith(site), "the wheel's package was not the one imported"
    assert font.startswith(site) and font.endswith(FONT_FILES["bold"])
    assert Path(font).stat().st_size > 50_000
