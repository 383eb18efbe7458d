"""Updates from the campaign's address, against a real HTTP server on 127.0.0.1,
and an import that checks the very bytes it parses and stores."""

from __future__ import annotations

import io
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from actionkit.core.dataset import DatasetError, DatasetStore
from actionkit.core.dataset.update import apply_update, check_for_update, check_url
from actionkit.core.paths import AppPaths
from tests.update_server import (
    BUNDLED_VERSION,
    LocalServer,
    Route,
    bundle_data,
    bundled_bundle,
    change_status,
    drop_person,
    signed_bytes,
    trusted_publisher,
    with_version,
    write_signed,
)

NEWER = "2099.1.1"


def newer_dataset() -> tuple[bytes, tuple[str, str, str], str]:
    """The bundled dataset, newer, with one status changed and one person gone."""
    bundle = with_version(bundled_bundle(), NEWER)
    changed = change_status(bundle)
    gone = drop_person(bundle)
    return bundle_data(bundle), changed, gone


def test_a_good_update_lists_the_status_change_and_stores_exactly_the_served_bytes(
    app_paths: AppPaths, server: LocalServer
) -> None:
    key = trusted_publisher(app_paths)
    data, (pid, old, new), gone = newer_dataset()
    url = server.publish("/data/actionkit.json", data, signed_bytes(data, key))
    store = DatasetStore(app_paths)

    pending = check_for_update(store, url)

    assert not store.imported_file.exists(), "checking stores nothing"
    assert (pending.old_version, pending.new_version) == (BUNDLED_VERSION, NEWER)
    status = [c for c in pending.changes if c.field == "status"]
    assert [(c.person_id, c.old, c.new) for c in status] == [(pid, old, new)]
    assert pending.removed == [gone] and pending.added == []
    assert f"{pid}: status {old} -> {new}" in "\n".join(pending.lines())
    apply_update(store, pending)
    assert store.imported_file.read_bytes() == data
    assert store.signature_file.read_bytes() == server.routes["/data/actionkit.json.sig"].body
    loaded = DatasetStore(app_paths).load()
    assert loaded.dataset.info.version == NEWER
    person = loaded.get(pid)
    assert person is not None and person.status == new
    assert loaded.get(gone) is None
    assert not any("UNTRUSTED" in n for n in loaded.notices)


def test_a_tampered_file_is_refused_and_nothing_is_stored(
    app_paths: AppPaths, server: LocalServer
) -> None:
    key = trusted_publisher(app_paths)
    data, (_pid, old, new), _ = newer_dataset()
    signature = signed_bytes(data, key)
    tampered = data.replace(f'"status": "{new}"'.encode(), f'"status": "{old}"'.encode(), 1)
    assert tampered != data
    url = server.publish("/d.json", tampered, signature)
    store = DatasetStore(app_paths)
    with pytest.raises(DatasetError, match="changed after signing") as caught:
        check_for_update(store, url)
    assert caught.value.key == "dataset.signature_mismatch"
    assert not store.imported_file.exists()
    assert not store.folder.exists() or not any(store.folder.iterdir())


def test_a_file_signed_by_an_unknown_key_is_refused(
    app_paths: AppPaths, server: LocalServer, tmp_path: Path
) -> None:
    trusted_publisher(app_paths)
    from actionkit.core.dataset.signing import generate_signing_key

    stranger, _ = generate_signing_key()
    data, _, _ = newer_dataset()
    url = server.publish("/d.json", data, signed_bytes(data, stranger))
    with pytest.raises(DatasetError, match="do not trust"):
        check_for_update(DatasetStore(app_paths), url)


def test_an_older_file_is_refused_and_the_same_version_is_up_to_date(
    app_paths: AppPaths, server: LocalServer
) -> None:
    key = trusted_publisher(app_paths)
    store = DatasetStore(app_paths)
    older = bundle_data(with_version(bundled_bundle(), "2020.1.1"))
    url = server.publish("/old.json", older, signed_bytes(older, key))
    with pytest.raises(DatasetError, match="older than the one in use") as caught:
        check_for_update(store, url)
    assert caught.value.key == "update.older"

    same = bundle_data(bundled_bundle())
    url = server.publish("/same.json", same, signed_bytes(same, key))
    pending = check_for_update(store, url)
    assert pending.up_to_date
    assert pending.lines() == [f"Already up to date (dataset {BUNDLED_VERSION})."]
    apply_update(store, pending)
    assert not store.imported_file.exists()


def test_a_missing_signature_is_refused(app_paths: AppPaths, server: LocalServer) -> None:
    trusted_publisher(app_paths)
    data, _, _ = newer_dataset()
    url = server.publish("/d.json", data, None)
    with pytest.raises(DatasetError, match="not signed") as caught:
        check_for_update(DatasetStore(app_paths), url)
    assert caught.value.key == "update.unsigned"
    assert server.requests == ["/d.json", "/d.json.sig"]
    assert not DatasetStore(app_paths).imported_file.exists()


def test_a_signature_too_large_to_be_one_is_refused(
    app_paths: AppPaths, server: LocalServer
) -> None:
    trusted_publisher(app_paths)
    data, _, _ = newer_dataset()
    url = server.publish("/d.json", data, b"x" * 5000)
    with pytest.raises(DatasetError, match=r"d\.json\.sig is too large to be a signature"):
        check_for_update(DatasetStore(app_paths), url)


def test_an_invalid_but_signed_file_is_refused_with_its_problems(
    app_paths: AppPaths, server: LocalServer
) -> None:
    key = trusted_publisher(app_paths)
    bundle = with_version(bundled_bundle(), NEWER)
    bundle["people"].append({"id": "not-a-person"})
    data = bundle_data(bundle)
    url = server.publish("/d.json", data, signed_bytes(data, key))
    with pytest.raises(DatasetError) as caught:
        check_for_update(DatasetStore(app_paths), url)
    assert caught.value.key == "dataset.invalid" and caught.value.problems


def test_a_slow_server_times_out(app_paths: AppPaths, server: LocalServer) -> None:
    server.routes["/slow.json"] = Route(hang=True)
    started = time.monotonic()
    with pytest.raises(DatasetError, match="did not answer in time") as caught:
        check_for_update(DatasetStore(app_paths), server.url("/slow.json"), timeout=0.3)
    assert caught.value.key == "update.timeout"
    assert time.monotonic() - started < 5


def test_a_server_that_trickles_forever_hits_the_overall_deadline(
    app_paths: AppPaths, server: LocalServer
) -> None:
    """Each read gets a byte in time, so only the limit on the whole download stops it."""
    server.routes["/drip.json"] = Route(trickle=0.05)
    timeout = 0.25
    started = time.monotonic()
    with pytest.raises(DatasetError, match="too slow") as caught:
        check_for_update(DatasetStore(app_paths), server.url("/drip.json"), timeout=timeout)
    assert caught.value.key == "update.too_slow"
    elapsed = time.monotonic() - started
    assert timeout * 6 <= elapsed < timeout * 6 + 2


def test_a_huge_file_is_refused_at_the_limit_without_reading_it_all(
    app_paths: AppPaths, server: LocalServer
) -> None:
    limit = 1_000_000
    endless = 200 * limit
    server.routes["/huge.json"] = Route(stream=endless)
    with pytest.raises(DatasetError, match=r"larger than 1\.0 MB") as caught:
        check_for_update(DatasetStore(app_paths), server.url("/huge.json"), max_bytes=limit)
    assert caught.value.key == "update.too_large"
    deadline = time.monotonic() + 10
    while "/huge.json" not in server.sent and time.monotonic() < deadline:
        time.sleep(0.01)
    # What the client read, plus what the sockets' buffers held: far from all of it.
    assert server.sent["/huge.json"] < endless // 4

    # A declared length over the limit is refused before the body is read.
    server.serve("/big.json", b" " * (limit + 1))
    reads: list[int] = []
    with pytest.raises(DatasetError, match="larger than"):
        check_for_update(
            DatasetStore(app_paths),
            server.url("/big.json"),
            max_bytes=limit,
            progress=lambda done, total: reads.append(done),
        )
    assert reads == []


def test_only_https_and_this_computer_are_accepted(app_paths: AppPaths) -> None:
    store = DatasetStore(app_paths)
    for url, key in (
        ("http://example.org/d.json", "update.not_https"),
        ("ftp://example.org/d.json", "update.bad_url"),
        ("file:///etc/passwd", "update.bad_url"),
        ("not a url", "update.bad_url"),
    ):
        with pytest.raises(DatasetError) as caught:
            check_for_update(store, url)
        assert caught.value.key == key, url
    assert check_url("https://example.org/d.json") == "https://example.org/d.json"
    assert check_url("http://localhost:8000/d.json")
    with pytest.raises(DatasetError) as caught:
        check_for_update(store, "  ")
    assert caught.value.key == "update.no_url"


def test_a_redirect_to_plain_http_elsewhere_is_not_followed() -> None:
    from actionkit.core.dataset.update import _CheckedRedirects

    with pytest.raises(DatasetError) as caught:
        _CheckedRedirects().redirect_request(None, None, 302, "Found", {}, "http://example.org/")
    assert caught.value.key == "update.not_https"


def test_cancelling_stops_the_download(app_paths: AppPaths, server: LocalServer) -> None:
    server.routes["/huge.json"] = Route(stream=50_000_000)
    with pytest.raises(DatasetError) as caught:
        check_for_update(DatasetStore(app_paths), server.url("/huge.json"), cancelled=lambda: True)
    assert caught.value.key == "update.cancelled"


def test_an_unreachable_address_is_one_clear_error(app_paths: AppPaths) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DatasetError, match="cannot be reached") as caught:
        check_for_update(DatasetStore(app_paths), f"http://127.0.0.1:{port}/d.json", timeout=2)
    assert caught.value.key == "update.unreachable"
    assert "\n" not in str(caught.value)


# Import: one read, verified, parsed and stored --------------------------------------


def test_a_file_swapped_between_the_check_and_the_parse_is_never_imported(
    app_paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old import read the file once to verify it and again to parse it: bytes
    swapped in between were imported as trusted. Now there is only one read."""
    key = trusted_publisher(app_paths)
    data, (pid, _old, new), _ = newer_dataset()
    path = write_signed(tmp_path / "newer.json", data, key)
    evil_bundle = with_version(bundled_bundle(), "2099.9.9")
    drop_person(evil_bundle, 0)
    evil = bundle_data(evil_bundle)
    reads: list[str] = []
    real_open, real_read_bytes = Path.open, Path.read_bytes

    def served(self: Path, how: str) -> bytes | None:
        """What reading `path` gives: the signed bytes once, then an attacker's."""
        if self != path:
            return None
        reads.append(how)
        return data if len(reads) == 1 else evil

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        content = served(self, "open")
        return real_open(self, *args, **kwargs) if content is None else io.BytesIO(content)

    def read_bytes(self: Path) -> bytes:
        content = served(self, "read_bytes")
        return real_read_bytes(self) if content is None else content

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    store = DatasetStore(app_paths)
    report = store.import_file(path)
    monkeypatch.undo()

    assert len(reads) == 1, "the dataset file is read exactly once"
    assert report.new_version == NEWER and report.signer == "campaign"
    assert store.imported_file.read_bytes() == data, "the verified bytes, not a re-serialisation"
    assert store.signature_file.read_bytes() == Path(str(path) + ".sig").read_bytes()
    loaded = store.load()
    assert loaded.dataset.info.version == NEWER
    person = loaded.get(pid)
    assert person is not None and person.status == new


def test_an_untrusted_import_stores_no_signature(app_paths: AppPaths, tmp_path: Path) -> None:
    data, _, _ = newer_dataset()
    path = tmp_path / "newer.json"
    path.write_bytes(data)
    store = DatasetStore(app_paths)
    store.import_file(path, untrusted_ok=True)
    assert store.imported_file.read_bytes() == data
    assert not store.signature_file.exists()
    assert any("UNTRUSTED" in n for n in store.load().notices)
