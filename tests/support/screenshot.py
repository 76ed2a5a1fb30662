"""Headless Chromium screenshots of pages that need a login cookie (Chrome DevTools Protocol).

``chromium --screenshot`` cannot send a cookie, so this starts Chromium with a
DevTools port, sets the Airflow session cookie (``_token``) through
``Network.setCookie``, loads the page and saves ``Page.captureScreenshot``.
Only 127.0.0.1 is involved. Used by the end-to-end test and ``make screenshot``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _chromium(binary: str) -> Iterator[str]:
    """A headless Chromium; yields the websocket URL of its first page target."""
    port = free_port()
    profile = tempfile.mkdtemp(prefix="lw-chromium-")
    proc = subprocess.Popen(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1",
            f"--remote-debugging-port={port}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as resp:
                    targets = json.load(resp)
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    yield str(pages[0]["webSocketDebuggerUrl"])
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"Chromium did not open its DevTools port {port}")
            time.sleep(0.3)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


class _Session:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0

    def call(self, method: str, timeout: float = 60, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        ident = self.next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result") or {})

    def wait_event(self, name: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("method") == name:
                return


def screenshot(
    url: str,
    out: Path,
    cookies: dict[str, str] | None = None,
    width: int = 1400,
    height: int = 1600,
    settle: float = 0.0,
) -> Path:
    """Save a PNG of ``url`` (with ``cookies`` set for its host) to ``out``."""
    from websockets.sync.client import connect

    binary = find_chromium()
    if binary is None:
        raise RuntimeError("no Chromium found (apt-get install -y chromium)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with _chromium(binary) as ws_url, connect(ws_url, max_size=64 * 1024 * 1024, open_timeout=30) as ws:
        cdp = _Session(ws)
        cdp.call("Page.enable")
        cdp.call("Network.enable")
        cdp.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        for name, value in (cookies or {}).items():
            cdp.call("Network.setCookie", name=name, value=value, url=url, httpOnly=True)
        cdp.call("Page.navigate", url=url)
        cdp.wait_event("Page.loadEventFired", timeout=90)
        if settle:
            time.sleep(settle)  # a single-page app keeps rendering after the load event
        data = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
    out.write_bytes(base64.b64decode(data))
    return out
