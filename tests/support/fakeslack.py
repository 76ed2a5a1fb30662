"""A fake Slack Web API server on 127.0.0.1 for tests, and the ``fake_slack`` pytest fixture.

slack_sdk reaches it through ``WebClient(base_url=fake.base_url)`` (or the
``slack.base_url`` setting), so the real client code runs: JSON and form
bodies, bearer tokens, HTTP status codes, Retry-After, retry handlers.

What it does:

- ``chat.postMessage`` and ``chat.update`` are recorded (:attr:`FakeSlack.calls`
  has every request, failed ones included; :meth:`posts` and :meth:`updates`
  the accepted ones) and applied to :attr:`FakeSlack.messages`, so a test can
  read a message as it looks after edits and the replies of a thread.
- ``conversations.history`` / ``conversations.replies`` return those messages
  (with their metadata), ``auth.test`` answers for the token.
- Configuration errors come from state, as in Slack: a token not in
  ``tokens`` gets ``invalid_auth``, an unknown channel ``channel_not_found``,
  :meth:`archive` -> ``is_archived``, :meth:`remove_bot` -> ``not_in_channel``.
- Scripted failures: :meth:`fail` queues ``ratelimited`` (HTTP 429 with
  Retry-After), ``http_500`` (HTTP 500, HTML body), or any Slack error code,
  for one method or all, a number of times or until :meth:`clear_failures`.
- Slow answers: :meth:`delay` holds the next calls of a method for some
  seconds, before Slack applies them (the message is not in history yet) or
  after (posted, the answer late); :attr:`FakeSlack.delaying` is set while
  such a call is held, so a test can act in the middle of it.

Usage::

    def test_x(fake_slack: FakeSlack) -> None:
        client = WebClient(token=fake_slack.token, base_url=fake_slack.base_url)
        fake_slack.fail("chat.postMessage", "ratelimited", retry_after=1, times=2)
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

DEFAULT_TOKEN = "xoxb-fake-token"
DEFAULT_CHANNELS = {"#leaderwatch": "C0LEADER", "#ops": "C0OPS"}


@dataclass
class Call:
    """One request as the server received it."""

    method: str
    params: dict[str, Any]
    token: str | None
    status: int = 200
    error: str | None = None  # the error answered, None when ok


@dataclass
class Failure:
    method: str | None  # None: any method
    error: str  # "ratelimited", "http_500", or a Slack error code
    retry_after: int = 1
    times: int | None = 1  # None: until cleared


@dataclass
class Delay:
    method: str | None  # None: any method
    seconds: float
    when: str = "before"  # before | after applying the call
    times: int | None = 1  # None: until cleared


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    edits: int = 0

    def as_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "message", "ts": self.ts, "text": self.text, "blocks": self.blocks}
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if self.metadata:
            out["metadata"] = self.metadata
        return out


class FakeSlack:
    """A threaded HTTP server that speaks enough of the Slack Web API for leaderwatch."""

    def __init__(self, token: str = DEFAULT_TOKEN, channels: dict[str, str] | None = None) -> None:
        self.token = token
        self.tokens: set[str] = {token}
        self.channels: dict[str, str] = dict(channels or DEFAULT_CHANNELS)
        self.archived: set[str] = set()
        self.not_member: set[str] = set()
        self.calls: list[Call] = []
        self.messages: dict[str, Message] = {}  # by ts
        self._failures: list[Failure] = []
        self._delays: list[Delay] = []
        self.delaying = threading.Event()
        self._lock = threading.Lock()
        self._last_ts = 0.0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -------------------------------------------------------------- lifecycle

    def start(self) -> FakeSlack:
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-slack", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What to pass as WebClient(base_url=...) or the slack.base_url setting."""
        assert self._server is not None, "FakeSlack is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/"

    # -------------------------------------------------------------- scripting

    def fail(
        self, method: str | None, error: str = "ratelimited", times: int | None = 1, retry_after: int = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (None: any) with ``error``."""
        with self._lock:
            self._failures.append(Failure(method, error, retry_after, times))

    def clear_failures(self) -> None:
        with self._lock:
            self._failures.clear()
            self._delays.clear()

    def delay(self, method: str | None, seconds: float, when: str = "before", times: int | None = 1) -> None:
        """Hold the next ``times`` calls of ``method`` (None: any) ``seconds`` before or after applying them."""
        assert when in ("before", "after")
        with self._lock:
            self._delays.append(Delay(method, seconds, when, times))

    def archive(self, channel: str) -> None:
        self.archived.add(self.channels.get(channel, channel))

    def remove_bot(self, channel: str) -> None:
        self.not_member.add(self.channels.get(channel, channel))

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.messages.clear()
            self._failures.clear()
            self._delays.clear()

    # -------------------------------------------------------------- reading

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Message]:
        """Accepted chat.postMessage calls, in order, as the messages now read (edits applied)."""
        # A call still being answered (held by a delay) has no message yet.
        ok = [
            c for c in self.calls if c.method == "chat.postMessage" and c.error is None and "_ts" in c.params
        ]
        return [self.messages[c.params["_ts"]] for c in ok]

    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.method == "chat.update" and c.error is None]

    def top_level(self) -> list[Message]:
        return [m for m in self.posts() if not m.thread_ts]

    def replies(self, thread_ts: str) -> list[Message]:
        return [m for m in self.posts() if m.thread_ts == thread_ts]

    # -------------------------------------------------------------- serving

    def _next(self, queue: list[Any], method: str) -> Any:
        """The first scripted Failure or Delay of ``queue`` for ``method``, used up once."""
        with self._lock:
            for item in queue:
                if item.method in (None, method):
                    if item.times is not None:
                        item.times -= 1
                        if item.times <= 0:
                            queue.remove(item)
                    return item
        return None

    def _scripted(self, method: str) -> Failure | None:
        return self._next(self._failures, method)

    def _delay(self, method: str) -> Delay | None:
        return self._next(self._delays, method)

    def _hold(self, seconds: float) -> None:
        self.delaying.set()
        try:
            time.sleep(seconds)
        finally:
            self.delaying.clear()

    def _channel(self, params: dict[str, Any]) -> tuple[str | None, str | None]:
        """(channel id, error) for the call's channel argument."""
        name = str(params.get("channel") or "")
        cid = self.channels.get(name) or (name if name in self.channels.values() else None)
        if cid is None:
            return None, "channel_not_found"
        if cid in self.archived:
            return None, "is_archived"
        if cid in self.not_member:
            return None, "not_in_channel"
        return cid, None

    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], Any]:
        """(status, headers, body) for one call; body is a dict (JSON) or a str."""
        call = Call(method=method, params=params, token=token)
        with self._lock:
            self.calls.append(call)
        delay = self._delay(method)
        if delay is not None and delay.when == "before":
            self._hold(delay.seconds)
        status, headers, body = self._answer(method, params, token, call)
        if delay is not None and delay.when == "after":
            self._hold(delay.seconds)
        return status, headers, body

    def _answer(
        self, method: str, params: dict[str, Any], token: str | None, call: Call
    ) -> tuple[int, dict[str, str], Any]:
        failure = self._scripted(method)
        if failure is not None:
            call.error = failure.error
            if failure.error == "ratelimited":
                call.status = 429
                return 429, {"Retry-After": str(failure.retry_after)}, {"ok": False, "error": "ratelimited"}
            if failure.error.startswith("http_"):
                call.status = int(failure.error.removeprefix("http_"))
                return call.status, {}, "<html><body>upstream error</body></html>"
            return 200, {}, {"ok": False, "error": failure.error}
        if token not in self.tokens:
            call.error = "invalid_auth"
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        body = self._dispatch(method, params, call)
        if not body.get("ok"):
            call.error = body.get("error")
        return 200, {}, body

    def _dispatch(self, method: str, params: dict[str, Any], call: Call) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "team": "fake", "user": "leaderwatch", "bot_id": "B0FAKE"}
        if method not in (
            "chat.postMessage",
            "chat.update",
            "conversations.history",
            "conversations.replies",
        ):
            return {"ok": False, "error": "unknown_method"}
        cid, error = self._channel(params)
        if error:
            return {"ok": False, "error": error}
        assert cid is not None
        if method == "chat.postMessage":
            if not params.get("text") and not params.get("blocks"):
                return {"ok": False, "error": "no_text"}
            blocks = params.get("blocks") or []
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            if len(blocks) > 50:
                return {"ok": False, "error": "invalid_blocks"}
            thread_ts = params.get("thread_ts") or None
            if thread_ts and thread_ts not in self.messages:
                return {"ok": False, "error": "thread_not_found"}
            with self._lock:
                # Real-looking ts (seconds.micros, increasing): clients filter history by time.
                self._last_ts = max(time.time(), self._last_ts + 0.000001)
                ts = f"{self._last_ts:.6f}"
                msg = Message(
                    cid, ts, str(params.get("text") or ""), blocks, thread_ts, params.get("metadata")
                )
                self.messages[ts] = msg
            call.params["_ts"] = ts
            return {"ok": True, "channel": cid, "ts": ts, "message": msg.as_api()}
        if method == "chat.update":
            ts = str(params.get("ts") or "")
            found = self.messages.get(ts)
            if found is None or found.channel != cid:
                return {"ok": False, "error": "message_not_found"}
            with self._lock:
                found.text = str(params.get("text") or found.text)
                if params.get("blocks") is not None:
                    blocks = params["blocks"]
                    found.blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
                found.edits += 1
            return {"ok": True, "channel": cid, "ts": ts, "text": found.text}
        oldest = float(params.get("oldest") or 0)
        with self._lock:
            msgs = [m for m in self.messages.values() if m.channel == cid and float(m.ts) >= oldest]
        if method == "conversations.replies":
            root = str(params.get("ts") or "")
            msgs = [m for m in msgs if m.ts == root or m.thread_ts == root]
        else:
            msgs = [m for m in msgs if not m.thread_ts]
            msgs.reverse()  # history is newest first
        keep_meta = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        out = []
        for m in msgs:
            item = m.as_api()
            if not keep_meta:
                item.pop("metadata", None)
            out.append(item)
        return {"ok": True, "messages": out, "has_more": False}


def _make_handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def _params(self) -> dict[str, Any]:
            parts = urlsplit(self.path)
            params: dict[str, Any] = dict(parse_qsl(parts.query))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            ctype = self.headers.get("Content-Type", "")
            if raw and "json" in ctype:
                params.update(json.loads(raw.decode("utf-8")))
            elif raw:
                params.update(parse_qsl(raw.decode("utf-8")))
            return params

        def _serve(self) -> None:
            method = urlsplit(self.path).path.rsplit("/", 1)[-1]
            params = self._params()
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() or params.pop("token", None)
            status, headers, body = fake.handle(method, params, token)
            data = (json.dumps(body) if isinstance(body, dict) else body).encode("utf-8")
            self.send_response(status)
            ctype = "application/json; charset=utf-8" if isinstance(body, dict) else "text/html"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve
        do_POST = _serve

    return Handler


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A started FakeSlack (token ``fake_slack.token``, channels ``#leaderwatch`` and ``#ops``)."""
    with FakeSlack() as fake:
        yield fake
