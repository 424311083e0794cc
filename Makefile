# newsbrief — `make help` lists the targets.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HASH := $(shell cksum < pyproject.toml | cut -d' ' -f1)
CORE := $(VENV)/.core-$(HASH)
DEV := $(VENV)/.dev-$(HASH)
ARTICLES ?= articles
BRIEFS ?= briefs
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.DEFAULT_GOAL := help
.PHONY: help install brief test lint typecheck schemas cassettes bench screenshot clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(CORE): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	rm -f $(VENV)/.core-*; touch $@

$(DEV): $(CORE)
	@echo "installing test and local-model extras (llama.cpp compiles the first time: ~10 min on 2 cores)"
	$(BIN)/python -m pip install -q -e '.[dev,server]'
	rm -f $(VENV)/.dev-*; touch $@

install: $(DEV) ## create .venv and install newsbrief with its test and local-model extras

brief: $(CORE) ## write briefs/<stem>.json and .md for every article in articles/
	$(BIN)/newsbrief brief $(ARTICLES) --out $(BRIEFS) --format json,md

test: $(DEV) ## run the whole test suite, offline
	$(BIN)/python -m pytest -q

lint: $(DEV) ## ruff check and format check
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(DEV) ## mypy on src/
	$(BIN)/mypy

schemas: $(DEV) ## regenerate schemas/*.json from the Pydantic models
	$(BIN)/newsbrief schema --out schemas/brief.schema.json

cassettes: $(DEV) ## re-record cassettes/ against a local llama.cpp server (or OPENAI_BASE_URL)
	$(BIN)/python scripts/record_cassettes.py

bench: $(DEV) ## print the speed and memory table
	$(BIN)/python scripts/bench.py

screenshot: $(CORE) ## HTML views of sample 000 and of the story, screenshotted in headless Chromium (apt-get install chromium)
	$(BIN)/newsbrief brief $(ARTICLES)/000_b8189d02f5fd6099.txt --out build --format html --no-cache
	$(BIN)/newsbrief brief $(ARTICLES) --out build/briefs --format json
	$(BIN)/newsbrief merge build/briefs --out build/story.json
	$(BIN)/python scripts/screenshot.py build/000_b8189d02f5fd6099.html build/article.png
	$(BIN)/python scripts/screenshot.py build/story.html build/story.png
	@echo "screenshots: build/article.png build/story.png"

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
