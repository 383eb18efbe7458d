"""Tracking tags on the appeal address: which flyer, event and language a scan came from.

Tags are opt-in. They are added as the common `utm_*` parameters, which the
campaign's web statistics already understand: `utm_source` (the kind of
piece: flyer, palmcard...), `utm_medium=print`, `utm_campaign` (the event) and
`utm_content` (the language). The address's own query string and fragment
are kept exactly as they were; a parameter the address already has is never
overwritten or repeated.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from actionkit.core.errors import ActionKitError


@dataclass(frozen=True)
class Tags:
    source: str = ""  # the kind of piece, e.g. "flyer"
    event: str = ""  # an event slug, e.g. "2026-12-10-koln"
    language: str = ""  # e.g. "de"

    def parameters(self) -> list[tuple[str, str]]:
        if not (self.source or self.event or self.language):
            return []
        pairs = [
            ("utm_source", self.source),
            ("utm_medium", "print"),
            ("utm_campaign", self.event),
            ("utm_content", self.language),
        ]
        return [(key, value) for key, value in pairs if value]


def tagged_url(url: str, tags: Tags | None) -> str:
    """`url` with the tags appended to its query; unchanged without tags."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ActionKitError(
            f"The appeal address must start with https:// or http://: {url!r}.",
            key="print.bad_url",
            url=url,
        )
    if tags is None or not tags.parameters():
        return url
    existing = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    added = "&".join(
        f"{quote(key, safe='')}={quote(value, safe='')}"
        for key, value in tags.parameters()
        if key not in existing
    )
    if not added:
        return url
    query = f"{parts.query}&{added}" if parts.query else added
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, parts.fragment))
