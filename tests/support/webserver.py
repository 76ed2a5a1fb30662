"""A real HTTP server on 127.0.0.1 for tests: serves the corpus folder, injects faults, logs requests.

``CorpusServer(corpus_dir)`` serves ``feeds/*.xml`` (with ``{BASE}`` replaced by
the server's own address) and ``articles/*``, with an ETag and Last-Modified on
every file and ``304 Not Modified`` answers to conditional requests, like a
well-behaved publisher. Tests can add their own routes (:meth:`CorpusServer.put`)
and inject a fault on any path (:meth:`CorpusServer.fault`):

    status      answer with an HTTP status (500, 403, 404, ...)
    hang        accept the request and send nothing for ``seconds``
    drip        send headers, then one byte every ``interval`` seconds
    huge        stream ``size`` bytes of filler (with or without Content-Length)
    redirect    302 to ``location``
    gzip        serve the normal body gzip-compressed

Every request is recorded in :attr:`CorpusServer.log` (method, path, status and
the conditional headers), so a test can assert what a cycle fetched.

Use it as a context manager, or through the ``corpus_server`` fixture of
``tests/web/conftest.py``.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CONTENT_TYPES = {
    ".xml": "application/xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
# A fixed Last-Modified so that conditional requests behave the same on every run.
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass(frozen=True)
class Logged:
    method: str
    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None


@dataclass
class Fault:
    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Route:
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class CorpusServer:
    """Serves a corpus folder on 127.0.0.1 (random free port) from a background thread."""

    def __init__(self, corpus_dir: Path | None = None) -> None:
        self.corpus_dir = corpus_dir
        self.routes: dict[str, Route] = {}
        self.faults: dict[str, Fault] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="corpus-server", daemon=True)

    # --------------------------------------------------------------- lifecycle

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> CorpusServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> CorpusServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------- configuring

    def put(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **headers: str
    ) -> str:
        """Serve ``body`` at ``path`` (``{BASE}`` in a str body is replaced); return its URL."""
        if isinstance(body, str):
            body = body.replace("{BASE}", self.base).encode("utf-8")
        self.routes[path] = Route(body, content_type, dict(headers))
        return self.url(path)

    def fault(self, path: str, kind: str, **params: Any) -> None:
        self.faults[path] = Fault(kind, params)

    def clear(self) -> None:
        self.faults.clear()
        with self._lock:
            self.log.clear()

    def requests_for(self, path: str) -> list[Logged]:
        with self._lock:
            return [r for r in self.log if r.path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.log]

    def corpus_feed_paths(self) -> list[str]:
        if self.corpus_dir is None:
            return []
        return sorted(f"/feeds/{p.name}" for p in (self.corpus_dir / "feeds").glob("*.xml"))

    # ---------------------------------------------------------------- content

    def content(self, path: str) -> Route | None:
        if path in self.routes:
            return self.routes[path]
        if self.corpus_dir is None or ".." in path:
            return None
        parts = path.strip("/").split("/")
        if len(parts) != 2 or parts[0] not in ("feeds", "articles"):
            return None
        file = self.corpus_dir / parts[0] / parts[1]
        if not file.is_file():
            return None
        body = file.read_bytes()
        if parts[0] == "feeds":
            body = body.replace(b"{BASE}", self.base.encode())
        return Route(body, CONTENT_TYPES.get(file.suffix, "application/octet-stream"))

    def _record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)


def _handler_for(server: CorpusServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            fault = server.faults.get(path)
            status = self._serve(path, fault)
            server._record(
                Logged(
                    "GET",
                    path,
                    status,
                    self.headers.get("If-None-Match"),
                    self.headers.get("If-Modified-Since"),
                    self.headers.get("User-Agent"),
                )
            )

        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
        ) -> int:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(body)
            return status

        def _serve(self, path: str, fault: Fault | None) -> int:
            if fault is not None:
                handled = self._fault(path, fault)
                if handled is not None:
                    return handled
            route = server.content(path)
            if route is None:
                return self._send(404, b"not found", "text/plain")
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED, **route.headers}
            if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-None-Match") is None
                and self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return 304
            body = route.body
            if fault is not None and fault.kind == "gzip":
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            return self._send(200, body, route.content_type, headers)

        def _fault(self, path: str, fault: Fault) -> int | None:
            p = fault.params
            if fault.kind == "status":
                code = int(p.get("code", 500))
                return self._send(code, f"fault {code}".encode(), "text/plain")
            if fault.kind == "hang":
                server._stop.wait(float(p.get("seconds", 30)))
                # Says nothing at all, then hangs up.
                self.close_connection = True
                return 0
            if fault.kind == "redirect":
                self.send_response(int(p.get("code", 302)))
                self.send_header("Location", str(p["location"]))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return int(p.get("code", 302))
            if fault.kind == "drip":
                return self._drip(float(p.get("interval", 0.5)), int(p.get("size", 10_000)))
            if fault.kind == "huge":
                return self._huge(int(p.get("size", 50_000_000)), bool(p.get("declare_length", True)))
            return None  # gzip: handled while serving

        def _drip(self, interval: float, size: int) -> int:
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(size))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for _ in range(size):
                    if server._stop.wait(interval):
                        break
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:
                pass
            return 200

        def _huge(self, size: int, declare_length: bool) -> int:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if declare_length:
                self.send_header("Content-Length", str(size))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            block = b"<p>" + b"filler " * 9000 + b"</p>\n"
            sent = 0
            start = time.monotonic()
            try:
                while sent < size and not server._stop.is_set() and time.monotonic() - start < 60:
                    chunk = block[: size - sent]
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            return 200

    return Handler
