"""Purging after the hand-off: the names leave the file's bytes, the counts stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.core.signatures.export import export_xlsx, load_presets
from actionkit.core.signatures.purge import export_log, plan_purge, purge_event
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

NAMES = ["Shahrzad", "Bijan", "Golnar"]


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_purge_removes_names_from_the_file_and_keeps_counts(tmp_path: Path) -> None:
    path = tmp_path / "signatures.sqlite3"
    with SignatureStore(path) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        other = store.create_event("Rally", "2026-12-11", city="Bonn")
        sheet = store.create_sheets(event.slug, ("en",), 1)[0]
        kept = store.create_sheets(other.slug, ("en",), 1)[0]
        for row, name in enumerate(NAMES, 1):
            signer = SignerInput(first_name=name, last_name="Unique" + name, email=f"{name}@ex.org")
            store.add_row(sheet.id, row, signer)
        store.add_row(kept.id, 1, SignerInput(first_name="Keepme", last_name="Bonn"))
        assert all(n.encode() in _file_bytes(path) for n in NAMES)

        with pytest.raises(StoreError, match="not been exported"):
            purge_event(store, event.slug)
        consent_only = export_xlsx(
            store, tmp_path / "c.xlsx", load_presets()["crm"], event=event.slug, consented_only=True
        )
        assert consent_only.rows == 0
        assert plan_purge(store, event.slug).exported == [], (
            "a consent-only export is not a hand-off"
        )
        export_xlsx(store, tmp_path / "all.xlsx", load_presets()["generic"], event=event.slug)
        plan = plan_purge(store, event.slug)
        assert plan.rows == 3 and plan.sheets == 1 and plan.exported[-1].file_name == "all.xlsx"
        assert "3 signer row(s)" in plan.describe()
        purge_event(store, event.slug)
        assert store.sheet(sheet.id).entered == 3, "the counts stay"
        assert [s.first_name for s in store.signatures(other.slug)] == ["Keepme"]
        log = export_log(store)
        assert [r.file_name for r in log] == ["c.xlsx", "all.xlsx"]
    raw = _file_bytes(path)
    for name in NAMES:
        assert name.encode() not in raw, f"{name} is still in the file"
    assert b"Keepme" in raw
    with SignatureStore(path) as reopened:
        assert reopened.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
