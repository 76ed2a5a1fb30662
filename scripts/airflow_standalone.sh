#!/usr/bin/env bash
# `make run`: leaderwatch under `airflow standalone` on its embedded defaults.
#
# Starts the demo feed (127.0.0.1:8765) and Airflow standalone (SQLite metadata
# database in airflow_home/, LocalExecutor, modest parallelism) with the DAGs
# and the Contacts plugin of this checkout; waits for the API server and
# unpauses the monitor DAG, whose first run starts at once and whose alerts go
# to the dry-run file (var/alerts.jsonl) unless a Slack token and channel are
# configured.
# Prints the URL and the login, then runs until Ctrl-C and stops everything it
# started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_BIN="$ROOT/.venv/bin"
# airflow standalone starts its components as `airflow ...` subprocesses: the
# venv's bin must come first on PATH.
export PATH="$VENV_BIN:$PATH"

PORT="${AIRFLOW_PORT:-8080}"
DEMO_PORT=8765   # config/feeds.yaml points the demo feed here

export AIRFLOW_HOME="${AIRFLOW_HOME:-$ROOT/airflow_home}"
export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/dags"
export AIRFLOW__CORE__PLUGINS_FOLDER="$ROOT/plugins"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__EXECUTOR=LocalExecutor
export AIRFLOW__CORE__PARALLELISM="${AIRFLOW_PARALLELISM:-4}"
export AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG="${AIRFLOW_PARALLELISM:-4}"
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
export AIRFLOW__API__PORT="$PORT"
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__BASE_URL="http://127.0.0.1:$PORT"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$AIRFLOW_HOME/passwords.json"
# The DAGs of this checkout change while people work on them: look often.
export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=30
export LEADERWATCH_CONFIG="${LEADERWATCH_CONFIG:-$ROOT/config}"
mkdir -p "$AIRFLOW_HOME" "$ROOT/var"

PIDS=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do
    # each component runs in its own process group (setsid): stop the group
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_busy "$DEMO_PORT"; then
  echo "demo feed: port $DEMO_PORT is already in use (a demo server already running?); using it"
else
  setsid "$VENV_BIN/python" -m pipeline.demo --port "$DEMO_PORT" &
  PIDS+=("$!")
fi
if port_busy "$PORT"; then
  echo "port $PORT is in use: stop what runs there or set AIRFLOW_PORT" >&2
  exit 1
fi

echo "starting airflow standalone (logs: $AIRFLOW_HOME/standalone.log) ..."
setsid airflow standalone >"$AIRFLOW_HOME/standalone.log" 2>&1 &
PIDS+=("$!")
AIRFLOW_PID=$!

for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$PORT/api/v2/monitor/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$AIRFLOW_PID" 2>/dev/null; then
    echo "airflow standalone exited; see $AIRFLOW_HOME/standalone.log" >&2
    tail -n 30 "$AIRFLOW_HOME/standalone.log" >&2
    exit 1
  fi
  sleep 2
done

echo "waiting for the DAG processor to parse leaderwatch_monitor ..."
for _ in $(seq 1 150); do
  # Unpausing is enough: with catchup off the scheduler starts the run of the
  # latest 15-minute tick right away.
  if airflow dags unpause leaderwatch_monitor >/dev/null 2>&1; then break; fi
  sleep 4
done
ALERTS_FILE="$("$VENV_BIN/python" -c 'from pipeline.config import load_settings, resolve_config_dir
print(load_settings(resolve_config_dir()).slack.dry_run_file)')"
PASSWORD="$("$VENV_BIN/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin"])' \
  "$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE")"

cat <<EOF

  leaderwatch is running under Airflow.
  UI:        http://127.0.0.1:$PORT   (login: admin / $PASSWORD)
  Contacts:  http://127.0.0.1:$PORT/leaderwatch/   (also under Browse > Contacts)
  Monitor:   leaderwatch_monitor is unpaused; its first run starts now, then every 15 minutes.
  Alerts:    dry-run unless SLACK_BOT_TOKEN and a channel are set: see $ALERTS_FILE
  Demo feed: http://127.0.0.1:$DEMO_PORT/feeds/demo.xml

  Ctrl-C stops Airflow and the demo feed.
EOF

wait "$AIRFLOW_PID"
