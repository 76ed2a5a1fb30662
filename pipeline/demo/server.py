"""A tiny static HTTP server for the demo site (127.0.0.1 only).

Uses the standard library's ThreadingHTTPServer: the demo needs nothing more,
and it must start with no extra dependency on a fresh machine.
"""

from __future__ import annotations

import argparse
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).parent / "site"
DEFAULT_PORT = 8765


class _DemoHandler(SimpleHTTPRequestHandler):
    """Static files; feeds get ``{BASE}`` replaced by the server's own address, so the
    demo works on any port."""

    def do_GET(self) -> None:
        if self.path.split("?")[0].endswith(".xml"):
            path = Path(self.translate_path(self.path))
            if path.is_file():
                host, port = self.server.server_address[:2]
                body = path.read_bytes().replace(b"{BASE}", f"http://{host}:{port}".encode())
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(port: int = DEFAULT_PORT, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = functools.partial(_DemoHandler, directory=str(SITE))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start the demo site in a background thread; return the server and its base URL."""
    server = make_server(port)
    threading.Thread(target=server.serve_forever, name="demo-site", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="serve the leaderwatch demo feed on 127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    server = make_server(args.port)
    print(f"demo feed: http://127.0.0.1:{args.port}/feeds/demo.xml", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
