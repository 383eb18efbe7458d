"""Event dates and times as people write them, always stored as ISO.

A date is read in the form usual for the user's language and region: German
`10.12.2026`, French and Spanish `10/12/2026`, English by region (US `12/10/2026`,
elsewhere `10/12/2026`), Persian `۱۴۰۵/۹/۱۹` (Solar Hijri when the year says so) or
`2026/12/10`. A four-digit year first is read year-month-day everywhere, so ISO
always works. Day and month are never swapped to make a date fit: the locale's
order is the only one tried. A two-digit year is refused with the full form as a
hint. What is wrong with an impossible date is named (the day, the month, the year).

Times: 19:30, 19.30, 19h30, 19 Uhr, 7:30 pm, Persian digits; stored as HH:MM.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import os
import re
from collections.abc import Mapping

from actionkit.core.dataset import calendar as solar
from actionkit.core.errors import ActionKitError

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# English regions that write the month first (CLDR); every other English region
# writes the day first. "en" without a region (a C or POSIX system locale) could be
# either: a slashed date is read only when just one reading exists.
_MONTH_FIRST_REGIONS = frozenset({"US", "PH", "AS", "GU", "MP", "PR", "UM", "VI", "FM", "MH"})
# Languages whose numeric dates put the day first.
_DAY_FIRST = frozenset({"de", "fr", "es", "it", "nl", "pt", "pl", "tr", "ru", "da", "nb", "ckb"})
_SOLAR_YEARS = range(1300, 1500)  # a year the Persian user means in the Solar Hijri calendar
_GREGORIAN_YEARS = range(1900, 2200)

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DATE = re.compile(r"(\d+)\s*([./\-])\s*(\d+)(?:\s*\2\s*(\d*))?\s*\.?")
_TIME = re.compile(
    r"(\d{1,2})(?:\s*[:.h]\s*(\d{1,2}))?\s*(?:h|uhr)?\s*(am|pm|a\.m\.|p\.m\.|ق\.ظ|ب\.ظ)?\.?"
)


class DateError(ActionKitError):
    """A date or time the user typed cannot be read or does not exist."""


def to_ascii_digits(text: str) -> str:
    """Persian (۱۲) and Arabic-Indic (١٢) digits as 0-9."""
    return text.translate(_DIGITS)


def _split_locale(locale: str) -> tuple[str, str]:
    """'en_US.UTF-8' / 'en-GB' / 'de' -> ('en', 'US') / ('en', 'GB') / ('de', '')."""
    name = locale.split(".")[0].split("@")[0].replace("-", "_")
    language, _, region = name.partition("_")
    return language.lower(), region.upper()


def date_order(locale: str) -> str:
    """'DMY', 'MDY' or 'YMD': the order of a numeric date with the year last
    ('YMD' means only year-first dates are read, as for an unknown language);
    'either' for English without a region: only a date with one reading is read."""
    language, region = _split_locale(locale)
    if language == "en":
        if not region:
            return "either"
        return "MDY" if region in _MONTH_FIRST_REGIONS else "DMY"
    if language in _DAY_FIRST or language == "fa":  # Persian with the year last: day first
        return "DMY"
    return "YMD"


def locale_from_environment(language: str, environ: Mapping[str, str] | None = None) -> str:
    """`language` with the region of the system locale (LC_ALL, LC_TIME, LANG): the
    interface language decides the words, the region decides day/month order."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = env.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            _, region = _split_locale(value)
            return f"{language}_{region}" if region else language
    return language


def format_date(iso: str, locale: str) -> str:
    """An ISO date in the locale's numeric form: what the user would type."""
    day = dt.date.fromisoformat(iso)
    language, _ = _split_locale(locale)
    if language == "fa":
        y, m, d = solar.from_gregorian(day)
        return f"{y}/{m}/{d}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    order = date_order(locale)
    if order == "MDY":
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if order == "DMY":
        separator = "." if language in ("de", "pl", "tr", "ru", "da", "nb") else "/"
        return f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year}"
    return iso


def parse_date(text: str, locale: str = "") -> str:
    """The ISO date (YYYY-MM-DD) `text` means in `locale` ('de', 'en_US', 'fa'; ''
    reads year-first dates only); DateError naming what is wrong otherwise."""
    example = format_date("2026-12-10", locale)
    typed = to_ascii_digits(text).strip()
    if not typed:
        raise DateError("The date is missing.", key="date.missing")
    found = _DATE.fullmatch(typed)
    if found is None:
        raise DateError(
            f"'{text.strip()}' is not a date; write it like {example}.",
            key="date.unreadable",
            date=text.strip(),
            example=example,
        )
    first, separator, second, last = found.groups()
    if len(first) == 4 and not last:
        raise DateError(
            f"The day is missing in '{text.strip()}'; write it like {example}.",
            key="date.day_missing",
            date=text.strip(),
            example=example,
        )
    if not last:
        raise DateError(
            f"The year is missing in '{text.strip()}'; write it like {example}.",
            key="date.year_missing",
            date=text.strip(),
            example=example,
        )
    order = date_order(locale)
    if len(first) == 4:
        year, month, day = int(first), int(second), int(last)
    elif len(last) == 4 and order != "YMD":
        year, month, day = int(last), int(second), int(first)
        # Dots are written day first everywhere (10.12.2026), also in the US.
        if order == "MDY" and separator != ".":
            month, day = day, month
        elif order == "either" and separator != "." and month != day:
            if month > 12 >= day:
                month, day = day, month
            elif day <= 12 and month <= 12:
                raise DateError(
                    f"'{text.strip()}' could be {day} {MONTH_NAMES[month - 1]} or"
                    f" {month} {MONTH_NAMES[day - 1]}; write it like {example} or"
                    f" {day:02d}.{month:02d}.{year}.",
                    key="date.ambiguous",
                    date=text.strip(),
                    example=example,
                    dotted=f"{day:02d}.{month:02d}.{year}",
                )
    elif len(last) <= 2 and len(first) <= 2 and order != "YMD":
        raise DateError(
            f"Write the year in full (four digits), like {example}: '{last}' could be"
            " more than one year.",
            key="date.short_year",
            year=last,
            example=example,
        )
    else:
        raise DateError(
            f"'{text.strip()}' is not a date; write it like {example}.",
            key="date.unreadable",
            date=text.strip(),
            example=example,
        )
    language, _ = _split_locale(locale)
    if language == "fa" and year in _SOLAR_YEARS:
        _check_day(year, month, day, solar_calendar=True)
        return solar.to_gregorian(year, month, day).isoformat()
    if year not in _GREGORIAN_YEARS:
        raise DateError(
            f"The year {year} cannot be right for an event; write it like {example}.",
            key="date.year",
            year=year,
            example=example,
        )
    _check_day(year, month, day)
    return dt.date(year, month, day).isoformat()


def _check_day(year: int, month: int, day: int, *, solar_calendar: bool = False) -> None:
    if not 1 <= month <= 12:
        raise DateError(
            f"Month {month} does not exist (months are 1 to 12).", key="date.month", month=month
        )
    if day < 1:
        raise DateError(f"Day {day} does not exist.", key="date.day_zero", day=day)
    days = (
        solar.month_length(year, month) if solar_calendar else gregorian.monthrange(year, month)[1]
    )
    if day > days and solar_calendar:
        raise DateError(
            f"Month {month} of the Solar Hijri year {year} ({solar.MONTH_NAMES[month - 1]})"
            f" has {days} days, not {day}.",
            key="date.solar_day",
            month=month,
            year=year,
            days=days,
            day=day,
        )
    if day > days:
        raise DateError(
            f"{MONTH_NAMES[month - 1]} {year} has {days} days, not {day}.",
            key=f"date.day_in_{month}",  # a sentence per month: its name inflects
            year=year,
            days=days,
            day=day,
        )


def parse_time(text: str) -> str:
    """'19:30', '19.30', '19h30', '19 Uhr', '7:30 pm', '۱۹:۳۰' -> '19:30'; '' -> ''."""
    typed = to_ascii_digits(text).strip().lower().replace(" ", "")
    if not typed:
        return ""
    found = _TIME.fullmatch(typed)
    if found is None:
        raise DateError(
            f"'{text.strip()}' is not a time; write it like 19:30.",
            key="time.unreadable",
            time=text.strip(),
        )
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    half = found.group(3)
    if found.group(2) is not None and len(found.group(2)) != 2:
        raise DateError(
            f"'{text.strip()}' is not a time; write it like 19:30.",
            key="time.unreadable",
            time=text.strip(),
        )
    if half:
        if not 1 <= hour <= 12:
            raise DateError(
                f"With am or pm the hour is 1 to 12, not {hour}.", key="time.twelve", hour=hour
            )
        afternoon = half.startswith("p") or half == "ب.ظ"
        hour = hour % 12 + (12 if afternoon else 0)
    if hour > 23:
        raise DateError(
            f"Hour {hour} does not exist (hours are 0 to 23).", key="time.hour", hour=hour
        )
    if minute > 59:
        raise DateError(
            f"Minute {minute} does not exist (minutes are 0 to 59).",
            key="time.minute",
            minute=minute,
        )
    return f"{hour:02d}:{minute:02d}"


def parse_times(start: str, end: str) -> tuple[str, str]:
    """Both times read; the end must come after the start, and needs one."""
    first, last = parse_time(start), parse_time(end)
    if last and not first:
        raise DateError(
            f"The event ends at {last} but has no start time; give the start too.",
            key="time.end_without_start",
            end=last,
        )
    if first and last and last <= first:
        raise DateError(
            f"The end ({last}) must be after the start ({first}).",
            key="time.end_before_start",
            start=first,
            end=last,
        )
    return first, last
