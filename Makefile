# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1
PORT ?= 8000

.PHONY: install run test test-browser lint check clean bench varnish

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
	$(DEV_ENV) NEWSROOM_WIRE_FOLDERS=$(CURDIR)/articles/seed/wire $(BIN)/python manage.py ingest \
		--file articles/seed/wire/nato-ministers-ninjs.json --organization reuters --section world \
		--no-progress
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

# Varnish with the repo's VCL on 127.0.0.1:6081 in front of `make run` (PORT), until Ctrl-C.
# Start the site with VARNISH_PURGE_URLS=http://127.0.0.1:6081 so that saves purge it.
VARNISH_DIR ?= /tmp/newsroom-varnish
varnish:
	mkdir -p $(VARNISH_DIR) && chmod 755 $(VARNISH_DIR)
	sed 's/\.port = "8000";/.port = "$(PORT)";/' deploy/varnish/newsroom.vcl > $(VARNISH_DIR)/newsroom.vcl
	chmod 644 $(VARNISH_DIR)/newsroom.vcl
	varnishd -F -n $(VARNISH_DIR)/state -a 127.0.0.1:6081 -T none -f $(VARNISH_DIR)/newsroom.vcl -s malloc,256m

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
