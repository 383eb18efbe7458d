"""Which people a poster should not print as "imprisoned" without a fresh check.

The date that counts is the newest event on the person's timeline: when
nothing has been reported for longer than the limit, nobody knows whether they
are still held. (`last_checked` says when someone looked; finding nothing new
does not make old news fresh.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from actionkit.core.dataset.model import IMPRISONED_STATUSES, MEMORIAL_STATUSES, Person
from actionkit.core.errors import Message

DEFAULT_MAX_AGE_DAYS = 90


@dataclass(frozen=True)
class StaleNotice:
    person: Person
    reasons: tuple[Message, ...]  # English text with a key for the GUI
    age_days: int
    stale: bool  # the newest event is older than the limit


def status_age_days(person: Person, today: dt.date) -> int:
    return (today - person.status_date).days


def stale_people(
    people: Iterable[Person],
    *,
    today: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[StaleNotice]:
    """People whose newest event is older than `max_age_days`, or who are not imprisoned."""
    today = today or dt.date.today()
    notices = []
    for person in people:
        age = status_age_days(person, today)
        reasons = []
        # A death does not change with time: old news of it is not stale.
        stale = age > max_age_days and person.status not in MEMORIAL_STATUSES
        if not person.status_as_of:
            stale = True
            reasons.append(
                Message(
                    "no dated event says where they are",
                    key="status.no_events",
                )
            )
        elif stale:
            reasons.append(
                Message(
                    f"status '{person.status}' rests on news from {person.status_as_of}, "
                    f"{age} days ago (more than {max_age_days})",
                    key="status.stale",
                    status=person.status,
                    date=person.status_as_of,
                    days=age,
                    limit=max_age_days,
                )
            )
        if person.status not in IMPRISONED_STATUSES:
            reasons.append(
                Message(
                    f"status is '{person.status}', so pieces will not call them imprisoned",
                    key="status.not_imprisoned",
                    status=person.status,
                )
            )
        if reasons:
            notices.append(StaleNotice(person, tuple(reasons), age, stale))
    return notices
