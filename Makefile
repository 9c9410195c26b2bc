# The verbs a newcomer needs. Every target sets up what it needs first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# Off, so that visitors see the site's own error pages; `make run DEBUG=1` for Django's.
DEBUG ?= 0

.PHONY: run serve test test-sqlite test-postgres bench lint format setup browser translations messages migrate content static clean

run: setup migrate content static ## Set up and serve the portal with gunicorn on SQLite
	@$(MAKE) --no-print-directory serve

# How `make run` serves once set up (tests/core/test_multiworker.py starts the portal so).
# The workers share the development SECRET_KEY kept in var/secret_key (see settings.py).
serve:
	@echo "Diplomacy Portal: http://127.0.0.1:$(PORT)/"
	DEBUG=$(DEBUG) PORT=$(PORT) $(BIN)/gunicorn diplomacy_portal.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

# The two engines' runs share nothing (each has its own test database) and each uses one core, so
# they run side by side; each run's output is printed whole when it ends.
test: setup browser lint static ## Lint and run the whole test suite on SQLite and on PostgreSQL
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest

test-postgres:
	$(BIN)/python tests/with_postgres.py $(BIN)/pytest -p no:cacheprovider

# wrk (Debian's) drives the benchmark; bench/benchmark.py says what it measures. BENCH_ARGS, e.g.
# "--factors 0.1 --skip-load-test", are passed on. Results go to var/bench/.
bench: setup ## Benchmark gunicorn on SQLite at two data sizes, then load-test it on PostgreSQL
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/benchmark.py $(BENCH_ARGS)
	$(BIN)/python bench/benchmark_linker.py

lint: setup ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: $(VENV)/.installed translations

# The French and Arabic catalogues compiled (.mo files are not kept in git); msgfmt is Debian's gettext.
translations: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

# What makemessages reads: the portal's code and templates, not tests, benchmarks or collected files
# (tests/core/test_catalogues.py extracts with the same options to check the catalogues are current).
MESSAGE_OPTIONS := --ignore=staticfiles --ignore=var --ignore=tests --ignore=bench --ignore=fixtures \
	--add-location=file --no-obsolete

messages: setup ## Bring locale/{fr,ar}/LC_MESSAGES/*.po up to date with the strings in the code
	$(BIN)/python manage.py makemessages -l fr -l ar $(MESSAGE_OPTIONS)
	$(BIN)/python manage.py makemessages -d djangojs -l fr -l ar $(MESSAGE_OPTIONS)

# Debian's Chromium, which the browser tests in tests/e2e drive (Playwright's own is not used).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

migrate: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py generate_signing_key

content: migrate ## Add the content items not yet in the database, then rebuild the search index
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py rebuild_search_index

static: setup
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0

clean: ## Remove the virtual environment, the local database and collected static files
	rm -rf $(VENV) var staticfiles
