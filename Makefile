# neopat: the two Quickstart targets are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
SEED_DEFAULT := $(abspath ../shared/seed/000_14622dd165a55419.txt)
export NEOPAT_SEED_FILE ?= $(if $(wildcard $(SEED_DEFAULT)),$(SEED_DEFAULT),)

.PHONY: run test lint venv chromium

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

venv: $(VENV)/.installed

# The main job: the reference scenario on the embedded defaults; prints a summary, writes results/.
run: venv
	$(VENV)/bin/neopat run kazakhstan --out results/kazakhstan.duckdb

# Debian's Chromium for the browser tests (never a downloaded browser); CI runs as root.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update && sudo apt-get install -y chromium; \
	  else echo "make: chromium is missing and neither root nor sudo can install it" >&2; exit 1; fi; }

# Everything the tests need, then the whole suite.
test: venv chromium
	$(PY) -m pytest -n 2

lint: venv
	$(VENV)/bin/ruff check src tests benchmarks
