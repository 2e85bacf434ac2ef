# JPT Desk: developer and CI entry points (GNU make).
# `make` alone lists the targets. Everything runs unattended (CI runs
# `bash .ci/run`, i.e. `make test`, as root with no terminal).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
PYTEST_ARGS ?=

VENV := .venv
VPY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
STAMP_RUN := $(VENV)/.stamp-run
STAMP_DEV := $(VENV)/.stamp-dev

# Interpreter used to create the virtualenv: python3.11 if present, else
# python3; it must be 3.11 or newer. Override with `make PYTHON=python3.12 ...`.
PYTHON ?= $(shell for p in python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && \
	   $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)

# pip must never prompt nor nag.
export PIP_NO_INPUT := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
PIP := $(VPY) -m pip

# Environment of the test-side targets (PostgreSQL + Redis); a value already
# in the user's environment wins. `make run` does not get these: it uses the
# default settings (jpt.settings.local: SQLite, eager Celery, console e-mail).
TEST_SIDE := test migrations-check bench
$(TEST_SIDE): export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jpt
$(TEST_SIDE): export CELERY_TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
$(TEST_SIDE): export JPT_REQUIRE_POSTGRES ?= 1
$(TEST_SIDE): export DJANGO_ALLOW_ASYNC_UNSAFE ?= true

.PHONY: help venv run test lint format migrations-check bench clean

help: ## Show this list of targets
	@echo "JPT Desk - make targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: PORT (run, default 8000), PYTEST_ARGS (test), PYTHON (venv creation);"
	@echo "  test/bench honour DATABASE_URL, CELERY_TEST_BROKER_URL, PGHOST, PGPORT, REDIS_PORT."

# ---------------------------------------------------------------- virtualenv

$(VPY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.11 or newer is required (python3.11 or python3 on PATH), or pass PYTHON=/path/to/python3.x" >&2; \
		exit 1; \
	fi
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version 2>&1))"
	$(PYTHON) -m venv $(VENV) || { \
		echo "Could not create $(VENV); on Debian/Ubuntu: apt-get install python3-venv" >&2; \
		rm -rf $(VENV); exit 1; }
	$(PIP) install --upgrade pip
	@touch $@

$(STAMP_RUN): requirements.txt | $(VPY)
	$(PIP) install -r requirements.txt
	@touch $@

# requirements-dev.txt includes requirements.txt, so this satisfies both.
$(STAMP_DEV): requirements.txt requirements-dev.txt | $(VPY)
	$(PIP) install -r requirements-dev.txt
	@touch $(STAMP_RUN) $@

venv: $(STAMP_DEV) ## Create .venv (Python 3.11+) with runtime and dev requirements

# --------------------------------------------------------------------- run

run: $(STAMP_RUN) ## Migrate, load places and demo data, serve on 127.0.0.1:PORT (SQLite)
	$(VPY) manage.py migrate --noinput
	$(VPY) manage.py load_places
	$(VPY) manage.py load_demo
	@echo "JPT Desk is served on http://127.0.0.1:$(PORT)/"
	$(VPY) manage.py runserver 127.0.0.1:$(PORT)

# -------------------------------------------------------------------- test

test: ## Full check as CI does it: system packages, services, lint, migrations, pytest
	bash scripts/ensure_system_packages.sh
	@$(MAKE) --no-print-directory $(STAMP_DEV)
	bash scripts/ensure_services.sh
	$(RUFF) check .
	$(RUFF) format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=jpt.settings.test $(VPY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest --create-db $(PYTEST_ARGS)
	@echo "Again on SQLite (the database of make run), the tests marked sqlite:"
	DATABASE_URL=sqlite:///$(CURDIR)/var/sqlite-tests.db JPT_REQUIRE_POSTGRES=0 \
		$(VENV)/bin/pytest -m sqlite -q $(PYTEST_ARGS)

lint: $(STAMP_DEV) ## ruff check + ruff format --check + the import-linter layers (.importlinter)
	$(RUFF) check .
	$(RUFF) format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP_DEV) ## Reformat the code (ruff format) and apply ruff's safe fixes
	$(RUFF) format .
	$(RUFF) check --fix .

migrations-check: $(STAMP_DEV) ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=jpt.settings.test $(VPY) manage.py makemigrations --check --dry-run

bench: $(STAMP_DEV) ## Scale benchmark: every page at 10 and 5,000 missions, floor, load (README)
	bash scripts/ensure_system_packages.sh
	bash scripts/ensure_services.sh
	DJANGO_SETTINGS_MODULE=jpt.settings.test $(VPY) manage.py bench $(BENCH_ARGS)

clean: ## Remove .venv, db.sqlite3, var/, staticfiles/ and tool caches
	rm -rf $(VENV) db.sqlite3 var/ staticfiles/ .pytest_cache .ruff_cache
