"""``python -m pipeline.demo.cycle``: serve the demo site and run one cycle over it.

This is the no-Airflow path of ``make run``: the same stages the DAG runs, on the
embedded defaults (SQLite under var/, Slack in dry-run unless a token and a
channel are configured).
"""

from __future__ import annotations

import errno
import sys

from pipeline.config import load_config
from pipeline.cycle import run_cycle
from pipeline.demo.server import DEFAULT_PORT, make_server


def main() -> int:
    cfg = load_config()
    server = None
    try:
        server = make_server(DEFAULT_PORT)
    except OSError as exc:
        # Another `make run` (or Airflow's demo server) already serves the site.
        if exc.errno != errno.EADDRINUSE:
            raise
    if server is not None:
        import threading

        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = run_cycle(cfg)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    print(report.render())
    if not cfg.settings.slack.is_live:
        print(f"(Slack dry-run: alerts were printed above and appended to {cfg.settings.slack.dry_run_file})")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
