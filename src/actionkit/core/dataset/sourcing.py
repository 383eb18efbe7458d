"""The sourcing rules a record must keep (assets/data/README.md explains them).

Every event on a timeline cites at least one source. In the published dataset
(strict), at least one of those citations quotes the source, and that source
has an address and a date. Sites on the deny-list (copies and aggregators of
other people's reporting) are never sources.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

from actionkit.core.assets import asset_path

DENY_LIST_FILE = "denied-sources.txt"


@cache
def denied_domains() -> frozenset[str]:
    text = asset_path("data", DENY_LIST_FILE).read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def denied(url: str | None) -> str | None:
    """The deny-listed domain `url` belongs to, if any."""
    if not url:
        return None
    labels = (urlsplit(url).hostname or "").lower().split(".")
    denied_set = denied_domains()
    # The host and every domain above it: "en.example.com", "example.com", "com".
    for start in range(len(labels)):
        domain = ".".join(labels[start:])
        if domain in denied_set:
            return domain
    return None


def source_problems(record: dict[str, Any], *, strict: bool) -> list[str]:
    """What breaks the sourcing rules in one (schema-valid) record."""
    problems: list[str] = []
    sources = {s["id"]: s for s in record["sources"]}
    for index, source in enumerate(record["sources"]):
        domain = denied(source.get("url"))
        if strict and source.get("local"):
            problems.append(f"sources[{index}]: an organizer's local source cannot be published")
        if domain:
            problems.append(
                f"sources[{index}]: {domain} is on the deny-list of copy and aggregator sites; "
                "cite the original publisher"
            )
    for index, event in enumerate(record.get("events", [])):
        where = f"events[{index}] ({event['type']}, {event['date']})"
        unknown = [c["id"] for c in event["sources"] if c["id"] not in sources]
        if unknown:
            problems.append(f"{where}: no source with id {', '.join(unknown)}")
            continue
        if not strict:
            continue
        quoted = [c for c in event["sources"] if c.get("quote")]
        if not quoted:
            problems.append(f"{where}: needs a short quote from a source that reports it")
            continue
        usable = [c for c in quoted if sources[c["id"]].get("url") and sources[c["id"]].get("date")]
        if not usable:
            problems.append(f"{where}: the quoted source needs its address (url) and its date")
    return problems
