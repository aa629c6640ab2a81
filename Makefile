# The two commands a new user needs are `make run` and `make test`; everything else is a step of them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
DHR := $(BIN)/dhr
CORPUS ?= corpus
DHRS ?= 300
SEED ?= 42
export DHR_DB ?= warehouse/dhr.duckdb

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

# Installs the exact versions CI tested, checked by hash (requirements.lock), then the project itself.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock: ## Refresh requirements.lock from pyproject.toml (after changing a dependency), then run make test
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv>=0.5,<1"
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --no-header --quiet -o $(LOCK)

install: $(STAMP) ## Create or update .venv and install the project

corpus: $(STAMP) ## Generate a synthetic sample corpus, only if there is none
	@if [ -z "$$(ls -A $(CORPUS) 2>/dev/null)" ]; then \
		$(DHR) synth --dhrs $(DHRS) --seed $(SEED) --out $(CORPUS); \
	else echo "corpus: $(CORPUS)/ exists, reusing it"; fi

warehouse: corpus ## Ingest the corpus and build the warehouse with dbt (skipped when nothing changed)
	$(DHR) ingest $(CORPUS)
	$(DHR) build --if-stale

run: warehouse ## Install, make a corpus if none, ingest, build, and serve the dashboards on :8501
	$(DHR) users demo
	$(DHR) serve --port 8501

screenshots: $(STAMP) browser-deps ## Regenerate docs/screenshots/ (every page at 1400 and 1024 px) from the browser test
	DHR_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/dashboards/test_browser.py -k every_page_renders
	DHR_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/dashboards/test_browser_send_forms.py

browser-deps: ## Debian's chromium for the real-browser tests
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Both cores, one test file per worker at a time (--dist loadfile), in the order tests/conftest.py
# gives (--no-loadscope-reorder), so a module's own build fixture
# is made once; the session's synthetic warehouse is built once per worker.
test: $(STAMP) browser-deps ## Create or update .venv, install, and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

check: $(STAMP) ## The edit loop (under 3 minutes): ruff, dbt parse, and the light tests on both cores
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/dbt parse --quiet --profiles-dir . --target-path target/check --log-path logs
	$(BIN)/python -m pytest -q -n 2 -m "not slow and not browser and not apptest and not heavy"

bench: $(STAMP) ## Benchmark ingest, build, dashboards at BENCH_SCALES DHRs (default 2000,20000; not part of test)
	$(BIN)/python -m bench.run

bench-quick: $(STAMP) ## Smoke run at BENCH_QUICK_DHRS (default 50) DHRs; results go to bench/work/quick/
	BENCH_QUICK=1 BENCH_OUT=$${BENCH_OUT:-bench/work/quick} $(BIN)/python -m bench.run

lint: $(STAMP) ## ruff: lint and format check (`ruff format .` formats)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean: ## Remove the generated warehouse and corpus
	rm -rf warehouse $(CORPUS) target logs

.PHONY: help install lock corpus warehouse run browser-deps screenshots test check bench bench-quick lint clean
