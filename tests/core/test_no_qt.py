"""The core must never load Qt, directly or through anything it imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    import actionkit.core as core
    names = [m.name for m in pkgutil.walk_packages(core.__path__, "actionkit.core.")]
    for name in names:
        importlib.import_module(name)
    import actionkit.cli
    loaded = sorted(m for m in sys.modules if m == "PySide6" or m.startswith("PySide6."))
    print(len(names), "modules")
    sys.exit("Qt loaded: " + ", ".join(loaded) if loaded else 0)
    """
)


def test_core_and_cli_modules_do_not_load_qt() -> None:
    # A fresh interpreter: pytest-qt has already loaded PySide6 in this one.
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr + result.stdout
    count = int(result.stdout.split()[0])
    assert count >= 4, "the walk found too few core modules to mean anything"


def test_the_check_itself_notices_qt() -> None:
    # Guard against a check that cannot fail: the same probe sees Qt once it is loaded.
    probe = CHECK.replace("import actionkit.cli", "import actionkit.cli, PySide6.QtCore")
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "PySide6.QtCore" in result.stderr


def test_lazy_dataset_names_match_their_modules() -> None:
    import actionkit.core.dataset as dataset

    for name in dataset.__all__:
        assert getattr(dataset, name) is not None
    from actionkit.cli.people import DEFAULT_MAX_AGE_DAYS
    from actionkit.core.dataset import staleness

    assert DEFAULT_MAX_AGE_DAYS == staleness.DEFAULT_MAX_AGE_DAYS
