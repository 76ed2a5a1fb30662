"""Profile the pipeline's page processing (``stages.process_articles``) with cProfile.

    .venv/bin/python bench/profile_stage.py [--pages N] [--top 30] [--out artifacts/profile.pstats]

The real pages of the throughput section are served on 127.0.0.1 (by a child
process) and stored as pending articles; one ``process_articles`` call over
them runs under cProfile in this process. Fetching and extraction run a few
pages ahead in page threads, extraction itself in the bounded worker process,
so neither shows up here: the profile of the calling thread is our own work
(dates, fingerprints, the near-duplicate lookup, detection, storage) and its
waits for the page threads. The CPU seconds of this process (page threads
included) and of the worker are printed beside it, and a second figure times
the worker round trip against extraction in this process.
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
from bench.throughput import _cpu_self, _store_pending, _worker_cpu, page_site  # noqa: E402


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

    paths = real_pages()[: args.pages]
    pages = [p.read_bytes() for p in paths]
    with tempfile.TemporaryDirectory(prefix="lw-profile-") as tmp:
        workdir = Path(tmp)
        with page_site(paths, ["warm", "p"]) as base, database("sqlite", workdir) as db:
            cfg = bench_config(workdir, db)
            stages.prepare_store(cfg)
            warm = [f"{base}/warm/{i}.html" for i in range(min(3, len(pages)))]
            stages.process_articles(cfg, _store_pending(db, warm))
            ids = _store_pending(db, [f"{base}/p/{i}.html" for i in range(len(pages))])
            profiler = cProfile.Profile()
            _, worker_before = _worker_cpu()
            cpu_before = _cpu_self()
            start = time.perf_counter()
            profiler.enable()
            stages.process_articles(cfg, ids)
            profiler.disable()
            seconds = time.perf_counter() - start
            cpu_main = _cpu_self() - cpu_before
            cpu_worker = _worker_cpu()[1] - worker_before
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
    print(f"CPU seconds: this process {cpu_main:.2f} (profiled), extraction worker {cpu_worker:.2f}")
    print(
        f"extraction in the worker: {overhead['bounded']:.2f} s; in this process: "
        f"{overhead['in_process']:.2f} s (round trip costs {overhead['bounded'] - overhead['in_process']:+.2f} s)"
    )
    print(f"profile written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
