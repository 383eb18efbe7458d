"""Template wording from the per-language data files, with English as the fallback.

Which sentence a piece prints follows the person's status: a memorial for
someone executed, killed or dead in custody, never "Free X"; "released" for
someone released; urgent wording for a death sentence.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from actionkit.core.assets import asset_path
from actionkit.core.dataset import calendar as solar
from actionkit.core.dataset.model import Person
from actionkit.core.errors import ActionKitError
from actionkit.core.text.normalize import to_persian_digits

FALLBACK = "en"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate and its end (UAX #9)
NBSP, NNBSP = "\u00a0", "\u202f"  # no-break space, narrow no-break space (French)
RTL_SCRIPT_LEADS = frozenset({"fa", "ar", "ckb"})  # leads whose readers read the Persian name
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


def names_in_lead_order(person: Person, lead: str) -> list[tuple[str, str]]:
    """The person's names as (name, language of its script), the lead language's script
    first: the Persian-script name leads for a Persian, Arabic or Sorani lead, the Latin
    one otherwise. The first is the one a piece prints largest."""
    latin = (person.name_latin or person.display_name, "en")
    persian = [(person.name_persian, "fa")] if person.name_persian else []
    return [*persian, latin] if lead in RTL_SCRIPT_LEADS and persian else [latin, *persian]


def bound_name(name: str) -> str:
    """A name a line never breaks inside: its spaces made no-break. A long name (four
    words or more, e.g. "Seyed Mohammad Hossein Taghavi Sangdehi") may break only
    between groups of two or three of its words, so no word of it ever stands alone."""
    words = name.split()
    if len(words) <= 3:
        return NBSP.join(words)
    groups = [words[i : i + 2] for i in range(0, len(words), 2)]
    if len(groups[-1]) == 1:
        last = groups.pop()
        groups[-1] += last
    return " ".join(NBSP.join(group) for group in groups)


def _bind_phrases(template: str) -> str:
    """A demand's template with its phrases kept on one line, so that no line holds a
    word alone: one word before the name is bound to it ("Free Toomaj Salehi"); two
    are bound to each other («أطلقوا سراح», "Freiheit für", "¡Libertad para"); of more,
    a short last one goes with the name ("...execution of Akbar Daneshvarkar"). The
    last two words after the name are bound ("fallen lassen!", «آزاد کنید!»)."""
    head, found, tail = template.partition("{name}")
    if not found:
        return template
    words = head.split(" ")  # the last item is "" when a space precedes the name
    if words[-1] == "":
        before = words[:-1]
        if len(before) == 1:
            head = f"{before[0]}{NBSP}"
        elif len(before) == 2:
            head = f"{before[0]}{NBSP}{before[1]} "
        elif before and re.fullmatch(r"\w{1,3}", before[-1]):
            head = " ".join(before[:-1]) + f" {before[-1]}{NBSP}"
    words = tail.split(" ")
    if len(words) >= 2 and re.search(r"\w", words[-2]):
        tail = " ".join([*words[:-2], f"{words[-2]}{NBSP}{words[-1]}"])
    return head + found + tail


def demand(person: Person, language: str, *, bound: bool = True) -> str:
    """The status's demand with the person's name in it, isolated. `bound` (the default)
    keeps the name whole on one line (see `bound_name`) and the short words around it
    with it; lay it out with TextStyle(balance=True). Unbound is the fallback for a box
    too small to hold the bound phrase at 6 pt."""
    template = localize_digits(str(_lookup(language, "demand", person.status)), language)
    name = name_in(person, language)
    if bound:
        template, name = _bind_phrases(template), bound_name(name)
    return template.format(name=isolate(name))


def band(person: Person, language: str) -> str:
    value = _lookup(language, "band", person.status)
    if isinstance(value, dict):
        value = value.get(person.gender or "default", value["default"])
    return str(value)


# Each language's quotation marks: (opening, closing) for a quotation, then for a
# quotation inside one. French sets its guillemets off with no-break spaces.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb", "\u201c", "\u201d"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "sv": ("\u201d", "\u201d", "\u2019", "\u2019"),
}
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_DOUBLE = re.compile(r'"([^"\n]+)"')
_SINGLE = re.compile(r"(?<![\w'])'(?=\w)([^'\n]*?\S)'(?!\w)")
_TRAILING_APOSTROPHE = re.compile(r"(?<=\w)'(?!\w)")  # "prisoners' rights", left unpaired
_FRENCH_SPACE = re.compile(r"(?<=[\w»)\]”’])[ \u00a0]?([;!?])")
_FRENCH_COLON = re.compile(r"(?<=[\w»)\]”’])[ \u00a0]?:(?=\s|$)")


def typeset(text: str, language: str) -> str:
    """A story or another sentence from the dataset as it is printed (the stored text
    is never changed): in a Latin-script language, straight apostrophes between letters
    become ’ and pairs of straight quotes the language's own (“…” in English, „…“ in
    German, « … » in French); French gets its no-break space before ; ! ? and :; in
    every language a date ("12. Dezember 2022", «۱۲ دسامبر») never breaks between day,
    month and year."""
    text = bind_dates(text, language)
    if language not in QUOTES:
        return text
    first_open, first_close, inner_open, inner_close = QUOTES[language]
    text = _APOSTROPHE.sub("\u2019", text)
    text = _DOUBLE.sub(lambda m: f"{first_open}{m.group(1)}{first_close}", text)
    text = _SINGLE.sub(lambda m: f"{inner_open}{m.group(1)}{inner_close}", text)
    text = _TRAILING_APOSTROPHE.sub("\u2019", text)
    if language == "fr":
        text = _FRENCH_SPACE.sub(f"{NNBSP}\\1", text)
        text = _FRENCH_COLON.sub(f"{NBSP}:", text)
    return text


# The Solar Hijri months as Persian stories write them ("۸ آذر ۱۴۰۱").
SOLAR_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip


@cache
def _date_pattern(language: str) -> re.Pattern[str]:
    names = [*_lookup(language, "months"), *solar.MONTH_NAMES, *SOLAR_MONTHS]
    months = "|".join(re.escape(m) for m in sorted(names, key=len, reverse=True))
    day = r"\d{1,2}\.?"
    year = r"\d{4}"
    joiner = r"\s+(?:de\s+)?"  # Spanish "12 de diciembre de 2022"
    return re.compile(
        rf"(?<!\w)(?:{day}{joiner}(?:{months})(?:{joiner}{year})?"
        rf"|(?:{months})\s+{day},?(?:\s+{year})?"
        rf"|(?:{months}){joiner}{year})(?!\w)",
        re.IGNORECASE,
    )


def bind_dates(text: str, language: str) -> str:
    """`text` with each written date ("am 12. Dezember 2022", "December 12, 2022",
    "12 de diciembre") bound with no-break spaces, so no line splits it."""
    return _date_pattern(language).sub(lambda m: re.sub(r"\s+", NBSP, m.group(0)), text)


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
