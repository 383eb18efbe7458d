"""The trust record vouches only for the bytes it was written for: no crash, power
cut or hand-copied file leaves one dataset trusted under another's record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actionkit.core.dataset import DatasetStore
from actionkit.core.dataset import store as store_module
from actionkit.core.dataset.update import PendingUpdate, apply_update
from actionkit.core.paths import AppPaths
from tests.update_server import (
    bundle_data,
    bundled_bundle,
    signed_bytes,
    trusted_publisher,
    with_version,
    write_signed,
)

OLD, NEW = "2099.1.1", "2099.1.2"


class Crash(Exception):
    """The process dies here."""


def _data(version: str) -> bytes:
    return bundle_data(with_version(bundled_bundle(), version))


def _untrusted(store: DatasetStore) -> bool:
    return any("UNTRUSTED" in notice for notice in store.load().notices)


def _import_old(store: DatasetStore, tmp_path: Path, key: bytes | None) -> bytes:
    """The dataset in use before the new one arrives: signed by `key`, or untrusted."""
    data = _data(OLD)
    path = tmp_path / "old.json"
    if key is None:
        path.write_bytes(data)
        store.import_file(path, untrusted_ok=True)
    else:
        write_signed(path, data, key)
        store.import_file(path)
    assert store.imported_file.read_bytes() == data
    assert _untrusted(store) == (key is None)
    return data


def _crash_on_write(monkeypatch: pytest.MonkeyPatch, crash_at: int) -> list[Path]:
    """Make the store's `crash_at`-th file write (0-based) kill the import."""
    written: list[Path] = []

    def wrap(real: Callable[[Path, Any], None]) -> Callable[[Path, Any], None]:
        def write(path: Path, content: Any) -> None:
            if len(written) == crash_at:
                raise Crash(path.name)
            written.append(path)
            real(path, content)

        return write

    monkeypatch.setattr(store_module, "atomic_write_bytes", wrap(store_module.atomic_write_bytes))
    monkeypatch.setattr(store_module, "atomic_write_text", wrap(store_module.atomic_write_text))
    return written


def _new_import(kind: str, store: DatasetStore, tmp_path: Path, key: bytes) -> Callable[[], Any]:
    data = _data(NEW)
    if kind == "signed import":
        path = write_signed(tmp_path / "new.json", data, key)
        return lambda: store.import_file(path)
    if kind == "untrusted import":
        path = tmp_path / "new.json"
        path.write_bytes(data)
        return lambda: store.import_file(path, untrusted_ok=True)
    signature = signed_bytes(data, key)
    pending = PendingUpdate("https://example.org/d.json", data, signature, "new", OLD, NEW)
    return lambda: apply_update(store, pending)


@pytest.mark.parametrize("crash_at", range(4))
@pytest.mark.parametrize("old_signed", [False, True], ids=["old untrusted", "old signed"])
@pytest.mark.parametrize("kind", ["signed import", "untrusted import", "downloaded update"])
def test_a_crash_between_the_writes_never_trusts_a_file_under_another_record(
    app_paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    old_signed: bool,
    crash_at: int,
) -> None:
    old_key = trusted_publisher(app_paths, "old") if old_signed else None
    new_key = trusted_publisher(app_paths, "new")
    store = DatasetStore(app_paths)
    old = _import_old(store, tmp_path, old_key)
    run = _new_import(kind, store, tmp_path, new_key)
    written = _crash_on_write(monkeypatch, crash_at)

    try:
        run()
        finished = True
    except Crash:
        finished = False
    monkeypatch.undo()

    on_disk = store.imported_file.read_bytes()
    assert on_disk in (old, _data(NEW))
    new_is_trusted = kind != "untrusted import"
    if on_disk == old:
        # The old file keeps its own standing, never the new signer's.
        assert _untrusted(store) == (not old_signed), written
    elif finished:
        assert _untrusted(store) == (not new_is_trusted)
    else:
        # The new file with the old record: untrusted, and the notice says why.
        assert _untrusted(store), written
        assert any("trust record" in n or "origin" in n for n in store.load().notices)


def test_a_lost_dataset_write_leaves_the_old_file_untrusted(
    app_paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut may let the record's rename reach the disk and not the dataset's:
    the old file must not then be trusted as the new signer's. (Fails on the old
    code, which trusted whatever file lay beside a trusted record.)"""
    key = trusted_publisher(app_paths, "new")
    store = DatasetStore(app_paths)
    old = _import_old(store, tmp_path, None)
    path = write_signed(tmp_path / "new.json", _data(NEW), key)
    real = store_module.atomic_write_bytes

    def lost(target: Path, content: bytes) -> None:
        if target != store.imported_file:
            real(target, content)

    monkeypatch.setattr(store_module, "atomic_write_bytes", lost)
    store.import_file(path)
    monkeypatch.undo()

    assert store.imported_file.read_bytes() == old
    assert json.loads(store.trust_file.read_text())["signer"] == "new"
    assert _untrusted(store), "the old, unsigned file is trusted under the new signer's record"


def test_a_file_copied_over_the_imported_dataset_is_untrusted(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    """Fails on the old code: the record did not say which file it vouched for."""
    key = trusted_publisher(app_paths)
    store = DatasetStore(app_paths)
    _import_old(store, tmp_path, key)
    store.imported_file.write_bytes(_data(NEW))

    loaded = store.load()
    assert loaded.dataset.info.version == NEW
    assert any("UNTRUSTED" in n and "replaced" in n for n in loaded.notices)


def test_a_record_from_before_the_hash_is_checked_against_the_signature(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    key = trusted_publisher(app_paths)
    store = DatasetStore(app_paths)
    _import_old(store, tmp_path, key)
    record = json.loads(store.trust_file.read_text())
    del record["sha256"]
    store.trust_file.write_text(json.dumps(record))
    assert not _untrusted(store), "a dataset signed by a trusted key stays trusted"

    store.imported_file.write_bytes(_data(NEW))  # the signature no longer fits
    assert _untrusted(store)
    store.signature_file.unlink()
    assert _untrusted(store)
