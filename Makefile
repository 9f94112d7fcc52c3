# Front door of the project: `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-deps
YEAR ?= 2021

.DEFAULT_GOAL := help
.PHONY: help setup system-deps test test-fast lint format report reports summary bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,engines]'
	touch $@

$(SYSTEM_STAMP): scripts/install-system-deps.sh | $(STAMP)
	scripts/install-system-deps.sh
	touch $@

setup: $(STAMP) $(SYSTEM_STAMP) ## Create .venv with the package and install chromium, poppler and fonts if missing

system-deps: $(SYSTEM_STAMP) ## Install the Debian packages the report needs (chromium, poppler-utils, fonts)

test: setup ## Run the whole test suite (unit, backtest, end-to-end, doctests)
	$(BIN)/python -m pytest

test-fast: setup ## Run the unit tests, back-tests and doctests (under a minute; fewer random dossier exports)
	TTHC_PROPERTY_EXAMPLES=6 $(BIN)/python -m pytest tests/unit tests/backtest tthc_analysis

lint: setup ## Check the code with ruff (lint rules and formatting)
	$(BIN)/ruff check tthc_analysis tests bench scripts
	$(BIN)/ruff format --check tthc_analysis tests bench scripts

format: setup ## Format the code with ruff and apply its safe fixes
	$(BIN)/ruff check --fix tthc_analysis tests bench scripts
	$(BIN)/ruff format tthc_analysis tests bench scripts

report: setup ## Render the report for YEAR (default 2021) into reports/YEAR/
	$(BIN)/tthc report --year $(YEAR)

reports: setup ## Render every year of data/ into reports/<year>/ and the index reports/index.html
	$(BIN)/tthc report --all

summary: setup ## Print Section I and the ranking for YEAR
	$(BIN)/tthc summary data/$(YEAR)/scores.csv

bench: setup ## Print the benchmark figures (a)-(d) of the README's performance section (several minutes)
	$(BIN)/python bench/run.py

clean: ## Remove the virtual environment and rendered reports
	rm -rf $(VENV) reports/*/ reports/index.html .pytest_cache
