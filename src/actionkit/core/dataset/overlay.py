"""The organizer's local layer over the dataset: added people, corrections, hidden people.

The bundled dataset is never written. The overlay is one JSON file in the user
data folder; the merged view marks which fields came from it. Every edit keeps
the value it replaced (`base`), so a newer dataset can be checked for conflicts.
A changed fact must say where it comes from: a source is required.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from actionkit.core.dataset.errors import DatasetError
from actionkit.core.dataset.loader import MAX_INDEX_BYTES, person_problems, read_json
from actionkit.core.dataset.model import FACT_FIELDS, Dataset, Person
from actionkit.core.storage import atomic_write_text, move_aside
from actionkit.core.text.normalize import fold

OVERLAY_FORMAT = 1
LOCAL_PREFIX = "local-"
LOCAL_SOURCE_PREFIX = "s9"

# Fields an organizer may change, as paths into a person record.
EDITABLE_FIELDS = frozenset(
    {
        "names.latin", "names.persian", "names.variants", "gender", "birth_year",
        "professions", "groups", "dual_nationality", "minorities", "arrest_date", "prison",
        "charges", "sentence", "status", "status_as_of", "hashtags", "photo", "notes",
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


def new_person_record(
    latin: str, persian: str, status: str, status_as_of: str, source: LocalSource
) -> dict[str, Any]:
    """A minimal record for someone the dataset lacks: names, a status with its
    date, and where that was learned. Everything else stays empty until sourced."""
    return {
        "id": _slug(latin.strip() or persian.strip()),
        "names": {
            "latin": latin.strip() or None,
            "persian": persian.strip() or None,
            "variants": [],
        },
        "status": status,
        "status_as_of": status_as_of.strip(),
        "sources": [
            {
                "id": "s1",
                "title": source.title,
                "publisher": source.publisher,
                "date": source.date,
                **({"url": source.url} if source.url else {}),
            }
        ],
        "field_sources": {"status": ["s1"]},
    }


@dataclass
class Edit:
    value: Any
    base: Any
    at: str
    source: dict[str, Any] | None = None


@dataclass
class Overlay:
    added: dict[str, dict[str, Any]] = field(default_factory=dict)
    edits: dict[str, dict[str, Edit]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)

    def to_json(self) -> str:
        data = {
            "format": OVERLAY_FORMAT,
            "added": self.added,
            "edits": {
                pid: {name: vars(edit) for name, edit in fields.items()}
                for pid, fields in self.edits.items()
            },
            "hidden": sorted(self.hidden),
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_data(cls, data: Any, label: str) -> Overlay:
        try:
            if not isinstance(data, dict) or data.get("format") != OVERLAY_FORMAT:
                raise ValueError("not an ActionKit overlay (format 1)")
            return cls(
                added={str(k): dict(v) for k, v in data.get("added", {}).items()},
                edits={
                    str(pid): {str(name): Edit(**edit) for name, edit in fields.items()}
                    for pid, fields in data.get("edits", {}).items()
                },
                hidden={str(h) for h in data.get("hidden", [])},
            )
        except (TypeError, ValueError, AttributeError) as exc:
            raise DatasetError(
                f"{label}: {exc}", key="overlay.unreadable", file=label, reason=str(exc)
            ) from exc


def load_overlay(path: Path) -> tuple[Overlay, list[str]]:
    """The overlay at `path` (empty if none). A broken file is kept aside, with a notice."""
    if not path.exists():
        return Overlay(), []
    try:
        return Overlay.from_data(read_json(path, MAX_INDEX_BYTES * 50), path.name), []
    except DatasetError as exc:
        kept = move_aside(path)
        where = f"it was kept as {kept.name}" if kept else "it could not be moved aside"
        return Overlay(), [
            f"Your local changes to the dataset could not be read ({exc}); {where}. "
            "The dataset is shown without them."
        ]


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
    if head == "status_as_of":
        return "status"
    return head if head in FACT_FIELDS else None


def apply_edits(record: dict[str, Any], edits: dict[str, Edit]) -> dict[str, Any]:
    """A copy of `record` with the edits applied and their sources cited."""
    merged = copy.deepcopy(record)
    merged.setdefault("field_sources", {})
    # One update often changes two fields of one fact (status and status_as_of) with one
    # source: that source is listed once, and both fields cite it.
    cited: dict[str, str] = {}
    for number, (path, edit) in enumerate(sorted(edits.items()), 1):
        _set(merged, path, copy.deepcopy(edit.value))
        fact = _fact_of(path)
        if fact and edit.source:
            same = json.dumps(edit.source, sort_keys=True)
            source_id = cited.get(same) or f"{LOCAL_SOURCE_PREFIX}{number:02d}"
            if same not in cited:
                cited[same] = source_id
                merged["sources"].append({"id": source_id, **edit.source})
            if edit.value in (None, "", []):
                merged["field_sources"].pop(fact, None)
            else:
                merged["field_sources"][fact] = [source_id]
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
        if "status" in changes and "status_as_of" not in changes:
            raise DatasetError(
                "A changed status needs the date it was last known true.", key="person.status_date"
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
        merged = apply_edits(base, current)
        problems = person_problems(merged)
        if problems:
            raise DatasetError("The change was not saved:", problems, key="person.change_not_saved")
        self.overlay.edits[person_id] = current
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
        problems = person_problems(record)
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
    """Dataset plus overlay, with `local_fields` set; plus notices for edits that no
    longer apply (e.g. a person missing from a newer dataset)."""
    notices = []
    people = []
    for record in [*dataset.records, *overlay.added.values()]:
        pid = record["id"]
        edits = overlay.edits.get(pid, {})
        local = {p.partition(".")[0] for p in edits}
        if pid in overlay.added:
            local |= {"*"}
        merged = apply_edits(record, edits) if edits else record
        if edits and person_problems(merged):
            notices.append(f"Your changes to {pid} no longer fit the dataset and are not shown.")
            merged, local = record, set()
        person = Person.from_record(merged)
        people.append(replace(person, local_fields=frozenset(local)) if local else person)
    known = {r["id"] for r in dataset.records} | set(overlay.added)
    for pid in sorted(set(overlay.edits) - known):
        notices.append(f"You changed {pid}, who is not in this dataset; the change is kept.")
    return people, notices
