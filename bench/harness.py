"""What every benchmark section shares: results with goals, timers, configs and throwaway databases.

A section returns a :class:`Section`: rows of (metric, value, unit) and, where
the issue sets one, a goal the row passes or fails. The runner prints the rows
as a table and writes them as JSON. Databases are made fresh per section (a
SQLite file in the run's temporary folder, or a PostgreSQL database created on
the local server and dropped afterwards) so no figure depends on an earlier one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import AppConfig

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    metric: str
    value: float | int | str | None
    unit: str = ""
    goal: str | None = None
    passed: bool | None = None  # None: no goal on this row


@dataclass
class Section:
    name: str
    title: str
    rows: list[Row] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def add(
        self,
        metric: str,
        value: float | int | str | None,
        unit: str = "",
        goal: str | None = None,
        passed: bool | None = None,
    ) -> None:
        self.rows.append(Row(metric, value, unit, goal, passed))

    def at_least(self, metric: str, value: float, unit: str, minimum: float) -> None:
        """A row whose goal is ``value >= minimum``."""
        self.add(metric, value, unit, goal=f">= {minimum}", passed=value >= minimum)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Sizes:
    """How much work each section does; ``quick`` shrinks everything for the smoke test."""

    quick: bool
    repeats: int
    peer_pages: int | None  # None: all of them
    detect_repeats: int
    cycle_feeds: tuple[int, ...]
    items_per_feed: int
    backfill_pages: tuple[int, ...]
    store_articles: int

    @classmethod
    def choose(cls, quick: bool) -> Sizes:
        if quick:
            return cls(True, 1, 4, 1, (3,), 2, (6, 12), 12)
        return cls(False, 3, None, 5, (10, 100, 500), 2, (1000, 10000), 1000)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall seconds of ``fn()`` and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


# The shipped HTTP timeouts (the tests' short ones make a loaded machine drop pages),
# and an outbox drained in one cycle so each cycle's figure is that cycle's own work.
BENCH_SETTINGS: dict[str, Any] = {
    "http": {"connect_timeout": 5, "read_timeout": 10, "deadline": 30},
    # Per-event alerts, so the alert counts measure matching, not the catch-up digest.
    "slack": {"max_attempts_per_cycle": 1_000_000, "flood_threshold": None},
    "max_articles_per_cycle": 1_000_000,
}


def bench_config(
    directory: Path, database_url: str, settings: dict[str, Any] | None = None, **kwargs: Any
) -> AppConfig:
    """A config folder like the tests': the repo's watchlist and leaders, dry-run Slack, 127.0.0.1 allowed."""
    from tests.support.configdir import make_config

    merged = {**BENCH_SETTINGS, **(settings or {})}
    return make_config(directory, database_url, settings=merged, **kwargs)


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database migrated to head: ``sqlite`` (a file under ``folder``) or ``postgres``."""
    from pipeline.store import get_engine, upgrade

    if kind == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / 'bench.db'}"
        upgrade(url)
        try:
            yield url
        finally:
            get_engine(url).dispose()
        return
    from tests.support.db import create_pg_database, drop_pg_database

    url = create_pg_database(prefix="lw_bench")
    try:
        upgrade(url)
        yield url
    finally:
        drop_pg_database(url)


def postgres_reason() -> str | None:
    """None when the PostgreSQL server answers, else why the PostgreSQL columns are empty."""
    from tests.support.db import postgres_available

    return postgres_available()


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    returncode: int
    max_rss_mb: float  # ru_maxrss of the child and its waited-for descendants (the largest one)
    tree_rss_mb: float | None  # peak of the summed RSS of the child and its live descendants (sampled)
    stdout: str
    stderr: str


def run_child(argv: list[str], env: dict[str, str] | None = None, timeout: float = 7200) -> ChildRun:
    """Run a command in a child process; its wall time and peak RSS from ``wait4``'s rusage."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"lw-bench-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=REPO)
        deadline = start + timeout
        tree_peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, _tree_rss_mb(proc.pid))
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    # Linux reports ru_maxrss in kilobytes.
    return ChildRun(seconds, proc.returncode, usage.ru_maxrss / 1024, tree_peak or None, stdout, stderr)


def _tree_rss_mb(pid: int) -> float:
    """Summed RSS of a process and its descendants (the extraction worker lives beside its parent)."""
    try:
        import psutil
    except ImportError:  # sampling is a bonus; ru_maxrss is the figure the goal uses
        return 0.0
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


def python() -> str:
    return sys.executable


def child_env(workdir: Path, **extra: str) -> dict[str, str]:
    """Environment for measured child processes: with a bytecode cache, as a deployed image has.

    This machine sets PYTHONDONTWRITEBYTECODE, so every new interpreter would
    compile pipeline, trafilatura and Airflow from source (seconds per process).
    The cache goes to the run's temporary folder, never into the repository.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env.update(extra)
    return env


def warm_bytecode(workdir: Path, modules: tuple[str, ...]) -> None:
    """Import ``modules`` once in a child so later children find their bytecode cached."""
    code = "; ".join(f"import {m}" for m in modules)
    subprocess.run([python(), "-c", code], env=child_env(workdir), cwd=REPO, check=False, capture_output=True)
