# NerveCheck: `make run` to use it, `make test` to test it. Needs only python3 (3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DEMO_DB := demo-data/nervecheck.json

.PHONY: run test demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/nervecheck

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python -m engine.demo $(DEMO_DB) --days 120
	$(BIN)/nervecheck --db $(DEMO_DB)

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info demo-data
