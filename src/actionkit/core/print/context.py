"""What every template needs besides the people: languages, the appeal, the data's provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from actionkit.core.dataset.model import DatasetInfo, Person
from actionkit.core.print import wording
from actionkit.core.print.drawing import Notes
from actionkit.core.print.page import PageSetup
from actionkit.core.print.qr import QRCode


@dataclass
class PieceContext:
    languages: list[str]
    url: str
    qr: QRCode
    dataset: DatasetInfo
    setup: PageSetup
    photo_for: Callable[[Person], Path | None] = lambda person: None
    notes: Notes = field(default_factory=Notes)

    @property
    def lead(self) -> str:
        return self.languages[0]

    @property
    def flip(self) -> bool:
        """Mirror the layout: the leading language is right to left."""
        return wording.is_rtl(self.lead)

    @property
    def bleed(self) -> float:
        return self.setup.bleed_width

    def footer(self, people: list[Person]) -> str:
        """The provenance line: status date(s), sources, dataset version."""
        lang = self.lead
        dates = sorted({p.status_as_of for p in people})
        when = wording.date(dates[0], lang)
        if len(dates) > 1:
            when += " – " + wording.date(dates[-1], lang)
        publishers: list[str] = []
        for person in people:
            for source in person.sources_for("status") or person.sources:
                if source.publisher not in publishers:
                    publishers.append(source.publisher)
        shown = ", ".join(publishers[:3]) + (" …" if len(publishers) > 3 else "")
        parts = [
            wording.text(lang, "status_as_of", date=when),
            f"{wording.text(lang, 'sources')}: {shown}",
            wording.text(lang, "dataset", version=self.dataset.version),
        ]
        return " · ".join(parts)
