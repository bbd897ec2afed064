# Alongside — the commands every clone has. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint bench load install clean-venv messages

$(BIN)/python:
	@echo "==> Creating virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "==> Installing Alongside and its development tools (first run takes a minute)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@bin/run-demo $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# Performance (docs/performance.md): server time of the hot pages at the "large" scale, on
# SQLite, or on PostgreSQL when DATABASE_URL is set (it uses the database alongside_bench
# there). Seeds var/bench/ first, or reuses it. BENCH_ARGS e.g. "--requests 200 --reseed".
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# 50 users against gunicorn on loopback for LOAD_ARGS "--duration 2m" (the default), then
# every acknowledged write checked in the database and the workers' memory read.
load: $(STAMP)
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# Translations (Spanish): refresh the catalogs from the source, then compile them. The .po and
# the compiled .mo files are both committed, so a fresh machine needs no GNU gettext; a test
# checks that each .mo matches its .po. Needs GNU gettext here (apt-get install gettext).
MAKEMESSAGES := makemessages -l es --no-location
messages: $(STAMP)
	cd alongside/portal && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/notifications && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES) -e html,txt,subject,py
	cd alongside/assessments && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/safetyplans && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/plans && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/signins && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/consent && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/myrecord && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/pathways && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/groups && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	cd alongside/worksheets && ../../$(BIN)/python ../../manage.py $(MAKEMESSAGES)
	$(BIN)/python manage.py $(MAKEMESSAGES) -i "alongside/*" -i ".venv/*" -i "var/*" \
		-i "test-artifacts/*" -i "config/*" -i "docs/*" -i "bin/*"
	$(BIN)/python manage.py compilemessages -l es -i .venv

clean-venv:
	rm -rf $(VENV)
