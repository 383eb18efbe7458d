"""A person's custody timeline: dated events, and what they add up to today.

Status, current prison, the start of the current custody and the "as of" date
are derived here from the events; nothing else in the dataset states them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from actionkit.core.dataset.vocabulary import IMPRISONED_STATUSES


def parse_partial_date(text: str) -> dt.date:
    """The first day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) can mean.

    Staleness uses it, so an imprecise date counts as old as it could be.
    """
    parts = [int(p) for p in text.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day)


def date_before(first: str, second: str) -> bool:
    """Whether one partial date is surely earlier than another: "2022" is not
    before "2022-07-15" (it may mean any day of that year)."""
    shorter = min(len(first), len(second))
    return first[:shorter] < second[:shorter]


@dataclass(frozen=True)
class Citation:
    source: str  # a source id of the record
    quote: str = ""


@dataclass(frozen=True)
class SentenceTerms:
    years: float | None = None
    enforceable_years: float | None = None
    lashes: int | None = None
    death: bool = False
    exile: str | None = None
    travel_ban_years: float | None = None
    fine: str | None = None
    court: str | None = None
    judge: str | None = None
    other: str | None = None
    commuted: bool = False  # this sentence replaces an earlier death sentence

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SentenceTerms:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def summary(self) -> str:
        """One English line: "death sentence" or "10 years (5 enforceable), 74 lashes"."""
        parts: list[str] = []
        if self.death:
            parts.append("death sentence")
        if self.commuted:
            parts.append("commuted from a death sentence")
        if self.years:
            text = f"{_number(self.years)} years in prison"
            if self.enforceable_years and self.enforceable_years != self.years:
                text += f" ({_number(self.enforceable_years)} enforceable)"
            parts.append(text)
        if self.lashes:
            parts.append(f"{self.lashes} lashes")
        if self.exile:
            parts.append(f"exile: {self.exile}")
        if self.travel_ban_years:
            parts.append(f"{_number(self.travel_ban_years)}-year travel ban")
        if self.fine:
            parts.append(f"fine: {self.fine}")
        if self.other:
            parts.append(self.other)
        if self.court:
            parts.append(self.court + (f", judge {self.judge}" if self.judge else ""))
        return "; ".join(parts)


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Event:
    date: str
    type: str
    sources: tuple[Citation, ...]
    date_solar: str | None = None
    place: str | None = None
    prison: str | None = None
    charges: tuple[str, ...] = ()
    sentence: SentenceTerms | None = None
    note: str | None = None

    @property
    def day(self) -> dt.date:
        return parse_partial_date(self.date)

    def details(self) -> list[str]:
        """What a reader needs besides the date and the kind: prison, sentence, note."""
        parts = [self.prison] if self.prison else []
        summary = self.sentence.summary() if self.sentence else ""
        parts += [summary] if summary else []
        return parts + ([self.note] if self.note else [])

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Event:
        sentence = data.get("sentence")
        return cls(
            date=data["date"],
            type=data["type"],
            sources=tuple(Citation(c["id"], c.get("quote", "")) for c in data["sources"]),
            date_solar=data.get("date_solar"),
            place=data.get("place"),
            prison=data.get("prison"),
            charges=tuple(data.get("charges", ())),
            sentence=SentenceTerms.from_data(sentence) if sentence else None,
            note=data.get("note"),
        )


# What each event does to the situation. "custody": the person is held afterwards.
_INTO_CUSTODY = {"arrest", "held", "transfer", "return_to_prison"}
_FINAL = {"execution": "executed", "killed": "killed", "death_in_custody": "died_in_custody"}
_OUT_OF_CUSTODY = {
    "furlough": "on_furlough",
    "bail": "on_bail",
    "release": "released",
    "left_country": "abroad",
    "whereabouts_unknown": "whereabouts_unknown",
}


@dataclass(frozen=True)
class Custody:
    """What the timeline says today."""

    status: str
    as_of: str | None  # the date of the newest (last) event
    prison: str | None = None  # where the person is held, if in custody
    prison_reported: str | None = None  # the date of the newest event that named it
    since: str | None = None  # when the current custody began (arrest date)
    sentence: SentenceTerms | None = None  # the sentence in force, if any
    charges: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def in_custody(self) -> bool:
        return self.status in IMPRISONED_STATUSES

    def days_behind_bars(self, today: dt.date) -> int | None:
        """Days since the current custody began, when its exact day is known."""
        if not self.in_custody or not self.since or len(self.since) != 10:
            return None
        return max(0, (today - dt.date.fromisoformat(self.since)).days)


def derive(events: Iterable[Event]) -> Custody:
    """Walk the events in date order and say where they leave the person.

    A death sentence stays in force until it is quashed or commuted, whatever
    other sentences follow. Problems (events that cannot follow each other)
    are reported, not hidden: the validator refuses a timeline that has any.
    """
    ordered = list(events)
    state = _State()
    problems: list[str] = []
    for index, event in enumerate(ordered):
        where = f"events[{index}] ({event.type}, {event.date})"
        if index and date_before(event.date, ordered[index - 1].date):
            problems.append(f"{where}: is dated before the event listed above it")
        if state.status in _FINAL.values():
            problems.append(f"{where}: comes after the person's death")
            continue
        problem = state.apply(event)
        if problem:
            problems.append(f"{where}: {problem}")
        if event.prison and state.status in IMPRISONED_STATUSES:
            state.prison = event.prison  # any dated report of where they are held
        if state.prison and event.prison == state.prison:
            state.prison_reported = event.date
    held = state.status in IMPRISONED_STATUSES or state.status == "on_furlough"
    return Custody(
        status=state.status,
        as_of=ordered[-1].date if ordered else None,
        prison=state.prison if held else None,
        prison_reported=state.prison_reported if held and state.prison else None,
        since=state.since if held else None,
        sentence=state.sentence,
        charges=state.charges,
        problems=tuple(problems),
    )


@dataclass
class _State:
    status: str = "unknown"
    prison: str | None = None
    prison_reported: str | None = None
    since: str | None = None
    sentence: SentenceTerms | None = None
    death: bool = False  # a death sentence is in force
    quashed: bool = False  # the sentence was quashed; a retrial is pending
    charges: tuple[str, ...] = ()

    @property
    def held_status(self) -> str:
        """What being in custody means now."""
        if self.death:
            return "sentenced_to_death"
        if self.quashed:
            return "awaiting_retrial"
        return "sentenced" if self.sentence is not None else "detained"

    def apply(self, event: Event) -> str | None:
        """Change the state by one event; a sentence saying why it cannot follow, if so."""
        kind = event.type
        in_custody = self.status in IMPRISONED_STATUSES
        if kind in _INTO_CUSTODY:
            problem = None
            if kind == "return_to_prison" and self.status not in ("on_furlough", "on_bail"):
                # From bail: summoned to serve the sentence.
                problem = "return_to_prison without a furlough or bail before it"
            if not in_custody and self.status != "on_furlough":
                # A new custody: its start is known only from an arrest.
                self.since = event.date if kind == "arrest" else None
                self.prison = None
            elif kind == "arrest" and self.status == "on_furlough":
                self.since = event.date
            self.prison = event.prison or self.prison
            self.status = self.held_status
            return problem
        if kind in ("charge", "trial", "retrial"):
            self.charges = event.charges or self.charges
            return None
        if kind in ("sentence", "appeal_upheld", "sentence_in_absentia"):
            self.charges = event.charges or self.charges
            terms = event.sentence
            if terms is not None or kind != "appeal_upheld":
                self.sentence = terms or SentenceTerms()
                self.quashed = False
                if self.sentence.death:
                    self.death = True
                elif self.sentence.commuted:
                    self.death = False
            if kind == "sentence_in_absentia":
                if in_custody:
                    return "a sentence in absentia while the person is held"
                self.status, self.prison, self.since = "abroad", None, None
            elif in_custody:
                self.status = self.held_status
            return None
        if kind == "sentence_quashed":
            self.sentence, self.death, self.quashed = None, False, True
            if in_custody:
                self.status = self.held_status
            return None
        if kind in _OUT_OF_CUSTODY:
            problem = None
            # A furlough may follow one whose end went unreported.
            allowed = ("unknown", "on_furlough") if kind == "furlough" else ("unknown",)
            if kind in ("furlough", "bail") and not in_custody and self.status not in allowed:
                problem = f"{kind} while the person is not in custody"
            self.status = _OUT_OF_CUSTODY[kind]
            if kind != "furlough":
                self.prison, self.since = None, None
            if kind == "release":
                self.sentence, self.death, self.quashed = None, False, False
            return problem
        if kind not in _FINAL:
            return f"{kind!r} is not a kind of event"
        self.status, self.prison = _FINAL[kind], None
        return None
