"""Plain, typed views of the dataset: a person, a source, the dataset's facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from actionkit.core.dataset.vocabulary import (  # noqa: F401  (re-exported)
    GROUPS,
    IMPRISONED_STATUSES,
    MEMORIAL_STATUSES,
    STATUSES,
)

# Fields that state a fact about the person and so must name their sources.
FACT_FIELDS = (
    "birth_year",
    "professions",
    "groups",
    "dual_nationality",
    "minorities",
    "arrest_date",
    "prison",
    "charges",
    "sentence",
    "status",
    "story",
)


def parse_partial_date(text: str) -> dt.date:
    """The first day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) can mean.

    Staleness uses it, so an imprecise date counts as old as it could be.
    """
    parts = [int(p) for p in text.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str | None
    url: str | None = None

    def citation(self) -> str:
        when = f", {self.date}" if self.date else ""
        return f"{self.publisher}: {self.title}{when}"


@dataclass(frozen=True)
class Story:
    text: str
    reviewed: bool


@dataclass(frozen=True)
class Photo:
    file: str
    credit: str
    licence: str


@dataclass(frozen=True)
class Person:
    id: str
    name_latin: str | None
    name_persian: str | None
    status: str
    status_as_of: str
    sources: tuple[Source, ...]
    field_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    variants: tuple[str, ...] = ()
    gender: str | None = None
    birth_year: int | None = None
    professions: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    dual_nationality: tuple[str, ...] = ()
    minorities: tuple[str, ...] = ()
    arrest_date: str | None = None
    prison: str | None = None
    charges: tuple[str, ...] = ()
    sentence: str | None = None
    story: dict[str, Story] = field(default_factory=dict)
    hashtags: tuple[str, ...] = ()
    photo: Photo | None = None
    notes: str | None = None
    # Set on the merged view: which fields come from the organizer's overlay.
    local_fields: frozenset[str] = frozenset()

    @property
    def display_name(self) -> str:
        return self.name_latin or self.name_persian or self.id

    @property
    def is_imprisoned(self) -> bool:
        return self.status in IMPRISONED_STATUSES

    @property
    def status_date(self) -> dt.date:
        return parse_partial_date(self.status_as_of)

    def sources_for(self, field_name: str) -> tuple[Source, ...]:
        wanted = set(self.field_sources.get(field_name, ()))
        return tuple(s for s in self.sources if s.id in wanted)

    def story_in(self, language: str) -> Story | None:
        return self.story.get(language)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Person:
        """Build from a record that already passed validation."""
        names = record["names"]
        photo = record.get("photo")
        return cls(
            id=record["id"],
            name_latin=names.get("latin"),
            name_persian=names.get("persian"),
            variants=tuple(names.get("variants", ())),
            status=record["status"],
            status_as_of=record["status_as_of"],
            sources=tuple(
                Source(s["id"], s["title"], s["publisher"], s.get("date"), s.get("url"))
                for s in record["sources"]
            ),
            field_sources={k: tuple(v) for k, v in record.get("field_sources", {}).items()},
            gender=record.get("gender"),
            birth_year=record.get("birth_year"),
            professions=tuple(record.get("professions", ())),
            groups=tuple(record.get("groups", ())),
            dual_nationality=tuple(record.get("dual_nationality", ())),
            minorities=tuple(record.get("minorities", ())),
            arrest_date=record.get("arrest_date"),
            prison=record.get("prison"),
            charges=tuple(record.get("charges", ())),
            sentence=record.get("sentence"),
            story={
                lang: Story(s["text"], s["reviewed"]) for lang, s in record.get("story", {}).items()
            },
            hashtags=tuple(record.get("hashtags", ())),
            photo=Photo(**photo) if photo else None,
            notes=record.get("notes"),
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
