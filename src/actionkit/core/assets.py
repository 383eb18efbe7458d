"""Find bundled assets (fonts, data, styles, icons, translations) at run time.

One function serves every way ActionKit runs:

* from an installed wheel, where the assets sit inside the package
  (`actionkit/assets`, put there by the wheel build),
* from a source checkout or an editable install, where they stay at the top
  of the repository (`assets/`),
* from a frozen app (PyInstaller), where they are unpacked under `sys._MEIPASS`.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from actionkit.core.errors import AssetMissingError

_PACKAGE_DIR = Path(__file__).resolve().parent.parent

# The fonts every print piece and the UI can rely on, by role.
FONT_FILES: dict[str, str] = {
    "regular": "Vazirmatn-Regular.ttf",
    "medium": "Vazirmatn-Medium.ttf",
    "bold": "Vazirmatn-Bold.ttf",
    "black": "Vazirmatn-Black.ttf",
}
# Fallback for characters Vazirmatn lacks (Greek, Cyrillic, more Latin), by role.
FALLBACK_FONT_FILES: dict[str, str] = {
    "regular": "NotoSans-Regular.ttf",
    "medium": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "black": "NotoSans-Bold.ttf",
}


def _candidates() -> list[Path]:
    found = [_PACKAGE_DIR / "assets"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / "actionkit" / "assets")
    # src/actionkit -> src -> repository root
    found.append(_PACKAGE_DIR.parent.parent / "assets")
    return found


@cache
def assets_dir() -> Path:
    """The folder holding ActionKit's bundled assets."""
    for candidate in _candidates():
        if (candidate / "fonts").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in _candidates())
    raise AssetMissingError(
        f"ActionKit's bundled files are missing (looked in: {tried}). Reinstall ActionKit."
    )


def asset_path(*parts: str) -> Path:
    """Path of one bundled file, e.g. `asset_path("styles", "app.qss")`."""
    path = assets_dir().joinpath(*parts)
    if not path.exists():
        raise AssetMissingError(
            f"ActionKit's bundled file {'/'.join(parts)} is missing ({path}). Reinstall ActionKit."
        )
    return path


def font_path(role_or_file: str) -> Path:
    """A bundled font by role (`"bold"`) or by file name (`"Vazirmatn-Bold.ttf"`)."""
    file_name = FONT_FILES.get(role_or_file, role_or_file)
    return asset_path("fonts", file_name)
