"""Event dates and times as people write them (issue 15): read in the user's
own form, stored as ISO / HH:MM, and an impossible one names what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.text.dates import (
    DateError,
    date_order,
    format_date,
    locale_from_environment,
    parse_date,
    parse_time,
    parse_times,
)


@pytest.mark.parametrize(
    ("typed", "locale"),
    [
        ("10.12.2026", "de"),
        ("10.12.2026", "de_DE"),
        ("10/12/2026", "fr"),
        ("10/12/2026", "es_ES"),
        ("12/10/2026", "en_US"),
        ("10.12.2026", "en"),  # English without a region: dots are day first
        ("2026-12-10", "en"),
        ("10/12/2026", "en_GB"),
        ("10/12/2026", "en_IE.UTF-8"),
        ("2026-12-10", ""),
        ("2026-12-10", "de"),
        ("2026-12-10", "en_US"),
        ("2026/12/10", "fa"),
        ("۱۴۰۵/۹/۱۹", "fa"),  # Solar Hijri: 19 Azar 1405
        ("۱۴۰۵/۰۹/۱۹", "fa_IR"),
        ("١٩/٩/١٤٠٥", "fa"),  # Arabic-Indic digits, day first
        (" 10.12.2026 ", "de"),
        ("10. 12. 2026", "de"),
        ("10.12.2026.", "de"),
    ],
)
def test_a_date_in_the_locales_own_form_is_stored_as_iso(typed: str, locale: str) -> None:
    assert parse_date(typed, locale) == "2026-12-10"


def test_day_and_month_follow_the_locale_and_are_never_swapped_to_fit() -> None:
    assert parse_date("03/04/2026", "en_US") == "2026-03-04"
    assert parse_date("03/04/2026", "en_GB") == "2026-04-03"
    # 13 cannot be a month: the other order is not tried, the month is named.
    with pytest.raises(DateError) as us:
        parse_date("13/12/2026", "en_US")
    assert us.value.key == "date.month"
    assert "Month 13 does not exist" in str(us.value)
    with pytest.raises(DateError) as de:
        parse_date("12/31/2026", "de")
    assert de.value.key == "date.month"
    assert de.value.params == {"month": 31}


def test_an_unknown_language_reads_only_year_first_dates() -> None:
    assert date_order("sv") == "YMD"
    with pytest.raises(DateError) as caught:
        parse_date("10.12.2026", "")
    assert caught.value.key == "date.unreadable"
    assert "write it like 2026-12-10" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "locale", "key", "words"),
    [
        ("31.11.2026", "de", "date.day_in_11", "November 2026 has 30 days, not 31."),
        ("29.02.2027", "de", "date.day_in_2", "February 2027 has 28 days, not 29."),
        ("2026-04-31", "", "date.day_in_4", "April 2026 has 30 days, not 31."),
        ("32.01.2026", "de", "date.day_in_1", "January 2026 has 31 days, not 32."),
        ("00.12.2026", "de", "date.day_zero", "Day 0 does not exist."),
        ("10.13.2026", "de", "date.month", "Month 13 does not exist"),
        ("10.00.2026", "de", "date.month", "Month 0 does not exist"),
        ("10.12.", "de", "date.year_missing", "The year is missing"),
        ("10.12", "de", "date.year_missing", "The year is missing"),
        ("2026-12", "", "date.day_missing", "The day is missing"),
        ("10.12.3026", "de", "date.year", "The year 3026 cannot be right"),
        ("۱۴۰۵/۱۲/۳۰", "fa", "date.solar_day", "Solar Hijri year 1405 (Esfand) has 29 days"),
        ("next friday", "en_GB", "date.unreadable", "write it like 10/12/2026"),
        ("", "de", "date.missing", "The date is missing"),
    ],
)
def test_an_impossible_date_names_the_wrong_part(
    typed: str, locale: str, key: str, words: str
) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(typed, locale)
    assert caught.value.key == key
    assert words in str(caught.value)


def test_29_february_exists_in_leap_years_only() -> None:
    assert parse_date("29.02.2028", "de") == "2028-02-29"
    with pytest.raises(DateError, match="February 2027 has 28 days"):
        parse_date("29.02.2027", "de")


def test_a_two_digit_year_is_refused_with_the_full_form_as_a_hint() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("10.12.26", "de")
    assert caught.value.key == "date.short_year"
    assert caught.value.params == {"year": "26", "example": "10.12.2026"}
    with pytest.raises(DateError, match="like 12/10/2026"):
        parse_date("12/10/26", "en_US")


def test_the_form_shows_a_date_as_the_user_writes_it() -> None:
    assert format_date("2026-12-10", "de") == "10.12.2026"
    assert format_date("2026-12-10", "fr") == "10/12/2026"
    assert format_date("2026-12-10", "en_US") == "12/10/2026"
    assert format_date("2026-12-10", "en_GB") == "10/12/2026"
    assert format_date("2026-12-10", "fa") == "۱۴۰۵/۹/۱۹"
    for locale in ("de", "fr", "es", "en_US", "en_GB", "fa", ""):
        assert parse_date(format_date("2027-03-21", locale), locale) == "2027-03-21"


def test_the_region_comes_from_the_environment() -> None:
    assert locale_from_environment("en", {"LANG": "en_GB.UTF-8"}) == "en_GB"
    assert locale_from_environment("en", {"LC_ALL": "en_US.UTF-8", "LANG": "en_GB"}) == "en_US"
    assert locale_from_environment("de", {"LANG": "C.UTF-8"}) == "de"
    assert locale_from_environment("fa", {}) == "fa"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19:30", "19:30"),
        ("19.30", "19:30"),
        ("19h30", "19:30"),
        ("19 h 30", "19:30"),
        ("19 Uhr", "19:00"),
        ("9:05", "09:05"),
        ("7:30 pm", "19:30"),
        ("7:30 p.m.", "19:30"),
        ("7 PM", "19:00"),
        ("12 am", "00:00"),
        ("12:15 pm", "12:15"),
        ("۱۹:۳۰", "19:30"),
        ("", ""),
    ],
)
def test_times_as_people_write_them_are_stored_as_hh_mm(typed: str, stored: str) -> None:
    assert parse_time(typed) == stored


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("25:00", "time.hour"),
        ("24:00", "time.hour"),
        ("19:75", "time.minute"),
        ("13 pm", "time.twelve"),
        ("0 am", "time.twelve"),
        ("7:3", "time.unreadable"),
        ("soon", "time.unreadable"),
    ],
)
def test_an_impossible_time_names_the_wrong_part(typed: str, key: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_time(typed)
    assert caught.value.key == key


def test_the_end_comes_after_the_start() -> None:
    assert parse_times("14:00", "16:00") == ("14:00", "16:00")
    assert parse_times("14:00", "") == ("14:00", "")
    with pytest.raises(DateError, match=r"The end \(13:00\) must be after the start \(14:00\)"):
        parse_times("14:00", "1 pm")
    with pytest.raises(DateError, match="must be after"):
        parse_times("14:00", "14:00")
    with pytest.raises(DateError) as caught:
        parse_times("", "16:00")
    assert caught.value.key == "time.end_without_start"


def test_the_store_keeps_the_times_and_says_what_is_wrong_as_a_store_error(
    tmp_path: Path,
) -> None:
    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        event = store.create_event("Vigil", "2026-12-10", start_time="14.00", end_time="4 pm")
        assert (event.start_time, event.end_time) == ("14:00", "16:00")
        assert store.event(event.slug).start_time == "14:00"
        with pytest.raises(StoreError) as day:
            store.create_event("Vigil", "2026-11-31")
        assert day.value.key == "date.day_in_11"
        with pytest.raises(StoreError) as order:
            store.create_event("Vigil", "2026-12-10", start_time="18:00", end_time="17:00")
        assert order.value.key == "time.end_before_start"
        assert [e.slug for e in store.events()] == [event.slug]


def test_a_dotted_date_is_day_first_even_in_us_english() -> None:
    # A German volunteer with the app in English types the date as at home.
    assert parse_date("10.12.2026", "en_US") == "2026-12-10"
    assert parse_date("10/12/2026", "en_US") == "2026-10-12"


def test_english_without_a_region_reads_a_slashed_date_only_with_one_reading() -> None:
    # Failed before: a C or POSIX system locale made "en" US English, so the form
    # asked for 12/10/2026 and read a European 10/12/2026 as 12 October.
    assert parse_date("13/12/2026", "en") == "2026-12-13"
    assert parse_date("12/13/2026", "en") == "2026-12-13"
    assert parse_date("05/05/2026", "en") == "2026-05-05"
    with pytest.raises(DateError) as either:
        parse_date("10/12/2026", "en")
    assert either.value.key == "date.ambiguous"
    assert "10 December or 12 October" in str(either.value)
    assert format_date("2026-12-10", "en") == "2026-12-10"  # the form it asks for
