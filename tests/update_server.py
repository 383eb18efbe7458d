"""A dataset update address on this computer: http.server on 127.0.0.1, in a thread.

Each path answers one way: a file (with its length), a file that never comes
(the server waits until the test ends), or an endless stream (no length given),
which counts what it managed to send before the client hung up.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from actionkit.core.assets import asset_path
from actionkit.core.dataset import load_dataset
from actionkit.core.dataset.loader import dataset_to_bundle
from actionkit.core.dataset.signing import generate_signing_key, public_key_text, trust_key
from actionkit.core.paths import AppPaths

# The version of the dataset that ships with the app (what an update starts from).
BUNDLED_VERSION = json.loads(asset_path("data", "dataset.json").read_text("utf-8"))["version"]


@dataclass
class Route:
    body: bytes = b""
    hang: bool = False  # accept the request, never answer
    stream: int = 0  # bytes of an endless-looking body sent without a length
    trickle: float = 0.0  # seconds between single bytes of a body that never ends


@dataclass
class LocalServer:
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes) -> str:
        self.routes[path] = Route(body)
        return self.url(path)

    def publish(self, path: str, data: bytes, signature: bytes | None) -> str:
        """`data` at `path` and, if given, its signature at `path`.sig."""
        self.routes.pop(path + ".sig", None)
        if signature is not None:
            self.serve(path + ".sig", signature)
        return self.serve(path, data)


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test says what went wrong."""

        def do_GET(self) -> None:
            server.requests.append(self.path)
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.hang:
                server.release.wait(30)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if route.trickle:
                self.send_header("Connection", "close")
                self.end_headers()
                self._trickle(route.trickle)
                return
            if route.stream:
                self.send_header("Connection", "close")
                self.end_headers()
                self._stream(route.stream)
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def _trickle(self, pause: float) -> None:
            try:
                while not server.release.wait(pause):  # a byte now and then, until the end
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True

        def _stream(self, total: int) -> None:
            chunk = b" " * 65536
            sent = 0
            try:
                while sent < total:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:  # the client stopped reading and hung up
                pass
            finally:
                server.sent[self.path] = sent
                self.close_connection = True

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up early is what some tests do on purpose."""


@contextmanager
def local_server() -> Iterator[LocalServer]:
    state = LocalServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


# The datasets served. Person records may change shape: records are taken as the
# loader returns them, and only these helpers touch their content.


def trusted_publisher(paths: AppPaths, name: str = "campaign") -> bytes:
    """A fresh signing key that `paths` trusts; returns the private key (PEM)."""
    private, public = generate_signing_key()
    trust_key(paths, name, public_key_text(public))
    return private


def bundled_bundle() -> dict[str, Any]:
    """The bundled dataset in its single-file form (a fresh copy)."""
    bundle = dataset_to_bundle(load_dataset(asset_path("data")))
    copied: dict[str, Any] = json.loads(json.dumps(bundle))
    return copied


def with_version(bundle: dict[str, Any], version: str) -> dict[str, Any]:
    bundle["version"] = version
    return bundle


def change_status(bundle: dict[str, Any], index: int = 0) -> tuple[str, str, str]:
    """Give one person another status; returns (id, old status, new status)."""
    from actionkit.core.dataset.model import Event, derive

    record = bundle["people"][index]
    old = record["status"]
    kind = "release" if old != "released" else "arrest"
    cited = record["events"][-1]["sources"] if record["events"] else []
    # The news the publisher adds: an event, citing a source the record already has.
    record["events"].append({"date": "2026-11-29", "type": kind, "sources": cited})
    record["status"] = derive(Event.from_data(e) for e in record["events"]).status
    return record["id"], old, record["status"]


def drop_person(bundle: dict[str, Any], index: int = -1) -> str:
    return str(bundle["people"].pop(index)["id"])


def bundle_data(bundle: dict[str, Any]) -> bytes:
    return (json.dumps(bundle, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def signed_bytes(data: bytes, private: bytes) -> bytes:
    from actionkit.core.dataset.signing import sign_bytes

    return sign_bytes(data, private)


def write_signed(path: Path, data: bytes, private: bytes) -> Path:
    path.write_bytes(data)
    Path(str(path) + ".sig").write_bytes(signed_bytes(data, private))
    return path
