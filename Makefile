# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1
PORT ?= 8000

.PHONY: install run test test-browser lint check clean bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@

install: $(BIN)/.installed

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_seed
	$(DEV_ENV) $(BIN)/python manage.py make_renditions
	$(DEV_ENV) $(BIN)/python manage.py create_demo_editor
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

test-browser: install
	$(BIN)/python -m pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Loads 100,000 articles into PostgreSQL (newsroom_bench) and measures pages with wrk.
bench: install
	bench/run

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
