"""Read and validate datasets: a folder (the bundled form) or one JSON file (for import).

Folder form: `dataset.json` (the index) and `people/<id>.json`, one per person,
which diffs well. Single-file form: the same index whose `people` holds the
records themselves. Both are checked completely: every problem is reported,
naming the file, the record and the field, before anything is used.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from actionkit.core.dataset.calendar import solar_matches, solar_period
from actionkit.core.dataset.errors import DatasetError
from actionkit.core.dataset.model import (
    FACT_FIELDS,
    Crop,
    Dataset,
    DatasetInfo,
    Event,
    Person,
    derive,
    parse_partial_date,
)
from actionkit.core.dataset.schema import checker
from actionkit.core.dataset.sourcing import source_problems

INDEX_FILE = "dataset.json"
PEOPLE_DIR = "people"
MAX_INDEX_BYTES = 2 * 1024 * 1024
MAX_PERSON_BYTES = 256 * 1024
MAX_BUNDLE_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS = 1000
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

Progress = Callable[[int, int], None]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a dataset")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def read_limited(path: Path, max_bytes: int, label: str | None = None) -> bytes:
    """A file's bytes, read once, within a size limit; any failure is a DatasetError."""
    label = label or path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DatasetError(
                f"{label}: the file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB"
            )
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # it may have grown since stat()
    except OSError as exc:
        raise DatasetError(f"{label}: cannot be read ({exc.strerror or exc})") from exc
    if len(raw) > max_bytes:
        raise DatasetError(f"{label}: the file is larger than {max_bytes / 1e6:.1f} MB")
    return raw


def read_json(path: Path, max_bytes: int, label: str | None = None) -> Any:
    """Parse a JSON file within a size limit; any failure is a DatasetError."""
    label = label or path.name
    return parse_json(read_limited(path, max_bytes, label), label)


def parse_json(raw: bytes, label: str) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{label}: is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from exc
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            f"{label}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise DatasetError(f"{label}: is nested too deeply to be a dataset") from exc
    except ValueError as exc:
        raise DatasetError(f"{label}: {exc}") from exc


def _valid_date(text: str) -> bool:
    parts = text.split("-")
    try:
        year, month, day = [*(int(p) for p in parts), 1, 1][:3]
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _has_value(value: Any) -> bool:
    return value not in (None, "", [], {})


def person_problems(record: Any, today: dt.date | None = None, *, strict: bool = True) -> list[str]:
    """Everything wrong with one person record (schema and the rules beyond it).

    `strict` is for published data: every event quotes a dated source with an
    address. An organizer's own additions (the overlay) may cite a source
    without a quote or address, but never without a date and a name.
    """
    schema_problems = checker("person.schema.json").problems(record)
    problems = [str(p) for p in schema_problems]
    if not isinstance(record, dict) or schema_problems:
        # Rules below assume the shape is right; report the shape first.
        return problems
    today = today or dt.date.today()
    names = record["names"]
    if not (names.get("latin") or names.get("persian")):
        problems.append("names: needs a Latin or a Persian name")
    persian = names.get("persian") or ""
    if persian and not any("\u0600" <= ch <= "\u06ff" for ch in persian):
        problems.append("names.persian: contains no Persian letters")
    problems.extend(_date_problems(record, today))
    crop = (record.get("photo") or {}).get("crop")
    if crop:
        problems.extend(Crop(**crop).problems())
    source_ids = [s["id"] for s in record["sources"]]
    duplicates = sorted({i for i in source_ids if source_ids.count(i) > 1})
    if duplicates:
        problems.append(f"sources: the id(s) {', '.join(duplicates)} are used twice")
    field_sources: dict[str, list[str]] = record.get("field_sources", {})
    for name, ids in field_sources.items():
        unknown = [i for i in ids if i not in source_ids]
        if unknown:
            problems.append(f"field_sources.{name}: no source with id {', '.join(unknown)}")
        if not _has_value(record.get(name)):
            problems.append(f"field_sources.{name}: names sources for a field that is empty")
    for name in FACT_FIELDS:
        if _has_value(record.get(name)) and not field_sources.get(name):
            problems.append(f"{name}: has a value but field_sources.{name} names no source")
    groups = record.get("groups", [])
    if ("dual_national" in groups) != bool(record.get("dual_nationality")):
        problems.append("groups: 'dual_national' and dual_nationality must be set together")
    problems.extend(source_problems(record, strict=strict))
    if problems:
        return problems
    custody = derive(Event.from_data(e) for e in record["events"])
    problems.extend(custody.problems)
    if custody.status != record["status"]:
        problems.append(
            f"status: says {record['status']!r}, but the events add up to {custody.status!r}"
        )
    return problems


def _date_problems(record: dict[str, Any], today: dt.date) -> list[str]:
    """Dates that do not exist, lie in the future, or disagree with their Solar Hijri form."""
    problems: list[str] = []
    tomorrow = today + dt.timedelta(days=1)
    dated: list[tuple[str, str | None]] = [("birth_date", record.get("birth_date"))]
    dated += [(f"sources[{i}].date", s.get("date")) for i, s in enumerate(record["sources"])]
    dated += [(f"events[{i}].date", e["date"]) for i, e in enumerate(record["events"])]
    dated.append(("last_checked.date", record["last_checked"]["date"]))
    for where, value in dated:
        if not value:
            continue
        if not _valid_date(value):
            problems.append(f"{where}: {value!r} is not a real calendar date")
        elif parse_partial_date(value) > tomorrow:
            problems.append(f"{where}: {value} is in the future")
    for index, event in enumerate(record["events"]):
        solar = event.get("date_solar")
        if not solar or not _valid_date(event["date"]):
            continue
        try:
            agrees = solar_matches(solar, event["date"])
        except ValueError as exc:
            problems.append(f"events[{index}].date_solar: {solar!r}: {exc}")
            continue
        if not agrees:
            problems.append(
                f"events[{index}].date_solar: {solar} is not {event['date']} "
                f"(it is {_solar_as_gregorian(solar)})"
            )
    return problems


def _solar_as_gregorian(solar: str) -> str:
    first, last = solar_period(solar)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def _info_from_index(index: dict[str, Any], origin: str) -> DatasetInfo:
    return DatasetInfo(
        version=index["version"],
        as_of=index["as_of"],
        publisher=index["publisher"],
        languages=tuple(index["languages"]),
        licence_texts=index["licence"]["texts"],
        licence_data=index["licence"]["data"],
        notes=index.get("notes"),
        origin=origin,
    )


def _check_index(index: Any, label: str) -> None:
    problems = [f"{label}: {p}" for p in checker("dataset.schema.json").problems(index)]
    if problems:
        raise DatasetError(f"{label} is not a valid dataset index:", problems)


def validate_records(
    records: list[tuple[str, Any]],
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    strict: bool = True,
) -> list[str]:
    """Problems of many (label, record) pairs, including ids used twice."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    total = len(records)
    for done, (label, record) in enumerate(records, 1):
        rid = record.get("id") if isinstance(record, dict) else None
        named_by_file = label == f"{PEOPLE_DIR}/{rid}.json"
        where = f"{label} ({rid})" if isinstance(rid, str) and not named_by_file else label
        problems.extend(f"{where}: {p}" for p in person_problems(record, today, strict=strict))
        if isinstance(rid, str):
            if rid in seen:
                problems.append(f"{where}: id {rid!r} is already used by {seen[rid]}")
            else:
                seen[rid] = label
        if len(problems) >= MAX_PROBLEMS:
            problems.append("(stopped after too many problems)")
            break
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    return problems


def load_dataset(
    path: Path,
    *,
    origin: str = "bundled",
    today: dt.date | None = None,
    progress: Progress | None = None,
    strict: bool = True,
) -> Dataset:
    """Load and fully validate a dataset folder or single file; raises DatasetError."""
    path = Path(path)
    if path.is_dir():
        index_path = path / INDEX_FILE
        index = read_json(index_path, MAX_INDEX_BYTES, f"{path.name}/{INDEX_FILE}")
        _check_index(index, INDEX_FILE)
        entries = index["people"]
        if not all(isinstance(e, str) for e in entries):
            raise DatasetError(f"{INDEX_FILE}: in a dataset folder, people lists ids only")
        records: list[tuple[str, Any]] = []
        file_problems: list[str] = []
        for person_id in entries:
            label = f"{PEOPLE_DIR}/{person_id}.json"
            if not ID_PATTERN.fullmatch(person_id):
                # An id names a file in people/: never a path out of the folder.
                file_problems.append(f"{INDEX_FILE}: {person_id!r} is not an id")
                continue
            try:
                record = read_json(path / PEOPLE_DIR / f"{person_id}.json", MAX_PERSON_BYTES, label)
            except DatasetError as exc:
                file_problems.append(str(exc))
                continue
            if isinstance(record, dict) and record.get("id") != person_id:
                file_problems.append(f"{label}: id {record.get('id')!r} differs from the file name")
            records.append((label, record))
        listed = set(entries)
        for extra in sorted((path / PEOPLE_DIR).glob("*.json")):
            if extra.stem not in listed:
                file_problems.append(f"{PEOPLE_DIR}/{extra.name}: not listed in {INDEX_FILE}")
    elif path.exists():
        raw = read_limited(path, MAX_BUNDLE_BYTES)
        return _load_bundle(raw, path.name, str(path), origin, today, progress, strict)
    else:
        raise DatasetError(f"{path}: no such file or folder", key="dataset.missing", path=str(path))
    return _checked(index, records, file_problems, str(path), origin, today, progress, strict)


def load_bundle_bytes(
    raw: bytes,
    label: str,
    *,
    origin: str,
    today: dt.date | None = None,
    progress: Progress | None = None,
    strict: bool = True,
) -> Dataset:
    """Load and fully validate the single-file form from bytes already in memory
    (the very bytes whose signature was checked); `label` names them in messages."""
    return _load_bundle(raw, label, label, origin, today, progress, strict)


def _load_bundle(
    raw: bytes,
    label: str,
    where: str,
    origin: str,
    today: dt.date | None,
    progress: Progress | None,
    strict: bool,
) -> Dataset:
    if len(raw) > MAX_BUNDLE_BYTES:
        raise DatasetError(f"{label}: the file is larger than {MAX_BUNDLE_BYTES / 1e6:.1f} MB")
    index = parse_json(raw, label)
    _check_index(index, label)
    records = [(f"{label} people[{i}]", r) for i, r in enumerate(index["people"])]
    return _checked(index, records, [], where, origin, today, progress, strict)


def _checked(
    index: dict[str, Any],
    records: list[tuple[str, Any]],
    file_problems: list[str],
    where: str,
    origin: str,
    today: dt.date | None,
    progress: Progress | None,
    strict: bool,
) -> Dataset:
    problems = file_problems + validate_records(
        records, today=today, progress=progress, strict=strict
    )
    if problems:
        raise DatasetError(
            f"The dataset at {where} has {len(problems)} problem(s); nothing was loaded:",
            problems,
            key="dataset.invalid",
            path=where,
            count=len(problems),
        )
    raw = [record for _, record in records]
    return Dataset(
        info=_info_from_index(index, origin),
        people=[Person.from_record(r) for r in raw],
        records=raw,
    )


def dataset_to_bundle(dataset: Dataset) -> dict[str, Any]:
    """The single-file form of a dataset (what an import stores)."""
    info = dataset.info
    return {
        "format": 2,
        "version": info.version,
        "as_of": info.as_of,
        "publisher": info.publisher,
        "languages": list(info.languages),
        "licence": {"texts": info.licence_texts, "data": info.licence_data},
        "notes": info.notes,
        "people": dataset.records,
    }
