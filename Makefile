# Quick start: `make demo` runs the product on the embedded defaults; `make test` runs the checks.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_USER ?= demo
DEMO_PASSWORD ?= demo-password

.PHONY: demo test lint typecheck pytest venv install install-dev env migrate clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

venv: $(VENV)/bin/activate
install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

env: $(VENV)/.installed
	$(PY) -m config.bootstrap_env

migrate: env
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_user --username $(DEMO_USER) --password $(DEMO_PASSWORD)
	@echo "Admin: http://$(HOST):$(PORT)/admin/  login: $(DEMO_USER) / $(DEMO_PASSWORD)"
	$(PY) manage.py run_demo --host $(HOST) --port $(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev env  # the django-stubs plugin loads the settings
	$(VENV)/bin/mypy

pytest: install-dev env
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
