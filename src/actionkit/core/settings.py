"""User settings: a typed dataclass saved as JSON in the user config folder.

Loading never fails: missing keys take their defaults, keys with a wrong type
are reset (and reported), keys written by a newer ActionKit are kept and saved
back unchanged. A file that cannot be read at all is moved aside (renamed,
never overwritten or deleted) and ActionKit starts on defaults, saying so.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from actionkit.core.storage import atomic_write_text, move_aside

SCHEMA_VERSION = 1

# From the Emergency Campaign's call ("Sign the call at
# www.freeiranspoliticalprisonersnow.org", see shared/seeds). A setting.
DEFAULT_APPEAL_URL = "https://www.freeiranspoliticalprisonersnow.org"

PAPER_SIZES = ("A4", "Letter")
UI_LANGUAGES = ("en", "fa", "es", "de", "fr")


@dataclass
class Settings:
    """Everything the user can set. Add a field with a default to extend it."""

    schema_version: int = SCHEMA_VERSION
    organizer_name: str = ""
    organizer_city: str = ""
    # Who collects signers' details (the data controller, in EU law), printed on every
    # signature sheet with where to write to withdraw; "" names the organizer, and
    # without an organizer the campaign itself (see `controller_name`).
    data_controller: str = ""
    data_controller_contact: str = ""
    # "" until the welcome step picks A4 or Letter from the locale.
    paper_size: str = ""
    print_languages: list[str] = field(default_factory=lambda: ["en"])
    ui_language: str = "en"
    appeal_url: str = DEFAULT_APPEAL_URL
    welcome_done: bool = False
    # The central campaign's age public key ("age1..."): exports can be sealed to it.
    centre_public_key: str = ""
    # A locked signature store asks for its passphrase again after this much idleness.
    lock_after_minutes: int = 10
    # The campaign's dataset update address (https); "" until the user sets one.
    # Used only when the user asks to check for updates, never at start-up.
    dataset_url: str = ""
    # Keys this version does not know (written by a newer ActionKit): kept as
    # they were so that saving never loses them.
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def controller_name(self) -> str:
        """Who the sheets name as collecting the signers' details: the one set for it,
        else the organizer (typed in the first-start dialog), else "" (the campaign)."""
        return self.data_controller.strip() or self.organizer_name.strip()


@dataclass
class LoadedSettings:
    settings: Settings
    # Sentences for the user: what was reset, moved aside, or ignored.
    notices: list[str] = field(default_factory=list)


def _matches(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is list:
        (item_type,) = typing.get_args(hint)
        return isinstance(value, list) and all(_matches(v, item_type) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, h) for h in typing.get_args(hint))
    if hint is Any:
        return True
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is type(None):
        return value is None
    return isinstance(value, hint)


def _from_dict(data: dict[str, Any], notices: list[str]) -> Settings:
    hints = typing.get_type_hints(Settings)
    defaults = Settings()
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)} - {"extra"}
    for name in known:
        if name not in data:
            continue
        if _matches(data[name], hints[name]):
            values[name] = data[name]
        else:
            notices.append(
                f"The setting '{name}' had an invalid value and was reset to "
                f"{getattr(defaults, name)!r}."
            )
    settings = Settings(**values)
    settings.extra = {k: v for k, v in data.items() if k not in known}
    settings.schema_version = SCHEMA_VERSION
    if settings.paper_size not in ("", *PAPER_SIZES):
        notices.append(f"Unknown paper size {settings.paper_size!r}; using the default.")
        settings.paper_size = ""
    if settings.ui_language not in UI_LANGUAGES:
        notices.append(f"Unknown interface language {settings.ui_language!r}; using English.")
        settings.ui_language = "en"
    return settings


def _why_unreadable(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"it is damaged near line {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def load_settings(path: Path) -> LoadedSettings:
    """Read settings from `path`; never raises for a bad or missing file."""
    if not path.exists():
        return LoadedSettings(Settings())
    notices: list[str] = []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the file does not hold a JSON object")
    except (OSError, ValueError) as exc:
        kept = move_aside(path)
        where = f"the old file was kept as {kept.name}" if kept else "it could not be moved aside"
        notices.append(
            f"Your settings file could not be read ({_why_unreadable(exc)}). "
            f"ActionKit started with default settings; {where}."
        )
        return LoadedSettings(Settings(), notices)
    file_version = data.get("schema_version")
    if isinstance(file_version, int) and file_version > SCHEMA_VERSION:
        notices.append(
            "Your settings were written by a newer ActionKit; settings this version does "
            "not know are kept unchanged."
        )
    return LoadedSettings(_from_dict(data, notices), notices)


def settings_to_json(settings: Settings) -> str:
    data = asdict(settings)
    extra = data.pop("extra")
    merged = {**extra, **data}
    return json.dumps(merged, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically: a crash leaves either the old or the new file, never half."""
    atomic_write_text(path, settings_to_json(settings))
