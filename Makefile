# Two commands matter: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
VENDOR = server/static/vendor

.PHONY: demo test lint format bench vendor clean i18n-extract i18n-update i18n-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

# Browser libraries come from the npm registry (package-lock.json) and are copied, not committed.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/socket.io-client/dist/socket.io.esm.min.js $(VENDOR)/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/
	touch $@

vendor: $(VENDOR)/.installed

# make demo PORT=5001 PRINTER_PORT=9101: two demos side by side, or around a busy port.
PORT ?= 5000
PRINTER_PORT ?= 9100
demo: $(VENV)/.installed vendor
	ACCUEIL_DEMO_PRINTER_PORT=$(PRINTER_PORT) $(BIN)/accueil demo --port $(PORT)

# Two workers, whole files to one worker (a module's live server starts once); each worker has
# its own PostgreSQL and Redis database (tests/workers.py). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-test vendor
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

bench: $(VENV)/.installed-bench vendor
	$(BIN)/python -m bench

# Translations (gettext, kiosk/translations): extract the keys the code uses into messages.pot,
# merge them into every language's .po (new keys arrive empty: the coverage test lists them), then
# compile the .mo files the server reads. The .mo files are committed, so a fresh clone runs as is;
# tests/unit/test_translations.py fails when a .po changed without `make i18n-compile`.
I18N = kiosk/translations
i18n-extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k t -k tn:1,1 -k N_ -k N_plural:1,1 -k translate:2 -k translate_plural:2,2 --no-location --sort-output \
		--ignore-dirs "node_modules vendor .venv tests bench" --project Accueil -o $(I18N)/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(I18N)/messages.pot -d $(I18N) --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

i18n-compile: $(VENV)/.installed
	$(BIN)/pybabel compile -d $(I18N) --statistics

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance printouts
