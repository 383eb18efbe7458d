"""Warnings before printing: stale statuses, and people who must not be called imprisoned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from actionkit.core.dataset.model import Person
from actionkit.core.dataset.staleness import DEFAULT_MAX_AGE_DAYS, stale_people
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
