"""The interface's words in five languages, from data files, switchable live.

Each language is a flat JSON file in assets/translations/ui/ (key -> text).
A key missing in a language falls back to English, and a key missing in
English shows as the key itself, so a gap is visible but never a crash.
Widgets keep their keys and re-read them in `retranslate()` when the user
switches language; Farsi also turns the layout right to left.

Errors and warnings from the core are English sentences that also carry a
key and parameters; `Translator.error`, `.issue` and `.text` show them in the
interface language (`error.<key>`, `issue.<key>`), or in English where a
language lacks the key. A sentence that depends on a count has a second key for
"one" (`scan.reading_one` beside `scan.reading`), picked by `Translator.plural`
and, for a core message with a `count`, by `.error` and `.text`. Qt's own words
(OK, Cancel, the file dialogs) come from Qt's translations, installed by
`install_qt_translations`.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionkit.core.assets import asset_path
from actionkit.core.errors import ActionKitError, Message

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from actionkit.core.signatures.validation import Issue

LANGUAGES = {"en": "English", "fa": "فارسی", "es": "Español", "de": "Deutsch", "fr": "Français"}
RTL = frozenset({"fa"})
# Where the "one" form covers zero too ("0 ligne"). Persian nouns stay singular after
# any number: its two forms are the same words.
ZERO_IS_ONE = frozenset({"fr"})
QT_TRANSLATOR_NAME = "actionkitQtTranslations"
FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"  # isolates for values inside a sentence


def isolated(value: object) -> str:
    """A value inside a sentence that may read right to left, kept in one piece: a path,
    a date, an id or a Latin name reads left to right ("/tmp/x.pdf", "2026-12-05-koln",
    never "koln-05-12-2026"); a Persian value keeps its own direction. Values without
    a strong letter (dates, numbers, paths) are isolated left to right explicitly: Qt
    does not treat a first-strong isolate without a strong letter as left to right."""
    text = str(value)
    rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    return f"{FSI if rtl else LRI}{text}{PDI}"


LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"


def embedded(text: str) -> str:
    """`text` with its isolates (LRI, RLI, FSI ... PDI) written as embeddings (LRE, RLE
    ... PDF), which order the same values the same way here. For a table cell: Qt's
    item views measure a wrapped cell's height with isolates but draw it as if longer,
    so a sentence with an isolated file name was cut with "…" instead of wrapping."""
    out: list[str] = []
    for at, char in enumerate(text):
        if char in "\u2066\u2067":
            out.append(LRE if char == LRI else RLE)
        elif char == FSI:
            out.append(RLE if _first_strong_rtl(text, at + 1) else LRE)
        elif char == PDI:
            out.append(PDF)
        else:
            out.append(char)
    return "".join(out)


def _first_strong_rtl(text: str, start: int) -> bool:
    """Whether the first strong letter from `start` (to the isolate's end) reads right
    to left."""
    depth = 0
    for char in text[start:]:
        if char in (LRI, "\u2067", FSI):
            depth += 1
        elif char == PDI:
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return True
            if kind == "L":
                return False
    return False


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
        return self._fill(text, values) if values else text

    def plural(self, key: str, number: int, /, **values: object) -> str:
        """`key` for `number` things: its "one" form (`key_one`) where the language says
        one, else `key` itself (no "file(s)")."""
        return self(self._counted(key, number), **values)

    def _counted(self, key: str, count: object) -> str:
        one = count == 1 or (count == 0 and self.language in ZERO_IS_ONE)
        if one and isinstance(count, int) and f"{key}_one" in _words("en"):
            return f"{key}_one"
        return key

    def _fill(self, template: str, values: dict[str, object]) -> str:
        if self.rtl:  # a path, date or Latin name keeps its order in the sentence
            values = {name: isolated(value) for name, value in values.items()}
        return template.format(**values)

    def _keyed(self, key: str, params: dict[str, Any], english: str) -> str:
        """`key` in this language with `params` filled in; `english` (what the CLI says)
        where the words are missing. A status code among the values ("released") is
        shown as the interface names it ("Released"), never as the code."""
        template = _words(self.language).get(self._counted(key, params.get("count")))
        if not template:
            return english
        shown = {name: self._value(v) for name, v in params.items()}
        status = params.get("status")
        if isinstance(status, str) and f"status.{status}" in _words("en"):
            shown["status"] = self(f"status.{status}")
        language = params.get("language")
        if isinstance(language, str) and language in LANGUAGES:
            shown["language"] = LANGUAGES[language]
        ranges = params.get("ranges")  # runs of rows ((1, 15),): 'rows 1–15', in this language
        if isinstance(ranges, tuple) and ranges:
            shown["rows"] = self.row_runs(ranges)
        for name in ("corner", "corners"):  # a sheet's corners ('bottom_left'), named
            value = params.get(name)
            if isinstance(value, str) and value:
                shown[name] = ", ".join(self._corner(part) for part in value.split(", "))
        try:
            return self._fill(template, shown)
        except (KeyError, IndexError, ValueError):  # a translation naming a wrong field
            return english

    def row_runs(self, ranges: tuple[tuple[int, int], ...]) -> str:
        """Runs of row numbers, (first, last) pairs, in this language: '3, 7 and 9–11',
        '3، 7 و 9 تا 11'. Written as one phrase, its numbers not isolated: in Persian
        they read right to left with the words between them (3 first, at the right)."""

        def said(key: str, **values: object) -> str:
            return (_words(self.language).get(key) or _words("en").get(key) or key).format(**values)

        parts = [
            str(first) if first == last else said("scan.row_run", first=first, last=last)
            for first, last in ranges
        ]
        if len(parts) == 1:
            return parts[0]
        rows = said("scan.rows_comma").join(parts[:-1])
        return said("scan.rows_and", rows=rows, last=parts[-1])

    def _corner(self, corner: str) -> str:
        """A sheet's corner as the interface names it: 'bottom_left' (or the core's
        'bottom left') -> 'پایین چپ'; anything else as it is."""
        key = f"corner.{corner.strip().replace(' ', '_')}"
        return self(key) if key in _words("en") else corner

    def _value(self, value: object) -> object:
        if isinstance(value, Message):
            return self.text(value)
        if isinstance(value, tuple):
            return " ".join(str(self._value(part)) for part in value)
        if isinstance(value, list):
            return "; ".join(str(self._value(item)) for item in value)
        return value

    def text(self, message: str) -> str:
        """A warning from the core: translated when it carries a key, else as it is."""
        if isinstance(message, Message) and message.key:
            return self._keyed(f"error.{message.key}", message.params, str(message))
        return str(message)

    def issue(self, issue: Issue) -> str:
        """A problem with a typed field (signatures.validation.Issue) in this language."""
        if not issue.key:
            return issue.message
        return self._keyed(f"issue.{issue.key}", issue.params, issue.message)

    def error(self, exc: BaseException) -> str:
        """What to tell the user about `exc`, in this language where the words exist."""
        if isinstance(exc, ActionKitError):
            english = str(exc)
            if not exc.key:
                return english
            params = dict(exc.params)
            issues = getattr(exc, "issues", None)  # ValidationFailed: the row's problems
            if issues is not None:
                params["problems"] = " ".join(
                    self.issue(i) for i in issues if getattr(i, "severity", "") == "error"
                )
            problems: list[str] = getattr(exc, "problems", None) or []  # DatasetError's findings
            if problems:
                english = str(getattr(exc, "summary", english))
            shown = self._keyed(f"error.{exc.key}", params, english)
            if problems:
                shown = "\n".join([shown, *(f"  - {p}" for p in problems[:25])])
                if len(problems) > 25:
                    shown += "\n" + self("error.more", count=len(problems) - 25)
            return shown
        if isinstance(exc, OSError):
            return f"{exc.filename or ''} {exc.strerror or exc}".strip()
        return self("error.unexpected", kind=exc.__class__.__name__, detail=str(exc))


def qt_translations_folders() -> list[Path]:
    """Where Qt keeps its .qm files: where Qt says, then beside PySide6 (a frozen app)."""
    import PySide6
    from PySide6.QtCore import QLibraryInfo

    said = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return [said, Path(PySide6.__file__).parent / "Qt" / "translations"]


def install_qt_translations(app: QCoreApplication, language: str) -> bool:
    """Qt's own words (OK, Cancel, Yes, file and print dialogs) in `language`.

    Replaces the translator installed before (a live language switch); English
    needs none. True when Qt's translation for the language was found."""
    from PySide6.QtCore import QTranslator

    old = app.findChild(QTranslator, QT_TRANSLATOR_NAME)
    if old is not None:
        app.removeTranslator(old)
        old.setParent(None)
    if language == "en" or language not in LANGUAGES:
        return True
    translator = QTranslator(app)
    translator.setObjectName(QT_TRANSLATOR_NAME)
    if not any(translator.load(f"qtbase_{language}", str(f)) for f in qt_translations_folders()):
        translator.setParent(None)
        return False
    app.installTranslator(translator)
    return True
