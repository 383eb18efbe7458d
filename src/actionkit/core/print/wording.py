"""Template wording from the per-language data files, with English as the fallback.

Which sentence a piece prints follows the person's status: a memorial for
someone executed, killed or dead in custody, never "Free X"; "released" for
someone released; urgent wording for a death sentence.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from actionkit.core.assets import asset_path
from actionkit.core.dataset.model import Person
from actionkit.core.errors import ActionKitError
from actionkit.core.text.normalize import to_persian_digits

FALLBACK = "en"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate and its end (UAX #9)
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@cache
def available_languages() -> tuple[str, ...]:
    folder = asset_path("translations", "print")
    return tuple(sorted(p.stem for p in folder.glob("*.json")))


@cache
def _load(language: str) -> dict[str, Any]:
    if language not in available_languages():
        raise ActionKitError(
            f"No print wording for language {language!r}; available: "
            f"{', '.join(available_languages())}."
        )
    data: dict[str, Any] = json.loads(
        asset_path("translations", "print", f"{language}.json").read_text(encoding="utf-8")
    )
    return data


def check_language(language: str) -> None:
    _load(language)


def check_languages(languages: list[str], what: str) -> None:
    """One or two languages, each with wording; `what` names the piece in the message."""
    if not 1 <= len(languages) <= 2:
        raise ActionKitError(f"{what} takes one or two languages.")
    for language in languages:
        check_language(language)


def _lookup(language: str, *keys: str) -> Any:
    for source in (_load(language), _load(FALLBACK)):
        value: Any = source
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            return value
    raise KeyError("/".join(keys))


def is_rtl(language: str) -> bool:
    return bool(_lookup(language, "direction") == "rtl")


def uses_persian_digits(language: str) -> bool:
    return _load(language).get("digits") == "persian"


def localize_digits(text: str, language: str) -> str:
    """Latin digits in the language's own: Persian (۱۲۳) for Persian, Arabic-Indic
    (١٢٣) for Arabic and Sorani; a line never mixes two digit systems."""
    digits = _load(language).get("digits")
    if digits == "persian":
        return to_persian_digits(text)
    if digits == "arabic":
        return text.translate(ARABIC_DIGITS)
    return text


def isolate(value: str) -> str:
    """A value inserted into a sentence (a name, a date, an id, a place), isolated so the
    bidi algorithm keeps it whole and in place: without it a Persian day number sticks
    to the Latin word before it."""
    return f"{FSI}{value}{PDI}" if value else value


def phrase(language: str, *keys: str) -> str:
    """A nested entry, e.g. phrase("de", "sheet_columns", "email"), with English fallback."""
    return localize_digits(str(_lookup(language, *keys)), language)


def text(language: str, key: str, **values: str) -> str:
    # Persian digits for the template's own words only: inserted values (a sheet
    # id, a name, an already localized date) are printed exactly as given, isolated.
    template = localize_digits(str(_lookup(language, key)), language)
    return template.format(**{name: isolate(value) for name, value in values.items()})


def actions(language: str) -> list[dict[str, str]]:
    """ "What you can do": a title and a sentence for each thing to do."""
    items: list[dict[str, str]] = _lookup(language, "actions")
    return [{k: localize_digits(str(v), language) for k, v in item.items()} for item in items]


def name_in(person: Person, language: str) -> str:
    if is_rtl(language):
        return person.name_persian or person.display_name
    return person.name_latin or person.display_name


def demand(person: Person, language: str) -> str:
    template = localize_digits(str(_lookup(language, "demand", person.status)), language)
    return template.format(name=isolate(name_in(person, language)))


def band(person: Person, language: str) -> str:
    value = _lookup(language, "band", person.status)
    if isinstance(value, dict):
        value = value.get(person.gender or "default", value["default"])
    return str(value)


def date(iso: str, language: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date in the language's words."""
    parts = iso.split("-")
    months: list[str] = _lookup(language, "months")
    if len(parts) == 1:
        out = parts[0]
    elif len(parts) == 2:
        out = str(_lookup(language, "date_month")).format(
            month=months[int(parts[1]) - 1], year=parts[0]
        )
    else:
        out = str(_lookup(language, "date_full")).format(
            day=int(parts[2]), month=months[int(parts[1]) - 1], year=parts[0]
        )
    return localize_digits(out, language)


def time_span(start: str, end: str, language: str) -> str:
    """'14:00', '16:00' -> the language's "14:00–16:00 Uhr"; '' when there is no start."""
    if not start:
        return ""

    def clock(hhmm: str) -> str:
        hour, minute = hhmm.split(":")
        return str(_lookup(language, "time")).format(hour=hour, minute=minute)

    if end:
        out = str(_lookup(language, "time_range")).format(start=clock(start), end=clock(end))
    else:
        out = str(_lookup(language, "time_single")).format(start=clock(start))
    return localize_digits(out, language)
