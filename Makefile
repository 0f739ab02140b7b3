# Key-project tracker: the two everyday commands are `make run` and `make test`.
#
#   make run          install into .venv, migrate, load the Puyang demo, print an admin
#                     login, serve http://127.0.0.1:8000 (and run the task worker)
#   make test         the whole test suite (PostgreSQL when installed, else SQLite);
#                     pytest arguments through ARGS, e.g. make test ARGS="-k stats -x"
#   make test-sqlite  the suite on SQLite even where PostgreSQL is installed
#   make bench        throughput of the busiest pages on 100,000 projects against the ceiling
#                     (../shared/bench harness; not part of make test; see scripts/bench)
#   make lint         ruff check + ruff format --check
#   make check        manage.py check + makemigrations --check
#   make setup        only install (.venv, Python packages, front-end assets)
#   make assets       only the front-end assets (npm, then scripts/copy-assets.js)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_SYSTEM ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

# Management commands that only inspect the code need some key when no .env provides one.
CHECK_ENV := SECRET_KEY="$${SECRET_KEY:-check-only-not-a-secret}"

.PHONY: help setup assets messages run admin-login test test-sqlite bench lint format check clean

help:
	@sed -n '2,14p' Makefile | sed 's/^# \{0,1\}//'

# --- installation ---------------------------------------------------------------------------

$(PY):
	@$(PYTHON_SYSTEM) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "ERROR: Python 3.11 or newer is required as '$(PYTHON_SYSTEM)';" \
	       "found: $$($(PYTHON_SYSTEM) --version 2>&1 || echo none)." >&2; \
	  echo "On Debian 12: apt-get install python3 python3-venv" \
	       "(or run: make PYTHON_SYSTEM=/path/to/python3.11 ...)" >&2; \
	  exit 1; }
	$(PYTHON_SYSTEM) -m venv $(VENV) || { \
	  echo "ERROR: could not create $(VENV); on Debian: apt-get install python3-venv" >&2; \
	  rm -rf $(VENV); exit 1; }

# Reinstall only when a requirements file changed since the last install.
$(VENV)/.requirements-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.requirements-installed assets messages

# Front-end packages (e.g. ECharts) come from npm; scripts/copy-assets.js copies the files the
# pages use into static/vendor/ (not committed). npm runs again only when package.json or the
# lock file changed (or node_modules/ is gone); nothing to install without a package.json.
ifneq ($(wildcard package.json),)
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json $(wildcard package-lock.json)
	@command -v npm >/dev/null || { echo "ERROR: npm is required for the front-end assets (apt-get install nodejs npm)" >&2; exit 1; }
	@if [ -f package-lock.json ]; then \
	  echo "npm ci --no-audit --no-fund"; npm ci --no-audit --no-fund; \
	else \
	  echo "npm install --no-audit --no-fund"; npm install --no-audit --no-fund; \
	fi
	@touch $@
endif

assets: $(NODE_STAMP)
	@if [ -f scripts/copy-assets.js ]; then \
	  echo "node scripts/copy-assets.js"; node scripts/copy-assets.js; \
	fi

# Compile translations when the project has .po files and gettext is installed.
messages: $(VENV)/.requirements-installed
	@if find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name '*.po' -print -quit | grep -q .; then \
	  if command -v msgfmt >/dev/null; then \
	    $(CHECK_ENV) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0; \
	  else \
	    echo "WARNING: gettext (msgfmt) is not installed: translations not compiled (apt-get install gettext)" >&2; \
	  fi; \
	fi

# --- running the site -----------------------------------------------------------------------

# A local .env with a fresh secret key and DEBUG on, written once; edit it freely afterwards.
.env: | $(PY)
	@echo "Writing .env (local development settings; see .env.example)"
	@{ \
	  echo "# Local development settings written by 'make run'. See .env.example for all variables."; \
	  echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	  echo "DEBUG=true"; \
	} > .env

# Create or reset the superuser `admin` with a new random password, and print it.
define ADMIN_LOGIN_PY
import secrets
from django.contrib.auth import get_user_model

User = get_user_model()
password = secrets.token_urlsafe(12)
user, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.com"})
user.is_staff = user.is_superuser = user.is_active = True
user.set_password(password)
user.save()
bar = "=" * 64
print(f"\n{bar}\n  Admin login (a new password on every 'make run'):\n")
print(f"    URL:       http://$(HOST):$(PORT)/admin/")
print("    username:  admin")
print(f"    password:  {password}")
print(f"\n{bar}\n")
endef
export ADMIN_LOGIN_PY

admin-login: $(VENV)/.requirements-installed
	@$(PY) manage.py shell --no-imports -c "$$ADMIN_LOGIN_PY"

run: setup .env
	$(PY) manage.py migrate --noinput
	@if $(PY) manage.py help load_demo >/dev/null 2>&1; then \
	  echo "$(PY) manage.py load_demo"; $(PY) manage.py load_demo; \
	else \
	  echo "WARNING: manage.py load_demo is not available yet: starting without demo data" >&2; \
	fi
	@$(MAKE) --no-print-directory admin-login
	@# The task worker beside the server: reminders' e-mail and chat messages and webhooks.
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# --- tests and checks -----------------------------------------------------------------------

test: setup
	scripts/run-tests $(ARGS)

test-sqlite: setup
	FORCE_SQLITE=1 scripts/run-tests $(ARGS)

bench: setup
	scripts/bench

lint: $(VENV)/.requirements-installed
	$(RUFF) check .
	$(RUFF) format --check .

# Reformat and autofix (not part of CI, which only checks).
format: $(VENV)/.requirements-installed
	$(RUFF) format .
	$(RUFF) check --fix .

check: $(VENV)/.requirements-installed
	$(CHECK_ENV) $(PY) manage.py check
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
