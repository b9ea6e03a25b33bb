# The two commands in README.md: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_CASES ?= 500
PO_FILES := $(wildcard coalition/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test install translations lint check-deploy messages

run: install translations
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py seed_demo --cases $(DEMO_CASES)
	@DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py demo_logins
	DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# One worker per core (pytest-xdist), each with its own database and Redis (tests/workers.py).
TEST_WORKERS ?= auto
test: install translations
	$(PY) -m pytest -p tests.workers -n $(TEST_WORKERS) --maxprocesses 4 $(PYTEST_ARGS)

install: $(VENV)/.installed

# Reinstalls only when pyproject.toml changes, so a second `make run` starts in seconds.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

translations: install $(MO_FILES)

# Django's compilemessages needs GNU gettext; without it, polib (a dev dependency) does the same.
%.mo: %.po
	@if command -v msgfmt >/dev/null 2>&1; then msgfmt --check-format -o $@ $<; \
	else $(PY) -c 'import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@; fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check-deploy: install
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=cases.example.org \
	  FIELD_ENCRYPTION_KEYS=$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') \
	  IDENTIFIER_HASH_KEY=$$(head -c 32 /dev/urandom | base64) \
	  ACCESS_LOG_SEAL_KEY=$$(head -c 32 /dev/urandom | base64) \
	  $(PY) manage.py check --deploy --fail-level WARNING

# After changing user-facing text: refresh the Urdu catalogue, then translate the new entries.
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l ur --no-location \
	  --ignore '.venv/*' --ignore 'static/*' --ignore 'tests/*' --ignore 'bench/*'
