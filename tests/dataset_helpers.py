"""Small valid records and dataset folders for tests (never touches the bundled files)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from actionkit.core.assets import asset_path
from actionkit.core.dataset.migrate import events_for_status


def make_record(
    pid: str,
    latin: str | None = "Test Person",
    persian: str | None = None,
    *,
    status: str = "detained",
    as_of: str = "2026-01-01",
    **extra: Any,
) -> dict[str, Any]:
    """A valid format-2 record whose timeline leads to `status` on `as_of`."""
    citation = [{"id": "s1", "quote": "A test source reports it."}]
    record: dict[str, Any] = {
        "id": pid,
        "names": {"latin": latin, "persian": persian, "variants": []},
        "status": status,
        "events": events_for_status(status, as_of, citation, []),
        "sources": [
            {
                "id": "s1",
                "title": "A test source",
                "publisher": "Test",
                "date": "2026-01-01",
                "url": "https://example.org/test",
            }
        ],
        "field_sources": {},
        "last_checked": {"date": "2026-01-02", "by": "tests", "searched": "nothing"},
    }
    record.update(extra)
    return record


def write_dataset(folder: Path, records: list[dict[str, Any]], version: str = "2026.1.1") -> Path:
    (folder / "people").mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / "people" / f"{record['id']}.json").write_text(
            json.dumps(record, ensure_ascii=False), encoding="utf-8"
        )
    index = {
        "format": 2,
        "version": version,
        "as_of": "2026-01-02",
        "publisher": "Tests",
        "languages": ["en"],
        "licence": {"texts": "CC-BY-4.0", "data": "CC-BY-4.0"},
        "people": [r["id"] for r in records],
    }
    (folder / "dataset.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def write_bundle(path: Path, records: list[dict[str, Any]], version: str = "2099.1.1") -> Path:
    index = json.loads((asset_path("data", "dataset.json")).read_text(encoding="utf-8"))
    index.update(version=version, people=records)
    path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return path


def bundled_records() -> list[dict[str, Any]]:
    folder = asset_path("data", "people")
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def copy_bundled(target: Path) -> Path:
    shutil.copytree(asset_path("data"), target)
    return target
