"""What every template needs besides the people: languages, the appeal, the data's provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from actionkit.core.dataset.model import DatasetInfo, Person
from actionkit.core.print import wording
from actionkit.core.print.drawing import Notes
from actionkit.core.print.qr import QRCode

MIN_STATUS_PT = 6.0  # "status as of" is small print, but never smaller than this once printed


@dataclass(frozen=True)
class EventInfo:
    """The street action a piece announces (from the signature store's events)."""

    name: str
    date: str  # YYYY-MM-DD
    place: str = ""
    city: str = ""

    def line(self, language: str) -> str:
        where = ", ".join(part for part in (self.place, self.city) if part)
        parts = (self.name, wording.date(self.date, language), where)
        return " · ".join(part for part in parts if part)


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
        shown = ", ".join(publishers[:3]) + (" …" if len(publishers) > 3 else "")
        parts = [
            self.status_line(people),
            f"{wording.text(lang, 'sources')}: {shown}" if publishers else "",
            wording.text(lang, "dataset", version=self.dataset.version),
        ]
        return " · ".join(part for part in parts if part)
