"""Records and overlays written in format 1 (one typed status) into format 2 (a timeline).

Format 1 stated `status` with `status_as_of`, and `arrest_date`, `prison`,
`sentence` and `charges` as separate facts. Format 2 keeps only dated events;
each old fact becomes the event that states it, citing the same sources.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from actionkit.core.dataset.timeline import Event, derive

# The events that bring a person into a status from wherever they were.
_STATUS_EVENTS: dict[str, tuple[str, ...]] = {
    "detained": ("held",),
    "sentenced": ("held", "sentence"),
    "sentenced_to_death": ("held", "sentence"),
    "awaiting_retrial": ("held", "sentence_quashed"),
    "on_furlough": ("held", "furlough"),
    "on_bail": ("bail",),
    "released": ("release",),
    "abroad": ("left_country",),
    "whereabouts_unknown": ("whereabouts_unknown",),
    "executed": ("execution",),
    "killed": ("killed",),
    "died_in_custody": ("death_in_custody",),
    "unknown": (),
}


def events_for_status(
    status: str, date: str, citation: list[dict[str, Any]], before: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The events (dated `date`) that move a timeline `before` to `status`.

    "held" is left out when the person is already in custody by then.
    """
    current = derive(Event.from_data(e) for e in before)
    events = []
    for kind in _STATUS_EVENTS[status]:
        if kind == "held" and current.in_custody:
            continue
        event: dict[str, Any] = {"date": date, "type": kind, "sources": copy.deepcopy(citation)}
        if kind == "sentence":
            event["sentence"] = {"death": status == "sentenced_to_death"}
        events.append(event)
    return events


def record_to_v2(old: dict[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    """A format-2 record that says what a format-1 record said."""
    record = copy.deepcopy(old)
    field_sources: dict[str, list[str]] = record.get("field_sources", {})

    def cite(field: str) -> list[dict[str, Any]]:
        ids = field_sources.get(field) or field_sources.get("status") or []
        ids = ids or [record["sources"][0]["id"]]
        return [{"id": i} for i in ids]

    events: list[dict[str, Any]] = []
    arrest = record.pop("arrest_date", None)
    prison = record.pop("prison", None)
    sentence = record.pop("sentence", None)
    charges = record.pop("charges", None) or []
    status = record.get("status", "unknown")
    as_of = record.pop("status_as_of", None)
    if arrest:
        event = {"date": arrest, "type": "arrest", "sources": cite("arrest_date")}
        if prison and status in ("detained", "sentenced", "sentenced_to_death"):
            event["prison"] = prison
        if charges:
            event["charges"] = charges
        events.append(event)
    if as_of and status != "unknown":
        new = events_for_status(status, as_of, cite("status"), events)
        for event in new:
            if event["type"] == "sentence" and sentence:
                event["sentence"]["other"] = sentence[:300]
            if event["type"] == "held" and prison:
                event["prison"] = prison
        events.extend(new)
    events.sort(key=lambda e: e["date"])
    year = record.pop("birth_year", None)
    record["birth_date"] = str(year) if year else None
    if "birth_year" in field_sources:
        field_sources["birth_date"] = field_sources.pop("birth_year")
    for gone in ("arrest_date", "prison", "sentence", "charges", "status"):
        field_sources.pop(gone, None)
    record["field_sources"] = field_sources
    record["events"] = events
    record["status"] = derive(Event.from_data(e) for e in events).status
    record.setdefault(
        "last_checked",
        {
            "date": (today or dt.date.today()).isoformat(),
            "by": "ActionKit (converted from format 1)",
            "searched": "nothing: converted from a format-1 record without a new search",
            "newest_found": as_of,
        },
    )
    return record
