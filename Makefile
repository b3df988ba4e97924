# cartnav — the commands a new engineer needs. `make demo` and `make test` are the two to know.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo test test-unit test-browser test-postgres bench lint messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: install, migrate the SQLite database under var/, load the demo data, serve :8000
demo: $(STAMP)
	CARTNAV_DEMO=1 $(BIN)/cartnav demo --port $(PORT)

## test: install and run every test (the browser tests too when Chromium is installed)
test: $(STAMP) test-unit
	@if [ -x /usr/bin/chromium ]; then $(MAKE) --no-print-directory test-browser; \
	else echo "Browser tests NOT run: /usr/bin/chromium is missing (apt-get install chromium), then: make test-browser"; fi

test-unit: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest -n 2

test-browser: $(STAMP)
	$(BIN)/pytest -m browser -p no:xdist tests/browser

test-postgres: $(STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(BIN)/pytest -n 2

## bench: every benchmark under bench/ (each prints its workload, median and ratio to its baseline)
bench: $(STAMP)
	@for script in bench/bench_*.py bench/eligibility_quality.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m cartnav.core.lint_access

## messages: extract translatable strings and compile the Chinese catalogue
messages: $(STAMP)
	cd cartnav && ../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --settings=cartnav.settings --pythonpath=.. -i "eligibility/*"
	$(BIN)/python tools/fill_zh.py
	cd cartnav && ../$(BIN)/django-admin compilemessages -l zh_Hans --settings=cartnav.settings --pythonpath=..

clean:
	rm -rf $(VENV) var build *.egg-info
