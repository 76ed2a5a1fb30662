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

Wall time is the goal's measure; CPU time (this process and the extraction
worker, less the worker's start) is shown beside it, as it does not move with
the load other work puts on the machine.

Detection alone runs ``Detector.detect`` over the texts the floor extracted.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness import Section, Sizes, bench_config, database
from bench.pages import PageGenerator, real_pages
from tests.support.webserver import CorpusServer

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


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _start_worker() -> None:
    """Start (or restart) the extraction worker, so no round pays for its start."""
    from pipeline.extract import extract_bounded, shutdown_worker

    shutdown_worker()
    extract_bounded(b"<html><body><article><p>warm-up</p></article></body></html>")


def _worker_start_cpu() -> float:
    """CPU seconds a worker spends starting (its imports): taken out of the pipeline's CPU figure."""
    from pipeline.extract import shutdown_worker

    shutdown_worker()
    before = _cpu(resource.RUSAGE_CHILDREN)
    _start_worker()
    shutdown_worker()  # reaped: its CPU now counts in RUSAGE_CHILDREN
    return _cpu(resource.RUSAGE_CHILDREN) - before


def _store_pending(db: str, urls: list[str]) -> list[int]:
    from pipeline.store import Article, session_scope

    with session_scope(db) as session:
        rows = [Article(url=url, state="pending", attempts=0) for url in urls]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


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
    with CorpusServer() as server, database("sqlite", workdir / "throughput") as db:
        cfg = bench_config(workdir / "throughput", db)
        stages.prepare_store(cfg)
        # Warm both sides: trafilatura's first call loads its models and caches,
        # the pipeline starts its extraction worker and builds the detector.
        warm = pages[: min(3, len(pages))]
        _floor_meta(warm)
        warm_urls = [server.put(f"/warm/{i}.html", body) for i, body in enumerate(warm)]
        stages.process_articles(cfg, _store_pending(db, warm_urls))
        start_cpu = _worker_start_cpu()
        section.data["worker_start_cpu_seconds"] = start_cpu
        try:
            for round_no in range(sizes.repeats):
                figures: dict[str, float] = {}
                start, cpu = time.perf_counter(), time.process_time()
                extracted = _floor_meta(pages)
                figures["floor"] = time.perf_counter() - start
                figures["floor_cpu"] = time.process_time() - cpu
                start = time.perf_counter()
                _floor_text(pages)
                figures["floor_text"] = time.perf_counter() - start
                urls = [server.put(f"/r{round_no}/{i}.html", body) for i, body in enumerate(pages)]
                ids = _store_pending(db, urls)
                _start_worker()
                cpu_self, cpu_children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = stages.process_articles(cfg, ids)
                figures["pipeline"] = time.perf_counter() - start
                shutdown_worker()  # reaped, so the worker's CPU shows in RUSAGE_CHILDREN
                # Both processes: this one (which also runs the test server's threads)
                # and the extraction worker, less the worker's start-up.
                figures["pipeline_cpu"] = (
                    _cpu(resource.RUSAGE_SELF)
                    - cpu_self
                    + _cpu(resource.RUSAGE_CHILDREN)
                    - cpu_children
                    - start_cpu
                )
                figures["pipeline_done"] = len(done)
                rounds.append(figures)
                for key in ("floor", "floor_cpu", "floor_text", "pipeline", "pipeline_cpu"):
                    best[key] = min(best.get(key, float("inf")), figures[key])
        finally:
            shutdown_worker()
    n = len(pages)
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


def run_detection(sizes: Sizes, workdir: Path, shared: dict[str, Any]) -> Section:
    """Detector.detect alone, one core, on the floor's texts; and on generated news pages."""
    from pipeline.detect import Detector

    section = Section("detection", "Detection alone (one core) vs extraction")
    cfg = bench_config(workdir / "detection", "sqlite:///:memory:")
    detector = Detector.from_config(cfg)
    texts = [e for e in shared["extracted"] if e is not None]

    def best_rate(items: list[Extracted]) -> tuple[float, float, int]:
        best_wall = best_cpu = float("inf")
        found = 0
        for _ in range(sizes.detect_repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            found = sum(len(detector.detect(e.text, e.published, title=e.title)) for e in items)
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        return len(items) / best_wall, len(items) / max(best_cpu, 1e-9), found

    detector.detect("Warm-up: nobody met anyone.", None)
    rate, cpu_rate, contacts = best_rate(texts)
    # Both sides run in this one process on one core, so CPU time compares them
    # without the noise of other work on the machine; wall time is shown too.
    ratio = cpu_rate / shared["floor_cpu_rate"]
    section.add("texts (same pages as throughput)", len(texts), "articles")
    section.add("detection rate (wall)", round(rate, 1), "articles/s")
    section.add("detection rate (CPU time)", round(cpu_rate, 1), "articles/s")
    section.add("extraction floor rate (CPU time)", round(shared["floor_cpu_rate"], 1), "pages/s")
    section.add("contacts found per round", contacts)
    section.add("detection / extraction (wall)", round(rate / shared["floor_rate"], 1), "x")
    section.at_least("detection / extraction (CPU)", round(ratio, 1), "x", DETECTION_GOAL)

    # News pages are where the costly rules run: every page names candidates and leaders.
    import trafilatura

    generator = PageGenerator(cfg, seed=11)
    news: list[Extracted] = []
    for page in generator.pages(40 if sizes.quick else 300):
        text = trafilatura.extract(page.html)
        if text:
            news.append(Extracted(text, page.title, page.published))
    _, news_cpu_rate, news_contacts = best_rate(news)
    section.add("detection rate, generated news pages (CPU)", round(news_cpu_rate, 1), "articles/s")
    section.add("news detection / extraction (CPU)", round(news_cpu_rate / shared["floor_cpu_rate"], 1), "x")
    section.data.update(
        {
            "news_pages": len(news),
            "news_contacts_per_round": news_contacts,
            "floor_rate": shared["floor_rate"],
        }
    )
    return section
