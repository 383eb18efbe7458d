"""Before printing: whose situation would be printed on old news, and what else to know.

A piece prints each person's situation as today's: imprisoned (a demand to
free them, "political prisoner"), but also on furlough, out on bail, abroad,
released or whereabouts unknown. When the newest event on their timeline is
older than the limit, that may be yesterday's news: a furlough ends, a
disappeared person is found, a released one is arrested again. Those people
are `stale_claims`; the Studio asks before saving or printing them, and the
command line refuses unless told `--accept-stale`. Only a death (executed,
killed, died in custody) does not change with time. Everything else the
staleness check notices is information.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from actionkit.core.dataset.model import Person
from actionkit.core.dataset.staleness import DEFAULT_MAX_AGE_DAYS, StaleNotice, stale_people
from actionkit.core.errors import Message


def status_warnings(
    people: Iterable[Person],
    *,
    today: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[str]:
    """One sentence per person whose status needs checking before a piece is printed
    (English, as `Message`s whose keys the GUI translates)."""
    warnings: list[str] = []
    for notice in stale_people(people, today=today, max_age_days=max_age_days):
        name = notice.person.display_name
        warnings.extend(
            Message(f"{name}: {reason}", key="person_warning", name=name, warning=reason)
            for reason in notice.reasons
        )
    return warnings


def stale_claims(
    people: Iterable[Person],
    *,
    today: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[StaleNotice]:
    """The people a piece would print in a situation that may have changed: any status
    but a death (which `stale_people` never calls stale), on news older than
    `max_age_days`."""
    return [
        notice
        for notice in stale_people(people, today=today, max_age_days=max_age_days)
        if notice.stale
    ]


def refusal_line(notice: StaleNotice, max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> str:
    """One line for the command line: who, as what, on news from when."""
    person = notice.person
    return (
        f"{person.display_name} would be printed as {person.status.replace('_', ' ')}, "
        f"but the newest news is from {person.status_as_of}, {notice.age_days} days ago "
        f"(more than {max_age_days})."
    )
