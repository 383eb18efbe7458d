"""Plain, typed views of the dataset: a person, a source, the dataset's facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from actionkit.core.dataset.timeline import (  # re-exported
    Custody,
    Event,
    derive,
    parse_partial_date,
)
from actionkit.core.dataset.vocabulary import (  # noqa: F401  (re-exported)
    GROUPS,
    IMPRISONED_STATUSES,
    MEMORIAL_STATUSES,
    STATUSES,
)

# Fields, besides the timeline, that state a fact about the person and so must
# name their sources in `field_sources`.
FACT_FIELDS = (
    "birth_date",
    "professions",
    "groups",
    "dual_nationality",
    "minorities",
    "story",
)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str | None
    url: str | None = None
    language: str | None = None
    local: bool = False  # the organizer's own source: never printed

    def citation(self) -> str:
        when = f", {self.date}" if self.date else ""
        return f"{self.publisher}: {self.title}{when}"


@dataclass(frozen=True)
class Story:
    text: str
    reviewed: bool


@dataclass(frozen=True)
class LastChecked:
    """When someone last looked for news of the person, and how."""

    date: str
    by: str
    searched: str
    newest_found: str | None = None


@dataclass(frozen=True)
class Crop:
    """The part of a photo to print, as fractions of its width (x) and height (y), y down."""

    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def whole(cls) -> Crop:
        return cls(0.0, 0.0, 1.0, 1.0)

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def problems(self) -> list[str]:
        """Why this is not a crop of a picture (empty when it is one)."""
        inside = all(0.0 <= v <= 1.0 for v in (self.left, self.top, self.right, self.bottom))
        if not inside:
            return ["photo.crop: every edge must lie between 0 and 1"]
        if self.right - self.left < 0.01 or self.bottom - self.top < 0.01:
            return ["photo.crop: the crop is empty (right must exceed left, bottom top)"]
        return []

    def as_data(self) -> dict[str, float]:
        return {
            "left": round(self.left, 4),
            "top": round(self.top, 4),
            "right": round(self.right, 4),
            "bottom": round(self.bottom, 4),
        }


@dataclass(frozen=True)
class Photo:
    file: str
    credit: str
    licence: str
    crop: Crop | None = None  # None: the whole picture (overlays from before crops)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Photo:
        crop_data = data.get("crop")
        crop = Crop(**crop_data) if crop_data else None
        return cls(data["file"], data["credit"], data["licence"], crop)

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "credit": self.credit, "licence": self.licence}
        if self.crop is not None:
            data["crop"] = self.crop.as_data()
        return data


@dataclass(frozen=True)
class Person:
    id: str
    name_latin: str | None
    name_persian: str | None
    sources: tuple[Source, ...]
    events: tuple[Event, ...] = ()
    field_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    variants: tuple[str, ...] = ()
    gender: str | None = None
    birth_date: str | None = None
    professions: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    dual_nationality: tuple[str, ...] = ()
    minorities: tuple[str, ...] = ()
    story: dict[str, Story] = field(default_factory=dict)
    hashtags: tuple[str, ...] = ()
    photo: Photo | None = None
    notes: str | None = None
    last_checked: LastChecked | None = None
    # Set on the merged view: which fields come from the organizer's overlay.
    local_fields: frozenset[str] = frozenset()
    # What the events add up to (computed once, from `events`).
    custody: Custody = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "custody", derive(self.events))

    @property
    def display_name(self) -> str:
        return self.name_latin or self.name_persian or self.id

    @property
    def status(self) -> str:
        return self.custody.status

    @property
    def status_as_of(self) -> str:
        """The date of the newest event ("" when there is none)."""
        return self.custody.as_of or ""

    @property
    def prison(self) -> str | None:
        return self.custody.prison

    @property
    def prison_reported(self) -> str | None:
        """The date of the newest event that named the prison: it may be older news."""
        return self.custody.prison_reported

    @property
    def arrest_date(self) -> str | None:
        """When the current custody began, if an arrest event says so."""
        return self.custody.since

    @property
    def sentence(self) -> str | None:
        """The sentence in force, in one English line."""
        terms = self.custody.sentence
        return (terms.summary() or None) if terms else None

    @property
    def charges(self) -> tuple[str, ...]:
        return self.custody.charges

    @property
    def birth_year(self) -> int | None:
        return int(self.birth_date[:4]) if self.birth_date else None

    @property
    def is_imprisoned(self) -> bool:
        return self.status in IMPRISONED_STATUSES

    @property
    def status_date(self) -> dt.date:
        """The newest event's date (as early as it can mean); long ago when none."""
        return parse_partial_date(self.status_as_of) if self.status_as_of else dt.date.min

    def days_behind_bars(self, today: dt.date | None = None) -> int | None:
        return self.custody.days_behind_bars(today or dt.date.today())

    def sources_for(self, field_name: str) -> tuple[Source, ...]:
        """The sources of a fact field; for "status", those of the newest event."""
        if field_name == "status":
            wanted = self.status_source_ids()
        else:
            wanted = set(self.field_sources.get(field_name, ()))
        return tuple(s for s in self.sources if s.id in wanted)

    def status_source_ids(self) -> set[str]:
        if not self.events:
            return set()
        return {c.source for c in self.events[-1].sources}

    def story_in(self, language: str) -> Story | None:
        return self.story.get(language)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Person:
        """Build from a record that already passed validation."""
        names = record["names"]
        photo = record.get("photo")
        checked = record.get("last_checked")
        return cls(
            id=record["id"],
            name_latin=names.get("latin"),
            name_persian=names.get("persian"),
            variants=tuple(names.get("variants", ())),
            events=tuple(Event.from_data(e) for e in record.get("events", ())),
            sources=tuple(
                Source(
                    s["id"],
                    s["title"],
                    s["publisher"],
                    s.get("date"),
                    s.get("url"),
                    s.get("language"),
                    s.get("local", False),
                )
                for s in record["sources"]
            ),
            field_sources={k: tuple(v) for k, v in record.get("field_sources", {}).items()},
            gender=record.get("gender"),
            birth_date=record.get("birth_date"),
            professions=tuple(record.get("professions", ())),
            groups=tuple(record.get("groups", ())),
            dual_nationality=tuple(record.get("dual_nationality", ())),
            minorities=tuple(record.get("minorities", ())),
            story={
                lang: Story(s["text"], s["reviewed"]) for lang, s in record.get("story", {}).items()
            },
            hashtags=tuple(record.get("hashtags", ())),
            photo=Photo.from_data(photo) if photo else None,
            notes=record.get("notes"),
            last_checked=LastChecked(**checked) if checked else None,
        )


@dataclass(frozen=True)
class DatasetInfo:
    version: str
    as_of: str
    publisher: str
    languages: tuple[str, ...]
    licence_texts: str
    licence_data: str
    notes: str | None = None
    origin: str = "bundled"  # "bundled" or "imported"


@dataclass
class Dataset:
    info: DatasetInfo
    people: list[Person]
    # The raw validated records, kept so an import can be written back as it came.
    records: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    def get(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)
