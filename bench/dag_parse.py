"""Parse time of each DAG file, as Airflow's DAG processor measures it, in a fresh subprocess.

The processor imports Airflow once and then parses files; what a DAG file
costs is its own module-level work: its imports (``pipeline.*``), config reads
and DAG construction. So each file gets a new interpreter that imports
Airflow's ``DagBag`` first (not timed) and then fills a DagBag from that one
file; the duration is the one Airflow records (``FileLoadStat.duration``).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from bench.harness import REPO, Section, Sizes, child_env, python

GOAL_SECONDS = 0.2

_PROBE = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
out = []
for path in sys.argv[1:]:
    bag = DagBag(dag_folder=path)
    stat = bag.dagbag_stats[0] if bag.dagbag_stats else None
    out.append({
        "file": path,
        "seconds": stat.duration.total_seconds() if stat else None,
        "dags": stat.dag_num if stat else 0,
        "tasks": stat.task_num if stat else 0,
        "import_errors": {k: v.splitlines()[-1] if v else v for k, v in bag.import_errors.items()},
    })
print("RESULT " + json.dumps(out))
"""


def _probe(files: list[Path], airflow_home: str, workdir: Path) -> list[dict[str, object]]:
    env = child_env(
        workdir,
        AIRFLOW_HOME=airflow_home,
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__LOGGING__LOGGING_LEVEL="ERROR",
    )
    proc = subprocess.run(
        [python(), "-c", _PROBE, *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return list(json.loads(line.removeprefix("RESULT ")))
    raise RuntimeError(f"DAG parse probe failed (exit {proc.returncode}): {proc.stderr[-1500:]}")


def run_dag_parse(sizes: Sizes, workdir: Path) -> Section:
    section = Section("dag_parse", "DAG file parse time (fresh subprocess per file)")
    files = sorted((REPO / "dags").glob("*.py"))
    if not files:
        section.error = "no DAG files under dags/"
        return section
    with tempfile.TemporaryDirectory(dir=workdir) as home:
        if sizes.quick:  # one interpreter for all files, no warm-up: Airflow's import takes seconds
            results = _probe(files, home, workdir)
        else:
            # A first parse fills the bytecode cache (the DAG processor of a deployed
            # image has its .pyc files); the measured parses come after it.
            _probe(files, home, workdir)
            results = [r for f in files for r in _probe([f], home, workdir)]
    section.data["files"] = results
    for result in results:
        name = Path(str(result["file"])).name
        seconds = result["seconds"]
        errors = result["import_errors"]
        ok = isinstance(seconds, float) and seconds < GOAL_SECONDS and not errors and result["dags"] == 1
        section.add(
            name,
            round(seconds, 3) if isinstance(seconds, float) else None,
            "s",
            goal=f"< {GOAL_SECONDS} s, 1 DAG, no import error",
            passed=ok,
        )
        if errors:
            section.notes.append(f"{name}: import error: {next(iter(errors.values()))}")
    return section
