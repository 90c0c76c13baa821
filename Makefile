# Maillage — the README's commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1:8000
# `make run` shows the platform as its users see it; `make run-debug` keeps Django's debug pages.
RUN_DEBUG ?= false

.PHONY: run run-debug test quality install chromium bench fix clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(PY_STAMP): requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(PY_STAMP) $(NPM_STAMP)

## Serve the platform with demo data on SQLite at http://127.0.0.1:8000, as its users see it
## (DEBUG off: French error pages; static and media files served by the application)
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_territories
	$(BIN)/python manage.py load_demo
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py runserver $(HOST)

## The same with Django's debug mode (tracebacks, the URL map on a 404): for developers
run-debug: RUN_DEBUG := true
run-debug: run

## Debian's chromium drives the browser tests; install it when it is missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installation de chromium (paquet Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }

## Run the whole suite (DATABASE_URL chooses the engine; SQLite by default)
## TEST_TIMEOUT=seconds stops a run that hangs (CI sets it).
test: install chromium
	$(if $(TEST_TIMEOUT),timeout --kill-after=30 $(TEST_TIMEOUT)) $(BIN)/pytest $(PYTEST_ARGS)

## Formatting, lint, templates, migrations, system checks and import boundaries
# (var/ holds the SQLite file whose migration history makemigrations reads.)
quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint --lint maillage/templates
	mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/lint-imports

fix: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Benchmarks: each prints its figures and the conditions
bench: install
	$(BIN)/python bench/import_territories.py
	$(BIN)/python bench/commune_search.py
	$(BIN)/python bench/perimeter_covering.py

## Re-lock the Python packages from PyPI alone, with hashes: no index or wheel folder of this
## machine is written into the locks (PIP_CONFIG_FILE=/dev/null ignores local pip settings).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --output-file=requirements/prod.txt pyproject.toml
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --extra=dev --output-file=requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
