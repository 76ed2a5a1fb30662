"""Profile the pipeline's page processing (``stages.process_articles``) with cProfile.

    .venv/bin/python bench/profile_stage.py [--pages N] [--top 30] [--out artifacts/profile.pstats]

The real pages of the throughput section are served on 127.0.0.1 and stored
as pending articles; one ``process_articles`` call over them runs under
cProfile in this process. Extraction runs in the bounded worker process, so
trafilatura's own work shows up here only as the wait for the worker
(``pool.get``); what remains is ours: fetching, the worker round trip, dates,
fingerprints, the near-duplicate lookup, detection and storage. A second
figure times the worker round trip against extraction in this process.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.harness import bench_config, database  # noqa: E402
from bench.pages import real_pages  # noqa: E402
from bench.throughput import _store_pending  # noqa: E402
from tests.support.webserver import CorpusServer  # noqa: E402


def worker_overhead(pages: list[bytes]) -> dict[str, float]:
    """Wall seconds to extract every page in the bounded worker, and in this process."""
    from pipeline.extract import extract_bounded, extract_html

    extract_bounded(pages[0])
    extract_html(pages[0])
    start = time.perf_counter()
    for page in pages:
        extract_bounded(page)
    bounded = time.perf_counter() - start
    start = time.perf_counter()
    for page in pages:
        extract_html(page)
    return {"bounded": bounded, "in_process": time.perf_counter() - start}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="profile only the first N pages")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--out", type=Path, default=REPO / "artifacts" / "profile.pstats")
    args = parser.parse_args(argv)

    from pipeline import stages
    from pipeline.extract import shutdown_worker

    pages = [p.read_bytes() for p in real_pages()][: args.pages]
    with tempfile.TemporaryDirectory(prefix="lw-profile-") as tmp:
        workdir = Path(tmp)
        with CorpusServer() as server, database("sqlite", workdir) as db:
            cfg = bench_config(workdir, db)
            stages.prepare_store(cfg)
            warm = [server.put(f"/warm/{i}.html", body) for i, body in enumerate(pages[:3])]
            stages.process_articles(cfg, _store_pending(db, warm))
            ids = _store_pending(db, [server.put(f"/p/{i}.html", body) for i, body in enumerate(pages)])
            profiler = cProfile.Profile()
            start = time.perf_counter()
            profiler.enable()
            stages.process_articles(cfg, ids)
            profiler.disable()
            seconds = time.perf_counter() - start
            overhead = worker_overhead(pages)
            shutdown_worker()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(args.out)
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
        print(f"===== by {order}\n{out.getvalue()}")
    n = len(pages)
    print(f"process_articles: {n} pages in {seconds:.2f} s ({n / seconds:.2f} pages/s), profiled")
    print(
        f"extraction in the worker: {overhead['bounded']:.2f} s; in this process: "
        f"{overhead['in_process']:.2f} s (round trip costs {overhead['bounded'] - overhead['in_process']:+.2f} s)"
    )
    print(f"profile written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
