"""Updating the dataset from the campaign's update address, only when the user asks.

`check_for_update` downloads the dataset file and its signature (`<url>.sig`),
checks the signature over the downloaded bytes, validates those same bytes in
full and says what would change; nothing is stored. `apply_update` then makes
exactly those bytes the imported dataset. Nothing here runs at start-up.

Only https is used, except plain http to this computer (127.0.0.1, localhost),
for tests and local mirrors. Every wait has a limit (connecting, each read, and
the whole download), and a file larger than the limit is refused while it is
being read, never read to its end.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from actionkit.core.dataset.errors import DatasetError
from actionkit.core.dataset.loader import MAX_BUNDLE_BYTES, load_bundle_bytes
from actionkit.core.dataset.model import Dataset
from actionkit.core.dataset.overlay import load_overlay
from actionkit.core.dataset.signing import MAX_SIGNATURE_BYTES, SIGNATURE_SUFFIX, verify_bytes
from actionkit.core.dataset.store import Conflict, DatasetStore, compare, version_key

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

DEFAULT_TIMEOUT = 20.0  # seconds to connect, and for each read
TOTAL_TIME_FACTOR = 6  # the whole download: at most this many timeouts
CHUNK = 64 * 1024
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class FieldChange:
    person_id: str
    field: str  # "status" or "prison"
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return f"{self.person_id}: {self.field} {self.old or '-'} -> {self.new or '-'}"


@dataclass
class PendingUpdate:
    """A downloaded, verified and validated dataset, not yet stored."""

    url: str
    data: bytes
    signature: bytes
    signer: str
    old_version: str
    new_version: str
    changes: list[FieldChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return self.new_version == self.old_version

    def lines(self) -> list[str]:
        """What would change, in English (the command line prints this)."""
        if self.up_to_date:
            return [f"Already up to date (dataset {self.old_version})."]
        out = [
            f"Dataset {self.old_version} -> {self.new_version}, "
            f"signed by {self.signer} (trusted key)."
        ]
        out += [f"  {change}" for change in self.changes]
        out += [f"  new: {pid}" for pid in self.added]
        out += [f"  removed: {pid}" for pid in self.removed]
        if not (self.changes or self.added or self.removed):
            out.append("  No status or prison changes.")
        if self.conflicts:
            out.append(f"{len(self.conflicts)} conflict(s) with your local changes:")
            out += [f"  - {c}" for c in self.conflicts]
        return out


def check_url(url: str) -> str:
    """`url` if ActionKit may download from it: https, or http to this computer."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("https", "http"):
        raise DatasetError(
            f"{url} is not a web address (https://...).", key="update.bad_url", url=url
        )
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise DatasetError(
            f"{url} is not secure: updates are downloaded over https only.",
            key="update.not_https",
            url=url,
        )
    return url.strip()


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to an address that `check_url` allows."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers: list[Any] = [_CheckedRedirects()]
    if (urllib.parse.urlsplit(url).hostname or "").lower() in LOCAL_HOSTS:
        handlers.append(urllib.request.ProxyHandler({}))  # never send local traffic away
    return urllib.request.build_opener(*handlers)


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f}"


def download(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BUNDLE_BYTES,
    deadline: float | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The body at `url`, at most `max_bytes`; DatasetError for every failure.

    `deadline` is a `time.monotonic()` value the whole download must finish by."""
    from actionkit import get_version

    url = check_url(url)
    deadline = deadline if deadline is not None else time.monotonic() + timeout * TOTAL_TIME_FACTOR
    request = urllib.request.Request(url, headers={"User-Agent": f"ActionKit/{get_version()}"})
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            return _read_body(response, url, max_bytes, deadline, progress, cancelled)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise DatasetError(
                f"Nothing was found at {url}.", key="update.not_found", url=url
            ) from None
        raise DatasetError(
            f"{url} answered with an error (HTTP {exc.code}).",
            key="update.http_error",
            url=url,
            code=exc.code,
        ) from None
    except TimeoutError:
        raise _timed_out(url, timeout) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _timed_out(url, timeout) from None
        raise DatasetError(
            f"{url} cannot be reached ({exc.reason}).",
            key="update.unreachable",
            url=url,
            reason=str(exc.reason),
        ) from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # reset, cut short, garbled
        raise DatasetError(
            f"{url} cannot be reached ({exc}).", key="update.unreachable", url=url, reason=str(exc)
        ) from None


def _timed_out(url: str, timeout: float) -> DatasetError:
    return DatasetError(
        f"{url} did not answer in time (waited {timeout:g} seconds).",
        key="update.timeout",
        url=url,
        seconds=f"{timeout:g}",
    )


def _too_large(url: str, max_bytes: int) -> DatasetError:
    return DatasetError(
        f"{url} is larger than {_megabytes(max_bytes)} MB; it was not downloaded.",
        key="update.too_large",
        url=url,
        megabytes=_megabytes(max_bytes),
    )


def _read_body(
    response: IO[bytes],
    url: str,
    max_bytes: int,
    deadline: float,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> bytes:
    declared = getattr(response, "headers", {}).get("Content-Length")
    total = int(declared) if declared and declared.isdigit() else 0
    if total > max_bytes:
        raise _too_large(url, max_bytes)  # said so before a byte of the body is read
    read = getattr(response, "read1", response.read)
    chunks: list[bytes] = []
    received = 0
    while True:
        if cancelled is not None and cancelled():
            raise DatasetError("The update was cancelled.", key="update.cancelled")
        if time.monotonic() > deadline:
            raise DatasetError(
                f"{url} is too slow: the download did not finish in time.",
                key="update.too_slow",
                url=url,
            )
        # read1: what has arrived, at most one wait. read(n) would wait for all n
        # bytes, so a server sending a byte now and then would never meet the deadline.
        chunk = read(min(CHUNK, max_bytes + 1 - received))
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
        if received > max_bytes:
            raise _too_large(url, max_bytes)
        if progress is not None:
            progress(received, max(total, received))
    return b"".join(chunks)


def check_for_update(
    store: DatasetStore,
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BUNDLE_BYTES,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PendingUpdate:
    """Download, verify and validate the dataset at `url`; says what would change.

    Stores nothing. Refuses an unsigned, wrongly signed, invalid or older dataset
    with a DatasetError; the same version comes back with `up_to_date` set."""
    url = url.strip()
    if not url:
        raise DatasetError(
            "No update address is set: enter the campaign's dataset address in Settings.",
            key="update.no_url",
        )
    url = check_url(url)
    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    data = download(
        url,
        timeout=timeout,
        max_bytes=max_bytes,
        deadline=deadline,
        progress=progress,
        cancelled=cancelled,
    )
    signature_url = url + SIGNATURE_SUFFIX
    try:
        signature = download(
            signature_url,
            timeout=timeout,
            max_bytes=MAX_SIGNATURE_BYTES,
            deadline=deadline,
            cancelled=cancelled,
        )
    except DatasetError as exc:
        if exc.key == "update.too_large":
            name = signature_url.rsplit("/", 1)[-1]
            raise DatasetError(
                f"{name} is too large to be a signature.",
                key="dataset.signature_too_large",
                signature=name,
            ) from None
        if exc.key != "update.not_found":
            raise
        raise DatasetError(
            f"The dataset at {url} is not signed (no .sig file beside it); nothing was changed.",
            key="update.unsigned",
            url=url,
        ) from None
    name = url.rsplit("/", 1)[-1] or url
    signer = verify_bytes(
        data, signature, store.paths, file=name, signature=name + SIGNATURE_SUFFIX
    )
    new = load_bundle_bytes(data, name, origin="imported")
    current = store.active()
    if version_key(new.info.version) < version_key(current.info.version):
        raise DatasetError(
            f"The dataset at {url} ({new.info.version}) is older than the one in use "
            f"({current.info.version}); nothing was changed.",
            key="update.older",
            url=url,
            version=new.info.version,
            current=current.info.version,
        )
    pending = PendingUpdate(url, data, signature, signer, current.info.version, new.info.version)
    if not pending.up_to_date:
        _describe_changes(pending, current, new, store)
    return pending


def _describe_changes(
    pending: PendingUpdate, old: Dataset, new: Dataset, store: DatasetStore
) -> None:
    before = {p.id: p for p in old.people}
    after = {p.id: p for p in new.people}
    for pid in sorted(before.keys() & after.keys()):
        was, now = before[pid], after[pid]
        if was.status != now.status:
            pending.changes.append(FieldChange(pid, "status", was.status, now.status))
        if was.prison != now.prison:
            pending.changes.append(FieldChange(pid, "prison", was.prison, now.prison))
    pending.added = sorted(after.keys() - before.keys())
    pending.removed = sorted(before.keys() - after.keys())
    pending.conflicts = compare(old, new, load_overlay(store.overlay_file)[0]).conflicts


def apply_update(store: DatasetStore, pending: PendingUpdate) -> None:
    """Make the checked dataset the one in use: exactly the bytes that were verified."""
    if pending.up_to_date:
        return
    store.store_dataset(pending.data, pending.signature, signer=pending.signer)
