# Diseasemaps. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# What a local demo needs; production sets these in its own environment instead.
DEMO_ENV := DEBUG=1
# The task worker (emails) that `make run` starts beside the server and stops with it: the database
# queue's, or with REDIS_URL set, RQ's on that Redis.
TASK_WORKER = $(if $(REDIS_URL),rqworker --job-class django_tasks_rq.Job --with-scheduler default,db_worker --no-reload)
# Browser tests use Debian's Chromium; set REQUIRE_BROWSER=1 to fail instead of skip without it.
CHROMIUM := /usr/bin/chromium
# Test processes: one per core, 8 at most (pytest-xdist); TEST_WORKERS=0 runs the suite in this process.
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

.PHONY: install
install: $(VENV)/.runtime ## Create .venv and install the runtime requirements

.PHONY: run
run: $(VENV)/.runtime messages ## Install, migrate, load places, demo data and the disease catalogue, collect static files, serve on http://127.0.0.1:8000 with the task worker
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_places
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo --members 300
	$(DEMO_ENV) $(BIN)/python manage.py import_catalog
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Diseasemaps is at http://$(HOST):$(PORT)/  (Ctrl-C stops it and its task worker)"
	@echo "Curators sign in at http://$(HOST):$(PORT)/admin/ as curator@example.org / diseasemaps-demo"
	$(DEMO_ENV) $(BIN)/python manage.py $(TASK_WORKER) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

.PHONY: chromium
chromium: ## Install Debian's Chromium and redis-server for the tests, if missing (needs root)
	@missing=""; [ -x $(CHROMIUM) ] || missing="chromium"; command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "Missing for the tests: install Debian's $$missing (Chromium for the browser tests, redis-server for the Redis outage test)."; fi; \
	fi

.PHONY: gettext
gettext: ## Install Debian's gettext (msgfmt, xgettext) for the translations, if missing (needs root)
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext; \
	  else echo "Missing: Debian's gettext (apt-get install gettext), to compile the translations."; exit 1; fi; }

.PHONY: messages
messages: $(VENV)/.runtime gettext ## Compile the translations (locale/*/LC_MESSAGES/django.po into .mo files)
	$(DEMO_ENV) $(BIN)/python manage.py compilemessages --ignore ".venv*" --verbosity 0

.PHONY: translations
translations: $(VENV)/.dev gettext ## Bring every locale/*/LC_MESSAGES/django.po up to the code's strings (then translate what is new)
	$(BIN)/python manage.py makemessages $(foreach language,es ca fr it pt de,-l $(language)) --no-obsolete \
	  --ignore ".venv*" --ignore staticfiles --ignore tests --ignore bench --ignore artifacts --ignore locale

.PHONY: test
test: $(VENV)/.dev chromium messages ## Run the whole test suite, browser tests included
	$(BIN)/pytest -n $(TEST_WORKERS) --maxprocesses 8 $(PYTEST_ARGS)

.PHONY: test-browser
test-browser: $(VENV)/.dev chromium ## Run only the browser tests
	$(BIN)/pytest tests/browser $(PYTEST_ARGS)

.PHONY: lint
lint: $(VENV)/.dev ## Check code with ruff (lint and format), and that our apps load in any order
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(if $(SKIP_APP_ORDER),,$(BIN)/python .ci/check_app_order.py)

.PHONY: format
format: $(VENV)/.dev ## Reformat code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: bench
bench: $(VENV)/.dev ## Benchmark pages under gunicorn with wrk (prints figures; BENCH_POSTGRES_URL=…_bench adds the catalogue and prepared statements on PostgreSQL)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	$(BIN)/python bench/pages.py --language es
	$(BIN)/python bench/places.py
	$(BIN)/python bench/map.py
	$(BIN)/python bench/seed.py
	$(BIN)/python bench/catalog.py
	$(if $(BENCH_POSTGRES_URL),$(BIN)/python bench/catalog.py --database-url $(BENCH_POSTGRES_URL))
	$(if $(BENCH_POSTGRES_URL),$(BIN)/python bench/statements.py --database-url $(BENCH_POSTGRES_URL))

.venv-bench/.done: requirements-bench.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r requirements-bench.txt
	touch $@

.PHONY: bench-load
bench-load: $(VENV)/.dev .venv-bench/.done ## Load test: PostgreSQL, Redis, 2 gunicorn servers, locust; 100,000 members, 200 users (LOAD_ARGS=...)
	@command -v redis-server >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; }
	$(BIN)/python bench/load.py $(LOAD_ARGS)

.PHONY: bench-faults
bench-faults: $(VENV)/.dev .venv-bench/.done ## Fault drills under 50 users: a worker killed, Redis, PostgreSQL, mail down (FAULTS_ARGS=...)
	@command -v redis-server >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; }
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

.PHONY: clean
clean: ## Remove the virtualenv, collected static files and test artifacts
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache
