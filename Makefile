# leaderwatch: `make run` runs the product on its embedded defaults, `make test` runs the suite.
# Both create .venv from requirements.lock when it is missing or the lock changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
LOCK_HASH := $(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_HASH)

.PHONY: install run cycle test lint bench screenshot clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# the venv's own pip is too old for some wheels' extras; uv installs the lock exactly
	$(PY) -m pip install --quiet --upgrade pip uv
	$(UV) pip sync --python $(PY) requirements.lock
	$(UV) pip install --python $(PY) --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# One monitoring cycle on the embedded defaults (demo feed on 127.0.0.1, SQLite, Slack dry-run).
cycle: install
	$(VENV)/bin/leaderwatch check-config
	$(VENV)/bin/leaderwatch db upgrade
	$(PY) -m pipeline.demo.cycle

# Airflow standalone (SQLite, LocalExecutor) with the DAGs, the Contacts plugin
# and the demo feed; the monitor is unpaused and its first run alerts in dry-run.
run: install
	$(VENV)/bin/leaderwatch check-config
	$(VENV)/bin/leaderwatch db upgrade
	scripts/airflow_standalone.sh

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf var artifacts .pytest_cache

# A headless Chromium screenshot of the Contacts page (artifacts/contacts.png and, inside the
# Airflow UI, artifacts/contacts-in-airflow.png), taken by the end-to-end test under a real
# scheduler (needs chromium and the PostgreSQL server on 127.0.0.1:5432).
screenshot: install
	LEADERWATCH_REQUIRE_SCREENSHOT=1 $(VENV)/bin/pytest -q -p no:cacheprovider tests/airflow/test_e2e_scheduler.py
