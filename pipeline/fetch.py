"""The HTTP client every fetch of the pipeline goes through (feeds, article pages, backfill).

What it guarantees, whatever the server does:

- a connect timeout, a read timeout (no byte for that long) and an overall
  deadline per request, redirects and body included, enforced at the socket, so a
  server that drips one byte a second, headers included, is cut off on time;
- a cap on the decoded body size (streamed; gzip/deflate decoded in bounded
  steps, so a compression bomb cannot blow up memory), checked against
  Content-Length before reading;
- redirects followed by hand, at most ``max_redirects``, each hop checked;
- every connection checked by :mod:`pipeline.netguard` at connect time, to the
  address actually dialled (no loopback/private/metadata addresses unless
  allow-listed);
- the configured User-Agent, and per-host politeness: at most
  ``per_host_concurrency`` requests at a time to one host and ``per_host_delay``
  seconds between request starts, shared by every client of the process.

Failures raise :class:`FetchError` whose message says what happened in words an
operator understands. Parsing is not done here: callers get bytes and headers.
"""

from __future__ import annotations

import contextvars
import math
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from pipeline.config import HttpSettings
from pipeline.netguard import AllowList, BlockedAddressError, resolve_allowed

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024

# Monotonic time by which the current request must be done; read by the socket
# wrappers below so every read, write and connect is cut short at the deadline.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("leaderwatch_deadline", default=None)


class FetchError(Exception):
    """A URL could not be fetched. ``kind`` is a short machine-readable cause.

    kinds: http (status >= 400; ``status`` set), timeout, deadline, too_large,
    redirects, blocked, connect, bad_url, decode.
    """

    def __init__(self, message: str, *, kind: str, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url
        self.status = status

    @property
    def permanent(self) -> bool:
        """True when retrying soon will not help (4xx except 408/429, blocked, too large, bad URL)."""
        if self.kind == "http" and self.status is not None:
            return 400 <= self.status < 500 and self.status not in (408, 429)
        return self.kind in ("blocked", "too_large", "bad_url", "redirects")


@dataclass
class Response:
    url: str  # final URL, after redirects
    status: int
    headers: dict[str, str]
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


# ------------------------------------------------------------ socket-level guard


def _remaining(timeout: float | None) -> float | None:
    """The timeout to use now: the given one, shortened to what is left of the deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("overall deadline exceeded")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves and checks the host itself, then dials the checked address."""

    def __init__(self, allow: AllowList) -> None:
        self._allow = allow
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = resolve_allowed(host, port, self._allow)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"{host}: name does not resolve ({exc.strerror})") from exc
        last: Exception | None = None
        for address in addresses:
            try:
                stream = self._sync.connect_tcp(
                    address, port, _remaining(timeout), local_address, socket_options
                )
                return _DeadlineStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the fetcher")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One TLS context per process, shared by every client (SSLContext is thread-safe).

    Building one loads the CA bundle (~20 ms); a client per feed poll built two,
    which was 45 ms of every poll and 22 s of an unchanged 500-feed cycle.
    """
    return httpx.create_ssl_context(trust_env=False)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded network backend (no proxies: trust_env is off)."""

    def __init__(self, allow: AllowList, max_connections: int = 20) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(allow),
        )


# ----------------------------------------------------------------- politeness


class HostThrottle:
    """Per-host concurrency limit and minimum delay between request starts (process-wide)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: dict[tuple[str, int], threading.BoundedSemaphore] = {}
        self._last_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, concurrency: int, delay: float, deadline: float) -> Iterator[None]:
        with self._lock:
            sem = self._slots.setdefault((host, concurrency), threading.BoundedSemaphore(concurrency))
        if not sem.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise httpcore.PoolTimeout(f"waited too long for a free slot for {host}")
        try:
            if delay > 0:
                while True:
                    with self._lock:
                        wait = self._last_start.get(host, -math.inf) + delay - time.monotonic()
                        if wait <= 0:
                            self._last_start[host] = time.monotonic()
                            break
                    if time.monotonic() + wait > deadline:
                        raise httpcore.PoolTimeout(f"politeness delay for {host} would pass the deadline")
                    time.sleep(wait)
            yield
        finally:
            sem.release()


THROTTLE = HostThrottle()


# ---------------------------------------------------------------------- bodies


class _Decoder:
    """Bounded-step gzip/deflate decoding: never more than one chunk decoded at a time."""

    def __init__(self, encoding: str, url: str) -> None:
        self.encoding = encoding
        self._url = url
        self._z: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding not in ("", "identity", "deflate"):
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", kind="decode", url=url)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.encoding in ("", "identity"):
            yield data
            return
        if self._z is None:  # deflate: zlib-wrapped per the RFC, raw from some servers
            zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        try:
            out = self._z.decompress(data, _CHUNK)
            yield out
            while self._z.unconsumed_tail:
                yield self._z.decompress(self._z.unconsumed_tail, _CHUNK)
        except zlib.error as exc:
            raise FetchError(f"corrupt {self.encoding} body: {exc}", kind="decode", url=self._url) from exc


# ---------------------------------------------------------------------- client


def _status_text(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class HttpClient:
    """A bounded, guarded HTTP GET client configured from ``settings.http``.

    One instance can be shared by threads; use it as a context manager or call
    :meth:`close`.
    """

    def __init__(self, settings: HttpSettings, throttle: HostThrottle = THROTTLE) -> None:
        self.settings = settings
        self.allow = AllowList.parse(settings.allow_hosts)
        self._throttle = throttle
        self._client = httpx.Client(
            transport=_GuardedTransport(self.allow),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None) -> Response:
        """GET ``url``; return the final response (2xx or 304) or raise FetchError."""
        s = self.settings
        cap = max_bytes or s.max_bytes
        start = time.monotonic()
        deadline = start + s.deadline
        token = _deadline.set(deadline)
        redirects: list[str] = []
        current = url
        try:
            while True:
                self._check_url(current, url)
                response = self._one_hop(current, headers or {}, cap, deadline, url)
                if response.status in REDIRECT_CODES and "location" in response.headers:
                    if len(redirects) >= s.max_redirects:
                        raise FetchError(
                            f"more than {s.max_redirects} redirects (last to {current})",
                            kind="redirects",
                            url=url,
                        )
                    nxt = urljoin(current, response.headers["location"])
                    if nxt in redirects or nxt == url:
                        raise FetchError(f"redirect loop ({current} -> {nxt})", kind="redirects", url=url)
                    redirects.append(nxt)
                    current = nxt
                    continue
                response.redirects = redirects
                response.elapsed = time.monotonic() - start
                if response.status >= 400:
                    raise FetchError(
                        _status_text(response.status),
                        kind="http",
                        url=url,
                        status=response.status,
                    )
                return response
        finally:
            _deadline.reset(token)

    def _check_url(self, current: str, original: str) -> None:
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {current!r}", kind="bad_url", url=original)
        try:
            resolve_allowed(parts.hostname, parts.port or 0, self.allow)
        except BlockedAddressError as exc:
            where = "" if current == original else f"redirected to {current}: "
            raise FetchError(f"{where}{exc}", kind="blocked", url=original) from exc
        except OSError as exc:
            raise FetchError(
                f"host {parts.hostname} does not resolve ({exc})", kind="connect", url=original
            ) from exc

    def _one_hop(
        self, url: str, headers: dict[str, str], cap: int, deadline: float, original: str, retry: bool = True
    ) -> Response:
        s = self.settings
        host = urlsplit(url).hostname or ""
        timeout = httpx.Timeout(
            connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=s.deadline
        )
        try:
            with (
                self._throttle.slot(host, s.per_host_concurrency, s.per_host_delay, deadline),
                self._client.stream("GET", url, headers=headers, timeout=timeout) as r,
            ):
                resp_headers = {k.lower(): v for k, v in r.headers.items()}
                if r.status_code in REDIRECT_CODES or r.status_code == 304 or r.status_code >= 400:
                    return Response(url=url, status=r.status_code, headers=resp_headers)
                declared = resp_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise FetchError(
                        f"body of {int(declared):,} bytes exceeds the cap of {cap:,} bytes",
                        kind="too_large",
                        url=original,
                    )
                content = self._read_capped(r, cap, original)
                return Response(url=url, status=r.status_code, headers=resp_headers, content=content)
        except FetchError:
            raise
        except BlockedAddressError as exc:
            raise FetchError(str(exc), kind="blocked", url=original) from exc
        except (httpx.TimeoutException, httpcore.TimeoutException) as exc:
            if time.monotonic() >= deadline - 0.05:
                raise FetchError(
                    f"gave up after the overall deadline of {s.deadline:g}s (server too slow)",
                    kind="deadline",
                    url=original,
                ) from exc
            what = "connect" if isinstance(exc, httpx.ConnectTimeout) else "read"
            limit = s.connect_timeout if what == "connect" else s.read_timeout
            raise FetchError(
                f"{what} timeout ({limit:g}s without an answer)", kind="timeout", url=original
            ) from exc
        except httpx.RemoteProtocolError as exc:
            # A kept-alive connection the server had closed meanwhile: once more on a fresh one.
            if retry and time.monotonic() < deadline:
                return self._one_hop(url, headers, cap, deadline, original, retry=False)
            raise FetchError(f"protocol error: {exc}", kind="connect", url=original) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                f"{exc.__class__.__name__}: {exc or 'connection failed'}",
                kind="connect",
                url=original,
            ) from exc

    @staticmethod
    def _read_capped(r: httpx.Response, cap: int, original: str) -> bytes:
        decoder = _Decoder(r.headers.get("content-encoding", "").strip().lower(), original)
        parts: list[bytes] = []
        size = 0
        for raw in r.iter_raw(_CHUNK):
            for chunk in decoder.feed(raw):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"body exceeds the cap of {cap:,} bytes", kind="too_large", url=original)
                parts.append(chunk)
        return b"".join(parts)
