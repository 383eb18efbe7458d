"""The custody timeline: Solar Hijri dates, derived statuses, and the validator's refusals."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from actionkit.core.dataset import person_problems
from actionkit.core.dataset.calendar import from_gregorian, solar_matches, to_gregorian
from actionkit.core.dataset.model import Person
from actionkit.core.dataset.timeline import Citation, Event, SentenceTerms, derive
from tests.dataset_helpers import make_record

# Dates of known events, as Iranian and international sources give them.
KNOWN_DATES = [
    ((1357, 11, 22), "1979-02-11"),  # victory of the revolution
    ((1388, 3, 22), "2009-06-12"),  # presidential election
    ((1401, 6, 25), "2022-09-16"),  # death of Mahsa (Jina) Amini
    ((1402, 12, 29), "2024-03-19"),  # last day of a common year
    ((1403, 1, 1), "2024-03-20"),  # Nowruz 1403
    ((1403, 12, 30), "2025-03-20"),  # 30 Esfand: 1403 is a leap year
    ((1404, 1, 1), "2025-03-21"),  # Nowruz 1404
    ((1404, 9, 21), "2025-12-12"),  # arrests at the Mashhad memorial
]


@pytest.mark.parametrize(("solar", "gregorian"), KNOWN_DATES)
def test_solar_hijri_dates_of_known_events(solar: tuple[int, int, int], gregorian: str) -> None:
    assert to_gregorian(*solar).isoformat() == gregorian
    assert from_gregorian(dt.date.fromisoformat(gregorian)) == solar


def test_every_day_converts_there_and_back() -> None:
    day = dt.date(1921, 3, 21)
    while day < dt.date(2032, 3, 21):
        assert to_gregorian(*from_gregorian(day)) == day
        day += dt.timedelta(days=1)


def test_days_that_do_not_exist_are_refused() -> None:
    with pytest.raises(ValueError):
        to_gregorian(1404, 12, 30)  # 1404 is not a leap year
    with pytest.raises(ValueError):
        to_gregorian(1404, 7, 31)  # Mehr has 30 days
    assert solar_matches("1404-09", "2025-12")
    assert not solar_matches("1404-09-21", "2025-12-11")


def _event(date: str, kind: str, **extra: Any) -> Event:
    return Event(date, kind, (Citation("s1", "quoted"),), **extra)


def test_a_quashed_death_sentence_is_not_a_death_sentence() -> None:
    custody = derive(
        [
            _event("2023-08-01", "arrest", prison="Evin"),
            _event("2024-07", "sentence", sentence=SentenceTerms(death=True)),
            _event("2025-12-10", "sentence_quashed"),
        ]
    )
    assert custody.status == "awaiting_retrial"
    assert custody.in_custody and custody.prison == "Evin"


def test_a_death_sentence_stands_until_quashed_or_commuted() -> None:
    events = [
        _event("2020", "arrest"),
        _event("2021", "sentence", sentence=SentenceTerms(death=True)),
        _event("2022", "sentence", sentence=SentenceTerms(years=2)),  # another case
    ]
    assert derive(events).status == "sentenced_to_death"
    commuted = _event("2023", "sentence", sentence=SentenceTerms(years=30, commuted=True))
    assert derive([*events, commuted]).status == "sentenced"


def test_furlough_then_rearrest_counts_days_from_the_new_arrest() -> None:
    custody = derive(
        [
            _event("2021-11-16", "arrest", prison="Evin"),
            _event("2022-01", "sentence", sentence=SentenceTerms(years=10)),
            _event("2024-12-04", "furlough"),
            _event("2025-12-12", "arrest", prison="Mashhad"),
        ]
    )
    assert custody.status == "sentenced"
    assert custody.since == "2025-12-12"
    assert custody.days_behind_bars(dt.date(2026, 1, 1)) == 20
    assert custody.prison == "Mashhad"


@pytest.mark.parametrize(
    ("last", "status"),
    [
        ("bail", "on_bail"),
        ("furlough", "on_furlough"),
        ("release", "released"),
        ("left_country", "abroad"),
        ("whereabouts_unknown", "whereabouts_unknown"),
        ("execution", "executed"),
        ("death_in_custody", "died_in_custody"),
    ],
)
def test_each_way_out_of_prison_has_its_status(last: str, status: str) -> None:
    custody = derive([_event("2024-01-01", "arrest", prison="Evin"), _event("2025", last)])
    assert custody.status == status
    assert custody.days_behind_bars(dt.date(2026, 1, 1)) is None
    if status != "on_furlough":
        assert custody.prison is None


def test_a_sentence_in_absentia_means_abroad() -> None:
    custody = derive([_event("2025-12-01", "sentence_in_absentia")])
    assert custody.status == "abroad"


def test_a_partial_date_is_not_before_a_day_in_it() -> None:
    events = [_event("2022-07-15", "arrest"), _event("2022", "bail")]
    custody = derive(events)
    assert custody.problems == ()
    assert custody.status == "on_bail" and custody.as_of == "2022"


def _valid() -> dict[str, Any]:
    return make_record("p1", status="sentenced", as_of="2025-06-01")


def test_the_test_record_is_valid() -> None:
    assert person_problems(_valid()) == []
    assert Person.from_record(_valid()).status == "sentenced"


def test_validator_refuses_an_event_without_a_source_or_quote() -> None:
    record = _valid()
    record["events"][0]["sources"] = []
    assert any("must cite at least one source" in p for p in person_problems(record))
    record = _valid()
    del record["events"][0]["sources"][0]["quote"]
    found = person_problems(record)
    assert any("needs a short quote" in p for p in found)
    assert person_problems(record, strict=False) == []  # an organizer's own note


def test_validator_refuses_a_quoted_source_without_address_or_date() -> None:
    record = _valid()
    del record["sources"][0]["url"]
    assert any("needs its address (url) and its date" in p for p in person_problems(record))


def test_validator_refuses_a_copy_site() -> None:
    record = _valid()
    record["sources"][0]["url"] = "https://www.niu-learning.com/some/copied/article"
    found = person_problems(record)
    assert any("niu-learning.com is on the deny-list" in p for p in found)
    assert any("deny-list" in p for p in person_problems(record, strict=False))


def test_validator_refuses_a_status_the_events_do_not_give() -> None:
    record = _valid()
    record["status"] = "released"
    assert any("the events add up to 'sentenced'" in p for p in person_problems(record))


def test_validator_refuses_a_record_without_last_checked() -> None:
    record = _valid()
    del record["last_checked"]
    assert "last_checked: is required but missing" in person_problems(record)


def test_validator_refuses_an_impossible_timeline() -> None:
    record = _valid()
    late = copy.deepcopy(record["events"][-1])
    record["events"].insert(0, {**late, "type": "execution", "date": "2020-01-01"})
    record["status"] = "executed"
    found = person_problems(record)
    assert any("comes after the person's death" in p for p in found)


def test_validator_checks_the_solar_hijri_date() -> None:
    record = _valid()
    record["events"][0]["date"] = "2025-12-12"
    record["events"][0]["date_solar"] = "1404-09-21"
    record["events"] = record["events"][:1]
    record["status"] = "detained"
    assert person_problems(record) == []
    record["events"][0]["date_solar"] = "1404-09-22"
    found = person_problems(record)
    assert any("1404-09-22 is not 2025-12-12 (it is 2025-12-13)" in p for p in found)


def test_a_solar_year_agrees_with_any_month_inside_it() -> None:
    assert solar_matches("1379", "2001-01")  # 1379 runs from March 2000 to March 2001
    assert not solar_matches("1379", "2001-04")
    assert solar_matches("1404-09", "2025-12-12")


def test_a_prison_named_on_any_event_is_where_they_are_held() -> None:
    """The fact-checkers found a death sentence read out in Urmia Central Prison still
    showing the detention centre of the arrest two years before."""
    custody = derive(
        [
            _event("2024-03", "arrest", prison="IRGC Intelligence detention centre, Urmia"),
            _event("2026-02-03", "sentence", sentence=SentenceTerms(death=True), prison="Urmia"),
        ]
    )
    assert custody.prison == "Urmia"
