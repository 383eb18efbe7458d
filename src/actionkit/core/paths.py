"""Where ActionKit keeps the user's settings, data and caches.

Every folder can be redirected at once: with the `--home DIR` option, or the
`ACTIONKIT_HOME` environment variable. Tests always do that (`tmp_path`), so no
test ever touches a real user's files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from actionkit import APP_NAME

HOME_ENV = "ACTIONKIT_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The user folders of one ActionKit profile."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    def ensure(self) -> None:
        """Create the folders, readable by this user only (signer data lives here)."""
        for folder in (self.config_dir, self.data_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def resolve_paths(
    home: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> AppPaths:
    """The folders to use: `home` if given, else `$ACTIONKIT_HOME`, else the platform's."""
    env = os.environ if environ is None else environ
    chosen = home if home is not None else env.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            cache_dir=root / "cache",
        )
    import platformdirs

    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
