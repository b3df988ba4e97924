# cartnav — the commands a new engineer needs. `make demo` and `make test` are the two to know.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo test test-unit test-browser test-postgres bench lint messages mutation clean

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

## mutation: mutation testing of the pure grading core (mutmut; not in CI: tens of minutes a
## module, over an hour for all five on 2 cores). One module at a time, under nice, in a scratch copy under var/mutation/ holding
## only cartnav/clinical (and the vocabulary it reads) and tests/clinical: no Django, no database.
## Polars deadlocks in a forked copy of a process that has used it, so mutmut forks its workers
## from a fork server (process_isolation = forkserver). Prints each module's counts and score;
## `cd var/mutation/MODULE && ../../../.venv/bin/mutmut show NAME` shows a mutant.
##   make mutation MUTATION_MODULES="crs icans" MUTATION_JOBS=1
MUTATION_MODULES ?= crs icans hematotox easix tls
MUTATION_JOBS ?= 2
mutation: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,mutation]'
	@set -e; for module in $(MUTATION_MODULES); do \
	  dir=var/mutation/$$module; rm -rf $$dir; mkdir -p $$dir/cartnav $$dir/tests; \
	  cp cartnav/__init__.py $$dir/cartnav/; cp -r cartnav/clinical cartnav/eligibility $$dir/cartnav/; \
	  cp tests/__init__.py $$dir/tests/; cp -r tests/clinical $$dir/tests/; \
	  printf '%s\n' '[mutmut]' 'source_paths = cartnav' "only_mutate = cartnav/clinical/$$module.py" \
	    'pytest_add_cli_args_test_selection = tests/clinical' \
	    'pytest_add_cli_args = -p no:django -p no:xdist -p no:cacheprovider --hypothesis-seed=0' \
	    'process_isolation = forkserver' > $$dir/setup.cfg; \
	  printf '%s\n' '[pytest]' 'python_files = test_*.py' > $$dir/pytest.ini; \
	  echo "== mutation: cartnav/clinical/$$module.py"; \
	  (cd $$dir && nice -n 19 $(CURDIR)/$(BIN)/mutmut run --max-children $(MUTATION_JOBS) > run.log 2>&1) \
	    || { tail -20 $$dir/run.log; exit 1; }; \
	  (cd $$dir && $(CURDIR)/$(BIN)/mutmut results --all true > results.txt); \
	  awk -F': ' -v m=$$module '{n[$$2]++; t++} END {k=n["killed"]+n["timeout"]; s=t-n["skipped"]; \
	    printf "%s: %d mutants, %d killed, %d timeout, %d survived, %d no tests: score %.1f%%\n", \
	    m, t, n["killed"], n["timeout"], n["survived"], n["no tests"], (s ? 100*k/s : 0)}' $$dir/results.txt; \
	  grep -E ': (survived|no tests)$$' $$dir/results.txt || true; \
	done

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
