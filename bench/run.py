"""``make bench``: measure every stage of leaderwatch against its floor, print a table, write JSON.

    .venv/bin/python bench/run.py [--quick] [--json FILE] [--only SECTION ...]

Sections (each also a key of the JSON): ``throughput`` (pipeline vs trafilatura
on the same real pages), ``detection`` (detection alone vs extraction),
``cycle`` (N feeds on 127.0.0.1: new items, nothing changed, a few new),
``backfill`` (1,000 and 10,000 generated saved pages: time and peak RSS),
``store`` (SQLite and PostgreSQL side by side), ``dag_parse`` (each DAG file).
Goals are checked here (PASS/FAIL column), not by timed unit tests.
``--quick`` makes every size tiny (the smoke test's mode, under a minute).
Generated pages and databases live in a temporary folder removed at the end.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `bench` and `tests.support` importable
    sys.path.insert(0, str(REPO))

from bench.harness import Section, Sizes  # noqa: E402

SECTIONS = ("throughput", "detection", "cycle", "backfill", "store", "dag_parse")
DEFAULT_JSON = REPO / "artifacts" / "bench.json"


def _run_sections(
    names: list[str], sizes: Sizes, workdir: Path, on_section: Callable[[list[Section]], None]
) -> list[Section]:
    from bench.backfill_scale import run_backfills
    from bench.cycle_scale import run_cycles
    from bench.dag_parse import run_dag_parse
    from bench.detection_speed import run_detection
    from bench.store_backends import run_store
    from bench.throughput import run_throughput

    shared: dict[str, Any] = {}

    def throughput() -> Section:
        section, data = run_throughput(sizes, workdir)
        shared.update(data)
        return section

    def detection() -> Section:
        if "floor_rate" not in shared:  # detection compares with the throughput section's floor
            throughput()
        return run_detection(sizes, workdir, shared)

    runners: dict[str, Callable[[], Section]] = {
        "throughput": throughput,
        "detection": detection,
        "cycle": lambda: run_cycles(sizes, workdir),
        "backfill": lambda: run_backfills(sizes, workdir),
        "store": lambda: run_store(sizes, workdir),
        "dag_parse": lambda: run_dag_parse(sizes, workdir),
    }
    results = []
    for name in names:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            section = runners[name]()
        except Exception as exc:  # one broken stage must not hide the figures of the others
            section = Section(name, name, error=f"{exc.__class__.__name__}: {exc}")
            section.data["traceback"] = traceback.format_exc()[-4000:]
        section.seconds = round(time.perf_counter() - start, 1)
        print(f"[bench] {name} done in {section.seconds} s", file=sys.stderr, flush=True)
        results.append(section)
        on_section(results)  # a long run leaves its figures so far on disk
    return results


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "-" if value is None else str(value)


def render(sections: list[Section]) -> str:
    table = [("SECTION", "METRIC", "VALUE", "GOAL", "RESULT")]
    for section in sections:
        if section.error:
            table.append((section.name, "ERROR", section.error[:100], "", "FAIL"))
        for row in section.rows:
            result = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
            value = f"{_fmt(row.value)} {row.unit}".strip()
            table.append((section.name, row.metric, value, row.goal or "", result))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for section in sections:
        lines += [f"note ({section.name}): {note}" for note in section.notes]
    return "\n".join(lines)


def goals(sections: list[Section]) -> dict[str, int]:
    rows = [r for s in sections for r in s.rows if r.passed is not None]
    failed = sum(1 for r in rows if not r.passed) + sum(1 for s in sections if s.error)
    return {"checked": len(rows), "passed": sum(1 for r in rows if r.passed), "failed": failed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"JSON output (default {DEFAULT_JSON})"
    )
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (pages, databases)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

    sizes = Sizes.choose(args.quick)
    workdir = Path(tempfile.mkdtemp(prefix="lw-bench-"))
    started = time.perf_counter()

    def write(sections: list[Section]) -> dict[str, int]:
        summary = goals(sections)
        report = {
            "quick": args.quick,
            "sizes": sizes.__dict__,
            "machine": {"python": platform.python_version(), "platform": platform.platform()},
            "seconds": round(time.perf_counter() - started, 1),
            "goals": summary,
            "sections": {s.name: s.to_json() for s in sections},
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        return summary

    try:
        sections = _run_sections(list(args.only or SECTIONS), sizes, workdir, write)
    finally:
        if args.keep:
            print(f"[bench] kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    summary = write(sections)
    print(render(sections))
    print(f"\ngoals: {summary['passed']}/{summary['checked']} passed; JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
