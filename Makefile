# NerveCheck: `make run` to use it, `make test` to test it. Needs only python3 (3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One editable install (with the test extras) serves run, demo, test and bench, so
# edits to engine/, tui/ and content/ take effect at once, and `nervecheck content
# check` checks the files being edited. The stamp is named for the kind of install,
# so a venv left by the old non-editable `make run` is reinstalled, not trusted.
STAMP := $(VENV)/.installed-editable
DEMO_DB := demo-data/nervecheck.json

.PHONY: run test demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(STAMP)
	$(BIN)/nervecheck

test: $(STAMP)
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python -m engine.demo $(DEMO_DB) --days 120
	$(BIN)/nervecheck --db $(DEMO_DB)

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info demo-data
