"""Throughput on real pages: the pipeline (fetch, extract, detect, store) against trafilatura alone,
and detection alone against extraction.

The same pages go through three passes per round, interleaved so that load
from other processes on the machine hits all of them alike; each figure is
the best round:

- ``floor``: the one trafilatura call the pipeline makes per page (text and the
  metadata it needs: title, date), with the options ``pipeline.extract`` uses,
  and nothing around it;
- ``floor (text only)``: ``trafilatura.extract(html)``, for reference;
- ``pipeline``: the pages served on 127.0.0.1 and stored as pending articles,
  then ``stages.process_articles``: page fetch, extraction in the bounded
  worker, date choice, fingerprint, near-duplicate lookup, detection, storage.

Both sides start each round from the same state: a process that has
extracted every page once (its imports and compiled patterns warm), whose
trafilatura caches were then reset and hold only the warm-up pages, so
neither side pays a process's warm-up in a round or is helped by caches
holding the round's pages. Extraction is serial on both sides (one
worker process extracts one page at a time); the pipeline's own work overlaps
with it in the calling process.

Wall time is the goal's measure. CPU time is shown beside it, as it does not
move with the load other work puts on the machine: this process (fetch client,
dates, fingerprints, detection, storage) plus the extraction worker, read in
the worker itself. The pages are served from a separate process, whose CPU is
the publisher's, not the pipeline's.

Detection alone runs ``Detector.detect`` over the texts the floor extracted.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench.harness import Section, Sizes, bench_config, database
from bench.pages import real_pages

PIPELINE_GOAL = 0.8
# The trafilatura call of pipeline.extract.extract_html, as it stands: the floor is
# what the pipeline cannot do without, so the ratio is the cost of everything else.
FLOOR_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_formatting": False,
    "include_images": False,
    "include_links": False,
    "fast": False,
    "date_extraction_params": {"original_date": True, "extensive_search": False},
}
DETECTION_GOAL = 10.0
WARM_PAGES = 3


@dataclass
class Extracted:
    text: str
    title: str | None
    published: dt.date | None


def _floor_meta(pages: list[bytes]) -> list[Extracted | None]:
    import trafilatura

    out: list[Extracted | None] = []
    for page in pages:
        doc = trafilatura.bare_extraction(page, **FLOOR_OPTIONS)
        if doc is None or not doc.text:
            out.append(None)
            continue
        published = dt.date.fromisoformat(doc.date[:10]) if doc.date else None
        out.append(Extracted(doc.text, doc.title, published))
    return out


def _floor_text(pages: list[bytes]) -> int:
    import trafilatura

    return sum(1 for page in pages if trafilatura.extract(page))


def _reset_floor(warm: list[bytes]) -> None:
    """trafilatura's caches as a fresh process has them after the warm-up pages."""
    from trafilatura.meta import reset_caches

    # htmldate logs an error for each function of its list that has no cache in
    # this version; nothing is wrong, the others are cleared.
    quiet = logging.getLogger("htmldate.meta")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        reset_caches()
    finally:
        quiet.setLevel(level)
    _floor_meta(warm)


def _start_worker(pages: list[bytes], warm: list[bytes]) -> None:
    """A fresh extraction worker in the state the floor's process is in before its pass.

    It extracts every page once (the process's own warm-up: lazy imports, the
    regular expressions compiled on first use), then resets trafilatura's
    caches and re-warms them on the warm-up pages, as the floor does.
    """
    from pipeline.extract import extract_bounded, run_in_worker, shutdown_worker

    shutdown_worker()
    for page in pages:
        extract_bounded(page, timeout=120)
    run_in_worker(_reset_floor, warm, timeout=120)


def _worker_cpu() -> tuple[int, float]:
    """(pid, CPU seconds so far) of the extraction worker, read in the worker."""
    from pipeline.extract import run_in_worker

    pid, cpu = run_in_worker(_pid_and_cpu, timeout=60)
    return pid, cpu


def _pid_and_cpu() -> tuple[int, float]:
    return os.getpid(), time.process_time()


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _serve_pages(paths: list[str], prefixes: list[str], conn: Connection) -> None:
    """Child process: serve page ``i`` of ``paths`` at ``/<prefix>/<i>.html`` until told to stop."""
    from tests.support.webserver import CorpusServer

    bodies = [Path(p).read_bytes() for p in paths]
    with CorpusServer() as server:
        for prefix in prefixes:
            for i, body in enumerate(bodies):
                server.put(f"/{prefix}/{i}.html", body)
        conn.send(server.base)
        conn.recv()


@contextmanager
def page_site(paths: list[Path], prefixes: list[str]) -> Iterator[str]:
    """The pages served on 127.0.0.1 by a child process (the publisher's CPU stays out of ours); its base URL."""
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=_serve_pages, args=([str(p) for p in paths], prefixes, theirs), daemon=True)
    child.start()
    try:
        if not ours.poll(120):
            raise RuntimeError("the page server did not start")
        yield str(ours.recv())
    finally:
        ours.send("stop")
        child.join(10)
        if child.is_alive():
            child.kill()
            child.join()


def _store_pending(db: str, urls: list[str]) -> list[int]:
    from pipeline.store import Article, session_scope

    with session_scope(db) as session:
        rows = [Article(url=url, state="pending", attempts=0) for url in urls]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def _pipeline_round(
    cfg: Any, db: str, urls: list[str], pages: list[bytes], warm: list[bytes]
) -> dict[str, float]:
    """One ``process_articles`` over ``urls``: wall seconds, CPU seconds of this process and of the worker."""
    from pipeline import stages
    from pipeline.extract import shutdown_worker

    ids = _store_pending(db, urls)
    _start_worker(pages, warm)
    pid, worker_before = _worker_cpu()
    cpu_before = _cpu_self()
    start = time.perf_counter()
    done = stages.process_articles(cfg, ids)
    wall = time.perf_counter() - start
    cpu_self = _cpu_self() - cpu_before
    pid_after, worker_after = _worker_cpu()
    shutdown_worker()
    if pid_after != pid:  # the worker was restarted (a timeout): its CPU before that is lost
        raise RuntimeError("the extraction worker restarted during a round; its CPU cannot be counted")
    return {
        "pipeline": wall,
        "pipeline_cpu": cpu_self + worker_after - worker_before,
        "pipeline_cpu_main": cpu_self,
        "pipeline_cpu_worker": worker_after - worker_before,
        "pipeline_done": len(done),
    }


def measure_pipeline_and_floor(sizes: Sizes, workdir: Path, section: Section) -> dict[str, Any]:
    """Run the interleaved rounds; fill ``section`` with the throughput rows; return what detection needs."""
    from pipeline import stages
    from pipeline.extract import shutdown_worker

    paths = real_pages()
    peer = [p for p in paths if "peer" in p.parts]
    local = [p for p in paths if "peer" not in p.parts]
    if sizes.peer_pages is not None:
        peer = peer[: sizes.peer_pages]
    paths = local + peer
    pages = [p.read_bytes() for p in paths]
    total_mb = sum(len(p) for p in pages) / 1e6
    section.data["pages"] = {"count": len(pages), "megabytes": round(total_mb, 2), "peer_pages": len(peer)}

    best: dict[str, float] = {}
    rounds: list[dict[str, float]] = []
    extracted: list[Extracted | None] = []
    n = len(pages)
    warm = pages[: min(WARM_PAGES, n)]
    prefixes = ["warm"] + [f"r{i}" for i in range(sizes.repeats)]
    with page_site(paths, prefixes) as base, database("sqlite", workdir / "throughput") as db:
        cfg = bench_config(workdir / "throughput", db)
        stages.prepare_store(cfg)
        # Warm both sides: trafilatura's first calls load its models, import what
        # it imports lazily and compile its patterns; the pipeline builds the
        # detector and opens its database. Each round then resets trafilatura's
        # caches on both sides (see _reset_floor and _start_worker).
        _floor_meta(pages)
        stages.process_articles(cfg, _store_pending(db, [f"{base}/warm/{i}.html" for i in range(len(warm))]))
        try:
            for round_no in range(sizes.repeats):
                _reset_floor(warm)
                start, cpu = time.perf_counter(), time.process_time()
                extracted = _floor_meta(pages)
                figures: dict[str, float] = {
                    "floor": time.perf_counter() - start,
                    "floor_cpu": time.process_time() - cpu,
                }
                start = time.perf_counter()
                _floor_text(pages)
                figures["floor_text"] = time.perf_counter() - start
                urls = [f"{base}/r{round_no}/{i}.html" for i in range(n)]
                figures.update(_pipeline_round(cfg, db, urls, pages, warm))
                rounds.append(figures)
                for key in ("floor", "floor_cpu", "floor_text", "pipeline", "pipeline_cpu"):
                    best[key] = min(best.get(key, float("inf")), figures[key])
        finally:
            shutdown_worker()
    floor_rate = n / best["floor"]
    pipeline_rate = n / best["pipeline"]
    ratio = pipeline_rate / floor_rate
    section.add("pages per round", n, f"pages ({total_mb:.1f} MB), {sizes.repeats} round(s)")
    section.add("trafilatura as the pipeline calls it (floor)", round(floor_rate, 2), "pages/s")
    section.add("trafilatura.extract() defaults, text only", round(n / best["floor_text"], 2), "pages/s")
    section.add("pipeline fetch+extract+detect+store", round(pipeline_rate, 2), "pages/s")
    section.at_least("pipeline / floor", round(ratio, 3), "x", PIPELINE_GOAL)
    section.add("pipeline / text-only floor", round(pipeline_rate / (n / best["floor_text"]), 3), "x")
    # CPU seconds do not depend on what else the machine runs: the cost of
    # everything around trafilatura, whether or not it overlaps with it.
    section.add("pipeline CPU per page", round(1000 * best["pipeline_cpu"] / n, 1), "ms")
    section.add("floor CPU per page", round(1000 * best["floor_cpu"] / n, 1), "ms")
    section.add("pipeline / floor (CPU time)", round(best["floor_cpu"] / best["pipeline_cpu"], 3), "x")
    section.data["rounds"] = rounds
    section.data["best_seconds"] = best
    return {
        "extracted": extracted,
        "floor_rate": floor_rate,
        "floor_cpu_rate": n / best["floor_cpu"],
        "pages": n,
    }


def run_throughput(sizes: Sizes, workdir: Path) -> tuple[Section, dict[str, Any]]:
    section = Section("throughput", "Pipeline vs trafilatura on the same real pages")
    shared = measure_pipeline_and_floor(sizes, workdir, section)
    return section, shared
