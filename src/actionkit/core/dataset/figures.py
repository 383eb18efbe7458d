"""The figures that say how much the dataset can be trusted today.

"Imprisoned now" counts people whose timeline leaves them in custody (or on
death row) and whose newest event is no older than a year before the newest
event anywhere in the dataset (the newest reporting its editors found).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from actionkit.core.dataset.model import Person, parse_partial_date

RECENT_DAYS = 365


@dataclass(frozen=True)
class Figures:
    people: int
    imprisoned_now: int
    newest_event: str | None
    by_status: dict[str, int]
    events_min: int
    events_median: float
    events_max: int
    sources_per_event_min: int
    sources_per_event_mean: float
    oldest_check: str | None

    def lines(self) -> list[str]:
        return [
            f"people        {self.people}",
            f"newest news   {self.newest_event or '-'} (the newest event in the dataset)",
            f"in custody    {self.imprisoned_now} whose newest news is from the year before it",
            f"events        {self.events_min} to {self.events_max} per person "
            f"(median {self.events_median:g})",
            f"sources       {self.sources_per_event_min} or more per event "
            f"(mean {self.sources_per_event_mean:.1f})",
            f"checked       oldest check {self.oldest_check or '-'}",
        ]


def imprisoned_now(people: Sequence[Person]) -> list[Person]:
    newest = max((p.status_date for p in people if p.status_as_of), default=None)
    if newest is None:
        return []
    since = newest - dt.timedelta(days=RECENT_DAYS)
    return [p for p in people if p.is_imprisoned and p.status_as_of and p.status_date >= since]


def figures(people: Sequence[Person]) -> Figures:
    events = [len(p.events) for p in people] or [0]
    cited = [len(e.sources) for p in people for e in p.events] or [0]
    checks = [p.last_checked.date for p in people if p.last_checked]
    newest = max((p.status_as_of for p in people if p.status_as_of), default=None)
    return Figures(
        people=len(people),
        imprisoned_now=len(imprisoned_now(people)),
        newest_event=newest,
        by_status=dict(Counter(p.status for p in people)),
        events_min=min(events),
        events_median=statistics.median(events),
        events_max=max(events),
        sources_per_event_min=min(cited),
        sources_per_event_mean=statistics.fmean(cited),
        oldest_check=min(checks, key=parse_partial_date) if checks else None,
    )
