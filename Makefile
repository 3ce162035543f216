# Sesiones — the two commands: `make run` (the app with the demo council) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install prereqs lint format bench loadtest wrk messages screenshots thumbnails clean

prereqs:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Se necesita Python 3.11 o superior ($(PYTHON) es $$($(PYTHON) --version 2>&1))."; exit 1; }
	@command -v npm >/dev/null || { echo "Falta Node.js 18+ con npm (Debian: apt-get install nodejs npm)."; exit 1; }
	@node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)' || \
		{ echo "Se necesita Node.js 18 o superior."; exit 1; }
	@{ ldconfig -p 2>/dev/null | grep -q libpango-1.0; } || \
		{ echo "Faltan las bibliotecas Pango de WeasyPrint (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)."; exit 1; }

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints.txt | prereqs
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt -c constraints.txt
	@touch $@

node_modules/.installed: package.json package-lock.json | prereqs
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/.installed node_modules/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The README's screenshots (docs/screenshots/), retaken by the browser journeys; needs Chromium.
screenshots: install
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -q

# The README's thumbnails of the documents (docs/screenshots/documento-*.png), the first page of each, from the
# demo (loaded into the configured database); needs pdftoppm (poppler-utils).
thumbnails: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py document_thumbnails

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

# Performance (not part of `make test`): PostgreSQL at 127.0.0.1:5432 (user postgres) and, preferably, Redis.
wrk:
	@command -v wrk >/dev/null || { echo "Instalando wrk (Debian)…"; apt-get install -y -q wrk >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } || \
		{ echo "No se pudo instalar wrk: apt-get install wrk"; exit 1; }; }

bench: install wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)

loadtest: install wrk
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
