"""What every template needs besides the people: languages, the appeal, the data's provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actionkit.core.dataset.model import DatasetInfo, Person
from actionkit.core.print import wording
from actionkit.core.print.drawing import Notes
from actionkit.core.print.qr import QRCode

FSI, PDI = wording.FSI, wording.PDI  # first-strong isolate and its end (UAX #9)
NBSP = "\u00a0"
MIN_STATUS_PT = 6.0  # "status as of" is small print, but never smaller than this once printed


def _bound(phrase: str) -> str:
    """A date or a time span that a line never breaks inside ("ساعت ۱۴:۰۰ تا" / "۱۶:۰۰"
    would be misread): its spaces become no-break spaces."""
    return phrase.replace(" ", NBSP)


@dataclass(frozen=True)
class EventInfo:
    """The street action a piece announces (from the signature store's events)."""

    name: str
    date: str  # YYYY-MM-DD
    place: str = ""
    city: str = ""
    start_time: str = ""  # HH:MM or empty
    end_time: str = ""  # HH:MM or empty, after the start

    @classmethod
    def of(cls, event: Any) -> EventInfo:
        """From the store's Event (anything with its fields)."""
        return cls(
            event.name, event.date, event.place, event.city, event.start_time, event.end_time
        )

    def when(self, language: str) -> str:
        """The date and the times in the language's own form ("10. Dezember 2026, 14:00–16:00
        Uhr")."""
        day = _bound(wording.date(self.date, language)) if self.date else ""
        times = _bound(wording.time_span(self.start_time, self.end_time, language))
        if day and times:
            return wording.text(language, "date_time", date=day, time=times)
        return day or times  # an event may have no date yet (its sheets leave a blank)

    def line(self, language: str) -> str:
        """Name · date and time · place, city. Each value is isolated (FSI ... PDI), so a
        Persian day number cannot be glued to a Latin name or city by the bidi rules."""
        where = ", ".join(part for part in (self.place, self.city) if part)
        parts = (self.name, self.when(language), where)
        return " · ".join(wording.isolate(part) for part in parts if part)


@dataclass
class PieceContext:
    languages: list[str]
    url: str
    qr: QRCode
    dataset: DatasetInfo
    bleed: float = 0.0  # how far full-bleed colour runs past the trim
    photo_for: Callable[[Person], Path | None] = lambda person: None
    notes: Notes = field(default_factory=Notes)
    event: EventInfo | None = None
    print_scale: float = 1.0  # < 1 when imposition shrinks the piece to fit the sheet

    def qr_side(self, wanted: float) -> float:
        """`wanted`, or more if needed so the printed code keeps 0.5 mm modules."""
        return max(wanted, self.qr.min_side() / self.print_scale)

    @property
    def lead(self) -> str:
        return self.languages[0]

    @property
    def flip(self) -> bool:
        """Mirror the layout: the leading language is right to left."""
        return wording.is_rtl(self.lead)

    def status_line(self, people: list[Person]) -> str:
        """ "Status as of DATE": the newest event's date of the person (or the
        range of those dates, oldest first, for several people)."""
        lang = self.lead
        dates = sorted({p.status_as_of for p in people if p.status_as_of})
        if not dates:
            return ""
        when = wording.date(dates[0], lang)
        if len(dates) > 1:
            when += " – " + wording.date(dates[-1], lang)
        return wording.text(lang, "status_as_of", date=when)

    def min_print_size(self, points: float = MIN_STATUS_PT) -> float:
        """The drawing size that prints at `points` once imposition has scaled the piece."""
        return points / self.print_scale

    def footer(self, people: list[Person]) -> str:
        """The provenance line: status date(s), sources, dataset version."""
        lang = self.lead
        publishers: list[str] = []
        for person in people:
            # An organizer's own source (a family contact) is never printed; when the
            # newest news is their own, the piece says so instead of naming it.
            newest = person.sources_for("status")
            names = [s.publisher for s in newest if not s.local]
            if newest and not names:
                names = [wording.text(lang, "own_information")]
            names = names or [s.publisher for s in person.sources if not s.local]
            publishers += [name for name in dict.fromkeys(names) if name not in publishers]
        comma = "، " if wording.is_rtl(lang) else ", "
        shown = comma.join(map(wording.isolate, publishers[:3]))
        shown += " …" if len(publishers) > 3 else ""
        colon = "\u00a0:" if lang == "fr" else ":"
        # One digit system in the line: the version in the language's digits too.
        version = wording.localize_digits(self.dataset.version, lang)
        parts = [
            self.status_line(people),
            f"{wording.text(lang, 'sources')}{colon} {shown}" if publishers else "",
            wording.text(lang, "dataset", version=version),
        ]
        return " · ".join(part for part in parts if part)
