"""The organizer's local layer over the dataset: added people, corrections, hidden people.

The bundled dataset is never written. The overlay is one JSON file in the user
data folder; the merged view marks which fields came from it. Every edit keeps
the value it replaced (`base`), so a newer dataset can be checked for conflicts.
A changed fact must say where it comes from: a source is required. A change of
situation (arrested, released, moved...) is an event the organizer adds to the
person's timeline; the status follows from it, as in the dataset.

Format 1 overlays (typed statuses) are read and migrated to format 2 when the
app next saves; the file they came from is kept beside it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from actionkit.core.dataset.errors import DatasetError
from actionkit.core.dataset.loader import MAX_INDEX_BYTES, person_problems, read_json
from actionkit.core.dataset.migrate import events_for_status, record_to_v2
from actionkit.core.dataset.model import FACT_FIELDS, Dataset, Event, Person, derive
from actionkit.core.dataset.timeline import date_before
from actionkit.core.storage import atomic_write_text, move_aside
from actionkit.core.text.normalize import fold

OVERLAY_FORMAT = 2
LOCAL_PREFIX = "local-"
LOCAL_SOURCE_PREFIX = "s9"

# Fields an organizer may change, as paths into a person record.
EDITABLE_FIELDS = frozenset(
    {
        "names.latin", "names.persian", "names.variants", "gender", "birth_date",
        "professions", "groups", "dual_nationality", "minorities", "hashtags", "photo",
        "notes",
    }
    | {f"story.{lang}" for lang in ("en", "fa", "es", "de", "fr", "ar", "ckb", "sv", "it", "nl")}
)  # fmt: skip


@dataclass
class LocalSource:
    """Where an organizer learned a changed fact."""

    title: str
    publisher: str
    date: str
    url: str | None = None
    quote: str | None = None  # what the source says, in its words

    def as_source(self, source_id: str) -> dict[str, Any]:
        return {
            "id": source_id,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            **({"url": self.url} if self.url else {}),
            "local": True,
        }

    def citation(self, source_id: str) -> dict[str, Any]:
        return {"id": source_id, **({"quote": self.quote} if self.quote else {})}


def _source_data(data: dict[str, Any]) -> LocalSource:
    return LocalSource(**{k: v for k, v in data.items() if k in LocalSource.__dataclass_fields__})


def _checked_now(today: dt.date | None = None) -> dict[str, Any]:
    return {
        "date": (today or dt.date.today()).isoformat(),
        "by": "you (added in ActionKit)",
        "searched": "the source you gave",
    }


def new_person_record(
    latin: str, persian: str, status: str, status_as_of: str, source: LocalSource
) -> dict[str, Any]:
    """A minimal record for someone the dataset lacks: names, the events that give
    their status on a date, and where that was learned. Everything else stays
    empty until sourced."""
    events = events_for_status(status, status_as_of.strip(), [source.citation("s1")], [])
    return {
        "id": _slug(latin.strip() or persian.strip()),
        "names": {
            "latin": latin.strip() or None,
            "persian": persian.strip() or None,
            "variants": [],
        },
        "status": derive(Event.from_data(e) for e in events).status,
        "events": events,
        "sources": [source.as_source("s1")],
        "field_sources": {},
        "last_checked": _checked_now(),
    }


@dataclass
class Edit:
    value: Any
    base: Any
    at: str
    source: dict[str, Any] | None = None


@dataclass
class LocalEvent:
    """An event the organizer added to someone's timeline, and where they learned it."""

    event: dict[str, Any]  # date, type, and optionally prison, place, note, sentence...
    source: dict[str, Any]  # a LocalSource's fields
    at: str


@dataclass
class Overlay:
    added: dict[str, dict[str, Any]] = field(default_factory=dict)
    edits: dict[str, dict[str, Edit]] = field(default_factory=dict)
    events: dict[str, list[LocalEvent]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    migrated_from: int | None = None  # the format the file had, when older

    def to_json(self) -> str:
        data = {
            "format": OVERLAY_FORMAT,
            "added": self.added,
            "edits": {
                pid: {name: vars(edit) for name, edit in fields.items()}
                for pid, fields in self.edits.items()
            },
            "events": {pid: [vars(e) for e in events] for pid, events in self.events.items()},
            "hidden": sorted(self.hidden),
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_data(cls, data: Any, label: str) -> Overlay:
        try:
            if isinstance(data, dict) and data.get("format") == 1:
                return _migrate_v1(data)
            if not isinstance(data, dict) or data.get("format") != OVERLAY_FORMAT:
                raise ValueError("not an ActionKit overlay (format 1 or 2)")
            return cls(
                added={str(k): dict(v) for k, v in data.get("added", {}).items()},
                edits={
                    str(pid): {str(name): Edit(**edit) for name, edit in fields.items()}
                    for pid, fields in data.get("edits", {}).items()
                },
                events={
                    str(pid): [LocalEvent(**e) for e in events]
                    for pid, events in data.get("events", {}).items()
                },
                hidden={str(h) for h in data.get("hidden", [])},
            )
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise DatasetError(
                f"{label}: {exc}", key="overlay.unreadable", file=label, reason=str(exc)
            ) from exc


# Format-1 edits of these fields become events on the timeline.
_V1_EVENT_FIELDS = ("status", "status_as_of", "arrest_date", "prison", "sentence", "charges")


def _migrate_v1(data: dict[str, Any]) -> Overlay:
    """A format-1 overlay in format 2: typed statuses and custody facts become events."""
    overlay = Overlay(migrated_from=1, hidden={str(h) for h in data.get("hidden", [])})
    for pid, record in data.get("added", {}).items():
        overlay.added[str(pid)] = record_to_v2(dict(record))
    for pid, fields in data.get("edits", {}).items():
        edits = {str(name): Edit(**edit) for name, edit in fields.items()}
        kept = {n: e for n, e in edits.items() if n not in _V1_EVENT_FIELDS}
        if "birth_year" in kept:
            year = kept.pop("birth_year")
            kept["birth_date"] = Edit(
                str(year.value) if year.value else None,
                str(year.base) if year.base else None,
                year.at,
                year.source,
            )
        if kept:
            overlay.edits[str(pid)] = kept
        events = _v1_events(edits)
        if events:
            overlay.events[str(pid)] = events
    return overlay


def _v1_events(edits: dict[str, Edit]) -> list[LocalEvent]:
    """The events that say what format-1 edits of custody facts said."""
    found: list[LocalEvent] = []

    def add(event: dict[str, Any], edit: Edit) -> None:
        if edit.source:
            found.append(LocalEvent(event, dict(edit.source), edit.at))

    status, as_of = edits.get("status"), edits.get("status_as_of")
    arrest, prison = edits.get("arrest_date"), edits.get("prison")
    if arrest and arrest.value:
        add({"date": arrest.value, "type": "arrest"}, arrest)
    if status and status.value and as_of and as_of.value:
        for event in events_for_status(str(status.value), str(as_of.value), [], []):
            event.pop("sources")
            if prison and prison.value and event["type"] == "held":
                event["prison"] = prison.value
            add(event, status)
    elif prison and prison.value and prison.source:
        add({"date": prison.source["date"], "type": "held", "prison": prison.value}, prison)
    sentence = edits.get("sentence")
    if sentence and sentence.value and sentence.source:
        terms = {"other": str(sentence.value)[:300]}
        add({"date": sentence.source["date"], "type": "sentence", "sentence": terms}, sentence)
    return found


def load_overlay(path: Path) -> tuple[Overlay, list[str]]:
    """The overlay at `path` (empty if none). A broken file is kept aside, with a notice."""
    if not path.exists():
        return Overlay(), []
    try:
        overlay = Overlay.from_data(read_json(path, MAX_INDEX_BYTES * 50), path.name)
    except DatasetError as exc:
        kept = move_aside(path)
        where = f"it was kept as {kept.name}" if kept else "it could not be moved aside"
        return Overlay(), [
            f"Your local changes to the dataset could not be read ({exc}); {where}. "
            "The dataset is shown without them."
        ]
    if overlay.migrated_from is not None:
        # Keep the file as it was before its first save in the new format.
        kept = path.with_name(f"{path.name}.format{overlay.migrated_from}")
        if not kept.exists():
            shutil.copy2(path, kept)
    return overlay, []


def save_overlay(overlay: Overlay, path: Path) -> None:
    atomic_write_text(path, overlay.to_json())


def _get(record: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    value = record.get(head)
    if rest:
        return value.get(rest) if isinstance(value, dict) else None
    return value


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if not rest:
        record[head] = value
    elif value is None:
        record.get(head, {}).pop(rest, None)
    else:
        record.setdefault(head, {})[rest] = value


def _fact_of(path: str) -> str | None:
    head = path.partition(".")[0]
    return head if head in FACT_FIELDS else None


def apply_edits(
    record: dict[str, Any], edits: dict[str, Edit], events: list[LocalEvent] | None = None
) -> dict[str, Any]:
    """A copy of `record` with the edits applied, the organizer's events added to the
    timeline, their sources cited, and the status derived again."""
    merged = copy.deepcopy(record)
    merged.setdefault("field_sources", {})
    # One source often supports several changes: it is listed once, and each cites it.
    cited: dict[str, str] = {}

    def source_id(source: dict[str, Any]) -> str:
        same = json.dumps(source, sort_keys=True)
        if same not in cited:
            cited[same] = f"{LOCAL_SOURCE_PREFIX}{len(cited) + 1:02d}"
            merged["sources"].append(_source_data(source).as_source(cited[same]))
        return cited[same]

    for path, edit in sorted(edits.items()):
        _set(merged, path, copy.deepcopy(edit.value))
        fact = _fact_of(path)
        if fact and edit.source:
            if edit.value in (None, "", []):
                merged["field_sources"].pop(fact, None)
            else:
                merged["field_sources"][fact] = [source_id(edit.source)]
    timeline: list[dict[str, Any]] = merged["events"]
    for local in events or ():
        sid = source_id(local.source)
        citation = _source_data(local.source).citation(sid)
        event = {**copy.deepcopy(local.event), "sources": [citation]}
        # After every event that is not surely later: same-day events keep their order.
        later = [i for i, e in enumerate(timeline) if date_before(event["date"], e["date"])]
        timeline.insert(later[0] if later else len(timeline), event)
    if events:
        merged["status"] = derive(Event.from_data(e) for e in timeline).status
    return merged


def _slug(text: str) -> str:
    ascii_words = re.sub(r"[^a-z0-9]+", "-", fold(text).encode("ascii", "ignore").decode())
    return ascii_words.strip("-")[:60] or "person"


class OverlayEditor:
    """Changes the overlay only when the result validates; saves after each change."""

    def __init__(self, dataset: Dataset, overlay: Overlay, path: Path) -> None:
        self.dataset = dataset
        self.overlay = overlay
        self.path = path
        self._records = {r["id"]: r for r in dataset.records}

    def base_record(self, person_id: str) -> dict[str, Any]:
        if person_id in self._records:
            return self._records[person_id]
        if person_id in self.overlay.added:
            return self.overlay.added[person_id]
        raise DatasetError(f"No person with id {person_id!r}.", key="person.unknown", id=person_id)

    def edit(
        self,
        person_id: str,
        changes: dict[str, Any],
        source: LocalSource | None = None,
        *,
        now: dt.datetime | None = None,
    ) -> None:
        """Change fields of one person; a changed fact needs `source`."""
        unknown = sorted(set(changes) - EDITABLE_FIELDS)
        if unknown:
            raise DatasetError(
                f"These fields cannot be edited: {', '.join(unknown)}",
                key="person.not_editable",
                fields=", ".join(unknown),
            )
        facts = {f for f in map(_fact_of, changes) if f}
        if facts and source is None:
            raise DatasetError(
                f"Changing {', '.join(sorted(facts))} needs a source: say where you learned it "
                "(title, publisher, date).",
                key="person.source_needed",
                facts=", ".join(sorted(facts)),
            )
        base = self.base_record(person_id)
        stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        current = dict(self.overlay.edits.get(person_id, {}))
        for path, value in changes.items():
            previous = current.get(path)
            current[path] = Edit(
                value=value,
                base=previous.base if previous else _get(base, path),
                at=stamp,
                source=vars(source) if source and _fact_of(path) else None,
            )
        merged = apply_edits(base, current, self.overlay.events.get(person_id))
        problems = person_problems(merged, strict=False)
        if problems:
            raise DatasetError("The change was not saved:", problems, key="person.change_not_saved")
        self.overlay.edits[person_id] = current
        save_overlay(self.overlay, self.path)

    def add_event(
        self,
        person_id: str,
        event: dict[str, Any],
        source: LocalSource,
        *,
        now: dt.datetime | None = None,
    ) -> None:
        """Add a dated event (arrested, sentenced, released, moved...) to a timeline.

        Refused, with the reasons, when the timeline would no longer make sense
        (a furlough for someone not in custody, an event after an execution...)."""
        local, problems = self._with_event(person_id, event, source, now)
        if problems:
            raise DatasetError("The event was not added:", problems, key="person.event_not_added")
        self.overlay.events[person_id] = local
        save_overlay(self.overlay, self.path)

    def event_problems(
        self, person_id: str, event: dict[str, Any], source: LocalSource
    ) -> list[str]:
        """Why `add_event` would refuse this event (nothing is saved): for a dialog that
        stays open with what the organizer typed."""
        return self._with_event(person_id, event, source, None)[1]

    def _with_event(
        self,
        person_id: str,
        event: dict[str, Any],
        source: LocalSource,
        now: dt.datetime | None,
    ) -> tuple[list[LocalEvent], list[str]]:
        base = self.base_record(person_id)
        stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        clean = {k: v for k, v in event.items() if v not in (None, "", [], {})}
        local = [*self.overlay.events.get(person_id, []), LocalEvent(clean, vars(source), stamp)]
        merged = apply_edits(base, self.overlay.edits.get(person_id, {}), local)
        return local, person_problems(merged, strict=False)

    def last_event(self, person_id: str) -> dict[str, Any] | None:
        """The event the organizer added last to this timeline, if any."""
        events = self.overlay.events.get(person_id)
        return dict(events[-1].event) if events else None

    def remove_last_event(self, person_id: str) -> None:
        """Take back the event the organizer added last (a mistake, a wrong report)."""
        events = self.overlay.events.get(person_id, [])
        if events:
            events.pop()
        if not events:
            self.overlay.events.pop(person_id, None)
        save_overlay(self.overlay, self.path)

    def revert(self, person_id: str, paths: list[str] | None = None) -> None:
        edits = self.overlay.edits.get(person_id, {})
        for path in paths if paths is not None else list(edits):
            edits.pop(path, None)
        if not edits:
            self.overlay.edits.pop(person_id, None)
        save_overlay(self.overlay, self.path)

    def add(self, record: dict[str, Any]) -> str:
        """Add a person the dataset lacks; returns the id given to them."""
        record = copy.deepcopy(record)
        names = record.get("names") or {}
        wanted = record.get("id") or _slug(names.get("latin") or names.get("persian") or "")
        base_id = wanted if wanted.startswith(LOCAL_PREFIX) else LOCAL_PREFIX + wanted
        person_id, n = base_id, 2
        while person_id in self._records or person_id in self.overlay.added:
            person_id, n = f"{base_id}-{n}", n + 1
        record["id"] = person_id
        record.setdefault("last_checked", _checked_now())
        problems = person_problems(record, strict=False)
        if problems:
            raise DatasetError("The person was not added:", problems, key="person.not_added")
        self.overlay.added[person_id] = record
        save_overlay(self.overlay, self.path)
        return person_id

    def set_hidden(self, person_id: str, hidden: bool = True) -> None:
        self.base_record(person_id)
        (self.overlay.hidden.add if hidden else self.overlay.hidden.discard)(person_id)
        save_overlay(self.overlay, self.path)


def merged_people(dataset: Dataset, overlay: Overlay) -> tuple[list[Person], list[str]]:
    """Dataset plus overlay, with `local_fields` set; plus notices for changes that no
    longer apply (e.g. a person missing from a newer dataset)."""
    notices = []
    people = []
    for record in [*dataset.records, *overlay.added.values()]:
        pid = record["id"]
        edits = overlay.edits.get(pid, {})
        events = overlay.events.get(pid, [])
        local = {p.partition(".")[0] for p in edits} | ({"events"} if events else set())
        if pid in overlay.added:
            local |= {"*"}
        merged = apply_edits(record, edits, events) if edits or events else record
        if (edits or events) and person_problems(merged, strict=False):
            notices.append(f"Your changes to {pid} no longer fit the dataset and are not shown.")
            merged, local = record, set()
        person = Person.from_record(merged)
        people.append(replace(person, local_fields=frozenset(local)) if local else person)
    known = {r["id"] for r in dataset.records} | set(overlay.added)
    for pid in sorted((set(overlay.edits) | set(overlay.events)) - known):
        notices.append(f"You changed {pid}, who is not in this dataset; the change is kept.")
    return people, notices
