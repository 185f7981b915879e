# ZoneInvest: `make demo` serves the founding case on http://127.0.0.1:8000, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The first of python3.13, python3.12, python3 that really runs and is >= 3.12.
PYTHON ?= $(shell for c in python3.13 python3.12 python3; do \
	  if $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
	    command -v $$c; break; fi; done)

.PHONY: help venv demo test test-fast lint bench messages clean

help:
	@echo "make demo   - set up, load the Liangjiang founding case, serve http://127.0.0.1:8000"
	@echo "make test   - set up and run every test"
	@echo "make lint   - ruff, mypy, bandit, migrations check and lint, deploy check"
	@echo "make bench  - benchmarks (results: docs/BENCHMARKS.md)"

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
	  echo "ZoneInvest needs Python 3.12 or newer: none of python3.13, python3.12, python3 is >= 3.12."; \
	  echo "Install Python 3.12 (e.g. 'apt install python3.12' or 'pyenv install 3.12') and run make again."; \
	  exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.9.5 || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

messages: venv
	cd src/zoneinvest && DEBUG=true ../../$(PY) -m zoneinvest makemessages -l zh_Hans --no-obsolete --add-location file
	DEBUG=true $(PY) -m zoneinvest compilemessages --ignore '.venv'

demo: venv
	DEBUG=true SECURE_COOKIES=false $(VENV)/bin/zoneinvest demo --port $${PORT:-8000}

test: venv
	@if command -v msgfmt >/dev/null; then DEBUG=true $(PY) -m zoneinvest compilemessages --ignore '.venv' >/dev/null; fi
	FAST_PASSWORD_HASHER=true $(PY) -m pytest -n $${TEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	DEBUG=true $(VENV)/bin/mypy src
	$(VENV)/bin/bandit -c bandit.yaml -r src --severity-level medium --quiet
	DEBUG=true $(PY) -m zoneinvest makemigrations --check --dry-run
	@# django-migration-linter's lintmigrations (its app is not in INSTALLED_APPS), reading
	@# .django_migration_linter.cfg, on PostgreSQL's SQL (SQLite rebuilds tables: every change
	@# would look like one). Without a server it is skipped, except in CI.
	@db=$${MIGRATION_LINT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}; \
	if [ -z "$$CI" ] && ! pg_isready -q -d "$$db" >/dev/null 2>&1; then \
	  echo "lintmigrations skipped: no PostgreSQL at $$db (set MIGRATION_LINT_DATABASE_URL)"; \
	else set -x; DATABASE_URL="$$db" DEBUG=true DJANGO_SETTINGS_MODULE=zoneinvest.settings \
	  $(PY) -c 'import django; django.setup(); \
	  from django_migration_linter.management.commands.lintmigrations import Command; \
	  Command().run_from_argv(["zoneinvest", "lintmigrations", "--quiet", "ok", "ignore"])'; fi
	SECRET_KEY=lint-$$(head -c 64 /dev/urandom | base64 | tr -dc a-zA-Z0-9) ALLOWED_HOSTS=zone.example \
	  $(PY) -m zoneinvest check --deploy --fail-level WARNING

# Every benchmark in one run (14–26 min: 14 on a quick hour, 26 on a slow one; the databases are copied from
# one migrated template and the static files collected once): the side-by-side comparison with
# raw SQL and BottleCRM at 10,000 and 1,000,000 projects, a request taken apart, the cached
# portal under load, then the pipeline pages, portal pages, imports, matching, search and counts
# (SQLite and PostgreSQL, fresh databases). Each script stops what it started; the whole run is
# cut at 30 minutes. Results: bench/results/, docs/BENCHMARKS.md.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
bench: venv
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  echo "wrk is not installed: the portal load test falls back to its Python client"
	timeout --signal=INT --kill-after=60 1800 bash bench/all.sh "$(PY)" "$(BENCH_PG)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
