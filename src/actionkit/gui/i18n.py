"""The interface's words in five languages, from data files, switchable live.

Each language is a flat JSON file in assets/translations/ui/ (key -> text).
A key missing in a language falls back to English, and a key missing in
English shows as the key itself, so a gap is visible but never a crash.
Widgets keep their keys and re-read them in `retranslate()` when the user
switches language; Farsi also turns the layout right to left.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from actionkit.core.assets import asset_path

LANGUAGES = {"en": "English", "fa": "فارسی", "es": "Español", "de": "Deutsch", "fr": "Français"}
RTL = frozenset({"fa"})


@cache
def _words(language: str) -> dict[str, str]:
    path = asset_path("translations", "ui", f"{language}.json")
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {k: str(v) for k, v in data.items() if not k.startswith("_")}


class Translator:
    """Looks words up in the chosen language; one per main window (no global state)."""

    def __init__(self, language: str = "en") -> None:
        self.language = language if language in LANGUAGES else "en"

    @property
    def rtl(self) -> bool:
        return self.language in RTL

    def __call__(self, key: str, **values: object) -> str:
        text = _words(self.language).get(key) or _words("en").get(key) or key
        return text.format(**values) if values else text
