# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
XINFANG := $(VENV)/bin/xinfang
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck check pytest browser-deps demo bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required / 需要 Python 3.11 或更高版本") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(XINFANG) migrate --noinput
	$(XINFANG) demo
	$(XINFANG) serve $(HOST):$(PORT)

demo: $(VENV)/.installed
	$(XINFANG) migrate --noinput
	$(XINFANG) demo

# Debian's Chromium, Pango (WeasyPrint), a CJK font and pdftotext for the browser and PDF tests;
# installed when missing and this machine can (root with apt-get), otherwise the tests say what
# is missing.
SYSTEM_PACKAGES := chromium fonts-wqy-zenhei libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
browser-deps:
	@if { ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy \
	      || ! ldconfig -p | grep -q libpangoft2 || ! command -v pdftotext >/dev/null 2>&1; } \
	    && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing $(SYSTEM_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy xinfang
	$(VENV)/bin/lint-imports

check: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=xinfang.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=xinfang.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev browser-deps
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck check pytest

bench: $(VENV)/.installed-dev
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3* .pytest_cache .mypy_cache .ruff_cache
