"""Backfills of generated saved pages: wall time and peak memory of ``leaderwatch backfill``.

For each size the pages are generated into a temporary folder, then
``python -m pipeline backfill --from .. --to .. FOLDER --dry-run`` runs in a
child process (a fresh SQLite store), exactly as an operator would run it. The
child's peak RSS comes from ``wait4`` (``ru_maxrss``: the largest of the child
and its extraction worker); the summed RSS of the process tree is sampled too.
Time per page should stay flat from the smallest size to the largest (linear
time), and so should memory.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench.harness import Section, Sizes, bench_config, child_env, database, python, run_child, warm_bytecode
from bench.pages import PageGenerator

YEARS = (2016, 2024)
RSS_GOAL_MB = 1024
# Per-page time of the largest backfill may exceed the smallest's by this much and still count as linear.
LINEAR_SLACK = 1.5
CHILD_MODULES = (
    "pipeline.cli",
    "pipeline.backfill",
    "pipeline.articles",
    "pipeline.events",
    "pipeline.alerts",
    "pipeline.detect",
    "pipeline.extract",
    "trafilatura",
    "htmldate",
)


def _summary(stdout: str) -> dict[str, int]:
    """The counts ``leaderwatch backfill`` prints (found, processed, digest events)."""
    out: dict[str, int] = {}
    for key, pattern in (
        ("found", r"found: (\d+)"),
        ("new", r"articles: (\d+) new"),
        ("processed", r"processed: (\d+)"),
        ("digest_events", r"digest: (\d+) events"),
        ("events_created", r"events_created (\d+)"),
        ("mentions", r"mentions (\d+)"),
    ):
        match = re.search(pattern, stdout)
        if match:
            out[key] = int(match.group(1))
    return out


def run_backfills(sizes: Sizes, workdir: Path) -> Section:
    section = Section("backfill", "Backfill of generated saved pages (child process, SQLite)")
    per_page: dict[int, float] = {}
    warm_bytecode(workdir, CHILD_MODULES)
    for count in sizes.backfill_pages:
        folder = workdir / f"backfill-{count}"
        pages = folder / "pages"
        with database("sqlite", folder) as db:
            cfg = bench_config(folder, db)
            PageGenerator(cfg, seed=count, year_range=YEARS).write(pages, count)
            argv = [
                python(),
                "-m",
                "pipeline",
                "--config",
                str(cfg.directory),
                "backfill",
                "--from",
                f"{YEARS[0]}-01-01",
                "--to",
                f"{YEARS[1]}-12-31",
                str(pages),
                "--dry-run",
                "--no-progress",
            ]
            run = run_child(argv, env=child_env(workdir))
        shutil.rmtree(pages, ignore_errors=True)
        summary = _summary(run.stdout)
        section.data[str(count)] = {
            "seconds": round(run.seconds, 2),
            "returncode": run.returncode,
            "max_rss_mb": round(run.max_rss_mb, 1),
            "tree_rss_mb": round(run.tree_rss_mb, 1) if run.tree_rss_mb else None,
            **summary,
            "stdout_tail": run.stdout[-1500:],
            "stderr_tail": run.stderr[-1500:],
        }
        per_page[count] = run.seconds / count
        ok = run.returncode == 0 and summary.get("processed") == count
        section.add(f"{count} pages: wall time", round(run.seconds, 1), "s", goal="all processed", passed=ok)
        section.add(f"{count} pages: time per page", round(1000 * per_page[count], 1), "ms")
        section.add(
            f"{count} pages: peak RSS (ru_maxrss)",
            round(run.max_rss_mb, 1),
            "MB",
            goal=f"< {RSS_GOAL_MB} MB" if count == max(sizes.backfill_pages) else None,
            passed=run.max_rss_mb < RSS_GOAL_MB if count == max(sizes.backfill_pages) else None,
        )
        if run.tree_rss_mb:
            section.add(f"{count} pages: peak RSS, process tree summed", round(run.tree_rss_mb, 1), "MB")
    if len(per_page) >= 2:
        small, large = min(per_page), max(per_page)
        growth = per_page[large] / per_page[small]
        section.add(
            f"time per page, {large} vs {small} pages",
            round(growth, 2),
            "x",
            goal=f"<= {LINEAR_SLACK} (linear)",
            passed=growth <= LINEAR_SLACK,
        )
    return section
