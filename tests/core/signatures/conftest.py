from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actionkit.core.signatures.store import Event, Sheet, SignatureStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SignatureStore]:
    with SignatureStore(tmp_path / "signatures.sqlite3") as opened:
        yield opened


@pytest.fixture
def event(store: SignatureStore) -> Event:
    return store.create_event("Rally for Narges", "2026-12-10", city="Köln", languages=("fa", "de"))


@pytest.fixture
def sheet(store: SignatureStore, event: Event) -> Sheet:
    return store.create_sheets(event.slug, ("fa", "de"), 1)[0]
