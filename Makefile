# neopat: the two Quickstart targets are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
SEED_DEFAULT := $(abspath ../shared/seed/000_14622dd165a55419.txt)
export NEOPAT_SEED_FILE ?= $(if $(wildcard $(SEED_DEFAULT)),$(SEED_DEFAULT),)

.PHONY: run test lint venv

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

venv: $(VENV)/.installed

# The main job: the reference scenario on the embedded defaults; prints a summary, writes results/.
run: venv
	$(VENV)/bin/neopat run kazakhstan --out results/kazakhstan.duckdb

# Everything the tests need, then the whole suite.
test: venv
	$(PY) -m pytest -n 2

lint: venv
	$(VENV)/bin/ruff check src tests benchmarks
