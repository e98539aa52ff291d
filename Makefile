# Consortium Portal: the front door. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell scripts/find-python)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
export UV_PYTHON_DOWNLOADS := never
export UV_COMPILE_BYTECODE := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)

# What makemessages reads: the portal's code and templates, not the environment or the tests.
MESSAGES_ARGS := --locale=fr --locale=de --no-obsolete --add-location=file \
	--ignore=.venv --ignore=.tools --ignore=var --ignore=tests --ignore=bench --ignore=static

.PHONY: help install run worker test test-unit lint fmt messages bench audit clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV) ## Install Python and its packages from uv.lock into .venv (dev and bench groups too)
	$(UV) sync --frozen --group bench --python $(PYTHON)

run: install ## Run the portal in embedded mode on http://127.0.0.1:8000 with demo data, a worker and beat
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo "Mail is written to var/outbox/ (one file per message)."
	@LOG_LEVEL=WARNING $(VENV)/bin/celery -A portal worker --pool=solo & worker=$$!; \
	LOG_LEVEL=WARNING $(VENV)/bin/celery -A portal beat & beat=$$!; \
	trap 'kill $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: install ## Run the whole suite on PostgreSQL, Redis, a Celery worker, SMTP and Chromium
	scripts/ensure-services
	scripts/run-tests $(PYTEST_ARGS)

test-unit: install ## Run the unit tests only (tests/unit/pytest.ini: no Django, no services; seconds)
	$(VENV)/bin/pytest tests/unit $(PYTEST_ARGS)

lint: install ## ruff, formatting, mypy on the rules engine, migrations up to date
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict lots/rules.py
	$(MANAGE) makemigrations --check --dry-run

fmt: install ## Format the code and fix what ruff can fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The compiled catalogues (.mo) are committed beside the .po files: a fresh clone and the Docker
# image (which has no gettext) speak French and German without compiling anything;
# tests/integration/portal/test_translations.py checks that they match their .po.
messages: install ## Update locale/{fr,de}/LC_MESSAGES/django.po from the code and templates, then compile
	$(MANAGE) makemessages $(MESSAGES_ARGS)
	$(MANAGE) compilemessages --ignore=.venv --ignore=.tools

audit: install ## Audit the locked packages for known vulnerabilities (needs the PyPI/OSV advisory APIs)
	mkdir -p var
	$(UV) export --frozen --no-hashes --format requirements-txt > var/requirements-audit.txt
	$(UV) tool run pip-audit --requirement var/requirements-audit.txt --disable-pip --no-deps

bench: install ## Run the benchmarks in bench/ (on PostgreSQL and Redis; wrk for the HTTP one)
	scripts/ensure-services
	$(VENV)/bin/python bench/evaluate.py
	$(VENV)/bin/python bench/check_endpoint.py
	$(VENV)/bin/python bench/wizard_pages.py
	$(VENV)/bin/python bench/invitation_latency.py
	$(VENV)/bin/python bench/exports.py
	$(VENV)/bin/python bench/pdf.py
	$(VENV)/bin/python bench/faults.py
	$(VENV)/bin/python bench/directory_import.py

clean: ## Remove the environment and local data (var/)
	rm -rf $(VENV) .tools var
