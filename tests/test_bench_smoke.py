"""``bench/run.py --quick`` runs every section on tiny sizes and writes JSON with all of them.

The benchmark's goals are checked by the benchmark itself (``make bench``), not
here: this test only makes sure the harness still runs end to end against the
current pipeline, and that every section produced figures instead of an error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SECTIONS = {"throughput", "detection", "cycle", "backfill", "store", "dag_parse"}
# Sections with a goal from the issue (the store comparison has none: it is side by side).
GOAL_SECTIONS = SECTIONS - {"store"}


@pytest.mark.postgres
def test_quick_bench_writes_every_section(tmp_path: Path) -> None:
    from tests.support.db import skip_or_fail_without_postgres

    skip_or_fail_without_postgres()
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["quick"] is True
    sections = report["sections"]
    assert set(sections) == SECTIONS
    for name, section in sections.items():
        assert section["error"] is None, f"{name}: {section['error']}\n{section['data'].get('traceback', '')}"
        assert section["rows"], f"{name} produced no figures"
    # Every goal the issue sets is checked by some row.
    goals = {name: [r for r in s["rows"] if r["passed"] is not None] for name, s in sections.items()}
    assert all(goals[name] for name in GOAL_SECTIONS), {name: len(rows) for name, rows in goals.items()}
    assert report["goals"]["checked"] == sum(len(rows) for rows in goals.values())
    store = sections["store"]["data"]
    assert set(store) == {"sqlite", "postgres"}, "both backends measured side by side"
    cycle = sections["cycle"]["data"]
    for figures in cycle.values():
        assert figures["unchanged"]["page_fetches"] == 0
        assert figures["unchanged"]["feed_requests"] == figures["unchanged"]["not_modified"]
    # The table is printed too.
    assert "PASS" in proc.stdout or "FAIL" in proc.stdout
